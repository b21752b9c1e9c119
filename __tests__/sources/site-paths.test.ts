/** Repository paths to URLs, and the glob patterns: examples and fast-check properties. */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { encodePath, encodeSegment, urlsOf } from '../../src/sources/site-paths.js'
import {
  compileGlob,
  globProblem,
  globWork,
  MAX_GLOB_CHARS,
  type SiteMapping
} from '../../src/inputs/globs.js'

const SITE = 'https://www.example.com/docs/'
const mapping = (overrides: Partial<SiteMapping> = {}): SiteMapping => ({
  siteUrl: SITE,
  dir: 'public',
  ...overrides
})

/** A folder or file name as git allows it: no "/", not "." or "..", not empty. */
const segment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes('/') && s !== '.' && s !== '..')
const asciiSegment = fc
  .string({
    unit: fc.constantFrom('a', 'b', '.', '-', ' ', '%', '#', '?', '+', 'ü'),
    minLength: 1,
    maxLength: 6
  })
  .filter((s) => s !== '.' && s !== '..')
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'))

describe('urlsOf', () => {
  it('maps site_dir/a/b.css to site_url + a/b.css, and ignores files outside site_dir', () => {
    expect(urlsOf('public/a/b.css', mapping())).toEqual({ urls: [`${SITE}a/b.css`] })
    expect(urlsOf('publicity/a.css', mapping())).toEqual({ ignored: 'outside site_dir' })
    expect(urlsOf('README.md', mapping())).toEqual({ ignored: 'outside site_dir' })
    expect(urlsOf('public', mapping())).toEqual({ ignored: 'outside site_dir' })
    expect(urlsOf('README.md', mapping({ dir: '' }))).toEqual({ urls: [`${SITE}README.md`] })
  })

  it('gives index.html its folder URL too, the site root included', () => {
    expect(urlsOf('public/blog/index.html', mapping())).toEqual({
      urls: [`${SITE}blog/`, `${SITE}blog/index.html`]
    })
    expect(urlsOf('public/index.html', mapping())).toEqual({ urls: [SITE, `${SITE}index.html`] })
    expect(urlsOf('public/blog/index.htm', mapping())).toEqual({
      urls: [`${SITE}blog/index.htm`]
    })
  })

  it('adds the extension-less URL of every page but index.html, as hosts serve it', () => {
    expect(urlsOf('public/a/b.html', mapping())).toEqual({
      urls: [`${SITE}a/b.html`, `${SITE}a/b`]
    })
    expect(urlsOf('public/a/index.html', mapping())).toEqual({
      urls: [`${SITE}a/`, `${SITE}a/index.html`]
    })
    expect(urlsOf('public/a/b.css', mapping())).toEqual({ urls: [`${SITE}a/b.css`] })
    expect(urlsOf('public/a/.html', mapping())).toEqual({ urls: [`${SITE}a/.html`] })
  })

  it('percent-encodes what a URL path cannot carry as it is', () => {
    expect(urlsOf('public/a b/ü#1?.css', mapping())).toEqual({
      urls: [`${SITE}a%20b/%C3%BC%231%3F.css`]
    })
    expect(encodeSegment('100%.txt')).toBe('100%25.txt')
    expect(encodeSegment("a+b=c&d;e,f:g@h!$'()*~")).toBe("a+b=c&d;e,f:g@h!$'()*~")
    expect(encodeSegment('a\\b[c]')).toBe('a%5Cb%5Bc%5D')
  })

  it.each([
    ['public/../../admin/x.html', '"." or ".." folder name'],
    ['public/./a.css', '"." or ".." folder name'],
    ['public//a.css', 'empty'],
    ['public/a/..', '"." or ".." folder name'],
    ['../public/a.css', '"." or ".." folder name'],
    ['public/\uD800.css', 'lone surrogate']
  ])('refuses %j, a path git never stores, whatever site_dir is', (path, reason) => {
    expect(urlsOf(path, mapping())).toEqual({ refused: expect.stringContaining(reason) })
    expect(urlsOf(path, mapping({ dir: '' }))).toEqual({ refused: expect.stringContaining(reason) })
  })

  it('refuses a file with "*" in its name, which no URL purges, rather than send the "*"', () => {
    for (const path of ['public/*.css', 'public/a*b/c.html', 'public/**'])
      expect(urlsOf(path, mapping())).toEqual({
        refused: expect.stringContaining('its name has a "*"')
      })
    expect(urlsOf('public/a+b.css', mapping())).toEqual({ urls: [`${SITE}a+b.css`] })
  })

  it('gives every file inside site_dir URLs under site_url, and none outside (property)', () => {
    fc.assert(
      fc.property(path, (rest) => {
        const inside = urlsOf(`public/${rest}`, mapping())
        // A "*" cannot be purged by URL: refused, with the reason (tested below).
        if (rest.includes('*')) return expect(inside).toEqual({ refused: expect.any(String) })
        if (!('urls' in inside)) throw new Error('not mapped')
        expect(inside.urls.length).toBeGreaterThanOrEqual(1)
        for (const url of inside.urls) expect(url.startsWith(SITE)).toBe(true)
        expect(inside.urls).toContain(SITE + encodePath(rest))
        expect(urlsOf(`other/${rest}`, mapping())).toEqual({ ignored: 'outside site_dir' })
      })
    )
  })

  it('encodes reversibly, into a URL the WHATWG parser leaves as it is (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          path,
          fc.array(asciiSegment, { minLength: 1, maxLength: 4 }).map((p) => p.join('/'))
        ),
        (rest) => {
          const encoded = encodePath(rest)
          expect(encoded).toMatch(/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$/)
          expect(encoded.split('/').map(decodeURIComponent).join('/')).toBe(rest)
          expect(new URL(SITE + encoded).href).toBe(SITE + encoded)
        }
      )
    )
  })
})

