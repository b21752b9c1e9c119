import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { judgeEdge, spread, verify, type Seen } from '../../src/edge/verify.js'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { FakeClock } from '../__fixtures__/sim.js'
import { hostileApi, type Hostile } from '../__fixtures__/hostile.js'
import { fetchThroughEdge } from '../../src/edge/fetch.js'
import { range, type Emulator } from '../__fixtures__/helpers.js'

const NOW = Date.parse('2026-11-29T12:00:00Z')
const seen = (status: string, age?: number | string): Seen => ({
  status,
  age: age === undefined ? undefined : String(age),
  at: NOW
})

describe('judgeEdge', () => {
  const purgedAt = NOW - 10_000
  it.each([
    [seen('MISS'), 'purged'],
    [seen('EXPIRED'), 'purged'],
    [seen('REVALIDATED'), 'purged'],
    [seen('HIT', 5), 'refilled'],
    [seen('HIT', 3600), 'stale'],
    [seen('DYNAMIC'), 'not cached'],
    [seen('BYPASS'), 'not cached'],
    [seen(''), 'not through Cloudflare'],
    [seen('UPDATING'), 'stale']
  ])('%j after a purge -> %s', (answer, verdict) =>
    expect(judgeEdge(answer, purgedAt, 'purge').verdict).toBe(verdict)
  )

  it('calls UPDATING revalidating after an invalidation, where stale-while-revalidate applies', () => {
    expect(judgeEdge(seen('UPDATING'), purgedAt, 'invalidate').verdict).toBe('revalidating')
  })

  it('forgives two seconds of clock difference between runner and edge', () => {
    expect(judgeEdge(seen('HIT', 11), purgedAt, 'purge').verdict).toBe('refilled')
    expect(judgeEdge(seen('HIT', 13), purgedAt, 'purge').verdict).toBe('stale')
  })
})

describe('the Age of a HIT', () => {
  const purgedAt = NOW - 10_000
  const judged = (age: string | undefined) => judgeEdge(seen('HIT', age), purgedAt, 'purge')

  it.each([
    [undefined, 'HIT without an Age header: cannot tell when it was cached'],
    [
      '-5',
      'HIT with an Age of "-5", not a whole number of seconds: cannot tell when it was cached'
    ],
    [
      'abc',
      'HIT with an Age of "abc", not a whole number of seconds: cannot tell when it was cached'
    ],
    [
      '3600.5',
      'HIT with an Age of "3600.5", not a whole number of seconds: cannot tell when it was cached'
    ],
    ['', 'HIT with an empty Age header: cannot tell when it was cached'],
    ['1, 2', 'HIT with more than one Age header ("1, 2"): cannot tell when it was cached']
  ])('Age %j is "could not check", never "refilled"', (age, detail) => {
    expect(judged(age)).toEqual({ verdict: 'could not check', detail })
  })

  it('is stale when it reaches before the purge, however large (RFC 9111 caps it at 2^31)', () => {
    expect(judged('99999999999')).toEqual({
      verdict: 'stale',
      detail: 'cached 2147483648 s ago, before the purge (HIT)'
    })
    expect(judged('9'.repeat(400)).verdict).toBe('stale')
    expect(judged('3600').verdict).toBe('stale')
    expect(judged('0').verdict).toBe('refilled')
    expect(judged('0005').verdict).toBe('refilled')
  })

  it('quotes an odd Age short and on one line', () => {
    expect(judged(`${'x'.repeat(500)}\n::error::x`).detail).toBe(
      `HIT with an Age of "${'x'.repeat(20)}...", not a whole number of seconds: cannot tell when it was cached`
    )
  })
})

