/**
 * The files of a comparison of two commits, read page by page from GitHub's compare API, or why
 * the set cannot be known in full. Every answer is untrusted: its shape and sizes are checked.
 */
import { realClock } from '../clock.js'
import { TooLarge } from '../http.js'
import { escapeLine } from '../text.js'
import { field, shortSha } from './range.js'

/** GitHub lists at most 3,000 files of a comparison; past that the change set is incomplete. */
export const MAX_COMPARE_FILES = 3000
/** The most files GitHub lists on one page of a comparison. */
export const FILES_PER_PAGE = 300
/** Enough pages for 3,000 files even at 100 a page; a bound against an endless `next`. */
const MAX_PAGES = 30
const MAX_PATH_CHARS = 4096
const RETRY_AFTER_MS = 1000

/** One page of a comparison, as Octokit returns it; throws like Octokit on an HTTP error. */
export type ComparePage = (
  basehead: string,
  page: number
) => Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>

type Answer = Awaited<ReturnType<ComparePage>>

/** What GitHub says about one file of a comparison. */
export interface ChangedFile {
  path: string
  status: string
  previous?: string
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
 * Why a comparison cannot be read. `missing`: GitHub answered 404, its documented answer (the
 * `basic-error` "Not Found" of @octokit/openapi-types' `repos/compare-commits`) for a commit,
 * tag or branch it does not know; the same answer comes when github_token cannot read the
 * repository at all.
 */
export interface CompareUnknown {
  unknown: string
  missing?: true
}

const unknownOf = (error: unknown, shown: string): CompareUnknown => ({
  unknown: describeError(error, shown),
  ...((error as { status?: unknown }).status === 404 ? { missing: true as const } : {})
})

/** One page, tried once more a second later when that may help and the deadline allows. */
const getPage = async (
  get: ComparePage,
  basehead: string,
  page: number,
  deadline: number,
  shown: string
): Promise<{ answer: Answer } | CompareUnknown> => {
  try {
    return { answer: await get(basehead, page) }
  } catch (error) {
    if (!retryable(error) || Date.now() + RETRY_AFTER_MS >= deadline) return unknownOf(error, shown)
  }
  await realClock.sleep(RETRY_AFTER_MS)
  try {
    return { answer: await get(basehead, page) }
  } catch (again) {
    return unknownOf(again, shown)
  }
}

/** The comparison's status, from its first page, or why the answer cannot be used. */
const firstPage = (data: unknown, shown: string): { status: string } | { unknown: string } => {
  const status = field(data, 'status')
  if (typeof status !== 'string' || !Array.isArray(field(data, 'files')))
    return { unknown: `GitHub's compare API gave an answer for ${shown} that is not a comparison` }
  return { status }
}

/**
 * Every file of the comparison, or why the set cannot be known in full. Reads pages until one
 * adds no file, GitHub says there is no next page and the last page was not full, or the bound.
 */
export const compareFiles = async (
  get: ComparePage,
  range: { base: string; head: string },
  deadline: number
): Promise<{ files: ChangedFile[]; status: string } | CompareUnknown> => {
  const basehead = `${range.base}...${range.head}`
  const shown = `${shortSha(range.base)}...${shortSha(range.head)}`
  const files = new Map<string, ChangedFile>()
  let compareStatus = ''
  let lastFull = false
  for (let page = 1; ; page++) {
    const got = await getPage(get, basehead, page, deadline, shown)
    if ('unknown' in got) return got
    const { answer } = got
    if (page === 1) {
      const first = firstPage(answer.data, shown)
      if ('unknown' in first) return first
      compareStatus = first.status
    }
    const list = field(answer.data, 'files')
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
