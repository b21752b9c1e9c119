/**
 * The purge stage on its own, against the emulator over real HTTP: what it sends, what it leaves
 * for the checks after it, what it reads of each zone, and a cancel before any request.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  ACCOUNT,
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  OTHER_ZONE,
  PURGE_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import { realClock } from '../../src/clock.js'
import { CancelledError } from '../../src/errors.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { planPurge } from '../../src/plan/plan.js'
import { purgeStage } from '../../src/steps/purge.js'
import type { Run, State } from '../../src/steps/stage.js'
import type { Emulator } from '../__fixtures__/helpers.js'
import { hostileApi, json, refusal } from '../__fixtures__/hostile.js'
import { recordingLog } from '../__fixtures__/log.js'

let api: Emulator | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const stateFor = (overrides: Partial<RawInputs>): State => {
  const inputs = parseInputs({
    ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
    token: DEFAULT_TOKEN,
    zone: DEFAULT_ZONE.id,
    api_url: api?.apiUrl ?? '',
    ...overrides
  })
  return { inputs, plan: planPurge(inputs), budgetFrom: realClock.now(), amendments: [] }
}

const runWith = (signal = new AbortController().signal) => {
  const recorded = recordingLog({ debug: false })
  const run: Run = {
    ctx: { repository: '', sha: '', runUrl: undefined },
    userAgent: 'test',
    log: recorded.log,
    clock: realClock,
    signal,
    startedAt: realClock.now(),
    changeEnv: () => {
      throw new Error('no change set here')
    }
  }
  return { run, lines: recorded.lines }
}

const URLS = ['https://www.example.com/', 'https://www.example.com/pricing']

describe('the purge stage', () => {
  it('purges, and leaves each accepted URL and when for verify and warming', async () => {
    api = await startEmulator()
    const before = Date.now()
    const { run } = runWith()
    const state = await purgeStage(run, stateFor({ urls: URLS.join('\n'), tags: 'home' }))
    expect(state.report!.failure).toBeUndefined()
    expect(state.report!.outputs.purged_count).toBe('3')
    expect(state.purged!.seen).toBe(true)
    expect(state.purged!.urls.map((u) => u.item)).toEqual(URLS)
    for (const { purgedAt } of state.purged!.urls) expect(purgedAt).toBeGreaterThanOrEqual(before)
    expect(state.purged!.otherAt).toBeGreaterThanOrEqual(before)
  })

  it('reads the zone given by ID: its plan sets the batch, its name names a URL outside it', async () => {
    // The emulator's plan is Enterprise: 500 URLs a request.
    api = await startEmulator()
    const urls = Array.from({ length: 600 }, (_, i) => `https://www.example.com/${i}`)
    const { run, lines } = runWith()
    const state = await purgeStage(
      run,
      stateFor({ urls: JSON.stringify([...urls, 'https://www.other.org/x']) })
    )
    expect(state.report!.failure).toBeUndefined()
    expect(api.state.requests[0]).toMatchObject({
      method: 'GET',
      path: `/client/v4/zones/${DEFAULT_ZONE.id}`
    })
    expect(api.state.accepted.map((a) => a.items.length)).toEqual([500, 101])
    expect(lines).toContainEqual([
      'warning',
      expect.stringContaining(
        'https://www.other.org/x (host www.other.org) is not in zone example.com: Cloudflare cannot purge it there'
      )
    ])
  })

  it('purges a zone whose name the token may not read, and says in one line that the check was skipped', async () => {
    api = await startEmulator()
    const { run, lines } = runWith()
    const state = await purgeStage(
      run,
      stateFor({ token: PURGE_ONLY_TOKEN, urls: 'https://www.other.org/x' })
    )
    expect(state.report!.failure).toBeUndefined()
    expect(api.acceptedItems('files')).toEqual(['https://www.other.org/x'])
    expect(lines.filter(([level]) => level === 'warning')).toEqual([])
    expect(lines).toContainEqual([
      'info',
      expect.stringMatching(
        /^Zone 023e105f4ecef8ad9ca31a8372d0c353: its name cannot be read \(.*\), so a URL outside it cannot be told; the token needs Zone Read for that check\.$/
      )
    ])
    // Nobody asked the token check: the lookup was a question, not a failure.
    expect(api.state.requests.some((r) => r.path.includes('/tokens/verify'))).toBe(false)
  })

  it('says of a zone ID Cloudflare does not know that the purge will say so, not that Zone Read is missing', async () => {
    api = await startEmulator()
    const { run, lines } = runWith()
    const state = await purgeStage(
      run,
      stateFor({ zone: '0123456789abcdef0123456789abcdef', urls: 'https://www.example.org/' })
    )
    expect(state.report!.failure).toContain('7003')
    expect(lines).toContainEqual([
      'info',
      expect.stringMatching(
        /^Zone 0123456789abcdef0123456789abcdef: its name cannot be read \(.*7003.*\), so a URL outside it cannot be told; Cloudflare knows no zone by this ID, and the purge will say so\.$/
      )
    ])
  })

  it("explains an account token's refusal with its account's token check, learnt from the zone", async () => {
    const cfat = `cfat_${'n'.repeat(40)}`
    api = await startEmulator({
      tokens: [
        { token: cfat, account: ACCOUNT.id, purge: false },
        { token: `${cfat}x`, account: ACCOUNT.id, purge: false, zoneRead: false }
      ]
    })
    const verifies = () =>
      api!.state.requests.filter((r) => r.path.includes('/tokens/verify')).map((r) => r.path)
    const known = await purgeStage(runWith().run, stateFor({ token: cfat, tags: 'home' }))
    expect(known.report!.failure).toContain(
      'Token check: the token is valid and active, so it lacks a permission: give it "Cache Purge"'
    )
    expect(verifies()).toEqual([`/client/v4/accounts/${ACCOUNT.id}/tokens/verify`])
    api.state.requests.length = 0
    // A token that cannot read the zone: no account, so no check, and where to look instead.
    const unknown = await purgeStage(runWith().run, stateFor({ token: `${cfat}x`, tags: 'home' }))
    expect(unknown.report!.failure).toContain(
      'Check in the dashboard (Manage Account > API Tokens)'
    )
    expect(unknown.report!.failure).not.toContain('does not know this token')
    expect(verifies()).toEqual([])
  })

  it('purges an environment other than production, which the edge does not show', async () => {
    api = await startEmulator()
    const staging = DEFAULT_ZONE.environments.find((e) => e.name === 'Staging')!
    const { run } = runWith()
    const state = await purgeStage(run, stateFor({ environment: staging.ref, urls: URLS[0]! }))
    expect(state.report!.failure).toBeUndefined()
    expect(state.purged).toEqual({ urls: [], otherAt: undefined, seen: false, zones: [] })
  })

  it('routes each URL to its zone among several', async () => {
    api = await startEmulator()
    const { run } = runWith()
    const state = await purgeStage(
      run,
      stateFor({
        zone: `${DEFAULT_ZONE.id}\n${OTHER_ZONE.id}`,
        urls: 'https://www.example.com/\nhttps://www.example.net/'
      })
    )
    expect(state.report!.failure).toBeUndefined()
    expect(api.state.accepted.map((a) => [a.zone, a.items])).toEqual(
      expect.arrayContaining([
        [DEFAULT_ZONE.id, ['https://www.example.com/']],
        [OTHER_ZONE.id, ['https://www.example.net/']]
      ])
    )
  })

  it('in a dry run, sends nothing and reports what it would send', async () => {
    api = await startEmulator()
    const { run } = runWith()
    const state = await purgeStage(run, stateFor({ urls: URLS.join('\n'), dry_run: 'true' }))
    expect(api.state.requests).toEqual([])
    expect(state.report!.summary.status).toBe('dry-run')
    expect(state.purged).toBeUndefined()
  })

  it('reports a refused token at once when cancelled during the token check', async () => {
    // The zone reads, the purge is refused with 10000, and the token check never answers.
    let checking: () => void = () => undefined
    const asked = new Promise<void>((resolve) => (checking = resolve))
    const server = await hostileApi((req, res) => {
      if (req.url!.endsWith('/tokens/verify')) return checking()
      if (req.method === 'GET')
        return json(res, 200, {
          success: true,
          errors: [],
          messages: [],
          result: { id: DEFAULT_ZONE.id, name: 'example.com', status: 'active' }
        })
      json(res, 403, refusal(10000, 'Authentication error'))
    })
    try {
      const cancel = new AbortController()
      const { run } = runWith(cancel.signal)
      const purging = purgeStage(run, stateFor({ api_url: server.apiUrl, tags: 'home' }))
      await asked
      cancel.abort(new CancelledError('SIGTERM'))
      const state = await purging
      expect(state.report!.failure).toContain(
        'Cloudflare API error 10000: Authentication error (HTTP 403). The step was cancelled (SIGTERM) during the token check, so it could not say why Cloudflare refused the token.'
      )
      expect(state.report!.outputs.error_codes).toBe('10000')
    } finally {
      await server.close()
    }
  })

  it('cancelled before the lookups answer, says nothing was purged', async () => {
    api = await startEmulator({ latencyMs: 2000 })
    const cancel = new AbortController()
    const { run } = runWith(cancel.signal)
    const purging = purgeStage(run, stateFor({ urls: URLS.join('\n') }))
    cancel.abort(new CancelledError('SIGTERM'))
    await expect(purging).rejects.toThrow(
      'The step was cancelled (SIGTERM) before any purge request was sent: nothing was purged'
    )
    expect(api.state.accepted).toEqual([])
  })
})
