import { describe, expect, it } from '@jest/globals'
import { Workers } from '../../src/engine/workers.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('Workers', () => {
  it('waits for a busy worker that may hand out more jobs, and ends when none is left', async () => {
    const queue = [3]
    const done: number[] = []
    let most = 0
    let inFlight = 0
    await new Workers(
      () => queue.shift(),
      async (job: number) => {
        most = Math.max(most, ++inFlight)
        await tick()
        // A job hands out two smaller ones only once it is done, after the others found none.
        if (job > 1) queue.push(job - 1, job - 1)
        done.push(job)
        inFlight--
      },
      () => false
    ).run(4)
    expect(done).toEqual([3, 2, 2, 1, 1, 1, 1])
    expect(most).toBe(4)
  })

  it('lets no worker take another job once the run is over, but lets jobs in hand end', async () => {
    const queue = [1, 2, 3, 4, 5, 6]
    const done: number[] = []
    let over = false
    await new Workers(
      () => queue.shift(),
      async (job: number) => {
        await tick()
        done.push(job)
        if (job === 2) over = true
      },
      () => over
    ).run(2)
    // 3 was taken while 2 was in hand, before the run was over.
    expect(done).toEqual([1, 2, 3])
    expect(queue).toEqual([4, 5, 6])
  })

  it('runs one worker when asked for none', async () => {
    const done: number[] = []
    const queue = [1, 2]
    await new Workers(
      () => queue.shift(),
      async (job: number) => void done.push(job),
      () => false
    ).run(0)
    expect(done).toEqual([1, 2])
  })
})
