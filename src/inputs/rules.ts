import { domainToASCII } from 'node:url'
import * as z from 'zod/mini'
import { quote } from '../text.js'
import type { UrlItem } from '../model.js'

/** What Cloudflare accepts for each kind of purge item, checked before anything is sent. */

export const ZONE_ID = /^[0-9a-f]{32}$/i
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const HOSTNAME = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)*${LABEL}$`, 'i')
const DOMAIN = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+${LABEL}$`, 'i')
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/** Why a URL input refuses a user name or password, in one wording for every such input. */
export const CREDENTIALS_PROBLEM =
  'must not contain a user name or password (an "@" before the host)'

const custom = (check: (value: string) => string | undefined) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const problem = check(value)
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value })
    })
  )

/**
 * Text that was not valid Unicode where it came from (a file or variable decoded with U+FFFD in
 * place of bad bytes), or that holds control characters, would be sent as something else.
 */
export const textProblem = (value: string): string | undefined => {
  if (value.includes('\uFFFD'))
    return 'contains U+FFFD, the replacement character: the text was not valid UTF-8 where it came from'
  if (/\p{Cs}/u.test(value)) return 'contains a lone UTF-16 surrogate (broken Unicode text)'
  if (/\p{Cc}/u.test(value)) return 'contains a control character'
  return undefined
}

