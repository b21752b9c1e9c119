/**
 * The client's estimate of one purge bucket (URLs, counted in URLs; or tag, host, prefix and
 * everything requests, counted in requests). No header describes these buckets: a 429 with code
 * 1134 is the only sign, and its `Retry-After` is rounded up to whole seconds, far longer than a
 * URL bucket needs. So the rate is measured instead: at a 429 the bucket is (nearly) empty, and
 * what it accepts between two such moments is what it refilled. Until a 429 nothing is paced.
 */
export class PurgeBucket {
  /** Pacing rate in units per ms; Infinity until the first 429. */
  rate = Infinity
  /** Pacing credit: a request may go when it covers the request's cost. */
  private credit = 0
  private at = 0
  /**
   * The most credit may grow to: what the bucket held at the start, as far as the first 429
   * showed it (accepted until then, less what refilled meanwhile). Never more than the real
   * burst, so credit saved during a wait is credit the bucket has too.
   */
  private burst = 0
  private readonly startedAt: number
  /** No request before this time (a server's exact wait). */
  private holdUntil = 0
  /** Send times of the 429s seen, newest last (the moments the bucket was empty). */
  private readonly anchors: number[] = []
  /** Accepted requests: send time and cost, in order of sending as far as known. */
  private readonly accepted: { at: number; cost: number }[] = []
  private measured = false
  /** When the latest 429 was answered: requests sent before then were already on their way. */
  private learnedAt = -Infinity
  /** When the rate last rose: a request sent before then says nothing of the new rate. */
  private raisedAt = -Infinity
  /**
   * While the rate is searched for: the highest rate the bucket took, the lowest one a 429
   * refuted, and the documented rate the search started from.
   */
  private lo = 0
  private hi = Infinity
  private start = Infinity
  /** Whether the rate held a request back since it last rose: a rate never reached proves nothing. */
  private bound = false

  /**
   * @param documentedPerMs the bucket's documented rates, one per plan: after a first 429 the
   * climb starts from the lowest one the 429's wait allows, rather than from nothing. They are
   * only a start: what the bucket accepts decides from then on, so a bucket shared with other
   * jobs, or a plan the docs do not know, is measured like any other.
   */
  private documentedPerMs: readonly number[]

  constructor(
    private readonly known: readonly number[],
    now = 0
  ) {
    this.documentedPerMs = known
    this.startedAt = now
  }

  /** The plan is known: start from its documented rate (the floor stays the lowest plan's). */
  prefer(ratePerMs: number): void {
    this.documentedPerMs = [ratePerMs]
  }

  /** Time until a request costing `cost` may go. */
  waitMs(cost: number, now: number): number {
    const held = Math.max(0, this.holdUntil - now)
    if (!Number.isFinite(this.rate)) return held
    const credit = Math.min(Math.max(cost, this.burst), this.credit + (now - this.at) * this.rate)
    if (credit < cost) this.bound = true
    return Math.max(held, credit >= cost ? 0 : (cost - credit) / this.rate)
  }

  /** A request costing `cost` goes now. */
  spend(cost: number, now: number): void {
    if (!Number.isFinite(this.rate)) return
    this.credit =
      Math.min(Math.max(cost, this.burst), this.credit + (now - this.at) * this.rate) - cost
    this.at = now
  }

  /** The API accepted a request sent at `sentAt`. */
  accept(cost: number, sentAt: number, now: number): void {
    this.accepted.push({ at: sentAt, cost })
    if (this.accepted.length > 4096) this.accepted.splice(0, 2048)
    if (!Number.isFinite(this.rate)) return
    if (this.measured) {
      // Probe gently above a measured rate (5% a second, at most 1% a request), so that a
      // change of it shows.
      this.rate *= 1 + Math.min(0.01, (0.05 * cost) / this.rate / 1000)
    } else if (sentAt > this.raisedAt && this.bound) {
      // Searching: once per answer to a request sent at the current rate, double it while no
      // 429 has set a ceiling, and halve the gap (geometrically) once one has.
      this.lo = Math.max(this.lo, this.rate)
      this.settleSearch(this.hi === Infinity ? this.rate * 2 : Math.sqrt(this.lo * this.hi))
      this.raisedAt = now
      this.bound = false
    }
  }

