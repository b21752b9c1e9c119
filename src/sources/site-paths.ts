/**
 * Repository paths to the URLs a site serves them at. Pure: no file system, no network. Paths are
 * what GitHub's compare API lists: relative to the repository root, `/`-separated.
 */
import type { SiteMapping } from '../inputs/globs.js'
import { urlProblem } from '../inputs/rules.js'
import { quote } from '../text.js'

/**
 * The URLs of a path; or why it maps to none: left out by the inputs (`ignored`), or `refused`,
 * a path no URL can be made of (said in words, to be reported: never dropped silently).
 */
export type Mapped = { urls: string[] } | { ignored: 'outside site_dir' } | { refused: string }

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
 * `a/b.html` also as `a/b`, as the hosts that serve pages without their extension serve it (a
 * purge of a URL nothing cached costs nothing, and a page left stale costs a visitor).
 */
export const urlsOf = (path: string, mapping: SiteMapping): Mapped => {
  const pathIssue = pathProblem(path)
  if (pathIssue !== undefined) return { refused: pathIssue }
  const rest = relativeTo(path, mapping.dir)
  if (rest === undefined) return { ignored: 'outside site_dir' }
  const encoded = encodePath(rest)
  const urls: string[] = []
  const slash = rest.lastIndexOf('/')
  const name = rest.slice(slash + 1)
  if (name === INDEX) urls.push(mapping.siteUrl + encodePath(rest.slice(0, slash + 1)))
  urls.push(mapping.siteUrl + encoded)
  if (name !== INDEX && name.endsWith('.html') && name !== '.html')
    urls.push(mapping.siteUrl + encoded.slice(0, -'.html'.length))
  for (const url of urls) {
    const problem = builtUrlProblem(url, mapping.siteUrl)
    if (problem !== undefined) return { refused: problem }
  }
  return { urls }
}

/**
 * Why a repository path is no file's path, or undefined. Git stores no empty, "." or ".." folder
 * name: a compare answer that lists one is not to be trusted, and a URL made of it would resolve
 * elsewhere (`public/../../admin/x.html` is purged as `/admin/x.html`, outside site_url).
 */
const pathProblem = (path: string): string | undefined => {
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..'))
    return 'its path has an empty, "." or ".." folder name, which git never stores'
  if (/\p{Cs}/u.test(path)) return 'its path is not valid Unicode text (a lone surrogate)'
  return undefined
}

/**
 * A URL made from a path goes through the checks of a URL given in `urls`, and must stay under
 * site_url once parsed. A "*" is refused, not encoded: `%2A` is another cache key than the `*` a
 * browser sends for a link to the file, so purging it would say "purged" and leave the page.
 */
const builtUrlProblem = (url: string, siteUrl: string): string | undefined => {
  if (url.slice(siteUrl.length).includes('*'))
    return 'its name has a "*": Cloudflare purges URLs without wildcards, and the "%2A" form is another cache key, so it cannot be purged by URL (purge its folder with prefixes)'
  const problem = urlProblem(url)
  if (problem !== undefined) return `its URL ${quote(url, 200)} ${problem}`
  if (!new URL(url).href.startsWith(siteUrl))
    return `its URL ${quote(url, 200)} does not stay under site_url once parsed`
  return undefined
}
