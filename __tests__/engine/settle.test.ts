import { describe, expect, it, jest } from '@jest/globals'
import type { Reply } from '../../src/cloudflare/client.js'
import { Pacer } from '../../src/engine/pacer.js'
import { execute } from '../../src/engine/purge-run.js'
import { pacedGet, settle } from '../../src/engine/settle.js'
import { FAST, planOf } from '../__fixtures__/helpers.js'
import { FakeClock } from '../__fixtures__/sim.js'

const refused = (status: number, codes: number[]): Reply => ({
  type: 'refused',
  status,
  errors: codes.map((code) => ({ code, message: `m${code}` })),
  rate: {}
})
const ok = (result: unknown): Reply => ({ type: 'ok', status: 200, result, rate: {} })
const ZONE = { id: '023e105f4ecef8ad9ca31a8372d0c353', name: 'example.com' }

const THROTTLING: [string, Reply][] = [
  ['a 429 with 1134', refused(429, [1134])],
  ['a 1134 refusal under HTTP 400', refused(400, [1134])],
  ['a 429 without a code', refused(429, [])],
  ['a 429 without an envelope', { type: 'garbled', status: 429, detail: 'html', rate: {} }]
]

/** Sends `replies` one by one through a pacedGet, on a fake clock. */
const lookups = async (replies: Reply[]) => {
  const clock = new FakeClock()
  const pacer = new Pacer(clock, 3_600_000)
  const next = [...replies]
  const get = pacedGet(pacer, async () => next.shift()!)
  const got: Reply[] = []
  await clock.run(
    (async () => {
      for (let i = 0; i < replies.length; i++) got.push(await get('/zones?name=example.com', 100))
    })()
  )
  return { pacer, got }
}

describe('pacedGet', () => {
  it.each(THROTTLING)('counts %s as throttled, and hands the reply on as it came', async (_, r) => {
    const { pacer, got } = await lookups([r])
    expect(got).toEqual([r])
    expect([pacer.throttles, pacer.throttleStreak]).toEqual([1, 1])
  })

  it('takes any success as accepted, whatever its result: a list, a zone, nothing', async () => {
    for (const result of [[ZONE], ZONE, { id: 'not-a-purge-id' }, null]) {
      const { pacer } = await lookups([refused(429, [1134]), ok(result)])
      expect([pacer.throttles, pacer.throttleStreak]).toEqual([1, 0])
    }
  })

  it('counts a refusal of the token neither as throttled nor as accepted', async () => {
    const { pacer } = await lookups([refused(429, [1134]), refused(403, [9109])])
    expect([pacer.throttles, pacer.throttleStreak]).toEqual([1, 1])
  })

  it('gives the ticket back when the call throws, so later calls still go', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 3_600_000)
    let calls = 0
    const get = pacedGet(pacer, async () => {
      if (++calls <= 3) throw new Error('boom')
      return ok([ZONE])
    })
    for (let i = 0; i < 3; i++) await expect(clock.run(get('/zones', 100))).rejects.toThrow('boom')
    await expect(clock.run(get('/zones', 100))).resolves.toEqual(ok([ZONE]))
    expect(clock.now()).toBe(0)
  })

  it('settles as main.ts did with its own classification, for every kind of reply', async () => {
    // main.ts's `get` before pacedGet: the classification it replaces, reply by reply.
    const before = (reply: Reply) =>
      reply.type === 'unreachable'
        ? 'other'
        : reply.status === 429 ||
            (reply.type === 'refused' && reply.errors.some((e) => e.code === 1134))
          ? 'throttled'
          : reply.type === 'ok'
            ? 'accepted'
            : 'other'
    const replies: Reply[] = [
      ...THROTTLING.map(([, r]) => r),
      ok([ZONE]),
      ok(ZONE),
      refused(403, [9109]),
      refused(403, [10000]),
      refused(400, [1016]),
      refused(200, [10001]),
      refused(503, []),
      { type: 'garbled', status: 502, detail: 'html', rate: {} },
      { type: 'unreachable', detail: 'ECONNRESET', timedOut: false }
    ]
    for (const reply of replies) {
      const pacer = new Pacer(new FakeClock(), 3_600_000)
      const spy = jest.spyOn(pacer, 'settle')
      settle(pacer, await pacer.acquire('api', 0), reply)
      const [, rate, outcome, codes] = spy.mock.calls[0]!
      expect([outcome, rate]).toEqual([
        before(reply),
        reply.type === 'unreachable' ? undefined : reply.rate
      ])
      // The pacer reads the codes only to tell a purge bucket's 429 (1134) from the quota's.
      expect((codes ?? []).includes(1134)).toBe(
        reply.type === 'refused' && reply.errors.some((e) => e.code === 1134)
      )
    }
  })
})

describe('settle', () => {
  it('counts throttles the same on the purge path as on the lookup path', async () => {
    const replies = [...THROTTLING.map(([, r]) => r), ok({ id: ZONE.id })]
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 3_600_000)
    const next = [...replies]
    const outcome = await clock.run(
      execute(
        planOf({ tags: ['a'] }),
        { ...FAST, concurrency: 1, timeoutMs: 3_600_000 },
        { clock, pacer, send: async () => next.shift()! }
      )
    )
    expect(outcome.failure).toBeUndefined()
    expect([outcome.throttled, outcome.kinds[0]!.throttled]).toEqual([4, 4])
    expect([pacer.throttles, pacer.throttleStreak]).toEqual([4, 0])
    const looked = await lookups(replies)
    expect([looked.pacer.throttles, looked.pacer.throttleStreak]).toEqual([4, 0])
  })
})
