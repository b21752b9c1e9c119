/**
 * `changed: last-success`: compare from the commit of this workflow's most recent
 * successful run on this branch, so that what cancelled and failed runs in between changed is
 * purged too. The run's workflow comes from GITHUB_RUN_ID; its successful runs on the branch are
 * listed newest first. A run at the commit deployed (a re-run, this run) does not count. Every
 * answer is untrusted: each run listed is checked again (its workflow, conclusion, branch and
 * commit), as a server that ignored the filters would otherwise choose the start.
 */
import { realClock } from '../clock.js'
import { TooLarge } from '../http.js'
import type { Log } from '../log.js'
import { escapeLine, quote, redactAll, trimEnd } from '../text.js'
import type { ChangesFound, SinceRun } from './found.js'
import type { RunsAnswer, RunsApi } from './github-runs.js'
import {
  field,
  findHead,
  findRange,
  shortSha,
  type EventInfo,
  type Range,
  type Unknown
} from './range.js'
import { SHA } from '../inputs/changed.js'

/** What the lookup needs from the run: its event, GITHUB_* values, and the time left. */
export interface RunFacts {
  event: EventInfo
  /** GITHUB_RUN_ID */
  runId?: string | undefined
  /** GITHUB_REF */
  ref?: string | undefined
  /** GITHUB_SERVER_URL, for the links to the run and the commit. */
  serverUrl?: string | undefined
  /** GITHUB_REPOSITORY, already checked to be "owner/name". */
  repository: string
  deadline: number
  /** github_token: GitHub's error text never shows it. */
  token: string
  /**
   * Whether a run at the commit deployed counts (`changed: build`: a rebuild of the same commit
   * may differ); otherwise it is passed over, as nothing changed in git since.
   */
  sameCommit?: boolean
}

type Found = { base: string; head: string; since: SinceRun }
/** GitHub refused to show the runs to this token: the caller warns and compares the event's range. */
type Forbidden = { forbidden: string }

const RUN_ID = /^[1-9]\d{0,14}$/
/** Twenty runs a page (RUNS_PER_PAGE): the last ten pages are far more re-runs than happen. */
const MAX_PAGES = 10
const MAX_RUNS_PER_PAGE = 100
const RETRY_AFTER_MS = 1000
const SERVER = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/
const TITLE = { title: 'Cloudflare purge' }

const headBranch = (ref: unknown): string | undefined =>
  typeof ref === 'string' && ref.startsWith('refs/heads/')
    ? ref.slice('refs/heads/'.length)
    : undefined

