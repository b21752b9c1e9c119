/**
 * The deploy gate, run from dist/index.js the way the runner does, against the emulator playing
 * an origin in the middle of a deploy. The origin switches on the emulator's clock, which the
 * test moves by hand once the action has polled the old version: no assertion depends on how fast
 * the machine runs, and "no purge before the switch" is checked at the moment of the switch.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { ACTION, runAction } from '../../scripts/run-action.js'
import { BUST_PARAM } from '../../src/edge/gate.js'
import { hostileApi, trap, type Hostile, type Trap } from '../__fixtures__/hostile.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const SHA = '5f0c6e1b2a3d4c5e6f708192a3b4c5d6e7f80912'
const OLD = 'v41-0d1e2f3'
const URLS = 'https://www.example.com/\nhttps://www.example.com/pricing'

/** The emulator's time, moved only by the test. */
const handClock = () => ({
  t: 0,
  now() {
    return this.t
  }
})

let api: Emulator | undefined
let hostile: Hostile | undefined
let target: Trap | undefined
afterEach(async () => {
  await api?.close()
  await hostile?.close()
  await target?.close()
  api = hostile = target = undefined
})

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction(
    { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: api!.apiUrl, urls: URLS, ...inputs },
    { env: { GITHUB_SHA: SHA, ...env } }
  )

/** Resolves once `ready` holds; the action polls in real time, so this waits for it to. */
const until = async (ready: () => boolean): Promise<void> => {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 20))
}

const purges = () => api!.state.requests.filter((r) => r.method === 'POST')

