import { afterEach, describe, expect, it } from '@jest/globals'
import { ApiError, CancelledError, TimeoutError } from '../../src/errors.js'
import { DEFAULT_TOKEN, startEmulator } from '../../emulator/server.js'
import type { Reply } from '../../src/cloudflare/client.js'
import { realClock } from '../../src/clock.js'
import { Pacer } from '../../src/engine/pacer.js'
import { execute } from '../../src/engine/purge-run.js'
import { executeAgainst, FAST, planOf, range, type Emulator } from '../__fixtures__/helpers.js'
import { FakeClock } from '../__fixtures__/sim.js'

let emulator: Emulator | undefined
const start = async (options: Parameters<typeof startEmulator>[0] = {}) =>
  (emulator = await startEmulator(options))
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

describe('execute against the emulator', () => {
  it('purges every item once, in batches, and returns the ids in request order', async () => {
    const api = await start()
    const urls = range(1050, (i) => `https://www.example.com/${i}`)
    const outcome = await executeAgainst(api, planOf({ files: urls, tags: ['a', 'b'] }))
    expect(outcome.failure).toBeUndefined()
    expect(api.acceptedItems('files').sort()).toEqual([...urls].sort())
    expect(api.acceptedItems('tags')).toEqual(['a', 'b'])
    expect(outcome.requests).toBe(12)
    expect(outcome.ids).toHaveLength(12)
    expect(outcome.kinds.map((k) => [k.kind, k.total, k.accepted, k.requests])).toEqual([
      ['files', 1050, 1050, 11],
      ['tags', 2, 2, 1]
    ])
    expect(outcome.unpurged).toEqual([])
  })

  it('splits batches a smaller-cap plan refuses, and keeps the smaller size for the rest', async () => {
    const api = await start({ limits: { maxFiles: 30, maxItems: 30 } }) // the older pages' cap
    const tags = range(1000, (i) => `tag-${i}`)
    const outcome = await executeAgainst(api, planOf({ tags }), { concurrency: 1 })
    expect(outcome.failure).toBeUndefined()
    expect(outcome.rejected).toEqual([])
    expect(api.acceptedItems('tags').sort()).toEqual([...tags].sort())
    // The documented cap below 100, never a guess between (25, 15): a plain 400 names no number.
    expect(outcome.kinds[0]!.batchSize).toBe(30)
    expect(outcome.notices).toEqual([
      'Cloudflare refused 100 tags in one request, naming no number, and took them 30 at a time: the action sends at most 30 per request from now on.'
    ])
    // 100 is refused before anything was accepted: its first and last items go alone, the 98
    // between in parts of 30 (30, 30, 30, 8); then 30 batches of 30.
    expect(api.state.accepted).toHaveLength(36)
    expect(outcome.requests).toBe(37)
  })

  it('never settles below the smallest documented cap when halves of a blind refusal are taken', async () => {
    // A request of 30 refused once with a plain 400 (a passing refusal, a proxy): its halves go
    // through, which proves nothing about size, since every plan takes 30.
    let calls = 0
    const sent: number[] = []
    const send = async (_kind: unknown, items: unknown[]): Promise<Reply> => {
      sent.push(items.length)
      return ++calls === 2
        ? { type: 'refused', status: 400, errors: [{ message: 'Bad Request' }], rate: {} }
        : { type: 'ok', status: 200, result: { id: 'a'.repeat(32) }, rate: {} }
    }
    const notices: string[] = []
    const outcome = await execute(
      planOf({ files: range(120, (i) => `https://www.example.com/${i}`) }, 30),
      { ...FAST, concurrency: 1 },
      { clock: realClock, send, log: { info: () => undefined, notice: (m) => notices.push(m) } }
    )
    expect(outcome.failure).toBeUndefined()
    expect(outcome.unpurged).toEqual([])
    expect(outcome.kinds[0]!.batchSize).toBe(30)
    expect(notices).toEqual([])
    expect(sent).toEqual([30, 30, 15, 15, 30, 30])
  })

  it('reports a single bad item, purges the rest, and does not mistake it for a size cap', async () => {
    const bad = 'https://www.example.com/bad'
    const api = await start({
      rejectItem: (kind, item) =>
        item === bad ? { code: 1016, message: 'URL is not in this zone' } : undefined
    })
    const urls = range(400, (i) => `https://www.example.com/${i}`)
    urls.splice(137, 0, bad)
    const outcome = await executeAgainst(api, planOf({ files: urls }))
    expect(outcome.failure).toBeUndefined()
    expect(outcome.rejected).toEqual([
      { kind: 'files', item: bad, code: 1016, message: 'URL is not in this zone' }
    ])
    expect(api.acceptedItems('files')).toHaveLength(400)
    expect(api.acceptedItems('files')).not.toContain(bad)
    expect(outcome.kinds[0]!.batchSize).toBe(100)
    expect(outcome.unpurged).toEqual([])
  })

  it('paces a purge bucket after its 429s, so that most requests are accepted', async () => {
    // No Ratelimit headers: the action learns only from 429s and their Retry-After.
    const api = await start({
      limits: { requests: { rate: 4, burst: 3 }, maxFiles: 100, maxItems: 100 },
      rateHeaders: 'none'
    })
    const outcome = await executeAgainst(api, planOf({ tags: range(12, (i) => `t${i}`) }, 1), {
      concurrency: 4
    })
    expect(outcome.failure).toBeUndefined()
    expect(api.acceptedItems('tags')).toHaveLength(12)
    expect(outcome.throttled).toBeGreaterThan(0)
    expect(outcome.throttled).toBeLessThanOrEqual(outcome.requests / 3)
  })

  it('reports progress, counting a rate-limit wait while it is under way', async () => {
    const api = await start({
      limits: { requests: { rate: 1, burst: 2 }, maxFiles: 100, maxItems: 100 }
    })
    const outcome = await executeAgainst(api, planOf({ tags: range(3, (i) => `t${i}`) }, 1), {
      progressEveryMs: 200
    })
    expect(outcome.failure).toBeUndefined()
    const during = outcome.progress.filter((p) => p.done === 2)
    expect(during.length).toBeGreaterThan(0)
    expect(during[0]).toMatchObject({ total: 3 })
    // A tick in the middle of the one-second wait already counts part of it.
    expect(during.some((p) => p.waitedMs > 100 && p.waitedMs < 900)).toBe(true)
  })

  it('stops at the first request refused as a whole and accounts for what was not purged', async () => {
    const api = await start()
    const outcome = await executeAgainst(
      api,
      planOf({ files: range(500, (i) => `https://www.example.com/${i}`) }),
      { concurrency: 2 },
      'wrong-token'
    )
    expect(outcome.failure).toBeInstanceOf(ApiError)
    expect(outcome.failure!.message).toBe(
      'Cloudflare API error 10000: Authentication error (HTTP 403)'
    )
    expect(outcome.requests).toBeLessThanOrEqual(2)
    expect(outcome.unpurged).toHaveLength(500)
  })

  it('stops the workers waiting for the rate limit as soon as the run has failed', async () => {
    // The transport is scripted: what matters here is the executor's timing, not HTTP.
    let calls = 0
    const clock = new FakeClock()
    const send = async (): Promise<Reply> => {
      if (++calls === 1)
        return {
          type: 'ok',
          status: 200,
          result: { id: 'a' },
          rate: { api: { remaining: 0, resetMs: 10_000, quota: 1, windowMs: 10_000 } }
        }
      await clock.sleep(200)
      return {
        type: 'refused',
        status: 403,
        errors: [{ code: 10000, message: 'Authentication error' }],
        rate: {}
      }
    }
    const outcome = await clock.run(
      execute(
        planOf({ tags: ['a', 'b', 'c'] }, 1),
        { ...FAST, concurrency: 2, timeoutMs: 60_000 },
        { clock, send }
      )
    )
    expect(outcome.failure!.message).toBe(
      'Cloudflare API error 10000: Authentication error (HTTP 403)'
    )
    // On the fake clock: the refusal came at 200 ms; waiting out the 10 s rate limit would end past it.
    expect(outcome.durationMs).toBeLessThan(10_000)
    expect(outcome.unpurged.map((u) => u.item)).toEqual(['b', 'c'])
  })

  it('does not split a batch the API refuses for a reason that applies to every item', async () => {
    const api = await start()
    const outcome = await executeAgainst(
      api,
      planOf(
        { files: range(50, (i) => `https://www.example.com/${i}`) },
        100,
        'b2f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7'
      )
    )
    expect(outcome.failure).toBeUndefined()
    expect((outcome.kinds[0]!.stopped as ApiError).codes).toEqual([1136])
    expect(outcome.unpurged).toHaveLength(50)
    expect(outcome.requests).toBe(1)
  })

  it('fails with a timeout when the API never answers', async () => {
    const api = await start()
    api.setFaults([{ kind: 'hang' }])
    const outcome = await executeAgainst(api, planOf({ tags: ['a'] }), {
      timeoutMs: 1200,
      requestTimeoutMs: 300
    })
    expect(outcome.failure).toBeInstanceOf(TimeoutError)
    // Measured on the real clock: how far past 1.2 s depends on the machine, not the rule.
    expect(outcome.failure!.message).toMatch(/^Timed out after \d+(\.\d)? s \(timeout: 1\.2 s\)/)
    expect(outcome.unpurged).toEqual([{ kind: 'tags', item: 'a' }])
    expect(outcome.requests).toBeGreaterThanOrEqual(3)
  })

  it('fails at once, with code 1134, when the rate limit asks for a wait the timeout cannot hold', async () => {
    const api = await start({
      limits: { requests: { rate: 0.01, burst: 1 }, maxFiles: 100, maxItems: 100 },
      rateHeaders: 'none'
    })
    // The engine's clock stands still: what it says of time cannot depend on the machine's speed.
    const outcome = await executeAgainst(
      api,
      planOf({ tags: ['a', 'b', 'c'] }, 1),
      { timeoutMs: 5000, concurrency: 1 },
      DEFAULT_TOKEN,
      new FakeClock()
    )
    expect(outcome.failure).toBeInstanceOf(TimeoutError)
    expect(outcome.failure!.message).toBe(
      "Gave up after 0 s (timeout: 5 s): Cloudflare's rate limit asks to wait 99 s, longer than the 5 s left of the timeout"
    )
    expect((outcome.failure as TimeoutError).codes).toEqual([1134])
    expect(outcome.durationMs).toBe(0)
    expect(outcome.unpurged.map((u) => u.item)).toEqual(['b', 'c'])
  })

  it('gives up after the attempts run out and says why', async () => {
    const api = await start()
    api.setFaults([{ kind: 'json503' }])
    const outcome = await executeAgainst(api, planOf({ tags: ['a'] }), { maxAttempts: 3 })
    expect(outcome.failure!.message).toBe(
      'Gave up after 3 attempts: Cloudflare API error 10001: Service temporarily unavailable (HTTP 503)'
    )
    expect(outcome.requests).toBe(3)
  })

  it('gives a ticket back when the timeout runs out, so zones sharing the pacer end too', async () => {
    // On a fake clock: each request hangs for its whole timeout, and the step's 300 ms run out.
    const clock = new FakeClock()
    const start = clock.now()
    const pacer = new Pacer(clock, start + 300)
    const send = async (_kind: unknown, _items: unknown, timeoutMs: number): Promise<Reply> => {
      await clock.sleep(timeoutMs)
      return { type: 'unreachable', detail: 'no answer', timedOut: true }
    }
    const zone = (host: string) =>
      execute(
        planOf({ files: range(50, (i) => `https://${host}/${i}`) }, 1),
        { ...FAST, concurrency: 8, timeoutMs: 300, startedAt: start, requestTimeoutMs: 30_000 },
        { clock, send, pacer }
      )
    // A zone left waiting for a ticket never settles: the simulation would say so.
    const outcomes = await clock.run(Promise.all(['a.com', 'b.com', 'c.com'].map(zone)))
    for (const outcome of outcomes) expect(outcome.failure).toBeInstanceOf(TimeoutError)
  })
})

