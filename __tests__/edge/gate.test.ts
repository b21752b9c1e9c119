/**
 * The deploy gate's client: the polling on a fake clock, and each poll over real HTTP against
 * origins that answer, and against hostile ones that never answer, trickle, send an endless body
 * or huge headers, or redirect elsewhere.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import type { LookupAddress } from 'node:dns'
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
import { guardedClient, guardedLookup, type Resolve } from '../../src/edge/guard.js'
import type { Clock } from '../../src/clock.js'
import { hostileApi, trap, type Hostile, type Trap } from '../__fixtures__/hostile.js'
import { FakeClock } from '../__fixtures__/sim.js'

const SHA: Needle = { text: 'a1b2c3d', ignoreCase: true }

const look = (overrides: Partial<Look> = {}): Look => ({
  status: 200,
  foundIn: undefined,
  excerpt: '{"version":"old"}',
  error: undefined,
  bytes: 17,
  redirectedTo: undefined,
  refused: undefined,
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
      look({ foundIn: 'body', excerpt: '{"version":"a1b2c3d4"}' })
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
          if (url.includes('eu')) return look({ foundIn: 'body' })
          if (url.includes('us') && poll === 4) return look({ foundIn: { header: 'x-version' } })
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

let servers: (Hostile | Trap)[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})
/** The client the step makes, for URLs on 127.0.0.1 (an address: never looked up). */
const client = guardedClient(['127.0.0.1'])
afterAll(() => client.close())
const serve = async (handle: (req: IncomingMessage, res: ServerResponse) => void) => {
  const server = await hostileApi((req, res) => handle(req, res))
  servers.push(server)
  return { ...server, url: server.apiUrl.replace('/client/v4', '') }
}
const poll = (url: string, needle: Needle = SHA, timeoutMs = 5000, bodyLimit?: number) =>
  lookAt(url, needle, {
    client,
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
      expect.objectContaining({ status: 200, foundIn: 'body', error: undefined })
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
    expect((await poll(`${origin.url}/`)).foundIn).toEqual({ header: 'x-deployed' })
    expect((await poll(`${origin.url}/`, { text: 'Build-42', ignoreCase: false })).foundIn).toBe(
      undefined
    )
    expect((await poll(`${origin.url}/`, { text: 'build-42', ignoreCase: false })).foundIn).toEqual(
      { header: 'x-deployed' }
    )
  })

  it('finds text split across two chunks of the body', async () => {
    const origin = await serve((_req, res) => {
      res.write(`${'x'.repeat(70_000)}"version":"a1b`)
      setTimeout(() => res.end('2c3d"'), 50)
    })
    expect((await poll(`${origin.url}/`)).foundIn).toBe('body')
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
      look: (url, n, timeoutMs) =>
        lookAt(url, SHA, { client, userAgent: 't', timeoutMs, bust: `${n}` }),
      changed: () => undefined
    })
    expect(waited.map((w) => [w.found, w.last?.error])).toEqual([
      [false, 'no answer within 0.2 s'],
      [false, 'the body did not end within 0.2 s']
    ])
    expect(waited.every((w) => w.polls >= 5)).toBe(true)
  })
})

/** An origin on 127.0.0.1 (the host the user named) that redirects as `to` says. */
const redirecting = (to: (path: string) => string, status = 302) =>
  serve((req, res) => {
    res.writeHead(status, { location: to(req.url!) })
    res.end('moved')
  })

const springTrap = async () => {
  const t = await trap()
  servers.push(t)
  return t
}

