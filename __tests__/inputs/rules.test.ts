import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { domainToASCII } from 'node:url'
import {
  asciiHost,
  checkName,
  checkUrlEntry,
  hostProblem,
  normalizePrefix,
  prefixProblem,
  quoteKeys,
  tagProblem,
  textProblem,
  zoneProblem
} from '../../src/inputs/rules.js'
import { hideUserinfo, shownValue } from '../../src/text.js'

describe('URLs', () => {
  it.each([
    ['https://www.example.com/css/styles.css'],
    ['http://example.com/'],
    ['https://example.com/a,b?x=1'],
    ['https://xn--bcher-kva.example/'],
    ['https://medium.com/@user/Post'],
    ['http://[::1]:8080/A%20b']
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
    [{ url: 'https://a.com/', header: {} }, 'unknown field(s) "header"'],
    [{ url: 'https://a.com/', headers: { 'Bad Name': 'x' } }, 'header names are'],
    [{ url: 'https://a.com/', headers: { Origin: 'a\r\nX: y' } }, 'control characters'],
    [{ url: 'https://a.com/', headers: { Origin: 'a\uFFFD' } }, 'broken Unicode'],
    [
      { url: 'https://a.com/', headers: { 'X-Name': 'caf\u00e9 \u2603' } },
      'headers.X-Name: header values must be Latin-1 text (no character past U+00FF)'
    ],
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
          const hash = url.indexOf('#')
          expect(checkUrlEntry(url)).toEqual(
            hash === -1 ? { item: url } : { item: url.slice(0, hash), fragment: url.slice(hash) }
          )
        }
      )
    )
  })
})

describe('URL normalisation', () => {
  it('sends an international host in ASCII, keeps the rest, and escapes what is beyond ASCII as browsers do', () => {
    expect(checkUrlEntry('https://Bücher.example/Päth/A%2f?Q=Ä')).toEqual({
      item: 'https://xn--bcher-kva.example/P%C3%A4th/A%2f?Q=%C3%84'
    })
    expect(checkUrlEntry('https://bücher.example:8443')).toEqual({
      item: 'https://xn--bcher-kva.example:8443'
    })
    expect(checkUrlEntry('https://b%C3%BCcher.example/x')).toEqual({
      item: 'https://xn--bcher-kva.example/x'
    })
    expect(
      checkUrlEntry({ url: 'https://bücher.example/', headers: { 'CF-Device-Type': 'mobile' } })
    ).toEqual({
      item: { url: 'https://xn--bcher-kva.example/', headers: { 'CF-Device-Type': 'mobile' } }
    })
  })

  it('drops the fragment and says which', () => {
    expect(checkUrlEntry('https://example.com/a,b?x=1#top')).toEqual({
      item: 'https://example.com/a,b?x=1',
      fragment: '#top'
    })
    expect(checkUrlEntry('https://example.com#')).toEqual({
      item: 'https://example.com',
      fragment: '#'
    })
    expect(checkUrlEntry({ url: 'https://a.com/x#y' })).toEqual({
      item: 'https://a.com/x',
      fragment: '#y'
    })
  })

  it.each([
    ['https://user:secret@example.com/', 'user name or password'],
    ['https://user@example.com/', 'user name or password'],
    ['https://:@example.com/', 'user name or password'],
    ['https://example.com/\uFFFD.css', 'U+FFFD'],
    ['https://example.com/\uD800.css', 'lone UTF-16 surrogate'],
    ['https://example.com/\u0000', 'control character'],
    ['https://example.com/\u001b[31m', 'control character']
  ])('refuses %j', (url, problem) =>
    expect(checkUrlEntry(url)).toEqual({ problem: expect.stringContaining(problem) })
  )

  it('hides what could be a password before quoting a URL', () => {
    expect(hideUserinfo('https://user:secret@example.com/a@b')).toBe('https://***@example.com/a@b')
    expect(hideUserinfo('{"url":"https://u:p@a.com/"}')).toBe('{"url":"https://***@a.com/"}')
    expect(hideUserinfo('https://medium.com/@user')).toBe('https://medium.com/@user')
  })

  /** What hideUserinfo was before: quadratic on a long text, but the meaning it keeps. */
  const oldHide = (text: string): string =>
    text.replace(/([a-z][a-z0-9+.-]*:[/\\]*)[^/\\?#\s"]*@/gi, '$1***@')

  it('hides exactly what the regular expression it replaced hid (property)', () => {
    const unit = fc.constantFrom(
      'a',
      'Z',
      '1',
      '+',
      '.',
      '-',
      ':',
      '/',
      '\\',
      '@',
      '?',
      '#',
      ' ',
      '\n',
      '"',
      'é',
      'https://',
      'u:p@'
    )
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 30 }).map((parts) => parts.join('')),
        (text) => {
          expect(hideUserinfo(text)).toBe(oldHide(text))
        }
      ),
      { numRuns: 5000 }
    )
  })

  it.each([
    ['a:', '@', () => 'a:***@'],
    ['a:', ' @', (n: number) => `${'a:'.repeat(n)} @`],
    ['x:/', '@', (n: number) => `${'x:/'.repeat(n)}***@`],
    ['u:p@', '', () => 'u:***@'],
    ['a://b ', '@', (n: number) => `${'a://b '.repeat(n)}@`]
  ])(
    'hides user info in a megabyte of %j, reading it in linear time',
    (unit, end, expected) => {
      // The old expression takes minutes on a megabyte: it is checked on 50 copies.
      expect(hideUserinfo(unit.repeat(50) + end)).toBe(oldHide(unit.repeat(50) + end))
      expect(hideUserinfo(unit.repeat(50) + end)).toBe(expected(50))
      const n = Math.ceil(1_000_000 / unit.length)
      expect(hideUserinfo(unit.repeat(n) + end) === expected(n)).toBe(true)
    },
    5_000
  )

  it.each([
    ['https://user:PASS@host.example/a', 'https://***@host.example/a'],
    ['https://user:PA/SS@host.example/a', 'https://***@host.example/a'],
    ['https://user:PA SS@host.example/a', 'https://***@host.example/a'],
    ['https://@host.example/', 'https://***@host.example/'],
    ['user:PASS@host.example', 'user:***@host.example'],
    ['https://host.example/@team/x', 'https://host.example/@team/x'],
    ['https://host.example/a', 'https://host.example/a'],
    ['not a url at all', 'not a url at all']
  ])('shows the URL input %j as %j', (given, shown) => expect(shownValue(given)).toBe(shown))

  const unicodeLabel = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
    .filter((label) => /^[\p{L}\p{N}]+$/u.test(label) && domainToASCII(`${label}.example`) !== '')
  const unicodeUrl = fc
    .tuple(
      fc.constantFrom('http', 'https', 'HTTPS'),
      unicodeLabel,
      fc.constantFrom('', ':8080'),
      fc.webPath(),
      fc.constantFrom('', '?A=B', '#Frag')
    )
    .map(([scheme, label, port, path, tail]) => ({
      url: `${scheme}://${label}.example${port}${path}${tail}`,
      rest: `${port}${path}${tail.startsWith('#') ? '' : tail}`
    }))

  it('is idempotent, and changes nothing but the host and the fragment', () => {
    fc.assert(
      fc.property(unicodeUrl, ({ url, rest }) => {
        fc.pre(!/[\s*]/.test(url))
        const first = checkUrlEntry(url)
        if (!('item' in first)) throw new Error(`refused ${url}: ${JSON.stringify(first)}`)
        const item = first.item as string
        expect(item).toMatch(/^https?:\/\//)
        expect(new URL(item).hostname).toMatch(/^[\x21-\x7e]+$/)
        expect(item.endsWith(rest)).toBe(true)
        expect(checkUrlEntry(item)).toEqual({ item })
      })
    )
  })
})