/** The branch the run is on: a push's, a pull request's head, else GITHUB_REF's; undefined for a tag. */
export const branchOf = (event: EventInfo, ref: string | undefined): string | undefined => {
  const pull = event.name === 'pull_request' || event.name === 'pull_request_target'
  const branch =
    event.name === 'push'
      ? headBranch(field(event.payload, 'ref'))
      : pull
        ? field(event.payload, 'pull_request', 'head', 'ref')
        : headBranch(ref)
  // What git allows in a branch name, and short: it goes into a query string and messages.
  return typeof branch === 'string' && /^[^\s\p{Cc}~^:?*[\\]{1,255}$/u.test(branch)
    ? branch
    : undefined
}

/** Links to the run and the commit, built from our own checked parts, never from the answer. */
const links = (facts: RunFacts, id: number, sha: string) => {
  const server = facts.serverUrl === undefined ? undefined : trimEnd(facts.serverUrl, '/')
  if (server === undefined || !SERVER.test(server) || !REPOSITORY.test(facts.repository))
    return { runUrl: undefined, commitUrl: undefined }
  const base = `${server}/${facts.repository}`
  return { runUrl: `${base}/actions/runs/${id}`, commitUrl: `${base}/commit/${sha}` }
}

/** A run of the list, or undefined when the entry is not one. */
const readRun = (entry: unknown) => {
  const id = field(entry, 'id')
  const sha = field(entry, 'head_sha')
  const number = field(entry, 'run_number')
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return undefined
  if (typeof sha !== 'string' || !SHA.test(sha)) return undefined
  return {
    id,
    sha,
    number: typeof number === 'number' && Number.isSafeInteger(number) ? number : id,
    branch: field(entry, 'head_branch'),
    conclusion: field(entry, 'conclusion'),
    workflowId: field(entry, 'workflow_id')
  }
}

/** Whether a 403 is GitHub's rate limit rather than a refusal of the token. */
export const rateLimited = (error: unknown, message: string): boolean => {
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers
  return String(headers?.['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message)
}

/** What a failed call means: GitHub refused the token Actions (403), or the runs are unknown. */
const describe = (error: unknown, what: string, token: string): Forbidden | Unknown => {
  const status = (error as { status?: unknown }).status
  const message = escapeLine(
    redactAll(String((error as Error).message ?? error), token === '' ? [] : [token]),
    200
  )
  // Octokit gives a request that got no answer (refused, reset, timed out) status 500.
  const unanswered = status === 500 && (error as { response?: unknown }).response === undefined
  if (typeof status !== 'number' || status === 0 || unanswered)
    return {
      unknown: `GitHub's Actions API could not be read for ${what}: ${message}`,
      expected: false
    }
  if (status === 403 && !rateLimited(error, message))
    return { forbidden: `GitHub answered HTTP 403 (${message}) for ${what}` }
  const hint =
    status === 404
      ? ': GitHub does not know it (or github_token cannot read the repository)'
      : status === 401 || status === 403
        ? ': github_token was refused (or the API rate limit was reached)'
        : ''
  return {
    unknown: `GitHub's Actions API answered HTTP ${status} (${message}) for ${what}${hint}`,
    expected: false
  }
}

/** 5xx answers and lost connections are tried once more; anything else is an answer. */
const retryable = (error: unknown): boolean => {
  const status = (error as { status?: unknown }).status
  if ((error as { cause?: unknown }).cause instanceof TooLarge) return false
  return typeof status !== 'number' || (status >= 500 && status !== 501)
}

/** One call, tried once more a second later when that may help and the deadline allows. */
const call = async (
  get: () => Promise<RunsAnswer>,
  what: string,
  facts: RunFacts
): Promise<{ answer: RunsAnswer } | Forbidden | Unknown> => {
  try {
    return { answer: await get() }
  } catch (error) {
    if (!retryable(error) || Date.now() + RETRY_AFTER_MS >= facts.deadline)
      return describe(error, what, facts.token)
  }
  await realClock.sleep(RETRY_AFTER_MS)
  try {
    return { answer: await get() }
  } catch (again) {
    return describe(again, what, facts.token)
  }
}

/**
 * The commit of the most recent successful run of this run's workflow on its branch, other than
 * this run and runs at the commit deployed; or GitHub's 403; or why there is none.
 */
export const findLastSuccess = async (
  api: RunsApi,
  facts: RunFacts
): Promise<Found | Forbidden | Unknown> => {
  const where = whereThisRuns(facts)
  if ('unknown' in where) return where
  const { runId } = where
  const current = await call(() => api.run(runId), `run ${runId} (GITHUB_RUN_ID)`, facts)
  if (!('answer' in current)) return current
  const workflowId = field(current.answer.data, 'workflow_id')
  if (typeof workflowId !== 'number' || !Number.isSafeInteger(workflowId) || workflowId <= 0)
    return {
      unknown: `GitHub's answer for run ${runId} (GITHUB_RUN_ID) is not a workflow run with a workflow_id`,
      expected: false
    }
  return searchRuns(api, facts, { ...where, workflowId })
}

/** The commit deployed, the branch and the run: what the search needs, or why it cannot be made. */
const whereThisRuns = (
  facts: RunFacts
): { head: string; branch: string; runId: string } | Unknown => {
  const deployed = findHead(facts.event)
  if ('unknown' in deployed) return deployed
  const branch = branchOf(facts.event, facts.ref)
  if (branch === undefined)
    return {
      unknown: `last-success: this run is not on a branch (the ${quote(facts.event.name || 'unknown', 40)} event, GITHUB_REF ${quote(facts.ref ?? '', 80)}), so it has no earlier runs to compare with`,
      expected: true
    }
  const runId = facts.runId ?? ''
  if (!RUN_ID.test(runId))
    return {
      unknown: `last-success: GITHUB_RUN_ID (${quote(runId, 40)}) is not a run ID, so this workflow's runs cannot be looked up`,
      expected: false
    }
  return { head: deployed.head, branch, runId }
}

/** The newest successful run of the workflow on the branch, not at the commit deployed. */
const searchRuns = async (
  api: RunsApi,
  facts: RunFacts,
  {
    head,
    branch,
    runId,
    workflowId
  }: { head: string; branch: string; runId: string; workflowId: number }
): Promise<Found | Forbidden | Unknown> => {
  const what = `the successful runs of workflow ${workflowId} on branch ${quote(branch, 100)}`
  let atHead = 0
  for (let page = 1; page <= MAX_PAGES; page++) {
    const got = await call(() => api.successes(workflowId, branch, page), what, facts)
    if (!('answer' in got)) return got
    const list = field(got.answer.data, 'workflow_runs')
    if (!Array.isArray(list))
      return { unknown: `GitHub's answer for ${what} is not a list of runs`, expected: false }
    for (const entry of list.slice(0, MAX_RUNS_PER_PAGE)) {
      const run = readRun(entry)
      if (run === undefined || run.workflowId !== workflowId) continue
      if (run.conclusion !== 'success' || run.branch !== branch) continue
      if (run.id === Number(runId) || (run.sha === head && facts.sameCommit !== true)) {
        atHead++
        continue
      }
      const since: SinceRun = {
        id: run.id,
        number: run.number,
        sha: run.sha,
        branch,
        ...links(facts, run.id, run.sha)
      }
      return { base: run.sha, head, since }
    }
    if (list.length === 0 || !/rel="next"/.test(String(got.answer.headers.link ?? ''))) break
    if (page === MAX_PAGES)
      return {
        unknown: `last-success: the ${atHead} most recent successful runs of this workflow on branch ${quote(branch, 100)} all ran at ${shortSha(head)}, the commit deployed, and no older one is looked for`,
        expected: true
      }
  }
  return {
    unknown: `last-success: this workflow has no earlier successful run on branch ${quote(branch, 100)}${atHead > 0 ? ` (${atHead} at ${shortSha(head)}, the commit deployed, do not count)` : ''}, so there is no deploy to compare with`,
    expected: true
  }
}

/**
 * The range from the last successful run's commit to the commit deployed, noted in `found` and
 * logged with a link to the run. When GitHub refuses the token the runs (403: the job lacks
 * `actions: read`), a warning that names the permission, and the event's own range instead.
 */
export const lastSuccessRange = async (
  api: RunsApi,
  facts: RunFacts,
  found: ChangesFound,
  log: Pick<Log, 'info' | 'warning'>
): Promise<Range> => {
  const result = await findLastSuccess(api, facts)
  if ('forbidden' in result) {
    const own = findRange(facts.event, undefined)
    const whose = facts.event.name === 'push' ? "the push's" : "the event's"
    const instead =
      'unknown' in own
        ? `${whose} own range cannot be used either`
        : `Comparing ${whose} own range, ${shortSha(own.base)}...${shortSha(own.head)}, instead: the changes of cancelled or failed runs before it are not purged`
    const text = `changed: last-success needs the job permission "actions: read" to list this workflow's runs (${result.forbidden}); add "actions: read" to the workflow's permissions block. ${instead}.`
    found.sinceWarning = text
    log.warning(text, { ...TITLE, shown: true })
    return own
  }
  if ('unknown' in result) return result
  const { since } = result
  found.since = since
  log.info(
    `changed: last-success: comparing from ${shortSha(since.sha)}, the commit of run #${since.number}, the last successful run of this workflow on branch ${quote(since.branch, 100)}${since.runUrl === undefined ? '' : ` (${since.runUrl})`}.`
  )
  return { base: result.base, head: result.head }
}
