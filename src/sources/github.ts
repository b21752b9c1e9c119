import { timeoutSignal } from '../clock.js'
import { boundedFetch } from '../http.js'
import { redactAll } from '../text.js'
import type { ComparePage } from './compare.js'

const COMMITS_PER_PAGE = 100
/** A page of 300 files with their patches; anything larger is not an answer worth reading. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024

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

export type Octokit = ReturnType<(typeof import('@actions/github'))['getOctokit']>

/**
 * Octokit, loaded on the first request. `@actions/github` parses GITHUB_EVENT_PATH as it loads
 * (its Context), and throws a bare SyntaxError on a file that is not JSON: by the first request,
 * the changed-files step has read and checked that file itself (runner/context.ts), and a
 * sitemap alone never loads it at all.
 */
export const boundedOctokit = async (config: GitHubConfig): Promise<Octokit> => {
  const { getOctokit } = await import('@actions/github')
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
  return octokit
}

/**
 * An Octokit error with the token taken out of its message: GitHub's answer (or a proxy's) may
 * echo it, and the message goes on to the log, the summary and the annotation. The runner's mask
 * hides it in the log, but the action does not rely on it.
 */
export const redacted = (error: unknown, token: string): unknown => {
  if (!(error instanceof Error) || token === '' || !error.message.includes(token)) return error
  error.message = redactAll(error.message, [token])
  return error
}

/** The compare API through @actions/github's Octokit, with its proxy support and bounded answers. */
export const octokitCompare = (config: GitHubConfig): ComparePage => {
  let octokit: Promise<Octokit> | undefined
  const [owner, repo] = config.repository.split('/')
  return async (basehead, page) => {
    const left = config.deadline - Date.now()
    if (left <= 0) throw Object.assign(new Error("the step's timeout ran out"), { status: 0 })
    octokit ??= boundedOctokit(config)
    try {
      const response = await (
        await octokit
      ).request('GET /repos/{owner}/{repo}/compare/{basehead}', {
        owner: owner!,
        repo: repo!,
        basehead,
        per_page: COMMITS_PER_PAGE,
        page,
        request: {
          signal: timeoutSignal(Math.min(config.requestTimeoutMs, left))
        }
      })
      return { data: response.data, headers: response.headers }
    } catch (error) {
      throw redacted(error, config.token)
    }
  }
}
