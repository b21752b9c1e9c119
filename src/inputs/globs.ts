/**
 * What changed_include, changed_exclude and the site inputs compile to: globs over repository
 * paths, and the mapping from paths to URLs that sources/site-paths.ts applies.
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
