import { describe, expect, it } from '@jest/globals'
import type { Reply } from '../../src/cloudflare/client.js'
import { judge } from '../../src/cloudflare/verdict.js'

const refused = (status: number, codes: (number | undefined)[], rate = {}): Reply => ({
  type: 'refused',
  status,
  errors: codes.map((code) => ({ ...(code === undefined ? {} : { code }), message: `m${code}` })),
  rate
})

describe('judge', () => {
  it('accepts a success and reads its id', () => {
    const id = '023e105f4ecef8ad9ca31a8372d0c353'
    expect(judge({ type: 'ok', status: 200, result: { id }, rate: {} })).toEqual({
      action: 'accept',
      id,
      oddId: false
    })
    expect(judge({ type: 'ok', status: 200, result: null, rate: {} })).toEqual({
      action: 'accept',
      id: undefined,
      oddId: false
    })
  })

  it("accepts a zone lookup's success whatever its result, as the pacer must count it", () => {
    const zone = { id: '023e105f4ecef8ad9ca31a8372d0c353', name: 'example.com' }
    for (const result of [[zone], [], zone, { id: 'not hex' }, 'text'])
      expect(judge({ type: 'ok', status: 200, result, rate: {} }).action).toBe('accept')
  })

  it.each([
    ['429', refused(429, [1134]), 'throttle'],
    ['1134 under another status', refused(400, [1134]), 'throttle'],
    ['500', refused(500, [10001]), 'retry'],
    ['503', refused(503, []), 'retry'],
    ['408', refused(408, []), 'retry'],
    ['409', refused(409, []), 'retry'],
    ['200 with success false', refused(200, [10001]), 'retry'],
    ['400 for many items', refused(400, [1016]), 'refuse'],
    ['1136 for URLs on an environment', refused(400, [1136]), 'fail'],
    ['403 authentication', refused(403, [10000]), 'fail'],
    ['400 with a whole-request code', refused(400, [1136]), 'fail'],
    ['200 with a whole-request code', refused(200, [7003]), 'fail'],
    ['404', refused(404, [7000]), 'fail'],
    ['401 that says to retry', refused(401, [], { shouldRetry: true }), 'retry']
  ])('%s -> %s', (_, reply, action) => expect(judge(reply).action).toBe(action))

  it('does not believe an id that is not 32 hex characters', () => {
    for (const id of ['abc', '..', `${'a'.repeat(32)}\n::error::x`, 42])
      expect(judge({ type: 'ok', status: 200, result: { id }, rate: {} })).toEqual({
        action: 'accept',
        id: undefined,
        oddId: true
      })
  })

  it('fails the run for codes about credentials or zone, and only the kind for 1136', () => {
    expect(judge(refused(403, [10000]))).toMatchObject({ action: 'fail', scope: 'run' })
    expect(judge(refused(400, [1136]))).toMatchObject({ action: 'fail', scope: 'kind' })
  })

  it('retries garbled success answers and the edge error pages', () => {
    for (const status of [200, 502, 520, 524])
      expect(judge({ type: 'garbled', status, detail: 'html', rate: {} }).action).toBe('retry')
    expect(judge({ type: 'garbled', status: 400, detail: 'plain', rate: {} }).action).toBe('refuse')
    expect(judge({ type: 'garbled', status: 301, detail: 'redirect', rate: {} }).action).toBe(
      'fail'
    )
    expect(judge({ type: 'unreachable', detail: 'ECONNRESET', timedOut: false }).action).toBe(
      'retry'
    )
  })

  it('throttles on a 429 whatever its body, so every worker holds back', () => {
    expect(
      judge({ type: 'garbled', status: 429, detail: 'an HTML page', rate: { retryAfterMs: 2000 } })
    ).toEqual({
      action: 'throttle',
      errors: [{ message: 'an HTML page' }]
    })
  })
})
