/** The gate step: what it waits for, what it says, and what it leaves for the rest of the run. */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import type { Clock } from '../../src/clock.js'
import { InputError } from '../../src/errors.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { amend } from '../../src/report/amend.js'
import { reportDryRun } from '../../src/report/dry-run.js'
import { waitForDeploy } from '../../src/steps/gate.js'
import { planPurge } from '../../src/plan/plan.js'
import { hostileApi, trap, type Hostile, type Trap } from '../__fixtures__/hostile.js'
import { recordingLog } from '../__fixtures__/log.js'

const SHA = '5f0c6e1b2a3d4c5e6f708192a3b4c5d6e7f80912'
const context = { repository: 'acme/site', sha: SHA, runUrl: undefined }

const recorder = () => recordingLog({ debug: false })

/** Waits pass at once; the polls themselves are real HTTP. */
const skippingClock = (): Clock => {
  let t = 0
  return { now: () => t, sleep: async (ms) => void (t += ms) }
}

let origin: Hostile | undefined
let target: Trap | undefined
afterEach(async () => {
  await origin?.close()
  await target?.close()
  origin = target = undefined
})
const serve = async (answer: (res: ServerResponse) => void) => {
  origin = await hostileApi((_req, res) => answer(res))
  return origin.apiUrl.replace('/client/v4', '/version.json')
}

const inputsFor = (overrides: Partial<RawInputs>) =>
  parseInputs({
    ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
    token: 'secret-token-value-1234567890',
    zone: '023e105f4ecef8ad9ca31a8372d0c353',
    urls: 'https://www.example.com/',
    ...overrides
  })

