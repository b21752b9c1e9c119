/**
 * What a change set purges, found by collectChanges against a fake GitHub over real HTTP:
 * changed_rules (every target, first match wins, everything as the only purge), the
 * changed_max_urls limit, `changed: last-success`, and rollbacks; with what the log and
 * the summary say of each.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Clock } from '../../src/clock.js'
import { CancelledError, TimeoutError } from '../../src/errors.js'
import type { ChangeInputs } from '../../src/inputs/changed.js'
import { parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { changedSections } from '../../src/report/changes.js'
import { renderSections } from '../../src/report/summary.js'
import { applyRules, SLICE_MS } from '../../src/sources/apply-rules.js'
import { collectChanges, type ChangeEnv } from '../../src/sources/changes.js'
import type { EventInfo } from '../../src/sources/range.js'
import { MARKUP, renderGfm } from '../__fixtures__/gfm.js'
import {
  FAKE_TOKEN,
  sha,
  startFakeGitHub,
  type FakeFile,
  type FakeGitHub,
  type FakeGitHubOptions
} from '../__fixtures__/fake-github.js'
import { recordingLog } from '../__fixtures__/log.js'
import { changedPaths, ruleLines } from '../../scripts/bench-changed.js'

const BEFORE = sha('a')
const AFTER = sha('b')
const push = (payload: Record<string, unknown> = {}): EventInfo => ({
  name: 'push',
  payload: { ref: 'refs/heads/main', before: BEFORE, after: AFTER, ...payload },
  sha: AFTER
})

let github: FakeGitHub | undefined
afterEach(async () => {
  await github?.close()
  github = undefined
})

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

const recorder = () => recordingLog()

const env = (event: EventInfo = push(), extra: Partial<ChangeEnv> = {}): ChangeEnv => ({
  event,
  repository: 'acme/site',
  githubApiUrl: github!.apiUrl,
  userAgent: 'test',
  roots: [process.cwd()],
  deadline: Date.now() + 20_000,
  runId: '100',
  ref: 'refs/heads/main',
  serverUrl: 'https://github.com',
  ...extra
})

const serve = async (files: FakeFile[], options: FakeGitHubOptions = {}) => {
  github = await startFakeGitHub({
    comparisons: { [`${BEFORE}...${AFTER}`]: { status: 'ahead', files } },
    ...options
  })
}

const collect = async (inputs: Record<string, string>, event?: EventInfo) => {
  const { lines, log } = recorder()
  const result = await collectChanges(parseInputs(raw(inputs)), env(event), log)
  return { ...result, lines, section: renderSections(changedSections(result.found), 3) }
}

const RULES = [
  'assets/**/*.*.js: skip',
  'layouts/**: everything',
  'assets/*.css: tag:styles',
  'assets/**: prefix:www.example.com/assets/',
  'docs/**: host:docs.example.com, url:https://www.example.com/docs-index.json'
].join('\n')

