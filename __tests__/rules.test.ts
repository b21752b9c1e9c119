import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  checkUrlEntry,
  environmentProblem,
  hostProblem,
  prefixProblem,
  tagProblem,
  zoneProblem
} from '../src/rules.js'

describe('URLs', () => {
  it.each([
    ['https://www.example.com/css/styles.css'],
    ['http://example.com/'],
    ['https://example.com/a,b?x=1#top'],
    ['https://xn--bcher-kva.example/']
  ])('accepts %s', (url) => expect(checkUrlEntry(url)).toEqual({ item: url }))

  it.each([
    ['www.example.com/a', 'must be a full URL starting with http:// or https://'],
    ['ftp://example.com/a', 'must be a full URL starting with http:// or https://'],
    ['https://example.com/a b', 'contains whitespace'],
    ['https://', 'is not a valid URL'],
    ['https://example.com/*.css', 'wildcard'],
    ['https://exa mple.com/', 'whitespace']
  ])('rejects %s', (url, problem) =>
    expect(checkUrlEntry(url)).toEqual({ problem: expect.stringContaining(problem) })
  )

  it('accepts {url, headers} objects and drops empty headers', () => {
    expect(
      checkUrlEntry({ url: 'https://a.com/', headers: { 'CF-Device-Type': 'mobile' } })
    ).toEqual({
      item: { url: 'https://a.com/', headers: { 'CF-Device-Type': 'mobile' } }
    })
    expect(checkUrlEntry({ url: 'https://a.com/' })).toEqual({ item: 'https://a.com/' })
  })

  it.each([
    [
      { url: 'https://a.com/', headers: { Origin: 1 } },
      'headers.Origin: header values must be strings'
    ],
    [{ url: 'https://a.com/', header: {} }, 'unknown field(s) header'],
    [{ url: 'a.com' }, 'url: must be a full URL'],
    [{ headers: {} }, 'url'],
    [42, 'must be a URL string or an object'],
    [null, 'must be a URL string or an object']
  ])('rejects the entry %j', (entry, problem) =>
    expect(checkUrlEntry(entry)).toEqual({ problem: expect.stringContaining(problem) })
  )

  it('never accepts a string without an http(s) scheme', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!/^https?:\/\//i.test(s))
        expect(checkUrlEntry(s)).toEqual({ problem: expect.any(String) })
      })
    )
  })

  it('accepts every generated web URL without whitespace or wildcards', () => {
    fc.assert(
      fc.property(
        fc.webUrl({
          validSchemes: ['http', 'https'],
          withQueryParameters: true,
          withFragments: true
        }),
        (url) => {
          fc.pre(!/[\s*]/.test(url))
          expect(checkUrlEntry(url)).toEqual({ item: url })
        }
      )
    )
  })
})

describe('tags', () => {
  it('accepts printable ASCII up to 1,024 characters', () => {
    expect(tagProblem('product-1234')).toBeUndefined()
    expect(tagProblem('x'.repeat(1024))).toBeUndefined()
  })
  it('rejects long tags, spaces and non-ASCII', () => {
    expect(tagProblem('x'.repeat(1025))).toContain('at most 1,024')
    expect(tagProblem('two words')).toContain('spaces')
    expect(tagProblem('café')).toContain('printable ASCII')
    expect(tagProblem('a\u0007')).toContain('printable ASCII')
  })
  it('rejects any tag with a character outside 0x21-0x7e', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }), (tag) => {
        const bad = /[^\x21-\x7e]/.test(tag)
        expect(tagProblem(tag) !== undefined).toBe(bad)
      })
    )
  })
})

describe('hosts', () => {
  it('accepts bare host names', () => expect(hostProblem('www.example.com')).toBeUndefined())
  it.each([
    ['https://www.example.com', 'without "https://"'],
    ['www.example.com/blog', 'without a path'],
    ['www.example.com:8443', 'without a port'],
    ['-bad-.com', 'not a valid host name'],
    ['exa mple.com', 'not a valid host name']
  ])('rejects %s', (host, problem) => expect(hostProblem(host)).toContain(problem))
})

describe('prefixes', () => {
  it('accepts a host and a path', () =>
    expect(prefixProblem('www.example.com/blog/')).toBeUndefined())
  it.each([
    ['https://www.example.com/blog/', 'must not have a scheme'],
    ['www.example.com/blog/?page=2', 'query string'],
    ['www.example.com/blog/#top', 'fragment'],
    ['www.example.com', 'host followed by a path'],
    ['/blog/', 'host followed by a path'],
    [`www.example.com${'/a'.repeat(32)}`, 'at most 31'],
    ['bad_host!/x', 'not a valid host name']
  ])('rejects %s', (prefix, problem) => expect(prefixProblem(prefix)).toContain(problem))
  it('allows exactly 31 separators', () =>
    expect(prefixProblem(`www.example.com${'/a'.repeat(31)}`)).toBeUndefined())
})

describe('zone and environment', () => {
  it('accepts a 32-hex ID or a domain name', () => {
    expect(zoneProblem('023e105f4ecef8ad9ca31a8372d0c353')).toBeUndefined()
    expect(zoneProblem('example.co.uk')).toBeUndefined()
  })
  it.each([
    ['', 'is required'],
    ['023e105f4ecef8ad9ca31a8372d0c35', 'has 31 characters'],
    ['https://example.com', 'not a URL'],
    ['localhost', 'neither a zone ID'],
    ['exa_mple.com', 'neither a zone ID']
  ])('rejects zone %j', (zone, problem) => expect(zoneProblem(zone)).toContain(problem))
  it('accepts environment IDs up to 32 letters and digits', () => {
    expect(environmentProblem('7c5dae5552338874e5053f2534d2')).toBeUndefined()
    expect(environmentProblem('a'.repeat(33))).toContain('at most 32')
    expect(environmentProblem('../zones')).toContain('letters and digits')
  })
})
