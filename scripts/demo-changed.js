// @ts-check
/**
 * `npm run demo:changed`: `changed: true` and `changed: last-success` end to end, offline.
 * Makes a small site in a new git repository (a deploy, then three pushes), starts the emulator
 * with its GitHub companion comparing there, adds the workflow's runs as a person would (`POST
 * /__emulator/github/runs`: the deploy succeeded, the next two pushes' runs failed and were
 * cancelled, the last is this run), and runs dist/index.js as the runner would: once for the
 * last push alone, then, after `POST /__emulator/reset`, since the last successful run. Needs
 * git.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { show } from './show-run.js'

const dir = mkdtempSync(join(tmpdir(), 'demo-changed-'))
const repo = join(dir, 'site')

/** @param {string[]} args */
const git = (...args) =>
  execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Demo',
      GIT_AUTHOR_EMAIL: 'demo@example.com',
      GIT_COMMITTER_NAME: 'Demo',
      GIT_COMMITTER_EMAIL: 'demo@example.com'
    }
  }).trim()

/** One commit of the site: files written (null: removed, [from]: renamed from). @param {string} message @param {Record<string, string | null | [string]>} files */
const commit = (message, files) => {
  for (const [path, content] of Object.entries(files)) {
    if (content === null) git('rm', '-q', path)
    else if (Array.isArray(content)) git('mv', content[0], path)
    else {
      mkdirSync(join(repo, dirname(path)), { recursive: true })
      writeFileSync(join(repo, path), content)
    }
  }
  git('add', '-A')
  git('commit', '-q', '-m', message)
  return git('rev-parse', 'HEAD')
}

mkdirSync(repo)
git('init', '-q', '-b', 'main')
commit('Site v1', {
  'public/index.html': '<h1>Home</h1>\n',
  'public/about.html': '<h1>About</h1>\n',
  'public/pricing.html': '<h1>Pricing: a page that will move</h1>\n',
  'public/assets/site.css': 'body { color: black }\n'
})
commit('New home page; pricing moves to plans', {
  'public/index.html': '<h1>Welcome</h1>\n',
  'public/plans.html': ['public/pricing.html']
})
commit('First blog post', { 'public/blog/first.html': '<h1>Hello</h1>\n' })
const before = git('rev-parse', 'HEAD')
const after = commit('No more about page; darker text', {
  'public/about.html': null,
  'public/assets/site.css': 'body { color: #111 }\n'
})

/** The workflow's runs: the deploy of v1 succeeded; the next two pushes' runs did not. */
const RUNS = [
  { head_sha: 'HEAD~3' },
  { head_sha: 'HEAD~2', conclusion: 'failure' },
  { head_sha: 'HEAD~1', conclusion: 'cancelled' },
  { head_sha: 'HEAD', status: 'in_progress' }
]

const emulator = await startEmulator({ plan: 'pro', github: { git: repo } })
try {
  const github = /** @type {NonNullable<typeof emulator.github>} */ (emulator.github)
  /** @param {unknown} body */
  const control = async (body, path = 'github/runs') => {
    const answer = await fetch(`${emulator.url}/__emulator/${path}`, {
      method: 'POST',
      body: JSON.stringify(body)
    })
    if (!answer.ok) throw new Error(`POST /__emulator/${path}: ${await answer.text()}`)
  }
  await control(RUNS)
  const eventPath = join(dir, 'push-event.json')
  writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', before, after }))
  console.log(`Emulator: ${emulator.apiUrl}; GitHub companion: ${emulator.githubUrl}, comparing in ${repo}
Runs: #1 succeeded at HEAD~3, #2 failed at HEAD~2, #3 was cancelled at HEAD~1, #4 is this run, at HEAD`)
  const inputs = {
    token: DEFAULT_TOKEN,
    zone: DEFAULT_ZONE.id,
    changed: 'true',
    site_dir: 'public',
    site_url: 'https://www.example.com/',
    github_token: github.token
  }
  const env = {
    GITHUB_API_URL: emulator.githubUrl,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: after,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '4',
    GITHUB_SERVER_URL: 'https://github.com'
  }
  const push = await show(
    emulator,
    `changed: true: what the push ${before.slice(0, 7)}..${after.slice(0, 7)} changed`,
    inputs,
    env
  )
  // A fresh start for the next try: no purge, no request, and the runs added again.
  await control({}, 'reset')
  await control(RUNS)
  const since = await show(
    emulator,
    'changed: last-success: what changed since run #1, the failed and cancelled runs included',
    { ...inputs, changed: 'last-success' },
    env
  )
  process.exitCode = push === 0 && since === 0 ? 0 : 1
} finally {
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
}
