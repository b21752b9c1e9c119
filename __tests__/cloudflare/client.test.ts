import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { callApi, readReply, redact } from '../../src/cloudflare/client.js'
import { readRateHeaders } from '../../src/cloudflare/rate-headers.js'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'

type Emulator = Awaited<ReturnType<typeof startEmulator>>
let emulator: Emulator
let redirector: Server
let redirectorUrl: string

beforeAll(async () => {
  emulator = await startEmulator()
  redirector = createServer((_req, res) => {
    res.writeHead(307, { location: `${emulator.apiUrl}/zones/${DEFAULT_ZONE.id}/purge_cache` })
    res.end()
  })
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve))
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`
})
afterAll(async () => {
  await emulator.close()
  await new Promise((resolve) => redirector.close(resolve))
})

const config = {
  apiUrl: '',
  token: DEFAULT_TOKEN,
  userAgent: 'cloudflare-purge-action/test'
}
const purge = {
  method: 'POST' as const,
  path: `/zones/${DEFAULT_ZONE.id}/purge_cache`,
  body: { tags: ['a'] }
}

describe('callApi over HTTP', () => {
  it('sends the token, the User-Agent and JSON, and reads the id', async () => {
    const reply = await callApi({ ...config, apiUrl: emulator.apiUrl }, purge, 5000)
    expect(reply).toMatchObject({ type: 'ok', status: 200, result: { id: expect.any(String) } })
    const sent = emulator.state.requests.at(-1)!
    expect(sent.headers).toMatchObject({
      authorization: `Bearer ${DEFAULT_TOKEN}`,
      'user-agent': 'cloudflare-purge-action/test',
      'content-type': 'application/json'
    })
    expect(JSON.parse(sent.body)).toEqual({ tags: ['a'] })
  })

  it('reads a refusal with its codes', async () => {
    const reply = await callApi({ ...config, apiUrl: emulator.apiUrl, token: 'wrong' }, purge, 5000)
    expect(reply).toMatchObject({
      type: 'refused',
      status: 403,
      errors: [{ code: 10000, message: 'Authentication error' }]
    })
  })

  it('does not follow a redirect with the credentials', async () => {
    const before = emulator.state.requests.length
    const reply = await callApi({ ...config, apiUrl: redirectorUrl }, purge, 5000)
    expect(reply).toMatchObject({
      type: 'garbled',
      status: 307,
      detail: expect.stringContaining('credentials are not sent on redirects')
    })
    expect(emulator.state.requests.length).toBe(before)
  })

  it('gives up on a request that gets no answer', async () => {
    emulator.setFaults([{ kind: 'hang', times: 1 }])
    const reply = await callApi({ ...config, apiUrl: emulator.apiUrl }, purge, 200)
    expect(reply).toEqual({ type: 'unreachable', timedOut: true, detail: 'no answer within 0.2 s' })
  })

  it('reports a reset connection and a refused one', async () => {
    emulator.setFaults([{ kind: 'reset', times: 1 }])
    expect(await callApi({ ...config, apiUrl: emulator.apiUrl }, purge, 5000)).toMatchObject({
      type: 'unreachable',
      timedOut: false
    })
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    expect(
      await callApi({ ...config, apiUrl: `http://127.0.0.1:${port}` }, purge, 5000)
    ).toMatchObject({ type: 'unreachable', detail: 'ECONNREFUSED' })
  })
})

describe('redact', () => {
  it('takes the token out of a message', () => {
    expect(redact('invalid header value "Bearer abc123" (abc123)', 'abc123')).toBe(
      'invalid header value "Bearer ***" (***)'
    )
    expect(redact('nothing secret', undefined)).toBe('nothing secret')
  })
})

describe('readReply', () => {
  const headers = new Headers()
  it.each([
    [502, '<html><body>Bad gateway</body></html>', 'HTTP 502 with an HTML page'],
    [200, '', 'HTTP 200 with an empty body'],
    [200, '{"success": tr', 'HTTP 200 with a body that is not JSON'],
    [200, '{"id": 1}', "JSON that is not Cloudflare's envelope"],
    [
      400,
      `{"success": false, "errors": [${'['.repeat(30000)}${']'.repeat(30000)}]}`,
      'HTTP 400 with JSON nested deeper than 64 levels'
    ]
  ])('calls HTTP %i with %j garbled', (status, body, detail) => {
    expect(readReply(status, headers, body, 0)).toMatchObject({
      type: 'garbled',
      status,
      detail: expect.stringContaining(detail)
    })
  })
  it('treats a 200 with success false as a refusal', () => {
    expect(
      readReply(200, headers, '{"success": false, "errors": [{"code": 1, "message": "no"}]}', 0)
    ).toMatchObject({ type: 'refused', status: 200, errors: [{ code: 1, message: 'no' }] })
  })
})

describe('readRateHeaders', () => {
  it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms first', () => {
    expect(readRateHeaders(new Headers({ 'retry-after': '3' }), 0)).toEqual({
      retryAfterMs: 3000,
      retryAfterRounded: true
    })
    const now = Date.parse('2026-11-29T10:00:00Z')
    expect(
      readRateHeaders(new Headers({ 'retry-after': 'Sun, 29 Nov 2026 10:00:07 GMT' }), now)
    ).toEqual({ retryAfterMs: 7000 })
    expect(
      readRateHeaders(new Headers({ 'retry-after': '3', 'retry-after-ms': '250' }), 0)
    ).toEqual({ retryAfterMs: 250 })
    expect(readRateHeaders(new Headers({ 'retry-after': 'soon' }), 0)).toEqual({})
  })
  it('reads the IETF Ratelimit and Ratelimit-Policy headers and x-should-retry', () => {
    expect(
      readRateHeaders(
        new Headers({
          ratelimit: '"default";r=50;t=30',
          'ratelimit-policy': '"burst";q=100;w=60',
          'x-should-retry': 'false'
        }),
        0
      )
    ).toEqual({
      api: { remaining: 50, resetMs: 30_000, quota: 100, windowMs: 60_000 },
      shouldRetry: false
    })
  })
})
