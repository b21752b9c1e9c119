import * as z from 'zod/mini'

/** What Cloudflare accepts for each kind of purge item, checked before anything is sent. */

export type UrlItem = string | { url: string; headers: Record<string, string> }

export const ZONE_ID = /^[0-9a-f]{32}$/i
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const HOSTNAME = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)*${LABEL}$`, 'i')
const DOMAIN = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+${LABEL}$`, 'i')
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

const custom = (check: (value: string) => string | undefined) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const problem = check(value)
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value })
    })
  )

export const urlProblem = (value: string): string | undefined => {
  if (/\s/.test(value))
    return 'contains whitespace: put one URL per line, or separate them by commas'
  if (!/^https?:\/\//i.test(value)) return 'must be a full URL starting with http:// or https://'
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

export const tagProblem = (value: string): string | undefined => {
  if (value.length > 1024) return `is ${value.length} characters long; a tag may have at most 1,024`
  if (/\s/.test(value)) return 'contains a space; tags cannot contain spaces'
  if (!/^[\x21-\x7e]+$/.test(value)) return 'contains a character that is not printable ASCII'
  return undefined
}

export const hostProblem = (value: string): string | undefined => {
  if (SCHEME.test(value))
    return `must be a bare host name such as "www.example.com", without "${value.split('//')[0]}//"`
  if (value.includes('/'))
    return 'must be a bare host name without a path (use prefixes to purge a path)'
  if (value.includes(':')) return 'must be a bare host name without a port'
  if (!HOSTNAME.test(value)) return 'is not a valid host name'
  return undefined
}

export const prefixProblem = (value: string): string | undefined => {
  if (SCHEME.test(value))
    return `must not have a scheme: write it as host and path, such as "www.example.com/blog/"`
  if (value.includes('?')) return 'must not have a query string ("?")'
  if (value.includes('#')) return 'must not have a fragment ("#")'
  if (/\s/.test(value)) return 'contains whitespace'
  const slash = value.indexOf('/')
  if (slash <= 0)
    return 'must be a host followed by a path, such as "www.example.com/blog/" (use hosts for a whole host)'
  const host = value.slice(0, slash)
  if (!HOSTNAME.test(host)) return `starts with "${host}", which is not a valid host name`
  const separators = value.split('/').length - 1
  if (separators > 31) return `has ${separators} "/" separators; Cloudflare allows at most 31`
  return undefined
}

export const zoneProblem = (value: string): string | undefined => {
  if (value === '')
    return 'is required: give the zone ID (32 hex characters) or the domain name, such as "example.com"'
  if (ZONE_ID.test(value)) return undefined
  if (SCHEME.test(value) || value.includes('/'))
    return 'is not a zone ID or a domain name: give the bare domain (such as "example.com"), not a URL'
  if (/^[0-9a-f]+$/i.test(value) && value.length !== 32)
    return `looks like a zone ID but has ${value.length} characters; a zone ID has 32 hex characters`
  if (!DOMAIN.test(value))
    return 'is neither a zone ID (32 hex characters) nor a domain name such as "example.com"'
  return undefined
}

export const environmentProblem = (value: string): string | undefined => {
  if (value.length > 32) return `has ${value.length} characters; an environment ID has at most 32`
  if (!/^[A-Za-z0-9]+$/.test(value))
    return 'has characters an environment ID cannot have (it is letters and digits only)'
  return undefined
}

const urlString = custom(urlProblem)

export const urlWithHeaders = z.strictObject({
  url: urlString,
  headers: z._default(
    z.record(
      z.string().check(z.minLength(1, 'header names cannot be empty')),
      z.string({ error: 'header values must be strings' })
    ),
    {}
  )
})

/** Returns the item, or the first problem with it in words a user can act on. */
export const checkUrlEntry = (entry: unknown): { item: UrlItem } | { problem: string } => {
  if (typeof entry === 'string') {
    const problem = urlProblem(entry)
    return problem === undefined ? { item: entry } : { problem }
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    return {
      problem: 'must be a URL string or an object such as {"url": "https://...", "headers": {...}}'
    }
  const parsed = urlWithHeaders.safeParse(entry)
  if (parsed.success) {
    const { url, headers } = parsed.data
    return { item: Object.keys(headers).length === 0 ? url : { url, headers } }
  }
  const issue = parsed.error.issues[0]!
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  const message =
    issue.code === 'unrecognized_keys'
      ? `has unknown field(s) ${issue.keys.join(', ')}; only "url" and "headers" are allowed`
      : issue.message
  return { problem: `${where}${message}` }
}

export const checkName = (
  problemOf: (value: string) => string | undefined,
  entry: unknown
): { item: string } | { problem: string } => {
  if (typeof entry !== 'string') return { problem: 'must be a string' }
  const problem = problemOf(entry)
  return problem === undefined ? { item: entry } : { problem }
}
