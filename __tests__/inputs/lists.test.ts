import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseLines, parseList } from '../../src/inputs/lists.js'

const entries = (raw: string, kind: 'urls' | 'names' = 'names') => {
  const parsed = parseList(raw, kind)
  if ('error' in parsed) throw new Error(parsed.error)
  return parsed.entries
}

describe('parseList', () => {
  it('reads one per line, comma-separated, or both', () => {
    expect(entries('a\nb, c\r\n\n  d  ,')).toEqual(['a', 'b', 'c', 'd'])
  })

  it('keeps commas inside URLs and splits where a new URL starts', () => {
    expect(entries('https://a.com/x,y, https://b.com/?q=1,2,HTTP://c.com/', 'urls')).toEqual([
      'https://a.com/x,y',
      'https://b.com/?q=1,2',
      'HTTP://c.com/'
    ])
  })

  it('reads a JSON array with objects untouched', () => {
    expect(
      entries(
        '[ "https://a.com/", {"url": "https://b.com/", "headers": {"Origin": "https://c.com"}} ]',
        'urls'
      )
    ).toEqual(['https://a.com/', { url: 'https://b.com/', headers: { Origin: 'https://c.com' } }])
  })

  it('says what is wrong with a broken JSON array', () => {
    expect(parseList('["a",', 'names')).toEqual({
      error: expect.stringContaining('starts with "[" but is not valid JSON')
    })
  })

  it.each([
    ['[https://a.com/, https://b.com/]', 'urls', 'write one URL per line'],
    ["['https://a.com/']", 'urls', 'write one URL per line'],
    ['[a, b]', 'names', 'write one entry per line'],
    ['[ product-1 ]', 'names', 'write one entry per line']
  ] as const)('hints that %s is a YAML flow list', (text, kind, hint) => {
    expect(parseList(text, kind)).toEqual({
      error: `looks like a YAML flow list; ${hint}, or a JSON array with quoted strings`
    })
  })

  it('gives no YAML hint for JSON that is merely broken', () => {
    expect(parseList('["a", ]', 'names')).toEqual({
      error: expect.stringContaining('is not valid JSON')
    })
    expect(parseList('[{"url": 1]', 'urls')).toEqual({
      error: expect.stringContaining('is not valid JSON')
    })
  })

  it('reads an empty or blank input as no entries', () => {
    expect(entries('')).toEqual([])
    expect(entries(' \n , \n')).toEqual([])
  })

  it('round-trips any list of names written one per line, comma-separated or as JSON', () => {
    const name = fc.stringMatching(/^[\x21-\x2b\x2d-\x5a\x5c-\x7e][\x21-\x2b\x2d-\x7e]{0,20}$/)
    fc.assert(
      fc.property(
        fc.array(name, { maxLength: 30 }),
        fc.constantFrom('\n', ',', ', ', '\r\n'),
        (names, separator) => {
          expect(entries(names.join(separator))).toEqual(names)
          expect(entries(JSON.stringify(names))).toEqual(names)
        }
      )
    )
  })

  it('round-trips any list of URLs, whatever commas their paths hold', () => {
    const url = fc.webUrl({ withQueryParameters: true }).filter((u) => !/\s/.test(u))
    fc.assert(
      fc.property(
        fc.array(url, { maxLength: 20 }),
        fc.constantFrom('\n', ',', ', '),
        (urls, separator) => {
          const trimmed = urls.map((u) => u.replace(/,+$/, '')).filter((u) => !u.endsWith(','))
          expect(entries(trimmed.join(separator), 'urls')).toEqual(trimmed)
        }
      )
    )
  })
})

describe('parseLines', () => {
  it('skips blank lines and # comments', () => {
    expect(
      parseLines('# deploy 42\nhttps://a.com/\n\n  https://b.com/  \n#https://c.com/\n')
    ).toEqual({ entries: ['https://a.com/', 'https://b.com/'], lines: [2, 4] })
  })

  it('numbers lines from 1 whatever the line ends', () => {
    expect(parseLines('a\r\n\r\nb\nc')).toEqual({ entries: ['a', 'b', 'c'], lines: [1, 3, 4] })
  })
})
