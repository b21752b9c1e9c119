/**
 * The deploy gate's client: the polling on a fake clock, and each poll over real HTTP against
 * origins that answer, and against hostile ones that never answer, trickle, send an endless body
 * or huge headers, or redirect elsewhere.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  BODY_LIMIT,
  BUST_PARAM,
  describeLook,
  lookAt,
  pollInterval,
  waitForAll,
  type Look,
  type Needle
} from '../../src/edge/gate.js'
import type { Clock } from '../../src/clock.js'
import { hostileApi, type Hostile } from '../__fixtures__/hostile.js'
import { FakeClock } from '../__fixtures__/sim.js'

const SHA: Needle = { text: 'a1b2c3d', ignoreCase: true }

const look = (overrides: Partial<Look> = {}): Look => ({
  status: 200,
  foundIn: undefined,
  excerpt: '{"version":"old"}',
  error: undefined,
  bytes: 17,
  redirectedTo: undefined,
  ...overrides
})

/** A clock whose waits pass at once: for polls over real HTTP, whose own time is real. */
const skippingClock = (): Clock & { slept: number[] } => {
  let t = 0
  const slept: number[] = []
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms)
      t += ms
    }
  }
}

describe('waitForAll (on a fake clock)', () => {
  it('polls about every second, growing to ten, and logs each change of answer once', async () => {
    const clock = new FakeClock()
    const at: number[] = []
    const answers = [
      ...Array.from({ length: 4 }, () => look()),
      look({ status: undefined, error: 'no answer within 30 s', excerpt: '' }),
      look({ status: undefined, error: 'no answer within 30 s', excerpt: '' }),
      look({ status: 503, excerpt: 'deploying' }),
      look(),
      look(),
      look({ foundIn: 'the body', excerpt: '{"version":"a1b2c3d4"}' })
    ]
    const changes: [number, number | undefined][] = []
    const [waited] = await clock.run(
      waitForAll(['https://origin.example/v.json'], {
        clock,
        deadline: 600_000,
        requestTimeoutMs: 30_000,
        look: async () => {
          at.push(clock.now())
          return answers.shift()!
        },
        changed: (_url, l, poll) => changes.push([poll, l.status])
      })
    )
    expect(at.slice(1).map((t, i) => t - at[i]!)).toEqual([
      1000, 1500, 2250, 3375, 5063, 7594, 10_000, 10_000, 10_000
    ])
    expect(changes).toEqual([
      [1, 200],
      [5, undefined],
      [7, 503],
      [8, 200],
      [10, 200]
    ])
    expect(waited).toEqual(
      expect.objectContaining({
        found: true,
        polls: 10,
        tookMs: at[9],
        url: 'https://origin.example/v.json'
      })
    )
  })

  it('waits for every URL, and stops at the deadline naming those that never showed it', async () => {
    const clock = new FakeClock()
    const timeouts: number[] = []
    const waited = await clock.run(
      waitForAll(['https://eu.example/', 'https://us.example/', 'https://ap.example/'], {
        clock,
        deadline: 20_000,
        requestTimeoutMs: 30_000,
        look: async (url, poll, timeoutMs) => {
          if (url.includes('ap')) timeouts.push(timeoutMs)
          if (url.includes('eu')) return look({ foundIn: 'the body' })
          if (url.includes('us') && poll === 4) return look({ foundIn: 'the x-version header' })
          return look()
        },
        changed: () => undefined
      })
    )
    expect(waited.map((w) => [w.url, w.found, w.polls, w.tookMs])).toEqual([
      ['https://eu.example/', true, 1, 0],
      ['https://us.example/', true, 4, 4750],
      ['https://ap.example/', false, 6, 20_000]
    ])
    // No poll is given more time than is left: the wait ends at the deadline, not after it.
    expect(timeouts).toEqual([20_000, 19_000, 17_500, 15_250, 11_875, 6812])
  })

  it('starts no poll with next to no time left, which would hide what the last one saw', async () => {
    const clock = new FakeClock()
    const timeouts: number[] = []
    const [waited] = await clock.run(
      waitForAll(['https://origin.example/'], {
        clock,
        deadline: 2000,
        requestTimeoutMs: 30_000,
        look: async (_url, _poll, timeoutMs) => {
          timeouts.push(timeoutMs)
          // A slow origin: the answer comes just before the next poll is due.
          await clock.sleep(999)
          return timeoutMs < 999
            ? look({ status: undefined, error: 'no answer within 0 s', excerpt: '' })
            : look()
        },
        changed: () => undefined
      })
    )
    expect(timeouts).toEqual([2000])
    expect(waited).toEqual(expect.objectContaining({ found: false, polls: 1, tookMs: 2000 }))
    expect(waited!.last?.status).toBe(200)
  })

  it('grows the interval by half each poll, from 1 s to at most 10 s', () => {
    expect([1, 2, 3, 6, 7, 8, 100].map(pollInterval)).toEqual([
      1000, 1500, 2250, 7594, 10_000, 10_000, 10_000
    ])
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
const poll = (url: string, needle: Needle = SHA, timeoutMs = 5000, bodyLimit?: number) =>
  lookAt(url, needle, {
    userAgent: 'test',
    timeoutMs,
    bust: 'run-1',
    ...(bodyLimit === undefined ? {} : { bodyLimit })
  })

describe('lookAt (over real HTTP)', () => {
  it('bypasses caches: no-cache, and a query parameter of its own after the query as written', async () => {
    const origin = await serve((_req, res) => res.end('{"version":"A1B2C3D4E5"}'))
    const seen = await poll(`${origin.url}/v.json?a=1&b=%20#top`)
    expect(seen).toEqual(
      expect.objectContaining({ status: 200, foundIn: 'the body', error: undefined })
    )
    expect(origin.requests[0]!.path).toBe(`/v.json?a=1&b=%20&${BUST_PARAM}=run-1`)
  })

  it('sends Cache-Control: no-cache', async () => {
    let headers: IncomingMessage['headers'] = {}
    const origin = await serve((req, res) => {
      headers = req.headers
      res.end('x')
    })
    await poll(`${origin.url}/`)
    expect(headers['cache-control']).toBe('no-cache')
  })

  it('finds the text in any header value, and matches given text exactly', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'x-deployed': 'release build-42 (a1b2c3d)' })
      res.end('<html>')
    })
    expect((await poll(`${origin.url}/`)).foundIn).toBe('the x-deployed header')
    expect((await poll(`${origin.url}/`, { text: 'Build-42', ignoreCase: false })).foundIn).toBe(
      undefined
    )
    expect((await poll(`${origin.url}/`, { text: 'build-42', ignoreCase: false })).foundIn).toBe(
      'the x-deployed header'
    )
  })

  it('finds text split across two chunks of the body', async () => {
    const origin = await serve((_req, res) => {
      res.write(`${'x'.repeat(70_000)}"version":"a1b`)
      setTimeout(() => res.end('2c3d"'), 50)
    })
    expect((await poll(`${origin.url}/`)).foundIn).toBe('the body')
  })

  it('does not take an error page that mentions the version for the version', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(503, { 'x-version': 'a1b2c3d' })
      res.end('deploying a1b2c3d, come back soon')
    })
    const seen = await poll(`${origin.url}/`)
    expect(seen).toEqual(
      expect.objectContaining({
        status: 503,
        foundIn: undefined,
        excerpt: 'deploying a1b2c3d, come back soon'
      })
    )
  })

  it('gives up on an origin that never answers when the time is up', async () => {
    const origin = await serve(() => undefined)
    const seen = await poll(`${origin.url}/`, SHA, 300)
    expect(seen).toEqual(
      expect.objectContaining({ status: undefined, error: 'no answer within 0.3 s' })
    )
  })

  it('gives up on a body that trickles without end when the time is up', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('.')), 20)
    })
    const seen = await poll(`${origin.url}/`, SHA, 300)
    expect(seen).toEqual(
      expect.objectContaining({ status: 200, error: 'the body did not end within 0.3 s' })
    )
  })

  it('reads an endless body no further than its limit', async () => {
    let closed = false
    const origin = await serve((req, res) => {
      req.socket.on('close', () => (closed = true))
      res.writeHead(200, { 'content-type': 'text/plain' })
      const chunk = Buffer.alloc(64 * 1024, 0x61)
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more)
      }
      more()
    })
    const seen = await poll(`${origin.url}/`)
    expect(seen.bytes).toBe(BODY_LIMIT)
    expect(seen).toEqual(
      expect.objectContaining({ status: 200, foundIn: undefined, error: undefined })
    )
    expect(seen.excerpt).toBe('a'.repeat(200))
    const small = await poll(`${origin.url}/`, SHA, 5000, 1000)
    expect(small.bytes).toBe(1000)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(true)
  })

  it('refuses headers larger than Node takes, without reading them all', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'x-huge': 'a'.repeat(200_000) })
      res.end('a1b2c3d')
    })
    const seen = await poll(`${origin.url}/`)
    expect(seen).toEqual(
      expect.objectContaining({ status: undefined, error: 'headers larger than 16 KiB' })
    )
  })

  it('follows a redirect elsewhere, within the same time bound, and says where it led', async () => {
    const live = await serve((_req, res) => res.end('a1b2c3d'))
    const silent = await serve(() => undefined)
    const origin = await serve((req, res) => {
      const to = req.url!.startsWith('/live')
        ? `${live.url}/v.json`
        : req.url!.startsWith('/silent')
          ? `${silent.url}/v.json`
          : req.url!
      res.writeHead(302, { location: to })
      res.end()
    })
    const led = await poll(`${origin.url}/live`)
    expect(led).toEqual(
      expect.objectContaining({
        status: 200,
        foundIn: 'the body',
        redirectedTo: `${live.url}/v.json`
      })
    )
    expect((await poll(`${origin.url}/silent`, SHA, 300)).error).toBe('no answer within 0.3 s')
    const loop = await poll(`${origin.url}/loop`)
    expect(loop.status).toBeUndefined()
    expect(loop.error).toMatch(/redirect/)
  })

  it('escapes what a hostile origin says before it reaches a log line', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('old\n::error::pwned\r\n\u001b[31mred\u202e')
    })
    const line = describeLook(await poll(`${origin.url}/`))
    expect(line).toBe('HTTP 200 "old ::error::pwned \\u001b[31mred\\u202e"')
  })
})

describe('waitForAll against hostile origins (real HTTP, waits skipped)', () => {
  it('ends at the deadline with origins that never answer or trickle, each poll cut short', async () => {
    const hang = await serve(() => undefined)
    const drip = await serve((_req, res) => {
      res.writeHead(200)
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('.')), 20)
    })
    const clock = skippingClock()
    const waited = await waitForAll([`${hang.url}/`, `${drip.url}/`], {
      clock,
      deadline: 25_000,
      requestTimeoutMs: 200,
      look: (url, n, timeoutMs) => lookAt(url, SHA, { userAgent: 't', timeoutMs, bust: `${n}` }),
      changed: () => undefined
    })
    expect(waited.map((w) => [w.found, w.last?.error])).toEqual([
      [false, 'no answer within 0.2 s'],
      [false, 'the body did not end within 0.2 s']
    ])
    expect(waited.every((w) => w.polls >= 5)).toBe(true)
  })
})
