// @ts-check
/**
 * `npm run demo:build`: `changed: build` end to end, offline. Builds a small static site into
 * public/ of a new folder, runs dist/index.js as run #1 of a deploy workflow (no earlier manifest:
 * the fallback, and the manifest kept as an artifact in the emulator's GitHub companion), marks
 * the run successful as GitHub would, builds again with 3 pages changed, 1 added, 1 removed and a
 * hashed bundle renamed, and runs it as run #2: it purges only what the build changed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { show } from './show-run.js'

const workspace = mkdtempSync(join(tmpdir(), 'demo-build-'))

/** What a static site generator would write to public/. @param {Record<string, string>} files */
const build = (files) => {
  rmSync(join(workspace, 'public'), { recursive: true, force: true })
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, 'public', path)), { recursive: true })
    writeFileSync(join(workspace, 'public', path), content)
  }
}

/** @type {Record<string, string>} */
const V1 = {
  'index.html': '<h1>Home</h1><script src="/assets/app.1a2b3c.js"></script>',
  'about/index.html': '<h1>About</h1>',
  'blog/index.html': '<h1>Blog</h1>',
  'blog/first-post.html': '<h1>First post</h1>',
  'pricing.html': '<h1>Pricing</h1>',
  'assets/app.1a2b3c.js': 'console.log("v1")',
  'assets/site.css': 'body { color: black }'
}
/** @type {Record<string, string>} */
const V2 = {
  ...V1,
  // A shared layout changed: three pages differ, though no source file names them.
  'index.html': '<h1>Home</h1><nav>New menu</nav><script src="/assets/app.9f8e7d.js"></script>',
  'about/index.html': '<h1>About</h1><nav>New menu</nav>',
  'blog/index.html': '<h1>Blog</h1><nav>New menu</nav><a href="/blog/second-post">New</a>',
  'blog/second-post.html': '<h1>Second post</h1>',
  'assets/app.9f8e7d.js': 'console.log("v2")'
}
delete V2['pricing.html']
delete V2['assets/app.1a2b3c.js']

const emulator = await startEmulator({ plan: 'pro', github: {} })
const github = /** @type {NonNullable<typeof emulator.github>} */ (emulator.github)
const artifacts = /** @type {NonNullable<typeof emulator.artifacts>} */ (emulator.artifacts)
try {
  const eventPath = join(workspace, 'push-event.json')
  /** Run `id`, as the runner starts it, and then ended as GitHub ends it. @param {number} id @param {string} title */
  const deploy = async (id, title) => {
    const commit = String(id).repeat(40)
    writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', after: commit }))
    await github.addRun({ id, head_sha: commit, status: 'in_progress' })
    const code = await show(
      emulator,
      title,
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.id,
        changed: 'build',
        site_dir: 'public',
        site_url: 'https://www.example.com/',
        github_token: github.token
      },
      {
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: workspace,
        GITHUB_API_URL: emulator.githubUrl,
        GITHUB_REPOSITORY: github.repository,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_SHA: commit,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_RUN_ID: String(id),
        GITHUB_SERVER_URL: 'https://github.com',
        // What the runner gives a JavaScript action to keep artifacts.
        ACTIONS_RUNTIME_TOKEN: artifacts.runtimeToken(id),
        ACTIONS_RESULTS_URL: emulator.url
      }
    )
    const run = /** @type {import('../emulator/github-runs.js').FakeRun} */ (
      github.runs.find((r) => r.id === id)
    )
    Object.assign(run, { status: 'completed', conclusion: code === 0 ? 'success' : 'failure' })
    return code
  }
  console.log(`Emulator: ${emulator.apiUrl}; GitHub companion and artifacts: ${emulator.githubUrl}
Site built in ${join(workspace, 'public')}`)
  build(V1)
  const first = await deploy(1, 'changed: build, run #1: no earlier manifest, so the fallback')
  build(V2)
  const second = await deploy(
    2,
    'changed: build, run #2: 3 pages changed, 1 added, 1 removed, the bundle renamed'
  )
  process.exitCode = first === 0 && second === 0 ? 0 : 1
} finally {
  await emulator.close()
  rmSync(workspace, { recursive: true, force: true })
}
