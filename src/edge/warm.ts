/**
 * Warming: after a purge, each purged URL is requested once through Cloudflare, with the headers
 * of its cache key, so the first visitor near the runner finds it cached. The body is read to its
 * end (a cache fill the client abandons may be abandoned too) and thrown away as it comes: memory
 * stays flat whatever the size. Loaded only when `warm` is on.
 */
import type { Clock } from '../clock.js'
import { httpCall } from '../http.js'
import type { UrlItem } from '../model.js'
import { flattenLine, seconds } from '../text.js'
import { edgeHeaders, edgeTarget, EDGE_OVERRIDE } from './fetch.js'

/** What one warming request got. */
export interface Warmed {
  url: string
  headers: Record<string, string>
  /** The HTTP status; undefined when the request failed. */
  status: number | undefined
  /** CF-Cache-Status as one short word: "absent" when missing, "OTHER" when not a word. */
  cache: string
  ms: number
  error: string | undefined
}

export interface EdgeAnswer {
  status: number
  cache: string
}

export interface WarmOptions {
  clock: Clock
  /** Clock time by which warming must be done: what is left is not fetched. */
  deadline: number
  concurrency: number
  requestTimeoutMs: number
  /** Takes each answer as it comes: warming keeps none of them (report/warm.ts tallies them). */
  onWarmed: (warmed: Warmed) => void
  fetchEdge: (
    url: string,
    headers: Record<string, string>,
    timeoutMs: number
  ) => Promise<EdgeAnswer>
}

/** A cache key as warming and verification both name it: the URL and its headers, names in lower case. */
export const edgeKey = (url: string, headers: Record<string, string>): string =>
  `${url}\n${JSON.stringify(
    Object.entries(headers)
      .map(([name, value]) => [name.toLowerCase(), value])
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
  )}`

export const urlAndHeaders = (item: UrlItem): { url: string; headers: Record<string, string> } =>
  typeof item === 'string' ? { url: item, headers: {} } : item

/** Outside text made a JSON key and a table cell: a word of at most 16 letters, or OTHER. */
export const cacheWord = (header: string | null): string => {
  const value = (header ?? '').trim().toUpperCase()
  if (value === '') return 'absent'
  return /^[A-Z][A-Z_-]{0,15}$/.test(value) ? value : 'OTHER'
}

const describeError = (error: unknown, timeoutMs: number): string => {
  const name = (error as Error | undefined)?.name
  if (name === 'TimeoutError' || name === 'AbortError')
    return `no whole answer within ${seconds(timeoutMs)} s`
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause
  const message =
    typeof cause?.message === 'string' && cause.message !== ''
      ? cause.message
      : String((error as Error | undefined)?.message ?? error)
  return flattenLine(message, 120)
}

/**
 * Requests one URL through the edge (or CLOUDFLARE_PURGE_EDGE_URL's) and reads the body to its
 * end, dropping it as it comes; a redirect is the answer (it is what is cached for the URL).
 * Through node:http(s) (http.ts): warming makes up to 100,000 requests.
 */
export const warmThroughEdge =
  (userAgent: string, edge = process.env[EDGE_OVERRIDE]) =>
  async (url: string, headers: Record<string, string>, timeoutMs: number): Promise<EdgeAnswer> => {
    const { address, extra } = edgeTarget(url, edge)
    const answer = await httpCall(address, {
      headers: edgeHeaders(headers, extra, userAgent),
      timeoutMs,
      read: 'drain'
    })
    return { status: answer.status, cache: cacheWord(answer.headers.get('cf-cache-status')) }
  }

const MIN_REQUEST_MS = 100

/** What warming did: how many URLs it requested (each answer went to onWarmed), and how many the deadline left out. */
export interface WarmRun {
  requested: number
  outOfTime: number
  ms: number
}

/** Fetches each item once, `concurrency` at a time, in order, until the deadline. */
export const warmAll = async (
  items: readonly UrlItem[],
  options: WarmOptions
): Promise<WarmRun> => {
  const { clock } = options
  const started = clock.now()
  let next = 0
  const one = async (item: UrlItem): Promise<Warmed> => {
    const { url, headers } = urlAndHeaders(item)
    const left = options.deadline - clock.now()
    const timeoutMs = Math.min(options.requestTimeoutMs, left)
    const began = clock.now()
    try {
      const answer = await options.fetchEdge(url, headers, timeoutMs)
      return { url, headers, ...answer, ms: clock.now() - began, error: undefined }
    } catch (error) {
      return {
        url,
        headers,
        status: undefined,
        cache: 'absent',
        ms: clock.now() - began,
        error: describeError(error, timeoutMs)
      }
    }
  }
  const worker = async () => {
    // A request started with almost no time left would only fail: what is left is out of time.
    while (next < items.length && options.deadline - clock.now() >= MIN_REQUEST_MS)
      options.onWarmed(await one(items[next++]!))
  }
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker)
  )
  return { requested: next, outOfTime: items.length - next, ms: clock.now() - started }
}
