import { getOctokit } from '@actions/github'
import { boundedFetch } from '../http.js'
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

/** @actions/github's Octokit, with its proxy support and bounded answers. */
export const boundedOctokit = (config: GitHubConfig): ReturnType<typeof getOctokit> => {
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

/** The compare API through the bounded Octokit. */
export const octokitCompare = (config: GitHubConfig): ComparePage => {
  const octokit = boundedOctokit(config)
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
