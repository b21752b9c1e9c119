import { renderGfm } from '../__fixtures__/gfm.js'
import { renderSections } from '../../src/report/summary.js'
import { summaryText } from '../../src/report/report.js'
import { describe, expect, it } from '@jest/globals'
import { ApiError } from '../../src/errors.js'
import type { Outcome } from '../../src/engine/purge-run.js'
import { reportZones, unsentOutcome } from '../../src/report/zones.js'
import { reportOutcome } from '../../src/report/outcome.js'
import { reportVerify } from '../../src/report/verify.js'
import { planOf } from '../__fixtures__/helpers.js'

const context = { repository: 'acme/site', sha: 'a1b2c3d', runUrl: undefined }
const COM = 'a'.repeat(32)
const ORG = 'b'.repeat(32)

const done = (ids: string[], accepted: number, rejected: Outcome['rejected'] = []): Outcome => ({
  kinds: [
    {
      kind: 'files',
      total: accepted + rejected.length,
      accepted,
      requests: ids.length,
      retries: 0,
      throttled: 0,
      batchSize: 100,
      ids,
      durationMs: 500,
      stopped: undefined
    }
  ],
  ids,
  rejected,
  unpurged: [],
  failure: undefined,
  requests: ids.length,
  throttled: 0,
  waitedMs: 0,
  durationMs: 500
})

const zonePlan = (given: string, id: string, items: string[]) => ({
  ...planOf({ files: items }),
  zone: { by: 'id' as const, given, id }
})

