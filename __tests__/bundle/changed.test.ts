/**
 * The bundled action purging what a push changed: dist/index.js run as the runner runs it, with
 * the event payload in GITHUB_EVENT_PATH, a fake GitHub at GITHUB_API_URL and the Cloudflare
 * emulator at api_url, in an empty workspace without git history (and without git on PATH).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { FAKE_TOKEN, sha, startFakeGitHub, type FakeGitHub } from '../__fixtures__/fake-github.js'
import type { Emulator } from '../__fixtures__/helpers.js'
import { hostileApi, type Hostile } from '../__fixtures__/hostile.js'

const BEFORE = sha('1')
const AFTER = sha('3')

let api: Emulator
let github: FakeGitHub
beforeAll(async () => {
  api = await startEmulator()
  github = await startFakeGitHub({
    comparisons: {
      // A push of three commits: an edited page, a renamed stylesheet, a deleted page, and a
      // file outside the published folder.
      [`${BEFORE}...${AFTER}`]: {
        status: 'ahead',
        commits: 3,
        files: [
          { filename: 'public/blog/index.html', status: 'modified' },
          { filename: 'public/b.css', status: 'renamed', previous_filename: 'public/a.css' },
          { filename: 'public/old.html', status: 'removed' },
          { filename: 'README.md', status: 'modified' }
        ]
      }
    }
  })
})
afterAll(async () => {
  await api.close()
  await github.close()
})
beforeEach(() => {
  api.state.requests.length = 0
  api.state.accepted.length = 0
  github.requests.length = 0
})

const run = (
  inputs: Record<string, string>,
  payload: Record<string, unknown> = {},
  env: Record<string, string> = {}
) => {
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'workspace-')))
  const eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
  writeFileSync(
    eventPath,
    JSON.stringify({
      ref: 'refs/heads/main',
      before: BEFORE,
      after: AFTER,
      forced: false,
      created: false,
      deleted: false,
      ...payload
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
      changed_fallback: 'prefix',
      ...inputs
    },
    {
      cwd: workspace,
      env: {
        // No git: the change set must come from the API alone.
        PATH: '/nonexistent',
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/site',
        GITHUB_SHA: AFTER,
        GITHUB_API_URL: github.apiUrl,
        ...env
      }
    }
  ).then((result) => ({ ...result, workspace }))
}

const SIX = [
  'https://www.example.com/a.css',
  'https://www.example.com/b.css',
  'https://www.example.com/blog/',
  'https://www.example.com/blog/index.html',
  // A page is purged without its extension too, as hosts serve it.
  'https://www.example.com/old',
  'https://www.example.com/old.html'
]

describe('dist/index.js with changed: true', () => {
  it('purges exactly the URLs of the files a push of three commits changed', async () => {
    const result = await run({})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect([...api.acceptedItems('files')].sort()).toEqual(SIX)
    expect(api.state.accepted.every((a) => a.zone === DEFAULT_ZONE.id && a.kind === 'files')).toBe(
      true
    )
    expect(result.outputs.purged_count).toBe('6')
    expect(github.requests).toHaveLength(1)
    expect(github.requests[0]!.path).toBe(`/repos/acme/site/compare/${BEFORE}...${AFTER}`)
    expect(result.stdout).toContain('::group::Changed files: 5 between 1111111 and 3333333')
    expect(result.summary).toContain('### Changed files between `1111111` and `3333333`')
    expect(result.summary).toContain('| `README.md` | `modified` | not purged: outside site_dir |')
  })

  it('asks GitHub with a timeout of 30 s, each request bound by the time left, and purges what it lists', async () => {
    // The time left is no whole number of milliseconds: every timer rounds and clamps it.
    const result = await run({ timeout: '30' })
    expect(result.stdout).not.toContain('out of range')
    expect(result.stdout).not.toContain('Falling back')
    expect(result.code).toBe(0)
    expect(github.requests).toHaveLength(1)
    expect([...api.acceptedItems('files')].sort()).toEqual(SIX)
  })

  it('shows each changed file and its URLs in a dry run, and sends nothing', async () => {
    const result = await run({ dry_run: 'true', token: '' })
    expect(result.code).toBe(0)
    expect(api.state.requests).toHaveLength(0)
    expect(result.stdout).toContain(
      'modified public/blog/index.html\n         -> https://www.example.com/blog/\n         -> https://www.example.com/blog/index.html\n'
    )
    expect(result.stdout).toContain(
      'renamed  public/a.css\n         -> https://www.example.com/a.css\n'
    )
    expect(result.stdout).toContain(
      'renamed  public/b.css\n         -> https://www.example.com/b.css\n'
    )
    expect(result.stdout).toContain(
      'removed  public/old.html\n         -> https://www.example.com/old.html\n         -> https://www.example.com/old\n'
    )
    expect(result.stdout).toContain('modified README.md  (not purged: outside site_dir)')
    expect(result.summary).toContain('## 🧪 Cloudflare cache purge: dry run')
    expect(result.summary).toContain('| File | Change | URLs purged |')
    expect(result.summary).toContain(
      '| `public/b.css` | `renamed from public/a.css` | `https://www.example.com/b.css` |'
    )
  })

  it('falls back to purging site_url as a prefix on a force push, and says why', async () => {
    const result = await run({}, { forced: true })
    expect(result.code).toBe(0)
    expect(api.acceptedItems('prefixes')).toEqual(['www.example.com/'])
    expect(api.acceptedItems('files')).toEqual([])
    expect(github.requests).toHaveLength(0)
    expect(result.stdout).toMatch(
      /::notice title=Cloudflare purge::changed: the push was forced: .* Falling back to changed_fallback "prefix"/
    )
    expect(result.summary).toContain('### ℹ️ Changed files: fallback used')
  })

  it('falls back on a new branch, and fails when changed_fallback says so', async () => {
    const newBranch = { before: '0'.repeat(40), created: true }
    const everything = await run({ changed_fallback: 'everything' }, newBranch)
    expect(everything.code).toBe(0)
    expect(api.state.accepted.map((a) => a.kind)).toEqual(['purge_everything'])
    api.state.accepted.length = 0
    const fail = await run({ changed_fallback: 'fail' }, newBranch)
    expect(fail.code).toBe(1)
    expect(api.state.accepted).toEqual([])
    expect(fail.stdout).toMatch(
      /::error title=Cloudflare purge failed::changed: the push created the branch.*"fail"/
    )
  })

  it('compares from the ref changed names, through a GitHub Enterprise Server API URL', async () => {
    const result = await run(
      { changed: BEFORE },
      {},
      { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_API_URL: `${github.apiUrl}/api/v3` }
    )
    expect(result.code).toBe(0)
    expect(github.requests[0]!.path).toBe(`/api/v3/repos/acme/site/compare/${BEFORE}...${AFTER}`)
    expect([...api.acceptedItems('files')].sort()).toEqual(SIX)
  })

  it('fails naming changed, with no purge, when GitHub does not know the ref it names', async () => {
    const result = await run(
      { changed: 'v1.0-typo', changed_fallback: 'everything' },
      {},
      { GITHUB_EVENT_NAME: 'workflow_dispatch' }
    )
    expect(result.code).toBe(1)
    expect(api.state.requests).toEqual([])
    expect(result.stdout).toMatch(
      /::error title=Invalid inputs::Input "changed": "v1\.0-typo" is not a commit, tag or branch GitHub knows in acme\/site: .*HTTP 404/
    )
    expect(result.stdout).not.toContain('Falling back')
    expect(result.outputs.purged_count).toBe('0')
    expect(result.summary).toContain('| `changed` | `v1.0-typo` |')
  })

  it('adds the URLs of a sitemap file', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sitemap-')))
    const file = join(dir, 'sitemap.xml')
    writeFileSync(
      file,
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.example.com/</loc></url><url><loc>https://www.example.com/about/</loc></url></urlset>'
    )
    // from_file and sitemap read inside the workspace or RUNNER_TEMP.
    const result = await run({ sitemap: file }, {}, { RUNNER_TEMP: dir })
    expect(result.code).toBe(0)
    expect([...api.acceptedItems('files')].sort()).toEqual(
      [...SIX, 'https://www.example.com/', 'https://www.example.com/about/'].sort()
    )
    expect(result.summary).toContain('2 URL(s) from 1 sitemap file(s)')
  })
})

describe('a sitemap served over HTTP', () => {
  let site: Hostile
  /** What the site answers, by path; the last answer of a list repeats. */
  const answers: Record<string, [number, string][]> = {}
  let origin = ''
  beforeAll(async () => {
    site = await hostileApi((req, res) => {
      const list = answers[new URL(req.url ?? '/', 'http://x').pathname]
      const [status, body] =
        list === undefined ? [404, 'Not found'] : list.length > 1 ? list.shift()! : list[0]!
      res.writeHead(status, { 'content-type': 'application/xml' })
      res.end(body)
    })
    origin = new URL(site.apiUrl).origin
  })
  afterAll(() => site.close())
  const INLINE = 'https://www.example.com/inline'
  const PAGE =
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.example.com/from-sitemap</loc></url></urlset>'
  const run = (sitemap: string) =>
    runAction({
      token: DEFAULT_TOKEN,
      zone: DEFAULT_ZONE.id,
      api_url: api.apiUrl,
      urls: INLINE,
      sitemap
    })

  it('never shows the password of a sitemap URL: not in the log, annotation, summary or outputs', async () => {
    answers['/sitemap.xml'] = [[503, 'down']]
    const port = new URL(origin).port
    const result = await run(`http://user:PASS@127.0.0.1:${port}/sitemap.xml`)
    expect(result.code).toBe(1)
    // Refused as an input now, before any fetch; the fetch's own messages hide it too (sources tests).
    expect(result.stdout).toMatch(
      /^::error title=.*::Input "sitemap": "http:\/\/\*\*\*@127\.0\.0\.1:/m
    )
    for (const text of [
      result.stdout,
      result.stderr,
      result.summary,
      JSON.stringify(result.outputs)
    ])
      expect(text).not.toContain('PASS')
  })

  it('tries a 503 again, and reads the sitemap', async () => {
    answers['/flaky.xml'] = [
      [503, 'down'],
      [200, PAGE]
    ]
    const result = await run(`${origin}/flaky.xml`)
    expect(result.code).toBe(0)
    expect([...api.acceptedItems('files')].sort()).toEqual([
      'https://www.example.com/from-sitemap',
      INLINE
    ])
  })

  it('purges the inline URLs of a run whose sitemap cannot be read, and fails saying so', async () => {
    const result = await run(`${origin}/gone.xml`)
    expect(result.code).toBe(1)
    expect([...api.acceptedItems('files')]).toEqual([INLINE])
    expect(result.outputs.purged_count).toBe('1')
    expect(result.stdout).toMatch(
      /^::error title=Sitemap not read::Sitemap "http:\/\/127\.0\.0\.1:\d+\/gone\.xml" answered HTTP 404, not 200\. None of its URLs were purged; the other items were, as the job summary says\.$/m
    )
    expect(result.summary).toContain('## ❌ Cloudflare cache purged, but the sitemap was not read')
    expect(result.summary).toContain('### ❌ Sitemap not read')
  })
})

