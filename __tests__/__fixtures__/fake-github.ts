/**
 * A fake of GitHub's REST API over real HTTP on 127.0.0.1: the compare endpoint, paginated the way
 * GitHub documents it (commits by per_page, files 300 a page, at most 3,000 in all), and the
 * Actions runs endpoints (a run; a workflow's runs, newest first, filtered by branch and status,
 * paginated with Link headers), with a token check and injectable failures.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeFile {
  filename: string
  status: string
  previous_filename?: string
}

export interface Comparison {
  status: 'ahead' | 'behind' | 'diverged' | 'identical'
  files: FakeFile[]
  commits?: number
}

/** A workflow run as the fake lists it; what is left out gets GitHub's usual value. */
export interface FakeRun {
  id: number
  head_sha: string
  /** By default "main". */
  head_branch?: string
  /** By default "completed". */
  status?: string
  /** By default "success" when completed, else null. */
  conclusion?: string | null
  /** By default 1. */
  workflow_id?: number
  /** By default the id. */
  run_number?: number
  run_attempt?: number
  event?: string
}

export interface FakeGitHubOptions {
  repository?: string
  token?: string
  /** By "base...head". */
  comparisons?: Record<string, Comparison>
  /** GitHub's documented rule for paginated calls: files only on page 1 (at most 300). */
  filesOnFirstPageOnly?: boolean
  /** Answers to give, in order, before the real ones: an HTTP status, or "reset" to drop the connection. */
  failures?: (number | 'reset')[]
  /** Pads every answer with this many bytes of patch text. */
  padding?: number
  /** The workflow runs the Actions endpoints list, in any order (listed newest first, by id). */
  runs?: FakeRun[]
  /** The Actions endpoints answer 403, as to a job without `actions: read`. */
  actionsForbidden?: boolean
  /** The runs list ignores its branch and status filters (a hostile or older server). */
  ignoreRunFilters?: boolean
  /** Answers every request with this status and an error message that quotes the token it got. */
  echoToken?: number
  /**
   * More routes on the same API URL, asked first: true when they answered (the artifacts REST
   * routes of fake-artifacts.ts, as GitHub serves them beside the runs).
   */
  routes?: (request: IncomingMessage, response: ServerResponse) => boolean
}

export interface Logged {
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
}

export const FAKE_TOKEN = 'ghs_fakeGitHubToken0123456789abcdefghij'

