/**
 * HTTP from outside: bodies read no further than a limit, so that an endless or huge answer
 * cannot exhaust memory; one bounded exchange over node:http(s); and the one policy for the
 * redirects a fetch follows by hand.
 */
import type { ClientRequest, IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { timerMs } from './clock.js'
import { HOST_KIND_WORDS, hostKind } from './address.js'

export class TooLarge extends Error {
  /** Of the answer whose body it was, when read by httpCall. */
  status?: number
  headers?: Pick<Headers, 'get'>
  constructor(readonly limit: number) {
    super(
      `the answer is larger than ${limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MiB` : `${Math.round(limit / 1024)} KiB`}`
    )
    this.name = 'TooLarge'
  }
}

/** The body's bytes, once inflated (fetch inflates a gzip Content-Encoding), at most `limit`. */
export const readBounded = async (response: Response, limit: number): Promise<Uint8Array> => {
  if (response.body === null) return new Uint8Array()
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw new TooLarge(limit)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

const NULL_BODY = new Set([204, 205, 304])

/**
 * A fetch whose answers are read in full, up to `limit`, before they are handed on: for clients
 * such as Octokit that read whole bodies themselves. Throws TooLarge past the limit.
 */
export const boundedFetch =
  (inner: typeof fetch, limit: number): typeof fetch =>
  async (input, init) => {
    const response = await inner(input, init)
    const bytes = await readBounded(response, limit)
    const headers = new Headers(response.headers)
    // The body handed on is already inflated and may be shorter than first announced.
    headers.delete('content-encoding')
    headers.delete('content-length')
    const bounded = new Response(NULL_BODY.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers
    })
    Object.defineProperty(bounded, 'url', { value: response.url })
    return bounded
  }

/** The answers that redirect; any fetch here follows them by hand, one hop at a time. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])
/** The most redirects one request follows. */
export const MAX_REDIRECTS = 5

/** Where a redirect answer leads, resolved against the URL that gave it; undefined without one. */
export const redirectTarget = (
  response: { headers: { get: (name: string) => string | null } },
  base: URL
): URL | undefined => {
  const location = response.headers.get('location')
  if (location === null) return undefined
  try {
    return new URL(location, base)
  } catch {
    return undefined
  }
}

export interface RedirectPolicy {
  /**
   * Hosts the user named, as a URL's `hostname`: the only ones a redirect may take to a loopback,
   * private, link-local or unspecified address.
   */
  named: ReadonlySet<string>
  /** The origin every hop must stay on, when there is one, and what to say of a hop off it. */
  origin?: { origin: string; offOrigin: string }
}

/**
 * Why a redirect from `from` to `to` is not followed, as words that follow "which"
 * (`redirects to "…", which is not an http(s) URL`); undefined when it may be followed. Judged
 * on the URL alone: a name is resolved where the connection is made (edge/guard.ts).
 */
export const redirectProblem = (from: URL, to: URL, policy: RedirectPolicy): string | undefined => {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return 'is not an http(s) URL'
  if (to.username !== '' || to.password !== '') return 'has a user name or password'
  if (from.protocol === 'https:' && to.protocol === 'http:')
    return 'steps down from https to plain http'
  const kind = hostKind(to.hostname)
  if (kind !== 'public' && !policy.named.has(to.hostname))
    return `points to ${HOST_KIND_WORDS[kind]}`
  if (policy.origin !== undefined && to.origin !== policy.origin.origin)
    return policy.origin.offOrigin
  return undefined
}

/** An answer read over node:http(s): its status, its headers, and its body (empty when not kept). */
export interface HttpAnswer {
  status: number
  /** Names in any case; a name sent several times, its values joined with ", ". */
  headers: Pick<Headers, 'get' | 'forEach'>
  body: Uint8Array
  /** Set when `read: { upTo }` kept only the start of a longer body. */
  cut?: boolean
}

export interface HttpCall {
  method?: 'GET' | 'POST'
  /** Sent as given: give each name once. */
  headers: Record<string, string>
  body?: string
  /** Bounds the whole exchange, headers and body alike: past it, a RequestTimeout. */
  timeoutMs: number
  /** Ends the exchange at once when it aborts, rejecting with its reason. */
  signal?: AbortSignal | undefined
  /**
   * What becomes of the body: kept up to this many bytes once inflated (TooLarge past it), its
   * first `upTo` bytes kept and the rest never read (`cut` says so), read to its end and dropped
   * ('drain'), or not read ('headers': the connection is closed).
   */
  read: number | { upTo: number } | 'drain' | 'headers'
}

/** The exchange did not end within its time. */
export class RequestTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${Math.round(ms / 100) / 10} s`)
    this.name = 'TimeoutError'
  }
}

