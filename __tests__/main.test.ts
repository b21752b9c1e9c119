/**
 * run() with @actions/core replaced by a recorder, to check the order of what it does: masking
 * first, outputs and the summary on every path, one titled error annotation for a failure.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import type { Emulator } from './__fixtures__/helpers.js'

const calls: [string, ...unknown[]][] = []
let inputs: Record<string, string> = {}
const record =
  (name: string) =>
  (...args: unknown[]) => {
    calls.push([name, ...args])
  }

jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string) => {
    calls.push(['getInput', name])
    return inputs[name] ?? ''
  },
  setSecret: record('setSecret'),
  setOutput: record('setOutput'),
  ExitCode: { Success: 0, Failure: 1 },
  info: record('info'),
  debug: record('debug'),
  warning: record('warning'),
  notice: record('notice'),
  error: record('error'),
  group: async (name: string, fn: () => Promise<unknown>) => {
    calls.push(['group', name])
    return fn()
  },
  summary: {
    addRaw(text: string) {
      calls.push(['summary', text])
      return this
    },
    write: async () => undefined
  }
}))

const { run } = await import('../src/main.js')

let api: Emulator
beforeAll(async () => {
  api = await startEmulator()
  process.env.GITHUB_STEP_SUMMARY = '/dev/null'
})
afterAll(() => api.close())
beforeEach(() => {
  calls.length = 0
  process.exitCode = undefined
})
// run() sets the exit code of a failed step; jest's own must not inherit it.
afterAll(() => {
  process.exitCode = undefined
})

const named = (name: string) => calls.filter((c) => c[0] === name)
const outputs = () => Object.fromEntries(named('setOutput').map(([, k, v]) => [k, v]))

describe('run', () => {
  it('masks the credentials before it reads any other input', async () => {
    inputs = {
      token: `  ${DEFAULT_TOKEN}  `,
      api_key: 'api-key-1\napi-key-2\nk',
      zone: DEFAULT_ZONE.id,
      tags: 'a',
      api_url: api.apiUrl
    }
    await run()
    const firstOther = calls.findIndex((c) => c[0] !== 'getInput' && c[0] !== 'setSecret')
    const secrets = named('setSecret').map((c) => c[1])
    expect(secrets).toEqual(
      expect.arrayContaining([DEFAULT_TOKEN, 'api-key-1\napi-key-2\nk', 'api-key-1', 'api-key-2'])
    )
    // A line too short to be a credential is masked only as part of the whole value.
    expect(secrets).not.toContain('k')
    expect(calls.findLastIndex((c) => c[0] === 'setSecret')).toBeLessThan(firstOther)
    const readBeforeMasking = calls
      .slice(
        0,
        calls.findLastIndex((c) => c[0] === 'setSecret')
      )
      .filter((c) => c[0] === 'getInput')
      .map((c) => c[1])
    expect(readBeforeMasking).toEqual(['token', 'api_key', 'github_token'])
  })

  it('sets the outputs and writes the summary on success', async () => {
    inputs = {
      token: DEFAULT_TOKEN,
      zone: 'example.com',
      urls: 'https://www.example.com/',
      api_url: api.apiUrl
    }
    await run()
    expect(named('error')).toEqual([])
    expect(process.exitCode).toBeUndefined()
    expect(outputs()).toMatchObject({
      zone_id: DEFAULT_ZONE.id,
      purged_count: '1',
      request_count: '1',
      error_codes: ''
    })
    expect(named('summary')[0]![1]).toContain('✅ Cloudflare cache purged')
    expect(named('group').map((c) => c[1])).toEqual([
      'Looking up zone example.com',
      'Sending purge requests'
    ])
  })

  it('fails once, with every bad input, and still sets the outputs and the summary', async () => {
    inputs = { token: DEFAULT_TOKEN, zone: 'nope', tags: 'a b', api_url: api.apiUrl }
    await run()
    expect(named('error')).toEqual([
      [
        'error',
        expect.stringMatching(/^Input "zone": "nope" .*\nInput "tags": "a b" /),
        { title: 'Invalid inputs' }
      ]
    ])
    expect(process.exitCode).toBe(1)
    expect(outputs()).toMatchObject({ purge_ids: '[]', error_codes: '' })
    expect(named('summary')[0]![1]).toContain('Inputs to fix')
  })

  it('fails before any request when a workflow still sets an input v1 removed', async () => {
    const requests = api.state.requests.length
    inputs = {
      token: DEFAULT_TOKEN,
      zone: DEFAULT_ZONE.id,
      api_url: api.apiUrl,
      tags: 'a',
      changed_since: 'last-success'
    }
    await run()
    expect(named('error')).toEqual([
      [
        'error',
        expect.stringContaining(
          'Input "changed_since": "last-success" was removed in v1 (see changed): write changed: last-success instead'
        ),
        { title: 'Invalid inputs' }
      ]
    ])
    expect(api.state.requests.length).toBe(requests)
    expect(process.exitCode).toBe(1)
  })
})
