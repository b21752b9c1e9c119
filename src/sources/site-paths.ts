/**
 * Repository paths to the URLs a site serves them at. Pure: no file system, no network. Paths are
 * what GitHub's compare API lists: relative to the repository root, `/`-separated.
 */
import type { SiteMapping } from '../inputs/globs.js'

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
