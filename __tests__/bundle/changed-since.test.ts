/**
 * The bundled action purging what changed since the last successful run, and what changed_rules
 * and changed_max_urls make of it: dist/index.js run as the runner runs it, against a fake GitHub
 * (compare and Actions runs) and the Cloudflare emulator, in a workspace without git.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import {
  FAKE_TOKEN,
  sha,
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type FakeRun
} from '../__fixtures__/fake-github.js'
import type { Emulator } from '../__fixtures__/helpers.js'

// The last successful deploy, then three pushes.
const DEPLOYED = sha('5')
const PUSH1 = sha('6')
const PUSH2 = sha('7')
const PUSH3 = sha('8')

let api: Emulator
let github: FakeGitHub | undefined
beforeAll(async () => {
  api = await startEmulator()
})
afterAll(async () => {
  await api.close()
})
beforeEach(() => {
  api.state.requests.length = 0
  api.state.accepted.length = 0
})
afterEach(async () => {
  await github?.close()
  github = undefined
})

const serve = async (options: FakeGitHubOptions) => {
  github = await startFakeGitHub(options)
  return github
}

const run = (
  inputs: Record<string, string>,
  push: { before: string; after: string; forced?: boolean },
  runId: number
) => {
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'workspace-')))
  const eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
  writeFileSync(
    eventPath,
    JSON.stringify({
      ref: 'refs/heads/main',
      forced: false,
      created: false,
      deleted: false,
      ...push
    })
  )
  return runAction(
    {
      token: DEFAULT_TOKEN,
      zone: DEFAULT_ZONE.id,
      api_url: api.apiUrl,
      changed: 'true',
      site_dir: 'public',
      site_url: 'https://www.example.com/',
      github_token: FAKE_TOKEN,
      ...inputs
    },
    {
      cwd: workspace,
      env: {
        PATH: '/nonexistent',
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/site',
        GITHUB_SHA: push.after,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_RUN_ID: String(runId),
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: github!.apiUrl
      }
    }
  )
}

/** The runs of the deploy workflow: a success, then a failed, a cancelled and this run. */
const RUNS: FakeRun[] = [
  { id: 40, head_sha: sha('4') },
  { id: 41, head_sha: DEPLOYED },
  { id: 42, head_sha: PUSH1, conclusion: 'failure' },
  { id: 43, head_sha: PUSH2, conclusion: 'cancelled' },
  { id: 44, head_sha: PUSH3, status: 'in_progress' }
]
const LAST_PUSH = { before: PUSH2, after: PUSH3 }
/** A page's two URLs: with its extension, and without, as hosts serve it. */
const pages = (name: string) => [
  `https://www.example.com/${name}.html`,
  `https://www.example.com/${name}`
]
const comparisons = {
  // What the three pushes changed together, and what the last one changed alone.
  [`${DEPLOYED}...${PUSH3}`]: {
    status: 'ahead' as const,
    commits: 3,
    files: [
      { filename: 'public/one.html', status: 'modified' },
      { filename: 'public/two.html', status: 'added' },
      { filename: 'public/three.html', status: 'modified' }
    ]
  },
  [`${PUSH2}...${PUSH3}`]: {
    status: 'ahead' as const,
    files: [{ filename: 'public/three.html', status: 'modified' }]
  }
}