describe('waitForDeploy', () => {
  it('waits for the first 7 characters of the commit, in either case, in a header too', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'x-release': `build ${SHA.slice(0, 7).toUpperCase()}` })
      res.end('{}')
    })
    const { log, lines } = recorder()
    const gate = await waitForDeploy(inputsFor({ wait_for_url: url }), context, {
      userAgent: 'test',
      log,
      clock: skippingClock()
    })
    expect(gate.stop).toBeUndefined()
    expect(lines).toEqual([
      ['group', `Waiting for ${url} to show "5f0c6e1" (up to 600 s)`],
      ['info', `Live: ${url} shows "5f0c6e1" in the x-release header after 0 s (poll 1)`],
      ['info', 'The deploy is live: every URL shows "5f0c6e1" after 0 s.']
    ])
    const plan = planPurge(inputsFor({}))
    const report = amend(reportDryRun(plan, [], context), gate.amendment)
    expect(report.summary.sections[0]!.heading).toBe('Waited for the deploy')
    expect(gate.unseen).toBe(false)
  })

  it('fails naming the URL and what it last showed, once per change in the log, purging nothing', async () => {
    const url = await serve((res) => res.end('{"version": "v41"}'))
    const { log, lines } = recorder()
    const gate = await waitForDeploy(
      inputsFor({ wait_for_url: url, wait_timeout: '30' }),
      context,
      { userAgent: 'test', log, clock: skippingClock() }
    )
    expect(lines.filter(([level, m]) => level === 'info' && m.startsWith('Waiting for '))).toEqual([
      ['info', `Waiting for ${url}: HTTP 200 "{"version": "v41"}" (poll 1)`]
    ])
    expect(gate.stop?.failure).toMatch(
      new RegExp(
        `^The deploy is not live after 30 s: not showing "5f0c6e1": ${url.replace(/[./]/g, '\\$&')} last showed HTTP 200 "\\{"version": "v41"\\}" after 7 poll\\(s\\)\\. Nothing was purged`
      )
    )
    expect(gate.stop?.title).toBe('Deploy not live')
    expect(gate.stop?.outputs.request_count).toBe('0')
  })

  it('with wait_on_timeout: purge, warns and lets the purge go on', async () => {
    const url = await serve((res) => res.end('old'))
    const { log, lines } = recorder()
    const gate = await waitForDeploy(
      inputsFor({ wait_for_url: url, wait_timeout: '5', wait_on_timeout: 'purge' }),
      context,
      { userAgent: 'test', log, clock: skippingClock() }
    )
    expect(gate.stop).toBeUndefined()
    expect(lines.filter(([level]) => level === 'warning')).toEqual([
      ['warning', expect.stringContaining(`${url} last showed HTTP 200 "old"`)]
    ])
    expect(gate.waitedMs).toBe(5000)
    // Never seen live: the run warns, and warming will not cache what the origin served.
    expect(gate.unseen).toBe(true)
    expect(gate.amendment.warning).toBe(true)
  })

  it('takes wait_for as given, and needs it when the run has no commit', async () => {
    const url = await serve((res) => res.end('release 2.0'))
    const { log } = recorder()
    const given = await waitForDeploy(
      inputsFor({ wait_for_url: url, wait_for: 'release 2.0' }),
      { ...context, sha: '' },
      { userAgent: 'test', log, clock: skippingClock() }
    )
    expect(given.stop).toBeUndefined()
    await expect(
      waitForDeploy(
        inputsFor({ wait_for_url: url }),
        { ...context, sha: '' },
        { userAgent: 't', log }
      )
    ).rejects.toThrow(InputError)
  })

  it('does not follow a redirect off the origin named: the log, the failure and the summary name its target', async () => {
    target = await trap()
    const to = `http://169.254.169.254/latest/meta-data/iam/`
    origin = await hostileApi((req, res) => {
      res.writeHead(302, {
        location: req.url!.startsWith('/local') ? `http://0x7f.1:${target!.port}/` : to
      })
      res.end()
    })
    const base = origin.apiUrl.replace('/client/v4', '')
    const { log, lines } = recorder()
    const gate = await waitForDeploy(
      inputsFor({ wait_for_url: `${base}/v.json\n${base}/local`, wait_timeout: '5' }),
      context,
      { userAgent: 'test', log, clock: skippingClock() }
    )
    const advice =
      'not followed (a redirect is followed only within the origin named; to wait for what its target serves, name that URL in wait_for_url)'
    const local = `http://127.0.0.1:${target.port}/`
    expect(lines.filter(([, m]) => m.startsWith('Waiting for http'))).toEqual([
      [
        'info',
        `Waiting for ${base}/v.json: HTTP 302, a redirect to "${to}", which points to a link-local host (where clouds serve instance metadata): ${advice} (poll 1)`
      ],
      [
        'info',
        `Waiting for ${base}/local: HTTP 302, a redirect to "${local}", which is on another origin (scheme, host or port) than the URL named: ${advice} (poll 1)`
      ]
    ])
    expect(gate.stop?.failure).toContain(
      `${base}/v.json last showed HTTP 302, a redirect to "${to}"`
    )
    expect(gate.stop?.failure).toContain(
      `${base}/local last showed HTTP 302, a redirect to "${local}"`
    )
    const summary = gate.stop!.summary.sections[0]!.body
    expect(summary).toContain(`redirecting to \`${to}\``)
    expect(summary).toContain(`redirecting to \`${local}\``)
    expect(summary).toContain('name that URL in `wait_for_url`')
    expect(target.connections).toBe(0)
  })

  it('resolves names on the connection, and polls a name the user gave whatever its address', async () => {
    const url = await serve((res) => res.end(`build ${SHA}`))
    const named = url.replace('127.0.0.1', 'origin.site.example')
    const asked: string[] = []
    const { log } = recorder()
    const gate = await waitForDeploy(inputsFor({ wait_for_url: named }), context, {
      userAgent: 'test',
      log,
      clock: skippingClock(),
      resolve: async (hostname) => {
        asked.push(hostname)
        return [{ address: '127.0.0.1', family: 4 }]
      }
    })
    expect(gate.stop).toBeUndefined()
    expect(asked).toEqual(['origin.site.example'])
  })
})
