/**
 * httpCall, the node:http(s) exchange of the purge, verification and warming, against servers over
 * real HTTP on 127.0.0.1: bounded in time and body (inflated size), no redirect followed, headers
 * read as fetch reads them, keep-alive connections, and nothing held once it is over.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { IncomingMessage } from 'node:http'
import { gzipSync } from 'node:zlib'
import { httpCall, RequestTimeout, TooLarge } from '../src/http.js'
import { hostileApi, type Hostile } from './__fixtures__/hostile.js'

let server: Hostile | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})
const serve = async (handle: Parameters<typeof hostileApi>[0]) => {
  server = await hostileApi(handle)
  return server.apiUrl.replace('/client/v4', '')
}

describe('httpCall', () => {
  it('sends the method, headers and body, and reads the status, headers and body', async () => {
    let seen: IncomingMessage['headers'] = {}
    const base = await serve((req, res, body) => {
      seen = req.headers
      res.writeHead(201, [
        ['age', '1'],
        ['Age', '2'],
        ['x-echo', `${req.method} ${body}`]
      ])
      res.end('answer')
    })
    const answer = await httpCall(`${base}/a?b=1`, {
      method: 'POST',
      headers: { 'x-one': '1', 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 5000,
      read: 1000
    })
    expect(answer.status).toBe(201)
    // A name sent twice is read as fetch reads it: both values, joined.
    expect(answer.headers.get('AGE')).toBe('1, 2')
    expect(answer.headers.get('x-echo')).toBe('POST {"a":1}')
    expect(answer.headers.get('missing')).toBeNull()
    expect(Buffer.from(answer.body).toString()).toBe('answer')
    expect(seen).toEqual(expect.objectContaining({ 'x-one': '1' }))
  })

  it('never follows a redirect: it is the answer', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(307, { location: 'http://127.0.0.1:9/elsewhere' })
      res.end()
    })
    const answer = await httpCall(`${base}/`, { headers: {}, timeoutMs: 5000, read: 100 })
    expect([answer.status, answer.headers.get('location')]).toEqual([
      307,
      'http://127.0.0.1:9/elsewhere'
    ])
  })

  it('bounds the whole exchange in time, a body that trickles on included', async () => {
    const base = await serve((req, res) => {
      res.writeHead(200)
      if (req.url === '/silent') return
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('.')), 20)
    })
    for (const read of [1_000_000, 'drain'] as const)
      await expect(
        httpCall(`${base}/trickle`, { headers: {}, timeoutMs: 200, read })
      ).rejects.toThrow(RequestTimeout)
    const error = await httpCall(`${base}/silent`, { headers: {}, timeoutMs: 150, read: 10 }).catch(
      (e: unknown) => e
    )
    expect(error).toEqual(expect.objectContaining({ name: 'TimeoutError', ms: 150 }))
  })

  it('counts a body by its inflated size, and inflates what fetch inflates', async () => {
    const page = 'x'.repeat(5000)
    const base = await serve((req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' })
      res.end(gzipSync(req.url === '/bomb' ? Buffer.alloc(1_000_000, 0x20) : Buffer.from(page)))
    })
    const answer = await httpCall(`${base}/page`, { headers: {}, timeoutMs: 5000, read: 10_000 })
    expect(Buffer.from(answer.body).toString()).toBe(page)
    const error = await httpCall(`${base}/bomb`, { headers: {}, timeoutMs: 5000, read: 10_000 })
      .then(() => undefined)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TooLarge)
    // With the answer it came in: the status and headers are still what the server said.
    expect((error as TooLarge).status).toBe(200)
    expect((error as TooLarge).headers?.get('content-encoding')).toBe('gzip')
  })

  it('fails on a body cut short, and stops at once when its signal aborts', async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '1000' })
      res.write('a'.repeat(10))
      if (req.url === '/cut') setTimeout(() => res.destroy(), 20)
    })
    for (const read of [1_000_000, 'drain'] as const)
      await expect(
        httpCall(`${base}/cut`, { headers: {}, timeoutMs: 5000, read })
      ).rejects.toThrow()
    const cancel = new AbortController()
    const call = httpCall(`${base}/hang`, {
      headers: {},
      timeoutMs: 60_000,
      signal: cancel.signal,
      read: 'drain'
    })
    setTimeout(() => cancel.abort(new Error('cancelled')), 50)
    await expect(call).rejects.toThrow('cancelled')
  })

  it('reuses its connection for the next call, and reads only the headers when asked', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    const ports = new Set<number>()
    const base = await serve((req, res) => {
      ports.add(req.socket.remotePort!)
      res.end('x'.repeat(100))
    })
    for (let i = 0; i < 5; i++) {
      const answer = await httpCall(`${base}/${i}`, { headers: {}, timeoutMs: 5000, read: 'drain' })
      expect([answer.status, answer.body.byteLength]).toEqual([200, 0])
    }
    expect(ports.size).toBe(1)
    // Each call's timer went with it (AbortSignal.timeout's stays until it fires).
    expect(timers()).toBe(before)
    const headers = await httpCall(`${base}/h`, { headers: {}, timeoutMs: 5000, read: 'headers' })
    expect(headers.status).toBe(200)
  })

  it('reads only the headers when asked: a body that never ends is not waited for', async () => {
    let writing: NodeJS.Timeout | undefined
    const base = await serve((_req, res) => {
      res.writeHead(200)
      writing = setInterval(() => res.write('x'.repeat(1024)), 5)
      res.on('close', () => clearInterval(writing))
    })
    try {
      const head = await httpCall(`${base}/`, { headers: {}, timeoutMs: 60_000, read: 'headers' })
      expect([head.status, head.body.byteLength]).toEqual([200, 0])
    } finally {
      clearInterval(writing)
    }
  })

  it('refuses a header value Node cannot send, as a rejection', async () => {
    const base = await serve((_req, res) => res.end())
    await expect(
      httpCall(`${base}/`, { headers: { 'x-name': 'line\nbreak' }, timeoutMs: 5000, read: 10 })
    ).rejects.toThrow(/Invalid character/)
  })
})
