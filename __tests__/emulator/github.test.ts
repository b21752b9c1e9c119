/**
 * The emulator's GitHub companion (`github` option, `--github DIR`): comparisons computed from a
 * local git repository as GitHub computes them (ahead, behind, diverged, identical; renames with
 * their previous name; files only on the first page of a paginated call), runs added by hand,
 * every answer with the fields of GitHub's OpenAPI description, and what the action's own readers
 * make of it through Octokit.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GITHUB_TOKEN } from '../../emulator/github.js'
import { startEmulator } from '../../emulator/server.js'
import { compareFiles } from '../../src/sources/compare.js'
import { octokitCompare } from '../../src/sources/github.js'
import type { Emulator } from '../__fixtures__/helpers.js'

let dir: string
/** The commits: c1, then c2 and c3 on main; c4 on the branch side, from c1. */
const c: Record<string, string> = {}
let api: Emulator | undefined

const git = (...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir
    }
  }).trim()
const write = (path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true })
  writeFileSync(join(dir, path), text)
}
const commit = (name: string) => {
  git('add', '-A')
  git('commit', '-q', '-m', `commit ${name}`)
  c[name] = git('rev-parse', 'HEAD')
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-git-'))
  git('init', '-q', '-b', 'main')
  write('public/index.html', 'one\n')
  write('public/about.html', 'about\n')
  write('public/old.html', 'a page that moves, long enough to be found again\n')
  write('public/keep.html', 'keep\n')
  commit('c1')
  write('public/index.html', 'two\nlines\n')
  git('mv', 'public/old.html', 'public/new.html')
  commit('c2')
  write('public/blog.html', 'blog\n')
  git('rm', '-q', 'public/about.html')
  commit('c3')
  git('checkout', '-q', '-b', 'side', c.c1!)
  write('public/keep.html', 'kept\n')
  commit('c4')
  git('checkout', '-q', 'main')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  await api?.close()
  api = undefined
})

const start = async () => {
  api = await startEmulator({ github: { git: dir } })
  return api
}
const get = async (path: string, token = GITHUB_TOKEN) => {
  const answer = await fetch(`${api!.githubUrl}${path}`, {
    headers: { authorization: `token ${token}` }
  })
  return { status: answer.status, link: answer.headers.get('link'), body: await answer.json() }
}
type Json = Record<string, unknown> & { files: Record<string, unknown>[] }
const compare = async (basehead: string, query = '?per_page=100&page=1') =>
  (await get(`/repos/acme/site/compare/${basehead}${query}`)) as {
    status: number
    link: string | null
    body: Json
  }
const files = (body: Json) =>
  body.files.map((f) => [f.filename, f.status, f.previous_filename, f.additions, f.deletions])

/** The keys a schema of @octokit/openapi-types requires, read from its types: they cannot drift. */
const required = (schema: string): string[] => {
  const types = readFileSync(
    new URL('../../node_modules/@octokit/openapi-types/types.d.ts', import.meta.url),
    'utf8'
  )
  const start = types.indexOf(`\n    ${/^[a-z]+$/.test(schema) ? schema : `"${schema}"`}: {\n`)
  const end = types.indexOf('\n    };\n', start)
  expect(start).toBeGreaterThan(0)
  return [...types.slice(start, end).matchAll(/^ {6}([a-z_]+):/gm)].map((m) => m[1]!)
}

