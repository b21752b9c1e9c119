/**
 * How the bundled action ends (issue 16, defects 4 to 6), run as the runner runs it against the
 * emulator: a job summary that must be cut to GitHub's 1 MiB, a step the runner cancels with
 * SIGTERM or SIGINT, and outputs or files that cannot all be written.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { range, type Emulator } from '../__fixtures__/helpers.js'
import { hostileApi, json, refusal } from '../__fixtures__/hostile.js'
import { SUMMARY_BYTES } from '../../src/report/report.js'

let api: Emulator | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const inputs = (more: Record<string, string>) => ({
  token: DEFAULT_TOKEN,
  zone: DEFAULT_ZONE.id,
  api_url: api!.apiUrl,
  ...more
})

/** A list file where from_file reads (RUNNER_TEMP, as runAction sets it). */
const listFile = (lines: string[]): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'lifecycle-')), 'urls.txt')
  writeFileSync(path, lines.join('\n'))
  return path
}

/** Resolves once `done` holds, looking every few ms: the emulator's log, not a fixed sleep. */
const until = async (done: () => boolean, what: string): Promise<void> => {
  for (let i = 0; !done(); i++) {
    if (i > 6000) throw new Error(`never happened: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const posts = () => api!.state.requests.filter((r) => r.method === 'POST').length

describe('the job summary stays under GitHub’s limit (dist/index.js)', () => {
  it('cuts what passes 1 MiB, never what was not purged: 1,000 unsent URLs of 3 KB', async () => {
    const urls = range(1000, (i) => `https://www.example.com/${i}/${'x'.repeat(3000)}`)
    // A 400 that names no item: the kind stops, and every URL is listed as not purged.
    api = await startEmulator({
      apiLimit: { requests: 100_000, windowS: 300 },
      rejectItem: () => ({ code: 1016, message: 'URL is not in this zone' })
    })
    const result = await runAction(inputs({ from_file: listFile(urls) }))
    expect(result.code).toBe(1)
    expect(result.outputs.purged_count).toBe('0')
    // 3 MB of rows before the cap: the summary keeps under it, and says where the rest is.
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(SUMMARY_BYTES)
    expect(result.summary).toContain('### ✂️ Shortened to fit')
    expect(result.summary).toContain(urls[1]!)
    expect(result.summary).toMatch(/left out to fit GitHub's 1 MiB limit on a job summary/)
    expect(result.stdout).toMatch(/::group::Not purged: [\d,]+ item\(s\)/)
  }, 120_000)
})

/**
 * A URL bucket that takes 200 URLs and then, on a clock that never moves, asks for a wait of
 * ten minutes: the action has sent 200 of 2,400 URLs and is waiting when the signal comes.
 */
const pacedZone = () =>
  startEmulator({
    clock: { now: () => 0 },
    limits: { urls: { rate: 100 / 600, burst: 200 }, maxFiles: 100, maxItems: 100, legacyId: 'pro' }
  })

const URLS = range(2400, (i) => `https://www.example.com/page/${i}`)

