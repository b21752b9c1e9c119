/** The warming step: when it runs, what it skips, and that it never fails the step. */
import { describe, expect, it } from '@jest/globals'
import type { EdgeAnswer } from '../../src/edge/warm.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { planPurge } from '../../src/plan/plan.js'
import { nothingPurged } from '../../src/report/outputs.js'
import type { Report } from '../../src/report/report.js'
import { warmCache } from '../../src/steps/warm.js'
import { recordingLog } from '../__fixtures__/log.js'

const recorder = () => recordingLog({ debug: false })

const URLS = JSON.stringify([
  'https://www.example.com/a',
  'https://www.example.com/b',
  { url: 'https://www.example.com/a', headers: { 'CF-Device-Type': 'mobile' } }
])

const inputsFor = (overrides: Partial<RawInputs>) =>
  parseInputs({
    ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
    token: 'secret-token-value-1234567890',
    zone: '023e105f4ecef8ad9ca31a8372d0c353',
    urls: URLS,
    warm: 'true',
    ...overrides
  })

const succeeded = (inputs: ReturnType<typeof inputsFor>, extra: Partial<Report> = {}): Report => ({
  outputs: nothingPurged(planPurge(inputs), []),
  summary: { status: 'success', title: 'Cloudflare cache purged', scope: '', sections: [] },
  failure: undefined,
  ...extra
})

const warmWith = async (
  inputs: ReturnType<typeof inputsFor>,
  report: Report,
  answer: (url: string, headers: Record<string, string>) => Promise<EdgeAnswer>
) => {
  const { log, lines } = recorder()
  const asked: string[] = []
  const result = await warmCache(report, planPurge(inputs), inputs, {
    startedAt: performance.now(),
    userAgent: 'test',
    log,
    fetchEdge: (url, headers) => {
      asked.push(`${url} ${JSON.stringify(headers)}`)
      return answer(url, headers)
    }
  })
  return { result, lines, asked }
}

const ok = async (): Promise<EdgeAnswer> => ({ status: 200, cache: 'MISS' })

describe('warmCache', () => {
  it('fetches each purged cache key once, but those verify fetched', async () => {
    const inputs = inputsFor({})
    const report = succeeded(inputs, {
      edgeFetched: [{ url: 'https://www.example.com/a', headers: { 'cf-device-type': 'mobile' } }]
    })
    const { result, asked } = await warmWith(inputs, report, ok)
    expect(asked).toEqual(['https://www.example.com/a {}', 'https://www.example.com/b {}'])
    expect(JSON.parse(result.outputs.warmed)).toEqual(
      expect.objectContaining({ fetched: 2, skipped: 1 })
    )
    expect(result.summary.sections.at(-1)!.heading).toBe('Warmed the cache')
  })

  it('never fails the step, whatever the edge does', async () => {
    const inputs = inputsFor({})
    const { result, lines } = await warmWith(inputs, succeeded(inputs), async (url) => {
      if (url.endsWith('/b')) return { status: 500, cache: 'absent' }
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })
    })
    expect(result.failure).toBeUndefined()
    expect(result.summary.status).toBe('success')
    expect(lines.filter(([level]) => level === 'warning').map(([, m]) => m)).toEqual(
      expect.arrayContaining([
        'Not warmed: https://www.example.com/b: HTTP 500.',
        'Not warmed: https://www.example.com/a: failed (connect ECONNREFUSED).'
      ])
    )
  })

  it('warms nothing after a step that failed, in a dry run, or with warm off', async () => {
    const never = async (): Promise<EdgeAnswer> => {
      throw new Error('must not be called')
    }
    const inputs = inputsFor({})
    const failed = await warmWith(inputs, succeeded(inputs, { failure: 'stale' }), never)
    expect(failed.lines).toEqual([['info', 'Not warming the cache: the step did not succeed.']])
    const dry = await warmWith(inputsFor({ dry_run: 'true' }), succeeded(inputs), never)
    expect(dry.lines).toEqual([
      ['info', 'Dry run: would warm 3 URL(s) through Cloudflare after the purge.']
    ])
    const off = await warmWith(inputsFor({ warm: 'false' }), succeeded(inputs), never)
    expect(off.lines).toEqual([])
    expect(off.result.outputs.warmed).toBe('{}')
  })

  it('says so when the purge named no URL to warm', async () => {
    const inputs = inputsFor({ urls: '', tags: 'homepage' })
    const { lines, asked } = await warmWith(inputs, succeeded(inputs), ok)
    expect(asked).toEqual([])
    expect(lines).toEqual([['notice', expect.stringContaining('the purge named no URL to warm')]])
  })
})
