import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { hostOf, route, zoneFor } from '../../src/plan/routing.js'

describe('zoneFor', () => {
  it('takes the longest zone name that ends the host on a label boundary', () => {
    const names = ['example.com', 'ample.com', 'example.co.uk', 'shop.example.co.uk']
    expect(zoneFor('www.example.com', names)).toBe(0)
    expect(zoneFor('example.com', names)).toBe(0)
    expect(zoneFor('www.ample.com', names)).toBe(1)
    expect(zoneFor('shop.example.co.uk', names)).toBe(3)
    expect(zoneFor('cdn.shop.example.co.uk', names)).toBe(3)
    expect(zoneFor('www.example.co.uk', names)).toBe(2)
    expect(zoneFor('notexample.com', ['example.com'])).toBeUndefined()
    expect(zoneFor('www.other.org', names)).toBeUndefined()
  })

  it('never picks a zone whose name is not a whole-label suffix of the host', () => {
    const label = fc.stringMatching(/^[a-z]{1,8}$/)
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), label, (labels, extra) => {
        const host = labels.join('.')
        const impostor = `${extra}${host}`
        const zone = zoneFor(host, [impostor])
        expect(zone).toBeUndefined()
        expect(zoneFor(`${extra}.${host}`, [host])).toBe(0)
      })
    )
  })
})

describe('hostOf', () => {
  it('reads the host of a URL, a host and a prefix, and none of a tag', () => {
    expect(hostOf('files', 'https://WWW.Example.com/a')).toBe('www.example.com')
    expect(hostOf('files', { url: 'https://m.example.com/', headers: {} })).toBe('m.example.com')
    expect(hostOf('hosts', 'Static.Example.com')).toBe('static.example.com')
    expect(hostOf('prefixes', 'www.example.com/blog/')).toBe('www.example.com')
    expect(hostOf('tags', 'home')).toBeUndefined()
  })
})

describe('route', () => {
  const kinds = [
    {
      kind: 'files' as const,
      items: [
        'https://www.example.com/a',
        'https://www.example.org/b',
        'https://cdn.example.org/c'
      ],
      duplicates: 0
    },
    { kind: 'tags' as const, items: ['release-7'], duplicates: 0 },
    { kind: 'prefixes' as const, items: ['www.example.com/blog/'], duplicates: 0 }
  ]

  it('sends items naming a host to its zone only, and tags to every zone', () => {
    const { perZone, unrouted } = route(kinds, ['example.com', 'example.org'])
    expect(unrouted).toEqual([])
    expect(perZone[0]).toEqual([
      { kind: 'files', items: ['https://www.example.com/a'], duplicates: 0 },
      { kind: 'tags', items: ['release-7'], duplicates: 0 },
      { kind: 'prefixes', items: ['www.example.com/blog/'], duplicates: 0 }
    ])
    expect(perZone[1]).toEqual([
      {
        kind: 'files',
        items: ['https://www.example.org/b', 'https://cdn.example.org/c'],
        duplicates: 0
      },
      { kind: 'tags', items: ['release-7'], duplicates: 0 }
    ])
  })

  it('sends purge-everything to every zone', () => {
    const everything = [{ kind: 'purge_everything' as const, items: [], duplicates: 0 }]
    const { perZone } = route(everything, ['example.com', 'example.org'])
    expect(perZone).toEqual([everything, everything])
  })

  it('names what belongs to none of several zones', () => {
    const { unrouted } = route(kinds, ['example.com', 'example.net'])
    expect(unrouted.map((u) => u.host)).toEqual(['www.example.org', 'cdn.example.org'])
  })

  it('gives one zone everything, and names what is not in it when its name is known', () => {
    expect(route(kinds, ['example.com']).perZone[0]![0]!.items).toHaveLength(3)
    expect(route(kinds, ['example.com']).unrouted).toHaveLength(2)
    expect(route(kinds, [undefined]).unrouted).toEqual([])
  })
})
