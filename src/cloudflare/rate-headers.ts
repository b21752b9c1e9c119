/**
 * What a reply's headers say about rate limits. Two limits exist and no header mixes them up:
 * `Ratelimit` / `Ratelimit-Policy` (IETF draft, always sent) describe the API-wide quota of
 * requests per window; the purge buckets have no header and show only as a 429 with
 * `Retry-After`. A malformed value is ignored, never read as zero.
 */
export interface ApiQuota {
  /** Requests left in the window. */
  remaining: number
  /** Time until the window resets. */
  resetMs: number
  /** The window's size in requests and time, when `Ratelimit-Policy` names the same limit. */
  quota?: number
  windowMs?: number
}

export interface RateInfo {
  /** The server's wait, from `retry-after-ms` or `Retry-After`; only values above zero. */
  retryAfterMs?: number
  /** `Retry-After` in whole seconds is rounded up: the real wait may be up to a second shorter. */
  retryAfterRounded?: boolean
  shouldRetry?: boolean
  api?: ApiQuota
}

/** A server may ask for long waits; none longer than a day is believed. */
const MAX_WAIT_MS = 86_400_000
const DECIMAL = /^\d{1,9}(\.\d{1,6})?$/

const positive = (ms: number): number | undefined =>
  Number.isFinite(ms) && ms > 0 && ms <= MAX_WAIT_MS ? ms : undefined

export const readRateHeaders = (headers: Pick<Headers, 'get'>, now: number): RateInfo => {
  const info: RateInfo = {}
  const ms = headers.get('retry-after-ms')?.trim()
  const after = headers.get('retry-after')?.trim()
  const fromMs = ms !== undefined && DECIMAL.test(ms) ? positive(Number(ms)) : undefined
  if (fromMs !== undefined) info.retryAfterMs = fromMs
  else if (after !== undefined && after !== '') {
    if (/^\d+$/.test(after)) {
      const wait = positive(Number(after) * 1000)
      if (wait !== undefined) {
        info.retryAfterMs = wait
        info.retryAfterRounded = true
      }
    } else if (/[a-z]/i.test(after)) {
      const wait = positive(Date.parse(after) - now)
      if (wait !== undefined) info.retryAfterMs = wait
    }
  }
  const shouldRetry = headers.get('x-should-retry')?.trim()
  if (shouldRetry === 'true' || shouldRetry === 'false') info.shouldRetry = shouldRetry === 'true'
  const api = apiQuota(headers.get('ratelimit'), headers.get('ratelimit-policy'))
  if (api !== undefined) info.api = api
  return info
}

interface Item {
  name: string
  params: Record<string, number>
}

/** The items of a structured-field list such as `"default";r=50;t=30, "burst";r=5;t=1`. */
export const structuredItems = (value: string | null): Item[] => {
  if (value === null || value.length > 4096) return []
  return value.split(',').flatMap((raw) => {
    const [head, ...parts] = raw.split(';').map((s) => s.trim())
    if (head === undefined || head === '') return []
    const params: Record<string, number> = {}
    for (const part of parts) {
      const match = /^([a-z][a-z0-9_-]*)=(\d{1,12})$/i.exec(part)
      if (match !== null) params[match[1]!.toLowerCase()] = Number(match[2])
    }
    return [{ name: head.replace(/^"|"$/g, ''), params }]
  })
}

/**
 * The most constraining item of `Ratelimit` (fewest requests left, then the longest reset), with
 * the quota and window of the policy of the same name, or of the only policy when there is one.
 */
const apiQuota = (limit: string | null, policy: string | null): ApiQuota | undefined => {
  const items = structuredItems(limit).filter(
    (i) => i.params.r !== undefined && i.params.t !== undefined
  )
  if (items.length === 0) return undefined
  const tightest = items.reduce((a, b) =>
    b.params.r! < a.params.r! || (b.params.r === a.params.r && b.params.t! > a.params.t!) ? b : a
  )
  const policies = structuredItems(policy).filter(
    (p) => p.params.q !== undefined && p.params.w !== undefined && p.params.w > 0
  )
  const match =
    policies.find((p) => p.name === tightest.name) ??
    (policies.length === 1 && items.length === 1 ? policies[0] : undefined)
  return {
    remaining: tightest.params.r!,
    resetMs: tightest.params.t! * 1000,
    ...(match === undefined ? {} : { quota: match.params.q!, windowMs: match.params.w! * 1000 })
  }
}
