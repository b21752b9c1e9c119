/**
 * The hardening issue's classes, each against a fake API that misbehaves: a refused
 * purge-everything, zero waits, hostile ids and messages, endless bodies, blanket 400s, echoed
 * secrets. Most run the bundled action the way the runner does.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { gzipSync } from 'node:zlib'
import { callApi, MAX_BODY_BYTES } from '../../src/cloudflare/client.js'
import { runAction } from '../../scripts/run-action.js'
import { hostileApi, json, ok, refusal, type Hostile } from '../__fixtures__/hostile.js'
import { range } from '../__fixtures__/helpers.js'

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353'
const TOKEN = 'hardening-token-0123456789abcdefghijkl'

let api: Hostile | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction({ token: TOKEN, zone: ZONE, api_url: api!.apiUrl, ...inputs }, { env })

/** Lines of stdout that the runner would read as workflow commands we did not write. */
const foreignCommands = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('::'))
    .filter(
      (line) =>
        !/^::(add-mask|error|warning|notice|debug|group|endgroup)::|^::(error|warning|notice) title=/.test(
          line
        )
    )

describe('a refused purge-everything is never a success', () => {
  it.each([
    [
      'a 400 with a code that names no item',
      (res: Parameters<typeof json>[0]) => json(res, 400, refusal(1001, 'Request refused'))
    ],
    [
      'an HTML 400 from a proxy',
      (res: Parameters<typeof json>[0]) => {
        res.writeHead(400, { 'content-type': 'text/html' })
        res.end('<html><body>400 Bad Request</body></html>')
      }
    ]
  ])('fails the step on %s, zone and environment alike', async (_, answer) => {
    api = await hostileApi((_req, res) => answer(res))
    for (const environment of ['', '7c5dae5552338874e5053f2534d2767a']) {
      const result = await run({ purge_everything: 'true', environment })
      expect(result.code).toBe(1)
      expect(result.outputs.purged_count).toBe('0')
      expect(result.summary).toContain('❌')
      expect(result.summary).not.toContain('✅')
      expect(result.stdout).toContain('Purged 0 of 1 item(s)')
    }
  })
})

describe('a zero or malformed wait is no request storm', () => {
  it.each([
    [{ 'retry-after': '0' }],
    [{ 'retry-after': '-5' }],
    [{ 'retry-after-ms': '', 'retry-after': '1' }],
    [{ 'retry-after-ms': 'soon' }]
  ])('sends a bounded number of requests for %j', async (headers) => {
    api = await hostileApi((_req, res) =>
      json(res, 429, refusal(1134, 'Unable to purge, rate limit reached'), headers)
    )
    const result = await run({ tags: 'a', timeout: '4' })
    expect(result.code).toBe(1)
    // About 600 a second before the fix; a floor on every wait and a bound on 429s in a row now.
    expect(api.requests.length).toBeLessThanOrEqual(45)
    expect(result.outputs.error_codes).toBe('1134')
    expect(result.stdout).not.toMatch(/wait 0 s/)
  })
})

describe('values from the API are checked before use and escaped before they are logged', () => {
  it('drops a purge id that carries workflow commands', async () => {
    api = await hostileApi((_req, res) =>
      json(res, 200, ok('abc\n::error::forged\n::add-mask::x\n::stop-commands::t'))
    )
    const result = await run({ tags: 'a' })
    expect(result.code).toBe(0)
    expect(foreignCommands(result.stdout)).toEqual([])
    expect(result.stdout).not.toContain('::stop-commands::')
    expect(result.outputs.purge_id).toBe('')
    expect(result.stdout).toContain('not 32 hex characters')
  })

  it('refuses a zone id that is not 32 hex characters from the lookup', async () => {
    api = await hostileApi((req, res) => {
      if (req.method === 'GET')
        return json(res, 200, {
          success: true,
          errors: [],
          result: [{ id: '..', name: 'example.com', status: 'active' }]
        })
      json(res, 200, ok())
    })
    const result = await run({ zone: 'example.com', tags: 'a' })
    expect(result.code).toBe(1)
    expect(api.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(result.stdout).toContain('not 32 hex characters')
  })

  it('keeps an error message with newlines and commands on one line of its own', async () => {
    api = await hostileApi((_req, res) =>
      json(
        res,
        403,
        refusal(10000, 'Authentication error\n::error::forged\r\n::set-output name=x::y')
      )
    )
    const result = await run({ tags: 'a' })
    expect(result.code).toBe(1)
    expect(foreignCommands(result.stdout)).toEqual([])
    // Once where the zone's name could not be read, once in the annotation: each on one line.
    const said = result.stdout.split('\n').filter((l) => l.includes('forged'))
    expect(said).toHaveLength(2)
    expect(said[0]).toMatch(
      /^Zone [0-9a-f]{32}: its name cannot be read \(Cloudflare API error 10000: Authentication error ::error::forged {2}::set-output name=x::y \(HTTP 403\)\)/
    )
  })

  it('picks the active one of two zones of the same name', async () => {
    api = await hostileApi((req, res) => {
      if (req.method !== 'GET') return json(res, 200, ok())
      json(res, 200, {
        success: true,
        errors: [],
        result: [
          { id: 'a'.repeat(32), name: 'example.com', status: 'pending' },
          { id: 'b'.repeat(32), name: 'example.com', status: 'active' }
        ]
      })
    })
    const picked = await run({ zone: 'example.com', tags: 'a' })
    expect(picked.code).toBe(0)
    expect(picked.outputs.zone_id).toBe('b'.repeat(32))
  })
})

describe('answers are read within bounds', () => {
  const config = {
    apiUrl: '',
    token: TOKEN,
    userAgent: 'test'
  }
  const request = { method: 'POST' as const, path: '/zones/x/purge_cache', body: { tags: ['a'] } }

  it('stops reading an endless body', async () => {
    api = await hostileApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    })
    const reply = await callApi({ ...config, apiUrl: api.apiUrl }, request, 10_000)
    expect(reply).toMatchObject({ type: 'garbled', detail: expect.stringContaining('larger than') })
  })

  it('counts a gzip body by its inflated size', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES * 8, 0x20))
    api = await hostileApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(bomb)
    })
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES / 10)
    const reply = await callApi({ ...config, apiUrl: api.apiUrl }, request, 10_000)
    expect(reply).toMatchObject({ type: 'garbled', detail: expect.stringContaining('larger than') })
  })
})

