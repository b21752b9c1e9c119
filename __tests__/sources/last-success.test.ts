/**
 * `changed: last-success`: this workflow's runs read through Octokit from a fake GitHub
 * over real HTTP (pages with Link headers, cancelled and failed runs, re-runs, a 403), and what
 * each answer means for the range compared.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ChangesFound } from '../../src/sources/found.js'
import {
  MAX_RUNS_ANSWER_BYTES,
  octokitRuns,
  RUNS_PER_PAGE,
  type RunsApi
} from '../../src/sources/github-runs.js'
import {
  branchOf,
  findLastSuccess,
  lastSuccessRange,
  type RunFacts
} from '../../src/sources/last-success.js'
import type { EventInfo } from '../../src/sources/range.js'
import {
  FAKE_TOKEN,
  sha,
  startFakeGitHub,
  type FakeGitHub,
  type FakeRun
} from '../__fixtures__/fake-github.js'

const BEFORE = sha('c')
const HEAD = sha('d')
const push = (payload: Record<string, unknown> = {}): EventInfo => ({
  name: 'push',
  payload: { ref: 'refs/heads/main', before: BEFORE, after: HEAD, ...payload },
  sha: HEAD
})

let github: FakeGitHub | undefined
afterEach(async () => {
  await github?.close()
  github = undefined
})

const start = async (runs: FakeRun[], options: Parameters<typeof startFakeGitHub>[0] = {}) => {
  github = await startFakeGitHub({ runs, ...options })
  return octokitRuns({
    apiUrl: github.apiUrl,
    token: FAKE_TOKEN,
    repository: 'acme/site',
    userAgent: 'test-agent/1.0',
    requestTimeoutMs: 5000,
    deadline: Date.now() + 20_000
  })
}

const facts = (extra: Partial<RunFacts> = {}): RunFacts => ({
  event: push(),
  runId: '100',
  ref: 'refs/heads/main',
  serverUrl: 'https://github.com',
  repository: 'acme/site',
  deadline: Date.now() + 20_000,
  token: FAKE_TOKEN,
  ...extra
})

/** This run: in progress at the commit deployed. */
const CURRENT: FakeRun = { id: 100, head_sha: HEAD, status: 'in_progress' }

const recorder = () => {
  const lines: [string, string][] = []
  return {
    lines,
    log: {
      info: (message: string) => lines.push(['info', message]),
      warning: (message: string) => lines.push(['warning', message])
    }
  }
}