describe('reportZones', () => {
  it('adds the outputs up over the zones, with a line per zone', () => {
    const report = reportZones(
      [
        {
          plan: zonePlan('example.com', COM, ['https://example.com/a']),
          zoneId: COM,
          outcome: done(['1'.repeat(32)], 1)
        },
        {
          plan: zonePlan('example.org', ORG, ['https://example.org/b', 'https://example.org/c']),
          zoneId: ORG,
          outcome: done(['2'.repeat(32)], 2)
        }
      ],
      context
    )
    expect(report.failure).toBeUndefined()
    expect(report.outputs).toMatchObject({
      purge_id: '1'.repeat(32),
      purge_ids: JSON.stringify(['1'.repeat(32), '2'.repeat(32)]),
      zone_id: `${COM},${ORG}`,
      purged_count: '3',
      request_count: '2',
      error_codes: ''
    })
    expect(JSON.parse(report.outputs.zones!)).toEqual([
      {
        zone: 'example.com',
        zone_id: COM,
        purge_ids: ['1'.repeat(32)],
        purged_count: 1,
        request_count: 1,
        error_codes: []
      },
      {
        zone: 'example.org',
        zone_id: ORG,
        purge_ids: ['2'.repeat(32)],
        purged_count: 2,
        request_count: 1,
        error_codes: []
      }
    ])
    expect(summaryText(report)).toContain('✅ Cloudflare cache purged in 2 zones')
    expect(summaryText(report).match(/^### /gm)).toHaveLength(2)
  })

  it('fails naming the zone that failed, with its codes and its rejected items', () => {
    const plan = zonePlan('example.org', ORG, ['https://example.org/b'])
    const refused = unsentOutcome(
      plan,
      new ApiError(403, [{ code: 9109, message: 'Unauthorized' }])
    )
    const bad = {
      kind: 'files' as const,
      item: 'https://example.com/x',
      code: 1016,
      message: 'Invalid url'
    }
    const report = reportZones(
      [
        {
          plan: zonePlan('example.com', COM, ['https://example.com/a', 'https://example.com/x']),
          zoneId: COM,
          outcome: done(['1'.repeat(32)], 1, [bad])
        },
        { plan, zoneId: ORG, outcome: refused }
      ],
      context
    )
    expect(report.failure).toMatch(/^Zone example\.com: Cloudflare rejected 1 item/)
    expect(report.failure).toContain(
      '\nZone example.org: Cloudflare API error 9109: Unauthorized (HTTP 403)'
    )
    expect(report.title).toBe('Cloudflare purge failed in 2 zones')
    expect(report.outputs.error_codes).toBe('1016,9109')
    // Every item not purged, the unsent ones of the zone whose lookup failed too, with why.
    expect(JSON.parse(report.outputs.not_purged!)).toEqual([
      { zone: 'example.com', ...bad, reason: 'rejected' },
      {
        zone: 'example.org',
        kind: 'files',
        item: 'https://example.org/b',
        reason: 'not sent',
        code: 9109,
        message: 'Cloudflare API error 9109: Unauthorized (HTTP 403)'
      }
    ])
    expect(summaryText(report)).toContain('❌ Cloudflare cache purge failed in 2 of 2 zones')
  })

  it('reports one zone exactly as a single-zone run', () => {
    const bad = { kind: 'files' as const, item: 'https://example.com/b', code: 1016, message: 'no' }
    for (const outcome of [done(['1'.repeat(32)], 1), done(['1'.repeat(32)], 1, [bad])]) {
      const plan = zonePlan('example.com', COM, ['https://example.com/a', 'https://example.com/b'])
      const several = reportZones([{ plan, zoneId: COM, outcome }], context, '/tmp/full.json')
      const single = reportOutcome(plan, COM, outcome, context, '/tmp/full.json')
      expect(several).toEqual(single)
      expect(summaryText(several)).toBe(summaryText(single))
    }
  })
})

describe('reportVerify', () => {
  const check = (url: string, verdict: 'purged' | 'stale', status: string, age?: number) => ({
    url,
    headers: {},
    status,
    age,
    verdict,
    detail:
      verdict === 'stale'
        ? `cached ${age} s ago, before the purge (HIT)`
        : 'fetched from the origin (MISS)',
    attempts: verdict === 'stale' ? 4 : 1
  })
  const checks = [
    check('https://example.com/a', 'purged', 'MISS'),
    check('https://example.com/[x](y)', 'stale', 'HIT', 3600)
  ]

  it('fails naming the stale URL with verify: fail, and counts every verdict', () => {
    const report = reportVerify(checks, 'fail')
    expect(report.verified).toBe('{"stale":1,"purged":1}')
    expect(report.failure).toContain(
      '1 URL(s) still stale at the edge after the purge: https://example.com/[x](y).'
    )
    expect(report.warnings).toEqual([])
    expect(report.line).toBe('Checked 2 URL(s) at the edge: 1 stale, 1 purged.')
  })

  it('warns per stale URL with verify: warn, and writes the URL in the summary as text', () => {
    const report = reportVerify(checks, 'warn')
    expect(report.failure).toBeUndefined()
    expect(report.warnings).toEqual([
      expect.stringContaining('https://example.com/[x](y) is still stale')
    ])
    const text = renderSections([report.section], 3)
    expect(renderGfm(text)).not.toMatch(/<a\b/)
    expect(text).toContain('`https://example.com/[x](y)`')
    expect(text).toContain('| ❌ stale')
  })
})

describe('reportZones with a not_purged output cut to its limit', () => {
  it('says the cut once, of the whole output, naming the file that holds it all', () => {
    const urls = (host: string) =>
      Array.from({ length: 6000 }, (_, i) => `https://${host}/some/long/page/path/${i}`)
    const part = (given: string, id: string) => {
      const plan = zonePlan(given, id, urls(given))
      return {
        plan,
        zoneId: id,
        outcome: unsentOutcome(plan, new ApiError(500, [{ message: 'down' }]))
      }
    }
    const report = reportZones(
      [part('example.com', COM), part('example.org', ORG)],
      context,
      '/tmp/full.json'
    )
    const cut = report.failure!.split('\n').filter((l) => l.includes('The not_purged output holds'))
    expect(cut).toHaveLength(1)
    expect(cut[0]).toMatch(
      /^The not_purged output holds the first [\d,]+ of 12,000, .*\/tmp\/full\.json/
    )
    expect(Object.keys(report.files ?? {})).toEqual(['/tmp/full.json'])
  })
})
