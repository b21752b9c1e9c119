import { TextDecoder } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { quote } from '../text.js'
import { checkUrlEntry, urlProblem } from '../inputs/rules.js'
import { readWorkspaceFile, type FileReader } from '../inputs/workspace-file.js'
import { fetchSitemap, SitemapError, type FetchOptions } from './sitemap-fetch.js'

export { SitemapError } from './sitemap-fetch.js'

/**
 * The `sitemap` input: a sitemap (or sitemap index) in the workspace or at a URL, gzip or not,
 * read into the URLs it lists. Everything read is untrusted: sizes, counts and time are bounded,
 * and the XML is read by a small tokenizer that refuses DTDs, so no entity can expand.
 */

/** The sitemap protocol caps a file at 50 MB uncompressed; this leaves room and stops runaways. */
export const MAX_SITEMAP_BYTES = 64 * 1024 * 1024
/** Documents read in all, the index included. */
export const MAX_SITEMAPS = 1000
export const MAX_SITEMAP_URLS = 500_000
/** An index, its sitemaps, and one nested level more, which the protocol forbids but sites do. */
const MAX_DEPTH = 3
const MAX_LOC_CHARS = 8192
const SHOWN_PROBLEMS = 5

/**
 * `deadline` is when every download must be done, on `clock` (epoch ms by default); transient
 * failures are tried again within it (sitemap-fetch.ts).
 */
export interface SitemapOptions extends Omit<FetchOptions, 'limit'> {
  /** Folders a sitemap file may be read from (the workspace and RUNNER_TEMP). */
  roots: readonly string[]
  readFile?: FileReader
}

export interface Sitemaps {
  urls: string[]
  /** Every document read, the given one first. */
  documents: string[]
}

export type Parsed = { kind: 'urlset' | 'sitemapindex'; locs: string[] } | { problem: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g
const BAD_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);)/

const decodeText = (raw: string): string | undefined => {
  if (!raw.includes('&')) return raw
  if (BAD_AMPERSAND.test(raw)) return undefined
  let bad = false
  const text = raw.replace(ENTITY, (_, name: string) => {
    if (!name.startsWith('#')) return ENTITIES[name]!
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      bad = true
      return ''
    }
    return String.fromCodePoint(code)
  })
  return bad ? undefined : text
}