/** The headers as fetch reads them: a name sent several times has its values joined with ", ". */
const headersOf = (response: IncomingMessage): Pick<Headers, 'get' | 'forEach'> => {
  const joined = new Map<string, string>()
  const raw = response.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const before = joined.get(name)
    joined.set(name, before === undefined ? raw[i + 1]! : `${before}, ${raw[i + 1]!}`)
  }
  return {
    get: (name) => joined.get(name.toLowerCase()) ?? null,
    forEach: (each) => joined.forEach((value, name) => each(value, name, undefined as never))
  }
}

/** node:http(s), zlib and stream, loaded on the first exchange: a dry run never pays for them. */
interface Transport {
  http: typeof import('node:http').request
  https: typeof import('node:https').request
  zlib: typeof import('node:zlib')
  pipeline: typeof import('node:stream').pipeline
}
let transport: Promise<Transport> | undefined
const loadTransport = (): Promise<Transport> =>
  (transport ??= Promise.all([
    import('node:http'),
    import('node:https'),
    import('node:zlib'),
    import('node:stream')
  ]).then(([http, https, zlib, stream]) => ({
    http: http.request,
    https: https.request,
    zlib,
    pipeline: stream.pipeline
  })))

/** The body as sent, inflated as fetch inflates it (gzip, deflate, br); a cut stream is an error. */
const inflated = (response: IncomingMessage, { zlib, pipeline }: Transport): Readable => {
  const coding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase()
  // As lenient as fetch with a stream cut at a block's end.
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH }
  const inflate =
    coding === 'gzip' || coding === 'x-gzip'
      ? zlib.createGunzip(flush)
      : coding === 'deflate'
        ? zlib.createInflate(flush)
        : coding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined
  return inflate === undefined ? response : pipeline(response, inflate, () => undefined)
}

/** Reads the body as `read` says; rejects when it is cut short, and TooLarge past the limit. */
const readBody = async (
  response: IncomingMessage,
  read: HttpCall['read'],
  t: Transport
): Promise<{ body: Uint8Array; cut: boolean }> => {
  if (read === 'headers') {
    response.destroy()
    return { body: new Uint8Array(), cut: false }
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const upTo = typeof read === 'object' ? read.upTo : undefined
  for await (const chunk of read === 'drain' ? response : inflated(response, t)) {
    if (read === 'drain') continue
    size += (chunk as Uint8Array).byteLength
    chunks.push(chunk as Uint8Array)
    if (upTo !== undefined && size > upTo) {
      // The rest is never read: the connection goes with it, not back to the pool.
      response.destroy()
      return { body: Buffer.concat(chunks).subarray(0, upTo), cut: true }
    }
    if (typeof read === 'number' && size > read) throw new TooLarge(read)
  }
  if (!response.complete) throw new Error('the connection closed before the answer ended')
  return { body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), cut: false }
}

/**
 * One HTTP exchange over node:http(s), never following a redirect, bounded in time (one timer,
 * gone with the exchange) and in body. Through keep-alive connections, as fetch; for the calls
 * made by the thousand, where fetch's cost for each (a Request, a Response, web streams, a
 * timeout signal held until it fires) made the heap grow with every one.
 */
export const httpCall = async (url: string, call: HttpCall): Promise<HttpAnswer> => {
  const t = await loadTransport()
  return new Promise((resolve, reject) => {
    let request: ClientRequest | undefined
    let settled = false
    const settle = (error: unknown, answer?: HttpAnswer) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      call.signal?.removeEventListener('abort', onAbort)
      if (answer !== undefined) return resolve(answer)
      // Not back to the pool: the connection may hold the rest of an answer.
      request?.destroy()
      reject(error)
    }
    const onAbort = () => settle(call.signal!.reason)
    const timer = setTimeout(
      () => settle(new RequestTimeout(call.timeoutMs)),
      Math.max(1, timerMs(call.timeoutMs))
    )
    if (call.signal?.aborted === true) return onAbort()
    call.signal?.addEventListener('abort', onAbort, { once: true })
    const send = url.startsWith('https:') ? t.https : t.http
    try {
      request = send(url, { method: call.method ?? 'GET', headers: call.headers }, (response) => {
        readBody(response, call.read, t).then(
          ({ body, cut }) =>
            settle(undefined, {
              status: response.statusCode ?? 0,
              headers: headersOf(response),
              body,
              ...(cut ? { cut } : {})
            }),
          (error: unknown) => {
            if (error instanceof TooLarge) {
              error.status = response.statusCode ?? 0
              error.headers = headersOf(response)
            }
            settle(error)
          }
        )
      })
    } catch (error) {
      // A header value Node refuses to send (a character outside Latin-1, a line break).
      return settle(error)
    }
    request.on('error', (error) => settle(error))
    request.end(call.body)
  })
}
