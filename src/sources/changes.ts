/**
 * `changed` and `sitemap`: what the deploy changed, as URLs, added to what is purged. Loaded only
 * when one of them is used (main imports it lazily), with Octokit and the sitemap reader: a plain
 * purge never pays their start-up time.
 */
import { getOctokit } from '@actions/github'
import { boundedFetch, TooLarge } from '../http.js'
import { SHA, type ChangeInputs, type Fallback } from '../inputs/changed.js'
import { context } from '../runner/context.js'
import type { Inputs } from '../inputs/parse.js'
import { hideUserinfo } from '../inputs/rules.js'
import { urlsOf, type SiteMapping } from './site-paths.js'
import { readSitemaps } from './sitemap.js'
import { cell, code } from '../report/markdown.js'
import { escapeLine, quote } from '../text.js'
import { defaultRoots } from '../inputs/workspace-file.js'

/** GitHub lists at most 3,000 files of a comparison; past that the change set is incomplete. */
export const MAX_COMPARE_FILES = 3000
/** The most files GitHub lists on one page of a comparison. */
export const FILES_PER_PAGE = 300
/** Enough pages for 3,000 files even at 100 a page; a bound against an endless `next`. */
const MAX_PAGES = 30
const COMMITS_PER_PAGE = 100
/** A page of 300 files with their patches; anything larger is not an answer worth reading. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024
const MAX_PATH_CHARS = 4096
const RETRY_AFTER_MS = 1000
const ZEROS = /^0{40}$/

const short = (sha: string): string => (SHA.test(sha) ? sha.slice(0, 7) : sha)

/** What GitHub says about one file of a comparison. */
export interface ChangedFile {
  path: string
  status: string
  previous?: string
}

/** One row of the table: a file, what happened to it, and the URLs it maps to. */
export interface FileRow {
  path: string
  change: string
  urls: string[]
  ignored?: string
}

export type Range =
  { base: string; head: string; linear: boolean } | { unknown: string; expected: boolean }

export interface EventInfo {
  /** GITHUB_EVENT_NAME */
  name: string
  /** The event payload, as read from GITHUB_EVENT_PATH: untrusted. */
  payload: unknown
  /** GITHUB_SHA */
  sha: string
}

const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (at, key) =>
      at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined,
    value
  )

const shaOf = (value: unknown): string | undefined =>
  typeof value === 'string' && SHA.test(value) ? value : undefined

/**
 * The commits to compare: `changed_since` (or the push's `before`, or the pull request's base)
 * to the commit deployed. Says why when the event gives no range that can be trusted.
 */
export const findRange = (event: EventInfo, since: string | undefined): Range => {
  const { payload, name } = event
  const pull = name === 'pull_request' || name === 'pull_request_target'
  const headField =
    name === 'push' ? field(payload, 'after') : field(payload, 'pull_request', 'head', 'sha')
  const head = shaOf(headField) ?? (pull || name === 'push' ? undefined : shaOf(event.sha))
  if (head === undefined)
    return {
      unknown: `the commit deployed is not known: ${pull ? 'the event payload has no pull_request.head.sha' : name === 'push' ? 'the push event has no valid "after"' : 'GITHUB_SHA is not a commit SHA'}`,
      expected: false
    }
  if (name === 'push' && (ZEROS.test(head) || field(payload, 'deleted') === true))
    return { unknown: 'the push deleted the branch', expected: true }
  if (since !== undefined) return { base: since, head, linear: true }
  if (name === 'push') {
    const before = field(payload, 'before')
    if ((typeof before === 'string' && ZEROS.test(before)) || field(payload, 'created') === true)
      return {
        unknown: `the push created the branch (its "before" is all zeros): there is no earlier commit of it to compare ${short(head)} with`,
        expected: true
      }
    if (field(payload, 'forced') === true)
      return {
        unknown: `the push was forced: its "before" (${short(String(before))}) may not be an ancestor of ${short(head)}, so the files that changed cannot be known`,
        expected: true
      }
    const base = shaOf(before)
    if (base === undefined)
      return { unknown: 'the push event has no valid "before" commit SHA', expected: false }
    return { base, head, linear: true }
  }
  if (pull) {
    const base = shaOf(field(payload, 'pull_request', 'base', 'sha'))
    if (base === undefined)
      return { unknown: 'the event payload has no valid pull_request.base.sha', expected: false }
    return { base, head, linear: false }
  }
  return {
    unknown: `the ${quote(name || 'unknown', 40)} event carries no range of commits: set changed_since to the commit or tag to compare from`,
    expected: true
  }
}

