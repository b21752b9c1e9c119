/**
 * The inputs of "purge what the deploy changed" (`changed` and what it uses) and of `sitemap`.
 * Nothing here touches the network: which commits to compare is found when the step runs.
 */
import { hasUserinfo, quote } from '../text.js'
import { fetchedUrlProblem } from './api-url.js'
import type { ChangedRule } from './changed-rules.js'
import type { SiteMapping } from './globs.js'
import { flagProblem, isFlag, looksLikeFlag, type Field } from './kit.js'
import { CREDENTIALS_PROBLEM, prefixProblem, textProblem } from './rules.js'

export type Fallback = 'prefix' | 'everything' | 'fail'

/**
 * What `changed` compares from: the event's own range (`true`), the commit of this workflow's
 * last successful run (`last-success`), the build that run kept (`build`: the files under
 * site_dir, hashed), or a commit SHA, tag or branch the user named.
 */
export type ChangedFrom =
  { kind: 'push' } | { kind: 'last-success' } | { kind: 'build' } | { kind: 'ref'; ref: string }

export interface ChangedInputs {
  from: ChangedFrom
  mapping: SiteMapping
  /** `site_url` as a Cloudflare prefix (host and path), the `prefix` fallback. */
  prefix: string
  /** `site_dir` as given, for messages. */
  siteDirInput: string
  githubToken: string
  fallback: Fallback
  /** changed_rules, in order: the first whose glob matches a file decides what it purges. */
  rules: ChangedRule[]
  /** More URLs than this from the changed files: changed_fallback instead. */
  maxUrls: number
}

export interface ChangeInputs {
  /** Set when `changed` is not false (and site_url is usable). */
  changed: ChangedInputs | undefined
  /** A workspace file or an http(s) URL. */
  sitemap: string | undefined
}

/** A full commit SHA, as the event payload and the API give them. */
export const SHA = /^[0-9a-f]{40}$/

/**
 * A ref `changed` may name: a SHA (short or full), a tag or a branch. Narrower than git's rules
 * on purpose: it goes into an API path.
 */
export const refProblem = (value: string): string | undefined => {
  if (value.length > 200) return 'is longer than 200 characters'
  if (!/^[A-Za-z0-9][A-Za-z0-9._/+-]*$/.test(value))
    return 'must be false, true, last-success, build, or a commit SHA, a tag or a branch name (letters, digits and . _ / + -)'
  if (/\.\.|\/\/|\/$|\.lock$|\.$|@\{/.test(value)) return 'is not a valid git ref name'
  return undefined
}

const CHANGED_TAKES = 'false, true, last-success, build, or a commit SHA or ref'

/**
 * `changed`: false (undefined), or what to compare from. True and false are spelled as every
 * flag is, and a near miss (`tRuE`, `yes`) is refused as every flag refuses it; `last-success`
 * and `build` in any case; anything else is a ref, which GitHub is asked about when the step
 * runs. (A branch named "build" is named as `refs/heads/build`.)
 */
export const readChanged = (field: Field): ChangedFrom | undefined => {
  const { value } = field
  if (isFlag(value)) return value.toLowerCase() === 'true' ? { kind: 'push' } : undefined
  if (looksLikeFlag(value)) {
    field.issue(flagProblem(value, CHANGED_TAKES))
    return undefined
  }
  if (value.toLowerCase() === 'last-success') return { kind: 'last-success' }
  if (value.toLowerCase() === 'build') return { kind: 'build' }
  const problem = refProblem(value)
  if (problem !== undefined) {
    field.issue(problem)
    return undefined
  }
  return { kind: 'ref', ref: value }
}

/** `site_url`: the URL site_dir is served at, and the same as a Cloudflare prefix. */
export const readSiteUrl = (field: Field): { siteUrl: string; prefix: string } | undefined => {
  const text = field.value
  const issue = (problem: string) => {
    field.issue(problem)
    return undefined
  }
  if (text === '')
    return issue(
      'is needed with changed: give the URL site_dir is served at, such as "https://www.example.com/"'
    )
  const problem = textProblem(text)
  if (problem !== undefined || /\s/.test(text)) return issue(problem ?? 'contains whitespace')
  if (!/^https?:\/\//i.test(text))
    return issue('must be a full URL starting with https:// or http://')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return issue('is not a valid URL')
  }
  if (url.username !== '' || url.password !== '' || hasUserinfo(text))
    return issue(
      `${CREDENTIALS_PROBLEM}: it is the address the files are served at, and a cache key has none`
    )
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text))
    return issue('must not have a query string or fragment: it is the address of a folder')
  if (text.includes('*'))
    return issue(
      'has a wildcard "*": it is the address of a folder, and URLs are purged without wildcards'
    )
  if (url.port !== '')
    return issue(
      'must not have a port: Cloudflare prefixes (the prefix fallback) are a host and a path'
    )
  // The parser has already put the host in ASCII and percent-encoded the path.
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`
  const prefix = `${url.hostname}${path}`
  const prefixIssue = prefixProblem(prefix)
  if (prefixIssue !== undefined) return issue(`as a prefix ${quote(prefix, 80)} ${prefixIssue}`)
  return { siteUrl: `${url.protocol}//${url.hostname}${path}`, prefix }
}

/** `site_dir` without `./`, leading or trailing `/`; `''` for the repository root. */
export const readSiteDir = (field: Field): string => {
  const text = field.value
  const issue = (problem: string) => {
    field.issue(problem)
    return ''
  }
  if (/\p{Cc}/u.test(text)) return issue('contains a control character')
  if (text.includes('\\')) return issue('has a backslash: separate folders with "/"')
  if (text.startsWith('/'))
    return issue('must be a folder relative to the repository root, such as "public"')
  const parts = text.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.includes('..')) return issue('must not contain ".."')
  return parts.join('/')
}

/** The longest sitemap URL taken, as long as a sitemap's own <loc>. */
const MAX_SITEMAP_URL_CHARS = 8192

/**
 * Why the `sitemap` input is refused, or undefined. A URL is fetched: https only (http for
 * loopback hosts, as for api_url), without a user name or password, which would be echoed in
 * every error. A path is a workspace file, checked when it is read.
 */
const sitemapProblem = (text: string): string | undefined => {
  if (/\p{Cc}/u.test(text)) return 'contains a control character'
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined
  if (text.length > MAX_SITEMAP_URL_CHARS)
    return `is ${text.length.toLocaleString('en-US')} characters long; a sitemap URL may have at most ${MAX_SITEMAP_URL_CHARS.toLocaleString('en-US')}`
  const checked = fetchedUrlProblem(
    text,
    'the sitemap is fetched without credentials; make it public, or put the file in the workspace',
    'must be a file in the workspace or an https:// URL (plain http:// is allowed only for loopback addresses, such as a local test server)'
  )
  return 'problem' in checked ? checked.problem : undefined
}

/** `sitemap`: a workspace file or an http(s) URL; undefined when not given. */
export const readSitemap = (field: Field): string | undefined => {
  if (field.value === '') return undefined
  const problem = sitemapProblem(field.value)
  if (problem !== undefined) field.issue(problem)
  return field.value
}