describe('comparisons from a git repository', () => {
  it('lists what head changed since base, renames with their previous name, in the documented shape', async () => {
    await start()
    const { status, body, link } = await compare(`${c.c1}...${c.c3}`)
    expect(status).toBe(200)
    expect(link).toBeNull()
    expect([body.status, body.ahead_by, body.behind_by, body.total_commits]).toEqual([
      'ahead',
      2,
      0,
      2
    ])
    expect(files(body)).toEqual([
      ['public/about.html', 'removed', undefined, 0, 1],
      ['public/blog.html', 'added', undefined, 1, 0],
      ['public/index.html', 'modified', undefined, 2, 1],
      ['public/new.html', 'renamed', 'public/old.html', 0, 0]
    ])
    // Oldest first, as the API documents (git log lists them the other way).
    const commits = body.commits as { sha: string; commit: { message: string } }[]
    expect(commits.map((k) => [k.sha, k.commit.message])).toEqual([
      [c.c2, 'commit c2'],
      [c.c3, 'commit c3']
    ])
    expect((body.merge_base_commit as { sha: string }).sha).toBe(c.c1)
    for (const key of required('commit-comparison')) expect(body).toHaveProperty(key)
    for (const key of required('commit')) expect(commits[0]).toHaveProperty(key)
    for (const file of body.files)
      for (const key of required('diff-entry')) expect(file).toHaveProperty(key)
  })

  it('takes refs as GitHub does: branches, HEAD~n', async () => {
    await start()
    const { body } = await compare('HEAD~2...main')
    expect([body.status, body.ahead_by]).toEqual(['ahead', 2])
  })

  it('says "behind" with no file for a rollback, as GitHub computes it from the merge base', async () => {
    await start()
    const { body } = await compare(`${c.c3}...${c.c1}`)
    expect([body.status, body.ahead_by, body.behind_by, body.files]).toEqual(['behind', 0, 2, []])
  })

  it('says "diverged" and lists only what head changed since the merge base', async () => {
    await start()
    const { body } = await compare(`${c.c3}...side`)
    expect([body.status, body.ahead_by, body.behind_by]).toEqual(['diverged', 1, 2])
    expect(files(body)).toEqual([['public/keep.html', 'modified', undefined, 1, 1]])
    expect((body.merge_base_commit as { sha: string }).sha).toBe(c.c1)
  })

  it('says "identical" for a commit compared with itself', async () => {
    await start()
    const { body } = await compare(`${c.c2}...${c.c2}`)
    expect([body.status, body.total_commits, body.files]).toEqual(['identical', 0, []])
  })

  it('answers 404 for a commit the repository does not have, and never passes an option to git', async () => {
    await start()
    const out = join(dir, 'smuggled')
    for (const basehead of [`${c.c1}...nope`, `--output=${out}...HEAD`, `${c.c1}..${c.c3}`])
      expect((await compare(encodeURIComponent(basehead))).status).toBe(404)
    expect(existsSync(out)).toBe(false)
    // A tag or branch it does not know: GitHub's `basic-error`, as github.com writes it.
    expect(await compare('v1.0-typo...main')).toEqual({
      status: 404,
      link: null,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits',
        status: '404'
      }
    })
  })

  it('pages commits by per_page with Link headers, and shows the files on the first page only', async () => {
    await start()
    const first = await compare(`${c.c1}...${c.c3}`, '?per_page=1&page=1')
    expect((first.body.commits as unknown[]).length).toBe(1)
    expect(first.body.files).toHaveLength(4)
    expect(first.link).toMatch(/<[^>]+page=2>; rel="next", <[^>]+page=2>; rel="last"/)
    const second = await compare(`${c.c1}...${c.c3}`, '?per_page=1&page=2')
    expect((second.body.commits as { sha: string }[]).map((k) => k.sha)).toEqual([c.c3])
    expect(second.body.files).toEqual([])
    expect(second.link).toMatch(/rel="first".*rel="prev"/)
    expect(second.link).not.toMatch(/rel="next"/)
  })

  it("is read by the action's own compare reader, through Octokit, as GitHub's answer is", async () => {
    await start()
    const page = octokitCompare({
      apiUrl: api!.githubUrl,
      token: GITHUB_TOKEN,
      repository: 'acme/site',
      userAgent: 'test/1.0',
      requestTimeoutMs: 5000,
      deadline: Date.now() + 20_000
    })
    expect(await compareFiles(page, { base: c.c1!, head: c.c3! }, Date.now() + 20_000)).toEqual({
      status: 'ahead',
      files: [
        { path: 'public/about.html', status: 'removed' },
        { path: 'public/blog.html', status: 'added' },
        { path: 'public/index.html', status: 'modified' },
        { path: 'public/new.html', status: 'renamed', previous: 'public/old.html' }
      ]
    })
  })

  it('wants its token, and knows only its repository', async () => {
    await start()
    expect((await get(`/repos/acme/site/compare/${c.c1}...${c.c3}`, 'ghs_other')).status).toBe(401)
    expect((await get(`/repos/acme/other/compare/${c.c1}...${c.c3}`)).status).toBe(404)
    // Cloudflare's API and request log are untouched by GitHub's.
    expect(api!.state.requests).toEqual([])
    expect(api!.github!.requests).toHaveLength(2)
  })
})

