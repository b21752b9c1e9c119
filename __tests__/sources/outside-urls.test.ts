/**
 * URLs built from outside data: the changed files a compare API lists and the URLs of a huge
 * sitemap go through the checks of a URL given inline; a file refused is reported, never dropped.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { changedSections } from '../../src/report/changes.js'
import { renderSections } from '../../src/report/summary.js'
import { collectChanges, type ChangeEnv } from '../../src/sources/changes.js'
import type { EventInfo } from '../../src/sources/range.js'
import { parseSitemap } from '../../src/sources/sitemap.js'
import { FAKE_TOKEN, sha, startFakeGitHub, type FakeGitHub } from '../__fixtures__/fake-github.js'
import { recordingLog } from '../__fixtures__/log.js'

const BEFORE = sha('a')
const AFTER = sha('b')
const push: EventInfo = {
  name: 'push',
  payload: { before: BEFORE, after: AFTER, forced: false, created: false, deleted: false },
  sha: AFTER
}

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
    site_url: 'https://www.example.com/docs/',
    site_dir: 'public',
    github_token: FAKE_TOKEN,
    ...inputs
  }) as unknown as RawInputs

const recorder = () => recordingLog()

const env = (apiUrl: string, roots: string[] = [process.cwd()]): ChangeEnv => ({
  event: push,
  repository: 'acme/site',
  githubApiUrl: apiUrl,
  userAgent: 'test',
  roots,
  deadline: Date.now() + 20_000
})

const changedFiles = (...filenames: string[]) =>
  startFakeGitHub({
    comparisons: {
      [`${BEFORE}...${AFTER}`]: {
        status: 'ahead',
        files: filenames.map((filename) => ({ filename, status: 'modified' }))
      }
    }
  })

describe('changed files from the compare API', () => {
  it('are refused when their URL would leave site_url or carry a "*", and said so', async () => {
    github = await changedFiles(
      'public/../../admin/x.html',
      'public/*.css',
      'public/ok.css',
      'public/a/../../../etc/passwd'
    )
    const { lines, log } = recorder()
    const inputs = parseInputs(raw({}))
    const { inputs: merged, found } = await collectChanges(inputs, env(github.apiUrl), log)
    expect(merged.items.files).toEqual(['https://www.example.com/docs/ok.css'])
    for (const url of merged.items.files as string[])
      expect(url.startsWith('https://www.example.com/docs/')).toBe(true)

    expect(found.rows.filter((row) => row.refused).map((row) => row.path)).toEqual([
      'public/../../admin/x.html',
      'public/*.css',
      'public/a/../../../etc/passwd'
    ])
    const warnings = lines.filter(([level]) => level === 'warning').map(([, text]) => text)
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Changed files: 3 file\(s\) not purged, because no valid URL can be made of them: "public\/\.\.\/\.\.\/admin\/x\.html" \(its path has an empty, "\." or "\.\." folder name, which git never stores\); "public\/\*\.css" \(its name has a "\*"/
      )
    ])
    expect(lines).toContainEqual([
      'info',
      expect.stringMatching(/^modified public\/\*\.css {2}\(not purged: its name has a "\*"/)
    ])
    const summary = renderSections(changedSections(found), 3)
    expect(summary).toContain('### ⚠️ Changed files not purged: 3\n')
    expect(summary).toContain('- `public/../../admin/x.html`: `its path has an empty')
    expect(summary).toContain('| `public/*.css` | `modified` | not purged: its name has a "*"')
    expect(summary).toContain('1 of 4 file(s) map to URLs under site_url.')
  })

  it('says that nothing could be purged when every changed file was refused', async () => {
    github = await changedFiles('public/*.css')
    const { log } = recorder()
    const { inputs: merged } = await collectChanges(parseInputs(raw({})), env(github.apiUrl), log)
    expect(merged.items.files).toEqual([])
    expect(merged.emptyReason).toBe(
      'no changed file could be purged by URL (1 refused, see the warning) between aaaaaaa and bbbbbbb'
    )
  })

  it('report nothing refused when every file maps', async () => {
    github = await changedFiles('public/a b/ü.html')
    const { lines, log } = recorder()
    const { inputs: merged, found } = await collectChanges(
      parseInputs(raw({})),
      env(github.apiUrl),
      log
    )
    expect(merged.items.files).toEqual([
      'https://www.example.com/docs/a%20b/%C3%BC.html',
      'https://www.example.com/docs/a%20b/%C3%BC'
    ])
    expect(lines.filter(([level]) => level === 'warning')).toEqual([])
    expect(renderSections(changedSections(found), 3)).not.toContain('not purged')
  })
})

describe('a sitemap of 130,000 URLs', () => {
  const urls = Array.from({ length: 130_000 }, (_, i) => `https://www.example.com/p/${i}`)
  const xml = `<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `<url><loc>${u}</loc></url>`).join('\n')}\n</urlset>\n`

  it('parses', () => {
    const parsed = parseSitemap(xml)
    expect(parsed).toEqual({ kind: 'urlset', locs: expect.any(Array) })
    expect('locs' in parsed && parsed.locs.length).toBe(130_000)
  })

  it('is merged into what is purged without overflowing the stack', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'big-sitemap-')))
    const file = join(dir, 'sitemap.xml')
    writeFileSync(file, xml)
    const { log } = recorder()
    const inputs = parseInputs(raw({ changed: 'false', sitemap: file, urls: 'https://a.com/x' }))
    const { inputs: merged } = await collectChanges(inputs, env('http://127.0.0.1:1', [dir]), log)
    expect(merged.items.files).toHaveLength(130_001)
    expect(merged.items.files[0]).toBe('https://a.com/x')
    expect(merged.items.files.at(-1)).toBe('https://www.example.com/p/129999')
  })
})

describe('the sitemap tokenizer', () => {
  it('refuses a tag name of 400,000 characters with no ">" in linear time', () => {
    // Name and attributes could split such a tag every way there is: minutes, before.
    for (const text of [`<${'a'.repeat(400_000)}`, `<urlset><${'a'.repeat(400_000)}`])
      expect(parseSitemap(text)).toEqual({ problem: 'is not well-formed XML (a stray "<")' })
  }, 5_000)

  it('wants whitespace before attributes, as XML does', () => {
    expect(parseSitemap('<urlset a="1"><url><loc>https://a.com/</loc></url></urlset>')).toEqual({
      kind: 'urlset',
      locs: ['https://a.com/']
    })
    expect(parseSitemap('<urlset\n\ta="1"/>')).toEqual({ kind: 'urlset', locs: [] })
    expect(parseSitemap('<urlset"a"></urlset>')).toEqual({
      problem: 'is not well-formed XML (a stray "<")'
    })
  })
})
