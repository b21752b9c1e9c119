/**
 * `changed: build` through dist/index.js, run as the runner runs it, against the emulator with its
 * GitHub companion (the Actions runs API and GitHub's artifact services, emulator/artifacts.js):
 * a first run falls back and keeps its manifest; the next purges exactly what the build changed;
 * a failed purge keeps nothing; a hostile manifest ends in the fallback with a warning.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  READ_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { zip } from '../__fixtures__/fake-artifacts.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const ARTIFACT = 'cloudflare-purge-manifest'
const SITE = 'https://www.example.com/'
const sha = (digit: string) => digit.repeat(40)

/** The built site of the first deploy. */
const V1: Record<string, string> = {
  'index.html': '<h1>Home</h1>',
  'about/index.html': '<h1>About</h1>',
  'blog/index.html': '<h1>Blog</h1>',
  'blog/post-1.html': '<h1>Post 1</h1>',
  'contact.html': '<h1>Contact</h1>',
  'old.html': '<h1>Old</h1>',
  'assets/app.1a2b3c.js': 'console.log(1)',
  'assets/style.css': 'body{}',
  'img/logo.svg': '<svg/>'
}
/** The next build: 3 pages changed, 1 added, 1 removed, the hashed bundle renamed. */
const V2: Record<string, string> = {
  ...V1,
  'index.html': '<h1>Home, new</h1>',
  'about/index.html': '<h1>About us</h1>',
  'blog/post-1.html': '<h1>Post 1, fixed</h1>',
  'blog/post-2.html': '<h1>Post 2</h1>',
  'assets/app.9f8e7d.js': 'console.log(2)'
}
delete V2['old.html']
delete V2['assets/app.1a2b3c.js']

let api: Emulator
let workspace: string
beforeAll(async () => {
  api = await startEmulator({ github: {} })
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'workspace-build-')))
})
afterAll(async () => {
  await api.close()
  rmSync(workspace, { recursive: true, force: true })
})
beforeEach(() => api.reset())

const github = () => api.github!
const artifacts = () => api.artifacts!

/** Writes the built site to public/, as the build step would. */
const build = (files: Record<string, string>) => {
  rmSync(join(workspace, 'public'), { recursive: true, force: true })
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, 'public', path)), { recursive: true })
    writeFileSync(join(workspace, 'public', path), content)
  }
}

/** Run `id` of the deploy workflow at `commit`, as the runner starts it. */
const run = async (
  id: number,
  commit: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
) => {
  await github().addRun({ id, head_sha: commit, status: 'in_progress' })
  const eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
  writeFileSync(
    eventPath,
    JSON.stringify({ ref: 'refs/heads/main', before: sha('0'), after: commit })
  )
  const result = await runAction(
    {
      token: DEFAULT_TOKEN,
      zone: DEFAULT_ZONE.id,
      api_url: api.apiUrl,
      changed: 'build',
      site_dir: 'public',
      site_url: SITE,
      github_token: github().token,
      ...inputs
    },
    {
      cwd: workspace,
      env: {
        PATH: '/nonexistent',
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: github().repository,
        GITHUB_SHA: commit,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_RUN_ID: String(id),
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: api.githubUrl,
        ACTIONS_RUNTIME_TOKEN: artifacts().runtimeToken(id),
        ACTIONS_RESULTS_URL: api.url,
        RUNNER_TEMP: workspace,
        ...env
      }
    }
  )
  // The run ends as the job did: a success only when the step succeeded.
  const ran = github().runs.find((r) => r.id === id)!
  Object.assign(ran, {
    status: 'completed',
    conclusion: result.code === 0 ? 'success' : 'failure'
  })
  return result
}

const keptBy = (id: number) =>
  artifacts().artifacts.filter((a) => a.runId === id && a.name === ARTIFACT && a.finalized)

/** A page's URLs: a folder's index.html as the folder and the file; a.html as a.html and a. */
const urlsOf = (path: string) =>
  path.endsWith('index.html')
    ? [`${SITE}${path.slice(0, -'index.html'.length)}`, `${SITE}${path}`]
    : path.endsWith('.html')
      ? [`${SITE}${path}`, `${SITE}${path.slice(0, -'.html'.length)}`]
      : [`${SITE}${path}`]

