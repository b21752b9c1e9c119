import { MARKUP, renderGfm } from '../__fixtures__/gfm.js'
import { describe, expect, it } from '@jest/globals'
import { ApiError, CancelledError, InputError, TimeoutError } from '../../src/errors.js'
import type { Outcome } from '../../src/engine/purge-run.js'
import { reportOutcome } from '../../src/report/outcome.js'
import { OUTPUT_BYTES } from '../../src/report/outputs.js'
import { reportDryRun } from '../../src/report/dry-run.js'
import { reportEarlyFailure } from '../../src/report/early.js'
import { summaryText } from '../../src/report/report.js'
import { planOf, runOf, ZONE_ID } from '../__fixtures__/helpers.js'
import { count } from '../../src/text.js'
import { escape } from '../../src/report/markdown.js'

const context = {
  repository: 'acme/site',
  sha: 'a1b2c3d4e5',
  runUrl: 'https://github.com/acme/site/actions/runs/1'
}

const outcome = (overrides: Partial<Outcome> = {}): Outcome => ({
  kinds: [
    {
      kind: 'files',
      total: 3,
      accepted: 3,
      requests: 2,
      retries: 1,
      throttled: 0,
      batchSize: 2,
      ids: ['id1', 'id2'],
      durationMs: 1234,
      stopped: undefined
    }
  ],
  ids: ['id1', 'id2'],
  rejected: [],
  unpurged: [],
  failure: undefined,
  requests: 2,
  throttled: 0,
  waitedMs: 0,
  durationMs: 1300,
  ...overrides
})

describe('reportOutcome', () => {
  it('sets the outputs and a table per kind on success', () => {
    const report = reportOutcome(planOf({ files: ['a', 'b', 'c'] }), ZONE_ID, outcome(), context)
    expect(report.failure).toBeUndefined()
    expect(report.outputs).toEqual({
      purge_id: 'id1',
      purge_ids: '["id1","id2"]',
      error_codes: '',
      zone_id: ZONE_ID,
      purged_count: '3',
      request_count: '2',
      not_purged: '[]',
      not_purged_file: '',
      verified: '{}',
      warmed: '{}',
      zones: JSON.stringify([
        {
          zone: ZONE_ID,
          zone_id: ZONE_ID,
          purge_ids: ['id1', 'id2'],
          purged_count: 3,
          request_count: 2,
          error_codes: []
        }
      ])
    })
    expect(summaryText(report)).toContain('| URLs | 3 | 3 | 2 | 1 | 0 | 1.2 s | `id1` +1 |')
    expect(summaryText(report)).toContain('`acme/site`@`a1b2c3d`')
    expect(summaryText(report)).toContain('<details><summary>All 2 purge ids</summary>')
  })

  it('fails naming the first rejected items, and folds all of them in the summary', () => {
    const rejected = Array.from({ length: 7 }, (_, i) => ({
      kind: 'tags' as const,
      item: `bad<${i}>`,
      code: 1018,
      message: 'Invalid tag'
    }))
    const report = reportOutcome(planOf({ tags: ['x'] }), ZONE_ID, outcome({ rejected }), context)
    expect(report.failure).toContain('Cloudflare rejected 7 item(s):')
    expect(report.failure).toContain(
      'Purged 3 of 3 item(s), rejected 7; each item not purged is in the not_purged output with its reason.'
    )
    expect(report.failure).toContain('tags bad<4>: 1018 Invalid tag')
    expect(report.failure).not.toContain('bad<5>')
    expect(report.failure).toContain('... and 2 more')
    expect(summaryText(report)).toContain('`bad<6>`')
    expect(report.outputs.error_codes).toBe('1018')
    expect(JSON.parse(report.outputs.not_purged!)).toHaveLength(7)
  })

  it('explains an API failure by code and lists what was not purged', () => {
    const failure = new ApiError(403, [{ code: 10000, message: 'Authentication error' }])
    const report = reportOutcome(
      planOf({ files: ['a'] }),
      ZONE_ID,
      outcome({ failure, unpurged: [{ kind: 'files', item: 'https://a.com/' }] }),
      context
    )
    expect(report.failure).toBe(
      'Cloudflare API error 10000: Authentication error (HTTP 403)\nPurged 3 of 3 item(s), not purged 1 (listed in the job summary and the log); each item not purged is in the not_purged output with its reason.'
    )
    // A request refused as a whole: its items are in the output with why, not left out.
    expect(JSON.parse(report.outputs.not_purged!)).toEqual([
      {
        kind: 'files',
        item: 'https://a.com/',
        reason: 'refused',
        code: 10000,
        message: 'Cloudflare API error 10000: Authentication error (HTTP 403)'
      }
    ])
    expect(summaryText(report)).toContain('## ❌ Cloudflare cache purge failed')
    expect(summaryText(report)).toContain('| 10000 | Authentication failed')
    expect(summaryText(report)).toContain('<details><summary>1 item(s) not purged</summary>')
  })

  it('tells what to do about a timeout', () => {
    const failure = new TimeoutError('Gave up after 12 s (timeout: 20 s): ...', [1134])
    const report = reportOutcome(planOf({ tags: ['a'] }), ZONE_ID, outcome({ failure }), context)
    expect(summaryText(report)).toContain('The `timeout` input (seconds) bounds the whole step')
    expect(summaryText(report)).toContain("| 1134 | Cloudflare's rate limit kept refusing")
    expect(summaryText(report).match(/\| 1134 \|/g)).toHaveLength(1)
    expect(report.outputs.error_codes).toBe('1134')
    expect(report.title).toBe('Cloudflare purge timed out')
  })

  it('lists at most a thousand items, and counts the rest after the table', () => {
    const rejected = Array.from({ length: 1003 }, (_, i) => ({
      kind: 'tags' as const,
      item: `t${i}`,
      code: 1018,
      message: 'Invalid tag'
    }))
    const report = reportOutcome(planOf({ tags: ['x'] }), ZONE_ID, outcome({ rejected }), context)
    expect(summaryText(report)).toContain('`t999`')
    expect(summaryText(report)).not.toContain('`t1000`')
    expect(summaryText(report)).toContain(
      '| 1018 | `Invalid tag` |\n\n... and 3 more, all of them in the not_purged output.'
    )
    expect(JSON.parse(report.outputs.not_purged!)).toHaveLength(1003)
  })
})

