import type { RateInfo } from '../cloudflare/rate-headers.js'
import { seconds } from '../text.js'
import { PurgeBucket } from './bucket.js'
import { TimeoutError } from '../errors.js'
import { Quota } from './quota.js'
import { RATE_LIMITED } from '../cloudflare/codes.js'
import type { Clock } from '../clock.js'

// Where the clock lived before clock.ts; kept for importers outside the engine.

/** The two purge buckets; `api` is any other call (a zone lookup), bound by the quota alone. */
export type Lane = 'urls' | 'requests' | 'api'

export interface Ticket {
  lane: Lane
  cost: number
  sentAt: number
  order: number
}

/** The documented rates of each bucket, per ms: Free, Pro, Business, Enterprise. */
export const DOCUMENTED_PER_MS = {
  urls: [0.8, 1.5, 1.5, 3],
  requests: [5 / 60_000, 0.005, 0.01, 0.05]
}
const PLANS = ['free', 'pro', 'business', 'enterprise']
/**
 * Requests of one lane in flight at once: enough for every plan's URL rate at 100 ms a request
 * (2 x 100 URLs / 0.1 s), and few enough that the end of a burst or of a quota nobody announced
 * costs at most two 429s.
 */
const WINDOW = 2
/** No wait after a 429 is shorter: a zero or malformed wait must not become a storm. */
const MIN_THROTTLE_WAIT_MS = 50
const WAIT_WITHOUT_HINT_MS = 1000

/**
 * Paces every request of a run as one client, against two limits Cloudflare keeps apart: the
 * API-wide quota of requests per window, which the `Ratelimit` headers describe (see Quota), and
 * the purge buckets, which show only as 429s with code 1134 (see PurgeBucket). One pacer serves
 * the whole run, so that every kind, zone and lookup shares the account's limits.
 */
export class Pacer {
  private holdUntil = 0
  private readonly quota = new Quota()
  private readonly buckets: Record<'urls' | 'requests', PurgeBucket>
  private readonly inFlight: Record<Lane, number> = { urls: 0, requests: 0, api: 0 }
  private readonly chains: Record<Lane, Promise<unknown>> = {
    urls: Promise.resolve(),
    requests: Promise.resolve(),
    api: Promise.resolve()
  }
  private readonly stopped = new AbortController()
  private change = new AbortController()
  private waitedBefore = 0
  /** Timed waits under way, and since when at least one has been. */
  private timedWaits = 0
  private waitingSince = 0
  throttles = 0
  /** 429s since the last request the API accepted. */
  throttleStreak = 0

  constructor(
    private readonly clock: Clock,
    private readonly deadline: number
  ) {
    this.buckets = {
      urls: new PurgeBucket(DOCUMENTED_PER_MS.urls, clock.now()),
      requests: new PurgeBucket(DOCUMENTED_PER_MS.requests, clock.now())
    }
  }

  /**
   * The plans of the run's zones (`legacy_id`, from the zone lookups): the slowest one's
   * documented rates are where the buckets start after a first 429, since zones of an account
   * may be on different plans. Only a start: what the buckets accept decides after. Nothing is
   * assumed when a zone's plan is unknown.
   */
  hint(plans: readonly (string | undefined)[]): void {
    const indices = plans.map((plan) => PLANS.indexOf(plan ?? ''))
    if (indices.length === 0 || indices.some((i) => i < 0)) return
    const slowest = indices.reduce((least, i) => Math.min(least, i))
    this.buckets.urls.prefer(DOCUMENTED_PER_MS.urls[slowest]!)
    this.buckets.requests.prefer(DOCUMENTED_PER_MS.requests[slowest]!)
  }

  /** Ends every wait at once: the run has failed, and waiting longer would only delay saying so. */
  stop(): void {
    this.stopped.abort()
  }

  get signal(): AbortSignal {
    return this.stopped.signal
  }

  /**
   * Resolves once a request of `lane` costing `cost` may go; each lane keeps its waiters in
   * order. `signal` ends this wait alone (one zone of several has failed).
   */
  acquire(lane: Lane, cost: number, signal?: AbortSignal): Promise<Ticket> {
    const turn = this.chains[lane].then(() => this.take(lane, cost, signal))
    this.chains[lane] = turn.catch(() => undefined)
    return turn
  }

