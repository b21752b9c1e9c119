/**
 * One cap for the whole job summary (issue 16, defect 4): GitHub shows none of a summary over
 * 1 MiB. The three summaries the issue measured (many changed files, 1,000 checks of long
 * URLs, 1,500 zones), each built here as the steps build it, come out under the cap, keep what
 * was not purged, say what they left out and where it is, and still render as valid markdown.
 */
import { describe, expect, it } from '@jest/globals'
import { renderGfm } from '../__fixtures__/gfm.js'
import { ApiError } from '../../src/errors.js'
import type { Outcome } from '../../src/engine/purge-run.js'
import type { Check } from '../../src/edge/verify.js'
import { changedSections } from '../../src/report/changes.js'
import { renderCapped } from '../../src/report/fit.js'
import { reportOutcome } from '../../src/report/outcome.js'
import { SUMMARY_BYTES, summaryText, type Report } from '../../src/report/report.js'
import { reportVerify } from '../../src/report/verify.js'
import { reportZones, unsentOutcome } from '../../src/report/zones.js'
import type { Section } from '../../src/report/summary.js'
import { planOf, ZONE_ID } from '../__fixtures__/helpers.js'

const context = { repository: 'acme/site', sha: 'a1b2c3d4e5', runUrl: undefined }
const TRIMMED = "left out to fit GitHub's 1 MiB limit on a job summary"
const NOTE = '### ✂️ Shortened to fit'

const outcome = (overrides: Partial<Outcome> = {}): Outcome => ({
  kinds: [
    {
      kind: 'files',
      total: 3000,
      accepted: 1000,
      requests: 30,
      retries: 0,
      throttled: 0,
      batchSize: 100,
      ids: ['0'.repeat(32)],
      durationMs: 1234,
      stopped: undefined
    }
  ],
  ids: ['0'.repeat(32)],
  rejected: [],
  unpurged: [],
  failure: undefined,
  requests: 30,
  throttled: 0,
  waitedMs: 0,
  durationMs: 1300,
  ...overrides
})

const withSections = (report: Report, sections: Section[]): Report => ({
  ...report,
  summary: { ...report.summary, sections: [...report.summary.sections, ...sections] }
})

/** A long URL, distinct by `i`, in plain ASCII so that a code span holds it as it is. */
const longUrl = (i: number, length: number) =>
  `https://www.example.com/${String(i).padStart(5, '0')}/${'x'.repeat(length)}.html`

/**
 * Markdown GitHub would still render as written: every table row whole, each table's rows as wide
 * as its header, every fold closed, every code span closed. The whole text is checked line by
 * line; the GFM renderer (a few ms a table row here) renders the parts under a heading where
 * something was cut, and the first and last parts, each table in them by its first and last rows.
 */
const expectValidMarkdown = (markdown: string) => {
  const broken: string[] = []
  let columns = 0
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      columns = 0
      continue
    }
    const cells = line.replace(/\\\|/g, '').split('|').length - 2
    if (columns === 0) columns = cells
    if (!/^\|.*\|$/.test(line) || cells !== columns) broken.push(line)
  }
  expect(broken).toEqual([])
  const opened = (markdown.match(/^<details>/gm) ?? []).length
  expect((markdown.match(/^<\/details>$/gm) ?? []).length).toBe(opened)
  const parts = markdown.split(/\n(?=#{2,6} )/)
  const cut = parts.filter(
    (p, i) => i < 2 || i === parts.length - 1 || /\.\.\. and |left out/.test(p)
  )
  const ends = (table: string) => {
    const lines = table.split('\n')
    return lines.length <= 102 ? table : [...lines.slice(0, 52), ...lines.slice(-50)].join('\n')
  }
  for (const part of cut) {
    const html = renderGfm(part.replace(/^\|.*\|(?:\n\|.*\|)+$/gm, ends))
    for (const table of html.split('<table>').slice(1)) {
      const [head, body = ''] = table.split('</thead>')
      const width = (head!.match(/<th\b/g) ?? []).length
      for (const row of body.split('<tr>').slice(1))
        expect((row.match(/<td\b/g) ?? []).length).toBe(width)
    }
    expect((html.match(/<details>/g) ?? []).length).toBe((html.match(/<\/details>/g) ?? []).length)
    // Every code span closed: no backtick shows as text.
    expect(html.replace(/<code>[^]*?<\/code>/g, '')).not.toContain('`')
  }
}

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i))

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