describe('dist/index.js with an event file that is not JSON', () => {
  const badEvent = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
    writeFileSync(path, text)
    return path
  }
  const runWith = (
    eventPath: string,
    inputs: Record<string, string>,
    extra: Record<string, string> = {}
  ) => {
    const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'workspace-')))
    return runAction(
      { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: api.apiUrl, ...inputs },
      {
        cwd: workspace,
        env: {
          GITHUB_WORKSPACE: workspace,
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_REPOSITORY: 'acme/site',
          GITHUB_SHA: AFTER,
          GITHUB_API_URL: github.apiUrl,
          ...extra
        }
      }
    )
  }

  it('is not read by a plain purge, which succeeds', async () => {
    const result = await runWith(badEvent('{"before": "1111'), { tags: 'release-7' })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(api.acceptedItems('tags')).toEqual(['release-7'])
    expect(result.stdout).not.toContain('GITHUB_EVENT_PATH')
  })

  it('fails changed: true with one annotation naming GITHUB_EVENT_PATH, and no stack trace', async () => {
    const path = badEvent('<html>not an event</html>')
    const result = await runWith(path, {
      changed: 'true',
      site_url: 'https://www.example.com/',
      github_token: FAKE_TOKEN
    })
    expect(result.code).toBe(1)
    expect(api.state.requests).toEqual([])
    expect(github.requests).toEqual([])
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`GITHUB_EVENT_PATH names "${path}", which is not JSON`)
    expect(errors[0]).toContain('changed reads the commits to compare from this file')
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /)
    expect(result.stderr).toBe('')
    expect(result.summary).toContain('GITHUB_EVENT_PATH')
  })

  it('is not read for a sitemap alone', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sitemap-')))
    const file = join(dir, 'sitemap.xml')
    writeFileSync(
      file,
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.example.com/</loc></url></urlset>'
    )
    const result = await runWith(badEvent('not json'), { sitemap: file }, { RUNNER_TEMP: dir })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(api.acceptedItems('files')).toEqual(['https://www.example.com/'])
  })
})

describe('dist/index.js when the compare API echoes github_token', () => {
  it('keeps the token out of every log line, the summary and the outputs', async () => {
    const echo = await startFakeGitHub({ echoToken: 403 })
    try {
      const result = await run({ changed_fallback: 'prefix' }, {}, { GITHUB_API_URL: echo.apiUrl })
      expect(result.code).toBe(0)
      expect(echo.requests).toHaveLength(1)
      expect(api.acceptedItems('prefixes')).toEqual(['www.example.com/'])
      const log = result.stdout.replace(/^::add-mask::.*$/gm, '')
      expect(log).toContain("GitHub's compare API answered HTTP 403 (Bad credentials: token ***")
      for (const text of [log, result.stderr, result.summary, JSON.stringify(result.outputs)])
        expect(text).not.toContain(FAKE_TOKEN)
    } finally {
      await echo.close()
    }
  })
})