describe('changed_rules', () => {
  it('purges what the first matching rule names, and files no rule matches by their URLs', async () => {
    await serve([
      { filename: 'public/assets/site.css', status: 'modified' },
      { filename: 'public/assets/app.3f9a1c.js', status: 'added' },
      { filename: 'public/assets/logo.svg', status: 'modified' },
      { filename: 'public/docs/guide.md', status: 'modified' },
      { filename: 'public/blog/index.html', status: 'modified' },
      { filename: 'layouts/base.html', status: 'modified' }
    ])
    const { inputs, found, lines, section } = await collect({ changed_rules: RULES, tags: 'home' })
    expect(inputs.items).toEqual({
      files: [
        'https://www.example.com/docs-index.json',
        'https://www.example.com/blog/',
        'https://www.example.com/blog/index.html'
      ],
      tags: ['home', 'styles'],
      hosts: ['docs.example.com'],
      prefixes: ['www.example.com/assets/']
    })
    expect(inputs.purgeEverything).toBe(false)
    // layouts/ is outside site_dir: rules match relative to it, as changed_include does.
    expect(found.rows.map((row) => [row.path, row.rule?.line])).toEqual([
      ['public/assets/site.css', 3],
      ['public/assets/app.3f9a1c.js', 1],
      ['public/assets/logo.svg', 4],
      ['public/docs/guide.md', 5],
      ['public/blog/index.html', undefined],
      ['layouts/base.html', undefined]
    ])
    expect(lines).toContainEqual([
      'group',
      expect.stringMatching(/: 3 URL\(s\), 1 tag, 1 prefix, 1 host$/)
    ])
    expect(lines).toContainEqual([
      'info',
      'modified public/assets/site.css  (changed_rules line 3: assets/*.css: tag:styles)\n         -> tag styles'
    ])
    expect(lines).toContainEqual([
      'info',
      'added    public/assets/app.3f9a1c.js  (changed_rules line 1: assets/**/*.*.js: skip)\n         -> nothing (skip)'
    ])
    expect(section).toContain('| File | Change | Rule | Purged |')
    expect(section).toContain(
      '| `public/assets/site.css` | `modified` | line 3: `assets/*.css: tag:styles` | `tag styles` |'
    )
    expect(section).toContain(
      '| `public/assets/app.3f9a1c.js` | `added` | line 1: `assets/**/*.*.js: skip` | `nothing (skip)` |'
    )
    expect(section).toContain(
      '| `public/blog/index.html` | `modified` | none | `https://www.example.com/blog/`<br>`https://www.example.com/blog/index.html` |'
    )
    expect(section).toContain(
      '1 of 6 file(s) map to URLs under site_url. 3 purge what their changed_rules rule names; 1 skipped by a rule.'
    )
  })

  it("purges the file's own URLs for `urls`, alone or with other targets, as changed_include did", async () => {
    await serve([
      { filename: 'public/a/b.html', status: 'modified' },
      { filename: 'public/a/b.css', status: 'modified' },
      { filename: 'public/a/b.js.map', status: 'added' },
      { filename: 'public/img/x.png', status: 'modified' }
    ])
    const { inputs, found, section } = await collect({
      changed_rules: ['**/*.map: skip', '*.css: urls, tag:styles', '*.html: urls', '**: skip'].join(
        '\n'
      )
    })
    expect(inputs.items).toEqual({
      files: [
        'https://www.example.com/a/b.html',
        'https://www.example.com/a/b',
        'https://www.example.com/a/b.css'
      ],
      tags: ['styles'],
      hosts: [],
      prefixes: []
    })
    expect(found.rows.map((row) => [row.path, row.rule?.line, row.ignored])).toEqual([
      ['public/a/b.html', 3, undefined],
      ['public/a/b.css', 2, undefined],
      ['public/a/b.js.map', 1, 'skipped by changed_rules line 1'],
      ['public/img/x.png', 4, 'skipped by changed_rules line 4']
    ])
    expect(section).toContain(
      '| `public/a/b.css` | `modified` | line 2: `*.css: urls, tag:styles` | `its own URLs`<br>`tag styles` |'
    )
  })

  it('makes everything the only purge when a rule says so, and reads no sitemap', async () => {
    await serve([
      { filename: 'public/layouts/base.html', status: 'modified' },
      { filename: 'public/blog/index.html', status: 'modified' }
    ])
    const { inputs, found, lines, section } = await collect({
      changed_rules: RULES,
      urls: 'https://www.example.com/pricing',
      sitemap: 'public/sitemap.xml'
    })
    expect(inputs.purgeEverything).toBe(true)
    expect(inputs.items).toEqual({ files: [], tags: [], hosts: [], prefixes: [] })
    expect(found.everything).toEqual({ path: 'public/layouts/base.html', line: 2 })
    expect(lines).toContainEqual([
      'info',
      'changed_rules line 2 matched "public/layouts/base.html": purging everything in the zone, and nothing else.'
    ])
    expect(lines).toContainEqual([
      'info',
      'The sitemap is not read: everything in the zone is purged.'
    ])
    expect(lines).toContainEqual([
      'group',
      expect.stringMatching(/: everything \(changed_rules line 2\)$/)
    ])
    expect(section).toContain(
      'changed_rules line 2 matched `public/layouts/base.html`: everything in the zone was purged, and nothing else.'
    )
  })

  it('says why nothing is purged when every file is skipped', async () => {
    await serve([{ filename: 'public/assets/app.3f9a1c.js', status: 'added' }])
    const { inputs } = await collect({ changed_rules: RULES })
    expect(inputs.emptyReason).toBe(
      'no changed file under site_dir is purged (each is skipped by changed_rules) between aaaaaaa and bbbbbbb'
    )
  })

  it('keeps rule text and paths inert in the summary', async () => {
    await serve([{ filename: 'public/x/<img src=x>|`.css', status: 'added' }])
    const { section } = await collect({ changed_rules: 'x/*: tag:a|<b>x</b>' })
    expect(renderGfm(section)).not.toMatch(MARKUP)
    expect(renderGfm(section).match(/<td>/g)).toHaveLength(4)
  })
})

