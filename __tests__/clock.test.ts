/**
 * Every timer's delay, clamped: Node throws on a negative or fractional AbortSignal.timeout delay
 * ("The value of "delay" is out of range"), and fires any timer over 2^31-1 ms after 1 ms.
 */
import { describe, expect, it } from '@jest/globals'
import { MAX_TIMER_MS, realClock, timeoutSignal, timerMs } from '../src/clock.js'

const ODD = [-1, -0.5, 0, 0.4, 29_999.5, 1e12, Infinity, -Infinity, NaN]

describe('timer delays', () => {
  it('are whole milliseconds from 0 to 2^31-1, whatever is asked', () => {
    expect(ODD.map(timerMs)).toEqual([0, 0, 0, 0, 30_000, MAX_TIMER_MS, MAX_TIMER_MS, 0, 0])
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1)
  })

  it('never make AbortSignal.timeout throw, and a long one never fires at once', async () => {
    const signals = ODD.map((ms) => timeoutSignal(ms))
    const long = timeoutSignal(2 ** 32 + 5)
    // Node fires an over-range timer after 1 ms: a 20 ms sleep is long past that.
    await realClock.sleep(20)
    expect(long.aborted).toBe(false)
    expect(signals[5]!.aborted).toBe(false)
    // A delay of nothing (or NaN) is the least there is: it has run out by now.
    expect(signals[0]!.aborted).toBe(true)
    expect(signals[8]!.aborted).toBe(true)
  })

  it('let realClock.sleep take any delay, NaN and negative ones at once', async () => {
    await realClock.sleep(NaN)
    await realClock.sleep(-5)
    await realClock.sleep(0.5)
    const aborted = new AbortController()
    aborted.abort()
    await realClock.sleep(1e15, aborted.signal)
  })
})