describe('a cancelled step says what was and was not purged (dist/index.js)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s after 200 of 2,400 URLs: stops sending, writes outputs, summary and annotation, exits non-zero',
    async (signal) => {
      api = await pacedZone()
      let child: ChildProcess | undefined
      const running = runAction(inputs({ from_file: listFile(URLS), timeout: '3600' }), {
        onSpawn: (c) => (child = c)
      })
      await until(() => api!.acceptedItems('files').length >= 200, '200 URLs accepted')
      await until(() => api!.state.throttled > 0, 'the bucket ran dry')
      child!.kill(signal)
      const result = await running

      expect(result.code).toBe(1)
      // Two accepted and the one or two the empty bucket refused; then a wait of ten minutes.
      expect(posts()).toBeLessThanOrEqual(4)
      expect(result.outputs.purged_count).toBe('200')
      expect(JSON.parse(result.outputs.zones!)).toEqual([
        expect.objectContaining({ zone_id: DEFAULT_ZONE.id, purged_count: 200 })
      ])
      expect(result.stdout).toContain(`Received ${signal}: cancelling.`)
      const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error'))
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `^::error title=Cloudflare purge cancelled::The step was cancelled \\(${signal}\\) after [\\d.]+ s: no purge request was sent after it%0APurged 200 of 2,400 item\\(s\\), not purged 2,200 \\(listed in the job summary and the log\\); each item not purged is in the not_purged output with its reason\\.$`
          )
        )
      ])
      const notPurged = JSON.parse(result.outputs.not_purged!) as { reason: string }[]
      expect(notPurged).toHaveLength(2200)
      expect(new Set(notPurged.map((e) => e.reason))).toEqual(new Set(['cancelled']))
      expect(result.summary).toContain('## ❌ Cloudflare cache purge cancelled')
      expect(result.summary).toContain('<summary>2,200 item(s) not purged</summary>')
      // The first thousand in the summary, then where the rest is.
      expect(result.summary).toContain('- URLs: `https://www.example.com/page/1199`')
      expect(result.summary).toContain(
        '... and 1,200 more, all of them in the not_purged output and the log (group "Not purged").'
      )
      expect(result.stdout).toContain('::group::Not purged: 2,200 item(s)')
      expect(result.stdout).toContain('\nURLs https://www.example.com/page/2399\n')
    },
    60_000
  )

  it('on SIGTERM during the token check, reports the refusal at once: outputs, summary, annotation', async () => {
    // The zone reads, the purge is refused with 10000, and the token check never answers.
    const server = await hostileApi((req, res) => {
      if (req.url!.endsWith('/tokens/verify')) return
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
      let child: ChildProcess | undefined
      const running = runAction(
        { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: server.apiUrl, tags: 'home' },
        { onSpawn: (c) => (child = c) }
      )
      await until(
        () => server.requests.some((r) => r.path.endsWith('/tokens/verify')),
        'the token check is asked'
      )
      child!.kill('SIGTERM')
      const result = await running
      expect(result.signal).toBeNull()
      expect(result.code).toBe(1)
      expect(result.outputs.error_codes).toBe('10000')
      expect(result.summary).toContain('## ❌ Cloudflare cache purge failed')
      expect(result.stdout).toMatch(
        /^::error title=Cloudflare API error::Cloudflare API error 10000: Authentication error \(HTTP 403\)\. The step was cancelled \(SIGTERM\) during the token check/m
      )
    } finally {
      await server.close()
    }
  }, 60_000)

  it('abandons a request that hangs after a second of grace, and counts its URLs as not purged', async () => {
    api = await startEmulator({ latencyMs: 300 })
    let child: ChildProcess | undefined
    const running = runAction(inputs({ from_file: listFile(URLS), timeout: '3600' }), {
      onSpawn: (c) => (child = c)
    })
    await until(() => api!.acceptedItems('files').length >= 200, '200 URLs accepted')
    api.setFaults([{ kind: 'hang' }])
    await until(() => api!.state.faulted > 0, 'a request hangs')
    child!.kill('SIGINT')
    const result = await running

    expect(result.code).toBe(1)
    const accepted = api.acceptedItems('files').length
    const purged = Number(result.outputs.purged_count)
    expect(purged).toBeGreaterThanOrEqual(200)
    expect(purged).toBeLessThanOrEqual(accepted)
    expect(result.stdout).toMatch(
      /Stopped waiting for \d request\(s\) in flight: their items are counted as not purged/
    )
    expect(result.stdout).toMatch(/request\(s\) still in flight were abandoned unanswered/)
    expect(result.summary).toContain(
      `${(2400 - purged).toLocaleString('en-US')} item(s) not purged`
    )
  }, 60_000)

  it('hands a slow reader its whole log before a cancelled step ends', async () => {
    api = await startEmulator({ latencyMs: 300 })
    // ~220 KB of "Not purged" lines: more than a pipe holds, so most of it waits in the step.
    const urls = range(6000, (i) => `https://www.example.com/page/${i}`)
    let child: ChildProcess | undefined
    const running = runAction(inputs({ from_file: listFile(urls), timeout: '3600' }), {
      onSpawn: (c) => {
        child = c
        // A runner that reads slowly: once the list begins, nothing is read until the step
        // has ended, or for a second at most.
        let log = ''
        c.stdout?.on('data', (chunk: Buffer) => {
          if (log.includes('::group::Not purged')) return
          log += chunk.toString()
          if (!log.includes('::group::Not purged')) return
          c.stdout?.pause()
          const resume = () => c.stdout?.resume()
          c.once('exit', resume)
          setTimeout(resume, 1000)
        })
      }
    })
    await until(() => api!.acceptedItems('files').length >= 200, '200 URLs accepted')
    api.setFaults([{ kind: 'hang' }])
    await until(() => api!.state.faulted > 0, 'a request hangs')
    child!.kill('SIGINT')
    const result = await running

    expect(result.code).toBe(1)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).toContain('URLs https://www.example.com/page/5999')
    expect(lines.at(-1)).toMatch(/^::error title=.*::The step was cancelled \(SIGINT\)/)
  }, 60_000)

  it('exits at once on a second signal, even while the summary is being written', async () => {
    api = await pacedZone()
    // A named pipe nobody reads: writing the summary blocks until the process is ended.
    const fifo = join(mkdtempSync(join(tmpdir(), 'lifecycle-')), 'summary')
    execFileSync('mkfifo', [fifo])
    let child: ChildProcess | undefined
    let stdout = ''
    const running = runAction(inputs({ from_file: listFile(URLS), timeout: '3600' }), {
      env: { GITHUB_STEP_SUMMARY: fifo },
      onSpawn: (c) => {
        child = c
        c.stdout!.on('data', (chunk) => (stdout += chunk))
      }
    })
    await until(() => api!.state.throttled > 0, 'the bucket ran dry')
    child!.kill('SIGINT')
    await until(
      () => stdout.includes('::error title=Cloudflare purge cancelled::'),
      'the annotation'
    )
    child!.kill('SIGTERM')
    const result = await running

    // Ended by the second signal itself, as a process without a handler is.
    expect(result.code).toBeNull()
    expect(result.signal).toBe('SIGTERM')
    expect(result.outputs.purged_count).toBe('200')
  }, 60_000)
})