export const startFakeGitHub = async (options: FakeGitHubOptions = {}) => {
  const repository = options.repository ?? 'acme/site'
  const token = options.token ?? FAKE_TOKEN
  const comparisons = options.comparisons ?? {}
  const failures = [...(options.failures ?? [])]
  const runs = options.runs ?? []
  const requests: Logged[] = []
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    requests.push({ path: url.pathname, query: url.searchParams, headers: request.headers })
    if (options.routes?.(request, response)) return
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers })
      response.end(JSON.stringify(body))
    }
    if (options.echoToken !== undefined)
      return send(options.echoToken, {
        message: `Bad credentials: ${String(request.headers.authorization)} is not allowed`,
        documentation_url: 'https://docs.github.com/rest'
      })
    const failure = failures.shift()
    if (failure === 'reset') return request.socket.destroy()
    if (failure !== undefined) return send(failure, { message: `Injected ${failure}` })
    if (request.headers.authorization !== `token ${token}`)
      return send(401, { message: 'Bad credentials' })
    const actions = /^(?:\/api\/v3)?\/repos\/([^/]+\/[^/]+)\/actions\//.exec(url.pathname)
    if (actions !== null) {
      if (options.actionsForbidden)
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url:
            'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
          status: '403'
        })
      if (actions[1] !== repository) return send(404, { message: 'Not Found' })
      const answer = answerRuns(url, String(request.headers.host), repository, runs, options)
      return send(answer.status, answer.body, answer.headers)
    }
    // GitHub Enterprise Server serves the API under /api/v3.
    const match = /^(?:\/api\/v3)?\/repos\/([^/]+\/[^/]+)\/compare\/([^/]+)$/.exec(url.pathname)
    if (match === null || match[1] !== repository) return send(404, { message: 'Not Found' })
    const comparison = comparisons[decodeURIComponent(match[2]!)]
    if (comparison === undefined) return send(404, { message: 'Not Found' })
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 250), 100)
    const page = Number(url.searchParams.get('page') ?? 1)
    const commits = comparison.commits ?? 1
    const listed = comparison.files.slice(0, 3000)
    const pageFiles = options.filesOnFirstPageOnly
      ? page === 1
        ? listed.slice(0, 300)
        : []
      : listed.slice((page - 1) * 300, page * 300)
    const moreCommits = page * perPage < commits
    const moreFiles = !options.filesOnFirstPageOnly && page * 300 < listed.length
    const base = `http://${request.headers.host}${url.pathname}?per_page=${perPage}`
    const link: Record<string, string> =
      moreCommits || moreFiles
        ? { link: `<${base}&page=${page + 1}>; rel="next", <${base}&page=999>; rel="last"` }
        : {}
    send(
      200,
      {
        status: comparison.status,
        ahead_by: commits,
        behind_by: 0,
        total_commits: commits,
        commits: Array.from(
          { length: Math.max(0, Math.min(perPage, commits - (page - 1) * perPage)) },
          (_, i) => ({ sha: String((page - 1) * perPage + i).padStart(40, '0') })
        ),
        files: pageFiles.map((file) => ({
          sha: 'f'.repeat(40),
          additions: 1,
          deletions: 0,
          changes: 1,
          patch: 'x'.repeat(options.padding ?? 0),
          ...file
        }))
      },
      link
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    requests,
    comparisons,
    runs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A run with the fields GitHub gives every run (a few of its ~40: the ones a client may read). */
const runJson = (run: FakeRun, repository: string) => {
  const status = run.status ?? 'completed'
  return {
    id: run.id,
    name: 'Deploy',
    node_id: `WFR_${run.id}`,
    head_branch: run.head_branch ?? 'main',
    head_sha: run.head_sha,
    path: '.github/workflows/deploy.yml',
    display_title: `Deploy ${run.head_sha.slice(0, 7)}`,
    run_number: run.run_number ?? run.id,
    run_attempt: run.run_attempt ?? 1,
    event: run.event ?? 'push',
    status,
    conclusion:
      run.conclusion !== undefined ? run.conclusion : status === 'completed' ? 'success' : null,
    workflow_id: run.workflow_id ?? 1,
    url: `https://api.github.com/repos/${repository}/actions/runs/${run.id}`,
    html_url: `https://github.com/${repository}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: new Date(Date.UTC(2026, 0, 1) + run.id * 60_000).toISOString(),
    updated_at: new Date(Date.UTC(2026, 0, 1) + run.id * 60_000 + 30_000).toISOString(),
    workflow_url: `https://api.github.com/repos/${repository}/actions/workflows/${run.workflow_id ?? 1}`
  }
}

/** GET .../actions/runs/{run_id} and GET .../actions/workflows/{workflow_id}/runs. */
const answerRuns = (
  url: URL,
  host: string,
  repository: string,
  runs: FakeRun[],
  options: FakeGitHubOptions
): { status: number; body: unknown; headers?: Record<string, string> } => {
  const rest = url.pathname.replace(/^.*?\/actions\//, '')
  const one = /^runs\/(\d+)$/.exec(rest)
  if (one !== null) {
    const run = runs.find((r) => r.id === Number(one[1]))
    return run === undefined
      ? { status: 404, body: { message: 'Not Found' } }
      : { status: 200, body: runJson(run, repository) }
  }
  const list = /^workflows\/([^/]+)\/runs$/.exec(rest)
  if (list === null) return { status: 404, body: { message: 'Not Found' } }
  const query = url.searchParams
  const branch = query.get('branch')
  const status = query.get('status')
  const matching = runs
    .filter((run) => String(run.workflow_id ?? 1) === list[1])
    .map((run) => runJson(run, repository))
    .filter(
      (run) =>
        options.ignoreRunFilters ||
        ((branch === null || run.head_branch === branch) &&
          (status === null || run.status === status || run.conclusion === status))
    )
    .sort((a, b) => b.id - a.id)
  const perPage = Math.min(Number(query.get('per_page') ?? 30), 100)
  const page = Number(query.get('page') ?? 1)
  const last = Math.max(1, Math.ceil(matching.length / perPage))
  // As GitHub does: the same query with page set, for each of next, last, first and prev.
  const at = (n: number) => {
    const link = new URL(`http://${host}${url.pathname}`)
    for (const [key, value] of query) if (key !== 'page') link.searchParams.set(key, value)
    link.searchParams.set('page', String(n))
    return link.href
  }
  const links = [
    ...(page < last ? [`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`] : []),
    ...(page > 1 ? [`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`] : [])
  ]
  return {
    status: 200,
    body: {
      total_count: matching.length,
      workflow_runs: matching.slice((page - 1) * perPage, page * perPage)
    },
    headers: links.length === 0 ? {} : { link: links.join(', ') }
  }
}

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>

export const sha = (n: number | string): string => String(n).repeat(40).slice(0, 40)