  /** Folds an answer into the estimates; `rate` is undefined when no answer came. */
  settle(
    ticket: Ticket,
    rate: RateInfo | undefined,
    outcome: 'accepted' | 'throttled' | 'other',
    codes: readonly (number | undefined)[] = []
  ): void {
    const now = this.clock.now()
    this.inFlight[ticket.lane]--
    this.quota.answered(ticket.order, rate?.api, now)
    const bucket = ticket.lane === 'api' ? undefined : this.buckets[ticket.lane]
    if (outcome === 'accepted') {
      this.throttleStreak = 0
      bucket?.accept(ticket.cost, ticket.sentAt, now)
    }
    if (outcome === 'throttled') {
      this.throttles++
      this.throttleStreak++
      const waitMs = rate?.retryAfterMs
      if (codes.includes(RATE_LIMITED) && bucket !== undefined) {
        bucket.throttle(
          ticket.cost,
          ticket.sentAt,
          now,
          waitMs === undefined ? undefined : Math.max(MIN_THROTTLE_WAIT_MS, waitMs),
          rate?.retryAfterRounded === true
        )
      } else {
        // The API-wide quota, or a 429 nobody explains: every lane holds.
        const until =
          now +
          Math.max(
            MIN_THROTTLE_WAIT_MS,
            waitMs ?? (rate?.api?.remaining === 0 ? rate.api.resetMs : WAIT_WITHOUT_HINT_MS)
          )
        this.holdUntil = Math.max(this.holdUntil, until)
        if (rate?.api?.remaining === 0) this.quota.exhausted(until)
      }
    }
    // Whoever waits for a slot or for news of the quota looks again.
    this.change.abort()
    this.change = new AbortController()
  }

  private async take(lane: Lane, cost: number, signal?: AbortSignal): Promise<Ticket> {
    const bucket = lane === 'api' ? undefined : this.buckets[lane]
    for (;;) {
      if (this.stopped.signal.aborted || signal?.aborted === true) throw new StoppedError()
      const now = this.clock.now()
      // Past the deadline nothing goes out, whatever the wait is for.
      if (now >= this.deadline) throw new TimeoutError('the timeout ran out')
      const quotaWait = this.quota.waitMs(now)
      const timed = Math.max(this.holdUntil - now, quotaWait ?? 0, bucket?.waitMs(cost, now) ?? 0)
      const slot = this.inFlight[lane] < WINDOW
      // Under a millisecond is no wait: timers cannot honour it.
      if (timed < 1 && slot && quotaWait !== undefined) {
        bucket?.spend(cost, now)
        this.inFlight[lane]++
        return { lane, cost, sentAt: now, order: this.quota.send(now) }
      }
      if (timed >= 1 && now + timed > this.deadline) {
        throw new TimeoutError(
          `Cloudflare's rate limit asks to wait ${seconds(timed)} s, longer than the ${seconds(Math.max(0, this.deadline - now))} s left of the timeout`
        )
      }
      // A timed wait sleeps; a wait for a slot or for news ends at the next answer.
      await this.pause(timed >= 1 ? timed : undefined, signal)
    }
  }

  private async pause(ms: number | undefined, signal?: AbortSignal): Promise<void> {
    const wake = new AbortController()
    const onAbort = () => wake.abort()
    this.stopped.signal.addEventListener('abort', onAbort, { once: true })
    signal?.addEventListener('abort', onAbort, { once: true })
    // Any answer may change what to wait for: every waiter looks again.
    const change = this.change.signal
    change.addEventListener('abort', onAbort, { once: true })
    if (ms !== undefined && this.timedWaits++ === 0) this.waitingSince = this.clock.now()
    try {
      await this.clock.sleep(Math.max(1, ms ?? this.deadline - this.clock.now()), wake.signal)
    } finally {
      this.stopped.signal.removeEventListener('abort', onAbort)
      signal?.removeEventListener('abort', onAbort)
      change.removeEventListener('abort', onAbort)
      if (ms !== undefined && --this.timedWaits === 0)
        this.waitedBefore += this.clock.now() - this.waitingSince
    }
  }

  /** Time during which some request was held back for a rate limit, the wait under way included. */
  waitedMs(now = this.clock.now()): number {
    return this.waitedBefore + (this.timedWaits > 0 ? now - this.waitingSince : 0)
  }
}

/** Thrown to the waiters of a stopped pacer; the failure that stopped it is the one to report. */
export class StoppedError extends Error {
  constructor() {
    super('stopped')
    this.name = 'StoppedError'
  }
}
