/**
 * After a purge, asks the edge whether it took: requests purged URLs through Cloudflare and reads
 * `CF-Cache-Status` and `Age`. A 200 from the purge API means accepted, not removed; this is
 * the check Cloudflare's API reference itself suggests. Loaded only when `verify` is on.
 */
import { flattenLine } from '../text.js'
import { type UrlItem } from '../model.js'
import { type Clock } from '../clock.js'

/** What an edge answer says of one purged URL (cloudflare/verdict.ts judges API replies). */
export type EdgeVerdict =
  | 'purged'
  | 'refilled'
  | 'revalidating'
  | 'stale'
  | 'not cached'
  | 'not through Cloudflare'
  | 'could not check'

export interface Check {
  url: string
  headers: Record<string, string>
  status: string
  age: number | undefined
  verdict: EdgeVerdict
  detail: string
  attempts: number
}

export interface Seen {
  /** CF-Cache-Status, upper-cased; '' when absent. */
  status: string
  age: number | undefined
  /** When the answer came, in ms since the epoch. */
  at: number
}

/** Seconds of clock difference forgiven between the runner and the edge. */
const SKEW_S = 2

/**
 * What one answer says of a purge made at `purgedAt` (ms since the epoch). A HIT whose age
 * reaches back before the purge was not purged; one younger than it was cached again since.
 */
export const judgeEdge = (
  seen: Seen,
  purgedAt: number,
  mode: 'purge' | 'invalidate'
): { verdict: EdgeVerdict; detail: string } => {
  switch (seen.status) {
    case 'MISS':
      return { verdict: 'purged', detail: 'fetched from the origin (MISS)' }
    case 'EXPIRED':
      return { verdict: 'purged', detail: 'expired and fetched again (EXPIRED)' }
    case 'REVALIDATED':
      return { verdict: 'purged', detail: 'revalidated with the origin (REVALIDATED)' }
    case 'HIT': {
      if (seen.age === undefined)
        return {
          verdict: 'refilled',
          detail: 'HIT without an Age header: cannot tell when it was cached'
        }
      const cachedAt = seen.at - seen.age * 1000
      return cachedAt >= purgedAt - SKEW_S * 1000
        ? { verdict: 'refilled', detail: `cached again ${seen.age} s ago, after the purge (HIT)` }
        : { verdict: 'stale', detail: `cached ${seen.age} s ago, before the purge (HIT)` }
    }
    case 'UPDATING':
    case 'STALE':
      return mode === 'invalidate'
        ? { verdict: 'revalidating', detail: `served stale while it revalidates (${seen.status})` }
        : { verdict: 'stale', detail: `served from the cache as stale (${seen.status})` }
    case 'DYNAMIC':
    case 'BYPASS':
    case 'NONE':
    case 'UNKNOWN':
      return { verdict: 'not cached', detail: `not cached by Cloudflare at all (${seen.status})` }
    case '':
      return {
        verdict: 'not through Cloudflare',
        detail: "no CF-Cache-Status header: not served through Cloudflare's cache"
      }
    default:
      return {
        verdict: 'could not check',
        detail: `unknown CF-Cache-Status "${flattenLine(seen.status, 20)}"`
      }
  }
}

/** At most `limit` items spread evenly over the list: the first, the last, and between. */
export const spread = <T>(items: readonly T[], limit: number): T[] => {
  if (items.length <= limit) return [...items]
  if (limit <= 1) return items.slice(0, Math.max(0, limit))
  return Array.from(
    { length: limit },
    (_, i) => items[Math.round((i * (items.length - 1)) / (limit - 1))]!
  )
}

export interface ToCheck {
  item: UrlItem
  /** When the purge of it was accepted, in ms since the epoch. */
  purgedAt: number
}

export interface VerifyOptions {
  mode: 'purge' | 'invalidate'
  /** Clock time by which every check must be done. */
  deadline: number
  clock: Clock
  /** Fetches one URL through the edge and says what it saw; rejects when it could not. */
  fetchEdge: (url: string, headers: Record<string, string>, timeoutMs: number) => Promise<Seen>
  inFlight?: number
  /** Waits between looks at a stale answer, in ms: propagation takes a moment. */
  retryDelaysMs?: number[]
}

const verdictOrder: EdgeVerdict[] = [
  'stale',
  'could not check',
  'not through Cloudflare',
  'not cached',
  'revalidating',
  'refilled',
  'purged'
]

/** Checks each URL, a few in flight, within the deadline. */
export const verify = async (
  items: readonly ToCheck[],
  options: VerifyOptions
): Promise<Check[]> => {
  const { clock } = options
  const delays = options.retryDelaysMs ?? [1000, 2000, 3000]
  const checks: Check[] = new Array(items.length)
  let next = 0
  const one = async ({ item, purgedAt }: ToCheck): Promise<Check> => {
    const url = typeof item === 'string' ? item : item.url
    const headers = typeof item === 'string' ? {} : item.headers
    let attempts = 0
    for (;;) {
      attempts++
      const left = options.deadline - clock.now()
      const unchecked = (detail: string): Check => ({
        url,
        headers,
        status: '',
        age: undefined,
        verdict: 'could not check',
        detail,
        attempts
      })
      if (left <= 0) return unchecked('the timeout ran out first')
      let seen: Seen
      try {
        seen = await options.fetchEdge(url, headers, Math.min(10_000, left))
      } catch (error) {
        return unchecked(flattenLine((error as Error).message, 120))
      }
      const { verdict, detail } = judgeEdge(seen, purgedAt, options.mode)
      const wait = delays[attempts - 1]
      if (verdict !== 'stale' || wait === undefined || clock.now() + wait > options.deadline)
        return { url, headers, status: seen.status, age: seen.age, verdict, detail, attempts }
      await clock.sleep(wait)
    }
  }
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      checks[index] = await one(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.inFlight ?? 4, items.length) }, worker))
  return checks
}

/** Counts per verdict, worst first, for the `verified` output and the log. */
export const tally = (checks: readonly Check[]): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const verdict of verdictOrder) {
    const n = checks.filter((c) => c.verdict === verdict).length
    if (n > 0) counts[verdict] = n
  }
  return counts
}
