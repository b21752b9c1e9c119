import { describe, expect, it } from '@jest/globals'
import { backoffMs } from '../../src/cloudflare/backoff.js'

describe('backoffMs', () => {
  it('doubles from the base up to the cap, with up to 25% jitter taken off', () => {
    const backoff = { baseMs: 100, capMs: 1000 }
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, backoff, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000
    ])
    expect(backoffMs(2, backoff, () => 0)).toBe(300)
  })
})