describe('runs added by hand', () => {
  const post = async (body: unknown) => {
    const answer = await fetch(`${api!.url}/__emulator/github/runs`, {
      method: 'POST',
      body: JSON.stringify(body)
    })
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> }
  }

  it('are numbered, resolved to their commit, and listed newest first with the fields of a workflow run', async () => {
    await start()
    expect(await post({ head_sha: 'HEAD~2' })).toEqual({
      status: 201,
      body: { id: 1, head_sha: c.c1 }
    })
    const added = await post([
      { head_sha: 'HEAD~1', conclusion: 'failure' },
      { head_sha: 'HEAD', status: 'in_progress' }
    ])
    expect(added.status).toBe(201)
    expect((added.body as unknown as { id: number }[]).map((r) => r.id)).toEqual([2, 3])
    const run = await get('/repos/acme/site/actions/runs/3')
    expect(run.body).toEqual(
      expect.objectContaining({ id: 3, head_sha: c.c3, head_branch: 'main', workflow_id: 1 })
    )
    for (const key of required('workflow-run')) expect(run.body).toHaveProperty(key)
    // By number or by the workflow's file name, as GitHub takes either.
    for (const workflow of ['1', 'deploy.yml']) {
      const list = await get(
        `/repos/acme/site/actions/workflows/${workflow}/runs?branch=main&status=success`
      )
      const runs = (list.body as { workflow_runs: { id: number }[] }).workflow_runs
      expect(runs.map((r) => r.id)).toEqual([1])
    }
    expect((await get('/repos/acme/site/actions/workflows/other.yml/runs')).status).toBe(404)
  })

  it('are refused, with the reason, when they are not runs', async () => {
    await start()
    for (const [body, reason] of [
      [{ head_sha: 'nope' }, 'head_sha "nope" is no commit of the repository'],
      [{ head_sha: 'HEAD', result: 'ok' }, 'unknown field "result"'],
      [{ head_sha: 'HEAD', status: 'done' }, 'status must be one of'],
      [{ head_sha: 'HEAD', conclusion: 'great' }, 'conclusion must be null or one of'],
      [{ head_sha: 'HEAD', workflow_id: -1 }, 'workflow_id must be a whole number above 0'],
      ['HEAD', 'a run is a JSON object']
    ] as const)
      expect(await post(body)).toEqual({
        status: 400,
        body: { error: expect.stringContaining(reason), added: [] }
      })
    expect(await post({ head_sha: 'HEAD', id: 5 })).toEqual(
      expect.objectContaining({ status: 201 })
    )
    expect((await post({ head_sha: 'HEAD', id: 5 })).body.error).toBe('there is already a run 5')
    expect(api!.github!.runs).toHaveLength(1)
  })

  it('cannot be added without the companion', async () => {
    api = await startEmulator()
    expect(await post({ head_sha: 'HEAD' })).toEqual({
      status: 404,
      body: { error: 'the GitHub companion is off: start the emulator with --github DIR' }
    })
  })
})

describe('--github', () => {
  const printed = (child: ReturnType<typeof spawn>) =>
    new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (chunk) => {
        out += chunk
        if (out.includes('Ctrl-C')) resolve(out)
      })
      child.on('exit', (code) => reject(new Error(`exited ${code}`)))
    })

  it("prints GITHUB_API_URL, the repository and token, and writes a push event of HEAD's commit", async () => {
    const child = spawn(process.execPath, ['emulator/cli.js', '--port', '0', '--github', dir], {
      cwd: new URL('../..', import.meta.url),
      env: { PATH: process.env.PATH ?? '' }
    })
    let eventPath: string | undefined
    try {
      const out = await printed(child)
      const apiUrl = /github: {2}(\S+) \(GITHUB_API_URL\)/.exec(out)![1]!
      expect(out).toContain(`GITHUB_REPOSITORY=acme/site  github_token: ${GITHUB_TOKEN}`)
      eventPath = /push event: (\S+)/.exec(out)![1]!
      expect(JSON.parse(readFileSync(eventPath, 'utf8'))).toEqual(
        expect.objectContaining({ ref: 'refs/heads/main', before: c.c2, after: c.c3 })
      )
      const answer = await fetch(`${apiUrl}/repos/acme/site/compare/${c.c2}...${c.c3}`, {
        headers: { authorization: `token ${GITHUB_TOKEN}` }
      })
      expect(((await answer.json()) as { status: string }).status).toBe('ahead')
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    // Its own folder goes when it stops.
    expect(existsSync(eventPath!)).toBe(false)
  })

  it('says in one line that a folder is not a git repository, and exits 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'not-git-'))
    const child = spawn(process.execPath, ['emulator/cli.js', '--port', '0', '--github', empty], {
      cwd: new URL('../..', import.meta.url),
      env: { PATH: process.env.PATH ?? '', GIT_CEILING_DIRECTORIES: tmpdir() }
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    rmSync(empty, { recursive: true, force: true })
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^emulator: --github: ".*" is not in a git repository/)
    ])
  })
})