describe('one cap for the whole job summary', () => {
  it('keeps what was not purged and cuts the changed-file listing when many files changed', () => {
    const rejected = times(1000, (i) => ({
      kind: 'files' as const,
      item: longUrl(i, 380),
      code: 1016,
      message: 'URL is not in this zone'
    }))
    const unpurged = times(1000, (i) => ({
      kind: 'files' as const,
      item: longUrl(50_000 + i, 400)
    }))
    const report = reportOutcome(
      planOf({ files: ['x'] }),
      ZONE_ID,
      outcome({
        rejected,
        unpurged,
        failure: new ApiError(500, [{ code: 10001, message: 'down' }])
      }),
      context,
      '/tmp/full.json'
    )
    const rows = times(3000, (i) => ({
      path: `public/${String(i).padStart(5, '0')}/${'p'.repeat(200)}.html`,
      change: 'modified',
      urls: [longUrl(90_000 + i, 300), longUrl(190_000 + i, 300)]
    }))
    const found = { rows, range: { base: 'a'.repeat(40), head: 'b'.repeat(40) } }
    const text = summaryText(withSections(report, changedSections(found)))

    expect(bytes(text)).toBeLessThanOrEqual(SUMMARY_BYTES)
    for (const u of unpurged) expect(text).toContain(`\`${u.item}\``)
    for (const r of rejected) expect(text).toContain(`\`${r.item}\``)
    expect(text).toContain('<summary>1,000 item(s) not purged</summary>')
    expect(text).toMatch(
      new RegExp(`\\.\\.\\. and [\\d,]+ more \\(${TRIMMED}\\), all of them in the log\\.`)
    )
    expect(text).toContain('3000 of 3000 file(s) map to URLs under site_url.')
    expect(text).toContain(NOTE)
    expectValidMarkdown(text)
  })

  it('keeps the stale URLs and cuts the other checks with 1,000 checks of long URLs', () => {
    const report = reportOutcome(planOf({ files: ['x'] }), ZONE_ID, outcome(), context)
    const stale = new Set([3, 400, 999])
    const checks: Check[] = times(1000, (i) => ({
      url: longUrl(i, 3000),
      headers: {},
      status: stale.has(i) ? 'HIT' : 'MISS',
      age: stale.has(i) ? 3600 : undefined,
      verdict: stale.has(i) ? 'stale' : 'purged',
      detail: stale.has(i)
        ? 'cached 3600 s ago, before the purge (HIT)'
        : 'fetched from the origin (MISS)',
      attempts: stale.has(i) ? 4 : 1
    }))
    const verified = reportVerify(checks, 'fail')
    const text = summaryText(withSections(report, [verified.section]))

    expect(bytes(text)).toBeLessThanOrEqual(SUMMARY_BYTES)
    for (const i of stale)
      expect(text).toContain(`| \`${longUrl(i, 3000)}\` | \`HIT\` | 3600 s | ❌ stale`)
    expect(text).toContain('Checked 1000 URL(s) at the edge: 3 stale, 997 purged.')
    expect(text).toMatch(
      new RegExp(`\\.\\.\\. and [\\d,]+ more \\(${TRIMMED}\\), all of them in the log\\.`)
    )
    expect(text).toContain(NOTE)
    expect(verified.lines).toHaveLength(1000)
    expectValidMarkdown(text)
  })

  it('keeps the zones that failed and leaves out the details of those that did not, with 1,500 zones', () => {
    const runs = times(1500, (i) => {
      const id = i.toString(16).padStart(32, '0')
      const given = `zone-${String(i).padStart(4, '0')}.${'example'.repeat(3)}.com`
      const items = [`https://${given}/a`, `https://${given}/b`]
      const plan = { ...planOf({ files: items }), zone: { by: 'id' as const, given, id } }
      if (i % 150 === 7)
        return {
          plan,
          zoneId: id,
          outcome: unsentOutcome(plan, new ApiError(403, [{ code: 9109, message: 'Unauthorized' }]))
        }
      const ids = times(3, (n) => `${n}${id.slice(1)}`)
      return {
        plan,
        zoneId: id,
        outcome: outcome({
          kinds: [{ ...outcome().kinds[0]!, total: 2, accepted: 2, ids }],
          ids,
          requests: 3
        })
      }
    })
    const report = reportZones(runs, context, '/tmp/full.json')
    const failed = runs.filter((_, i) => i % 150 === 7)
    expect(failed).toHaveLength(10)
    // The cap, then a third of it: the purge ids go first, then the zones that succeeded.
    for (const cap of [SUMMARY_BYTES, SUMMARY_BYTES / 3]) {
      const text = renderCapped(report.summary, cap)
      expect(bytes(text)).toBeLessThanOrEqual(cap)
      for (const run of failed) {
        const given = run.plan.zone.given
        expect(text).toContain(`### \`${given}\`: ❌ Cloudflare cache purge failed`)
        expect(text).toContain(`- URLs: \`https://${given}/a\``)
        expect(text).toContain(`| \`${given}\` | \`${run.zoneId}\` | ❌ | 0 of 2 | 0 | 9109 |`)
      }
      expect(text).toContain(NOTE)
      expect(text).toMatch(
        /- Left out: [\d,]+ list\(s\) of purge id\(s\) \(all of them in the purge_ids output\)\./
      )
      expectValidMarkdown(text)
    }
    expect(summaryText(report)).toBe(renderCapped(report.summary))
    expect(renderCapped(report.summary, SUMMARY_BYTES / 3)).toMatch(
      /- Left out: the sections of [\d,]+ zone\(s\) that succeeded \(each zone's counts and purge ids are in the zones output\)\./
    )
  })

  it('counts bytes, not characters, and what the runner does to the text after', () => {
    const report = reportOutcome(
      planOf({ files: ['x'] }),
      ZONE_ID,
      outcome({
        unpurged: times(3000, (i) => ({
          kind: 'files' as const,
          item: `https://例え.jp/${i}/${'語'.repeat(100)}`
        }))
      }),
      context
    )
    // 3,000 rows of about 330 bytes but 130 characters: the cap is on bytes.
    const cap = 200_000
    const text = renderCapped(report.summary, cap)
    expect(text.length).toBeLessThan(cap / 2)
    expect(bytes(text)).toBeLessThanOrEqual(cap)
    expect(bytes(text)).toBeGreaterThan(cap * 0.9)
    // A rewrite that lengthens the text (the runner redacts secrets) is counted too.
    const longer = renderCapped(report.summary, cap, (t) => t.replace(/例え/g, '[redacted value]'))
    expect(bytes(longer)).toBeLessThanOrEqual(cap)
    expect(longer).toContain('[redacted value]')
    expectValidMarkdown(longer)
  })

  it('leaves a summary under the cap as it is, and cuts one that cannot fit whole at a paragraph', () => {
    const report = reportOutcome(planOf({ files: ['x'] }), ZONE_ID, outcome(), context)
    expect(summaryText(report)).not.toContain('Shortened')
    expect(summaryText(report)).not.toContain(TRIMMED)
    const huge = withSections(
      report,
      times(50, (i) => ({
        heading: `Part ${i}`,
        body: `${'word '.repeat(4000)}\n\n| a | b |\n| --- | --- |\n| 1 | 2 |`
      }))
    )
    const text = renderCapped(huge.summary, 300_000)
    expect(bytes(text)).toBeLessThanOrEqual(300_000)
    expect(text).toContain("The rest of this summary is left out to fit GitHub's 1 MiB limit")
    expectValidMarkdown(text)
  })
})