describe('findLastSuccess against a fake GitHub', () => {
  it('starts at the last successful run, past a failed and a cancelled one', async () => {
    const api = await start([
      { id: 97, head_sha: sha('7') },
      { id: 98, head_sha: sha('8'), conclusion: 'failure' },
      { id: 99, head_sha: sha('9'), conclusion: 'cancelled' },
      CURRENT
    ])
    expect(await findLastSuccess(api, facts())).toEqual({
      base: sha('7'),
      head: HEAD,
      since: {
        id: 97,
        number: 97,
        sha: sha('7'),
        branch: 'main',
        runUrl: 'https://github.com/acme/site/actions/runs/97',
        commitUrl: `https://github.com/acme/site/commit/${sha('7')}`
      }
    })
    const [run, list] = github!.requests
    expect(run!.path).toBe('/repos/acme/site/actions/runs/100')
    expect(list!.path).toBe('/repos/acme/site/actions/workflows/1/runs')
    expect(Object.fromEntries(list!.query)).toEqual({
      branch: 'main',
      status: 'success',
      exclude_pull_requests: 'true',
      per_page: String(RUNS_PER_PAGE),
      page: '1'
    })
    expect(list!.headers.authorization).toBe(`token ${FAKE_TOKEN}`)
    expect(github!.requests).toHaveLength(2)
  })

  it('reads the list across pages, following Link headers, past runs at the commit deployed', async () => {
    // A scheduled deploy ran 45 times at the commit deployed; the success before is on page 3.
    const same = Array.from({ length: 45 }, (_, i) => ({ id: 50 + i, head_sha: HEAD }))
    const api = await start([{ id: 10, head_sha: sha('1') }, ...same, CURRENT])
    expect(await findLastSuccess(api, facts())).toEqual(
      expect.objectContaining({ base: sha('1'), head: HEAD })
    )
    expect(github!.requests.slice(1).map((r) => r.query.get('page'))).toEqual(['1', '2', '3'])
  })

  it('does not count a re-run: neither this run nor another at the commit deployed', async () => {
    // Run 100 succeeded at HEAD, and is being re-run (attempt 2): GitHub still lists it.
    const api = await start([
      { id: 90, head_sha: sha('5') },
      { id: 95, head_sha: HEAD, event: 'workflow_dispatch' },
      { id: 100, head_sha: HEAD, run_attempt: 2 }
    ])
    expect(await findLastSuccess(api, facts())).toEqual(
      expect.objectContaining({ base: sha('5'), since: expect.objectContaining({ id: 90 }) })
    )
  })

  it('checks each run again when the server ignores the filters', async () => {
    const api = await start(
      [
        { id: 96, head_sha: sha('6') },
        { id: 97, head_sha: sha('7'), head_branch: 'feature' },
        { id: 98, head_sha: sha('8'), conclusion: 'failure' },
        { id: 99, head_sha: sha('9'), status: 'in_progress' },
        { id: 101, head_sha: 'not-a-sha' },
        CURRENT
      ],
      { ignoreRunFilters: true }
    )
    expect(await findLastSuccess(api, facts())).toEqual(expect.objectContaining({ base: sha('6') }))
  })

  it('takes no run of another workflow, even when the server lists one', async () => {
    // The newest success is another workflow's (a nightly build at a commit never deployed).
    const api = await start(
      [
        { id: 96, head_sha: sha('6') },
        { id: 97, head_sha: sha('7'), workflow_id: 2 },
        { id: 98, head_sha: sha('8'), workflow_id: 0 },
        CURRENT
      ],
      { ignoreRunFilters: true }
    )
    expect(await findLastSuccess(api, facts())).toEqual(expect.objectContaining({ base: sha('6') }))
  })

  it('has no start without an earlier successful run, and says why', async () => {
    const api = await start([{ id: 99, head_sha: sha('9'), conclusion: 'cancelled' }, CURRENT])
    expect(await findLastSuccess(api, facts())).toEqual({
      unknown:
        'last-success: this workflow has no earlier successful run on branch "main", so there is no deploy to compare with',
      expected: true
    })
    await github!.close()
    const again = await start([{ id: 95, head_sha: HEAD }, CURRENT])
    expect(await findLastSuccess(again, facts())).toEqual({
      unknown: expect.stringContaining('(1 at ddddddd, the commit deployed, do not count)'),
      expected: true
    })
  })

  it('answers 403 without actions: read, and tells it from a rate limit', async () => {
    const api = await start([CURRENT], { actionsForbidden: true })
    expect(await findLastSuccess(api, facts())).toEqual({
      forbidden: expect.stringMatching(
        /^GitHub answered HTTP 403 \(Resource not accessible by integration .*\) for run 100 \(GITHUB_RUN_ID\)$/
      )
    })
    const limited: RunsApi = {
      run: async () => {
        throw Object.assign(new Error('API rate limit exceeded for installation'), {
          status: 403,
          response: { headers: { 'x-ratelimit-remaining': '0' } }
        })
      },
      successes: async () => ({ data: {}, headers: {} })
    }
    expect(await findLastSuccess(limited, facts())).toEqual({
      unknown: expect.stringMatching(/^GitHub's Actions API answered HTTP 403 .*rate limit/),
      expected: false
    })
  })

  it('never shows the token in what GitHub said, and tries a 502 once more', async () => {
    let calls = 0
    const echo: RunsApi = {
      run: async () => {
        calls++
        throw Object.assign(new Error(`upstream failed for token ${FAKE_TOKEN}\n::error::x`), {
          status: 502
        })
      },
      successes: async () => ({ data: {}, headers: {} })
    }
    const result = await findLastSuccess(echo, facts())
    expect(calls).toBe(2)
    expect(result).toEqual({ unknown: expect.stringContaining('HTTP 502'), expected: false })
    expect(JSON.stringify(result)).not.toContain(FAKE_TOKEN)
    expect((result as { unknown: string }).unknown).not.toContain('\n')
  })

  it('says an API that does not answer could not be read, not that it answered HTTP 500', async () => {
    const closed = octokitRuns({
      apiUrl: 'http://127.0.0.1:9',
      token: FAKE_TOKEN,
      repository: 'acme/site',
      userAgent: 'test-agent/1.0',
      requestTimeoutMs: 5000,
      deadline: Date.now() + 20_000
    })
    const result = await findLastSuccess(closed, facts())
    expect(result).toEqual({
      unknown: expect.stringMatching(/^GitHub's Actions API could not be read for /),
      expected: false
    })
    expect((result as { unknown: string }).unknown).not.toContain('HTTP 500')
  })

  it('asks GitHub when the time left is under the request bound and no whole number of ms', async () => {
    github = await startFakeGitHub({ runs: [CURRENT, { id: 90, head_sha: BEFORE }] })
    const deadline = Date.now() + 29_999.5
    const api = octokitRuns({
      apiUrl: github.apiUrl,
      token: FAKE_TOKEN,
      repository: 'acme/site',
      userAgent: 'test-agent/1.0',
      requestTimeoutMs: 30_000,
      deadline
    })
    expect(await findLastSuccess(api, facts({ deadline }))).toEqual(
      expect.objectContaining({ base: BEFORE, head: HEAD })
    )
    expect(github.requests).toHaveLength(2)
  })

  it('refuses a page of runs past its bound as it reads it, and says so, once', async () => {
    const older = Array.from({ length: RUNS_PER_PAGE }, (_, i) => ({ id: 50 + i, head_sha: HEAD }))
    // Each run's commit message a twentieth of the bound: the page is past it, a run alone is not.
    const padding = Math.ceil(MAX_RUNS_ANSWER_BYTES / RUNS_PER_PAGE)
    const api = await start([CURRENT, ...older, { id: 10, head_sha: BEFORE }], { padding })
    const result = await findLastSuccess(api, facts())
    expect(result).toEqual({
      unknown: expect.stringMatching(
        /^GitHub's Actions API could not be read for the successful runs of workflow 1 on branch "main": the answer is larger than 1 MiB$/
      ),
      expected: false
    })
    // The run itself was read; the page was not tried again, nor the next one asked for.
    expect(github!.requests.map((r) => r.path)).toEqual([
      '/repos/acme/site/actions/runs/100',
      '/repos/acme/site/actions/workflows/1/runs'
    ])
  })

  it('needs a branch and a run ID, and a workflow run as the answer', async () => {
    const api = await start([CURRENT])
    const tag = push({ ref: 'refs/tags/v1' })
    expect(await findLastSuccess(api, facts({ event: tag }))).toEqual({
      unknown: expect.stringContaining('this run is not on a branch'),
      expected: true
    })
    expect(await findLastSuccess(api, facts({ runId: '' }))).toEqual({
      unknown: expect.stringContaining('GITHUB_RUN_ID ("") is not a run ID'),
      expected: false
    })
    expect(await findLastSuccess(api, facts({ runId: '7' }))).toEqual({
      unknown: expect.stringContaining('HTTP 404'),
      expected: false
    })
    const hostile: RunsApi = {
      run: async () => ({ data: { workflow_id: '../../x' }, headers: {} }),
      successes: async () => ({ data: {}, headers: {} })
    }
    expect(await findLastSuccess(hostile, facts())).toEqual({
      unknown: expect.stringContaining('not a workflow run'),
      expected: false
    })
    expect(github!.requests.map((r) => r.path)).toEqual(['/repos/acme/site/actions/runs/7'])
  })
})

describe('branchOf', () => {
  it("is a push's branch, a pull request's head branch, else GITHUB_REF's", () => {
    expect(branchOf(push(), undefined)).toBe('main')
    expect(branchOf(push({ ref: 'refs/tags/v1' }), 'refs/tags/v1')).toBeUndefined()
    const pull = {
      name: 'pull_request',
      payload: { pull_request: { head: { ref: 'fix/a' } } },
      sha: HEAD
    }
    expect(branchOf(pull, 'refs/pull/4/merge')).toBe('fix/a')
    const dispatch = { name: 'workflow_dispatch', payload: {}, sha: HEAD }
    expect(branchOf(dispatch, 'refs/heads/release/2')).toBe('release/2')
    for (const ref of ['refs/heads/a b', 'refs/heads/a\n::x', `refs/heads/${'x'.repeat(300)}`])
      expect(branchOf(dispatch, ref)).toBeUndefined()
  })
})

describe('lastSuccessRange', () => {
  it('logs the run and commit compared from, with a link, and notes them for the summary', async () => {
    const api = await start([{ id: 97, head_sha: sha('7'), run_number: 41 }, CURRENT])
    const found: ChangesFound = { rows: [] }
    const { lines, log } = recorder()
    expect(await lastSuccessRange(api, facts(), found, log)).toEqual({ base: sha('7'), head: HEAD })
    expect(lines).toEqual([
      [
        'info',
        'changed: last-success: comparing from 7777777, the commit of run #41, the last successful run of this workflow on branch "main" (https://github.com/acme/site/actions/runs/97).'
      ]
    ])
    expect(found.since).toEqual(expect.objectContaining({ id: 97, number: 41, sha: sha('7') }))
  })

  it("warns naming actions: read on a 403, then compares the push's own range", async () => {
    const api = await start([CURRENT], { actionsForbidden: true })
    const found: ChangesFound = { rows: [] }
    const { lines, log } = recorder()
    expect(await lastSuccessRange(api, facts(), found, log)).toEqual({ base: BEFORE, head: HEAD })
    expect(lines).toEqual([
      [
        'warning',
        expect.stringMatching(
          /^changed: last-success needs the job permission "actions: read" .*HTTP 403.* Comparing the push's own range, ccccccc\.\.\.ddddddd, instead/
        )
      ]
    ])
    expect(found.sinceWarning).toBe(lines[0]![1])
    expect(found.since).toBeUndefined()
  })

  it('links only to what GITHUB_SERVER_URL and the repository make, checked', async () => {
    const api = await start([{ id: 97, head_sha: sha('7') }, CURRENT])
    const found: ChangesFound = { rows: [] }
    await lastSuccessRange(
      api,
      facts({ serverUrl: 'javascript:alert(1)//' }),
      found,
      recorder().log
    )
    expect(found.since).toEqual(
      expect.objectContaining({ runUrl: undefined, commitUrl: undefined })
    )
    await lastSuccessRange(
      api,
      facts({ serverUrl: 'https://ghe.example.com/' }),
      found,
      recorder().log
    )
    expect(found.since!.runUrl).toBe('https://ghe.example.com/acme/site/actions/runs/97')
  })
})