describe('a 400 that names no item does not split a list to single items', () => {
  it('stops the kind after a few requests when every request is refused', async () => {
    api = await hostileApi((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/html' })
      res.end('<html><body>Request blocked by the firewall</body></html>')
    })
    const urls = range(1000, (i) => `https://www.example.com/${i}`)
    const result = await run({ urls: urls.join('\n') })
    expect(result.code).toBe(1)
    // About 2,000 requests before the fix.
    expect(api.requests.length).toBeLessThanOrEqual(30)
    expect(result.stdout).not.toContain('the rest was purged')
    expect(result.stdout).toContain('Purged 0 of 1,000 item(s)')
    expect(result.outputs.purged_count).toBe('0')
  })

  it('rejects an item the error names, and purges the rest without splitting', async () => {
    const bad = 'https://www.example.com/bad-url'
    api = await hostileApi((req, res, body) => {
      // The zone's lookup: a token that may not read it.
      if (req.method === 'GET') return json(res, 403, refusal(9109, 'Unauthorized'))
      const files = (JSON.parse(body) as { files: string[] }).files
      if (files.includes(bad)) return json(res, 400, refusal(1016, `Invalid url: ${bad}`))
      json(res, 200, ok())
    })
    const urls = [...range(50, (i) => `https://www.example.com/${i}`), bad]
    const result = await run({ urls: urls.join('\n') })
    expect(result.code).toBe(1)
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(2)
    expect(JSON.parse(result.outputs.not_purged!)).toEqual([
      { kind: 'files', item: bad, reason: 'rejected', code: 1016, message: `Invalid url: ${bad}` }
    ])
    expect(result.outputs.purged_count).toBe('50')
  })
})

describe('secrets echoed by the API', () => {
  it('are taken out of the outputs, the summary, the annotation and the log', async () => {
    api = await hostileApi((_req, res) =>
      json(res, 400, refusal(1016, `Invalid url: token ${TOKEN} is not allowed here`))
    )
    const result = await run({ urls: 'https://www.example.com/only-one' })
    expect(result.code).toBe(1)
    const log = result.stdout.replace(`::add-mask::${TOKEN}\n`, '')
    for (const text of [log, result.summary, ...Object.values(result.outputs)])
      expect(text).not.toContain(TOKEN)
    expect(result.outputs.not_purged).toContain('***')
  })
})

describe('what a user sees while it retries', () => {
  it('logs the reason of a retry at info level, once per reason and batch', async () => {
    let calls = 0
    api = await hostileApi((req, res) => {
      if (req.method === 'GET') return json(res, 403, refusal(9109, 'Unauthorized'))
      if (++calls <= 3) return json(res, 503, refusal(10001, 'Service temporarily unavailable'))
      json(res, 200, ok())
    })
    const result = await run({ tags: 'a' })
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n').filter((l) => l.includes('Retrying'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('Service temporarily unavailable')
    expect(lines[0]).not.toMatch(/^::debug::/)
  })

  it('gives Zone Read advice only for 9109, and one wording for an API out of reach', async () => {
    api = await hostileApi((_req, res) => json(res, 403, refusal(10000, 'Authentication error')))
    const wrong = await run({ zone: 'example.com', tags: 'a' })
    expect(wrong.code).toBe(1)
    expect(wrong.stdout).not.toContain('Zone Read')
    await api.close()
    const url = api.apiUrl
    api = undefined
    const unreachable = await runAction(
      { token: TOKEN, zone: 'example.com', tags: 'a', api_url: url, timeout: '3' },
      {}
    )
    expect(unreachable.stdout).toContain('could not reach the Cloudflare API (ECONNREFUSED)')
  })
})

describe('a zone whose lookup never answers', () => {
  it('costs its own bound, not the timeout: the zone that answers is purged, the other reported', async () => {
    api = await hostileApi((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname.endsWith('/zones') && url.searchParams.get('name') === 'hang.example')
        return undefined // never answers
      if (url.pathname.endsWith('/zones'))
        return json(res, 200, {
          success: true,
          errors: [],
          messages: [],
          result: [{ id: ZONE, name: 'example.com', status: 'active' }]
        })
      json(res, 200, ok())
    })
    // A timeout of 8 s: each lookup gets at most a quarter of it, 2 s.
    const result = await run({ zone: 'hang.example, example.com', tags: 'release-7', timeout: '8' })
    expect(result.code).toBe(1)
    const purges = api.requests.filter((r) => r.method === 'POST')
    expect(purges.map((r) => [r.path, r.body])).toEqual([
      [`/client/v4/zones/${ZONE}/purge_cache`, '{"tags":["release-7"]}']
    ])
    expect(result.stdout).toMatch(
      /::error title=[^:]*zone hang\.example[^:]*::Zone hang\.example: Timed out looking up the zone "hang\.example": no answer within 2 s, the most one zone lookup may take/
    )
    const zones = JSON.parse(result.outputs.zones!) as { zone: string; purged_count: number }[]
    expect(zones.map((z) => z.purged_count)).toEqual([0, 1])
    expect(result.summary).toContain('failed in 1 of 2 zones')
  })
})
