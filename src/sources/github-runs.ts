/**
 * GitHub's Actions API, the two calls `changed: last-success` makes, through the same
 * bounded Octokit as the compare API. Loaded with the rest of `sources/changes.ts`, only when
 * `changed` is used.
 */
import { timeoutSignal } from '../clock.js'
import { boundedOctokit, redacted, type GitHubConfig, type Octokit } from './github.js'

/** One answer, as Octokit returns it; the calls throw like Octokit on an HTTP error. */
export interface RunsAnswer {
  data: unknown
  headers: Record<string, string | number | undefined>
}

/** The Actions API calls of last-success (tests may give others). */
export interface RunsApi {
  /** GET /repos/{owner}/{repo}/actions/runs/{run_id}: the run, with its workflow_id. */
  run: (runId: string) => Promise<RunsAnswer>
  /** GET .../actions/workflows/{workflow_id}/runs: the branch's successful runs, newest first. */
  successes: (workflowId: number, branch: string, page: number) => Promise<RunsAnswer>
}

/** Few runs a page: the run wanted is nearly always among the first, and each run is ~5 KB. */
export const RUNS_PER_PAGE = 20

/**
 * The most one answer of the Actions API may be: a run is ~5 KB (its head commit's message
 * included), a page of RUNS_PER_PAGE a few dozen KB. Far below the compare API's 64 MiB, since a
 * few fields of each run are all that is read: a larger answer is refused as it is read, and
 * last-success falls back as for any answer it cannot read (changed_fallback).
 */
export const MAX_RUNS_ANSWER_BYTES = 1024 * 1024

export const octokitRuns = (config: GitHubConfig): RunsApi => {
  let loaded: Promise<Octokit> | undefined
  /** Octokit loads on the first call (see boundedOctokit); its errors lose the token's text. */
  const call = async <T>(send: (octokit: Octokit) => Promise<T>): Promise<T> => {
    loaded ??= boundedOctokit({
      ...config,
      maxAnswerBytes: config.maxAnswerBytes ?? MAX_RUNS_ANSWER_BYTES
    })
    try {
      return await send(await loaded)
    } catch (error) {
      throw redacted(error, config.token)
    }
  }
  const [owner, repo] = config.repository.split('/')
  /** Octokit's options for one request: bounded by the request's time limit and the step's deadline. */
  const bounded = () => {
    const left = config.deadline - Date.now()
    if (left <= 0) throw Object.assign(new Error("the step's timeout ran out"), { status: 0 })
    return {
      signal: timeoutSignal(Math.min(config.requestTimeoutMs, left))
    }
  }
  return {
    run: async (runId) => {
      const response = await call((octokit) =>
        octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
          owner: owner!,
          repo: repo!,
          run_id: Number(runId),
          exclude_pull_requests: true,
          request: bounded()
        })
      )
      return { data: response.data, headers: response.headers }
    },
    successes: async (workflowId, branch, page) => {
      const response = await call((octokit) =>
        octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
          owner: owner!,
          repo: repo!,
          workflow_id: workflowId,
          branch,
          status: 'success',
          exclude_pull_requests: true,
          per_page: RUNS_PER_PAGE,
          page,
          request: bounded()
        })
      )
      return { data: response.data, headers: response.headers }
    }
  }
}
