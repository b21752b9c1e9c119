import { TextDecoder } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { readBounded, TooLarge } from '../http.js'
import { quote } from '../text.js'
import { checkUrlEntry, hideUserinfo, urlProblem } from '../inputs/rules.js'
import { readWorkspaceFile, type FileReader } from '../inputs/workspace-file.js'

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

export class SitemapError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SitemapError'
  }
}

export interface SitemapOptions {
  /** Folders a sitemap file may be read from (the workspace and RUNNER_TEMP). */
  roots: readonly string[]
  userAgent: string
  requestTimeoutMs: number
  /** Epoch ms by which every download must be done. */
  deadline: number
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

/** The `<loc>` of every `<url>` (or `<sitemap>` in an index), in document order. */
export const parseSitemap = (text: string, maxLocs = MAX_SITEMAP_URLS): Parsed => {
  const state: ParseState = { stack: [], locs: [], maxLocs }
  TOKEN.lastIndex = 0
  const body = text.replace(/^\uFEFF/, '')
  while (TOKEN.lastIndex < body.length) {
    const match = TOKEN.exec(body)!
    const [whole, cdata, slash, name, , selfClosing, chars, stray] = match
    if (stray !== undefined) return { problem: 'is not well-formed XML (a stray "<")' }
    if (whole.startsWith('<!') && cdata === undefined && !whole.startsWith('<!--'))
      return {
        problem: 'has a DOCTYPE or another declaration, which a sitemap never needs: refused'
      }
    let problem: string | undefined
    if (name !== undefined)
      problem = slash === '/' ? closeTag(state, name) : openTag(state, name, selfClosing === '/')
    else {
      const piece = cdata ?? (chars === undefined ? undefined : decodeText(chars))
      if (chars !== undefined && piece === undefined)
        return { problem: 'has a bare "&" or an entity XML does not define' }
      if (piece !== undefined) problem = addText(state, piece)
    }
    if (problem !== undefined) return { problem }
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

const download = async (url: string, options: SitemapOptions): Promise<Uint8Array> => {
  const shown = quote(hideUserinfo(url))
  const left = options.deadline - Date.now()
  if (left <= 0) throw new SitemapError(`Sitemap ${shown}: the step's timeout ran out before it`)
  const timeoutMs = Math.max(1, Math.round(Math.min(options.requestTimeoutMs, left)))
  const signal = AbortSignal.timeout(timeoutMs)
  const failed = (error: unknown): SitemapError => {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const detail = signal.aborted
      ? `no answer within ${Math.round(timeoutMs / 100) / 10} s`
      : error instanceof TooLarge
        ? `it is larger than ${MAX_SITEMAP_BYTES / 1024 / 1024} MiB`
        : (cause?.code ?? cause?.message ?? (error as Error).message)
    return new SitemapError(
      `Sitemap ${shown} could not be read: ${quote(detail, 200).slice(1, -1)}`
    )
  }
  let response: Response
  try {
    response = await fetch(url, {
      headers: { 'user-agent': options.userAgent, accept: 'application/xml, text/xml, */*' },
      redirect: 'follow',
      signal
    })
  } catch (error) {
    throw failed(error)
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined)
    throw new SitemapError(`Sitemap ${shown} answered HTTP ${response.status}, not 200`)
  }
  try {
    return await readBounded(response, MAX_SITEMAP_BYTES)
  } catch (error) {
    throw failed(error)
  }
}

const load = async (source: string, options: SitemapOptions): Promise<string> => {
  let bytes: Uint8Array
  if (isUrl(source)) bytes = await download(source, options)
  else {
    const read = (options.readFile ?? readWorkspaceFile)(source, options.roots, 'sitemap')
    if ('problem' in read) throw new SitemapError(`Sitemap ${quote(source)} ${read.problem}`)
    bytes = read.bytes
  }
  const text = sitemapText(bytes)
  if ('problem' in text)
    throw new SitemapError(`Sitemap ${quote(hideUserinfo(source))} ${text.problem}`)
  return text.text
}

/**
 * Reads the sitemap at `source` (a workspace file or an http(s) URL), following a sitemap index
 * to its sitemaps. An index read from a URL is followed only to sitemaps of the same origin.
 */
export const readSitemaps = async (source: string, options: SitemapOptions): Promise<Sitemaps> => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !isUrl(source))
    throw new SitemapError(
      `Sitemap ${quote(hideUserinfo(source))} must be a file in the workspace or an http:// or https:// URL`
    )
  const urls: string[] = []
  const documents: string[] = []
  const seen = new Set<string>()
  const queue: { source: string; depth: number }[] = [{ source, depth: 1 }]
  while (queue.length > 0) {
    const next = queue.shift()!
    if (seen.has(next.source)) continue
    seen.add(next.source)
    if (documents.length >= MAX_SITEMAPS)
      throw new SitemapError(
        `Sitemap ${quote(hideUserinfo(source))} leads to more than ${MAX_SITEMAPS} sitemaps`
      )
    documents.push(next.source)
    const shown = quote(hideUserinfo(next.source))
    const parsed = parseSitemap(await load(next.source, options))
    if ('problem' in parsed) throw new SitemapError(`Sitemap ${shown} ${parsed.problem}`)
    if (parsed.kind === 'urlset' && urls.length + parsed.locs.length > MAX_SITEMAP_URLS)
      throw new SitemapError(
        `Sitemap ${quote(hideUserinfo(source))} lists more than ${MAX_SITEMAP_URLS.toLocaleString('en-US')} URLs in all: purge by prefix instead`
      )
    const problems: string[] = []
    parsed.locs.forEach((loc, index) => {
      const problem =
        parsed.kind === 'sitemapindex' ? childProblem(loc, next.source) : urlProblem(loc)
      if (problem !== undefined) {
        if (problems.length < SHOWN_PROBLEMS)
          problems.push(`<loc> ${index + 1} ${quote(hideUserinfo(loc), 100)} ${problem}`)
        else if (problems.length === SHOWN_PROBLEMS) problems.push('and more')
        return
      }
      if (parsed.kind === 'sitemapindex') {
        if (next.depth >= MAX_DEPTH)
          problems.push(`nests sitemap indexes deeper than ${MAX_DEPTH} levels`)
        else queue.push({ source: loc, depth: next.depth + 1 })
      } else {
        const checked = checkUrlEntry(loc)
        if ('item' in checked) urls.push(checked.item as string)
      }
    })
    if (problems.length > 0) throw new SitemapError(`Sitemap ${shown}: ${problems.join('; ')}`)
  }
  return { urls, documents }
}

/** A sitemap an index lists: an http(s) URL, of the index's own origin when it came from a URL. */
const childProblem = (loc: string, parent: string): string | undefined => {
  const problem = urlProblem(loc)
  if (problem !== undefined) return problem
  if (isUrl(parent) && new URL(loc).origin !== new URL(parent).origin)
    return `is not on ${quote(new URL(parent).origin, 100)}, the origin of the index that lists it`
  return undefined
}
