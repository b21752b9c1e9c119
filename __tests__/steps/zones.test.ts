/**
 * Zone lookups on a fake clock, through the run's one pacer: each lookup is bounded on its own
 * and they run at once, so a zone whose lookup never answers costs its own bound, not the step's
 * timeout, and the zones that answer are found all the same.
 */
import { describe, expect, it } from '@jest/globals'
import type { Reply } from '../../src/cloudflare/client.js'
import {
  LOOKUP_BOUND_MS,
  lookupBoundMs,
  resolveZone,
  zoneById
} from '../../src/cloudflare/zone-lookup.js'
import { Pacer } from '../../src/engine/pacer.js'
import { pacedGet } from '../../src/engine/settle.js'
import { TimeoutError } from '../../src/errors.js'
import type { Log } from '../../src/log.js'
import type { RunPlan, ZoneRef } from '../../src/model.js'
import { resolveZones, routeOrFail } from '../../src/steps/zones.js'
import { recordingLog } from '../__fixtures__/log.js'
import { FakeClock } from '../__fixtures__/sim.js'

const TIMEOUT_MS = 300_000
const REQUEST_TIMEOUT_MS = 30_000

const ZONES: Record<string, string> = {
  'example.com': '023e105f4ecef8ad9ca31a8372d0c353',
  'example.org': 'b0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5'
}

const quietLog = (): Log & { lines: string[] } => {
  const lines: string[] = []
  return {
    lines,
    info: (m) => void lines.push(m),
    warning: (m) => void lines.push(m),
    notice: (m) => void lines.push(m),
    debug: () => undefined,
    group: (_name, fn) => fn()
  }
}

/**
 * An API on the fake clock: names in `hang` get no answer until the request's own time limit,
 * the others answer at once. Records when each request went out.
 */
const fakeApi = (clock: FakeClock, hang: readonly string[]) => {
  const sent: { path: string; at: number; timeoutMs: number }[] = []
  const call = async (path: string, timeoutMs: number): Promise<Reply> => {
    sent.push({ path, at: clock.now(), timeoutMs })
    const name = new URL(path, 'http://x').searchParams.get('name') ?? ''
    if (hang.includes(name)) {
      await clock.sleep(timeoutMs)
      return {
        type: 'unreachable',
        detail: `no answer within ${timeoutMs / 1000} s`,
        timedOut: true
      }
    }
    const id = ZONES[name]
    return {
      type: 'ok',
      status: 200,
      result: id === undefined ? [] : [{ id, name, status: 'active' }],
      rate: {}
    }
  }
  return { sent, call }
}

const runOf = (names: string[]): RunPlan => ({
  zones: names.map((name) => ({ by: 'name' as const, given: name, name })),
  environments: [],
  mode: 'purge',
  batchSize: 100,
  kinds: [{ kind: 'tags', items: ['release-7'], duplicates: 0 }]
})

const setUp = (hang: string[]) => {
  const clock = new FakeClock()
  const pacer = new Pacer(clock, TIMEOUT_MS)
  const api = fakeApi(clock, hang)
  const get = pacedGet(pacer, api.call)
  const options = {
    clock,
    backoff: { baseMs: 500, capMs: 8000 },
    deadline: TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    boundMs: lookupBoundMs(TIMEOUT_MS)
  }
  const look = (zone: ZoneRef) =>
    'name' in zone ? resolveZone(zone.name, get, options) : zoneById(zone.id, get, options)
  return { clock, api, look }
}

describe('lookupBoundMs', () => {
  it('is 30 s, or a quarter of the timeout when that is shorter', () => {
    expect(LOOKUP_BOUND_MS).toBe(30_000)
    expect(lookupBoundMs(300_000)).toBe(30_000)
    expect(lookupBoundMs(60_000)).toBe(15_000)
    expect(lookupBoundMs(4_000)).toBe(1_000)
  })
})

describe('resolveZones with a zone whose lookup never answers', () => {
  it('finds the zone that answers at once, and fails the other after its own bound', async () => {
    const { clock, api, look } = setUp(['hang.example'])
    const log = quietLog()
    const resolved = await clock.run(
      resolveZones(runOf(['hang.example', 'example.com']), look, log)
    )
    const [hung, healthy] = resolved.found
    expect(healthy).toMatchObject({ id: ZONES['example.com'], name: 'example.com' })
    expect(hung).toHaveProperty('error')
    const error = (hung as { error: Error }).error
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.message).toBe(
      'Timed out looking up the zone "hang.example": no answer within 30 s, the most one zone lookup may take (last answer: could not reach the Cloudflare API (no answer within 30 s))'
    )
    // Both went out at once; the lookups took the bound, not the step's timeout.
    expect(api.sent.filter((s) => s.at === 0)).toHaveLength(2)
    expect(clock.now()).toBe(LOOKUP_BOUND_MS)
    // The log says so in the zones' order, whatever order the answers came in.
    expect(log.lines[0]).toMatch(/^Zone hang\.example: Timed out/)
    expect(log.lines[1]).toBe(`Zone example.com has the ID ${ZONES['example.com']}`)
  })

  it('does not charge a lookup for its wait for the pacer while two others hang', async () => {
    const { clock, api, look } = setUp(['a.example', 'b.example'])
    const resolved = await clock.run(
      resolveZones(runOf(['a.example', 'b.example', 'example.org']), look, quietLog())
    )
    expect(resolved.found.map((f) => ('error' in f ? 'failed' : f.id))).toEqual([
      'failed',
      'failed',
      ZONES['example.org']
    ])
    // The pacer lets two lookups out at once: the third waited for a slot, then got its answer.
    const third = api.sent.find((s) => s.path.includes('example.org'))!
    expect(third.at).toBe(LOOKUP_BOUND_MS)
    expect(third.timeoutMs).toBe(REQUEST_TIMEOUT_MS)
    expect(clock.now()).toBe(LOOKUP_BOUND_MS)
  })

  it("fails a single zone's lookup after its bound, with the run", async () => {
    const { clock, look } = setUp(['hang.example'])
    const error = await clock
      .run(resolveZones(runOf(['hang.example']), look, quietLog()))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(clock.now()).toBe(LOOKUP_BOUND_MS)
  })
})

describe('routeOrFail with one zone', () => {
  it('warns of a URL on a loopback host outside the zone, wherever it came from (a sitemap too)', () => {
    const { log, lines } = recordingLog({ debug: false })
    const plan = {
      ...runOf(['example.com']),
      kinds: [{ kind: 'files' as const, items: ['http://localhost:1313/'], duplicates: 0 }]
    }
    routeOrFail(plan, ['example.com'], log)
    expect(lines).toEqual([
      [
        'warning',
        'http://localhost:1313/ (host localhost) is not in zone example.com: Cloudflare cannot purge it there (unless it is a custom hostname of that zone).'
      ]
    ])
  })
})
