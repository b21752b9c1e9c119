/**
 * HTTP from outside: bodies read no further than a limit, so that an endless or huge answer
 * cannot exhaust memory; and the one policy for the redirects a fetch follows by hand.
 */
import { HOST_KIND_WORDS, hostKind } from './address.js'

export class TooLarge extends Error {
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