  /**
   * The API refused a request sent at `sentAt` with a 429; `waitMs` is its Retry-After, and
   * `rounded` says it was whole seconds rounded up (so the real wait may be a second shorter).
   */
  throttle(
    cost: number,
    sentAt: number,
    now: number,
    waitMs: number | undefined,
    rounded: boolean
  ): void {
    const exact = waitMs === undefined ? 0 : rounded ? Math.max(0, waitMs - 1000) : waitMs
    this.holdUntil = Math.max(this.holdUntil, now + exact)
    // Requests already in flight meet the same empty bucket: one measure per episode.
    if (sentAt <= this.learnedAt) return
    this.learnedAt = now
    const measure = this.measureTo(sentAt, cost)
    this.anchors.push(sentAt)
    if (this.anchors.length > 8) this.anchors.shift()
    // Retry-After is at least the time the bucket needs for this request's cost: a lower bound
    // of the rate, and a tight one unless it was rounded up from under a second or two.
    // Retry-After says how long this request's cost takes to refill from what was left. The
    // first 429 of a run meets a drained bucket, so its wait bounds the rate from below. Later
    // ones may meet a bucket a hair short of the cost, rounded up to a whole second: only a
    // wait that is exact, or long enough that rounding hardly matters, bounds it then.
    const hinted = waitMs === undefined ? 0 : cost / Math.max(waitMs, 1)
    const tight = waitMs !== undefined && (!rounded || waitMs >= 2000)
    const floor = Math.min(...this.known) / 2
    if (!Number.isFinite(this.rate)) {
      // The first 429: start from the lowest documented rate the wait allows (it is rounded,
      // so a rate a little under what it implies still fits), and search from there.
      const fits = this.documentedPerMs.filter((r) => r >= hinted * 0.9)
      this.start = fits.length > 0 ? Math.min(...fits) : Math.max(hinted, floor)
      this.rate = Math.max(this.start, measure)
      this.lo = Math.max(tight ? hinted : 0, floor)
      this.measured = tight
      const before = this.accepted.reduce((sum, a) => (a.at < sentAt ? sum + a.cost : sum), 0)
      this.burst = Math.max(0, before - (sentAt - this.startedAt) * this.rate)
    } else if (!this.measured) {
      this.hi = Math.min(this.hi, this.rate)
      if (measure > 0) {
        this.rate = measure * 0.98
        this.measured = true
      } else if (this.lo >= this.start) {
        // The documented rate held and a higher one did not: that is the plan's rate. (A request
        // accepted at a higher rate proves little: the bucket may have had credit left.)
        this.rate = this.start * 0.98
        this.measured = true
      } else this.settleSearch(Math.sqrt(this.lo * this.hi))
    } else {
      // The gentle probe went over, or the bucket slowed (another job shares it): step under
      // the measure, so that a little credit gathers before the next probe spends it.
      this.rate = Math.max(measure * 0.98, tight ? hinted : 0, this.rate * 0.95)
    }
    this.rate = Math.max(this.rate, floor)
    // A long or exact wait also bounds the rate from above: nothing, a plan hint included,
    // may pace faster than what it proves.
    if (tight && waitMs !== undefined)
      this.rate = Math.min(this.rate, cost / Math.max(1, rounded ? waitMs - 1000 : waitMs / 1.1))
    this.credit = 0
    this.at = now
    this.raisedAt = now
    this.bound = false
  }

  /** The next rate of the search, which ends once the bounds are close. */
  private settleSearch(next: number): void {
    if (this.hi / this.lo < 1.15) {
      this.rate = this.lo * 0.98
      this.measured = true
    } else this.rate = next
  }

  /**
   * The bucket's rate as measured since the oldest 429 kept: at each 429 the bucket held less
   * than one request's cost, so what it accepted in between is what it refilled, give or take
   * one request. Trusted only over a few requests' worth.
   */
  private measureTo(until: number, cost: number): number {
    const from = this.anchors[0]
    if (from === undefined || until <= from) return 0
    let delivered = 0
    for (const a of this.accepted) if (a.at > from && a.at < until) delivered += a.cost
    return delivered >= 4 * cost ? delivered / (until - from) : 0
  }
}