describe('the deploy gate (dist/index.js)', () => {
  it('sends no purge request until the origin serves the run’s commit, then purges', async () => {
    const clock = handClock()
    api = await startEmulator({ clock, origin: { before: OLD, after: SHA, switchAfterMs: 60_000 } })
    const origin = api.origin!
    const running = run({
      wait_for_url: `${api.url}/origin/version.json`,
      // Shorter than the wait: the wait is not counted in it.
      timeout: '2'
    })
    await until(() => origin.requests.length >= 3)
    // The moment of the switch: three polls saw the old version, and nothing went to the API.
    expect(api.state.requests).toEqual([])
    clock.t = origin.switchAt!
    const result = await running
    expect(result.code).toBe(0)
    expect(purges()).toHaveLength(1)
    expect(purges()[0]!.at).toBeGreaterThanOrEqual(origin.switchAt!)
    expect(api.acceptedItems('files')).toHaveLength(2)
    const polls = origin.requests
    expect(polls.map((p) => p.version)).toEqual([...polls.slice(1).map(() => OLD), SHA])
    // Caches bypassed: each poll asks for a URL no cache has seen, with no-cache.
    expect(new Set(polls.map((p) => p.path)).size).toBe(polls.length)
    for (const p of polls) {
      expect(p.path).toMatch(new RegExp(`^/origin/version\\.json\\?${BUST_PARAM}=`))
      expect(p.headers['cache-control']).toBe('no-cache')
    }
    // Once per change: one line for the old version however many polls saw it, one for the new.
    const lines = result.stdout.split('\n')
    expect(lines.filter((l) => l.includes(OLD))).toEqual([
      `Waiting for ${api.url}/origin/version.json: HTTP 200 "{"version":"${OLD}"}" (poll 1)`
    ])
    const live = lines.filter((l) => l.startsWith('Live: '))
    expect(live).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Live: ${api.url.replace(/[./]/g, '\\$&')}/origin/version\\.json shows "5f0c6e1" in the body after [\\d.]+ s \\(poll ${polls.length}\\)$`
        )
      )
    ])
    expect(result.summary).toContain('### Waited for the deploy')
    expect(result.summary).toMatch(
      new RegExp(
        `\\| \`${api.url}/origin/version\\.json\` \\| ✅ shows it in the body \\| [\\d.]+ s \\| ${polls.length} \\|`
      )
    )
    expect(result.summary).toContain('## ✅ Cloudflare cache purged')
  }, 60_000)

  it('reads the sitemap only once the deploy is live, so that its new pages are purged', async () => {
    const clock = handClock()
    api = await startEmulator({ clock, origin: { before: OLD, after: SHA, switchAfterMs: 60_000 } })
    const origin = api.origin!
    hostile = await hostileApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' })
      res.end(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.example.com/new-page</loc></url></urlset>'
      )
    })
    const running = run({
      urls: '',
      sitemap: hostile.apiUrl.replace('/client/v4', '/sitemap.xml'),
      wait_for_url: `${api.url}/origin/version.json`
    })
    await until(() => origin.requests.length >= 2)
    expect(hostile.requests).toEqual([])
    clock.t = origin.switchAt!
    const result = await running
    expect(result.code).toBe(0)
    expect(hostile.requests).toHaveLength(1)
    expect(api.acceptedItems('files')).toEqual(['https://www.example.com/new-page'])
  }, 60_000)

  it('with an origin that never switches and wait_timeout: 3, fails naming the URL and purges nothing', async () => {
    api = await startEmulator({ origin: { before: OLD, after: SHA, switchAfterMs: Infinity } })
    const url = `${api.url}/origin/version.json`
    const result = await run({ wait_for_url: url, wait_timeout: '3' })
    expect(result.code).toBe(1)
    expect(api.state.requests).toEqual([])
    expect(api.origin!.requests.length).toBeGreaterThanOrEqual(2)
    expect(result.stdout).toContain(
      `::error title=Deploy not live::The deploy is not live after 3 s: not showing "5f0c6e1": ${url} last showed HTTP 200 "{"version":"${OLD}"}" after ${api.origin!.requests.length} poll(s). Nothing was purged`
    )
    expect(result.outputs.purged_count).toBe('0')
    expect(result.outputs.request_count).toBe('0')
    expect(result.summary).toContain('## ❌ Cloudflare cache not purged: the deploy is not live')
    expect(result.summary).toContain(`| \`${url}\` | ❌ not yet | 3 s |`)
  }, 60_000)

  it('with wait_on_timeout: purge, purges anyway with a warning', async () => {
    api = await startEmulator({ origin: { before: OLD, after: SHA, switchAfterMs: Infinity } })
    const url = `${api.url}/origin/version.json`
    const result = await run({ wait_for_url: url, wait_timeout: '3', wait_on_timeout: 'purge' })
    expect(result.code).toBe(0)
    expect(purges()).toHaveLength(1)
    expect(result.stdout).toMatch(
      new RegExp(
        `::warning title=Deploy not live::The deploy is not live after 3 s: .*${url.replace(/[./]/g, '\\$&')} last showed .* Purging anyway \\(wait_on_timeout: purge\\)\\.`
      )
    )
    expect(result.summary).toContain('## ⚠️ Cloudflare cache purged')
    expect(result.summary).toContain('### Waited for the deploy')
  }, 60_000)

  it('waits in a dry run too, reading only, and takes wait_for as given', async () => {
    api = await startEmulator({ origin: { before: OLD, after: 'build 42', switchAfterMs: 0 } })
    const result = await run({
      wait_for_url: `${api.url}/origin/version.json`,
      wait_for: 'build 42',
      dry_run: 'true'
    })
    expect(result.code).toBe(0)
    expect(api.origin!.requests).toHaveLength(1)
    expect(api.state.requests).toEqual([])
    expect(result.stdout).toContain('The deploy is live: every URL shows "build 42"')
    expect(result.summary).toContain('### Waited for the deploy')
  }, 30_000)

  it('cannot hang past wait_timeout on an origin that never answers', async () => {
    api = await startEmulator()
    hostile = await hostileApi(() => undefined)
    const url = hostile.apiUrl.replace('/client/v4', '/version.json')
    const result = await run({ wait_for_url: url, wait_timeout: '2', timeout: '3600' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`${url} last showed no answer (no answer within 2 s)`)
    expect(api.state.requests).toEqual([])
  }, 60_000)

  it('escapes what a hostile origin sends before the log and the summary', async () => {
    api = await startEmulator()
    hostile = await hostileApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('old\n::error::forged\n| cell | <b>x</b>')
    })
    const url = hostile.apiUrl.replace('/client/v4', '/v')
    const result = await run({ wait_for_url: url, wait_timeout: '1' })
    expect(result.stdout.split('\n').filter((l) => l.startsWith('::error::'))).toEqual([])
    expect(result.stdout).toContain('HTTP 200 "old ::error::forged | cell | <b>x</b>"')
    expect(result.summary).toContain('`old ::error::forged \\| cell \\| <b>x</b>`')
  }, 30_000)

  it('follows a redirect within the origin named, and purges once its target is live', async () => {
    api = await startEmulator()
    hostile = await hostileApi((req, res) => {
      if (req.url!.startsWith('/v.json')) return res.end(`{"version":"${SHA}"}`)
      res.writeHead(301, { location: req.url!.replace('/old', '/v.json') })
      res.end()
    })
    const base = hostile.apiUrl.replace('/client/v4', '')
    const result = await run({ wait_for_url: `${base}/old` })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Live: ${base}/old shows "5f0c6e1" in the body`)
    expect(purges()).toHaveLength(1)
  }, 30_000)

  it('follows no redirect off the origin named: requests nothing there, names it, purges nothing', async () => {
    api = await startEmulator()
    target = await trap()
    const metadata = 'http://169.254.169.254/latest/meta-data/'
    const port = target.port
    hostile = await hostileApi((req, res) => {
      const to = req.url!.startsWith('/meta')
        ? metadata
        : req.url!.startsWith('/local')
          ? `http://localhost:${port}/v`
          : `http://0x7f.1:${port}/v`
      res.writeHead(302, { location: to })
      res.end('moved')
    })
    const base = hostile.apiUrl.replace('/client/v4', '')
    const result = await run({
      wait_for_url: `${base}/meta\n${base}/local\n${base}/port`,
      wait_timeout: '2'
    })
    expect(result.code).toBe(1)
    expect(target.connections).toBe(0)
    expect(api.state.requests).toEqual([])
    const advice = 'not followed (a redirect is followed only within the origin named'
    for (const [path, to, why] of [
      ['meta', metadata, 'points to a link-local host (where clouds serve instance metadata)'],
      ['local', `http://localhost:${port}/v`, 'points to a loopback host (this machine)'],
      [
        'port',
        `http://127.0.0.1:${port}/v`,
        'is on another origin (scheme, host or port) than the URL named'
      ]
    ]) {
      expect(result.stdout).toContain(
        `Waiting for ${base}/${path}: HTTP 302, a redirect to "${to}", which ${why}: ${advice}`
      )
      expect(result.summary).toContain(`redirecting to \`${to}\`, which ${why}: not followed`)
    }
    expect(result.stdout).toContain(`::error title=Deploy not live::The deploy is not live`)
    expect(result.summary).toContain('name that URL in `wait_for_url`')
  }, 30_000)

  it('fails with a clear input error when there is no commit to wait for', async () => {
    api = await startEmulator()
    const result = await run({ wait_for_url: 'https://origin.example.com/v' }, { GITHUB_SHA: '' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('Input "wait_for": is needed: GITHUB_SHA is not set')
  })
})

describe('the bundle', () => {
  it('loads the gate and warming only when a run uses them: a plain purge keeps its cold start', () => {
    const dir = ACTION.replace(/index\.js$/, '')
    const main = readFileSync(ACTION, 'utf8')
    const chunks = readdirSync(dir)
      .filter((f) => /^\d+\.index\.js$/.test(f))
      .map((f) => readFileSync(`${dir}${f}`, 'utf8'))
    for (const marker of ['Warmed the cache', 'Waited for the deploy', 'AddressRefused']) {
      expect([marker, main.includes(marker)]).toEqual([marker, false])
      expect(chunks.filter((c) => c.includes(marker))).toHaveLength(1)
    }
    // The cache-busting parameter is the gate's and the doctor's (verify): never the main chunk's.
    expect(main.includes(BUST_PARAM)).toBe(false)
    expect(chunks.filter((c) => c.includes(BUST_PARAM)).length).toBeGreaterThanOrEqual(1)
  })
})
