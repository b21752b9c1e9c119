/**
 * Repository paths to the URLs a site serves them at. Pure: no file system, no network. Paths are
 * what GitHub's compare API lists: relative to the repository root, `/`-separated.
 */

export interface SiteMapping {
  /** The URL `dir` is served at, ending in `/`, such as `https://www.example.com/docs/`. */
  siteUrl: string
  /** The published folder, without leading or trailing `/`; `''` for the repository root. */
  dir: string
  /** Also purge `a/b.html` as `a/b`, for hosts that serve pages without their extension. */
  extensionless: boolean
  /** Kept only when matching one of these (none: every file); matched relative to `dir`. */
  include: readonly Glob[]
  /** Left out when matching one of these; matched relative to `dir`. */
  exclude: readonly Glob[]
}

/** Why a path maps to no URL, or `undefined` with its URLs. */
export type Mapped = { urls: string[] } | { ignored: 'outside site_dir' | 'excluded' }

const INDEX = 'index.html'

// RFC 3986 pchar: unreserved, sub-delims, ":" and "@" stay as they are; everything else, "%"
// included, is percent-encoded as UTF-8. What a browser sends for a link to the file, and a form
// the WHATWG URL parser leaves unchanged.
const PCHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/

/** One path segment as it appears in a URL. */
export const encodeSegment = (segment: string): string => {
  let out = ''
  for (const char of segment)
    out += PCHAR.test(char)
      ? char
      : [...Buffer.from(char, 'utf8')]
          .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join('')
  return out
}

export const encodePath = (path: string): string => path.split('/').map(encodeSegment).join('/')

/** The path relative to `dir`, or undefined when it is not inside. */
export const relativeTo = (path: string, dir: string): string | undefined => {
  if (dir === '') return path
  return path.startsWith(`${dir}/`) && path.length > dir.length + 1
    ? path.slice(dir.length + 1)
    : undefined
}

/**
 * The URLs one file is served at: `a/b.css` as itself; `a/index.html` also as its folder `a/`;
 * with `extensionless`, `a/b.html` also as `a/b`.
 */
export const urlsOf = (path: string, mapping: SiteMapping): Mapped => {
  const rest = relativeTo(path, mapping.dir)
  if (rest === undefined) return { ignored: 'outside site_dir' }
  if (mapping.include.length > 0 && !mapping.include.some((glob) => glob.test(rest)))
    return { ignored: 'excluded' }
  if (mapping.exclude.some((glob) => glob.test(rest))) return { ignored: 'excluded' }
  const encoded = encodePath(rest)
  const urls: string[] = []
  const slash = rest.lastIndexOf('/')
  const name = rest.slice(slash + 1)
  if (name === INDEX) urls.push(mapping.siteUrl + encodePath(rest.slice(0, slash + 1)))
  urls.push(mapping.siteUrl + encoded)
  if (mapping.extensionless && name !== INDEX && name.endsWith('.html') && name !== '.html')
    urls.push(mapping.siteUrl + encoded.slice(0, -'.html'.length))
  return { urls }
}

/** A compiled glob: `test` takes a `/`-separated path. */
export interface Glob {
  pattern: string
  test: (path: string) => boolean
}

/**
 * Why a pattern is refused, or undefined. Only `*`, `**` and `?` are special; brackets, braces and
 * a leading `!` are refused rather than matched literally, so they never silently match nothing.
 */
export const globProblem = (pattern: string): string | undefined => {
  if (/^(?:\.?\/)?$/.test(pattern)) return 'is empty'
  if (/[[\]{}]/.test(pattern))
    return 'has brackets or braces: only "*", "**" and "?" are supported; give several patterns instead'
  if (pattern.startsWith('!'))
    return 'starts with "!": negation is not supported; put the pattern in changed_exclude'
  if (pattern.includes('\\')) return 'has a backslash: separate folders with "/"'
  if (/(^|\/)\.\.?(\/|$)/.test(pattern.replace(/^\.\//, '')))
    return 'has a "." or ".." folder: patterns are relative to site_dir'
  if (/\p{Cc}/u.test(pattern)) return 'contains a control character'
  return undefined
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * Compiles a pattern, in the manner of .gitignore: `*` and `?` match within one folder name, `**`
 * as a whole segment matches any number of folders (none included); a pattern without `/` matches
 * a file name in any folder; a leading `/` or `./` anchors it to site_dir; a trailing `/` matches
 * everything below that folder. Call only on a pattern without a problem.
 */
export const compileGlob = (pattern: string): Glob => {
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
  return { pattern, test: (path) => regex.test(path) }
}
