import { afterEach, describe, expect, it } from '@jest/globals'
import { TimeoutError } from '../../src/errors.js'
import { startEmulator } from '../../emulator/server.js'
import { executeAgainst, planOf, range, type Emulator } from '../__fixtures__/helpers.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

const FAULTS = [
  'json500',
  'json503',
  'html502',
  'bad-json-200',
  'empty-200',
  'reset',
  'retry-after-date',
  'success-false'
] as const

describe('faults the network and the API really produce', () => {
  it.each(FAULTS)('survives %s and purges the item', async (kind) => {
    emulator = await startEmulator()
    emulator.setFaults([{ kind, times: 2 }])
    const outcome = await executeAgainst(emulator, planOf({ tags: ['a'] }))
    expect(outcome.failure).toBeUndefined()
    expect(emulator.acceptedItems('tags')).toEqual(['a'])
    expect(emulator.state.faulted).toBe(2)
    expect(outcome.requests).toBe(3)
  })

  it('purges every one of a thousand items through a mix of every fault on about a third of the requests', async () => {
    emulator = await startEmulator({ seed: 42 })
    // A 429 without Ratelimit headers slows the whole run down on purpose, so it is the rarest here.
    emulator.setFaults(
      FAULTS.map((kind) => ({ kind, probability: kind === 'retry-after-date' ? 0.01 : 0.05 }))
    )
    const urls = range(1000, (i) => `https://www.example.com/page/${i}`)
    const outcome = await executeAgainst(emulator, planOf({ files: urls }, 10), {
      concurrency: 8,
      maxAttempts: 10
    })
    expect(outcome.failure).toBeUndefined()
    expect(emulator.state.faulted).toBeGreaterThan(30)
    expect(new Set(emulator.acceptedItems('files'))).toEqual(new Set(urls))
    expect(outcome.kinds[0]!.accepted).toBe(1000)
    expect(outcome.ids).toHaveLength(emulator.state.accepted.length)
    expect(outcome.unpurged).toEqual([])
  })

  it('never counts an item the API did not accept', async () => {
    emulator = await startEmulator({ seed: 7 })
    emulator.setFaults([
      { kind: 'bad-json-200', probability: 0.5 },
      { kind: 'success-false', probability: 0.5 }
    ])
    const urls = range(200, (i) => `https://www.example.com/${i}`)
    const outcome = await executeAgainst(emulator, planOf({ files: urls }, 10), { maxAttempts: 2 })
    const accepted = new Set(emulator.acceptedItems('files'))
    expect(outcome.failure).toBeDefined()
    expect(outcome.kinds[0]!.accepted).toBe(accepted.size)
    for (const { item } of outcome.unpurged) expect(accepted.has(item as string)).toBe(false)
    expect(outcome.unpurged.length + accepted.size).toBe(200)
  })

  it('fails with a timeout, saying so, when the API never answers', async () => {
    emulator = await startEmulator()
    emulator.setFaults([{ kind: 'hang' }])
    const outcome = await executeAgainst(
      emulator,
      planOf({ files: range(30, (i) => `https://www.example.com/${i}`) }, 10),
      { timeoutMs: 1500, requestTimeoutMs: 400 }
    )
    expect(outcome.failure).toBeInstanceOf(TimeoutError)
    expect(outcome.failure!.message).toContain('Timed out after')
    expect(outcome.unpurged).toHaveLength(30)
    // The deadline, not the machine's speed, ends it: a 1,500 ms step of 400 ms requests has room
    // for at most four tries of each of the three requests (10 URLs each), however slow the machine.
    expect(emulator.state.requests.length).toBeGreaterThanOrEqual(3)
    expect(emulator.state.requests.length).toBeLessThanOrEqual(12)
  })
})
