import { describe, expect, it } from '@jest/globals'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { forZone, initialRequests, planPurge, purgeBody, purgePath } from '../../src/plan/plan.js'
import { type RunPlan } from '../../src/model.js'

const runPlan = (overrides: Partial<RawInputs>): RunPlan =>
  planPurge(
    parseInputs({
      ...(Object.fromEntries(INPUT_NAMES.map((n) => [n, ''])) as RawInputs),
      token: 't',
      zone: '023e105f4ecef8ad9ca31a8372d0c353',
      ...overrides
    })
  )
const plan = (overrides: Partial<RawInputs>) => {
  const run = runPlan(overrides)
  return forZone(run, run.zones[0]!, run.kinds)
}

describe('planPurge', () => {
  it('keeps one plan per kind, in a fixed order, without duplicates', () => {
    const p = plan({
      urls: 'https://a.com/X\nhttps://a.com/x\nhttps://a.com/X',
      tags: 'Home, home, HOME, other',
      hosts: 'WWW.a.com, www.a.com',
      prefixes: 'A.com/Blog/, a.com/Blog/, a.com/blog/'
    })
    expect(p.kinds).toEqual([
      { kind: 'files', items: ['https://a.com/X', 'https://a.com/x'], duplicates: 1 },
      { kind: 'tags', items: ['Home', 'other'], duplicates: 2 },
      { kind: 'hosts', items: ['WWW.a.com'], duplicates: 1 },
      { kind: 'prefixes', items: ['A.com/Blog/', 'a.com/blog/'], duplicates: 1 }
    ])
  })

  it('treats URLs with different cache-key headers as different items', () => {
    const p = plan({
      urls: JSON.stringify([
        { url: 'https://a.com/', headers: { 'CF-Device-Type': 'mobile' } },
        { url: 'https://a.com/', headers: { 'cf-device-type': 'mobile' } },
        { url: 'https://a.com/', headers: { 'CF-Device-Type': 'desktop' } },
        'https://a.com/'
      ])
    })
    expect(p.kinds[0]).toMatchObject({ duplicates: 1 })
    expect(p.kinds[0]!.items).toHaveLength(3)
  })

  it('cuts the initial requests at the batch size', () => {
    const urls = Array.from({ length: 7 }, (_, i) => `https://a.com/${i}`).join('\n')
    const requests = initialRequests({ ...plan({ urls, tags: 'a' }), batchSize: 3 })
    expect(requests.map((r) => [r.kind, r.items.length])).toEqual([
      ['files', 3],
      ['files', 3],
      ['files', 1],
      ['tags', 1]
    ])
  })

  it('sends at most 100 tags, hosts or prefixes per request, on a plan that takes 500 URLs', () => {
    const many = (n: number, f: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => f(i)).join('\n')
    const run = runPlan({
      urls: many(600, (i) => `https://a.com/${i}`),
      tags: many(250, (i) => `t${i}`)
    })
    const requests = initialRequests(
      forZone(run, run.zones[0]!, run.kinds, undefined, 'enterprise')
    )
    expect(requests.map((r) => [r.kind, r.items.length])).toEqual([
      ['files', 500],
      ['files', 100],
      ['tags', 100],
      ['tags', 100],
      ['tags', 50]
    ])
  })

  it('sends 100 URLs per request on any other plan, or when the plan is not known', () => {
    const urls = Array.from({ length: 150 }, (_, i) => `https://a.com/${i}`).join('\n')
    const run = runPlan({ urls })
    for (const known of [undefined, 'free', 'pro', 'business'])
      expect(
        initialRequests(forZone(run, run.zones[0]!, run.kinds, undefined, known)).map(
          (r) => r.items.length
        )
      ).toEqual([100, 50])
  })

  it('plans purge_everything as one request', () => {
    expect(initialRequests(plan({ purge_everything: 'true' }))).toEqual([
      { kind: 'purge_everything', items: [] }
    ])
  })
})

describe('purgePath and purgeBody', () => {
  it('builds zone and environment paths for purge and invalidate', () => {
    expect(purgePath('z', undefined, 'purge')).toBe('/zones/z/purge_cache')
    expect(purgePath('z', 'e', 'invalidate')).toBe('/zones/z/environments/e/invalidate_cache')
  })
  it('sends one kind per body', () => {
    expect(purgeBody('tags', ['a'])).toEqual({ tags: ['a'] })
    expect(purgeBody('purge_everything', [])).toEqual({ purge_everything: true })
  })
})