/** The globs as they were compiled before: to regular expressions, which backtrack. */
const regexGlob = (pattern: string): { test: (path: string) => boolean } => {
  const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const anchored = pattern.startsWith('./') || pattern.slice(0, -1).includes('/')
  let body = pattern.replace(/^\.?\/+/, '')
  if (body.endsWith('/')) body += '**'
  if (!anchored) body = `**/${body}`
  const segments = body.split('/').filter((segment) => segment !== '')
  let source = ''
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === '**') {
      source += last ? '.*' : '(?:[^/]*/)*'
      return
    }
    source += segment
      .split(/(\*+|\?)/)
      .map((part) => (part === '?' ? '[^/]' : part.startsWith('*') ? '[^/]*' : escapeRegex(part)))
      .join('')
    if (!last) source += '/'
  })
  const regex = new RegExp(`^${source}$`, 'su')
  return { test: (path) => regex.test(path) }
}

/** A slow, plain reference: backtracking over the pattern, segment by segment. */
const reference = (pattern: string, path: string): boolean => {
  let body = pattern.startsWith('./') ? pattern.slice(1) : pattern
  const anchored = body.startsWith('/') || body.slice(0, -1).includes('/')
  body = body.replace(/^\/+/, '')
  if (body.endsWith('/')) body += '**'
  if (!anchored) body = `**/${body}`
  const pats = body.split('/').filter((s) => s !== '')
  const parts = path.split('/')
  const segmentMatches = (p: string, s: string): boolean => {
    if (p === '') return s === ''
    if (p[0] === '*')
      return segmentMatches(p.slice(1), s) || (s !== '' && segmentMatches(p, s.slice(1)))
    if (s === '') return false
    return (p[0] === '?' || p[0] === s[0]) && segmentMatches(p.slice(1), s.slice(1))
  }
  const go = (i: number, j: number): boolean => {
    if (i === pats.length) return j === parts.length
    if (pats[i] === '**') {
      if (i === pats.length - 1) return j < parts.length
      return go(i + 1, j) || (j < parts.length && go(i, j + 1))
    }
    return j < parts.length && segmentMatches(pats[i]!, parts[j]!) && go(i + 1, j + 1)
  }
  return go(0, 0)
}

