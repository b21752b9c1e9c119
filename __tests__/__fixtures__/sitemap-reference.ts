/**
 * The sitemap parser as it was before round four (B6), frozen: one sticky regular expression per
 * token. The faster loop of src/sources/sitemap.ts must answer as it does, on any text (the
 * property in sources/sitemap.test.ts).
 */
import { quote } from '../../src/text.js'

type Parsed = { kind: 'urlset' | 'sitemapindex'; locs: string[] } | { problem: string }
const MAX_SITEMAP_URLS = 500_000
const MAX_LOC_CHARS = 8192
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
export const referenceParseSitemap = (text: string, maxLocs = MAX_SITEMAP_URLS): Parsed => {
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