/** One page of a comparison, as Octokit returns it; throws like Octokit on an HTTP error. */
export type ComparePage = (
  basehead: string,
  page: number
) => Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>

export interface GitHubConfig {
  /** GITHUB_API_URL, for GitHub Enterprise Server too. */
  apiUrl: string
  token: string
  repository: string
  userAgent: string
  requestTimeoutMs: number
  deadline: number
  /** Bound on one answer's body; by default 64 MiB. */
  maxAnswerBytes?: number
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** The compare API through @actions/github's Octokit, with its proxy support and bounded answers. */
export const octokitCompare = (config: GitHubConfig): ComparePage => {
  // Octokit logs deprecation headers of the answer to the console: outside text, kept out.
  const octokit = getOctokit(config.token, {
    baseUrl: config.apiUrl,
    userAgent: config.userAgent,
    log: silent
  })
  // before-after-hook hands every wrapper the same options object: the fetch is set on it.
  octokit.hook.wrap('request', (request, options) => {
    options.request = {
      ...options.request,
      fetch: boundedFetch(
        options.request?.fetch ?? fetch,
        config.maxAnswerBytes ?? MAX_ANSWER_BYTES
      )
    }
    return request(options)
  })
  const [owner, repo] = config.repository.split('/')
  return async (basehead, page) => {
    const left = config.deadline - Date.now()
    if (left <= 0) throw Object.assign(new Error("the step's timeout ran out"), { status: 0 })
    const response = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner: owner!,
      repo: repo!,
      basehead,
      per_page: COMMITS_PER_PAGE,
      page,
      request: { signal: AbortSignal.timeout(Math.max(1, Math.min(config.requestTimeoutMs, left))) }
    })
    return { data: response.data, headers: response.headers }
  }
}

const STATUSES = new Set([
  'added',
  'modified',
  'removed',
  'renamed',
  'copied',
  'changed',
  'unchanged'
])

const pathOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= MAX_PATH_CHARS ? value : undefined

/** A file entry of the answer, or undefined when it is not one. */
const readFile = (entry: unknown): ChangedFile | undefined => {
  const path = pathOf(field(entry, 'filename'))
  const status = field(entry, 'status')
  if (path === undefined || typeof status !== 'string') return undefined
  // A status GitHub may add later is purged like a modification.
  const file: ChangedFile = { path, status: STATUSES.has(status) ? status : 'changed' }
  const previous = pathOf(field(entry, 'previous_filename'))
  if (status === 'renamed' && previous !== undefined) file.previous = previous
  return file
}

const describeError = (error: unknown, basehead: string): string => {
  const status = (error as { status?: unknown }).status
  const message = escapeLine((error as Error).message ?? String(error), 200)
  if (
    typeof status !== 'number' ||
    status === 0 ||
    (status === 500 && (error as { response?: unknown }).response === undefined)
  )
    return `GitHub's compare API could not be read for ${basehead}: ${message}`
  const hint =
    status === 404
      ? ': GitHub does not know one of the commits (or github_token cannot read the repository)'
      : status === 401 || status === 403
        ? ': github_token needs contents: read (or the API rate limit was reached)'
        : ''
  return `GitHub's compare API answered HTTP ${status} (${message}) for ${basehead}${hint}`
}

/** 5xx answers and lost connections are tried once more; anything else is an answer. */
const retryable = (error: unknown): boolean => {
  const status = (error as { status?: unknown }).status
  if ((error as { cause?: unknown }).cause instanceof TooLarge) return false
  return typeof status !== 'number' || (status >= 500 && status !== 501)
}