describe('globs', () => {
  it('match as .gitignore patterns do', () => {
    const match = (pattern: string, path: string) => compileGlob(pattern).test(path)
    expect(match('**/*.map', 'a.map')).toBe(true)
    expect(match('**/*.map', 'a/b/c.js.map')).toBe(true)
    expect(match('**/*.map', 'a/b/c.js')).toBe(false)
    expect(match('*.map', 'a/b/c.map')).toBe(true)
    expect(match('a/*.css', 'a/b.css')).toBe(true)
    expect(match('a/*.css', 'a/b/c.css')).toBe(false)
    expect(match('a/*.css', 'x/a/b.css')).toBe(false)
    expect(match('/drafts/', 'drafts/x/y.html')).toBe(true)
    expect(match('/drafts/', 'blog/drafts/y.html')).toBe(false)
    expect(match('drafts/', 'blog/drafts/y.html')).toBe(true)
    expect(match('a/**/b.html', 'a/b.html')).toBe(true)
    expect(match('a/**/b.html', 'a/x/y/b.html')).toBe(true)
    expect(match('?.txt', 'ab.txt')).toBe(false)
    expect(match('??.txt', 'ab.txt')).toBe(true)
    expect(match('a.b', 'axb')).toBe(false)
  })

  it('refuse what they do not support, rather than match it literally', () => {
    for (const pattern of [
      '',
      '/',
      './',
      '[ab].css',
      '{a,b}.css',
      '!*.map',
      'a\\b',
      '../x',
      'a/./b'
    ])
      expect(globProblem(pattern)).toEqual(expect.any(String))
    expect(globProblem('**/*.map')).toBeUndefined()
  })

  it('agree with the regular expressions they replaced, on small globs and paths (property)', () => {
    const patternPart = fc.constantFrom(
      'a',
      'b',
      '.',
      '*',
      '**',
      '?',
      'ab',
      'a*',
      '*b',
      '**',
      'é',
      '?*'
    )
    const pattern = fc
      .tuple(
        fc.constantFrom('', '/', './'),
        fc.array(patternPart, { minLength: 1, maxLength: 5 }),
        fc.boolean()
      )
      .map(([lead, parts, trail]) => `${lead}${parts.join('/')}${trail ? '/' : ''}`)
      .filter((p) => globProblem(p) === undefined)
    const pathPart = fc.constantFrom('a', 'b', 'ab', 'ba', '.a', 'a.b', 'x', '', 'é', 'a\nb')
    const filePath = fc
      .array(pathPart, { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join('/'))
    fc.assert(
      fc.property(pattern, filePath, (p, f) => {
        expect(compileGlob(p).test(f)).toBe(regexGlob(p).test(f))
      }),
      { numRuns: 5000 }
    )
  })

  it('match many "**/" segments against a deep path in linear time', () => {
    // The regular expression nested one (?:[^/]*\/)* per segment: 10 of them took minutes here.
    const deep = `${'a/'.repeat(200)}y`
    for (const k of [10, 30, 100]) {
      const pattern = `${'**/'.repeat(k)}x`
      expect(compileGlob(pattern).test(deep)).toBe(false)
      expect(compileGlob(pattern).test(`${deep}/x`)).toBe(true)
      expect(globWork(pattern, deep)).toBeLessThan(10 * deep.length)
    }
    // Whatever the pattern, the work is at most its steps times the path's length.
    const stars = `${'*a'.repeat(60)}/`.repeat(4)
    const path = `${'a'.repeat(400)}/`.repeat(8)
    expect(globWork(stars, path)).toBeLessThanOrEqual((stars.length + 2) * (path.length + 1) * 2)
  }, 5_000)

  it('refuse a pattern longer than the most they take', () => {
    expect(globProblem('a'.repeat(MAX_GLOB_CHARS))).toBeUndefined()
    expect(globProblem('a'.repeat(MAX_GLOB_CHARS + 1))).toBe(
      `is ${MAX_GLOB_CHARS + 1} characters long; a pattern may have at most ${MAX_GLOB_CHARS}`
    )
  })

  it('agree with a plain backtracking matcher (property)', () => {
    const patternPart = fc.constantFrom('a', 'b', '.', '*', '**', '?', 'ab', 'a*', '*b')
    const pattern = fc
      .tuple(fc.boolean(), fc.array(patternPart, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([lead, parts, trail]) => `${lead ? '/' : ''}${parts.join('/')}${trail ? '/' : ''}`)
      .filter((p) => globProblem(p) === undefined)
    const pathPart = fc.constantFrom('a', 'b', 'ab', 'ba', '.a', 'a.b', 'x')
    const filePath = fc
      .array(pathPart, { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join('/'))
    fc.assert(
      fc.property(pattern, filePath, (p, f) => {
        expect(compileGlob(p).test(f)).toBe(reference(p, f))
      }),
      { numRuns: 2000 }
    )
  })
})
