// @ts-check
/**
 * The emulator's GitHub companion: the REST endpoints the action calls for `changed: true`
 * (the compare API, github-compare.js) and `changed: last-success` (the Actions runs API,
 * github-runs.js), with GitHub's token check, error bodies and pagination. One module for both
 * of its users:
 * - the emulator serves it under `/github` (`GITHUB_API_URL=http://127.0.0.1:8787/github`), its
 *   comparisons read from a local git repository (git.js) and its runs added by hand;
 * - the tests start it alone on a port of its own (`startGitHub`, through
 *   __tests__/__fixtures__/fake-github.ts), with the comparisons and runs they write and
 *   injected failures.
 *
 * Routing: a route module is `{ routes }`, each route a method, a pattern for the path after
 * `/repos/{owner}/{repo}` and an `answer`. Another group of endpoints is one more module in
 * `modules` (or the `modules` option), not another server.
 *
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} Answer
 * @typedef {{ url: URL, match: RegExpExecArray, base: string, repository: string, body: string }} RouteContext
 *   `base`: the API's base URL as the client reached it (for Link headers and `url` fields)
 * @typedef {{ method: string, path: RegExp, answer: (context: RouteContext) => Answer | Promise<Answer> }} Route
 * @typedef {{ routes: Route[] }} RouteModule
 * @typedef {import('./github-compare.js').Comparison} Comparison
 * @typedef {import('./github-compare.js').FakeFile} FakeFile
 * @typedef {import('./github-runs.js').FakeRun} FakeRun
 * @typedef {{ path: string, query: URLSearchParams, headers: import('node:http').IncomingHttpHeaders }} GitHubLogged
 * @typedef {{
 *   repository?: string, token?: string, serverUrl?: string,
 *   comparisons?: Record<string, Comparison>, git?: string, filesOnFirstPageOnly?: boolean,
 *   runs?: FakeRun[], ignoreRunFilters?: boolean, actionsForbidden?: boolean,
 *   failures?: (number | 'reset')[], padding?: number, echoToken?: number, modules?: RouteModule[],
 *   routes?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean
 * }} GitHubOptions
 *   `repository`: "owner/name" (acme/site by default); `token`: the one token it takes (GITHUB_TOKEN);
 *   `comparisons` by "base...head", or `git`: the folder of a git repository to compare in;
 *   `filesOnFirstPageOnly`: GitHub's documented rule for paginated compares (the emulator's);
 *   `runs`: the Actions runs it starts with; `actionsForbidden`: the Actions endpoints answer
 *   403, as to a job without `actions: read`; `failures`: answers to give first, in order (an
 *   HTTP status, or "reset" to drop the connection); `padding`: bytes of `patch` on every file and of commit message on every run;
 *   `echoToken`: every answer is this status, with a message that quotes the token sent;
 *   `routes`: a handler asked first on the same port, true when it answered.
 */
import { createServer } from 'node:http'
import { compareRoutes, tableComparisons } from './github-compare.js'
import { readRun, runsRoutes } from './github-runs.js'
import { gitRepository } from './git.js'

/** The token the companion takes, as a job's GITHUB_TOKEN (`ghs_`, 40 characters). */
export const GITHUB_TOKEN = 'ghs_fakeGitHubToken0123456789abcdefghij'
export const REPOSITORY = 'acme/site'
const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }

/** @param {import('node:http').ServerResponse} res @param {Answer} answer */
const write = (res, { status, body, headers = {} }) => {
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

const FORBIDDEN = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
  status: '403'
}

/**
 * What GitHub answers a request whose path, after the API's base, is `rest`: the first route of
 * `modules` that matches it, else 404.
 * @param {RouteModule[]} modules @param {string} repository @param {boolean} actionsForbidden
 * @param {{ method: string, url: URL, rest: string, base: string, body: string }} request
 * @returns {Promise<Answer>}
 */
const route = async (modules, repository, actionsForbidden, { method, url, rest, base, body }) => {
  const repo = /^\/repos\/([^/]+\/[^/]+)(\/.*)$/.exec(rest)
  if (repo === null || repo[1] !== repository) return { status: 404, body: NOT_FOUND }
  const path = /** @type {string} */ (repo[2])
  if (actionsForbidden && path.startsWith('/actions/')) return { status: 403, body: FORBIDDEN }
  for (const { routes } of modules)
    for (const candidate of routes) {
      const match = candidate.path.exec(path)
      if (match !== null && candidate.method === method)
        return candidate.answer({ url, match, base, repository, body })
    }
  return { status: 404, body: NOT_FOUND }
}