describe('a cancel (the runner’s SIGTERM or SIGINT)', () => {
  const ok = (): Reply => ({ type: 'ok', status: 200, result: { id: 'a'.repeat(32) }, rate: {} })

  it('sends nothing after it, counts what was accepted before, and leaves the rest unpurged', async () => {
    const cancel = new AbortController()
    let calls = 0
    const send = async (): Promise<Reply> => {
      // The second answer comes with the cancel: the batch it carried was accepted.
      if (++calls === 2) cancel.abort(new CancelledError('SIGTERM'))
      return ok()
    }
    const outcome = await execute(
      planOf({ tags: range(10, (i) => `tag-${i}`) }, 1),
      { ...FAST, concurrency: 1 },
      { clock: realClock, send, signal: cancel.signal }
    )
    expect(calls).toBe(2)
    expect(outcome.failure).toBeInstanceOf(CancelledError)
    expect(outcome.failure!.message).toMatch(
      /^The step was cancelled \(SIGTERM\) after [\d.]+ s: no purge request was sent after it$/
    )
    expect(outcome.kinds[0]!.accepted).toBe(2)
    expect(outcome.unpurged.map((u) => u.item)).toEqual(range(8, (i) => `tag-${i + 2}`))
  })

  it('gives the requests in flight a moment to answer, then abandons them as not purged', async () => {
    const cancel = new AbortController()
    const abandoned: string[] = []
    const info: string[] = []
    const send = (_kind: unknown, items: unknown[], _ms: number, abandon: AbortSignal) =>
      new Promise<Reply>((resolve) => {
        const item = String(items[0])
        let answered = false
        const answer = (reply: Reply) => {
          answered = true
          resolve(reply)
        }
        // One answers within the grace, the other never would.
        if (item === 'tag-0') setTimeout(() => answer(ok()), 20)
        abandon.addEventListener('abort', () => {
          if (answered) return
          abandoned.push(item)
          answer({ type: 'unreachable', detail: 'abandoned unanswered', timedOut: false })
        })
        if (item === 'tag-1') cancel.abort(new CancelledError('SIGINT'))
      })
    const outcome = await execute(
      planOf({ tags: ['tag-0', 'tag-1', 'tag-2'] }, 1),
      { ...FAST, concurrency: 2, requestTimeoutMs: 600_000, cancelGraceMs: 300 },
      {
        clock: realClock,
        send,
        signal: cancel.signal,
        log: { info: (m) => info.push(m), notice: () => undefined }
      }
    )
    expect(abandoned).toEqual(['tag-1'])
    expect(outcome.kinds[0]!.accepted).toBe(1)
    expect(outcome.kinds[0]!.retries).toBe(0)
    expect(outcome.unpurged.map((u) => u.item)).toEqual(['tag-1', 'tag-2'])
    expect(outcome.failure!.message).toContain(
      'and 1 request(s) still in flight were abandoned unanswered'
    )
    expect(info).toEqual([expect.stringMatching(/^Stopped waiting for 1 request\(s\) in flight/)])
  })
})
