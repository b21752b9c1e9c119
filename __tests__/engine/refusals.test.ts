import { describe, expect, it } from '@jest/globals'
import { decide, statedMaximum } from '../../src/engine/refusals.js'

const units = Array.from({ length: 100 }, (_, i) => `https://www.example.com/page/${i}`)
const work = (indices: number[]) => ({ kind: 'files' as const, indices })
const all = (n: number) => Array.from({ length: n }, (_, i) => i)
const blind = [{ message: 'the API answered HTTP 400 with an HTML page' }]

describe('decide', () => {
  it('rejects just the items an error names, and sends the rest again', () => {
    const errors = [{ code: 1016, message: `Invalid url: ${units[7]}` }]
    expect(decide(work(all(10)), units, errors, { accepted: 0, blindSingles: 0 })).toEqual({
      type: 'reject',
      indices: [7],
      again: [work([0, 1, 2, 3, 4, 5, 6, 8, 9])]
    })
  })

  it('tries the first and last items alone before halving, while nothing of the kind was accepted', () => {
    const decision = decide(work(all(10)), units, blind, { accepted: 0, blindSingles: 0 })
    expect(decision.type).toBe('split')
    const works = (decision as { works: { indices: number[] }[] }).works
    expect(works.map((w) => w.indices)).toEqual([[0], [9], [1, 2, 3, 4], [5, 6, 7, 8]])
  })

  it('halves once the kind has been accepted', () => {
    const decision = decide(work(all(10)), units, blind, { accepted: 3, blindSingles: 0 })
    expect((decision as { works: { indices: number[] }[] }).works.map((w) => w.indices)).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9]
    ])
  })

  it('sends a batch larger than 30 again in parts of the documented cap below it, never a guess between', () => {
    const sizes = (n: number) => {
      const decision = decide(work(all(n)), units, blind, { accepted: 3, blindSingles: 0 })
      const works = (decision as { works: { indices: number[]; parent?: unknown }[] }).works
      return { sizes: works.map((w) => w.indices.length), parent: works[0]!.parent }
    }
    expect(sizes(100)).toEqual({
      sizes: [30, 30, 30, 10],
      parent: { refused: 100, size: 30, parts: 4, accepted: 0 }
    })
    expect(sizes(49)).toEqual({
      sizes: [30, 19],
      parent: { refused: 49, size: 30, parts: 2, accepted: 0 }
    })
    // 30 is within every documented cap: halves look for a bad item, and teach no size.
    expect(sizes(30)).toEqual({ sizes: [15, 15], parent: undefined })
  })

  it('stops the kind when single items are refused blindly and nothing was ever accepted', () => {
    expect(decide(work([3]), units, blind, { accepted: 0, blindSingles: 0 }).type).toBe('reject')
    expect(decide(work([4]), units, blind, { accepted: 0, blindSingles: 1 }).type).toBe('stop')
    expect(decide(work([4]), units, blind, { accepted: 5, blindSingles: 1 }).type).toBe('reject')
    expect(decide(work([4]), units, blind, { accepted: 5, blindSingles: 9 }).type).toBe('stop')
  })

  it('rejects a purge-everything request refused blindly: it is the only item', () => {
    expect(decide(work([0]), ['everything'], blind, { accepted: 0, blindSingles: 5 })).toEqual({
      type: 'reject',
      indices: [0],
      again: []
    })
  })

  it('uses a maximum the refusal states at once, instead of halving down to it', () => {
    const errors = [{ code: 1015, message: 'You may purge at most 30 files per request' }]
    const decision = decide(work(all(100)), units, errors, { accepted: 0, blindSingles: 0 })
    expect(decision).toMatchObject({ type: 'resize', size: 30 })
    const works = (decision as { works: { indices: number[] }[] }).works
    expect(works.map((w) => w.indices.length)).toEqual([30, 30, 30, 10])
  })
})

describe('statedMaximum', () => {
  it.each([
    ['No more than 30 files may be purged at once', 30],
    ['maximum of 100 tags per request', 100],
    ['Request exceeds the limit of 500 URLs', 500],
    ['limit is 30', 30],
    ['Bad Request', undefined],
    ['Invalid url: https://www.example.com/a/1', undefined]
  ])('%j -> %j', (text, n) => expect(statedMaximum(text)).toBe(n))
})