describe('lookAt and redirects (over real HTTP)', () => {
  it('follows a redirect within the origin named, within the same time bound, and says where it led', async () => {
    const origin = await serve((req, res) => {
      if (req.url!.startsWith('/v.json')) return res.end('a1b2c3d')
      res.writeHead(301, { location: req.url!.replace('/old', '/v.json') })
      res.end()
    })
    const led = await poll(`${origin.url}/old?x=1`)
    expect(led).toEqual(
      expect.objectContaining({
        status: 200,
        foundIn: 'body',
        // Without our parameter, which the redirect kept.
        redirectedTo: `${origin.url}/v.json?x=1`,
        refused: undefined
      })
    )
    expect(origin.requests.map((r) => r.path)).toEqual([
      `/old?x=1&${BUST_PARAM}=run-1`,
      `/v.json?x=1&${BUST_PARAM}=run-1`
    ])
  })

  /**
   * The user names the origin by a name (resolved to 127.0.0.1 here), as a real workflow does:
   * every loopback form of an address is then a host the user did not name.
   */
  const pollByName = async (origin: { url: string }) => {
    const resolve: Resolve = async () => [{ address: '127.0.0.1', family: 4 }]
    const named = guardedClient(['www.site.example'], resolve)
    try {
      return await lookAt(origin.url.replace('127.0.0.1', 'www.site.example') + '/v.json', SHA, {
        client: named,
        userAgent: 'test',
        timeoutMs: 5000,
        bust: 'run-1'
      })
    } finally {
      await named.close()
    }
  }

  it.each([
    ['localhost', 'localhost', 'a loopback host (this machine)'],
    ['0.0.0.0', '0.0.0.0', 'an unspecified address (0.0.0.0 or ::, which reaches this machine)'],
    ['0', '0.0.0.0', 'an unspecified address (0.0.0.0 or ::, which reaches this machine)'],
    ['127.0.0.1', '127.0.0.1', 'a loopback host (this machine)'],
    ['127.1', '127.0.0.1', 'a loopback host (this machine)'],
    ['0x7f.1', '127.0.0.1', 'a loopback host (this machine)'],
    ['2130706433', '127.0.0.1', 'a loopback host (this machine)'],
    ['0177.0.0.1', '127.0.0.1', 'a loopback host (this machine)'],
    ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'a loopback host (this machine)'],
    ['[::ffff:7f00:1]', '[::ffff:7f00:1]', 'a loopback host (this machine)'],
    ['[::1]', '[::1]', 'a loopback host (this machine)'],
    ['app.localhost', 'app.localhost', 'a loopback host (this machine)']
  ])(
    'never requests a redirect to %s, a loopback host the user did not name, and names it',
    async (form, shown, words) => {
      const target = await springTrap()
      const origin = await redirecting(() => `http://${form}:${target.port}/secret?${BUST_PARAM}=x`)
      const seen = await pollByName(origin)
      // First: nothing reached the target, not even a connection.
      expect(target.connections).toBe(0)
      const to = `http://${shown}:${target.port}/secret`
      expect(seen).toEqual(
        expect.objectContaining({
          status: 302,
          foundIn: undefined,
          excerpt: '',
          error: undefined,
          refused: { to, why: `points to ${words}` }
        })
      )
      expect(origin.requests).toHaveLength(1)
      expect(describeLook(seen)).toBe(
        `HTTP 302, a redirect to "${to}", which points to ${words}: not followed (a redirect is followed only within the origin named; to wait for what its target serves, name that URL in wait_for_url)`
      )
    }
  )

  it('does not follow a redirect to the address named in another form on another port: another origin', async () => {
    const target = await springTrap()
    for (const form of ['127.1', '0x7f.1', '2130706433', '127.0.0.1.']) {
      const origin = await redirecting(() => `http://${form}:${target.port}/v.json`)
      expect((await poll(`${origin.url}/v.json`)).refused).toEqual({
        to: `http://127.0.0.1:${target.port}/v.json`,
        why: 'is on another origin (scheme, host or port) than the URL named'
      })
    }
    expect(target.connections).toBe(0)
  })

  it.each([
    [
      'http://169.254.169.254/latest/meta-data/',
      'a link-local host (where clouds serve instance metadata)'
    ],
    ['http://[fe80::1]/', 'a link-local host (where clouds serve instance metadata)'],
    ['http://10.0.0.1/admin', 'a host on a private network'],
    ['http://192.168.1.1/', 'a host on a private network'],
    ['http://172.16.0.1/', 'a host on a private network'],
    ['http://100.64.0.1/', 'a host on a private network'],
    ['http://[fd00::1]/', 'a host on a private network']
  ])('never requests a redirect to %s', async (to, words) => {
    const origin = await redirecting(() => to)
    // Were it followed, the poll would wait for its whole time bound on an address with no route.
    const seen = await poll(`${origin.url}/v.json`, SHA, 20_000)
    expect(seen.refused).toEqual({ to, why: `points to ${words}` })
    expect(seen.error).toBeUndefined()
  })

  it('does not follow a redirect to another port, or another scheme, of the same host', async () => {
    const target = await springTrap()
    for (const scheme of ['http', 'https']) {
      const origin = await redirecting(() => `${scheme}://127.0.0.1:${target.port}/v.json`, 307)
      const seen = await poll(`${origin.url}/v.json`)
      expect(seen.refused).toEqual({
        to: `${scheme}://127.0.0.1:${target.port}/v.json`,
        why: 'is on another origin (scheme, host or port) than the URL named'
      })
    }
    expect(target.connections).toBe(0)
  })

  it('does not follow a redirect to another host, and looks nothing up for it', async () => {
    const target = await springTrap()
    const asked: string[] = []
    // A public-looking name whose DNS answer is this machine: the rebinding case.
    const resolve: Resolve = async (hostname) => {
      asked.push(hostname)
      return [{ address: '127.0.0.1', family: 4 }]
    }
    const rebinding = guardedClient(['127.0.0.1'], resolve)
    const origin = await redirecting(() => `http://www.rebind.example:${target.port}/v.json`)
    const seen = await lookAt(`${origin.url}/v.json`, SHA, {
      client: rebinding,
      userAgent: 'test',
      timeoutMs: 5000,
      bust: 'run-1'
    })
    await rebinding.close()
    expect(seen.refused).toEqual({
      to: `http://www.rebind.example:${target.port}/v.json`,
      why: 'is on another origin (scheme, host or port) than the URL named'
    })
    expect(asked).toEqual([])
    expect(target.connections).toBe(0)
  })

  it('refuses a redirect with a user name or password, and never shows the password', async () => {
    const origin = await redirecting(() => 'http://user:hunter2@127.0.0.1/v.json')
    const seen = await poll(`${origin.url}/v.json`)
    expect(seen.refused).toEqual({
      to: 'http://user:hunter2@127.0.0.1/v.json',
      why: 'has a user name or password'
    })
    // The data keeps the target; every way it is said hides the password.
    expect(describeLook(seen)).toContain('http://***@127.0.0.1/v.json')
    expect(describeLook(seen)).not.toContain('hunter2')
  })

  it('stops after five redirects within the origin, and on one without a Location', async () => {
    const origin = await redirecting((path) => path)
    const loop = await poll(`${origin.url}/loop`)
    expect(loop).toEqual(
      expect.objectContaining({ status: 302, error: 'more than 5 redirects', refused: undefined })
    )
    expect(origin.requests).toHaveLength(6)
    const nowhere = await serve((_req, res) => {
      res.writeHead(302)
      res.end()
    })
    expect((await poll(`${nowhere.url}/`)).error).toBe('a redirect without a valid Location')
  })

  it('holds every hop to the one time bound', async () => {
    // The second hop never answers: the poll ends at 0.3 s, not 0.3 s after the first hop.
    const hang = await serve((req, res) => {
      if (req.url!.startsWith('/b')) return
      res.writeHead(302, { location: req.url!.replace('/a', '/b') })
      res.end()
    })
    const seen = await poll(`${hang.url}/a`, SHA, 300)
    expect(hang.requests).toHaveLength(2)
    expect(describeLook(seen)).toBe(`no answer from "${hang.url}/b" (no answer within 0.3 s)`)
  })
})

