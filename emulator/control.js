// @ts-check
/**
 * The emulator's own control paths, under `/__emulator/`: not Cloudflare's nor GitHub's API, so
 * that nothing there could be mistaken for what a real API answers. Their answers are JSON,
 * `{"error": "..."}` for a mistake.
 *
 * - `POST /__emulator/reset`: forgets every request, purge, 429 and fault, refills the purge
 *   buckets and the API-wide quota, serves every page as cached an hour before again, restarts
 *   the origin's clock (it counts again from the next request), and takes the GitHub
 *   companion's runs back to those it started with;
 * - `GET /__emulator/github/runs`: the GitHub companion's runs;
 * - `POST /__emulator/github/runs`: adds a run, or an array of runs, such as
 *   `{"head_sha": "HEAD~2"}` or `{"head_sha": "HEAD", "status": "in_progress"}` (github-runs.js
 *   says what each field may be); answers 201 with the runs added, their `id`s given;
 * - `PATCH /__emulator/github/runs/{id}`: a run goes on, as a run does on GitHub, such as
 *   `{"status": "completed", "conclusion": "success"}`; answers 200 with the run;
 * - `GET /__emulator/github/runtime-env?run={id}`: what the runner gives a JavaScript action of
 *   that run to keep artifacts (`changed: build`): `ACTIONS_RUNTIME_TOKEN` and
 *   `ACTIONS_RESULTS_URL`, as `NAME=value` lines for `env`.
 *
 * @typedef {{ reset: () => void, github?: Awaited<ReturnType<typeof import('./github.js').createGitHub>>,
 *   artifacts?: ReturnType<typeof import('./artifacts.js').createArtifactService> }} Controlled
 */

/** The control paths, as the emulator lists them when asked for one it does not have. */
export const CONTROL_PATHS = [
  'POST /__emulator/reset',
  'GET /__emulator/github/runs',
  'POST /__emulator/github/runs',
  'PATCH /__emulator/github/runs/{id}',
  'GET /__emulator/github/runtime-env?run={id}'
]
const COMPANION_OFF = { error: 'the GitHub companion is off: start the emulator with --github DIR' }
const STATUSES = ['queued', 'in_progress', 'completed']
const CONCLUSIONS = ['success', 'failure', 'cancelled', 'skipped', 'timed_out', null]
const MAX_RUNS = 1000

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
const write = (res, status, body) => {
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(`${JSON.stringify(body)}\n`)
}

/**
 * A run going on: its status and conclusion, checked.
 * @param {NonNullable<Controlled['github']>} github @param {number} id @param {string} body
 * @returns {{ status: number, body: unknown }}
 */
const updateRun = (github, id, body) => {
  const run = github.runs.find((r) => r.id === id)
  if (run === undefined) return { status: 404, body: { error: `there is no run ${id}` } }
  let input
  try {
    input = JSON.parse(body)
  } catch {
    return { status: 400, body: { error: 'the body is not JSON, such as {"status": "completed"}' } }
  }
  const { status, conclusion, ...rest } = input ?? {}
  if (Object.keys(rest).length > 0 || (status === undefined && conclusion === undefined))
    return { status: 400, body: { error: 'give status and/or conclusion, and nothing else' } }
  if (status !== undefined && !STATUSES.includes(status))
    return { status: 400, body: { error: `status must be one of ${STATUSES.join(', ')}` } }
  if (conclusion !== undefined && !CONCLUSIONS.includes(conclusion))
    return { status: 400, body: { error: `conclusion must be one of ${CONCLUSIONS.join(', ')}` } }
  if (status !== undefined) run.status = status
  if (conclusion !== undefined) run.conclusion = conclusion
  return { status: 200, body: run }
}

/** @param {Controlled} controlled */
export const createControl = ({ reset, github, artifacts }) => {
  /** @param {string} body @param {import('node:http').ServerResponse} res */
  const addRuns = async (body, res) => {
    if (github === undefined)
      return write(res, 404, {
        error: 'the GitHub companion is off: start the emulator with --github DIR'
      })
    let input
    try {
      input = JSON.parse(body)
    } catch {
      return write(res, 400, { error: 'the body is not JSON: a run, or an array of runs' })
    }
    const list = Array.isArray(input) ? input : [input]
    if (github.runs.length + list.length > MAX_RUNS)
      return write(res, 400, { error: `at most ${MAX_RUNS} runs` })
    const added = []
    for (const [i, entry] of list.entries()) {
      const read = await github.addRun(entry)
      if ('problem' in read)
        return write(res, 400, {
          error: `${Array.isArray(input) ? `run ${i + 1}: ` : ''}${read.problem}`,
          added
        })
      added.push(read.run)
    }
    return write(res, 201, Array.isArray(input) ? added : added[0])
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {string} path @param {string} body
   */
  return async (req, res, path, body) => {
    const call = `${req.method} ${path}`
    if (call === 'POST /__emulator/reset') {
      reset()
      return write(res, 200, { reset: true })
    }
    if (call === 'GET /__emulator/github/runs')
      return github === undefined ? write(res, 404, COMPANION_OFF) : write(res, 200, github.runs)
    if (call === 'POST /__emulator/github/runs') return addRuns(body, res)
    const patch = /^PATCH \/__emulator\/github\/runs\/(\d+)$/.exec(call)
    if (patch !== null) {
      if (github === undefined) return write(res, 404, COMPANION_OFF)
      const answer = updateRun(github, Number(patch[1]), body)
      return write(res, answer.status, answer.body)
    }
    if (call === 'GET /__emulator/github/runtime-env') {
      if (artifacts === undefined) return write(res, 404, COMPANION_OFF)
      const run = Number(new URL(req.url ?? '/', 'http://emulator').searchParams.get('run'))
      if (!Number.isSafeInteger(run) || run < 1)
        return write(res, 400, { error: 'give the run: ?run=1' })
      res.writeHead(200, { 'content-type': 'text/plain' })
      return res.end(
        `ACTIONS_RUNTIME_TOKEN=${artifacts.runtimeToken(run)}\nACTIONS_RESULTS_URL=http://${req.headers.host}\n`
      )
    }
    return write(res, 404, {
      error: `no control path ${call}; there are: ${CONTROL_PATHS.join(', ')}`
    })
  }
}