describe('matching in slices', () => {
  // The issue's case: 800 paths of 270 characters, 100 rules of 250, none matching.
  const changed = () =>
    (parseInputs(raw({ changed_rules: ruleLines(100, 250) })).changes as ChangeInputs).changed!
  const files = changedPaths(800, 270).map((path) => ({ path, status: 'modified' }))
  /** A fake clock a millisecond later at each look: a slice ends after SLICE_MS looks. */
  const ticking = (): Clock & { looks: number } => {
    const clock = {
      looks: 0,
      now: () => clock.looks++,
      sleep: async () => undefined
    }
    return clock
  }

  it('matches every file against every rule when nothing stops it', async () => {
    const ruled = await applyRules(files, changed(), { deadline: Infinity, clock: ticking() })
    expect(ruled.rows).toHaveLength(800)
    // Each page is purged with and without its extension.
    expect(ruled.rows.every((row) => row.rule === undefined && row.urls.length === 2)).toBe(true)
  })

  it('lets the event loop run between slices: a cancel stops it at the next one', async () => {
    const clock = ticking()
    const cancel = new AbortController()
    // Runs only when the matching gives the event loop a turn.
    setImmediate(() => cancel.abort(new CancelledError('SIGTERM')))
    await expect(
      applyRules(files, changed(), { deadline: Infinity, signal: cancel.signal, clock })
    ).rejects.toThrow(CancelledError)
    // One slice: a look at the clock after each rule tried.
    expect(clock.looks).toBeLessThan(3 * SLICE_MS)
  })

  it('stops at the deadline with a timeout that names the inputs and what was done', async () => {
    const clock = ticking()
    const error = await applyRules(files, changed(), { deadline: 1000, clock }).catch((e) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toMatch(
      /^Timed out matching the changed files against changed_rules: the timeout ran out after 1(\.\d)? s, with \d+ of 800 file\(s\) matched; nothing was purged$/
    )
    expect(clock.looks).toBeLessThan(1000 + 3 * SLICE_MS)
  })
})

describe('changed_max_urls', () => {
  const pages = (n: number): FakeFile[] =>
    Array.from({ length: n }, (_, i) => ({ filename: `public/p${i}.css`, status: 'modified' }))

  it('uses changed_fallback past the limit, saying how many and why; what rules name still goes', async () => {
    await serve([...pages(4), { filename: 'public/assets/site.css', status: 'modified' }])
    const { inputs, found, lines, section } = await collect({
      changed_max_urls: '3',
      changed_rules: 'assets/*.css: tag:styles, url:https://cdn.example.com/site.css'
    })
    expect(lines).toContainEqual([
      'notice',
      'changed: the changed files map to 5 URLs, more than changed_max_urls (3), past which one purge of the site costs less than a purge of each URL. Falling back to changed_fallback "prefix": purging the prefix www.example.com/ (site_url) instead.'
    ])
    expect(inputs.items).toEqual({
      files: ['https://cdn.example.com/site.css'],
      tags: ['styles'],
      hosts: [],
      prefixes: ['www.example.com/']
    })
    expect(found.fallback?.reason).toContain('map to 5 URLs, more than changed_max_urls (3)')
    expect(section).toContain('### ℹ️ Changed files: fallback used')
    // At the limit, the URLs themselves.
    const at = await collect({ changed_max_urls: '5' })
    expect(at.inputs.items.files).toHaveLength(5)
    expect(at.found.fallback).toBeUndefined()
  })

  it('fails, or purges everything, as changed_fallback says', async () => {
    await serve(pages(4))
    await expect(collect({ changed_max_urls: '3', changed_fallback: 'fail' })).rejects.toThrow(
      /map to 4 URLs, more than changed_max_urls \(3\).*"fail", so nothing was purged/
    )
    const everything = await collect({ changed_max_urls: '3', changed_fallback: 'everything' })
    expect(everything.inputs.purgeEverything).toBe(true)
  })

  it('is 3000 by default: 3,000 URLs are purged as URLs, 3,002 are not', async () => {
    // Each index.html is two URLs: its folder's and its own.
    const folders = (n: number): FakeFile[] =>
      Array.from({ length: n }, (_, i) => ({
        filename: `public/d${i}/index.html`,
        status: 'added'
      }))
    // 1,502 files in all: the last of GitHub's pages of 300 is not full, so the list is whole.
    await serve([...folders(1498), ...pages(4)])
    const at = await collect({})
    expect(at.found.fallback).toBeUndefined()
    expect(at.inputs.items.files).toHaveLength(3000)
    expect(at.found.fallback).toBeUndefined()
    await github!.close()
    await serve(folders(1501))
    const { found, lines } = await collect({})
    expect(found.fallback?.reason).toContain(
      'map to 3,002 URLs, more than changed_max_urls (3,000)'
    )
    expect(lines).toContainEqual(['notice', expect.stringContaining('Falling back')])
  })
})

describe('changed: last-success, through collectChanges', () => {
  const RUNS = [
    { id: 97, head_sha: sha('7'), run_number: 41 },
    { id: 98, head_sha: sha('8'), conclusion: 'cancelled' },
    { id: 100, head_sha: AFTER, status: 'in_progress' }
  ]

  it('compares from the last successful run, and the summary links to it', async () => {
    github = await startFakeGitHub({
      runs: RUNS,
      comparisons: {
        [`${sha('7')}...${AFTER}`]: {
          status: 'ahead',
          files: [
            { filename: 'public/one.html', status: 'modified' },
            { filename: 'public/two.html', status: 'added' }
          ]
        }
      }
    })
    const { inputs, found, section } = await collect({ changed: 'last-success' })
    expect(inputs.items.files).toEqual([
      'https://www.example.com/one.html',
      'https://www.example.com/one',
      'https://www.example.com/two.html',
      'https://www.example.com/two'
    ])
    expect(found.range).toEqual({ base: sha('7'), head: AFTER })
    expect(github.requests.at(-1)!.path).toBe(`/repos/acme/site/compare/${sha('7')}...${AFTER}`)
    expect(section).toContain('### Changed files between `7777777` and `bbbbbbb`')
    expect(section).toContain(
      'Compared from run <a href="https://github.com/acme/site/actions/runs/97">#41</a> at commit <a href="https://github.com/acme/site/commit/7777777777777777777777777777777777777777"><code>7777777</code></a>: the last successful run of this workflow on branch `main` (`changed: last-success`).'
    )
  })

  it("without actions: read, warns and purges the push's own range; the summary says so", async () => {
    await serve([{ filename: 'public/own.html', status: 'modified' }], {
      runs: RUNS,
      actionsForbidden: true
    })
    const { inputs, lines, section } = await collect({ changed: 'last-success' })
    expect(inputs.items.files).toEqual([
      'https://www.example.com/own.html',
      'https://www.example.com/own'
    ])
    expect(lines[0]).toEqual(['warning', expect.stringContaining('"actions: read"')])
    expect(section).toMatch(
      /\n\n⚠️ `changed: last-success needs the job permission "actions: read"/
    )
  })

  it('falls back, saying why, when no earlier run succeeded', async () => {
    github = await startFakeGitHub({ runs: RUNS.slice(1) })
    const { inputs, lines } = await collect({ changed: 'last-success' })
    expect(inputs.items.prefixes).toEqual(['www.example.com/'])
    expect(lines).toEqual([
      [
        'notice',
        expect.stringMatching(
          /^changed: last-success: this workflow has no earlier successful run on branch "main".*Falling back/
        )
      ]
    ])
  })

  it('purges the files that differ on a rollback to before the last deploy', async () => {
    // The last deploy was at 7777777; this run deploys bbbbbbb, older than it.
    github = await startFakeGitHub({
      runs: RUNS,
      comparisons: {
        [`${sha('7')}...${AFTER}`]: { status: 'behind', files: [] },
        [`${AFTER}...${sha('7')}`]: {
          status: 'ahead',
          files: [
            { filename: 'public/new.html', status: 'added' },
            { filename: 'public/page.html', status: 'modified' }
          ]
        }
      }
    })
    const { inputs, found, lines, section } = await collect({ changed: 'last-success' })
    expect(inputs.items.files).toEqual([
      'https://www.example.com/new.html',
      'https://www.example.com/new',
      'https://www.example.com/page.html',
      'https://www.example.com/page'
    ])
    expect(found.rows.map((row) => row.change)).toEqual(['removed', 'modified'])
    expect(lines).toContainEqual([
      'info',
      expect.stringMatching(/^GitHub compares 7777777\.\.\.bbbbbbb as "behind": .*a rollback/)
    ])
    expect(section).toContain('`bbbbbbb` is older than `7777777` (a rollback)')
  })
})
