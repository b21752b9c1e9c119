import type { InputIssue } from '../errors.js'
import { splitEntries } from './lists.js'
import { quote } from '../text.js'
import { schemeWordProblem, secretProblem } from './credentials.js'
import { fetchedUrlProblem } from './api-url.js'
import {
  CREDENTIALS_PROBLEM,
  flagProblem,
  hideUserinfo,
  prefixProblem,
  shownUrl,
  textProblem
} from './rules.js'
import { CHANGE_INPUT_NAMES, DEFAULTS, type ChangeInputName } from './names.js'
import { compileGlob, globProblem, type Glob, type SiteMapping } from './globs.js'
import { readChangedRules, type ChangedRule } from './changed-rules.js'

export type Fallback = 'prefix' | 'everything' | 'fail'

export interface ChangeInputs {
  /** Set when `changed` is true. */
  changed:
    | {
        mapping: SiteMapping
        /** `site_url` as a Cloudflare prefix (host and path), the `prefix` fallback. */
        prefix: string
        /** `site_dir` as given, for messages. */
        siteDirInput: string
        /** A ref, or LAST_SUCCESS. */
        since: string | undefined
        githubToken: string
        fallback: Fallback
        /** changed_rules, in order: the first whose glob matches a file decides what it purges. */
        rules: ChangedRule[]
        /** More URLs than this from the changed files: changed_fallback instead. */
        maxUrls: number
      }
    | undefined
  /** A workspace file or an http(s) URL. */
  sitemap: string | undefined
}

/** A full commit SHA, as the event payload and the API give them. */
export const SHA = /^[0-9a-f]{40}$/

/** `changed_since: last-success`: from the commit of this workflow's last successful run. */
export const LAST_SUCCESS = 'last-success'

/** The most `changed_max_urls` may be: far past what one push of a site changes. */
export const MAX_CHANGED_URLS = 1_000_000

const FALLBACKS: readonly Fallback[] = ['prefix', 'everything', 'fail']
const MAX_PATTERNS = 100

/**
 * A ref `changed_since` may name: a SHA (short or full), a tag or a branch. Narrower than git's
 * rules on purpose: it goes into an API path.
 */