/**
 * Every file of the comparison, or why the set cannot be known in full. Reads pages until one
 * adds no file, GitHub says there is no next page and the last page was not full, or the bound.
 */
export const compareFiles = async (
  get: ComparePage,
  range: { base: string; head: string; linear: boolean },
  deadline: number
): Promise<{ files: ChangedFile[]; status: string } | { unknown: string }> => {
  const basehead = `${range.base}...${range.head}`
  const shown = `${short(range.base)}...${short(range.head)}`
  const files = new Map<string, ChangedFile>()
  let compareStatus = ''
  let lastFull = false
  for (let page = 1; ; page++) {
    let answer: Awaited<ReturnType<ComparePage>>
    try {
      answer = await get(basehead, page)
    } catch (error) {
      if (!retryable(error) || Date.now() + RETRY_AFTER_MS >= deadline)
        return { unknown: describeError(error, shown) }
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS))
      try {
        answer = await get(basehead, page)
      } catch (again) {
        return { unknown: describeError(again, shown) }
      }
    }
    const list = field(answer.data, 'files')
    if (page === 1) {
      const status = field(answer.data, 'status')
      if (typeof status !== 'string' || !Array.isArray(list))
        return {
          unknown: `GitHub's compare API gave an answer for ${shown} that is not a comparison`
        }
      compareStatus = status
      if (range.linear && status !== 'ahead' && status !== 'identical')
        return {
          unknown: `${short(range.base)} is not an ancestor of ${short(range.head)} (GitHub compares them as "${escapeLine(status, 20)}"), so the files that changed cannot be known`
        }
    }
    const entries = Array.isArray(list) ? list : []
    const before = files.size
    for (const entry of entries.slice(0, MAX_COMPARE_FILES)) {
      const file = readFile(entry)
      if (file === undefined)
        return { unknown: `GitHub's compare API listed a file entry for ${shown} that is not one` }
      files.set(`${file.status}\n${file.path}\n${file.previous ?? ''}`, file)
    }
    if (files.size >= MAX_COMPARE_FILES)
      return {
        unknown: `the comparison ${shown} lists ${MAX_COMPARE_FILES.toLocaleString('en-US')} files, the most GitHub's compare API lists: more may have changed`
      }
    if (page > 1 && files.size === before) break
    lastFull = entries.length >= FILES_PER_PAGE
    const next = /rel="next"/.test(String(answer.headers.link ?? ''))
    if (!next && !lastFull) break
    if (page >= MAX_PAGES)
      return { unknown: `the comparison ${shown} has more than ${MAX_PAGES} pages` }
  }
  if (lastFull)
    return {
      unknown: `GitHub listed ${files.size.toLocaleString('en-US')} files for ${shown}, a full page, and no more: the comparison may have more files than GitHub lists`
    }
  return { files: [...files.values()], status: compareStatus }
}

/** Each file of the change set with its URLs; a rename gives a row for each name. */
export const mapFiles = (files: ChangedFile[], mapping: SiteMapping): FileRow[] =>
  files.flatMap((file) => {
    const row = (path: string, change: string): FileRow => {
      const mapped = urlsOf(path, mapping)
      return 'urls' in mapped
        ? { path, change, urls: mapped.urls }
        : { path, change, urls: [], ignored: mapped.ignored }
    }
    if (file.status === 'unchanged') return []
    if (file.previous !== undefined)
      return [
        row(file.previous, `renamed to ${file.path}`),
        row(file.path, `renamed from ${file.previous}`)
      ]
    return [row(file.path, file.status)]
  })

export interface ChangeEnv {
  event: EventInfo
  /** GITHUB_REPOSITORY */
  repository: string
  /** GITHUB_API_URL */
  githubApiUrl: string
  userAgent: string
  /** Folders a sitemap file may be read from. */
  roots: readonly string[]
  /** Epoch ms by which the step must be done. */
  deadline: number
  /** The compare API; by default Octokit's (tests may give another). */
  compare?: ComparePage
}

