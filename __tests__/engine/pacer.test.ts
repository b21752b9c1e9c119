import { describe, expect, it } from '@jest/globals'
import { PurgeBucket } from '../../src/engine/bucket.js'
import { TimeoutError } from '../../src/errors.js'
import { DOCUMENTED_PER_MS, Pacer } from '../../src/engine/pacer.js'
import { Quota } from '../../src/engine/quota.js'
import { FakeClock } from '../__fixtures__/sim.js'

const at = async <T>(clock: FakeClock, work: Promise<T>): Promise<number> => {
  await clock.run(work)
  return clock.now()
}

describe('Quota (the API-wide limit from the Ratelimit headers)', () => {
  it('lets requests go until none is left, then holds until the window resets', () => {
    const quota = new Quota()
    expect(quota.waitMs(0)).toBe(0)
    const first = quota.send(0)
    quota.answered(first, { remaining: 2, resetMs: 10_000, quota: 30, windowMs: 10_000 }, 100)
    quota.send(100)
    expect(quota.waitMs(100)).toBe(0)
    quota.send(100)
    // The server counted the first request only; two more are out: nothing is left, until a
    // second after the reset said (the header's seconds may be rounded either way).
    expect(quota.waitMs(200)).toBe(10_900)
  })

  it('sends one request into a window that should have reset, and the rest after its answer', () => {
    const quota = new Quota()
    const first = quota.send(0)
    quota.answered(first, { remaining: 0, resetMs: 1000 }, 0)
    expect(quota.waitMs(500)).toBe(1500)
    const probe = quota.send(2000)
    expect(quota.waitMs(2000)).toBeUndefined()
    quota.answered(probe, { remaining: 29, resetMs: 10_000 }, 2100)
    expect(quota.waitMs(2100)).toBe(0)
  })

  it('does not lose its probe to an answer without headers', () => {
    const quota = new Quota()
    quota.answered(quota.send(0), { remaining: 0, resetMs: 1000 }, 0)
    const probe = quota.send(2000)
    quota.answered(probe, undefined, 2100)
    expect(quota.waitMs(2100)).toBe(0)
  })

  it('takes the latest reset that rounded answers give, a second more, and the least left', () => {
    const quota = new Quota()
    const a = quota.send(0)
    const b = quota.send(0)
    quota.answered(b, { remaining: 10, resetMs: 9000 }, 100)
    quota.answered(a, { remaining: 11, resetMs: 10_000 }, 100)
    for (let i = 0; i < 10; i++) quota.send(100)
    expect(quota.waitMs(200)).toBe(10_900)
  })

  it('knows nothing and holds nothing without headers', () => {
    const quota = new Quota()
    for (let i = 0; i < 5000; i++) quota.answered(quota.send(i), undefined, i)
    expect(quota.known).toBe(false)
    expect(quota.waitMs(5000)).toBe(0)
  })
})

describe('PurgeBucket (a bucket seen only through 429s)', () => {
  it('paces nothing until the first 429', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.urls)
    for (let i = 0; i < 100; i++) {
      expect(bucket.waitMs(100, i)).toBe(0)
      bucket.spend(100, i)
      bucket.accept(100, i, i + 100)
    }
  })

  it('starts from the lowest documented rate a rounded Retry-After allows, not from the wait', () => {
    const urls = new PurgeBucket(DOCUMENTED_PER_MS.urls)
    urls.throttle(100, 0, 100, 1000, true)
    expect(urls.rate).toBeCloseTo(0.8)
    const requests = new PurgeBucket(DOCUMENTED_PER_MS.requests)
    requests.throttle(1, 0, 100, 1000, true)
    expect(requests.rate).toBeCloseTo(0.005)
  })

  it('trusts a long Retry-After: the Free plan waits twelve seconds a request', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.requests)
    bucket.throttle(1, 0, 100, 12_000, true)
    expect(bucket.waitMs(1, 100)).toBeCloseTo(12_000, -2)
  })

  it('measures the rate from what was accepted between two 429s', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.urls)
    bucket.throttle(100, 0, 100, 1000, true)
    // 2,000 URLs accepted in the next two seconds, then the bucket is empty again.
    for (let t = 100; t < 2000; t += 100) bucket.accept(100, t, t + 100)
    bucket.accept(100, 1999, 2099)
    bucket.throttle(100, 2000, 2100, 1000, true)
    expect(bucket.rate).toBeGreaterThan(0.9)
    expect(bucket.rate).toBeLessThan(1.05)
  })

  it('counts the 429s of requests already in flight as one', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.requests)
    bucket.throttle(1, 0, 100, 1000, true)
    const rate = bucket.rate
    bucket.throttle(1, 50, 120, 1000, true)
    expect(bucket.rate).toBe(rate)
  })

  it('never assumes less than half the lowest documented rate, whatever a 429 says', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.urls)
    bucket.throttle(100, 0, 10, 50, false)
    for (let t = 20; t < 1000; t += 100) bucket.throttle(100, t, t + 10, undefined, false)
    expect(bucket.rate).toBeGreaterThanOrEqual(0.4)
  })

  it('does not take a rounded Retry-After of a nearly refilled bucket for its rate', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.requests, 0)
    for (let i = 0; i < 25; i++) bucket.accept(1, i, i + 100)
    bucket.throttle(1, 1000, 1100, 12_000, true) // the Free plan: one request every 12 s
    bucket.throttle(1, 20_000, 20_100, 1000, true) // a tenth of a token short, rounded up
    expect(bucket.rate).toBeLessThan((5 / 60_000) * 1.5)
  })

  it('paces no faster than a long Retry-After proves, whatever plan was hinted', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.requests, 0)
    bucket.prefer(DOCUMENTED_PER_MS.requests[3]!) // Enterprise, but this zone is on Free
    for (let i = 0; i < 25; i++) bucket.accept(1, i, i + 100)
    bucket.throttle(1, 1000, 1100, 12_000, true)
    expect(bucket.rate * 11_000).toBeLessThanOrEqual(1)
  })

  it('saves no more credit during a wait than the bucket showed it holds', () => {
    const bucket = new PurgeBucket(DOCUMENTED_PER_MS.requests)
    for (let i = 0; i < 25; i++) bucket.accept(1, 0, 100)
    bucket.throttle(1, 100, 200, 1000, true)
    // Ten seconds later: 25 may go at once (the burst the start showed), not 50.
    let sent = 0
    while (bucket.waitMs(1, 10_200) === 0 && sent < 100) {
      bucket.spend(1, 10_200)
      sent++
    }
    expect(sent).toBeGreaterThanOrEqual(24)
    expect(sent).toBeLessThanOrEqual(26)
  })
})