// The authority ends where WHATWG URL parsing ends it for http(s): at "/", "\\", "?" or "#".
const AUTHORITY = /^https?:[/\\]*([^/\\?#]*)/i

export const urlProblem = (value: string): string | undefined => {
  if (/\s/.test(value))
    return 'contains whitespace: write a space inside a URL as %20, and put one URL per line, or separate them by commas'
  const text = textProblem(value)
  if (text !== undefined) return text
  if (!/^https?:\/\//i.test(value)) return 'must be a full URL starting with http:// or https://'
  if (/[;,|]https?:\/\//i.test(value))
    return 'holds another URL after a ";", "," or "|": give one URL per line (or comma-separated, each starting with http:// or https://)'
  if (AUTHORITY.exec(value)![1]!.includes('@'))
    return `${CREDENTIALS_PROBLEM}; a cache key has none`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not a valid URL'
  }
  if (url.hostname === '') return 'has no host name'
  if (value.includes('*'))
    return 'has a wildcard "*"; Cloudflare purges exact URLs (use prefixes for a folder)'
  return undefined
}

/**
 * The URL as Cloudflare's cache key holds it: the host in ASCII (punycode, lower case), the rest
 * exactly as given (paths are case-sensitive), and no fragment, which is never sent to a server.
 * Call only on a URL without a problem.
 */
export const normalizeUrl = (value: string): { url: string; fragment: string } => {
  const authority = AUTHORITY.exec(value)!
  const host = authority[1]!
  const port = /^(?:\[[^\]]*\]|[^:]*)(.*)$/.exec(host)![1]!
  const rest = value.slice(authority[0].length)
  const hash = rest.indexOf('#')
  // Most URLs are already in that form: no second parse, no new string.
  if (
    hash === -1 &&
    /^https?:\/\/[a-z0-9.-]+(?::\d+)?$/.test(authority[0]) &&
    /^[\x21-\x7e]*$/.test(rest)
  )
    return { url: value, fragment: '' }
  const parsed = new URL(value)
  // Path and query as given, but for characters beyond ASCII, which a browser sends as UTF-8
  // percent-escapes: that form is what Cloudflare's cache key holds.
  const path = (hash === -1 ? rest : rest.slice(0, hash)).replace(
    /[\u0080-\u{10ffff}]+/gu,
    encodeURI
  )
  const url = `${parsed.protocol}//${parsed.hostname}${port}${path}`
  // Most URLs come out as they went in: keep the string given rather than the new one, which V8
  // holds as a tree of its parts, several times the size (100,000 URLs cost 40 MB more).
  return { url: url === value ? value : url, fragment: hash === -1 ? '' : rest.slice(hash) }
}

/** What a browser would write otherwise: a default port, a `.` or `..` segment, a character it escapes. */
const UNLIKE_BROWSER = /^https?:\/\/[^/?]*:(?:80|443)(?:[/?]|$)|\/\.{1,2}(?:[/?]|$)|[<>"`{}|\\]/

/**
 * The URL as a browser requests it (the URL standard's serialisation), when that differs from
 * `url` beyond the `/` of an empty path: `https://a:443/x/../<b>` is requested as
 * `https://a/%3Cb%3E`. Cloudflare's cache key holds what visitors request.
 */
export const browserForm = (url: string): string | undefined => {
  if (!UNLIKE_BROWSER.test(url)) return undefined
  const href = new URL(url).href
  return href === url || href === `${url}/` ? undefined : href
}

/** How to give several tags in the `tags` input; a changed_rules line says it its own way. */
const SEVERAL_TAGS = 'separate them with commas or put one per line (one per entry in a JSON list)'

export const tagProblem = (value: string, several = SEVERAL_TAGS): string | undefined => {
  if (value.length > 1024) return `is ${value.length} characters long; a tag may have at most 1,024`
  if (/\s/.test(value))
    // `tags: homepage navigation` is two tags written as one.
    return value.includes(' ')
      ? `contains a space; tags cannot contain spaces: to give several tags, ${several}`
      : 'contains whitespace; tags cannot contain spaces'
  if (!/^[\x21-\x7e]+$/.test(value)) return 'contains a character that is not printable ASCII'
  return undefined
}

/** A host in ASCII: international names (IDN) become punycode, as browsers send them. */
export const asciiHost = (host: string): string =>
  /[^\p{ASCII}]/u.test(host) ? domainToASCII(host) : host

export const hostProblem = (value: string): string | undefined => {
  if (SCHEME.test(value))
    return `must be a bare host name such as "www.example.com", without "${value.split('//')[0]}//"`
  if (value.includes('/'))
    return 'must be a bare host name without a path (use prefixes to purge a path)'
  if (value.includes(':')) return 'must be a bare host name without a port'
  const text = textProblem(value)
  if (text !== undefined) return text
  if (!HOSTNAME.test(asciiHost(value))) return 'is not a valid host name'
  return undefined
}

export const prefixProblem = (value: string): string | undefined => {
  if (SCHEME.test(value))
    return `must not have a scheme: write it as host and path, such as "www.example.com/blog/"`
  if (value.includes('?')) return 'must not have a query string ("?")'
  if (value.includes('#')) return 'must not have a fragment ("#")'
  if (/\s/.test(value)) return 'contains whitespace'
  const text = textProblem(value)
  if (text !== undefined) return text
  const slash = value.indexOf('/')
  if (slash <= 0)
    return 'must be a host followed by a path, such as "www.example.com/blog/" (use hosts for a whole host)'
  const host = value.slice(0, slash)
  if (!HOSTNAME.test(asciiHost(host)))
    return `starts with ${quote(host, 60)}, which is not a valid host name`
  const separators = value.split('/').length - 1
  if (separators > 31) return `has ${separators} "/" separators; Cloudflare allows at most 31`
  return undefined
}

/**
 * The prefix with its host in ASCII and its path as given, but for characters beyond ASCII,
 * escaped as a browser sends them. Call only on a valid prefix.
 */
export const normalizePrefix = (value: string): string => {
  const slash = value.indexOf('/')
  const normal =
    asciiHost(value.slice(0, slash)) +
    value.slice(slash).replace(/[\u0080-\u{10ffff}]+/gu, encodeURI)
  return normal === value ? value : normal
}

export const zoneProblem = (value: string): string | undefined => {
  if (value === '')
    return 'is required: give the zone ID (32 hex characters) or the domain name, such as "example.com"'
  if (ZONE_ID.test(value)) return undefined
  if (SCHEME.test(value) || value.includes('/'))
    return 'is not a zone ID or a domain name: give the bare domain (such as "example.com"), not a URL'
  if (/^[0-9a-f]+$/i.test(value) && value.length !== 32)
    return `looks like a zone ID but has ${value.length} characters; a zone ID has 32 hex characters`
  if (!DOMAIN.test(asciiHost(value)))
    return 'is neither a zone ID (32 hex characters) nor a domain name such as "example.com"'
  return undefined
}

const urlString = custom(urlProblem)

// RFC 9110 token: what an HTTP header name may be.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i

export const urlWithHeaders = z.strictObject({
  url: urlString,
  headers: z._default(
    z.record(
      z
        .string()
        .check(
          z.minLength(1, 'header names cannot be empty'),
          z.regex(HEADER_NAME, "header names are letters, digits and !#$%&'*+.^_`|~-")
        ),
      z.string({ error: 'header values must be strings' }).check(
        z.refine((value) => !/[\p{Cc}\p{Cs}\uFFFD]/u.test(value.replace(/\t/g, '')), {
          message: 'header values cannot hold control characters or broken Unicode text'
        }),
        // HTTP carries a header's value as bytes, one per character: verify and warming could
        // not send the variant that was purged (Node refuses "Invalid character in header").
        z.refine((value) => !/[\u0100-\u{10ffff}]/u.test(value), {
          message:
            'header values must be Latin-1 text (no character past U+00FF): a request cannot carry the value, so verify and warming could not fetch this variant'
        })
      )
    ),
    {}
  )
})

/** `fragment` is set when one was dropped from the URL, so the caller can say so. */
export type CheckedUrl = { item: UrlItem; fragment?: string } | { problem: string }

const withFragment = (item: UrlItem, fragment: string): CheckedUrl =>
  fragment === '' ? { item } : { item, fragment }

/** Returns the item (normalized), or the first problem with it in words a user can act on. */
export const checkUrlEntry = (entry: unknown): CheckedUrl => {
  if (typeof entry === 'string') {
    const problem = urlProblem(entry)
    if (problem !== undefined) return { problem }
    const { url, fragment } = normalizeUrl(entry)
    return withFragment(url, fragment)
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    return {
      problem: 'must be a URL string or an object such as {"url": "https://...", "headers": {...}}'
    }
  const parsed = urlWithHeaders.safeParse(entry)
  if (parsed.success) {
    const { headers } = parsed.data
    const { url, fragment } = normalizeUrl(parsed.data.url)
    return withFragment(Object.keys(headers).length === 0 ? url : { url, headers }, fragment)
  }
  const issue = parsed.error.issues[0]!
  // Paths and keys come from the file: quoted, cut short, escaped.
  const where = issue.path.length > 0 ? `${oneLinePath(issue.path.map(String).join('.'))}: ` : ''
  const message =
    issue.code === 'unrecognized_keys'
      ? `has unknown field(s) ${quoteKeys(issue.keys)}; only "url" and "headers" are allowed`
      : issue.code === 'invalid_key'
        ? (issue.issues[0]?.message ?? issue.message)
        : issue.message
  return { problem: `${where}${message}` }
}

const oneLinePath = (path: string): string => quote(path, 60).slice(1, -1)

/** Unknown keys from a file, quoted: at most five, each cut short. */
export const quoteKeys = (keys: readonly string[]): string =>
  keys
    .slice(0, 5)
    .map((key) => quote(key, 40))
    .join(', ') + (keys.length > 5 ? ` and ${keys.length - 5} more` : '')

export const checkName = (
  problemOf: (value: string) => string | undefined,
  entry: unknown,
  normalize: (value: string) => string = (value) => value
): { item: string } | { problem: string } => {
  if (typeof entry !== 'string') return { problem: 'must be a string' }
  const problem = problemOf(entry)
  return problem === undefined ? { item: normalize(entry) } : { problem }
}