describe('dist/index.js with changed: build', () => {
  it('falls back on the first run and keeps its manifest; the next run purges exactly what the build changed', async () => {
    build(V1)
    const first = await run(1, sha('1'))
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(
      /::notice title=Cloudflare purge::changed: no earlier successful run of this workflow on this branch kept a manifest, so what the build changed cannot be known\. Falling back to changed_fallback "prefix"/
    )
    expect(api.acceptedItems('prefixes')).toEqual(['www.example.com/'])
    expect(keptBy(1)).toHaveLength(1)
    expect(first.stdout).toContain(`as the artifact "${ARTIFACT}" of this run`)

    api.state.accepted.length = 0
    build(V2)
    const second = await run(2, sha('2'))
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    const expected = [
      'index.html',
      'about/index.html',
      'blog/post-1.html',
      'blog/post-2.html',
      'old.html',
      'assets/app.1a2b3c.js',
      'assets/app.9f8e7d.js'
    ].flatMap(urlsOf)
    expect([...api.acceptedItems('files')].sort()).toEqual(expected.sort())
    expect(api.acceptedItems('prefixes')).toEqual([])
    expect(second.stdout).toContain(
      'Built site (public/): 9 file(s), 3 changed, 2 added, 2 removed, 4 unchanged since the build of run #1 (1111111).'
    )
    expect(second.summary).toContain('### Built files changed since run #1')
    expect(second.summary).toContain(
      'The built site has 9 file(s): 3 changed, 2 added, 2 removed, 4 unchanged.'
    )
    expect(second.summary).toContain('`changed: build`, with the build it kept')
    expect(second.outputs.purged_count).toBe(String(expected.length))
    expect(keptBy(2)).toHaveLength(1)
  })

  it('keeps nothing when the purge fails, so the next run compares with the last successful one', async () => {
    build(V1)
    expect((await run(1, sha('1'))).code).toBe(0)
    build(V2)
    // A token without "Cache Purge": the purge is refused.
    const failed = await run(2, sha('2'), { token: READ_ONLY_TOKEN })
    expect(failed.code).not.toBe(0)
    expect(keptBy(2)).toEqual([])
    expect(failed.stdout).toContain("This build's manifest is not kept, as the step failed")

    api.state.accepted.length = 0
    const next = await run(3, sha('2'))
    expect(next.code).toBe(0)
    // Compared with run 1's build, not the failed run's: everything that changed since.
    expect(next.stdout).toContain('since the build of run #1')
    expect(api.acceptedItems('files')).toHaveLength(12)
    expect(keptBy(3)).toHaveLength(1)
  })

  it.each([
    [
      'too large',
      // A manifest of a few MB of one repeated byte: a compression ratio no manifest has.
      zip([{ name: 'build-manifest.jsonl', data: Buffer.alloc(4 * 1024 * 1024, 0x20) }]),
      "the last successful run's manifest is larger than the action reads"
    ],
    [
      'malformed',
      zip([{ name: 'build-manifest.jsonl', data: Buffer.from('not a manifest\n') }]),
      "the last successful run's manifest is not a manifest the action can read"
    ]
  ])(
    'falls back with a warning naming why when the manifest is %s',
    async (_kind, content, why) => {
      await github().addRun({ id: 1, head_sha: sha('1') })
      artifacts().put(1, ARTIFACT, content)
      build(V2)
      const result = await run(2, sha('2'))
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`::warning title=Cloudflare purge::changed: ${why}`)
      expect(result.stdout).toContain('Falling back to changed_fallback "prefix"')
      expect(api.acceptedItems('prefixes')).toEqual(['www.example.com/'])
      expect(result.summary).toContain('Changed files: fallback used')
      // This run's purge succeeded: its own manifest is kept for the next.
      expect(keptBy(2)).toHaveLength(1)
    }
  )

  it("compares a rebuild of the same commit with that commit's run", async () => {
    build(V1)
    expect((await run(1, sha('1'))).code).toBe(0)
    build(V2)
    api.state.accepted.length = 0
    const rebuilt = await run(2, sha('1'))
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stdout).toContain('since the build of run #1')
    expect(api.acceptedItems('files')).toHaveLength(12)
  })

  it('fails naming site_dir when the build wrote nothing there, and keeps nothing', async () => {
    rmSync(join(workspace, 'public'), { recursive: true, force: true })
    const result = await run(1, sha('1'))
    expect(result.code).not.toBe(0)
    expect(result.stdout).toMatch(
      /::error title=[^:]*::changed: build hashes the built site in site_dir \("public"\): the folder .* does not exist\. Run this step after the build/
    )
    expect(api.state.accepted).toEqual([])
    expect(keptBy(1)).toEqual([])
  })

  it('keeps nothing on a dry run, and shows the counts', async () => {
    build(V1)
    expect((await run(1, sha('1'))).code).toBe(0)
    build(V2)
    const dry = await run(2, sha('2'), { dry_run: 'true' })
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('3 changed, 2 added, 2 removed, 4 unchanged')
    expect(dry.stdout).toContain("Dry run: this build's manifest is not kept")
    expect(keptBy(2)).toEqual([])
  })

  it('warns when the manifest cannot be kept, and the purge stands', async () => {
    build(V1)
    const result = await run(1, sha('1'), {}, { ACTIONS_RUNTIME_TOKEN: '' })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /::warning title=Cloudflare purge::This build's manifest was not kept as the artifact "cloudflare-purge-manifest": ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set.*uses changed_fallback\./
    )
    expect(result.summary).toContain('## ⚠️')
    expect(keptBy(1)).toEqual([])
  })

  it('ends the step when the artifact service never answers, instead of waiting with it', async () => {
    // A server that takes the upload's connection and never answers: the package's request has
    // no timeout of its own, so the step must not wait for it to end.
    const { createServer } = await import('node:http')
    const held: import('node:http').ServerResponse[] = []
    const silent = createServer((_req, res) => void held.push(res))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as import('node:net').AddressInfo
    try {
      build(V1)
      const result = await run(
        1,
        sha('1'),
        { timeout: '5' },
        { ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}` }
      )
      // It ended by itself (runAction kills a step that does not end: signal set, code null).
      expect(result.signal).toBeNull()
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(
        "the artifact service did not finish within the step's timeout"
      )
      expect(held.length).toBeGreaterThan(0)
    } finally {
      for (const res of held) res.destroy()
      silent.closeAllConnections()
      await new Promise((resolve) => silent.close(resolve))
    }
  }, 150_000)

  it('refuses the repository root as site_dir, before any request', async () => {
    build(V1)
    const result = await run(1, sha('1'), { site_dir: '.' })
    expect(result.code).not.toBe(0)
    expect(result.stdout).toMatch(
      /::error title=Invalid inputs::Input "site_dir": "\." is the repository root: changed: build hashes the folder the build writes/
    )
    expect(api.state.requests).toEqual([])
  })
})
