/**
 * Warming, run from dist/index.js the way the runner does, against the emulator's edge
 * (CLOUDFLARE_PURGE_EDGE_URL), which logs every request it serves and counts those in flight.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { range, type Emulator } from '../__fixtures__/helpers.js'

let api: Emulator
beforeAll(async () => {
  // Each answer takes a moment, so that requests in flight overlap and can be counted.
  api = await startEmulator({ latencyMs: 25 })
})
afterAll(() => api.close())
beforeEach(() => {
  api.state.accepted.length = 0
  api.state.requests.length = 0
  api.state.edgeLog.length = 0
  api.state.edgeRequests = 0
  api.state.edgeMaxInFlight = 0
})

const PAGES = range(28, (i) => `https://www.example.com/page/${i}`)
/** 30 cache keys: 28 pages, and two more of the first with the header its cache key varies on. */
const PURGED = [
  ...PAGES,
  { url: PAGES[0]!, headers: { 'CF-Device-Type': 'mobile' } },
  { url: PAGES[0]!, headers: { 'CF-Device-Type': 'tablet' } }
]

const run = (inputs: Record<string, string>, edge = api.edgeUrl) =>
  runAction(
    {
      token: DEFAULT_TOKEN,
      zone: DEFAULT_ZONE.id,
      api_url: api.apiUrl,
      urls: JSON.stringify(PURGED),
      ...inputs
    },
    { env: { CLOUDFLARE_PURGE_EDGE_URL: edge } }
  )

/** Each edge request as the cache key it asked for: the page and its CF-Device-Type. */
const keysAsked = () =>
  api.state.edgeLog.map(
    (e) => `https://${e.host}${e.path.replace(/^\/edge/, '')} ${e.headers['cf-device-type'] ?? ''}`
  )
const KEYS = [...PAGES.map((p) => `${p} `), `${PAGES[0]} mobile`, `${PAGES[0]} tablet`]

describe('warming (dist/index.js)', () => {
  it('fetches each of 30 purged URLs exactly once after the purge, variants with their headers, at most 8 at once', async () => {
    const result = await run({ warm: 'true' })
    expect(result.code).toBe(0)
    const purgedAt = Math.max(...api.state.accepted.map((a) => a.at))
    expect(api.state.edgeLog.every((e) => e.at >= purgedAt)).toBe(true)
    expect(keysAsked().sort()).toEqual([...KEYS].sort())
    expect(api.state.edgeMaxInFlight).toBeLessThanOrEqual(8)
    expect(api.state.edgeMaxInFlight).toBeGreaterThan(1)
    expect(JSON.parse(result.outputs.warmed!)).toEqual({
      fetched: 30,
      failed: 0,
      skipped: 0,
      over_limit: 0,
      out_of_time: 0,
      status: { '2xx': 30 },
      cache: { MISS: 30 }
    })
    expect(result.stdout).toContain('::group::Warming 30 URL(s) through Cloudflare, 8 at a time')
    expect(result.summary).toContain('### Warmed the cache')
    expect(result.summary).toContain('the data centre nearest the runner')
  }, 60_000)

  it('does not fetch again what verify fetched', async () => {
    // verify checks 20 of the 30 purged URLs; warming fetches the other 10.
    const result = await run({ warm: 'true', verify: 'warn' })
    expect(result.code).toBe(0)
    expect(keysAsked().sort()).toEqual([...KEYS].sort())
    expect(JSON.parse(result.outputs.warmed!)).toEqual(
      expect.objectContaining({ fetched: 10, skipped: 20 })
    )
  }, 60_000)

  it('stops at the limit warm: N sets, the first URLs purged', async () => {
    const result = await run({ warm: '5' })
    expect(result.code).toBe(0)
    expect(keysAsked().sort()).toEqual(KEYS.slice(0, 5).sort())
    expect(JSON.parse(result.outputs.warmed!)).toEqual(
      expect.objectContaining({ fetched: 5, over_limit: 25 })
    )
  }, 60_000)

  it('with warm off (the default), fetches nothing', async () => {
    const result = await run({})
    expect(result.code).toBe(0)
    expect(api.state.edgeRequests).toBe(0)
    expect(result.outputs.warmed).toBe('{}')
  })

  it('never fails the step: an edge that cannot be reached is a warning per URL', async () => {
    const result = await run(
      { warm: 'true', urls: PAGES.slice(0, 3).join('\n') },
      'http://127.0.0.1:9'
    )
    expect(result.code).toBe(0)
    const warnings = result.stdout.split('\n').filter((l) => l.startsWith('::warning'))
    expect(warnings).toEqual(
      PAGES.slice(0, 3).map((p) =>
        expect.stringMatching(
          new RegExp(`^::warning title=Not warmed::Not warmed: ${p}: failed \\(`)
        )
      )
    )
    expect(JSON.parse(result.outputs.warmed!)).toEqual(expect.objectContaining({ failed: 3 }))
    // The purge succeeded, under a warning's title: the warnings are in the warming section, once.
    expect(result.summary).toContain('## ⚠️ Cloudflare cache purged')
    expect(result.summary).not.toContain('warning(s)\n')
  }, 60_000)

  it('warms nothing in a dry run, and says what it would warm', async () => {
    const result = await run({ warm: 'true', dry_run: 'true' })
    expect(result.code).toBe(0)
    expect(api.state.edgeRequests).toBe(0)
    expect(result.stdout).toContain(
      'Dry run: would warm 30 URL(s) through Cloudflare after the purge.'
    )
  })
})
