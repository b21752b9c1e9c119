/**
 * Slips that used to end green, through dist/index.js as the runner runs it (issue 24, A1 to
 * A3): each is now a warning or an error naming the input or the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import type { Emulator } from '../__fixtures__/helpers.js'

let api: Emulator
beforeAll(async () => {
  api = await startEmulator()
})
afterAll(async () => {
  await api.close()
})

const run = (urls: string) => {
  api.reset()
  return runAction({ token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: api.apiUrl, urls })
}
const annotations = (stdout: string) =>
  stdout.split('\n').filter((l) => /^::(warning|error)/.test(l))

describe('dist/index.js, slips that no longer end quietly green', () => {
  it('names a URL outside the zone given by ID in a warning', async () => {
    const result = await run('https://www.example.com/, https://www.other.org/page')
    expect(result.code).toBe(0)
    expect(annotations(result.stdout)).toEqual([
      '::warning title=Cloudflare purge::https://www.other.org/page (host www.other.org) is not in zone example.com: Cloudflare cannot purge it there (unless it is a custom hostname of that zone).'
    ])
    // The job summary says it too, under a warning's title, not a green one.
    expect(result.summary).toMatch(/^## ⚠️ Cloudflare cache purged/)
    expect(result.summary).toContain(
      '### 1 warning(s)\n\n- `https://www.other.org/page (host www.other.org) is not in zone example.com: Cloudflare cannot purge it there (unless it is a custom hostname of that zone).`'
    )
    // The zone's name was read by its ID, through the API.
    expect(api.state.requests.map((r) => `${r.method} ${r.path}`)).toContain(
      `GET /client/v4/zones/${DEFAULT_ZONE.id}`
    )
  })

  it('refuses two URLs joined by ";" naming urls, before any request', async () => {
    const result = await run('https://www.example.com/;https://www.example.com/pricing')
    expect(result.code).toBe(1)
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        /^::error title=Invalid inputs::Input "urls": "https:\/\/www\.example\.com\/;https:\/\/www\.example\.com\/pricing" holds another URL after a ";"/
      )
    ])
    expect(api.state.requests).toEqual([])
  })

  it('names a localhost URL in a warning', async () => {
    const result = await run('http://localhost:3000/')
    expect(result.code).toBe(0)
    expect(annotations(result.stdout)).toContainEqual(
      expect.stringMatching(
        /^::warning title=Cloudflare purge::Input "urls": "http:\/\/localhost:3000\/" is on a loopback host \(this machine\), which cannot be behind Cloudflare/
      )
    )
  })

  it('refuses a misspelt input (dry-run for dry_run) before any request, rather than purge for real', async () => {
    api.reset()
    const result = await runAction({
      token: DEFAULT_TOKEN,
      zone: DEFAULT_ZONE.id,
      api_url: api.apiUrl,
      purge_everything: 'true',
      'dry-run': 'true'
    })
    expect(result.code).toBe(1)
    expect(annotations(result.stdout)).toEqual([
      '::error title=Invalid inputs::Input "dry-run": is not an input of this action: write dry_run (inputs are spelt with "_"; docs/inputs.md lists them)'
    ])
    expect(api.state.requests).toEqual([])
  })
})
