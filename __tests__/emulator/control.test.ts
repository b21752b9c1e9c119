/**
 * The emulator's control paths (`/__emulator/`): `POST /__emulator/reset` makes the next try start
 * as on a fresh emulator, whatever the last one did; none of them is Cloudflare's API, so none
 * counts against its quota or shows in its request log.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import type { Emulator } from '../__fixtures__/helpers.js'

let api: Emulator | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const purge = (body: unknown) =>
  fetch(`${api!.apiUrl}/zones/${DEFAULT_ZONE.id}/purge_cache`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
const page = async (path: string) => {
  const answer = await fetch(`${api!.edgeUrl}${path}`, {
    headers: { 'x-forwarded-host': 'www.example.com' }
  })
  return [answer.headers.get('cf-cache-status'), Number(answer.headers.get('age') ?? -1)]
}
const control = async (method: string, path: string, body?: unknown) => {
  const answer = await fetch(`${api!.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: answer.status, body: await answer.json() }
}

describe('POST /__emulator/reset', () => {
  it('forgets requests, purges, 429s and faults, refills every limit, and re-caches every page', async () => {
    const clock = { t: 0, now: () => clock.t }
    api = await startEmulator({
      clock,
      limits: { requests: { rate: 1 / 60, burst: 1 }, maxFiles: 100, maxItems: 100 },
      apiLimit: { requests: 4, windowS: 300 }
    })
    expect((await purge({ tags: ['all'] })).status).toBe(200)
    expect((await purge({ tags: ['all'] })).status).toBe(429)
    clock.t = 10_000
    expect(await page('/a')).toEqual(['MISS', -1])
    // The bucket is empty, then the API-wide quota of 4 calls is spent.
    for (let i = 0; i < 3; i++) await purge({ hosts: ['www.example.com'] })
    expect(api.state.throttledBy).toEqual({ purge: 3, api: 1 })
    api.setFaults([{ kind: 'json500' }])
    expect((await purge({ files: ['https://www.example.com/b'] })).status).toBe(500)

    clock.t = 20_000
    expect(await control('POST', '/__emulator/reset')).toEqual({
      status: 200,
      body: { reset: true }
    })
    expect(api.state).toEqual(
      expect.objectContaining({
        requests: [],
        accepted: [],
        throttled: 0,
        throttledBy: { purge: 0, api: 0 },
        faulted: 0,
        edgeRequests: 0,
        edgeLog: [],
        edgeMaxInFlight: 0
      })
    )
    // Cached an hour before the reset, as at start-up; the purge before it is forgotten.
    expect(await page('/a')).toEqual(['HIT', 3600])
    // The quota and the bucket are full again, and no fault is left.
    expect((await purge({ tags: ['all'] })).status).toBe(200)
    expect(api.state.requests.map((r) => r.status)).toEqual([200])
  })

  it("restarts the origin's clock and takes the GitHub companion back to its first runs", async () => {
    const clock = { t: 0, now: () => clock.t }
    api = await startEmulator({
      clock,
      origin: { before: 'old', after: 'new', switchAfterMs: 1000 },
      github: { runs: [{ id: 7, head_sha: 'a'.repeat(40) }] }
    })
    await fetch(`${api.url}/origin/version.json`)
    expect(api.origin!.switchAt).toBe(1000)
    const added = await control('POST', '/__emulator/github/runs', { head_sha: 'b'.repeat(40) })
    expect(added).toEqual({ status: 201, body: { id: 8, head_sha: 'b'.repeat(40) } })
    expect((await control('GET', '/__emulator/github/runs')).body).toHaveLength(2)

    await control('POST', '/__emulator/reset')
    expect(api.origin!.switchAt).toBeUndefined()
    expect(api.origin!.requests).toEqual([])
    expect((await control('GET', '/__emulator/github/runs')).body).toEqual([
      { id: 7, head_sha: 'a'.repeat(40) }
    ])
    expect(api.github!.requests).toEqual([])
  })
})

describe('the control paths', () => {
  it('name the others when asked for one that does not exist, and never reach the API', async () => {
    api = await startEmulator({ apiLimit: { requests: 1, windowS: 300 } })
    expect(await control('GET', '/__emulator/reset')).toEqual({
      status: 404,
      body: {
        error:
          'no control path GET /__emulator/reset; there are: POST /__emulator/reset, GET /__emulator/github/runs, POST /__emulator/github/runs, PATCH /__emulator/github/runs/{id}, GET /__emulator/github/runtime-env?run={id}'
      }
    })
    await control('POST', '/__emulator/reset')
    expect(api.state.requests).toEqual([])
    expect((await purge({ tags: ['a'] })).headers.get('ratelimit')).toBe('"default";r=0;t=300')
  })
})
