// @ts-check
/**
 * Plan-like purge limits from Cloudflare's documentation (see the README's "Plan limits"): a
 * token bucket for tag/host/prefix/everything requests, one for single-file URLs (counted per
 * URL), and the largest number of items one request may carry.
 *
 * @typedef {{ rate: number, burst: number }} BucketSpec rate in tokens per second
 * @typedef {{ requests?: BucketSpec, urls?: BucketSpec, maxFiles: number, maxItems: number }} Limits
 */

/** @type {Record<string, Limits>} */
export const PLANS = {
  free: {
    requests: { rate: 5 / 60, burst: 25 },
    urls: { rate: 800, burst: 800 },
    maxFiles: 100,
    maxItems: 100
  },
  pro: {
    requests: { rate: 5, burst: 25 },
    urls: { rate: 1500, burst: 1500 },
    maxFiles: 100,
    maxItems: 100
  },
  business: {
    requests: { rate: 10, burst: 50 },
    urls: { rate: 1500, burst: 1500 },
    maxFiles: 100,
    maxItems: 100
  },
  enterprise: {
    requests: { rate: 50, burst: 500 },
    urls: { rate: 3000, burst: 3000 },
    maxFiles: 500,
    maxItems: 100
  },
  // The older pages' cap of 30 items per request, to prove the action copes with a smaller cap.
  legacy: {
    requests: { rate: 5, burst: 25 },
    urls: { rate: 1500, burst: 1500 },
    maxFiles: 30,
    maxItems: 30
  },
  unlimited: { maxFiles: 500, maxItems: 100 }
}

/** A token bucket on a clock in milliseconds. */
export class TokenBucket {
  /** @param {BucketSpec} spec @param {() => number} now */
  constructor(spec, now) {
    this.rate = spec.rate / 1000
    this.burst = spec.burst
    this.tokens = spec.burst
    this.now = now
    this.at = now()
  }

  refill() {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + (now - this.at) * this.rate)
    this.at = now
  }

  /** Spends `cost` tokens if there are enough; else says how long until there will be. @param {number} cost */
  take(cost) {
    this.refill()
    const need = Math.min(cost, this.burst)
    if (this.tokens >= need) {
      this.tokens -= cost
      return { ok: true, waitMs: 0 }
    }
    return { ok: false, waitMs: (need - this.tokens) / this.rate }
  }

  /** The IETF draft headers: what is left, and the bucket's size over the time it takes to fill. */
  headers() {
    this.refill()
    const remaining = Math.max(0, Math.floor(this.tokens))
    return {
      ratelimit: `"purge";r=${remaining};t=${Math.ceil(Math.max(0, this.burst - this.tokens) / this.rate / 1000)}`,
      'ratelimit-policy': `"burst";q=${this.burst};w=${Math.round(this.burst / this.rate) / 1000}`
    }
  }
}