export interface Log {
  info: (message: string) => void
  notice: (message: string) => void
  warning: (message: string) => void
  group: <T>(name: string, fn: () => Promise<T>) => Promise<T>
}

export interface Changes {
  /** The inputs with what was found merged in: URLs, the fallback, or the reason for nothing. */
  inputs: Inputs
  /** The job summary's section on it: markdown, every outside value escaped. */
  section: string
}

interface Found {
  rows: FileRow[]
  range?: { base: string; head: string }
  fallback?: { reason: string; rule: Fallback; prefix: string }
  sitemap?: { source: string; urls: number; documents: number }
}

/** Where the run's facts come from on a runner: the event payload and GITHUB_* variables. */
export const envFromContext = (timeLeftMs: number, userAgent: string): ChangeEnv => ({
  event: { name: context.eventName ?? '', payload: context.payload, sha: context.sha ?? '' },
  repository: process.env.GITHUB_REPOSITORY ?? '',
  githubApiUrl: context.apiUrl,
  userAgent,
  roots: defaultRoots(),
  deadline: Date.now() + timeLeftMs
})

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

class ChangeSetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ChangeSetError'
  }
}

const logRows = (rows: FileRow[], log: Log) => {
  for (const row of rows) {
    const head = `${row.change.split(' ')[0]!.padEnd(8)} ${escapeLine(row.path, 300)}`
    if (row.ignored !== undefined) log.info(`${head}  (not purged: ${row.ignored})`)
    else
      log.info(
        `${head}\n${row.urls.map((url) => `         -> ${escapeLine(url, 400)}`).join('\n')}`
      )
  }
}

/**
 * Finds what `changed` and `sitemap` add and merges it into the inputs. Logs each changed file with
 * its URLs. Throws when changed_fallback is "fail" and the change set cannot be known, and when
 * the sitemap cannot be read.
 */
export const collectChanges = async (
  inputs: Inputs,
  env: ChangeEnv,
  log: Log
): Promise<Changes> => {
  const options = inputs.changes as ChangeInputs
  const found: Found = { rows: [] }
  const items = {
    ...inputs.items,
    files: [...inputs.items.files],
    prefixes: [...inputs.items.prefixes]
  }
  let purgeEverything = inputs.purgeEverything
  const changed = options.changed
  if (changed !== undefined) {
    const range: Range = REPOSITORY.test(env.repository)
      ? findRange(env.event, changed.since)
      : { unknown: 'GITHUB_REPOSITORY is not set to "owner/name"', expected: false }
    let result: Awaited<ReturnType<typeof compareFiles>>
    if ('unknown' in range) result = range
    else {
      found.range = { base: range.base, head: range.head }
      const compare =
        env.compare ??
        octokitCompare({
          apiUrl: env.githubApiUrl,
          token: changed.githubToken,
          repository: env.repository,
          userAgent: env.userAgent,
          requestTimeoutMs: inputs.requestTimeoutMs,
          deadline: env.deadline
        })
      result = await compareFiles(compare, range, env.deadline)
    }
    if ('unknown' in result) {
      const reason = result.unknown
      found.fallback = { reason, rule: changed.fallback, prefix: changed.prefix }
      const message = `changed: ${reason}.`
      if (changed.fallback === 'fail')
        throw new ChangeSetError(`${message} changed_fallback is "fail", so nothing was purged.`)
      const instead =
        changed.fallback === 'prefix'
          ? `purging the prefix ${changed.prefix} (site_url) instead`
          : 'purging everything in the zone instead'
      const expected = 'expected' in range && range.expected
      ;(expected ? log.notice : log.warning)(
        `${message} Falling back to changed_fallback "${changed.fallback}": ${instead}.`
      )
      if (changed.fallback === 'prefix') items.prefixes.push(changed.prefix)
      else purgeEverything = true
    } else {
      found.rows = mapFiles(result.files, changed.mapping)
      const urls = [...new Set(found.rows.flatMap((row) => row.urls))]
      items.files.push(...urls)
      const where = changed.mapping.dir === '' ? 'the repository' : `${changed.mapping.dir}/`
      await log.group(
        `Changed files: ${found.rows.length} between ${short(found.range!.base)} and ${short(found.range!.head)} (${escapeLine(where, 100)} served at ${changed.mapping.siteUrl}): ${urls.length} URL(s)`,
        async () => logRows(found.rows, log)
      )
    }
  }
  if (options.sitemap !== undefined) {
    if (purgeEverything) log.info('The sitemap is not read: everything in the zone is purged.')
    else {
      const sitemap = await readSitemaps(options.sitemap, {
        roots: env.roots,
        userAgent: env.userAgent,
        requestTimeoutMs: inputs.requestTimeoutMs,
        deadline: env.deadline
      })
      items.files.push(...sitemap.urls)
      found.sitemap = {
        source: hideUserinfo(options.sitemap),
        urls: sitemap.urls.length,
        documents: sitemap.documents.length
      }
      log.info(
        `Sitemap ${quote(hideUserinfo(options.sitemap))}: ${sitemap.urls.length} URL(s) from ${sitemap.documents.length} sitemap file(s).`
      )
    }
  }
  const merged: Inputs = purgeEverything
    ? {
        ...inputs,
        purgeEverything,
        items: { files: [], tags: [], hosts: [], prefixes: [] }
      }
    : { ...inputs, items }
  const nothing = !purgeEverything && Object.values(merged.items).every((list) => list.length === 0)
  if (nothing)
    merged.emptyReason =
      found.range === undefined
        ? 'the sitemap lists no URL'
        : `no file under site_dir changed between ${short(found.range.base)} and ${short(found.range.head)}${found.sitemap === undefined ? '' : ', and the sitemap lists no URL'}`
  return { inputs: merged, section: changedSection(found) }
}