describe('text from outside', () => {
  it('refuses replacement characters, lone surrogates and control characters', () => {
    expect(textProblem('a\uFFFDb')).toContain('U+FFFD')
    expect(textProblem('a\uDC00')).toContain('surrogate')
    expect(textProblem('\u{1F600}')).toBeUndefined()
    expect(textProblem('a\u0085')).toContain('control character')
  })

  it('quotes unknown keys short, escaped, and at most five', () => {
    const keys = ['a\n::error::x', 'k'.repeat(100), 'c', 'd', 'e', 'f', 'g']
    const quoted = quoteKeys(keys)
    expect(quoted).not.toMatch(/[\n\r]/)
    expect(quoted).toContain('"a\\n::error::x"')
    expect(quoted).toContain('and 2 more')
    expect(quoted.length).toBeLessThan(120)
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
  it('sends an international host name in its ASCII form', () => {
    expect(hostProblem('Bücher.example')).toBeUndefined()
    expect(checkName(hostProblem, 'Bücher.example', asciiHost)).toEqual({
      item: 'xn--bcher-kva.example'
    })
    expect(checkName(hostProblem, 'WWW.Example.com', asciiHost)).toEqual({
      item: 'WWW.Example.com'
    })
  })
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (host) => {
        const once = asciiHost(host)
        expect(asciiHost(once)).toBe(once)
      })
    )
  })
  it.each([
    ['https://www.example.com', 'without "https://"'],
    ['www.example.com/blog', 'without a path'],
    ['www.example.com:8443', 'without a port'],
    ['-bad-.com', 'not a valid host name'],
    ['exa mple.com', 'not a valid host name'],
    ['b\uFFFDcher.example', 'U+FFFD'],
    ['a\u0000.com', 'control character']
  ])('rejects %j', (host, problem) => expect(hostProblem(host)).toContain(problem))
})

describe('prefixes', () => {
  it('accepts a host and a path', () =>
    expect(prefixProblem('www.example.com/blog/')).toBeUndefined())
  it('sends an international host in ASCII and escapes the rest of what is beyond ASCII', () => {
    expect(prefixProblem('bücher.example/Blög/')).toBeUndefined()
    expect(normalizePrefix('Bücher.example/Blög/')).toBe('xn--bcher-kva.example/Bl%C3%B6g/')
    expect(normalizePrefix('www.example.com/Blog/')).toBe('www.example.com/Blog/')
  })
  it.each([
    ['https://www.example.com/blog/', 'must not have a scheme'],
    ['www.example.com/blog/?page=2', 'query string'],
    ['www.example.com/blog/#top', 'fragment'],
    ['www.example.com', 'host followed by a path'],
    ['/blog/', 'host followed by a path'],
    [`www.example.com${'/a'.repeat(32)}`, 'at most 31'],
    ['bad_host!/x', 'not a valid host name'],
    ['a.com/\uFFFD', 'U+FFFD'],
    ['a.com/\u0007', 'control character'],
    ['a\u001b[2J.com/x', 'control character']
  ])('rejects %j', (prefix, problem) => expect(prefixProblem(prefix)).toContain(problem))
  it('quotes a bad host short and escaped', () => {
    const problem = prefixProblem(`${'h'.repeat(300)}\u001b::x/y`)!
    expect(problem).not.toMatch(/\p{Cc}/u)
    expect(problem.length).toBeLessThan(120)
  })
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
})