describe('the not_purged output', () => {
  const unsent = (failure: Error, requests = 1, stopped?: Error) =>
    reportOutcome(
      planOf({ files: ['https://a.com/1', 'https://a.com/2'] }),
      ZONE_ID,
      outcome({
        kinds: [{ ...outcome().kinds[0]!, total: 2, accepted: 0, stopped }],
        ids: [],
        failure: stopped === undefined ? failure : undefined,
        requests,
        unpurged: [
          { kind: 'files', item: 'https://a.com/1' },
          { kind: 'files', item: 'https://a.com/2' }
        ]
      }),
      context
    )
  const entries = (report: ReturnType<typeof unsent>) =>
    (JSON.parse(report.outputs.not_purged!) as { reason: string; code: number | null }[]).map(
      (e) => [e.reason, e.code]
    )

  it('lists every item not purged with its reason and code, whatever stopped it', () => {
    const refusedKind = new ApiError(400, [
      { code: 1136, message: 'Purge by URL is not supported' }
    ])
    expect(entries(unsent(new Error('x'), 1, refusedKind))).toEqual([
      ['refused', 1136],
      ['refused', 1136]
    ])
    const timedOut = new TimeoutError('Gave up after 3 s (timeout: 3 s): ...', [1134])
    expect(entries(unsent(timedOut))).toEqual([
      ['timeout', 1134],
      ['timeout', 1134]
    ])
    expect(entries(unsent(new CancelledError('SIGTERM', 'after 1 s')))).toEqual([
      ['cancelled', null],
      ['cancelled', null]
    ])
    const gaveUp = new ApiError(502, [{ message: 'an HTML page' }], 'Gave up after 8 attempts: ')
    expect(entries(unsent(gaveUp))).toEqual([
      ['failed', null],
      ['failed', null]
    ])
    expect(entries(unsent(new ApiError(400, [{ code: 7003, message: 'No route' }]), 0))).toEqual([
      ['not sent', 7003],
      ['not sent', 7003]
    ])
  })

  it('lists every item of the plan when the step failed before any purge request', () => {
    const plan = runOf(planOf({ tags: ['a', 'b'], purge_everything: [] }))
    const error = new InputError([{ input: 'zone', value: 'x.org', problem: 'was not found' }])
    const report = reportEarlyFailure(error, plan, context)
    expect(JSON.parse(report.outputs.not_purged!)).toEqual([
      { kind: 'tags', item: 'a', reason: 'not sent', code: null, message: error.message },
      { kind: 'tags', item: 'b', reason: 'not sent', code: null, message: error.message },
      {
        kind: 'purge_everything',
        item: 'everything',
        reason: 'not sent',
        code: null,
        message: error.message
      }
    ])
    expect(reportEarlyFailure(error, undefined, context).outputs.not_purged).toBe('[]')
  })
})

