import { MARKUP, renderGfm } from '../__fixtures__/gfm.js'
/**
 * The change set of a deploy: the range from the event payload, the compare API through Octokit
 * against a fake GitHub over real HTTP, the fallback, and what is logged and summarized.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { collectChanges, type ChangeEnv } from '../../src/sources/changes.js'
import { compareFiles } from '../../src/sources/compare.js'
import { octokitCompare } from '../../src/sources/github.js'
import { mapFiles } from '../../src/sources/map-files.js'
import { findRange, type EventInfo } from '../../src/sources/range.js'
import type { Log } from '../../src/log.js'
import { amendAll } from '../../src/report/amend.js'
import { changedSections, changesAmendments } from '../../src/report/changes.js'
import type { Report } from '../../src/report/report.js'
import { renderSections } from '../../src/report/summary.js'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { InputError } from '../../src/errors.js'
import {
  FAKE_TOKEN,
  sha,
  startFakeGitHub,
  type FakeGitHub,
  type FakeFile
} from '../__fixtures__/fake-github.js'

const BEFORE = sha('a')
const AFTER = sha('b')
const push = (payload: Record<string, unknown> = {}): EventInfo => ({
  name: 'push',
  payload: {
    before: BEFORE,
    after: AFTER,
    forced: false,
    created: false,
    deleted: false,
    ...payload
  },
  sha: AFTER
})

let github: FakeGitHub | undefined
const cleanups: (() => Promise<void>)[] = []
const afterThis = (cleanup: () => Promise<void>) => cleanups.push(cleanup)
afterEach(async () => {
  await github?.close()
  github = undefined
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const config = (apiUrl: string, extra: Partial<Parameters<typeof octokitCompare>[0]> = {}) => ({
  apiUrl,
  token: FAKE_TOKEN,
  repository: 'acme/site',
  userAgent: 'test-agent/1.0',
  requestTimeoutMs: 5000,
  deadline: Date.now() + 20_000,
  ...extra
})

const files = (n: number, prefix = 'public/f'): FakeFile[] =>
  Array.from({ length: n }, (_, i) => ({ filename: `${prefix}${i}.html`, status: 'modified' }))

describe('findRange', () => {
  it("compares a push's before with its after", () => {
    expect(findRange(push(), undefined)).toEqual({ base: BEFORE, head: AFTER })
  })

  it('has no range for a new branch, whose before is all zeros, and says why', () => {
    const range = findRange(push({ before: '0'.repeat(40), created: true }), undefined)
    expect(range).toEqual({
      unknown: expect.stringContaining('the push created the branch'),
      expected: true
    })
  })

  it('has no range for a force push: the old before may not be an ancestor', () => {
    expect(findRange(push({ forced: true }), undefined)).toEqual({
      unknown: expect.stringMatching(
        /forced: its "before" \(aaaaaaa\) may not be an ancestor of bbbbbbb/
      ),
      expected: true
    })
  })

  it('has no range for a deleted branch', () => {
    expect(findRange(push({ after: '0'.repeat(40), deleted: true }), undefined)).toEqual({
      unknown: 'the push deleted the branch',
      expected: true
    })
  })

  it("compares a pull request's base with its head", () => {
    const event = {
      name: 'pull_request',
      payload: { pull_request: { base: { sha: BEFORE }, head: { sha: AFTER } } },
      sha: sha('c')
    }
    expect(findRange(event, undefined)).toEqual({ base: BEFORE, head: AFTER })
  })

  it('compares the ref changed names with GITHUB_SHA on an event without a range, even a forced push', () => {
    const dispatch = { name: 'workflow_dispatch', payload: {}, sha: AFTER }
    expect(findRange(dispatch, 'v1.4.0')).toEqual({ base: 'v1.4.0', head: AFTER })
    expect(findRange(push({ forced: true }), 'v1.4.0')).toEqual({ base: 'v1.4.0', head: AFTER })
    expect(findRange(dispatch, undefined)).toEqual({
      unknown: expect.stringContaining('set changed to last-success, or to the commit'),
      expected: true
    })
  })

  it('trusts no commit from the payload that is not 40 hex digits', () => {
    for (const bad of ['../../etc', 'a'.repeat(39), 'A'.repeat(40), 42, null, { sha: BEFORE }])
      expect(findRange(push({ before: bad }), undefined)).toHaveProperty('unknown')
    expect(findRange(push({ after: 'main' }), undefined)).toHaveProperty('unknown')
    expect(
      findRange({ name: 'push', payload: 'not an object', sha: AFTER }, undefined)
    ).toHaveProperty('unknown')
  })
})

describe('compareFiles through Octokit, against a fake GitHub', () => {
  const range = { base: BEFORE, head: AFTER }
  const basehead = `${BEFORE}...${AFTER}`

  it('reads every page: files 300 a page, commits 100 a page', async () => {
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(650), commits: 250 } }
    })
    const result = await compareFiles(
      octokitCompare(config(github.apiUrl)),
      range,
      Date.now() + 20_000
    )
    expect(result).toEqual({ files: expect.any(Array), status: 'ahead' })
    if (!('files' in result)) throw new Error('unreachable')
    expect(result.files.map((f) => f.path)).toEqual(files(650).map((f) => f.filename))
    expect(github.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3'])
    expect(github.requests.map((r) => r.query.get('per_page'))).toEqual(['100', '100', '100'])
    expect(github.requests[0]!.path).toBe(`/repos/acme/site/compare/${basehead}`)
    expect(github.requests[0]!.headers.authorization).toBe(`token ${FAKE_TOKEN}`)
    expect(github.requests[0]!.headers['user-agent']).toContain('test-agent/1.0')
  })

  it('stops after the last page of files even when commits go on', async () => {
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(10), commits: 1000 } },
      filesOnFirstPageOnly: true
    })
    const result = await compareFiles(
      octokitCompare(config(github.apiUrl)),
      range,
      Date.now() + 20_000
    )
    expect(result).toEqual({ files: expect.any(Array), status: 'ahead' })
    expect(github.requests).toHaveLength(2)
  })

  it('lists renamed files with both names and removed files', async () => {
    github = await startFakeGitHub({
      comparisons: {
        [basehead]: {
          status: 'ahead',
          commits: 3,
          files: [
            { filename: 'public/b.css', status: 'renamed', previous_filename: 'public/a.css' },
            { filename: 'public/old.html', status: 'removed' },
            { filename: 'public/new.html', status: 'added' },
            { filename: 'public/same.txt', status: 'unchanged' }
          ]
        }
      }
    })
    const result = await compareFiles(
      octokitCompare(config(github.apiUrl)),
      range,
      Date.now() + 20_000
    )
    if (!('files' in result)) throw new Error(result.unknown)
    const rows = mapFiles(result.files, {
      siteUrl: 'https://www.example.com/',
      dir: 'public'
    })
    expect(rows).toEqual([
      {
        path: 'public/a.css',
        change: 'renamed to public/b.css',
        urls: ['https://www.example.com/a.css']
      },
      {
        path: 'public/b.css',
        change: 'renamed from public/a.css',
        urls: ['https://www.example.com/b.css']
      },
      {
        path: 'public/old.html',
        change: 'removed',
        urls: ['https://www.example.com/old.html', 'https://www.example.com/old']
      },
      {
        path: 'public/new.html',
        change: 'added',
        urls: ['https://www.example.com/new.html', 'https://www.example.com/new']
      }
    ])
  })

  it('cannot know the change set when GitHub does not know the base (404)', async () => {
    github = await startFakeGitHub({ comparisons: {} })
    const result = await compareFiles(
      octokitCompare(config(github.apiUrl)),
      range,
      Date.now() + 20_000
    )
    expect(result).toEqual({
      unknown: expect.stringMatching(
        /answered HTTP 404 \(Not Found - https:\/\/docs\.github\.com\/\S+\) for aaaaaaa\.\.\.bbbbbbb: GitHub does not know/
      ),
      missing: true
    })
  })

  it('takes github_token out of an error GitHub answers with, whatever quotes it', async () => {
    github = await startFakeGitHub({ echoToken: 401 })
    const result = await compareFiles(
      octokitCompare(config(github.apiUrl)),
      range,
      Date.now() + 20_000
    )
    expect(result).toEqual({
      unknown: expect.stringContaining('answered HTTP 401 (Bad credentials: token *** is not')
    })
    expect(JSON.stringify(result)).not.toContain(FAKE_TOKEN)
  })

  it('cannot know it past the 3,000 files GitHub lists, nor after a full first-page-only list', async () => {
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(3500), commits: 5 } }
    })
    expect(
      await compareFiles(octokitCompare(config(github.apiUrl)), range, Date.now() + 20_000)
    ).toEqual({ unknown: expect.stringContaining('3,000 files, the most') })
    await github.close()
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(450), commits: 5 } },
      filesOnFirstPageOnly: true
    })
    expect(
      await compareFiles(octokitCompare(config(github.apiUrl)), range, Date.now() + 20_000)
    ).toEqual({ unknown: expect.stringContaining('may have more files') })
  })

  it("reports GitHub's status of the comparison, diverged too: filesBetween decides", async () => {
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'diverged', files: files(2), commits: 2 } }
    })
    expect(
      await compareFiles(octokitCompare(config(github.apiUrl)), range, Date.now() + 20_000)
    ).toEqual({ files: expect.any(Array), status: 'diverged' })
  })

  it('tries once more after a 502 or a dropped connection, not after a 403', async () => {
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(2), commits: 2 } },
      failures: [502]
    })
    const get = octokitCompare(config(github.apiUrl))
    expect(await compareFiles(get, range, Date.now() + 20_000)).toHaveProperty('files')
    await github.close()
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(2), commits: 2 } },
      failures: ['reset', 'reset']
    })
    expect(
      await compareFiles(octokitCompare(config(github.apiUrl)), range, Date.now() + 20_000)
    ).toEqual({
      unknown: expect.stringContaining('could not be read')
    })
    expect(github.requests).toHaveLength(2)
    await github.close()
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(2), commits: 2 } },
      failures: [403]
    })
    expect(
      await compareFiles(octokitCompare(config(github.apiUrl)), range, Date.now() + 20_000)
    ).toEqual({
      unknown: expect.stringContaining('HTTP 403')
    })
    expect(github.requests).toHaveLength(1)
  })

  it('refuses an answer larger than its bound, and one that is not a comparison', async () => {
    github = await startFakeGitHub({
      comparisons: { [basehead]: { status: 'ahead', files: files(2), commits: 2 } },
      padding: 100_000
    })
    expect(
      await compareFiles(
        octokitCompare(config(github.apiUrl, { maxAnswerBytes: 50_000 })),
        range,
        Date.now() + 20_000
      )
    ).toEqual({ unknown: expect.stringContaining('larger than') })
    const hostile = async () => ({
      data: { status: 'ahead', files: [{ filename: 42 }] },
      headers: {}
    })
    expect(await compareFiles(hostile, range, Date.now() + 20_000)).toEqual({
      unknown: expect.stringContaining('not one')
    })
    const notComparison = async () => ({ data: '<html>', headers: {} })
    expect(await compareFiles(notComparison, range, Date.now() + 20_000)).toEqual({
      unknown: expect.stringContaining('not a comparison')
    })
  })
})

describe('collectChanges', () => {
  const raw = (inputs: Record<string, string>): RawInputs =>
    ({
      zone: 'example.com',
      dry_run: 'true',
      changed: 'true',
      site_url: 'https://www.example.com/',
      site_dir: 'public',
      github_token: FAKE_TOKEN,
      ...inputs
    }) as unknown as RawInputs

  const recorder = () => {
    const lines: [string, string][] = []
    /** The title of each notice and warning, in order. */
    const titles: (string | undefined)[] = []
    const log: Log = {
      info: (message) => lines.push(['info', message]),
      notice: (message, properties) => {
        lines.push(['notice', message])
        titles.push(properties?.title)
      },
      warning: (message, properties) => {
        lines.push(['warning', message])
        titles.push(properties?.title)
      },
      debug: (message) => lines.push(['debug', message]),
      group: async (name, fn) => {
        lines.push(['group', name])
        return fn()
      }
    }
    return { lines, titles, log }
  }

  const env = (event: EventInfo, apiUrl: string): ChangeEnv => ({
    event,
    repository: 'acme/site',
    githubApiUrl: apiUrl,
    userAgent: 'test',
    roots: [process.cwd()],
    deadline: Date.now() + 20_000
  })

  const basehead = `${BEFORE}...${AFTER}`

  it('adds the URLs of the changed files and logs each file with its URLs', async () => {
    github = await startFakeGitHub({
      comparisons: {
        [basehead]: {
          status: 'ahead',
          commits: 3,
          files: [
            { filename: 'public/blog/index.html', status: 'modified' },
            { filename: 'README.md', status: 'modified' },
            { filename: 'public/x.js.map', status: 'added' }
          ]
        }
      }
    })
    const { lines, log } = recorder()
    const inputs = parseInputs(raw({ tags: 'home', changed_rules: '**/*.map: skip' }))
    const { inputs: merged, found } = await collectChanges(inputs, env(push(), github.apiUrl), log)
    const section = renderSections(changedSections(found), 3)
    expect(merged.items.files).toEqual([
      'https://www.example.com/blog/',
      'https://www.example.com/blog/index.html'
    ])
    expect(merged.items.tags).toEqual(['home'])
    expect(lines).toContainEqual([
      'group',
      expect.stringMatching(/^Changed files: 3 between aaaaaaa and bbbbbbb .*: 2 URL\(s\)$/)
    ])
    expect(lines).toContainEqual([
      'info',
      'modified public/blog/index.html\n         -> https://www.example.com/blog/\n         -> https://www.example.com/blog/index.html'
    ])
    expect(lines).toContainEqual(['info', 'modified README.md  (not purged: outside site_dir)'])
    expect(lines).toContainEqual([
      'info',
      'added    public/x.js.map  (changed_rules line 1: **/*.map: skip)\n         -> nothing (skip)'
    ])
    expect(section).toContain('| File | Change | Rule | Purged |')
    expect(section).toContain('1 of 3 file(s) map to URLs under site_url. 1 skipped by a rule.')

    expect(found.range).toEqual({ base: BEFORE, head: AFTER })
    expect(found.rows.map((row) => row.path)).toEqual([
      'public/blog/index.html',
      'README.md',
      'public/x.js.map'
    ])
    expect(changedSections(found)).toHaveLength(1)
    expect(renderSections(changedSections(found), 3)).toMatch(
      /^### Changed files between `aaaaaaa` and `bbbbbbb`\n\n\| File \| Change \| Rule \| Purged \|\n[^]*\n1 of 3 file\(s\) map to URLs under site_url\. 1 skipped by a rule\.\n\n$/
    )
  })

  it('asks GitHub when each request is bound by the whole time left, no whole number of ms', async () => {
    github = await startFakeGitHub({
      comparisons: {
        [basehead]: { status: 'ahead', files: [{ filename: 'public/a.html', status: 'modified' }] }
      }
    })
    const { lines, log } = recorder()
    // timeout 30 s: each request is bounded by the time left (30 s, the most a request gets),
    // which is measured on a clock of fractional milliseconds.
    const inputs = parseInputs(raw({ timeout: '30' }))
    expect(inputs.requestTimeoutMs).toBe(inputs.timeoutMs)
    const { inputs: merged, found } = await collectChanges(
      inputs,
      { ...env(push(), github.apiUrl), deadline: Date.now() + 29_999.5 },
      log
    )
    expect(github.requests.map((r) => r.path)).toEqual([`/repos/acme/site/compare/${basehead}`])
    expect(found.fallback).toBeUndefined()
    expect(lines.filter(([level]) => level === 'warning')).toEqual([])
    expect(merged.items.files).toEqual([
      'https://www.example.com/a.html',
      'https://www.example.com/a'
    ])
  })

  it('falls back to purging site_url as a prefix on a force push, and says why', async () => {
    github = await startFakeGitHub()
    const { lines, titles, log } = recorder()
    const inputs = parseInputs(raw({ site_url: 'https://www.example.com/docs' }))
    const { inputs: merged, found } = await collectChanges(
      inputs,
      env(push({ forced: true }), github.apiUrl),
      log
    )
    const section = renderSections(changedSections(found), 3)
    expect(merged.items.prefixes).toEqual(['www.example.com/docs/'])
    expect(merged.items.files).toEqual([])
    expect(lines).toEqual([
      [
        'notice',
        expect.stringMatching(
          /^changed: the push was forced: .* Falling back to changed_fallback "prefix": purging the prefix www\.example\.com\/docs\/ \(site_url\) instead\.$/
        )
      ]
    ])
    expect(titles).toEqual(['Cloudflare purge'])
    expect(section).toContain('fallback used')
    expect(section).toContain('the push was forced')
    expect(github.requests).toHaveLength(0)
    expect(changedSections(found)).toEqual([
      {
        heading: 'ℹ️ Changed files: fallback used',
        body: expect.stringMatching(
          /^`the push was forced: .*`\.\n\nchanged_fallback is <b>prefix<\/b>: purged the prefix `www\.example\.com\/docs\/` \(site_url\)\.$/
        )
      }
    ])
  })

  it('falls back to everything, or fails, as changed_fallback says', async () => {
    github = await startFakeGitHub()
    const newBranch = push({ before: '0'.repeat(40), created: true })
    const everything = await collectChanges(
      parseInputs(raw({ changed_fallback: 'everything', urls: 'https://www.example.com/x' })),
      env(newBranch, github.apiUrl),
      recorder().log
    )
    expect(everything.inputs.purgeEverything).toBe(true)
    expect(everything.inputs.items.files).toEqual([])
    await expect(
      collectChanges(
        parseInputs(raw({ changed_fallback: 'fail' })),
        env(newBranch, github.apiUrl),
        recorder().log
      )
    ).rejects.toThrow(/the push created the branch.*changed_fallback is "fail"/)
  })

  it('warns, rather than notes, when the fallback comes from a failure', async () => {
    github = await startFakeGitHub({ comparisons: {} })
    const { lines, titles, log } = recorder()
    await collectChanges(parseInputs(raw({})), env(push(), github.apiUrl), log)
    expect(lines).toEqual([['warning', expect.stringContaining('HTTP 404')]])
    expect(titles).toEqual(['Cloudflare purge'])
  })

  it('fails naming changed, before any purge, when GitHub does not know the ref it names', async () => {
    github = await startFakeGitHub({ comparisons: {} })
    const { lines, log } = recorder()
    const named = { name: 'workflow_dispatch', payload: {}, sha: AFTER }
    const error = await collectChanges(
      parseInputs(raw({ changed: 'v1.0-typo', changed_fallback: 'everything' })),
      env(named, github.apiUrl),
      log
    ).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).issues).toEqual([
      {
        input: 'changed',
        value: 'v1.0-typo',
        problem: expect.stringMatching(
          /^is not a commit, tag or branch GitHub knows in acme\/site: GitHub's compare API answered HTTP 404 \(Not Found - \S+\) for v1\.0-typo\.\.\.bbbbbbb: .* Check its spelling, or set changed to true or last-success$/
        )
      }
    ])
    expect(github.requests.map((r) => r.path)).toEqual([
      `/repos/acme/site/compare/v1.0-typo...${AFTER}`
    ])
    // No fallback: nothing logged as if the run went on.
    expect(lines).toEqual([])
    // The fallback stays for what the event cannot tell: a push whose before GitHub lost.
    const lost = await collectChanges(
      parseInputs(raw({ changed_fallback: 'everything' })),
      env(push(), github.apiUrl),
      recorder().log
    )
    expect(lost.inputs.purgeEverything).toBe(true)
  })

  it('adds the URLs a sitemap lists, and says so in a block without a heading', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'changes-sitemap-')))
    const file = join(dir, 'sitemap.xml')
    writeFileSync(
      file,
      '<urlset><url><loc>https://www.example.com/a</loc></url><url><loc>https://www.example.com/b</loc></url></urlset>'
    )
    const { lines, log } = recorder()
    const inputs = parseInputs(raw({ changed: 'false', sitemap: file }))
    const { inputs: merged, found } = await collectChanges(
      inputs,
      { ...env(push(), 'http://127.0.0.1:9'), roots: [dir] },
      log
    )
    const section = renderSections(changedSections(found), 3)
    expect(merged.items.files).toEqual(['https://www.example.com/a', 'https://www.example.com/b'])
    expect(found).toEqual({ rows: [], sitemap: { source: file, urls: 2, documents: 1 } })
    expect(changedSections(found)).toEqual([
      { body: `Sitemap \`${file}\`: 2 URL(s) from 1 sitemap file(s).` }
    ])
    expect(section).toBe(`Sitemap \`${file}\`: 2 URL(s) from 1 sitemap file(s).\n\n`)
    expect(lines).toEqual([['info', `Sitemap "${file}": 2 URL(s) from 1 sitemap file(s).`]])
  })

  it('refuses a workspace sitemap it cannot read as an input, before anything is purged', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'changes-sitemap-')))
    const missing = join(dir, 'missing.xml')
    const broken = join(dir, 'broken.xml')
    writeFileSync(broken, '<urlset><url><loc>https://www.example.com/a</loc>')
    for (const [file, problem] of [
      [missing, /^Input "sitemap": ".*missing\.xml" does not exist: there is no file at /],
      [broken, /^Input "sitemap": ".*broken\.xml" /]
    ] as const)
      await expect(
        collectChanges(
          parseInputs(raw({ changed: 'false', sitemap: file, urls: 'https://www.example.com/x' })),
          { ...env(push(), 'http://127.0.0.1:9'), roots: [dir] },
          recorder().log
        )
      ).rejects.toThrow(problem)
  })

  it('goes on without a sitemap URL it cannot read, and fails when nothing else is to be purged', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'changes-sitemap-')))
    const site = createServer((_req, res) => res.writeHead(404).end('Not found'))
    await new Promise<void>((done) => site.listen(0, '127.0.0.1', done))
    afterThis(() => new Promise<void>((done) => site.close(() => done())))
    const missing = `http://127.0.0.1:${(site.address() as AddressInfo).port}/missing.xml`
    const { lines, log } = recorder()
    const { inputs: merged, found } = await collectChanges(
      parseInputs(raw({ changed: 'false', sitemap: missing, urls: 'https://www.example.com/x' })),
      { ...env(push(), 'http://127.0.0.1:9'), roots: [dir] },
      log
    )
    expect(merged.items.files).toEqual(['https://www.example.com/x'])
    expect(merged.emptyReason).toBeUndefined()
    expect(found).toEqual({
      rows: [],
      sitemapFailure: expect.stringMatching(/^Sitemap ".*missing\.xml" /)
    })
    expect(lines).toEqual([
      [
        'info',
        expect.stringMatching(
          /missing\.xml.*\. The run goes on without the sitemap's URLs, and the step will fail\.$/
        )
      ]
    ])
    const report = amendAll(
      {
        outputs: {} as Report['outputs'],
        summary: { status: 'success', title: 'Cloudflare cache purged', scope: '', sections: [] },
        failure: undefined
      },
      changesAmendments(found, false)
    )
    expect(report.failure).toMatch(
      /missing\.xml.*\. None of its URLs were purged; the other items were, as the job summary says\.$/
    )
    expect(report.title).toBe('Sitemap not read')
    const dry = amendAll(
      {
        outputs: {} as Report['outputs'],
        summary: { status: 'dry-run', title: 'Dry run', scope: '', sections: [] },
        failure: undefined
      },
      changesAmendments(found, true)
    )
    expect(dry.failure).toMatch(/None of its URLs were purged; the dry run went on without them\.$/)
    expect(report.summary.status).toBe('failure')
    expect(report.summary.title).toBe('Cloudflare cache purged, but the sitemap was not read')
    expect(renderSections(report.summary.sections, 3)).toMatch(
      /^### ❌ Sitemap not read\n\n`Sitemap ".*missing\.xml" .*`\.\n\nNone of its URLs were purged\./
    )
    await expect(
      collectChanges(
        parseInputs(raw({ changed: 'false', sitemap: missing })),
        { ...env(push(), 'http://127.0.0.1:9'), roots: [dir] },
        recorder().log
      )
    ).rejects.toThrow(/^Sitemap ".*missing\.xml" /)
  })

  it('has nothing to purge when no file under site_dir changed', async () => {
    github = await startFakeGitHub({
      comparisons: {
        [basehead]: { status: 'ahead', files: [{ filename: 'src/app.ts', status: 'modified' }] }
      }
    })
    const { inputs } = await collectChanges(
      parseInputs(raw({})),
      env(push(), github.apiUrl),
      recorder().log
    )
    expect(inputs.emptyReason).toBe('no file under site_dir changed between aaaaaaa and bbbbbbb')
  })

  it('never lets a file name start a log line, nor carry markup into the summary', async () => {
    github = await startFakeGitHub({
      comparisons: {
        [basehead]: {
          status: 'ahead',
          files: [{ filename: 'public/a\n::error::pwned<img src=x>|.html', status: 'added' }]
        }
      }
    })
    const { lines, log } = recorder()
    const { found } = await collectChanges(parseInputs(raw({})), env(push(), github.apiUrl), log)
    const section = renderSections(changedSections(found), 3)
    for (const [, text] of lines)
      for (const line of text.split(/\r\n|[\n\r\u0085\u2028\u2029]/))
        expect(line).not.toMatch(/^::/)
    const html = renderGfm(section)
    expect(html).not.toMatch(MARKUP)
    expect(html.match(/<td>/g)).toHaveLength(3)
    expect(section).toContain(
      '`https://www.example.com/a%0A::error::pwned%3Cimg%20src=x%3E%7C.html`'
    )
  })
})