/** GitHub takes at most 1 MiB of summary per step: the table stops well short of it. */
const SECTION_BYTES = 300_000

/** The job summary's account of the change set: a table of files and URLs, and any fallback. */
export const changedSection = (found: Found): string => {
  let section = ''
  if (found.fallback !== undefined) {
    const { rule, prefix, reason } = found.fallback
    section += `### ⚠️ Changed files: fallback used\n\n${code(reason)}.\n\nchanged_fallback is <b>${rule}</b>: ${rule === 'prefix' ? `purged the prefix ${code(prefix)} (site_url)` : rule === 'everything' ? 'purged everything in the zone' : 'nothing was purged'}.\n\n`
  } else if (found.range !== undefined) {
    const { base, head } = found.range
    const purged = found.rows.filter((row) => row.ignored === undefined)
    section += `### Changed files between ${code(short(base))} and ${code(short(head))}\n\n`
    if (found.rows.length === 0) section += 'No file changed.\n\n'
    else {
      section += '| File | Change | URLs purged |\n| --- | --- | --- |\n'
      let size = Buffer.byteLength(section)
      let shown = 0
      for (const row of found.rows) {
        const line = `| ${cell(escapeLine(row.path, 300))} | ${cell(escapeLine(row.change, 320))} | ${row.ignored === undefined ? row.urls.map((url) => cell(escapeLine(url, 400))).join('<br>') : `not purged: ${row.ignored}`} |\n`
        size += Buffer.byteLength(line)
        if (size > SECTION_BYTES) break
        section += line
        shown++
      }
      if (shown < found.rows.length)
        section += `\n... and ${found.rows.length - shown} more file(s), listed in the log.\n`
      section += `\n${purged.length} of ${found.rows.length} file(s) map to URLs under site_url.\n\n`
    }
  }
  if (found.sitemap !== undefined)
    section += `Sitemap ${code(escapeLine(found.sitemap.source, 300))}: ${found.sitemap.urls} URL(s) from ${found.sitemap.documents} sitemap file(s).\n\n`
  return section
}