describe('text from outside in the summary and the outputs', () => {
  it('renders an API message as text: no heading, link, image, table cell or line of its own', () => {
    const message =
      'bad\n## Heading [link](https://evil.example/) ![img](x.png) | cell <b>x</b> `code`'
    const rejected = [
      { kind: 'files' as const, item: 'https://www.example.com/a', code: 1016, message }
    ]
    const report = reportOutcome(planOf({ files: ['x'] }), ZONE_ID, outcome({ rejected }), context)
    const html = renderGfm(summaryText(report))
    expect(html).not.toMatch(MARKUP)
    expect(html).not.toContain('<h2>Heading')
    const row = html.split('<tr>').find((r) => r.includes('<td>1016</td>'))!
    expect(row.match(/<td>/g)).toHaveLength(4)
    // The raw markdown shows the URL and the message as they are.
    expect(summaryText(report)).toContain('`https://www.example.com/a`')
    expect(summaryText(report)).toContain('[link](https://evil.example/)')
  })

  it('leaves out the commit when there is none', () => {
    const report = reportOutcome(planOf({ tags: ['a'] }), ZONE_ID, outcome(), {
      ...context,
      sha: ''
    })
    expect(summaryText(report)).toContain('`acme/site` ·')
    expect(summaryText(report)).not.toContain('@')
  })

  it("caps not_purged under GitHub's output limit and writes the full list to a file", () => {
    const rejected = Array.from({ length: 20_000 }, (_, i) => ({
      kind: 'files' as const,
      item: `https://www.example.com/a/very/long/path/to/an/asset/${i}/${'x'.repeat(80)}.js`,
      code: 1016,
      message: 'Invalid url'
    }))
    const report = reportOutcome(
      planOf({ files: ['x'] }),
      ZONE_ID,
      outcome({ rejected }),
      context,
      '/tmp/full.json'
    )
    const kept = JSON.parse(report.outputs.not_purged!) as unknown[]
    expect(Buffer.byteLength(report.outputs.not_purged!)).toBeLessThanOrEqual(OUTPUT_BYTES)
    expect(kept.length).toBeGreaterThan(1000)
    expect(kept.length).toBeLessThan(20_000)
    expect(report.outputs.not_purged_file).toBe('/tmp/full.json')
    expect(JSON.parse(report.files!['/tmp/full.json']!)).toHaveLength(20_000)
    expect(report.failure).toContain(`holds the first ${count(kept.length)} of 20,000`)
    expect(Buffer.byteLength(summaryText(report))).toBeLessThan(1_000_000)
  })

  it('fails a refused purge-everything request even though no URL was named', () => {
    const report = reportOutcome(
      planOf({ purge_everything: [] }),
      ZONE_ID,
      outcome({
        kinds: [
          {
            kind: 'purge_everything',
            total: 1,
            accepted: 0,
            requests: 1,
            retries: 0,
            throttled: 0,
            batchSize: 100,
            ids: [],
            durationMs: 100,
            stopped: undefined
          }
        ],
        ids: [],
        rejected: [
          { kind: 'purge_everything', item: 'everything', code: undefined, message: 'HTTP 400' }
        ]
      }),
      context
    )
    expect(report.failure).toContain(
      'Purged 0 of 1 item(s), rejected 1; each item not purged is in the not_purged output with its reason.'
    )
    expect(report.outputs.purged_count).toBe('0')
  })
})

describe('reportEarlyFailure and reportDryRun', () => {
  it('lists every input to fix', () => {
    const report = reportEarlyFailure(
      new InputError([{ input: 'tags', value: 'a b', problem: 'contains a space' }]),
      undefined,
      context
    )
    expect(summaryText(report)).toContain('| `tags` | `a b` | `contains a space` |')
    expect(report.outputs.error_codes).toBe('')
  })
  it('summarises a dry run', () => {
    const plan = runOf(planOf({ tags: ['a', 'b'] }))
    const report = reportDryRun(plan, [{ kind: 'tags', zone: ZONE_ID }], context)
    expect(summaryText(report)).toContain('| tags | 2 | 0 | 1 |')
    expect(report.failure).toBeUndefined()
  })
})

describe('formatting', () => {
  it('writes thousands separators and escapes markup', () => {
    expect([0, 999, 1000, 1234567].map(count)).toEqual(['0', '999', '1,000', '1,234,567'])
    expect(escape('<a>|&')).toBe('&lt;a&gt;&#124;&amp;')
  })
})