/**
 * The answer given before any route is asked: an injected one, or the token check's refusal.
 * GitHub takes a token as "token X" (what Octokit sends) or "Bearer X".
 * @param {string | undefined} authorization @param {GitHubOptions} options @param {string} token
 * @param {(number | 'reset')[]} failures
 * @returns {Answer | 'reset' | undefined}
 */
const refusal = (authorization, options, token, failures) => {
  if (options.echoToken !== undefined)
    return {
      status: options.echoToken,
      body: {
        message: `Bad credentials: ${String(authorization)} is not allowed`,
        documentation_url: 'https://docs.github.com/rest'
      }
    }
  const failure = failures.shift()
  if (failure === 'reset') return failure
  if (failure !== undefined) return { status: failure, body: { message: `Injected ${failure}` } }
  if (authorization !== `token ${token}` && authorization !== `Bearer ${token}`)
    return {
      status: 401,
      body: {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401'
      }
    }
  return undefined
}

/** @param {GitHubOptions} options @param {FakeRun[]} runs @param {Awaited<ReturnType<typeof gitRepository>> | undefined} git @returns {RouteModule[]} */
const modulesOf = (options, runs, git) => [
  compareRoutes(git?.compare ?? tableComparisons(options.comparisons ?? {}), {
    serverUrl: options.serverUrl,
    filesOnFirstPageOnly: options.filesOnFirstPageOnly,
    padding: options.padding
  }),
  runsRoutes(runs, {
    serverUrl: options.serverUrl,
    ignoreRunFilters: options.ignoreRunFilters,
    branch: git?.branch,
    padding: options.padding
  }),
  ...(options.modules ?? [])
]

/** @param {GitHubOptions} [options] */
export const createGitHub = async (options = {}) => {
  const repository = options.repository ?? REPOSITORY
  const token = options.token ?? GITHUB_TOKEN
  const git = options.git === undefined ? undefined : await gitRepository(options.git)
  const initialRuns = options.runs ?? []
  const runs = [...initialRuns]
  const failures = [...(options.failures ?? [])]
  /** @type {GitHubLogged[]} */
  const requests = []
  const modules = modulesOf(options, runs, git)
  /** A commit as a person names it: any the repository knows, else only a full SHA. @param {string} commit */
  const resolve = async (commit) =>
    git !== undefined ? git.resolve(commit) : /^[0-9a-f]{40}$/.test(commit) ? commit : undefined

  return {
    repository,
    token,
    /** The git repository compared in, when `git` is given: its folder and branch. */
    git,
    requests,
    comparisons: options.comparisons ?? {},
    runs,
    /**
     * Answers one request whose path, after the API's base, is `rest` (`/repos/...`). `base` is
     * the API's base URL as the client reached it.
     * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
     * @param {string} rest @param {string} base @param {string} body
     */
    async handle(req, res, rest, base, body) {
      const url = new URL(req.url ?? '/', 'http://github')
      requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers })
      const refused = refusal(req.headers.authorization, options, token, failures)
      if (refused === 'reset') return req.socket.destroy()
      if (refused !== undefined) return write(res, refused)
      const request = { method: req.method ?? 'GET', url, rest, base, body }
      try {
        write(res, await route(modules, repository, options.actionsForbidden === true, request))
      } catch (error) {
        const message = `Emulator: ${/** @type {Error} */ (error).message}`
        write(res, { status: 500, body: { message } })
      }
    },
    /** Adds a run, as a person describes it (`head_sha` may be `HEAD~1` when comparing in git). @param {unknown} input */
    async addRun(input) {
      const read = await readRun(input, runs, resolve)
      if ('run' in read) runs.push(read.run)
      return read
    },
    /** Back to the runs it started with, an empty request log and the failures to inject. */
    reset() {
      runs.splice(0, runs.length, ...initialRuns)
      requests.length = 0
      failures.splice(0, failures.length, ...(options.failures ?? []))
    }
  }
}

/** The companion alone, on its own port of 127.0.0.1 (the tests' fake GitHub). @param {GitHubOptions} [options] */
export const startGitHub = async (options = {}) => {
  const github = await createGitHub(options)
  const server = createServer((req, res) => {
    // Other services on the same port, asked first (the artifacts API of emulator/artifacts.js).
    if (options.routes?.(req, res) === true) return
    const chunks = /** @type {Buffer[]} */ ([])
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://github').pathname
      // GitHub Enterprise Server serves the API under /api/v3.
      const prefix = path.startsWith('/api/v3/') ? '/api/v3' : ''
      const base = `http://${req.headers.host}${prefix}`
      void github.handle(
        req,
        res,
        path.slice(prefix.length),
        base,
        Buffer.concat(chunks).toString('utf8')
      )
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    ...github,
    apiUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve(undefined))
      })
  }
}
