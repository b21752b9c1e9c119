/**
 * The deploy gate's client: polls outside origins until each one shows the deployed version.
 * Every request is bounded in time (`timeoutMs`, headers and body alike, redirects included) and
 * in body (at most `bodyLimit` bytes read, then cut), asks caches to step aside (`Cache-Control:
 * no-cache` and a query parameter no cache has seen), and keeps only a short excerpt of what it
 * read. Headers are bounded by Node's own limit (16 KiB). Requests go through the guarded client
 * (guard.ts); a redirect is followed by hand, only within the origin the user named (scheme, host
 * and port), at most five times (the one redirect policy, http.ts): any other is reported with
 * its target and never requested, and the poll is not live. Loaded only when `wait_for_url` is set.
 */
import { timeoutSignal, timerMs, type Clock } from '../clock.js'
import {
  MAX_REDIRECTS,
  redirectProblem,
  redirectTarget,
  REDIRECT_STATUSES,
  type RedirectPolicy
} from '../http.js'
import { flattenLine, quote, seconds } from '../text.js'
import { AddressRefused, type GuardedClient } from './guard.js'
import { BUST_PARAM, bustedUrl, shows, type Needle } from './needle.js'

export { BUST_PARAM, bustedUrl, markerOf, needleOf, shows, type Needle } from './needle.js'

/** Where the text was found: the body, or a header, whose name is outside text. */
export type FoundIn = 'body' | { header: string }

/** A redirect not followed: where it led (no user info, no parameter of ours), and why not. */
export interface Refused {
  to: string
  /** Words that follow "which" (http.ts, redirectProblem): our own text. */
  why: string
}

/** What one poll of a URL saw. */
export interface Look {
  /** The HTTP status, or undefined when no answer came. */
  status: number | undefined
  /** Undefined when not found. */
  foundIn: FoundIn | undefined
  /** The start of the body, as sent: outside text, escape it before it is shown. */
  excerpt: string
  /** Why there was no answer, or no whole one. */
  error: string | undefined
  /** Body bytes read: never more than the limit. */
  bytes: number
  /** Where the redirects followed (within the origin named) led, when there were any. */
  redirectedTo: string | undefined
  /** A redirect not followed, which ended the poll. */
  refused: Refused | undefined
}

export interface LookOptions {
  /** The client every request goes through (guard.ts). */
  client: GuardedClient
  userAgent: string
  timeoutMs: number
  /** A value no cache has seen before, for the query parameter. */
  bust: string
  bodyLimit?: number
}

/** A version string sits near the top of what serves it; a page's marker within its first MiB. */
export const BODY_LIMIT = 1024 * 1024
const EXCERPT_CHARS = 200

/** What the log and the summary say after a redirect not followed; `input` as each writes it. */
export const nameTheTarget = (input: string): string =>
  `a redirect is followed only within the origin named; to wait for what its target serves, name that URL in ${input}`
/** Why a redirect off the origin named is not followed, after "which". */
const OFF_ORIGIN = 'is on another origin (scheme, host or port) than the URL named'

/** Where a redirect led, as it may be shown: without our parameter (quoting hides user info). */
const shownTarget = (url: URL): string => {
  const target = new URL(url)
  target.searchParams.delete(BUST_PARAM)
  return target.href
}

/** Where the text was found, for the log (the summary escapes the header name its own way). */
export const foundWhere = (found: FoundIn): string =>
  found === 'body' ? 'the body' : `the ${flattenLine(found.header, 60)} header`