describe('the guarded client (real HTTP, resolver injected)', () => {
  /** A resolver that answers as a table says, and notes each question. */
  const table = (answers: Record<string, LookupAddress[]>) => {
    const asked: string[] = []
    const resolve: Resolve = async (hostname) => {
      asked.push(hostname)
      return answers[hostname] ?? []
    }
    return { asked, resolve }
  }

  it('connects to a name the user gave whatever it resolves to, and to no other local one', async () => {
    const origin = await serve((_req, res) => res.end('a1b2c3d'))
    const { asked, resolve } = table({
      'origin.example': [{ address: '127.0.0.1', family: 4 }],
      'rebind.example': [{ address: '127.0.0.1', family: 4 }],
      'mixed.example': [
        { address: '203.0.114.7', family: 4 },
        { address: '::ffff:169.254.169.254', family: 6 }
      ]
    })
    const guarded = guardedClient(['origin.example'], resolve)
    const look = (host: string) =>
      lookAt(`http://${host}:${new URL(origin.url).port}/v.json`, SHA, {
        client: guarded,
        userAgent: 'test',
        timeoutMs: 5000,
        bust: 'run-1'
      })
    try {
      expect((await look('origin.example')).foundIn).toBe('body')
      expect(origin.requests).toHaveLength(1)
      const rebound = await look('rebind.example')
      expect(rebound).toEqual(
        expect.objectContaining({
          status: undefined,
          error:
            '"rebind.example" resolves to 127.0.0.1, a loopback host (this machine): not connected, as wait_for_url does not name it'
        })
      )
      expect((await look('mixed.example')).error).toBe(
        '"mixed.example" resolves to ::ffff:169.254.169.254, a link-local host (where clouds serve instance metadata): not connected, as wait_for_url does not name it'
      )
      // The check was made on the connection's own lookup, one for each: no second question.
      expect(asked).toEqual(['origin.example', 'rebind.example', 'mixed.example'])
      expect(origin.requests).toHaveLength(1)
    } finally {
      await guarded.close()
    }
  })

  it('answers a lookup that asks for one address with the first one', async () => {
    const { resolve } = table({ 'a.example': [{ address: '203.0.114.7', family: 4 }] })
    const answer = await new Promise<unknown[]>((done) =>
      guardedLookup(new Set(), resolve)('a.example', { family: 0 }, (...args) => done(args))
    )
    expect(answer).toEqual([null, '203.0.114.7', 4])
    const none = await new Promise<unknown[]>((done) =>
      guardedLookup(new Set(), resolve)('b.example', { all: true }, (...args) => done(args))
    )
    expect((none[0] as NodeJS.ErrnoException).code).toBe('ENOTFOUND')
  })
})