describe('Pacer', () => {
  it('lets requests through at once while nothing is known of the limits', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    for (let i = 0; i < 50; i++) {
      const ticket = await clock.run(pacer.acquire('requests', 1))
      pacer.settle(ticket, {}, 'accepted')
    }
    expect(clock.now()).toBe(0)
  })

  it('keeps at most two requests of a lane in flight, and wakes a waiter when one answers', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    const a = await clock.run(pacer.acquire('urls', 100))
    await clock.run(pacer.acquire('urls', 100))
    const third = pacer.acquire('urls', 100)
    let sent = false
    void third.then(() => (sent = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(sent).toBe(false)
    // Another lane is not held by this one.
    await clock.run(pacer.acquire('requests', 1))
    pacer.settle(a, {}, 'accepted')
    await clock.run(third)
    expect(sent).toBe(true)
  })

  it('holds every lane for the wait of a 429 that is not a purge bucket', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    const ticket = await clock.run(pacer.acquire('requests', 1))
    pacer.settle(ticket, { retryAfterMs: 2000 }, 'throttled', [971])
    expect(await at(clock, pacer.acquire('urls', 1))).toBe(2000)
    expect(pacer.throttles).toBe(1)
    expect(pacer.waitedMs()).toBe(2000)
  })

  it('holds only its own lane for a purge bucket 429', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    const ticket = await clock.run(pacer.acquire('requests', 1))
    pacer.settle(ticket, { retryAfterMs: 12_000, retryAfterRounded: true }, 'throttled', [1134])
    expect(await at(clock, pacer.acquire('urls', 100))).toBe(0)
    expect(await at(clock, pacer.acquire('requests', 1))).toBeGreaterThanOrEqual(11_000)
  })

  it('holds everything when the API-wide quota says nothing is left, zone lookups too', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    const ticket = await clock.run(pacer.acquire('urls', 100))
    pacer.settle(ticket, { api: { remaining: 0, resetMs: 3000 } }, 'accepted')
    expect(await at(clock, pacer.acquire('api', 0))).toBe(4000)
  })

  it('never waits less than a floor after a 429, whatever the headers said', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    pacer.settle(await clock.run(pacer.acquire('requests', 1)), {}, 'throttled', [])
    expect(await at(clock, pacer.acquire('requests', 1))).toBeGreaterThanOrEqual(50)
  })

  it('fails fast when the wait asked for outlasts the timeout', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 5000)
    const ticket = await clock.run(pacer.acquire('requests', 1))
    pacer.settle(ticket, { retryAfterMs: 300_000 }, 'throttled', [])
    await expect(clock.run(pacer.acquire('requests', 1))).rejects.toThrow(
      new TimeoutError(
        "Cloudflare's rate limit asks to wait 300 s, longer than the 5 s left of the timeout"
      )
    )
  })

  it('hands out nothing past the deadline, and wakes a slot waiter then instead of spinning', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 1000)
    await clock.run(pacer.acquire('urls', 100))
    await clock.run(pacer.acquire('urls', 100))
    // Both slots are taken and never given back: the third waits, until the deadline.
    await expect(clock.run(pacer.acquire('urls', 100))).rejects.toThrow(TimeoutError)
    expect(clock.now()).toBeGreaterThanOrEqual(1000)
    expect(clock.now()).toBeLessThan(1010)
  })

  it('ends every wait at once when stopped', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 600_000)
    pacer.settle(
      await clock.run(pacer.acquire('requests', 1)),
      { retryAfterMs: 100_000 },
      'throttled',
      []
    )
    const waiting = pacer.acquire('requests', 1)
    await new Promise((resolve) => setImmediate(resolve))
    pacer.stop()
    await expect(waiting).rejects.toThrow('stopped')
    expect(clock.now()).toBe(0)
  })
})