/** What went wrong, in a few words; never the whole of what a server said. */
const describeError = (error: unknown, timeoutMs: number, answered: boolean): string => {
  const name = (error as Error | undefined)?.name
  if (name === 'TimeoutError' || name === 'AbortError')
    return answered
      ? `the body did not end within ${seconds(timeoutMs)} s`
      : `no answer within ${seconds(timeoutMs)} s`
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause
  if (cause?.code === 'UND_ERR_HEADERS_OVERFLOW') return 'headers larger than 16 KiB'
  // Ours, whole: it names the host (quoted, bounded) and the address.
  if (cause instanceof AddressRefused) return cause.message
  const message =
    typeof cause?.message === 'string' && cause.message !== ''
      ? cause.message
      : String((error as Error | undefined)?.message ?? error)
  return flattenLine(message, 120)
}

type Answer = Awaited<ReturnType<GuardedClient['fetch']>>

/**
 * Reads the body no further than the limit, looking for the needle as it goes (across chunk
 * borders) when `search` is set, and stops as soon as it is found. Without `search`, reads only
 * enough for the excerpt.
 */
const readBody = async (
  response: Answer,
  needle: Needle,
  limit: number,
  search: boolean,
  look: Look
): Promise<void> => {
  if (response.body === null) return
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let tail = ''
  try {
    while (look.bytes < limit) {
      const { done, value } = await reader.read()
      if (done) break
      const part =
        value.byteLength > limit - look.bytes ? value.subarray(0, limit - look.bytes) : value
      look.bytes += part.byteLength
      const text = decoder.decode(part, { stream: true })
      if (look.excerpt.length < EXCERPT_CHARS)
        look.excerpt += text.slice(0, EXCERPT_CHARS - look.excerpt.length)
      if (!search) break
      const window = tail + text
      if (shows(window, needle)) {
        look.foundIn = 'body'
        break
      }
      tail = window.slice(-Math.max(0, needle.text.length - 1))
    }
  } finally {
    // What is left unread stays unread: an endless body costs no more than the limit.
    await reader.cancel().catch(() => undefined)
  }
}

/**
 * Requests `url` (the one the user named) with our parameter, following each redirect the
 * policy allows: the answer, or undefined when a redirect ended the poll (not followed, without
 * a Location, or one too many), as `look` says.
 */
const follow = async (
  url: string,
  options: LookOptions,
  signal: AbortSignal,
  look: Look
): Promise<Answer | undefined> => {
  const named = new URL(url)
  const policy: RedirectPolicy = {
    named: new Set([named.hostname]),
    origin: { origin: named.origin, offOrigin: OFF_ORIGIN }
  }
  const headers = {
    'cache-control': 'no-cache',
    pragma: 'no-cache',
    'user-agent': options.userAgent
  }
  let at = new URL(bustedUrl(url, options.bust))
  for (let hops = 0; ; hops++) {
    // Each hop's answer, or none when this hop gave none.
    look.status = undefined
    const response = await options.client.fetch(at, { headers, signal })
    look.status = response.status
    if (!REDIRECT_STATUSES.has(response.status)) return response
    await response.body?.cancel().catch(() => undefined)
    const to = redirectTarget(response, at)
    const why = to === undefined ? undefined : redirectProblem(at, to, policy)
    if (to === undefined) look.error = 'a redirect without a valid Location'
    else if (why !== undefined) look.refused = { to: shownTarget(to), why }
    else if (hops >= MAX_REDIRECTS) look.error = `more than ${MAX_REDIRECTS} redirects`
    else {
      look.redirectedTo = shownTarget(to)
      at = to
      continue
    }
    return undefined
  }
}

/** One poll of one URL: never throws; whatever happened is in the answer. */
export const lookAt = async (url: string, needle: Needle, options: LookOptions): Promise<Look> => {
  const look: Look = {
    status: undefined,
    foundIn: undefined,
    excerpt: '',
    error: undefined,
    bytes: 0,
    redirectedTo: undefined,
    refused: undefined
  }
  const timeoutMs = Math.max(1, timerMs(options.timeoutMs))
  try {
    // One time bound for every hop, headers and body.
    const response = await follow(url, options, timeoutSignal(timeoutMs), look)
    if (response === undefined) return look
    // Only a 2xx is the new version being served: an error page that mentions it is not.
    const ok = response.status >= 200 && response.status < 300
    if (ok)
      for (const [name, value] of response.headers)
        if (shows(value, needle)) {
          look.foundIn = { header: name }
          break
        }
    await readBody(
      response,
      needle,
      options.bodyLimit ?? BODY_LIMIT,
      ok && look.foundIn === undefined,
      look
    )
  } catch (error) {
    look.error = describeError(error, timeoutMs, look.status !== undefined)
  }
  return look
}

