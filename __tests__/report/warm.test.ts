import { describe, expect, it } from '@jest/globals'
import type { Warmed } from '../../src/edge/warm.js'
import { newWarmTally, reportWarm, tallyWarmed } from '../../src/report/warm.js'
import { renderSections } from '../../src/report/summary.js'
import { MARKUP, renderGfm } from '../__fixtures__/gfm.js'

const warmed = (i: number, overrides: Partial<Warmed> = {}): Warmed => ({
  url: `https://www.example.com/${i}`,
  headers: {},
  status: 200,
  cache: 'MISS',
  ms: 10 + i,
  error: undefined,
  ...overrides
})

/** The report of these answers, tallied as warming tallies them, one at a time. */
const reportOf = (
  done: Warmed[],
  outOfTime: number,
  ms: number,
  skips: { skipped: number; overLimit: number },
  concurrency: number
) => {
  const tally = newWarmTally()
  for (const w of done) tallyWarmed(tally, w)
  return reportWarm(tally, { requested: done.length, outOfTime, ms }, skips, concurrency)
}

describe('reportWarm', () => {
  it('counts per status class and CF-Cache-Status, and names the slowest URLs', () => {
    const done = [
      ...Array.from({ length: 26 }, (_, i) => warmed(i)),
      warmed(90, { status: 301, cache: 'absent' }),
      warmed(91, { status: 404, cache: 'HIT', ms: 5000 }),
      warmed(92, { status: 503, cache: 'DYNAMIC' }),
      warmed(93, { status: undefined, cache: 'absent', error: 'ECONNRESET', ms: 3000 })
    ]
    const report = reportOf(done, 4, 6000, { skipped: 2, overLimit: 5 }, 8)
    expect(JSON.parse(report.warmed)).toEqual({
      fetched: 29,
      failed: 1,
      skipped: 2,
      over_limit: 5,
      out_of_time: 4,
      status: { '2xx': 26, '3xx': 1, '4xx': 1, '5xx': 1 },
      cache: { MISS: 26, absent: 1, HIT: 1, DYNAMIC: 1 }
    })
    expect(report.line).toBe(
      'Warmed 29 URL(s) through Cloudflare in 6 s: HTTP 26 × 2xx, 1 × 3xx, 1 × 4xx, 1 × 5xx; CF-Cache-Status 26 × MISS, 1 × absent, 1 × HIT, 1 × DYNAMIC; 1 failed; not fetched: 2 fetched by verify already, 5 over the warm limit, 4 left when the timeout ran out.'
    )
    expect(report.slowest).toBe(
      'Slowest: https://www.example.com/91 (5,000 ms), https://www.example.com/93 (3,000 ms), https://www.example.com/92 (102 ms).'
    )
    // A 3xx is what the URL is: cached as it is, not a warning.
    expect(report.warnings).toEqual([
      'Not warmed: https://www.example.com/91: HTTP 404.',
      'Not warmed: https://www.example.com/92: HTTP 503.',
      'Not warmed: https://www.example.com/93: failed (ECONNRESET).'
    ])
    const slowest = report.section.body.split('Slowest:')[1]!.split('Not warmed')[0]!
    expect(slowest.match(/https:\/\/www\.example\.com\/\d+/g)).toEqual([
      'https://www.example.com/91',
      'https://www.example.com/93',
      'https://www.example.com/92',
      'https://www.example.com/90',
      'https://www.example.com/25'
    ])
    expect(report.section.body).toContain('the data centre nearest the runner')
  })

  it('warns about the first 20 URLs that did not warm, then counts the rest', () => {
    const done = Array.from({ length: 50 }, (_, i) =>
      warmed(i, { status: 500, headers: i === 0 ? { 'CF-Device-Type': 'mobile' } : {} })
    )
    const report = reportOf(done, 0, 100, { skipped: 0, overLimit: 0 }, 8)
    expect(report.warnings).toHaveLength(21)
    expect(report.warnings[0]).toBe(
      'Not warmed: https://www.example.com/0 {"CF-Device-Type":"mobile"}: HTTP 500.'
    )
    expect(report.warnings[20]).toBe('... and 30 more URL(s) not warmed (job summary).')
  })

  it('renders what came from outside as text', () => {
    const done = [
      warmed(1, {
        url: 'https://www.example.com/|<b>x</b>',
        status: undefined,
        error: '[a](https://evil) | # Heading'
      })
    ]
    const report = reportOf(done, 0, 1, { skipped: 0, overLimit: 0 }, 1)
    expect(renderGfm(renderSections([report.section], 3))).not.toMatch(MARKUP)
  })

  it('keeps only counts, the 5 slowest and the first 20 cold of 100,000 answers, as a sort of all would', () => {
    const tally = newWarmTally()
    const all: Warmed[] = []
    for (let i = 0; i < 100_000; i++) {
      // Times that repeat, so that ties are kept in the order answered, as a stable sort does.
      const w = warmed(i, { ms: (i * 7919) % 1000, status: i % 1000 === 3 ? 502 : 200 })
      all.push(w)
      tallyWarmed(tally, w)
    }
    expect(tally.slowest).toEqual([...all].sort((a, b) => b.ms - a.ms).slice(0, 5))
    expect(tally.cold).toEqual(all.filter((w) => w.status === 502).slice(0, 20))
    expect([tally.fetched, tally.failed, tally.coldCount]).toEqual([100_000, 0, 100])
    expect(tally.status).toEqual({ '2xx': 99_900, '5xx': 100 })
  })
})