describe('dist/index.js with changed: last-success', () => {
  it('purges the files of the three pushes since the last successful run, the middle one cancelled', async () => {
    await serve({ runs: RUNS, comparisons })
    const result = await run({ changed: 'last-success' }, LAST_PUSH, 44)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect([...api.acceptedItems('files')].sort()).toEqual(
      [...pages('one'), ...pages('three'), ...pages('two')].sort()
    )
    const paths = github!.requests.map((r) => r.path)
    expect(paths).toEqual([
      '/repos/acme/site/actions/runs/44',
      '/repos/acme/site/actions/workflows/1/runs',
      `/repos/acme/site/compare/${DEPLOYED}...${PUSH3}`
    ])
    expect(github!.requests[1]!.query.get('status')).toBe('success')
    expect(github!.requests[1]!.query.get('branch')).toBe('main')
    expect(result.stdout).toContain(
      'changed: last-success: comparing from 5555555, the commit of run #41, the last successful run of this workflow on branch "main" (https://github.com/acme/site/actions/runs/41).'
    )
    expect(result.stdout).toContain('::group::Changed files: 3 between 5555555 and 8888888')
    expect(result.summary).toContain('### Changed files between `5555555` and `8888888`')
    expect(result.summary).toContain(
      'Compared from run <a href="https://github.com/acme/site/actions/runs/41">#41</a> at commit <a href="https://github.com/acme/site/commit/5555555555555555555555555555555555555555"><code>5555555</code></a>'
    )
  })

  it("without actions: read, warns naming the permission and purges the push's own range", async () => {
    await serve({ runs: RUNS, comparisons, actionsForbidden: true })
    const result = await run({ changed: 'last-success' }, LAST_PUSH, 44)
    expect(result.code).toBe(0)
    expect(api.acceptedItems('files')).toEqual(pages('three'))
    expect(result.stdout).toMatch(
      /::warning title=Cloudflare purge::changed: last-success needs the job permission "actions: read" .*HTTP 403.* Comparing the push's own range, 7777777\.\.\.8888888, instead/
    )
    expect(github!.requests.at(-1)!.path).toBe(`/repos/acme/site/compare/${PUSH2}...${PUSH3}`)
    expect(result.summary).toContain('⚠️ `changed: last-success needs the job permission')
  })

  it('purges the files that differ when the push rolls back past the last deploy', async () => {
    // A force push back to PUSH1 after PUSH3 was deployed: GitHub compares it as "behind".
    await serve({
      runs: [
        { id: 50, head_sha: PUSH3 },
        { id: 51, head_sha: PUSH1, status: 'in_progress' }
      ],
      comparisons: {
        [`${PUSH3}...${PUSH1}`]: { status: 'behind', files: [] },
        [`${PUSH1}...${PUSH3}`]: {
          status: 'ahead',
          files: [
            { filename: 'public/two.html', status: 'added' },
            { filename: 'public/three.html', status: 'modified' }
          ]
        }
      }
    })
    const result = await run(
      { changed: 'last-success' },
      { before: PUSH3, after: PUSH1, forced: true },
      51
    )
    expect(result.code).toBe(0)
    expect([...api.acceptedItems('files')].sort()).toEqual(
      [...pages('three'), ...pages('two')].sort()
    )
    expect(result.summary).toContain('`6666666` is older than `8888888` (a rollback)')
  })
})

describe('dist/index.js with changed_rules and changed_max_urls', () => {
  const RULES = [
    'assets/**/*.*.js: skip',
    'layouts/**: everything',
    'assets/*.css: tag:styles'
  ].join('\n')
  const push = { before: PUSH2, after: PUSH3 }

  it('turns a stylesheet into a tag purge and skips fingerprinted assets', async () => {
    await serve({
      comparisons: {
        [`${PUSH2}...${PUSH3}`]: {
          status: 'ahead',
          files: [
            { filename: 'public/assets/site.css', status: 'modified' },
            { filename: 'public/assets/app.3f9a1c.js', status: 'added' },
            { filename: 'public/about.html', status: 'modified' }
          ]
        }
      }
    })
    const result = await run({ changed_rules: RULES }, push, 60)
    expect(result.code).toBe(0)
    expect(api.acceptedItems('tags')).toEqual(['styles'])
    expect(api.acceptedItems('files')).toEqual(pages('about'))
    expect(result.stdout).toContain(
      'added    public/assets/app.3f9a1c.js  (changed_rules line 1: assets/**/*.*.js: skip)'
    )
    expect(result.summary).toContain(
      '| `public/assets/site.css` | `modified` | line 3: `assets/*.css: tag:styles` | `tag styles` |'
    )
  })

  it('turns a layout into purge everything, the only purge', async () => {
    await serve({
      comparisons: {
        [`${PUSH2}...${PUSH3}`]: {
          status: 'ahead',
          files: [
            { filename: 'public/layouts/base.html', status: 'modified' },
            { filename: 'public/assets/site.css', status: 'modified' }
          ]
        }
      }
    })
    const result = await run(
      { changed_rules: RULES, urls: 'https://www.example.com/pricing' },
      push,
      61
    )
    expect(result.code).toBe(0)
    expect(api.state.accepted.map((a) => a.kind)).toEqual(['purge_everything'])
  })

  it('uses the fallback past changed_max_urls, saying how many', async () => {
    await serve({ comparisons })
    const result = await run({ changed_max_urls: '2' }, { before: DEPLOYED, after: PUSH3 }, 62)
    expect(result.code).toBe(0)
    expect(api.acceptedItems('prefixes')).toEqual(['www.example.com/'])
    expect(api.acceptedItems('files')).toEqual([])
    expect(result.stdout).toContain(
      '::notice title=Cloudflare purge::changed: the changed files map to 6 URLs, more than changed_max_urls (2)'
    )
    expect(result.summary).toContain('### ℹ️ Changed files: fallback used')
  })

  it('refuses a bad rule before any request, naming its line', async () => {
    await serve({ comparisons })
    const result = await run({ changed_rules: 'a/*: tag:ok\nb/*: tag:not ok' }, push, 63)
    expect(result.code).toBe(1)
    expect(api.state.requests).toHaveLength(0)
    expect(github!.requests).toHaveLength(0)
    expect(result.stdout).toMatch(
      /::error title=Invalid inputs::Input "changed_rules": "b\/\*: tag:not ok" has the target "tag:not ok", which contains a space.*\(line 2\)/
    )
  })
})
