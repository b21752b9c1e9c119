/**
 * What changed_rules' globs and the site inputs compile to: globs over repository paths, and the
 * mapping from paths to URLs that sources/site-paths.ts applies.
 */

export interface SiteMapping {
  /** The URL `dir` is served at, ending in `/`, such as `https://www.example.com/docs/`. */
  siteUrl: string
  /** The published folder, without leading or trailing `/`; `''` for the repository root. */
  dir: string
}

/** A compiled glob: `test` takes a `/`-separated path. */
export interface Glob {
  pattern: string
  test: (path: string) => boolean
}

/** Patterns longer than this are refused: a match costs a path's length times a pattern's. */
export const MAX_GLOB_CHARS = 512

/**
 * Why a pattern is refused, or undefined. Only `*`, `**` and `?` are special; brackets, braces and
 * a leading `!` are refused rather than matched literally, so they never silently match nothing.
 */
export const globProblem = (pattern: string): string | undefined => {
  if (pattern.length > MAX_GLOB_CHARS)
    return `is ${pattern.length} characters long; a pattern may have at most ${MAX_GLOB_CHARS}`
  if (/^(?:\.?\/+)?$/.test(pattern)) return 'is empty'
  if (/[[\]{}]/.test(pattern))
    return 'has brackets or braces: only "*", "**" and "?" are supported; give several patterns instead'
  if (pattern.startsWith('!'))
    return 'starts with "!": negation is not supported; give the files to leave out a rule of their own, "GLOB: skip", before the others'
  if (pattern.includes('\\')) return 'has a backslash: separate folders with "/"'
  if (/(^|\/)\.\.?(\/|$)/.test(pattern.replace(/^\.\//, '')))
    return 'has a "." or ".." folder: patterns are relative to site_dir'
  if (/\p{Cc}/u.test(pattern)) return 'contains a control character'
  return undefined
}

/**
 * A pattern as .gitignore reads it: its segments, `**` where any number of folders go (several in
 * a row are one). A pattern without `/` matches a file name in any folder: it starts with `**`.
 */
const segmentsOf = (pattern: string): string[] => {
  const anchored = pattern.startsWith('./') || pattern.slice(0, -1).includes('/')
  let body = pattern.replace(/^\.?\/+/, '')
  if (body.endsWith('/')) body += '**'
  if (!anchored) body = `**/${body}`
  return body
    .split('/')
    .filter((segment) => segment !== '')
    .filter((segment, index, all) => !(segment === '**' && all[index - 1] === '**'))
}

/** Code points of a segment in a row, each a literal or null for `?` (any one but "/"); as text when it has no `?`. */
interface Chunk {
  tokens: (string | null)[]
  literal: string | undefined
}

/**
 * One segment of a pattern, which matches one whole folder or file name: chunks that `*`s (any
 * run of code points) separate; without a `*`, one chunk of exactly its length.
 */
interface Segment {
  chunks: Chunk[]
  star: boolean
  /** The fewest code points it matches. */
  min: number
}

const segmentOf = (text: string): Segment => {
  const chunks: (string | null)[][] = [[]]
  for (const part of text.split(/(\*+|\?)/))
    if (part === '?') chunks.at(-1)!.push(null)
    else if (part.startsWith('*')) chunks.push([])
    else chunks.at(-1)!.push(...part)
  return {
    chunks: chunks.map((tokens) => ({
      tokens,
      literal: tokens.includes(null) ? undefined : tokens.join('')
    })),
    star: chunks.length > 1,
    min: chunks.reduce((sum, tokens) => sum + tokens.length, 0)
  }
}

/**
 * A folder or file name of a path: the string itself, or its code points when it has a surrogate
 * (`?` matches one code point, and a string's index is a UTF-16 unit). Indexed alike.
 */
type Part = string | string[]

const SURROGATE = /[\uD800-\uDFFF]/
/** The names of the path last matched: every rule tests the same path in turn. */
let lastPath: string | undefined
let lastParts: Part[] = []
const partsOf = (path: string): Part[] => {
  if (path !== lastPath) {
    lastParts = path.split('/').map((part) => (SURROGATE.test(part) ? Array.from(part) : part))
    lastPath = path
  }
  return lastParts
}

/** Units of work (code points compared, names tried) since the last reset: what globWork counts. */
let work = 0

/** Whether the chunk matches `part` at `at` (which leaves room for it). */
const chunkAt = (chunk: Chunk, part: Part, at: number): boolean => {
  work += chunk.tokens.length + 1
  if (typeof part === 'string' && chunk.literal !== undefined)
    return part.startsWith(chunk.literal, at)
  return chunk.tokens.every((token, k) => token === null || part[at + k] === token)
}

/** The first place from `from` to `last` where the chunk matches, or -1. */
const findChunk = (chunk: Chunk, part: Part, from: number, last: number) => {
  if (typeof part === 'string' && chunk.literal !== undefined) {
    const found = part.indexOf(chunk.literal, from)
    work += (found < 0 ? part.length : found) - from + chunk.tokens.length + 1
    return found <= last ? found : -1
  }
  for (let at = from; at <= last; at++) if (chunkAt(chunk, part, at)) return at
  return -1
}

/**
 * Whether a segment matches a whole name: the first chunk at its start, the last at its end, and
 * each between at the first place it fits after the one before (the classic greedy wildcard
 * match: a later place never leaves more room). At most the name's length times the segment's.
 */
const segmentMatches = (segment: Segment, part: Part): boolean => {
  const { chunks } = segment
  if (!segment.star) return part.length === segment.min && chunkAt(chunks[0]!, part, 0)
  if (part.length < segment.min) return false
  const last = chunks.at(-1)!
  const end = part.length - last.tokens.length
  if (!chunkAt(last, part, end) || !chunkAt(chunks[0]!, part, 0)) return false
  let at = chunks[0]!.tokens.length
  for (const chunk of chunks.slice(1, -1)) {
    const found = findChunk(chunk, part, at, end - chunk.tokens.length)
    if (found < 0) return false
    at = found + chunk.tokens.length
  }
  return true
}

/** Whether a run of segments matches the names from `at` on, one each (last first: `*.html`). */
const blockAt = (block: readonly Segment[], parts: readonly Part[], at: number): boolean => {
  work++
  for (let i = block.length - 1; i >= 0; i--)
    if (!segmentMatches(block[i]!, parts[at + i]!)) return false
  return true
}

/**
 * A compiled pattern: the runs of segments between its `**`s. The first is anchored at the
 * path's start unless the pattern starts with `**`, the last at its end unless it ends with one
 * (`exact` when there is no `**` at all), and those between are free.
 */
interface Blocks {
  exact: Segment[] | undefined
  head: Segment[] | undefined
  free: Segment[][]
  tail: Segment[] | undefined
}

const blocksOf = (pattern: string): Blocks => {
  const segments = segmentsOf(pattern)
  // Nothing but slashes (which globProblem refuses): the empty path alone.
  if (segments.length === 0)
    return { exact: [segmentOf('')], head: undefined, free: [], tail: undefined }
  const runs: Segment[][] = []
  segments.forEach((segment, index) => {
    if (segment === '**') return
    if (index === 0 || segments[index - 1] === '**') runs.push([])
    runs.at(-1)!.push(segmentOf(segment))
  })
  const startsFree = segments[0] === '**'
  const endsFree = segments.at(-1) === '**'
  if (!startsFree && !endsFree && runs.length === 1)
    return { exact: runs[0], head: undefined, free: [], tail: undefined }
  const head = startsFree ? undefined : runs.shift()
  const tail = endsFree ? undefined : runs.pop()
  return { exact: undefined, head, free: runs, tail }
}

/**
 * Matches the path's names (split at "/") against the blocks. The tail takes the last names and
 * the head the first; a `**` between takes any number of whole names, so each free block goes
 * at the first place it matches (a later place never leaves more room), ending before a name
 * that the tail, or a final `**`, still has. A run of the pattern is tried at each name at most:
 * the work is at most the path's length times the pattern's, and nearly always far less.
 */
const matches = (blocks: Blocks, path: string): boolean => {
  const parts = partsOf(path)
  const n = parts.length
  if (blocks.exact !== undefined)
    return n === blocks.exact.length && blockAt(blocks.exact, parts, 0)
  let limit = n - 1
  if (blocks.tail !== undefined) {
    limit = n - blocks.tail.length
    if (limit < 0 || !blockAt(blocks.tail, parts, limit)) return false
  }
  let from = 0
  if (blocks.head !== undefined) {
    if (blocks.head.length > limit || !blockAt(blocks.head, parts, 0)) return false
    from = blocks.head.length
  }
  for (const block of blocks.free) {
    let at = from
    while (at + block.length <= limit && !blockAt(block, parts, at)) at++
    if (at + block.length > limit) return false
    from = at + block.length
  }
  return true
}

/**
 * Compiles a pattern, in the manner of .gitignore: `*` and `?` match within one folder name, `**`
 * as a whole segment matches any number of folders (none included); a pattern without `/` matches
 * a file name in any folder; a leading `/` or `./` anchors it to site_dir; a trailing `/` matches
 * everything below that folder. Call only on a pattern without a problem.
 */
export const compileGlob = (pattern: string): Glob => {
  const blocks = blocksOf(pattern)
  return { pattern, test: (path) => matches(blocks, path) }
}

/** The work one match does (code points compared, names tried): what the tests bound, in place of a time. */
export const globWork = (pattern: string, path: string): number => {
  const blocks = blocksOf(pattern)
  work = 0
  matches(blocks, path)
  return work
}
