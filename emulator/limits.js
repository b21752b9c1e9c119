// @ts-check
/**
 * The limits of Cloudflare's API as documented (/work/shared/docs, "Limits" and "Two different
 * rate limits"): the API-wide quota of requests per token in a fixed window, and per plan the
 * purge buckets of the account (one for tag/host/prefix/everything requests, one for
 * single-file URLs counted per URL) and the most items one request may carry.
 *
 * @typedef {{ rate: number, burst: number }} BucketSpec rate in tokens per second
 * @typedef {{ requests?: BucketSpec, urls?: BucketSpec, maxFiles: number, maxItems: number, legacyId?: string, planName?: string }} Limits
 * @typedef {{ requests: number, windowS: number }} ApiLimit
 */

/** 1,200 requests per 5 minutes per user or token, across every endpoint. */
export const API_LIMIT = { requests: 1200, windowS: 300 }

// The URL buckets' burst is not documented ("URL thresholds are a moving average"). A guess
// that no real API could be stricter than by much: one second's worth of the rate.
/** @type {Record<string, Limits>} */
export const PLANS = {
  free: {
    requests: { rate: 5 / 60, burst: 25 },
    urls: { rate: 800, burst: 800 },
    maxFiles: 100,
    maxItems: 100,
    legacyId: 'free',
    planName: 'Free Website'
  },
  pro: {
    requests: { rate: 5, burst: 25 },
    urls: { rate: 1500, burst: 1500 },
    maxFiles: 100,
    maxItems: 100,
    legacyId: 'pro',
    planName: 'Pro Website'
  },
  business: {
    requests: { rate: 10, burst: 50 },
    urls: { rate: 1500, burst: 1500 },
    maxFiles: 100,
    maxItems: 100,
    legacyId: 'business',
    planName: 'Business Website'
  },
  enterprise: {
    requests: { rate: 50, burst: 500 },
    urls: { rate: 3000, burst: 3000 },
    maxFiles: 500,
    maxItems: 100,
    legacyId: 'enterprise',
    planName: 'Enterprise Website'
  },
  // Not a plan: a Pro zone with the older pages' cap of 30 items per request, to prove a client
  // copes with a smaller cap than it assumed.
  legacy: {
    requests: { rate: 5, burst: 25 },
    urls: { rate: 1500, burst: 1500 },
    maxFiles: 30,
    maxItems: 30,
    legacyId: 'pro',
    planName: 'Pro Website'
  },
  // Not a plan: no purge buckets at all, for tests that are not about rate limits. The API-wide
  // quota still applies.
  unlimited: {
    maxFiles: 500,
    maxItems: 100,
    legacyId: 'enterprise',
    planName: 'Enterprise Website'
  }
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
}

/**
 * A fixed window counted in requests. The window opens with the first request after the last
 * one ended (the docs do not say where windows are aligned; this keeps runs repeatable).
 */
export class FixedWindow {
  /** @param {ApiLimit} spec @param {() => number} now */
  constructor(spec, now) {
    this.quota = spec.requests
    this.windowMs = spec.windowS * 1000
    this.now = now
    this.end = -Infinity
    this.count = 0
  }

  /** Counts one request, refused or not; says whether it is within the quota and what is left. */
  take() {
    const now = this.now()
    if (now >= this.end) {
      this.end = now + this.windowMs
      this.count = 0
    }
    this.count++
    return {
      ok: this.count <= this.quota,
      remaining: Math.max(0, this.quota - this.count),
      // Retry-After is documented as rounded up. Less a hair: end - now can come out a float
      // above the window, which ceil would round up.
      resetS: Math.max(1, Math.ceil((this.end - now) / 1000 - 1e-9)),
      // How `t` of the Ratelimit header is rounded is not documented: down, the unkind way,
      // since a client that trusts it then resumes up to a second early.
      headerS: Math.floor((this.end - now) / 1000 + 1e-9)
    }
  }
}
