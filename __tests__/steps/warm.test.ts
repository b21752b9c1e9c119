/** The warming stage: when it runs, what it skips, and that it never fails the step. */
import { describe, expect, it } from '@jest/globals'
import { realClock } from '../../src/clock.js'
import { edgeKey, type EdgeAnswer } from '../../src/edge/warm.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { planPurge } from '../../src/plan/plan.js'
import { nothingPurged } from '../../src/report/outputs.js'
import { summaryText, type Report } from '../../src/report/report.js'
import { finalReport, type Run, type State } from '../../src/steps/stage.js'
import { warmStageWith } from '../../src/steps/warm.js'
import { recordingLog } from '../__fixtures__/log.js'

const URLS = [
  'https://www.example.com/a',
  'https://www.example.com/b',
  { url: 'https://www.example.com/a', headers: { 'CF-Device-Type': 'mobile' } }
]

const inputsFor = (overrides: Partial<RawInputs>) =>
  parseInputs({
    ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
    token: 'secret-token-value-1234567890',
    zone: '023e105f4ecef8ad9ca31a8372d0c353',
    urls: JSON.stringify(URLS),
    warm: 'true',
    ...overrides
  })

const succeeded = (inputs: ReturnType<typeof inputsFor>, extra: Partial<Report> = {}): Report => ({
  outputs: nothingPurged(planPurge(inputs), []),
  summary: { status: 'success', title: 'Cloudflare cache purged', scope: '', sections: [] },
  failure: undefined,
  ...extra
})

/** The state after a purge of URLS, with the report given. */
const stateOf = (
  inputs: ReturnType<typeof inputsFor>,
  report: Report,
  extra: Partial<State> = {}
): State => ({
  inputs,
  plan: planPurge(inputs),
  budgetFrom: realClock.now(),
  report,
  amendments: [],
  purged: {
    urls: URLS.map((item) => ({ item, purgedAt: Date.now() })),
    otherAt: undefined,
    seen: true,
    zones: []
  },
  ...extra
})

const warmWith = async (
  state: State,
  answer: (url: string, headers: Record<string, string>) => Promise<EdgeAnswer>
) => {
  const { log, lines } = recordingLog({ debug: false })
  const asked: string[] = []
  const run: Run = {
    ctx: { repository: '', sha: '', runUrl: undefined },
    userAgent: 'test',
    log,
    clock: realClock,
    signal: new AbortController().signal,
    startedAt: realClock.now(),
    changeEnv: () => {
      throw new Error('no change set here')
    }
  }
  const after = await warmStageWith((url, headers) => {
    asked.push(`${url} ${JSON.stringify(headers)}`)
    return answer(url, headers)
  })(run, state)
  return { result: finalReport(after)!, lines, asked }
}

const ok = async (): Promise<EdgeAnswer> => ({ status: 200, cache: 'MISS' })
const never = async (): Promise<EdgeAnswer> => {
  throw new Error('must not be called')
}

describe('the warming stage', () => {
  it('fetches each purged cache key once, but those verify fetched', async () => {
    const inputs = inputsFor({})
    const state = stateOf(inputs, succeeded(inputs), {
      fetched: new Set([edgeKey('https://www.example.com/a', { 'cf-device-type': 'mobile' })])
    })
    const { result, asked } = await warmWith(state, ok)
    expect(asked).toEqual(['https://www.example.com/a {}', 'https://www.example.com/b {}'])
    expect(JSON.parse(result.outputs.warmed)).toEqual(
      expect.objectContaining({ fetched: 2, skipped: 1 })
    )
    expect(result.summary.sections.at(-1)!.heading).toBe('Warmed the cache')
  })

  it('never fails the step, whatever the edge does', async () => {
    const inputs = inputsFor({})
    const { result, lines } = await warmWith(stateOf(inputs, succeeded(inputs)), async (url) => {
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

  it('warms nothing after a step that failed, or in a dry run', async () => {
    const inputs = inputsFor({})
    const failed = await warmWith(stateOf(inputs, succeeded(inputs, { failure: 'stale' })), never)
    expect(failed.lines).toEqual([['info', 'Not warming the cache: the step did not succeed.']])
    const dryInputs = inputsFor({ dry_run: 'true' })
    const dry = await warmWith(stateOf(dryInputs, succeeded(dryInputs)), never)
    expect(dry.lines).toEqual([
      ['info', 'Dry run: would warm 3 URL(s) through Cloudflare after the purge.']
    ])
  })

  it('warms nothing once the stage before failed the step (verify: fail found a stale page)', async () => {
    const inputs = inputsFor({})
    const state = stateOf(inputs, succeeded(inputs), {
      amendments: [{ failure: { message: 'stale', title: 'Stale at the edge', titled: 'stale' } }]
    })
    const { lines } = await warmWith(state, never)
    expect(lines).toEqual([['info', 'Not warming the cache: the step did not succeed.']])
  })

  it('warms nothing when the deploy was never seen live (wait_on_timeout: purge), and says why', async () => {
    const inputs = inputsFor({})
    const state = stateOf(inputs, succeeded(inputs), { unseenDeploy: true })
    const { lines, asked, result } = await warmWith(state, never)
    expect(asked).toEqual([])
    expect(lines).toEqual([
      ['notice', expect.stringContaining('the deploy was never seen live (wait_on_timeout: purge)')]
    ])
    // The summary says it too: warmed {} alone reads as warming off.
    expect(summaryText(result)).toContain(
      '### Not warmed\n\nNot warming the cache: the deploy was never seen live'
    )
  })

  it('warms nothing when only environments other than production were purged', async () => {
    const inputs = inputsFor({})
    const state = stateOf(inputs, succeeded(inputs), {
      purged: { urls: [], otherAt: undefined, seen: false, zones: [] }
    })
    const { lines, asked } = await warmWith(state, never)
    expect(asked).toEqual([])
    expect(lines).toEqual([
      ['notice', expect.stringContaining('only other environments were purged')]
    ])
  })

  it('says so when the purge named no URL to warm', async () => {
    const inputs = inputsFor({ urls: '', tags: 'homepage' })
    const state = stateOf(inputs, succeeded(inputs), {
      purged: { urls: [], otherAt: Date.now(), seen: true, zones: [] }
    })
    const { lines, asked } = await warmWith(state, ok)
    expect(asked).toEqual([])
    expect(lines).toEqual([['notice', expect.stringContaining('the purge named no URL to warm')]])
  })
})
