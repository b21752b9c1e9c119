/** Warming: the pool on a fake clock, and each request over real HTTP through a stand-in edge. */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fetchThroughEdge } from '../../src/edge/fetch.js'
import { cacheWord, edgeKey, warmAll, warmThroughEdge, type Warmed } from '../../src/edge/warm.js'
import { hostileApi, type Hostile } from '../__fixtures__/hostile.js'
import { FakeClock } from '../__fixtures__/sim.js'
import { range } from '../__fixtures__/helpers.js'

describe('warmAll (on a fake clock)', () => {
  it('fetches each URL once, in order, never more than `concurrency` at once', async () => {
    const clock = new FakeClock()
    let inFlight = 0
    let most = 0
    const asked: string[] = []
    const urls = range(25, (i) => `https://www.example.com/${i}`)
    const done: Warmed[] = []
    const run = await clock.run(
      warmAll(urls, {
        clock,
        onWarmed: (w) => done.push(w),
        deadline: 60_000,
        concurrency: 3,
        requestTimeoutMs: 30_000,
        fetchEdge: async (url) => {
          asked.push(url)
          most = Math.max(most, ++inFlight)
          await clock.sleep(100 + (asked.length % 4) * 50)
          inFlight--
          return { status: 200, cache: 'MISS' }
        }
      })
    )
    expect(asked).toEqual(urls)
    expect(most).toBe(3)
    expect(done).toHaveLength(25)
    expect(run.requested).toBe(25)
    expect(run.outOfTime).toBe(0)
  })

  it('stops starting requests at the deadline, counts what is left, and records failures', async () => {
    const clock = new FakeClock()
    const timeouts: number[] = []
    const done: Warmed[] = []
    const run = await clock.run(
      warmAll(
        range(10, (i) => `https://www.example.com/${i}`),
        {
          clock,
          deadline: 2500,
          concurrency: 1,
          requestTimeoutMs: 30_000,
          onWarmed: (w) => done.push(w),
          fetchEdge: async (url, _headers, timeoutMs) => {
            timeouts.push(timeoutMs)
            await clock.sleep(1000)
            if (url.endsWith('/1'))
              throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') })
            return { status: 200, cache: 'MISS' }
          }
        }
      )
    )
    expect(done.map((w) => [w.url.slice(-2), w.status, w.error, w.ms])).toEqual([
      ['/0', 200, undefined, 1000],
      ['/1', undefined, 'ECONNRESET', 1000],
      ['/2', 200, undefined, 1000]
    ])
    expect(timeouts).toEqual([2500, 1500, 500])
    expect(run.outOfTime).toBe(7)
  })
})

describe('cacheWord and edgeKey', () => {
  it('makes CF-Cache-Status one short word, whatever an edge sends', () => {
    expect(
      ['HIT', ' miss ', null, '', 'x'.repeat(40), 'HIT\n::error::x', '<b>'].map(cacheWord)
    ).toEqual(['HIT', 'MISS', 'absent', 'absent', 'OTHER', 'OTHER', 'OTHER'])
  })

  it('names a cache key the same whatever the case and order of its header names', () => {
    expect(edgeKey('https://a/', { 'CF-Device-Type': 'mobile', Origin: 'x' })).toBe(
      edgeKey('https://a/', { origin: 'x', 'cf-device-type': 'mobile' })
    )
    expect(edgeKey('https://a/', {})).not.toBe(
      edgeKey('https://a/', { 'cf-device-type': 'mobile' })
    )
  })
})

let servers: Hostile[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})
const serve = async (handle: (req: IncomingMessage, res: ServerResponse) => void) => {
  const server = await hostileApi((req, res) => handle(req, res))
  servers.push(server)
  return { ...server, url: server.apiUrl.replace('/client/v4', '') }
}

describe('warmThroughEdge (over real HTTP)', () => {
  it('sends the cache key headers to the edge with the page host, and reads the body to its end', async () => {
    let seen: IncomingMessage['headers'] = {}
    let ended = false
    const edge = await serve((req, res) => {
      seen = req.headers
      res.writeHead(200, { 'cf-cache-status': 'miss' })
      res.write('a'.repeat(100_000))
      setTimeout(() => res.end('b', () => (ended = true)), 30)
    })
    const answer = await warmThroughEdge('agent', `${edge.url}/edge`)(
      'https://www.example.com/a?b=1',
      { 'CF-Device-Type': 'mobile' },
      5000
    )
    expect(answer).toEqual({ status: 200, cache: 'MISS' })
    expect(ended).toBe(true)
    expect(edge.requests[0]!.path).toBe('/edge/a?b=1')
    expect(seen).toEqual(
      expect.objectContaining({
        'cf-device-type': 'mobile',
        'x-forwarded-host': 'www.example.com',
        'user-agent': 'agent',
        // What fetch sent, and a browser does: the cache key's encoding is the visitors'.
        'accept-encoding': 'gzip, deflate, br'
      })
    )
  })

  it("sends the cache key's own User-Agent and Accept-Encoding instead of the action's", async () => {
    const seen: IncomingMessage['headers'][] = []
    const edge = await serve((req, res) => {
      seen.push(req.headers)
      res.writeHead(200, { 'cf-cache-status': 'hit' })
      res.end()
    })
    const key = { 'User-Agent': 'ExampleApp/2.1 (iPhone)', 'Accept-Encoding': 'br' }
    // Warming, then verify's request: both ask for the variant purged.
    await warmThroughEdge('agent', `${edge.url}/edge`)('https://www.example.com/a', key, 5000)
    await fetchThroughEdge('agent', `${edge.url}/edge`)('https://www.example.com/a', key, 5000)
    expect(seen.map((h) => [h['user-agent'], h['accept-encoding']])).toEqual([
      ['ExampleApp/2.1 (iPhone)', 'br'],
      ['ExampleApp/2.1 (iPhone)', 'br']
    ])
  })

  it('fails, rather than warms, when the answer is cut short or a header cannot be sent', async () => {
    const edge = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' })
      res.write('a'.repeat(10))
      setTimeout(() => res.destroy(), 20)
    })
    const fetchEdge = warmThroughEdge('agent', `${edge.url}/edge`)
    await expect(fetchEdge('https://www.example.com/cut', {}, 5000)).rejects.toThrow()
    await expect(
      fetchEdge('https://www.example.com/x', { 'X-Name': 'caf\u00e9 \u2603' }, 5000)
    ).rejects.toThrow(/Invalid character/)
  })

  it('takes a redirect as the answer (it is what is cached), and a slow body as a timeout', async () => {
    const edge = await serve((req, res) => {
      if (req.url!.includes('moved')) {
        res.writeHead(301, { location: 'https://elsewhere.example/' })
        return res.end()
      }
      res.writeHead(200)
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('.')), 20)
    })
    const fetchEdge = warmThroughEdge('agent', `${edge.url}/edge`)
    expect(await fetchEdge('https://www.example.com/moved', {}, 5000)).toEqual({
      status: 301,
      cache: 'absent'
    })
    const done: Warmed[] = []
    await warmAll(['https://www.example.com/slow'], {
      onWarmed: (w) => done.push(w),
      clock: { now: () => performance.now(), sleep: async () => undefined },
      deadline: performance.now() + 60_000,
      concurrency: 1,
      requestTimeoutMs: 200,
      fetchEdge
    })
    expect(done[0]).toEqual(
      expect.objectContaining({ status: undefined, error: 'no whole answer within 0.2 s' })
    )
  })
})
