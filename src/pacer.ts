import type { RateInfo } from './headers.js'
import { TimeoutError } from './errors.js'

export interface Clock {
  now(): number
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      signal?.addEventListener('abort', done, { once: true })
    })
}

/** The client's estimate of one of the API's token buckets; unknown limits are Infinity. */
interface Bucket {
  tokens: number
  capacity: number
  perMs: number
  at: number
  learned: boolean
  /** Without Ratelimit headers: when the last 429 episode began, and what was accepted since. */
  episodeAt: number | undefined
  delivered: number
  measured: boolean
  floorPerMs: number
}

interface Ticket {
  seq: number
  bucket: string
  cost: number
}

const WAIT_WITHOUT_HINT_MS = 1000
const MIN_THROTTLE_WAIT_MS = 50

/**
 * Paces every worker against the API's rate limits as one client: a 429 holds all of them for the
 * wait the server asked for, and the `Ratelimit` headers let it spend the bucket no faster than it
 * refills. Without those headers it adapts like AWS's adaptive retry mode: it paces at the lower
 * bounds that 429s reveal (a wait, and what was accepted between two 429s) and probes upward.
 */
export class Pacer {
  private holdUntil = 0
  private readonly buckets = new Map<string, Bucket>()
  private readonly inFlight = new Map<number, Ticket>()
  private chain: Promise<unknown> = Promise.resolve()
  private seq = 0
  private readonly stopped = new AbortController()
  /** Requests sent up to this one were answered by the 429 that last cut the rate. */
  private cutAtSeq = 0
  private waitedBefore = 0
  private waitingSince: number | undefined
  throttles = 0
  /** 429s since the last request the API accepted. */
  throttleStreak = 0

  constructor(
    private readonly clock: Clock,
    private readonly deadline: number
  ) {}

  /** Ends every wait at once: the run has failed, and waiting longer would only delay saying so. */
  stop(): void {
    this.stopped.abort()
  }

  get signal(): AbortSignal {
    return this.stopped.signal
  }

  /** Resolves with a ticket once a request costing `cost` may go out; serialized so waiters keep their order. */
  acquire(bucket: string, cost: number): Promise<Ticket> {
    const turn = this.chain.then(() => this.take(bucket, cost))
    this.chain = turn.catch(() => undefined)
    return turn
  }

  /** Folds a reply's rate-limit news into the estimate. */
  settle(ticket: Ticket, rate: RateInfo | undefined, throttled: boolean): void {
    this.inFlight.delete(ticket.seq)
    const now = this.clock.now()
    const bucket = this.bucket(ticket.bucket)
    const api = rate?.api
    if (api?.quota !== undefined && api.windowMs !== undefined) {
      bucket.capacity = api.quota
      bucket.perMs = api.quota / api.windowMs
      bucket.learned = true
    }
    if (api !== undefined && bucket.learned) {
      // The server counted this request but not those sent after it that are still in flight.
      let later = 0
      for (const other of this.inFlight.values())
        if (other.bucket === ticket.bucket && other.seq > ticket.seq) later += other.cost
      bucket.tokens = Math.min(bucket.capacity, api.remaining) - later
      bucket.at = now
    }
    if (!throttled) {
      this.throttleStreak = 0
      bucket.delivered += ticket.cost
      // Probe for more: briskly until a second 429 has measured the rate, gently after.
      if (!bucket.learned && Number.isFinite(bucket.perMs))
        bucket.perMs *= bucket.measured ? 1.02 : 1.25
      return
    }
    this.throttles++
    this.throttleStreak++
    const hinted = rate?.retryAfterMs ?? (api?.remaining === 0 ? api.resetMs : undefined)
    // A zero or missing wait must not turn eight workers into a storm of requests.
    const waitMs = Math.max(MIN_THROTTLE_WAIT_MS, hinted ?? WAIT_WITHOUT_HINT_MS)
    this.holdUntil = Math.max(this.holdUntil, now + waitMs)
    this.refill(bucket, now)
    bucket.tokens = Math.min(bucket.tokens, 0)
    // Requests already in flight meet the same empty bucket: cut the rate once per episode.
    if (!bucket.learned && ticket.seq > this.cutAtSeq) {
      this.cutAtSeq = this.seq
      // Two lower bounds of the server's rate: a 429's wait is at least the time to its next
      // token, and between two 429s the bucket went from empty to empty, so what it accepted
      // in between is what it refilled (trusted from a few requests on).
      bucket.floorPerMs = Math.max(bucket.floorPerMs, ticket.cost / Math.max(waitMs, 1))
      const elapsed = now - (bucket.episodeAt ?? now)
      if (bucket.episodeAt === undefined) bucket.perMs = bucket.floorPerMs
      else {
        const delivered =
          bucket.delivered >= 3 * ticket.cost && elapsed > 0
            ? bucket.delivered / elapsed
            : bucket.perMs / 2
        bucket.perMs = Math.max(bucket.floorPerMs, delivered)
        bucket.measured = true
      }
      bucket.capacity = Math.max(ticket.cost, 1)
      bucket.episodeAt = now
      bucket.delivered = 0
    }
  }

  private async take(name: string, cost: number): Promise<Ticket> {
    for (;;) {
      const now = this.clock.now()
      const bucket = this.bucket(name)
      this.refill(bucket, now)
      const need = Math.min(cost, bucket.capacity)
      const wait =
        now < this.holdUntil
          ? this.holdUntil - now
          : bucket.tokens >= need
            ? 0
            : (need - bucket.tokens) / bucket.perMs
      // Under a millisecond is no wait: timers cannot honour it, and adding it to the clock may not move it.
      if (wait < 1) {
        bucket.tokens -= cost
        const ticket = { seq: ++this.seq, bucket: name, cost }
        this.inFlight.set(ticket.seq, ticket)
        return ticket
      }
      if (now + wait > this.deadline) {
        throw new TimeoutError(
          `Cloudflare's rate limit asks to wait ${seconds(wait)} s, longer than the ${seconds(Math.max(0, this.deadline - now))} s left of the timeout`
        )
      }
      this.waitingSince = now
      await this.clock.sleep(wait, this.stopped.signal)
      if (this.stopped.signal.aborted) throw new StoppedError()
      this.waitingSince = undefined
      this.waitedBefore += wait
    }
  }

  /** Time spent holding requests back for the rate limit, the wait under way included. */
  waitedMs(now = this.clock.now()): number {
    return this.waitedBefore + (this.waitingSince === undefined ? 0 : now - this.waitingSince)
  }

  private bucket(name: string): Bucket {
    let bucket = this.buckets.get(name)
    if (bucket === undefined) {
      bucket = {
        tokens: Infinity,
        capacity: Infinity,
        perMs: Infinity,
        at: this.clock.now(),
        learned: false,
        episodeAt: undefined,
        delivered: 0,
        measured: false,
        floorPerMs: 0
      }
      this.buckets.set(name, bucket)
    }
    return bucket
  }

  private refill(bucket: Bucket, now: number): void {
    if (Number.isFinite(bucket.perMs))
      bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - bucket.at) * bucket.perMs)
    bucket.at = now
  }
}

/** Thrown to the waiters of a stopped pacer; the failure that stopped it is the one to report. */
export class StoppedError extends Error {
  constructor() {
    super('stopped')
    this.name = 'StoppedError'
  }
}

export const seconds = (ms: number): string => (Math.round(ms / 100) / 10).toString()
