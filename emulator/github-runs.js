// @ts-check
/**
 * GitHub's Actions runs API, the two calls `changed: last-success` makes, in the shapes of
 * its OpenAPI description (`workflow-run` in @octokit/openapi-types):
 * - `GET /repos/{owner}/{repo}/actions/runs/{run_id}`: one run, with its `workflow_id`;
 * - `GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs` (`workflow_id` a number or
 *   the workflow's file name): its runs, newest first, filtered by `branch`, `status` (a status or
 *   a conclusion), `event` and `head_sha`, `per_page` (at most 100, 30 by default) a page, with
 *   Link headers.
 * The runs are a list the caller keeps: the tests write theirs, a person adds them to the
 * emulator's with `POST /__emulator/github/runs` (control.js), checked by `readRun` here.
 *
 * @typedef {{ id: number, head_sha: string, head_branch?: string, status?: string, conclusion?: string | null, workflow_id?: number, run_number?: number, run_attempt?: number, event?: string }} FakeRun
 *   What is left out gets GitHub's usual value: branch "main" (the emulator: its repository's
 *   branch), status "completed", conclusion "success" when completed (else null), workflow 1,
 *   run_number the id, event "push".
 * @typedef {{ id: number, name: string, path: string }} Workflow
 * @typedef {{ ignoreRunFilters?: boolean, workflows?: Workflow[], serverUrl?: string, branch?: string, padding?: number }} RunsOptions
 *   `ignoreRunFilters`: the list ignores its workflow, branch and status filters and lists every
 *   run of the repository (a hostile or older server); `workflows`: by default one, 1, "Deploy"
 *   at .github/workflows/deploy.yml; `branch`: the branch a run is on when it does not say;
 *   `padding`: bytes of commit message on every run.
 */
import { linkHeader } from './github-compare.js'

/** @type {Workflow[]} */
export const DEFAULT_WORKFLOWS = [{ id: 1, name: 'Deploy', path: '.github/workflows/deploy.yml' }]
const STATUSES = new Set(['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'])
const CONCLUSIONS = new Set([
  'success',
  'failure',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'neutral',
  'stale',
  'startup_failure'
])

/** @param {number} id @param {Workflow[]} workflows */
const workflowOf = (id, workflows) =>
  workflows.find((w) => w.id === id) ?? {
    id,
    name: `Workflow ${id}`,
    path: `.github/workflows/workflow-${id}.yml`
  }

/**
 * A run with the fields of the schema `workflow-run` (the users and repositories in it cut down
 * to a few fields a client may read).
 * @param {FakeRun} run @param {string} api the repository's API URL @param {string} repository
 * @param {RunsOptions} options
 */
