/** The emulator's origin mid-deploy (`origin` option, `--origin`), and its edge's request log. */
import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { startEmulator } from '../../emulator/server.js'
import { SITEMAP_PAGES } from '../../emulator/origin.js'
import type { Emulator } from '../__fixtures__/helpers.js'

let api: Emulator | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const version = async (url: string) =>
  ((await (await fetch(url)).json()) as { version: string }).version

describe('the origin option', () => {
  it('serves the old version until the delay has passed on its clock since the first request, then the new one', async () => {
    const clock = { t: 0, now: () => clock.t }
    api = await startEmulator({ clock, origin: { before: 'v1', after: 'v2', switchAfterMs: 5000 } })
    const url = `${api.url}/origin/version.json`
    // Nothing counts until someone asks: the time it takes to type the command is not the delay.
    expect(api.origin!.switchAt).toBeUndefined()
    clock.t = 1000
    expect(await version(`${url}?n=1`)).toBe('v1')
    clock.t = 5999
    expect(await version(`${url}?n=2`)).toBe('v1')
    clock.t = 6000
    expect(await version(`${url}?n=3`)).toBe('v2')
    expect(api.origin!.switchAt).toBe(6000)
    expect(api.origin!.requests.map((r) => [r.path, r.at, r.version])).toEqual([
      ['/origin/version.json?n=1', 1000, 'v1'],
      ['/origin/version.json?n=2', 5999, 'v1'],
      ['/origin/version.json?n=3', 6000, 'v2']
    ])
    // Restarted, it counts again from the next request.
    api.origin!.restart()
    expect(api.origin!.switchAt).toBeUndefined()
    clock.t = 20_000
    expect(await version(url)).toBe('v1')
    expect(api.origin!.switchAt).toBe(25_000)
    // Not the API: no quota spent, nothing in the API's request log.
    expect(api.state.requests).toEqual([])
  })

  it("serves a sitemap of the emulator's pages at /origin/sitemap.xml, which is not a poll", async () => {
    const clock = { t: 0, now: () => clock.t }
    api = await startEmulator({ clock, origin: { before: 'v1', after: 'v2', switchAfterMs: 5000 } })
    const answer = await fetch(`${api.url}/origin/sitemap.xml`)
    expect(answer.headers.get('content-type')).toBe('application/xml')
    const body = await answer.text()
    expect([...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual(SITEMAP_PAGES)
    expect(api.origin!.requests).toEqual([])
    expect(api.origin!.switchAt).toBeUndefined()
  })

  it('is off by default, and refuses a bad one', async () => {
    api = await startEmulator()
    expect(api.origin).toBeUndefined()
    // The API answers it, as it answers any path it does not know.
    expect((await fetch(`${api.url}/origin/version.json`)).status).toBe(400)
    await expect(
      startEmulator({ origin: { before: 'v1', after: 'v2', switchAfterMs: -1 } })
    ).rejects.toThrow(/switchAfterMs/)
  })

  it('logs each edge request with its page host and headers', async () => {
    api = await startEmulator()
    await fetch(`${api.edgeUrl}/a?b=1`, {
      headers: { 'x-forwarded-host': 'www.example.com', 'cf-device-type': 'mobile' }
    })
    expect(api.state.edgeLog).toEqual([
      expect.objectContaining({
        path: '/edge/a?b=1',
        host: 'www.example.com',
        headers: expect.objectContaining({ 'cf-device-type': 'mobile' })
      })
    ])
    expect(api.state.edgeMaxInFlight).toBe(1)
  })
})

describe('--origin', () => {
  it('prints the origin URL and serves it, counting SECONDS from the first request', async () => {
    const child = spawn(
      process.execPath,
      ['emulator/cli.js', '--port', '0', '--origin', 'abc1234@1'],
      {
        cwd: new URL('../..', import.meta.url)
      }
    )
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (chunk) => {
          out += chunk
          if (out.includes('Ctrl-C')) resolve(out)
        })
        child.on('exit', (code) => reject(new Error(`exited ${code}`)))
      })
      const url = /origin: {2}(\S+)/.exec(printed)![1]!
      expect(printed).toContain('("previous" for 1 s from the first request, then "abc1234")')
      // Longer than SECONDS since start-up: still the old version, as the first request starts it.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(await version(url)).toBe('previous')
    } finally {
      child.kill()
    }
  })
})
