import type { ApiQuota } from '../cloudflare/rate-headers.js'

/**
 * The API-wide limit (1,200 requests per 5 minutes per token, across every endpoint), as the
 * `Ratelimit` headers describe it. Going over it locks every call out until the window ends, so
 * the run never spends its last request: when none is left it holds until the window resets,
 * then sends one request to read the new window before the others follow.
 */
/** `t` is whole seconds, rounded one way or the other: a second of margin covers both. */
const ROUNDING_MS = 1000

export class Quota {
  /** The least of `r + n` over this window's answers, where n counts requests sent before it. */
  private ceiling = Infinity
  private resetAt = -Infinity
  private sent = 0
  /** The request that probes a window that should have reset, while it is out. */
  private probe: number | undefined
  private limit: number | undefined

  /** Whether the API describes its quota at all. */
  known = false

  /** Time to wait before one more request may go, or undefined to wait for an answer first. */
  waitMs(now: number): number | undefined {
    if (!this.known) return 0
    if (this.ceiling - this.sent > 0) return 0
    if (now < this.resetAt + ROUNDING_MS) return this.resetAt + ROUNDING_MS - now
    return this.probe === undefined ? 0 : undefined
  }

  /** A request goes out; returns its place in the order of sending. */
  send(now: number): number {
    const order = ++this.sent
    if (this.known && this.ceiling - order < 0 && now >= this.resetAt + ROUNDING_MS)
      this.probe = order
    return order
  }

  /** Folds in what an answer's headers said; `order` is what `send` returned for it. */
  answered(order: number, quota: ApiQuota | undefined, now: number): void {
    if (order === this.probe) this.probe = undefined
    if (quota === undefined) return
    this.known = true
    if (quota.quota !== undefined) this.limit = quota.quota
    const resetAt = now + quota.resetMs
    const ceiling = quota.remaining + order
    if (resetAt > this.resetAt + 1000) {
      // A new window: this answer is the first news of it.
      this.resetAt = resetAt
      this.ceiling = ceiling
    } else if (resetAt > this.resetAt - 1000) {
      // Each answer's `t` is rounded, which way nobody documents: take the latest reset said,
      // and hold a second past it (ROUNDING_MS), so that no request goes before the window ends.
      this.ceiling = Math.min(this.ceiling, ceiling)
      this.resetAt = Math.max(this.resetAt, resetAt)
    }
  }

  /** The API said no request is left: nothing goes until `until`. */
  exhausted(until: number): void {
    this.known = true
    this.ceiling = this.sent
    this.resetAt = Math.max(this.resetAt, until)
  }

  /** Requests per window, when a `Ratelimit-Policy` said so. */
  get quota(): number | undefined {
    return this.limit
  }
}
