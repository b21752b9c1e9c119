/**
 * A simulated Cloudflare API on a fake clock, answering as the docs say: an API-wide quota of
 * requests per fixed window (described by the Ratelimit headers, or by no header at all), and
 * per-account purge token buckets that show only as a 429 with a whole-second Retry-After. Runs a
 * minute of rate limits in milliseconds, so pacing can be checked exactly and often.
 */
import type { Reply } from '../../src/cloudflare/client.js'
import { readRateHeaders } from '../../src/cloudflare/rate-headers.js'
import { type Item, type Kind } from '../../src/model.js'
import { type Clock } from '../../src/clock.js'

interface Timer {
  at: number
  seq: number
  resolve: () => void
}

export class FakeClock implements Clock {
  private t = 0
  private seq = 0
  private timers: Timer[] = []

  now(): number {
    return this.t
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const timer = { at: this.t + Math.max(0, ms), seq: ++this.seq, resolve }
      this.timers.push(timer)
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer)
          resolve()
        },
        { once: true }
      )
    })
  }

  /** Runs until `work` settles, moving time to the next timer whenever nothing else can run. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false
    work.then(
      () => (settled = true),
      () => (settled = true)
    )
    for (let steps = 0; steps < 5_000_000; steps++) {
      await new Promise((resolve) => setImmediate(resolve))
      if (settled) return work
      if (this.timers.length === 0) continue
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const timer = this.timers.shift()!
      this.t = Math.max(this.t, timer.at)
      timer.resolve()
    }
    throw new Error('the simulation did not settle')
  }
}

export interface BucketSpec {
  /** Tokens per second. */
  rate: number
  burst: number
}

export interface SimOptions {
  clock: FakeClock
  latencyMs: number
  urls?: BucketSpec
  requests?: BucketSpec
  /** The API-wide quota: requests per window. */
  quota?: { requests: number; windowS: number }
  headers: 'documented' | 'none'
  /** Up to this much more latency on each leg, drawn from a seeded generator. */
  jitterMs?: number
}

class Bucket {
  private tokens: number
  private at: number
  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number
  ) {
    this.tokens = spec.burst
    this.at = now()
  }
  take(cost: number): { ok: boolean; waitMs: number } {
    const now = this.now()
    this.tokens = Math.min(this.spec.burst, this.tokens + ((now - this.at) * this.spec.rate) / 1000)
    this.at = now
    const need = Math.min(cost, this.spec.burst)
    if (this.tokens >= need) {
      this.tokens -= cost
      return { ok: true, waitMs: 0 }
    }
    return { ok: false, waitMs: ((need - this.tokens) / this.spec.rate) * 1000 }
  }
}

export interface SimStats {
  accepted: number
  acceptedItems: number
  throttledPurge: number
  throttledQuota: number
  /** Requests the API-wide quota refused: over it. */
  overQuota: number
  sent: number
}

/** A `send` for `execute`, and what the simulated API saw. */
export const simApi = (options: SimOptions) => {
  const { clock } = options
  const now = () => clock.now()
  const urls = options.urls && new Bucket(options.urls, now)
  const requests = options.requests && new Bucket(options.requests, now)
  const quota = options.quota ?? { requests: 1200, windowS: 300 }
  let windowStart = 0
  let used = 0
  const stats: SimStats = {
    accepted: 0,
    acceptedItems: 0,
    throttledPurge: 0,
    throttledQuota: 0,
    overQuota: 0,
    sent: 0
  }

  const answer = (
    kind: Kind | 'lookup',
    items: number
  ): { status: number; headers: Headers; body: string } => {
    const t = now()
    const windowMs = quota.windowS * 1000
    if (t >= windowStart + windowMs) {
      windowStart = t - ((t - windowStart) % windowMs)
      used = 0
    }
    used++
    const resetS = Math.ceil((windowStart + windowMs - t) / 1000)
    // As the emulator: Retry-After rounded up (documented), the header's `t` down (not).
    const headerS = Math.floor((windowStart + windowMs - t) / 1000)
    const headers = new Headers()
    if (options.headers === 'documented') {
      headers.set('ratelimit', `"default";r=${Math.max(0, quota.requests - used)};t=${headerS}`)
      headers.set('ratelimit-policy', `"burst";q=${quota.requests};w=${quota.windowS}`)
    }
    const refuse = (code: number, message: string) =>
      JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null })
    if (used > quota.requests) {
      stats.overQuota++
      stats.throttledQuota++
      headers.set('retry-after', String(resetS))
      return {
        status: 429,
        headers,
        body: refuse(971, 'Please wait and consider throttling your request speed')
      }
    }
    if (kind === 'lookup')
      return {
        status: 200,
        headers,
        body: JSON.stringify({ success: true, errors: [], result: [] })
      }
    const bucket = kind === 'files' ? urls : requests
    const taken = bucket?.take(kind === 'files' ? items : 1) ?? { ok: true, waitMs: 0 }
    if (!taken.ok) {
      stats.throttledPurge++
      headers.set('retry-after', String(Math.max(1, Math.ceil(taken.waitMs / 1000))))
      return { status: 429, headers, body: refuse(1134, 'Unable to purge, rate limit reached') }
    }
    stats.accepted++
    stats.acceptedItems += Math.max(1, items)
    const id = stats.accepted.toString(16).padStart(32, '0')
    return {
      status: 200,
      headers,
      body: JSON.stringify({ success: true, errors: [], result: { id } })
    }
  }

  let seed = 42
  const jitter = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return ((options.jitterMs ?? 0) * seed) / 2147483648
  }
  const call = async (kind: Kind | 'lookup', items: number): Promise<Reply> => {
    stats.sent++
    await clock.sleep(options.latencyMs / 2 + jitter())
    const { status, headers, body } = answer(kind, items)
    await clock.sleep(options.latencyMs / 2 + jitter())
    const rate = readRateHeaders(headers, 0)
    const json = JSON.parse(body) as {
      success: boolean
      result: unknown
      errors: { code: number; message: string }[]
    }
    return json.success
      ? { type: 'ok', status, result: json.result, rate }
      : { type: 'refused', status, errors: json.errors, rate }
  }

  return {
    stats,
    send: (kind: Kind, items: Item[]) => call(kind, items.length),
    lookup: () => call('lookup', 0)
  }
}