export const refProblem = (value: string): string | undefined => {
  if (value.length > 200) return 'is longer than 200 characters'
  if (!/^[A-Za-z0-9][A-Za-z0-9._/+-]*$/.test(value))
    return 'must be a commit SHA, a tag or a branch name (letters, digits and . _ / + -)'
  if (/\.\.|\/\/|\/$|\.lock$|\.$|@\{/.test(value)) return 'is not a valid git ref name'
  return undefined
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

const readSiteUrl = (
  text: string,
  issues: InputIssue[]
): { siteUrl: string; prefix: string } | undefined => {
  const issue = (problem: string) => {
    issues.push({ input: 'site_url', value: shownUrl(text), problem })
    return undefined
  }
  if (text === '')
    return issue(
      'is required with changed: true: give the URL site_dir is served at, such as "https://www.example.com/"'
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
  if (url.username !== '' || url.password !== '' || text !== hideUserinfo(text))
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
const readSiteDir = (text: string, issues: InputIssue[]): string => {
  const issue = (problem: string) => {
    issues.push({ input: 'site_dir', value: text, problem })
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

const readPatterns = (
  input: 'changed_include' | 'changed_exclude',
  raw: string,
  issues: InputIssue[]
): Glob[] => {
  const patterns = splitEntries(raw)
  if (patterns.length > MAX_PATTERNS) {
    issues.push({
      input,
      value: '',
      problem: `has ${patterns.length} patterns; at most ${MAX_PATTERNS} are allowed`
    })
    return []
  }
  return patterns.flatMap((pattern) => {
    const problem = globProblem(pattern)
    if (problem === undefined) return [compileGlob(pattern)]
    issues.push({ input, value: pattern, problem })
    return []
  })
}

const readFlag = (
  name: 'changed' | 'changed_extensionless',
  text: string,
  issues: InputIssue[]
): boolean => {
  if (/^(true|false)$/i.test(text || DEFAULTS[name])) return text.toLowerCase() === 'true'
  issues.push({ input: name, value: text, problem: flagProblem(text) })
  return false
}

/** The inputs only `changed: true` uses, given anyway: ignored, with a warning. */
const warnUnused = (value: (name: ChangeInputName) => string, warnings: string[]): void => {
  const unused = CHANGE_INPUT_NAMES.filter(
    (name) =>
      name !== 'changed' &&
      name !== 'sitemap' &&
      name !== 'github_token' &&
      value(name) !== '' &&
      value(name) !== (DEFAULTS as Partial<Record<ChangeInputName, string>>)[name]
  )
  if (unused.length > 0)
    warnings.push(
      `Input "${unused.join(', ')}": ignored, because changed is not true (${unused.length === 1 ? 'it is' : 'they are'} used only with changed: true).`
    )
}

const readGithubToken = (token: string, issues: InputIssue[]): string => {
  if (token === '')
    issues.push({
      input: 'github_token',
      value: '',
      problem:
        'is required with changed: true (the default, ${{ github.token }}, works; it needs contents: read)'
    })
  else if (schemeWordProblem(token) !== undefined)
    issues.push({ input: 'github_token', value: '', problem: schemeWordProblem(token)! })
  else if (secretProblem(token) !== undefined)
    issues.push({
      input: 'github_token',
      value: '',
      problem: 'contains whitespace or a character that cannot be sent in an HTTP header'
    })
  return token
}

const readFallback = (text: string, issues: InputIssue[]): Fallback => {
  const fallback = FALLBACKS.find((f) => f === text)
  if (fallback !== undefined) return fallback
  issues.push({
    input: 'changed_fallback',
    value: text,
    problem: 'must be "prefix", "everything" or "fail"'
  })
  return DEFAULTS.changed_fallback
}

const readMaxUrls = (text: string, issues: InputIssue[]): number => {
  const value = /^\d{1,7}$/.test(text) ? Number(text) : NaN
  if (value >= 1 && value <= MAX_CHANGED_URLS) return value
  issues.push({
    input: 'changed_max_urls',
    value: text,
    problem: `must be a whole number from 1 to ${MAX_CHANGED_URLS.toLocaleString('en-US')}`
  })
  return Number(DEFAULTS.changed_max_urls)
}

/** The inputs of `changed: true`; undefined when site_url is not usable (an issue says why). */
const readChanged = (
  value: (name: ChangeInputName) => string,
  issues: InputIssue[],
  warnings: string[]
): ChangeInputs['changed'] => {
  const site = readSiteUrl(value('site_url'), issues)
  const siteDirInput = value('site_dir') || DEFAULTS.site_dir
  const dir = readSiteDir(siteDirInput, issues)
  const since = value('changed_since') || undefined
  const sinceProblem = since === undefined ? undefined : refProblem(since)
  if (sinceProblem !== undefined)
    issues.push({ input: 'changed_since', value: since!, problem: sinceProblem })
  const githubToken = readGithubToken(value('github_token'), issues)
  const fallback = readFallback(value('changed_fallback') || DEFAULTS.changed_fallback, issues)
  const extensionless = readFlag('changed_extensionless', value('changed_extensionless'), issues)
  const include = readPatterns('changed_include', value('changed_include'), issues)
  const exclude = readPatterns('changed_exclude', value('changed_exclude'), issues)
  const rules = readChangedRules(value('changed_rules'), issues, warnings)
  const maxUrls = readMaxUrls(value('changed_max_urls') || DEFAULTS.changed_max_urls, issues)
  if (site === undefined) return undefined
  return {
    mapping: { siteUrl: site.siteUrl, dir, extensionless, include, exclude },
    prefix: site.prefix,
    siteDirInput,
    since,
    githubToken,
    fallback,
    rules,
    maxUrls
  }
}

/**
 * Reads the inputs of `changed` and `sitemap`; undefined when neither is used. Problems go into
 * `issues`, each naming its input and quoting the value, as every other input's do.
 */
export const parseChangeInputs = (
  value: (name: ChangeInputName) => string,
  issues: InputIssue[],
  warnings: string[]
): ChangeInputs | undefined => {
  const changed = readFlag('changed', value('changed'), issues)
  const sitemap = value('sitemap') || undefined
  if (sitemap !== undefined) {
    const problem = sitemapProblem(sitemap)
    if (problem !== undefined) issues.push({ input: 'sitemap', value: shownUrl(sitemap), problem })
  }
  if (!changed) {
    warnUnused(value, warnings)
    return sitemap === undefined ? undefined : { changed: undefined, sitemap }
  }
  return { changed: readChanged(value, issues, warnings), sitemap }
}
