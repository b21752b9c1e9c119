import { describe, expect, it } from '@jest/globals'
import { TimeoutError } from '../src/errors.js'
import { Pacer, type Clock } from '../src/pacer.js'

/** Time passes only when someone sleeps, so waits can be read exactly. */
const fakeClock = (): Clock & { t: number } => {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms
    }
  }
  return clock
}

describe('Pacer', () => {
  it('lets requests through at once while nothing is known of the limit', async () => {
    const clock = fakeClock()
    const pacer = new Pacer(clock, 60_000)
    for (let i = 0; i < 50; i++) await pacer.acquire('requests', 1)
    expect(clock.t).toBe(0)
  })

  it('holds every waiter for the wait a 429 asked for', async () => {
    const clock = fakeClock()
    const pacer = new Pacer(clock, 60_000)
    const ticket = await pacer.acquire('requests', 1)
    pacer.settle(ticket, { retryAfterMs: 2000 }, true)
    const times: number[] = []
    await Promise.all([1, 2, 3].map(() => pacer.acquire('urls', 1).then(() => times.push(clock.t))))
    expect(times).toEqual([2000, 2000, 2000])
    expect(pacer.throttles).toBe(1)
    expect(pacer.waitedMs()).toBe(2000)
  })

  it('spends a known bucket no faster than it refills', async () => {
    const clock = fakeClock()
    const pacer = new Pacer(clock, 60_000)
    const first = await pacer.acquire('requests', 1)
    // 5 per second, 2 left: two go at once, then one every 200 ms.
    pacer.settle(first, { api: { remaining: 2, resetMs: 5000, quota: 25, windowMs: 5000 } }, false)
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const ticket = await pacer.acquire('requests', 1)
      times.push(clock.t)
      pacer.settle(ticket, undefined, false)
    }
    expect(times).toEqual([0, 0, 200, 400, 600])
  })

  it('counts what is still in flight against what the server said is left', async () => {
    const clock = fakeClock()
    const pacer = new Pacer(clock, 60_000)
    const a = await pacer.acquire('urls', 100)
    await pacer.acquire('urls', 100)
    await pacer.acquire('urls', 100)
    // The server saw only `a`: 200 left, but two more requests of 100 are already on their way.
    pacer.settle(a, { api: { remaining: 200, resetMs: 1000, quota: 1500, windowMs: 1000 } }, false)
    await pacer.acquire('urls', 100)
    expect(clock.t).toBeCloseTo(100 / 1.5, 5)
  })

  it('learns a rate from the 429 wait when the API sends no Ratelimit headers', async () => {
    const clock = fakeClock()
    const pacer = new Pacer(clock, 600_000)
    const ticket = await pacer.acquire('requests', 1)
    pacer.settle(ticket, { retryAfterMs: 12_000 }, true)
    const times: number[] = []
    for (let i = 0; i < 3; i++) times.push(await pacer.acquire('requests', 1).then(() => clock.t))
    expect(times[0]).toBe(12_000)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(11_000)
  })

  it('measures the rate between two 429s as what the server accepted in between', async () => {
    const clock = fakeClock()
    const pacer = new Pacer(clock, 600_000)
    pacer.settle(await pacer.acquire('requests', 1), { retryAfterMs: 1000 }, true)
    for (let i = 0; i < 10; i++) pacer.settle(await pacer.acquire('requests', 1), {}, false)
    pacer.settle(await pacer.acquire('requests', 1), { retryAfterMs: 1000 }, true)
    const after = clock.t
    const first = await pacer.acquire('requests', 1).then(() => clock.t)
    const second = await pacer.acquire('requests', 1).then(() => clock.t)
    // 10 accepted between the two 429s: one request every `after` / 10 ms from now on.
    expect(first).toBeCloseTo(after + 1000, 5)
    expect(second - first).toBeCloseTo(after / 10, 5)
  })

  it('fails fast when the wait asked for outlasts the timeout', async () => {
    const clock = fakeClock()
    const pacer = new Pacer(clock, 5000)
    const ticket = await pacer.acquire('requests', 1)
    pacer.settle(ticket, { retryAfterMs: 300_000 }, true)
    await expect(pacer.acquire('requests', 1)).rejects.toThrow(TimeoutError)
    await expect(pacer.acquire('requests', 1)).rejects.toThrow(
      'asks to wait 300 s, longer than the 5 s left of the timeout'
    )
  })
})
