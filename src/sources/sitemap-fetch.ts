/**
 * One sitemap downloaded over HTTP. Redirects are followed by hand, at most five, so that every
 * hop is checked by the one redirect policy (http.ts: the origin an index's sitemaps must stay
 * on, no step down from https, no user name or password, no loopback, private or link-local host
 * but the one named); a transient answer (408, 429, 5xx, a reset connection, no answer in time)
 * is tried again with the API client's backoff, honouring `Retry-After` up to a bound, a few
 * times, and never past the step's deadline. No message quotes a user name or password.
 */
import { backoffMs, DEFAULT_BACKOFF, type Backoff } from '../cloudflare/backoff.js'
import { readRateHeaders } from '../cloudflare/rate-headers.js'
import { epochClock, timeoutSignal, timerMs, type Clock } from '../clock.js'
import {
  MAX_REDIRECTS,
  readBounded,
  redirectProblem,
  redirectTarget,
  REDIRECT_STATUSES,
  TooLarge,
  type RedirectPolicy
} from '../http.js'
import { quote, seconds } from '../text.js'

export class SitemapError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SitemapError'
  }
}

/** Attempts at one document, the first included. */
export const MAX_ATTEMPTS = 4
/** The longest `Retry-After` waited for: a site that asks for more is failed at once. */
export const MAX_RETRY_AFTER_MS = 30_000

const isTransient = (status: number): boolean => status === 408 || status === 429 || status >= 500

export interface FetchOptions {
  userAgent: string
  requestTimeoutMs: number
  /** When every download must be done, on `clock` (epoch ms on the default clock). */
  deadline: number
  clock?: Clock
  backoff?: Backoff
  /** Jitter for the backoff; tests pin it. */
  random?: () => number
  /** Bytes one document may have, once inflated. */
  limit: number
}

export interface Fetched {
  bytes: Uint8Array
  /** Where it was served from, after redirects. */
  url: URL
}

/**
 * One attempt: the document, a reason to try again (with the server's wait), or a refusal.
 * Reasons are what follows `Sitemap "<url>"` in a message.
 */
type Attempt =
  | { fetched: Fetched }
  | { transient: string; retryAfterMs?: number; outOfTime?: boolean }
  | { refused: string }

/** The detail of a failed request: the error's code, never a stack. */
const requestDetail = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error as Error).message
}

/**
 * The redirect policy for one sitemap: only the host asked for (the user's, or that of the index
 * that lists it) may be a local one, and a sitemap an index lists stays on the index's origin.
 */
const sitemapPolicy = (start: URL, origin: string | undefined): RedirectPolicy => ({
  named: new Set([start.hostname]),
  ...(origin === undefined
    ? {}
    : {
        origin: {
          origin,
          offOrigin: `is not on ${quote(origin, 100)}, the origin of the index that lists it`
        }
      })
})

const attempt = async (start: URL, options: FetchOptions, origin?: string): Promise<Attempt> => {
  const left = options.deadline - (options.clock ?? epochClock).now()
  if (left <= 0) return { transient: ": the step's timeout ran out before it", outOfTime: true }
  const timeoutMs = Math.max(1, timerMs(Math.min(options.requestTimeoutMs, left)))
  const signal = timeoutSignal(timeoutMs)
  let url = start
  const policy = sitemapPolicy(start, origin)
  // Every reason names the hop it came from when that is not the URL asked for.
  const via = () => (url === start ? '' : ` (redirected to ${quote(url.href, 200)})`)
  const failed = (error: unknown): Attempt => {
    if (error instanceof TooLarge)
      return { refused: `${via()} is larger than ${options.limit / 1024 / 1024} MiB` }
    if (signal.aborted)
      return {
        transient: `${via()} gave no answer within ${seconds(timeoutMs)} s`,
        outOfTime: left < options.requestTimeoutMs
      }
    return {
      transient: `${via()} could not be read: ${quote(requestDetail(error), 200).slice(1, -1)}`
    }
  }
  for (let hops = 0; ; hops++) {
    let response: Response
    try {
      response = await fetch(url, {
        headers: { 'user-agent': options.userAgent, accept: 'application/xml, text/xml, */*' },
        redirect: 'manual',
        signal
      })
    } catch (error) {
      return failed(error)
    }
    if (response.status === 200)
      try {
        return { fetched: { bytes: await readBounded(response, options.limit), url } }
      } catch (error) {
        return failed(error)
      }
    await response.body?.cancel().catch(() => undefined)
    if (REDIRECT_STATUSES.has(response.status)) {
      const next = redirectTarget(response, url)
      if (next === undefined)
        return { refused: `${via()} answered HTTP ${response.status} without a valid Location` }
      const problem = redirectProblem(url, next, policy)
      if (problem !== undefined)
        return {
          refused: `${via()} redirects to ${quote(next.href, 200)}, which ${problem}: refused`
        }
      if (hops >= MAX_REDIRECTS) return { refused: ` redirects more than ${MAX_REDIRECTS} times` }
      url = next
      continue
    }
    const answer = `${via()} answered HTTP ${response.status}, not 200`
    if (!isTransient(response.status)) return { refused: answer }
    const { retryAfterMs } = readRateHeaders(response.headers, Date.now())
    return retryAfterMs === undefined ? { transient: answer } : { transient: answer, retryAfterMs }
  }
}

/**
 * The document at `url` and where it was served from. `origin`, when given, is the origin every
 * redirect must stay on. Throws SitemapError, naming the URL without its user name or password.
 */
export const fetchSitemap = async (
  url: URL,
  options: FetchOptions,
  origin?: string
): Promise<Fetched> => {
  const name = `Sitemap ${quote(url.href)}`
  // Node's fetch refuses such a URL with a message that quotes it whole, password included.
  if (url.username !== '' || url.password !== '')
    throw new SitemapError(
      `${name} has a user name or password in its URL; the action sends none to a sitemap, so it is not read`
    )
  const clock = options.clock ?? epochClock
  for (let attempts = 1; ; attempts++) {
    const result = await attempt(url, options, origin)
    if ('fetched' in result) return result.fetched
    if ('refused' in result) throw new SitemapError(`${name}${result.refused}`)
    const reason = `${name}${result.transient}`
    const tried = `${attempts} attempt${attempts === 1 ? '' : 's'}`
    if (result.outOfTime) throw new SitemapError(attempts === 1 ? reason : `${reason} (${tried})`)
    if (attempts >= MAX_ATTEMPTS) throw new SitemapError(`${reason} (${tried})`)
    const asked = result.retryAfterMs
    if (asked !== undefined && asked > MAX_RETRY_AFTER_MS)
      throw new SitemapError(
        `${reason}, and asked to wait ${Math.ceil(asked / 1000)} s, longer than the ${MAX_RETRY_AFTER_MS / 1000} s a sitemap is waited for`
      )
    // The server's wait when it names one, but never less than backoff: no storm on `0`.
    const waitMs = Math.max(
      asked ?? 0,
      backoffMs(attempts - 1, options.backoff ?? DEFAULT_BACKOFF, options.random)
    )
    if (clock.now() + waitMs >= options.deadline)
      throw new SitemapError(`${reason} (${tried}; the step's timeout leaves no time for another)`)
    await clock.sleep(waitMs)
  }
}
