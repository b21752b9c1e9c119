/**
 * publish() writes each output and each file on its own (issue 16, defect 6): one that cannot be
 * written is a warning naming it, and takes nothing else with it. @actions/core is a recorder
 * here, whose setOutput fails for the names a test says.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const calls: [string, ...unknown[]][] = []
let failing = new Set<string>()
let summaryFails = false
const record =
  (name: string) =>
  (...args: unknown[]) => {
    calls.push([name, ...args])
  }

jest.unstable_mockModule('@actions/core', () => ({
  setOutput: (name: string, value: string) => {
    if (failing.has(name)) throw new Error(`ENOSPC: no space left on device, write`)
    calls.push(['setOutput', name, value])
  },
  warning: record('warning'),
  error: record('error'),
  debug: record('debug'),
  summary: {
    addRaw(text: string) {
      calls.push(['summary', text])
      return this
    },
    write: async () => {
      if (summaryFails) throw new Error("Unable to access summary file: '/nope'")
    }
  }
}))

const { publish } = await import('../../src/runner/publish.js')
const { reportOutcome } = await import('../../src/report/outcome.js')
const { planOf, ZONE_ID } = await import('../__fixtures__/helpers.js')

const named = (name: string) => calls.filter((c) => c[0] === name)
const outputs = () => Object.fromEntries(named('setOutput').map(([, k, v]) => [k, v]))

/** A run that accepted 2,000 URLs and had 20,000 rejected: too many for the output. */
const report = (fullListPath: string) =>
  reportOutcome(
    planOf({ files: ['x'] }),
    ZONE_ID,
    {
      kinds: [
        {
          kind: 'files',
          total: 22_000,
          accepted: 2000,
          requests: 240,
          retries: 0,
          throttled: 0,
          batchSize: 100,
          ids: ['a'.repeat(32)],
          durationMs: 1000,
          stopped: undefined
        }
      ],
      ids: ['a'.repeat(32)],
      rejected: Array.from({ length: 20_000 }, (_, i) => ({
        kind: 'files' as const,
        item: `https://www.example.com/${i}/${'x'.repeat(60)}`,
        code: 1016,
        message: 'Invalid url'
      })),
      unpurged: [],
      failure: undefined,
      requests: 240,
      throttled: 0,
      waitedMs: 0,
      durationMs: 1000
    },
    { repository: 'acme/site', sha: 'abc', runUrl: undefined },
    fullListPath
  )

beforeEach(() => {
  calls.length = 0
  failing = new Set()
  summaryFails = false
  process.env.GITHUB_STEP_SUMMARY = '/dev/null'
  process.exitCode = undefined
})

describe('publish', () => {
  it('sets every output when the full list of items not purged cannot be written', async () => {
    const path = join(tmpdir(), 'no-such-runner-temp', 'rejected.json')
    const r = report(path)
    expect(r.outputs.not_purged_file).toBe(path)
    await publish(r, [])
    process.exitCode = undefined
    expect(outputs()).toMatchObject({
      purged_count: '2000',
      request_count: '240',
      zone_id: ZONE_ID
    })
    expect(Object.keys(outputs())).toHaveLength(11)
    // The file is not there: no output may name it.
    expect(outputs().not_purged_file).toBe('')
    expect(named('warning')).toEqual([
      [
        'warning',
        expect.stringMatching(new RegExp(`^Could not write the file ${path}: ENOENT`)),
        { title: 'Cloudflare purge' }
      ]
    ])
    expect(named('error')).toHaveLength(1)
    expect(named('summary')).toHaveLength(1)
  })

  it('writes the file, the other outputs, the annotation and the summary when some outputs fail', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'publish-')), 'rejected.json')
    failing = new Set(['purge_ids', 'zones'])
    summaryFails = true
    await publish(report(path), [])
    process.exitCode = undefined
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveLength(20_000)
    expect(Object.keys(outputs())).toHaveLength(9)
    expect(outputs()).toMatchObject({ purged_count: '2000', not_purged_file: path })
    expect(named('warning').map((w) => w[1])).toEqual([
      'Could not write the outputs purge_ids, zones: ENOSPC: no space left on device, write',
      "Could not write the job summary: Unable to access summary file: '/nope'"
    ])
    expect(named('error')).toEqual([
      ['error', expect.stringContaining('Cloudflare rejected 20,000 item(s)'), expect.anything()]
    ])
  })

  it('keeps the summary it writes under the cap, credentials taken out', async () => {
    const secret = 'x'.repeat(60)
    await publish(report(join(mkdtempSync(join(tmpdir(), 'publish-')), 'r.json')), [secret])
    process.exitCode = undefined
    const text = named('summary')[0]![1] as string
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1_000_000)
    expect(text).not.toContain(secret)
  })
})