describe('fetchThroughEdge and the Age an edge sends', () => {
  let edge: Hostile
  const ages: Record<string, string | string[] | undefined> = {
    '/young': '5',
    '/huge': '99999999999',
    '/none': undefined,
    '/negative': '-5',
    '/word': 'abc',
    '/fraction': '3600.5',
    '/two': ['1', '2']
  }
  beforeAll(async () => {
    edge = await hostileApi((req, res) => {
      const age = ages[new URL(req.url ?? '/', 'http://x').pathname]
      res.setHeader('cf-cache-status', 'HIT')
      if (age !== undefined) res.setHeader('age', age)
      res.end('page')
    })
  })
  afterAll(() => edge.close())

  it.each([
    ['/young', 'refilled', 5],
    ['/huge', 'stale', 2147483648],
    ['/none', 'could not check', undefined],
    ['/negative', 'could not check', undefined],
    ['/word', 'could not check', undefined],
    ['/fraction', 'could not check', undefined],
    ['/two', 'could not check', undefined]
  ])('a HIT from %s is %s', async (path, verdict, age) => {
    const clock = new FakeClock()
    const [check] = await clock.run(
      verify([{ item: `https://www.example.com${path}`, purgedAt: Date.now() - 10_000 }], {
        mode: 'purge',
        deadline: 60_000,
        clock,
        fetchEdge: fetchThroughEdge('test-agent', new URL(edge.apiUrl).origin)
      })
    )
    expect([check!.verdict, check!.age]).toEqual([verdict, age])
  })
})

describe('spread', () => {
  it('picks evenly, first and last included, not the first N', () => {
    expect(spread(range(100, String), 5)).toEqual(['0', '25', '50', '74', '99'])
    expect(spread(['a', 'b'], 5)).toEqual(['a', 'b'])
  })
})

describe('verify', () => {
  it('looks again at a stale answer before calling it stale, and counts a failure as unchecked', async () => {
    const clock = new FakeClock()
    const answers: Record<string, Seen[]> = {
      'https://a/': [seen('HIT', 3600), seen('MISS')],
      'https://b/': [seen('HIT', 3600), seen('HIT', 3601), seen('HIT', 3602), seen('HIT', 3603)]
    }
    const checks = await clock.run(
      verify(
        ['https://a/', 'https://b/', 'https://c/'].map((item) => ({ item, purgedAt: NOW - 1000 })),
        {
          mode: 'purge',
          deadline: 60_000,
          clock,
          fetchEdge: async (url) => {
            const next = answers[url]?.shift()
            if (next === undefined) throw new Error('ECONNREFUSED')
            return next
          }
        }
      )
    )
    expect(checks.map((c) => [c.url, c.verdict, c.attempts])).toEqual([
      ['https://a/', 'purged', 2],
      ['https://b/', 'stale', 4],
      ['https://c/', 'could not check', 1]
    ])
  })
})

describe('verification against the emulator edge (dist/index.js)', () => {
  let api: Emulator
  const urls = range(20, (i) => `https://www.example.com/page/${i}`)
  const STALE = urls[13]!
  beforeAll(async () => {
    api = await startEmulator()
  })
  afterAll(() => api.close())
  beforeEach(() => {
    api.state.edgeRequests = 0
  })
  const run = (inputs: Record<string, string>) =>
    runAction(
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.id,
        api_url: api.apiUrl,
        urls: urls.join('\n'),
        ...inputs
      },
      { env: { CLOUDFLARE_PURGE_EDGE_URL: api.edgeUrl } }
    )

  it('with verify: fail, fails naming exactly the URL the edge keeps stale', async () => {
    api.keepStale(STALE)
    const result = await run({ verify: 'fail' })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      new RegExp(
        `::error title=Stale at the edge::1 URL\\(s\\) still stale at the edge after the purge: ${STALE.replace(/[./]/g, '\\$&')}\\. `
      )
    )
    expect(JSON.parse(result.outputs.verified!)).toEqual({ stale: 1, purged: 19 })
    expect(result.summary).toContain('### Checked at the edge')
    expect(result.outputs.purged_count).toBe('20')
  }, 30_000)

  it('with verify: warn, passes with one warning', async () => {
    const result = await run({ verify: 'warn' })
    expect(result.code).toBe(0)
    const warnings = result.stdout.split('\n').filter((l) => l.startsWith('::warning'))
    expect(warnings).toEqual([expect.stringContaining(`${STALE} is still stale at the edge`)])
  }, 30_000)

  it('with verify off (the default), requests nothing from the edge', async () => {
    const result = await run({})
    expect(result.code).toBe(0)
    expect(api.state.edgeRequests).toBe(0)
    expect(result.outputs.verified).toBe('{}')
  })

  it('checks verify_urls after a tag purge', async () => {
    const result = await runAction(
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.id,
        api_url: api.apiUrl,
        tags: 'all',
        verify: 'fail',
        verify_urls: 'https://www.example.com/tagged/1'
      },
      { env: { CLOUDFLARE_PURGE_EDGE_URL: api.edgeUrl } }
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs.verified!)).toEqual({ purged: 1 })
  })
})