const runJson = (run, api, repository, options) => {
  const status = run.status ?? 'completed'
  const workflow = workflowOf(run.workflow_id ?? 1, options.workflows ?? DEFAULT_WORKFLOWS)
  const html = `${options.serverUrl ?? 'https://github.com'}/${repository}`
  const created = new Date(Date.UTC(2026, 0, 1) + run.id * 60_000).toISOString()
  const [owner] = repository.split('/')
  const repo = {
    id: 1,
    node_id: 'R_1',
    name: repository.split('/')[1],
    full_name: repository,
    owner: { login: owner, id: 1, type: 'Organization' },
    private: false,
    html_url: html,
    url: api
  }
  const self = `${api}/actions/runs/${run.id}`
  return {
    id: run.id,
    name: workflow.name,
    node_id: `WFR_${run.id}`,
    check_suite_id: run.id,
    head_branch: run.head_branch ?? options.branch ?? 'main',
    head_sha: run.head_sha,
    path: workflow.path,
    display_title: `${workflow.name} ${run.head_sha.slice(0, 7)}`,
    run_number: run.run_number ?? run.id,
    run_attempt: run.run_attempt ?? 1,
    event: run.event ?? 'push',
    status,
    conclusion:
      run.conclusion !== undefined ? run.conclusion : status === 'completed' ? 'success' : null,
    workflow_id: workflow.id,
    url: self,
    html_url: `${html}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: created,
    updated_at: new Date(Date.parse(created) + 30_000).toISOString(),
    run_started_at: created,
    jobs_url: `${self}/jobs`,
    logs_url: `${self}/logs`,
    check_suite_url: `${api}/check-suites/${run.id}`,
    artifacts_url: `${self}/artifacts`,
    cancel_url: `${self}/cancel`,
    rerun_url: `${self}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${workflow.id}`,
    head_commit: {
      id: run.head_sha,
      tree_id: run.head_sha,
      // `padding` makes each run this much larger: a page of runs as large as a test needs.
      message: '.'.repeat(options.padding ?? 0),
      timestamp: created
    },
    repository: repo,
    head_repository: repo
  }
}

/** @param {ReturnType<typeof runJson>} run @param {URLSearchParams} query */
const matches = (run, query) => {
  const branch = query.get('branch')
  const status = query.get('status')
  const event = query.get('event')
  const sha = query.get('head_sha')
  return (
    (branch === null || run.head_branch === branch) &&
    (status === null || run.status === status || run.conclusion === status) &&
    (event === null || run.event === event) &&
    (sha === null || run.head_sha === sha)
  )
}

/**
 * The runs routes, over `runs` (read at each request: what is added to it shows at once).
 * @param {FakeRun[]} runs @param {RunsOptions} [options]
 * @returns {import('./github.js').RouteModule}
 */
export const runsRoutes = (runs, options = {}) => ({
  routes: [
    {
      method: 'GET',
      path: /^\/actions\/runs\/(\d+)$/,
      answer: ({ match, base, repository }) => {
        const run = runs.find((r) => r.id === Number(match[1]))
        return run === undefined
          ? { status: 404, body: { message: 'Not Found' } }
          : { status: 200, body: runJson(run, `${base}/repos/${repository}`, repository, options) }
      }
    },
    {
      method: 'GET',
      path: /^\/actions\/workflows\/([^/]+)\/runs$/,
      answer: ({ url, match, base, repository }) => {
        const api = `${base}/repos/${repository}`
        const workflows = [
          ...(options.workflows ?? DEFAULT_WORKFLOWS),
          ...runs.map((r) => workflowOf(r.workflow_id ?? 1, options.workflows ?? DEFAULT_WORKFLOWS))
        ]
        const given = decodeURIComponent(match[1] ?? '')
        const workflow = workflows.find(
          (w) => String(w.id) === given || w.path === `.github/workflows/${given}`
        )
        if (workflow === undefined && !options.ignoreRunFilters)
          return { status: 404, body: { message: 'Not Found' } }
        const query = url.searchParams
        const listed = runs
          .map((run) => runJson(run, api, repository, options))
          .filter(
            (run) =>
              options.ignoreRunFilters || (run.workflow_id === workflow?.id && matches(run, query))
          )
          .sort((a, b) => b.id - a.id)
        const perPage = Math.min(Math.max(1, Number(query.get('per_page') ?? 30) || 30), 100)
        const page = Math.max(1, Number(query.get('page') ?? 1) || 1)
        const last = Math.max(1, Math.ceil(listed.length / perPage))
        return {
          status: 200,
          body: {
            total_count: listed.length,
            workflow_runs: listed.slice((page - 1) * perPage, page * perPage)
          },
          headers: linkHeader(url, base, page, last)
        }
      }
    }
  ]
})

/**
 * A run to add, from what a person sent, or what is wrong with it. `head_sha` may be any commit
 * the repository knows (`HEAD~2`, a tag): `resolve` turns it into its SHA. `id` is the next free
 * one unless given.
 * @param {unknown} input @param {FakeRun[]} runs
 * @param {(commit: string) => Promise<string | undefined>} resolve
 * @returns {Promise<{ run: FakeRun } | { problem: string }>}
 */
export const readRun = async (input, runs, resolve) => {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { problem: 'a run is a JSON object, such as {"head_sha": "HEAD~1"}' }
  const given = /** @type {Record<string, unknown>} */ (input)
  const known = new Set([
    'id',
    'head_sha',
    'head_branch',
    'status',
    'conclusion',
    'workflow_id',
    'run_number',
    'run_attempt',
    'event'
  ])
  const unknown = Object.keys(given).filter((key) => !known.has(key))
  if (unknown.length > 0)
    return {
      problem: `unknown field ${JSON.stringify(unknown[0])}; fields: ${[...known].join(', ')}`
    }
  if (typeof given.head_sha !== 'string')
    return { problem: 'head_sha is missing: the commit the run ran at, such as "HEAD~1"' }
  const sha = await resolve(given.head_sha)
  if (sha === undefined)
    return { problem: `head_sha ${JSON.stringify(given.head_sha)} is no commit of the repository` }
  for (const key of ['id', 'workflow_id', 'run_number', 'run_attempt'])
    if (given[key] !== undefined && !(Number.isSafeInteger(given[key]) && Number(given[key]) > 0))
      return { problem: `${key} must be a whole number above 0, not ${JSON.stringify(given[key])}` }
  if (given.status !== undefined && !STATUSES.has(String(given.status)))
    return { problem: `status must be one of ${[...STATUSES].join(', ')}` }
  if (
    given.conclusion !== undefined &&
    given.conclusion !== null &&
    !CONCLUSIONS.has(String(given.conclusion))
  )
    return { problem: `conclusion must be null or one of ${[...CONCLUSIONS].join(', ')}` }
  for (const key of ['head_branch', 'event'])
    if (given[key] !== undefined && (typeof given[key] !== 'string' || given[key] === ''))
      return { problem: `${key} must be a non-empty string` }
  const id =
    /** @type {number | undefined} */ (given.id) ?? Math.max(0, ...runs.map((r) => r.id)) + 1
  if (runs.some((r) => r.id === id)) return { problem: `there is already a run ${id}` }
  return { run: /** @type {FakeRun} */ ({ id, ...given, head_sha: sha }) }
}