// One token at a time, each starting where the last ended (sticky): comment, CDATA, processing
// instruction, declaration, tag, text, or a "<" that starts none of them. A tag's attributes
// start with whitespace, as XML says: were they allowed straight after the name, a long name
// with no ">" would be split between the two every way there is (quadratic time).
const TOKEN =
  /<!--[^]*?-->|<!\[CDATA\[([^]*?)\]\]>|<\?[^]*?\?>|<!(?!--|\[CDATA\[)[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s(?:[^>"']|"[^"]*"|'[^']*')*?)?)(\/?)>|([^<]+)|(<)/y

/** Where the tokenizer is: the open elements, the locs read, and the <loc> being read. */
interface ParseState {
  stack: string[]
  locs: string[]
  maxLocs: number
  root?: { kind: 'urlset' | 'sitemapindex'; entry: string; loc: string }
  loc?: string
}

/** A closing tag; it may end a <loc>. Returns a problem, or undefined. */
const closeTag = (state: ParseState, name: string): string | undefined => {
  if (state.stack.pop() !== name)
    return `is not well-formed XML (${quote(`</${name}>`, 40)} closes nothing)`
  if (state.loc !== undefined && state.root !== undefined && name === state.root.loc) {
    const value = state.loc.trim()
    if (value.length > MAX_LOC_CHARS) return `has a <loc> longer than ${MAX_LOC_CHARS} characters`
    if (state.locs.length >= state.maxLocs)
      return `lists more than ${state.maxLocs.toLocaleString('en-US')} URLs`
    state.locs.push(value)
    state.loc = undefined
  }
  return undefined
}

/** An opening (or self-closing) tag; the first is the root. Returns a problem, or undefined. */
const openTag = (state: ParseState, name: string, selfClosing: boolean): string | undefined => {
  if (state.root === undefined) {
    const [, prefix = '', local] = /^(?:([^:]+:))?(.*)$/.exec(name)!
    if (local !== 'urlset' && local !== 'sitemapindex')
      return `is not a sitemap: its root element is ${quote(`<${name}>`, 40)}, not <urlset> or <sitemapindex>`
    state.root = {
      kind: local,
      entry: `${prefix}${local === 'urlset' ? 'url' : 'sitemap'}`,
      loc: `${prefix}loc`
    }
  } else if (state.stack.length === 0) return 'has more than one root element'
  if (state.loc !== undefined) return 'has an element inside a <loc>'
  if (selfClosing) return undefined
  const { stack, root } = state
  stack.push(name)
  if (stack.length === 3 && stack[1] === root.entry && name === root.loc) state.loc = ''
  return undefined
}

/** Text or CDATA: part of a <loc>, or whitespace between elements. Returns a problem, or undefined. */
const addText = (state: ParseState, piece: string): string | undefined => {
  if (state.loc !== undefined) {
    state.loc += piece
    if (state.loc.length > MAX_LOC_CHARS)
      return `has a <loc> longer than ${MAX_LOC_CHARS} characters`
  } else if (state.stack.length === 0 && piece.trim() !== '')
    return 'has text outside its root element'
  return undefined
}

// The two tokens nearly every line of a sitemap is made of, a run of text and a tag without
// attributes, are read without TOKEN: its match of eight groups, a million times for 100,000
// URLs, was most of what reading a sitemap allocated. Anything else goes through TOKEN.

/** Whether a character code may be in a tag's name ([\w.:-]), or start it ([A-Za-z_]). */
const nameCode = (code: number, first: boolean): boolean =>
  (code >= 0x61 && code <= 0x7a) ||
  (code >= 0x41 && code <= 0x5a) ||
  code === 0x5f ||
  (!first && ((code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x3a || code === 0x2d))

/**
 * A tag without attributes at `from` (a "<"), as TOKEN reads `<name>` and `</name>`: its name,
 * whether it closes, and where it ends; undefined for any other token.
 */
const plainTag = (body: string, from: number) => {
  const closing = body.charCodeAt(from + 1) === 0x2f
  const start = from + (closing ? 2 : 1)
  let end = start
  while (end < body.length && nameCode(body.charCodeAt(end), end === start)) end++
  if (end === start || body.charCodeAt(end) !== 0x3e) return undefined
  return { name: body.slice(start, end), closing, next: end + 1 }
}

/** Where the text runs are: the next "&" at or after a place, found once for the whole text. */
interface Ampersands {
  at: number
}

/**
 * A run of text from `from` to `to` (the next "<"): part of a <loc>, or what lies between
 * elements. Only that text, and text outside the root, is read; an "&" is checked wherever it is.
 */
const textRun = (
  state: ParseState,
  body: string,
  from: number,
  to: number,
  amp: Ampersands
): string | undefined => {
  if (amp.at < from) amp.at = body.indexOf('&', from) >>> 0
  const read = state.loc !== undefined || state.stack.length === 0
  if (!read && amp.at >= to) return undefined
  const piece = decodeText(body.slice(from, to))
  if (piece === undefined) return 'has a bare "&" or an entity XML does not define'
  return addText(state, piece)
}

/** Any other token at `from` (which is a "<"): its problem, or where the next one starts. */
const otherToken = (state: ParseState, body: string, from: number): string | number => {
  TOKEN.lastIndex = from
  const match = TOKEN.exec(body)!
  const [whole, cdata, slash, name, , selfClosing, chars, stray] = match
  if (stray !== undefined) return 'is not well-formed XML (a stray "<")'
  if (whole.startsWith('<!') && cdata === undefined && !whole.startsWith('<!--'))
    return 'has a DOCTYPE or another declaration, which a sitemap never needs: refused'
  let problem: string | undefined
  if (name !== undefined)
    problem = slash === '/' ? closeTag(state, name) : openTag(state, name, selfClosing === '/')
  else {
    const piece = cdata ?? (chars === undefined ? undefined : decodeText(chars))
    if (chars !== undefined && piece === undefined)
      return 'has a bare "&" or an entity XML does not define'
    if (piece !== undefined) problem = addText(state, piece)
  }
  return problem ?? TOKEN.lastIndex
}

/** The `<loc>` of every `<url>` (or `<sitemap>` in an index), in document order. */
export const parseSitemap = (text: string, maxLocs = MAX_SITEMAP_URLS): Parsed => {
  const state: ParseState = { stack: [], locs: [], maxLocs }
  const body = text.replace(/^\uFEFF/, '')
  const amp: Ampersands = { at: -1 }
  let at = 0
  while (at < body.length) {
    let next: string | number
    if (body.charCodeAt(at) !== 0x3c) {
      const end = body.indexOf('<', at)
      next = end === -1 ? body.length : end
      const problem = textRun(state, body, at, next, amp)
      if (problem !== undefined) return { problem }
    } else {
      const plain = plainTag(body, at)
      next =
        plain === undefined
          ? otherToken(state, body, at)
          : ((plain.closing ? closeTag(state, plain.name) : openTag(state, plain.name, false)) ??
            plain.next)
    }
    if (typeof next === 'string') return { problem: next }
    at = next
  }
  const { root, stack, locs } = state
  if (root === undefined) return { problem: 'is empty: it has no <urlset> or <sitemapindex>' }
  if (stack.length > 0)
    return { problem: `ends inside ${quote(`<${stack.at(-1)}>`, 40)}: the file is cut short` }
  return { kind: root.kind, locs }
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The document's text: gzip is recognised by its magic bytes, whatever the name or headers say. */
export const sitemapText = (bytes: Uint8Array): { text: string } | { problem: string } => {
  let plain = bytes
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      plain = gunzipSync(bytes, { maxOutputLength: MAX_SITEMAP_BYTES })
    } catch (error) {
      return {
        problem:
          (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
            ? `inflates to more than ${MAX_SITEMAP_BYTES / 1024 / 1024} MiB`
            : 'is gzip-compressed but cannot be inflated (cut short or corrupt)'
      }
    }
  }
  try {
    return { text: decoder.decode(plain) }
  } catch {
    return { problem: 'is not UTF-8 text' }
  }
}

const isUrl = (source: string): boolean => /^https?:\/\//i.test(source)

/** A document's text, and where it was served from when it came over HTTP (after redirects). */
const load = async (
  source: string,
  options: SitemapOptions,
  origin: string | undefined
): Promise<{ text: string; servedFrom?: URL }> => {
  let bytes: Uint8Array
  let servedFrom: URL | undefined
  if (isUrl(source)) {
    const fetched = await fetchSitemap(
      new URL(source),
      { ...options, limit: MAX_SITEMAP_BYTES },
      origin
    )
    bytes = fetched.bytes
    servedFrom = fetched.url
  } else {
    const read = (options.readFile ?? readWorkspaceFile)(source, options.roots, 'sitemap')
    if ('problem' in read) throw new SitemapError(`Sitemap ${quote(source)} ${read.problem}`)
    bytes = read.bytes
  }
  const text = sitemapText(bytes)
  if ('problem' in text) throw new SitemapError(`Sitemap ${quote(source)} ${text.problem}`)
  return servedFrom === undefined ? { text: text.text } : { text: text.text, servedFrom }
}

/**
 * Reads the sitemap at `source` (a workspace file or an http(s) URL), following a sitemap index
 * to its sitemaps. An index read from a URL is followed only to sitemaps of the origin it was
 * served from (after redirects: an apex that redirects to `www` lists `www` sitemaps), and none
 * of those may redirect off that origin.
 */
export const readSitemaps = async (source: string, options: SitemapOptions): Promise<Sitemaps> => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !isUrl(source))
    throw new SitemapError(
      `Sitemap ${quote(source)} must be a file in the workspace or an http:// or https:// URL`
    )
  const urls: string[] = []
  const documents: string[] = []
  const seen = new Set<string>()
  // `origin`: the one a sitemap and its redirects must stay on, that of the index listing it.
  const queue: { source: string; depth: number; origin?: string }[] = [{ source, depth: 1 }]
  while (queue.length > 0) {
    const next = queue.shift()!
    if (seen.has(next.source)) continue
    seen.add(next.source)
    if (documents.length >= MAX_SITEMAPS)
      throw new SitemapError(`Sitemap ${quote(source)} leads to more than ${MAX_SITEMAPS} sitemaps`)
    documents.push(next.source)
    const shown = quote(next.source)
    const { text, servedFrom } = await load(next.source, options, next.origin)
    if (servedFrom !== undefined) seen.add(servedFrom.href)
    const parsed = parseSitemap(text)
    if ('problem' in parsed) throw new SitemapError(`Sitemap ${shown} ${parsed.problem}`)
    if (parsed.kind === 'urlset' && urls.length + parsed.locs.length > MAX_SITEMAP_URLS)
      throw new SitemapError(
        `Sitemap ${quote(source)} lists more than ${MAX_SITEMAP_URLS.toLocaleString('en-US')} URLs in all: purge by prefix instead`
      )
    const problems: string[] = []
    parsed.locs.forEach((loc, index) => {
      // A URL is checked once, as it is read: a sitemap lists them by the hundred thousand.
      const checked = parsed.kind === 'urlset' ? checkUrlEntry(loc) : undefined
      const problem =
        checked === undefined
          ? childProblem(loc, servedFrom?.origin)
          : 'problem' in checked
            ? checked.problem
            : undefined
      if (problem !== undefined) {
        if (problems.length < SHOWN_PROBLEMS)
          problems.push(`<loc> ${index + 1} ${quote(loc, 100)} ${problem}`)
        else if (problems.length === SHOWN_PROBLEMS) problems.push('and more')
        return
      }
      if (parsed.kind === 'sitemapindex') {
        if (next.depth >= MAX_DEPTH)
          problems.push(`nests sitemap indexes deeper than ${MAX_DEPTH} levels`)
        else
          queue.push({
            source: loc,
            depth: next.depth + 1,
            ...(servedFrom === undefined ? {} : { origin: servedFrom.origin })
          })
      } else if (checked !== undefined && 'item' in checked) urls.push(checked.item as string)
    })
    if (problems.length > 0) throw new SitemapError(`Sitemap ${shown}: ${problems.join('; ')}`)
  }
  return { urls, documents }
}

/**
 * A sitemap an index lists: an http(s) URL, on `origin` (where the index was served from) when
 * the index came over HTTP.
 */
const childProblem = (loc: string, origin: string | undefined): string | undefined => {
  const problem = urlProblem(loc)
  if (problem !== undefined) return problem
  if (origin !== undefined && new URL(loc).origin !== origin)
    return `is not on ${quote(origin, 100)}, the origin of the index that lists it`
  return undefined
}