describe('one failed write takes nothing else with it (dist/index.js)', () => {
  it('sets every output though the full list of rejected items cannot be written', async () => {
    const good = range(2000, (i) => `https://www.example.com/ok/${i}`)
    const bad = range(1600, (i) => `https://www.example.com/refused/${i}/${'r'.repeat(230)}`)
    api = await startEmulator({
      apiLimit: { requests: 100_000, windowS: 300 },
      rejectItem: (_kind, item) =>
        String(item).includes('/refused/')
          ? { code: 1016, message: `URL ${String(item)} is not in this zone` }
          : undefined
    })
    const result = await runAction(inputs({ from_file: listFile([...good, ...bad]) }), {
      // A RUNNER_TEMP that is not there: the full list of items not purged has nowhere to go.
      env: { RUNNER_TEMP: join(tmpdir(), 'no-such-runner-temp', 'deeper') },
      cwd: tmpdir()
    })

    expect(result.code).toBe(1)
    expect(result.outputs.purged_count).toBe('2000')
    expect(result.outputs.request_count).not.toBe('')
    expect(result.outputs.error_codes).toBe('1016')
    const kept = JSON.parse(result.outputs.not_purged!) as unknown[]
    expect(kept.length).toBeGreaterThan(100)
    expect(kept.length).toBeLessThan(1600)
    // The file was not written, so no output names it.
    expect(result.outputs.not_purged_file).toBe('')
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('::warning'))
    expect(warnings).toEqual([
      expect.stringMatching(
        /^::warning title=Cloudflare purge::Could not write the file .*no-such-runner-temp.*cloudflare-purge-not-purged-.*\.json: ENOENT/
      )
    ])
    expect(result.stdout).toContain('::error title=Cloudflare did not purge everything::')
    expect(result.summary).toContain('1,600 item(s) Cloudflare rejected')
  }, 120_000)
})