/** Whitespace runs made one space: an excerpt of a pretty-printed file reads on one line. */
export const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** What a poll saw, for the log: a status and a short excerpt, every outside character escaped. */
export const describeLook = (look: Look | undefined): string => {
  if (look === undefined) return 'no answer yet'
  const via = look.redirectedTo === undefined ? '' : ` from ${quote(look.redirectedTo, 120)}`
  if (look.status === undefined) return `no answer${via} (${look.error ?? 'unknown error'})`
  if (look.refused !== undefined)
    return `HTTP ${look.status}${via}, a redirect to ${quote(look.refused.to, 200)}, which ${look.refused.why}: not followed (${nameTheTarget('wait_for_url')})`
  const excerpt = collapse(look.excerpt)
  const body = excerpt === '' ? ', empty body' : ` ${quote(excerpt, 80)}`
  return `HTTP ${look.status}${via}${body}${look.error === undefined ? '' : ` (${look.error})`}`
}

/** How one URL's wait went. */
export interface Waited {
  url: string
  found: boolean
  polls: number
  /** From the start of the wait until it showed the text, or until the time ran out. */
  tookMs: number
  last: Look | undefined
}

export interface WaitOptions {
  clock: Clock
  /** Clock time by which every URL must show the text. */
  deadline: number
  /** The longest one poll may take; cut shorter near the deadline. */
  requestTimeoutMs: number
  look: (url: string, poll: number, timeoutMs: number) => Promise<Look>
  /** Told each URL's first answer and each one that differs from the one before. */
  changed: (url: string, look: Look, poll: number) => void
  intervalMs?: (poll: number) => number
}

/** The least time a poll is started with. */
const MIN_POLL_MS = 500

/** About 1 s, growing by half each time, up to 10 s. */
export const pollInterval = (poll: number): number =>
  Math.min(10_000, Math.round(1000 * 1.5 ** Math.max(0, poll - 1)))

/** What makes two answers the same for the log: one line per change, not per poll. */
const lookKey = (look: Look): string =>
  JSON.stringify([
    look.status,
    look.error,
    look.foundIn,
    look.redirectedTo,
    look.refused,
    collapse(look.excerpt)
  ])

const waitForOne = async (url: string, options: WaitOptions): Promise<Waited> => {
  const { clock, deadline } = options
  const interval = options.intervalMs ?? pollInterval
  const started = clock.now()
  let last: Look | undefined
  let shown = ''
  let polls = 0
  for (;;) {
    const left = deadline - clock.now()
    // A poll with next to no time left could only fail, and would hide what the last one saw.
    if (left < MIN_POLL_MS) {
      if (left > 0) await clock.sleep(left)
      return { url, found: false, polls, tookMs: clock.now() - started, last }
    }
    polls++
    last = await options.look(url, polls, Math.min(options.requestTimeoutMs, left))
    const key = lookKey(last)
    if (key !== shown) options.changed(url, last, polls)
    shown = key
    if (last.foundIn !== undefined)
      return { url, found: true, polls, tookMs: clock.now() - started, last }
    await clock.sleep(Math.min(interval(polls), Math.max(0, deadline - clock.now())))
  }
}

/** Polls every URL at once, each until it shows the text or the deadline passes. */
export const waitForAll = (urls: readonly string[], options: WaitOptions): Promise<Waited[]> =>
  Promise.all(urls.map((url) => waitForOne(url, options)))
