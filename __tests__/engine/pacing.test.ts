/**
 * Pacing on a fake clock against a simulated API that answers as Cloudflare documents: the
 * API-wide quota in the Ratelimit headers (or no header at all), purge buckets seen only as 429s.
 * Simulated time, not wall time: these check the pacing model, the benchmark measures the action.
 */
import { describe, expect, it } from '@jest/globals'
import { execute } from '../../src/engine/purge-run.js'
import { planOf, range } from '../__fixtures__/helpers.js'
import { FakeClock, simApi, type BucketSpec } from '../__fixtures__/sim.js'

interface Scenario {
  kind: 'files' | 'tags'
  items: number
  perRequest?: number
  urls?: BucketSpec
  requests?: BucketSpec
  quota?: { requests: number; windowS: number }
  latencyMs?: number
  jitterMs?: number
}

const simulate = async (s: Scenario, headers: 'documented' | 'none') => {
  const clock = new FakeClock()
  const latencyMs = s.latencyMs ?? 100
  const api = simApi({ clock, latencyMs, headers, ...s })
  const items = range(s.items, (i) =>
    s.kind === 'files' ? `https://www.example.com/assets/${i}.js` : `tag-${i}`
  )
  const perRequest = s.perRequest ?? 100
  const outcome = await clock.run(
    execute(
      planOf({ [s.kind]: items }, perRequest),
      {
        concurrency: 8,
        maxAttempts: 8,
        backoff: { baseMs: 500, capMs: 8000 },
        timeoutMs: 3_600_000,
        requestTimeoutMs: 30_000,
        progressEveryMs: 3_600_000
      },
      { clock, send: (kind, batch) => api.send(kind, batch) }
    )
  )
  const requests = Math.ceil(s.items / perRequest)
  const bucket = s.kind === 'files' ? s.urls : s.requests
  const cost = s.kind === 'files' ? s.items : requests
  const bucketFloor = bucket === undefined ? 0 : Math.max(0, cost - bucket.burst) / bucket.rate
  const quota = s.quota ?? { requests: 1200, windowS: 300 }
  const quotaFloor = Math.floor((requests - 1) / quota.requests) * quota.windowS
  const floorMs = (Math.max(bucketFloor, quotaFloor) + latencyMs / 1000) * 1000
  return {
    outcome,
    stats: api.stats,
    ratio: clock.now() / floorMs,
    throttledPerAccepted: api.stats.throttledPurge / api.stats.accepted
  }
}

const PRO_URLS = { rate: 1500, burst: 1500 }
const PRO = { rate: 5, burst: 25 }
const FREE = { rate: 5 / 60, burst: 25 }
const QUOTA = { requests: 30, windowS: 10 }

describe.each(['documented', 'none'] as const)('with %s rate-limit headers', (headers) => {
  it.each([
    ['10,000 URLs, Pro', { kind: 'files' as const, items: 10_000, urls: PRO_URLS }],
    ['5,000 tags, Pro', { kind: 'tags' as const, items: 5_000, requests: PRO }],
    ['3,000 tags, Free', { kind: 'tags' as const, items: 3_000, requests: FREE }],
    ['6,000 tags, Free', { kind: 'tags' as const, items: 6_000, requests: FREE }],
    [
      '10,000 URLs, Free',
      { kind: 'files' as const, items: 10_000, urls: { rate: 800, burst: 800 } }
    ],
    // The URL buckets' burst is not documented (the emulator guesses a second's worth): a fifth
    // of that must do as well.
    [
      '20,000 URLs, Pro, a burst of 0.2 s',
      { kind: 'files' as const, items: 20_000, urls: { rate: 1500, burst: 300 } }
    ],
    [
      '50,000 URLs, Enterprise, 500 a request',
      { kind: 'files' as const, items: 50_000, perRequest: 500, urls: { rate: 3000, burst: 3000 } }
    ],
    [
      '10,000 tags, Business',
      { kind: 'tags' as const, items: 10_000, requests: { rate: 10, burst: 50 } }
    ],
    [
      '10,000 URLs, Pro, 30 to 90 ms of jitter',
      { kind: 'files' as const, items: 10_000, urls: PRO_URLS, jitterMs: 60, latencyMs: 60 }
    ]
  ])('%s: within 1.10x of the floor, at most 0.15 429s per accepted request', async (_, s) => {
    const { outcome, stats, ratio, throttledPerAccepted } = await simulate(s, headers)
    expect(outcome.failure).toBeUndefined()
    expect(stats.acceptedItems).toBe(s.items)
    expect(ratio).toBeLessThanOrEqual(1.1)
    expect(throttledPerAccepted).toBeLessThanOrEqual(0.15)
  })

  it.each([
    ['5,000 tags, Pro', { kind: 'tags' as const, items: 5_000, requests: PRO, quota: QUOTA }],
    ['6,000 URLs, Pro', { kind: 'files' as const, items: 6_000, urls: PRO_URLS, quota: QUOTA }]
  ])('%s, with 30 requests per 10 s binding: within 1.25x, at most 2 over', async (_, s) => {
    const { outcome, stats, ratio } = await simulate(s, headers)
    expect(outcome.failure).toBeUndefined()
    expect(stats.acceptedItems).toBe(s.items)
    expect(ratio).toBeLessThanOrEqual(1.25)
    expect(stats.overQuota).toBeLessThanOrEqual(2)
  })

  it('copes with a bucket shared with another job, at a rate no plan has', async () => {
    const { outcome, stats, throttledPerAccepted } = await simulate(
      { kind: 'tags', items: 3_000, requests: { rate: 2, burst: 3 }, perRequest: 100 },
      headers
    )
    expect(outcome.failure).toBeUndefined()
    expect(stats.acceptedItems).toBe(3_000)
    expect(throttledPerAccepted).toBeLessThanOrEqual(0.5)
  })
})
