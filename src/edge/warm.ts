/**
 * Warming: after a purge, each purged URL is requested once through Cloudflare, with the headers
 * of its cache key, so the first visitor near the runner finds it cached. The body is read to its
 * end (a cache fill the client abandons may be abandoned too) and thrown away as it comes: memory
 * stays flat whatever the size. Loaded only when `warm` is on.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { timerMs, type Clock } from '../clock.js'
import type { UrlItem } from '../model.js'
import { flattenLine, seconds } from '../text.js'
import { edgeTarget, EDGE_OVERRIDE } from './fetch.js'

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

/** Headers as fetch sends them: names in lower case, a name given twice sent once, its values joined. */
const mergedHeaders = (...lists: Record<string, string>[]): Record<string, string> => {
  const merged: Record<string, string> = {}
  for (const list of lists)
    for (const [name, value] of Object.entries(list)) {
      const key = name.toLowerCase()
      merged[key] = merged[key] === undefined ? value : `${merged[key]}, ${value}`
    }
  return merged
}

/** One GET over node:http(s), its body read to the end and dropped; rejects on an error or a cut answer. */
const drained = (target: URL, headers: Record<string, string>, signal: AbortSignal) =>
  new Promise<EdgeAnswer>((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    // A redirect is what is cached for this URL: it is the answer, never followed. A header
    // value Node refuses (outside Latin-1) throws here, which rejects.
    const request = send(target, { headers, signal }, (response) => {
      response.on('error', reject)
      response.on('close', () => {
        if (!response.complete) reject(new Error('the connection closed before the answer ended'))
      })
      response.on('end', () => {
        const cache = response.headers['cf-cache-status']
        resolve({
          status: response.statusCode ?? 0,
          cache: cacheWord(Array.isArray(cache) ? cache.join(', ') : (cache ?? null))
        })
      })
      // Read to its end and thrown away as it comes.
      response.resume()
    })
    request.on('error', reject)
    request.end()
  })

/**
 * Requests one URL through the edge (or CLOUDFLARE_PURGE_EDGE_URL's) and reads the body to its
 * end, through node:http(s): warming makes up to 100,000 requests, and fetch's cost for each (a
 * Request, a Response, a stream, and a timeout signal held with them until it fires) doubled
 * the step's memory and its CPU. The bound covers headers and body alike, and ends with them.
 */
export const warmThroughEdge =
  (userAgent: string, edge = process.env[EDGE_OVERRIDE]) =>
  async (url: string, headers: Record<string, string>, timeoutMs: number): Promise<EdgeAnswer> => {
    const { address, extra } = edgeTarget(url, edge)
    const abort = new AbortController()
    const timer = setTimeout(
      () => abort.abort(new DOMException('no whole answer in time', 'TimeoutError')),
      Math.max(1, timerMs(timeoutMs))
    )
    try {
      // What fetch asked for, as a browser does: the encodings are part of what is cached.
      const sent = mergedHeaders(
        { accept: '*/*', 'accept-encoding': 'gzip, deflate, br' },
        headers,
        extra,
        { 'user-agent': userAgent }
      )
      return await drained(new URL(address), sent, abort.signal)
    } catch (error) {
      throw abort.signal.aborted ? abort.signal.reason : error
    } finally {
      clearTimeout(timer)
    }
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
