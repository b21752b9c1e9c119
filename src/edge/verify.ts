/**
 * After a purge, asks the edge whether it took: requests purged URLs through Cloudflare and reads
 * `CF-Cache-Status` and `Age`. A 200 from the purge API means accepted, not removed; this is
 * the check Cloudflare's API reference itself suggests. Loaded only when `verify` is on.
 */
import { flattenLine, quote } from '../text.js'
import { type UrlItem } from '../model.js'
import { type Clock } from '../clock.js'
import type { PageFacts } from './page.js'

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
  /** What the last answer's body and headers showed, when the fetch inspected it. */
  page?: PageFacts
}

export interface Seen {
  /** CF-Cache-Status, upper-cased; '' when absent. */
  status: string
  /** The Age header as it came (two of them joined by ", "), trimmed; undefined when absent. */
  age: string | undefined
  /** When the answer came, in ms since the epoch. */
  at: number
  /** What the body and headers showed, when the fetch inspected them. */
  page?: PageFacts
}

/** Seconds of clock difference forgiven between the runner and the edge. */
export const SKEW_S = 2

/** RFC 9111 §1.2.2: a delta-seconds too large to hold counts as 2^31 seconds. */
const MAX_AGE_S = 2 ** 31

/**
 * The Age header's seconds, when it is one RFC 9111 delta-seconds value: digits only. Anything
 * else (a sign, a fraction, a word, a list from two headers) says nothing about when the page was
 * cached, so it is a problem, never a young age.
 */
export const readAge = (raw: string | undefined): { seconds: number } | { problem: string } => {
  if (raw === undefined) return { problem: 'without an Age header' }
  if (raw === '') return { problem: 'with an empty Age header' }
  if (/^\d+$/.test(raw)) return { seconds: Math.min(Number(raw), MAX_AGE_S) }
  // One Age holds no comma; fetch joins two headers with ", ".
  if (raw.includes(',')) return { problem: `with more than one Age header (${quote(raw, 20)})` }
  return { problem: `with an Age of ${quote(raw, 20)}, not a whole number of seconds` }
}

/** The Age in seconds when it is valid, for the report's table. */
export const ageSeconds = (raw: string | undefined): number | undefined => {
  const age = readAge(raw)
  return 'seconds' in age ? age.seconds : undefined
}

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
      const age = readAge(seen.age)
      if ('problem' in age)
        return {
          verdict: 'could not check',
          detail: `HIT ${age.problem}: cannot tell when it was cached`
        }
      const cachedAt = seen.at - age.seconds * 1000
      return cachedAt >= purgedAt - SKEW_S * 1000
        ? {
            verdict: 'refilled',
            detail: `cached again ${age.seconds} s ago, after the purge (HIT)`
          }
        : { verdict: 'stale', detail: `cached ${age.seconds} s ago, before the purge (HIT)` }
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
        return {
          url,
          headers,
          status: seen.status,
          age: ageSeconds(seen.age),
          verdict,
          detail,
          attempts,
          ...(seen.page === undefined ? {} : { page: seen.page })
        }
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
