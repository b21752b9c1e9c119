/**
 * The assets an HTML page references and a browser would fetch at once: scripts, stylesheets,
 * preloads and images. Read with htmlparser2's streaming parser (the tokenizer and its entity
 * decoder, no DOM), loaded on the first HTML page a check meets: a run that checks none never
 * loads it. The page is outside text: nothing here runs it or follows what it says but the URLs
 * it names, resolved against the page (and its `<base href>`), kept only when `keep` says.
 */

/** Link relations whose target a browser fetches with the page. */
const FETCHED_RELS = new Set(['stylesheet', 'preload', 'modulepreload', 'icon'])

/** The URL an attribute names, resolved, without its fragment; undefined when it is not http(s). */
const resolve = (value: string | undefined, base: URL): URL | undefined => {
  const raw = value?.trim()
  if (raw === undefined || raw === '' || raw.length > 2048) return undefined
  try {
    const url = new URL(raw, base)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    if (url.username !== '' || url.password !== '') return undefined
    url.hash = ''
    return url
  } catch {
    return undefined
  }
}

/** Which attribute of a tag names an asset fetched with the page, if any. */
const assetAttribute = (name: string, attributes: Record<string, string>): string | undefined => {
  if (name === 'script' || name === 'img') return attributes.src
  if (name === 'link') {
    const rels = (attributes.rel ?? '').toLowerCase().split(/\s+/)
    return rels.some((rel) => FETCHED_RELS.has(rel)) ? attributes.href : undefined
  }
  return undefined
}

/**
 * The assets of `html`, in the order the page names them, each once, at most `limit`, none the
 * page itself; parsing stops as soon as the limit is reached.
 */
export const assetsOf = async (
  html: string,
  page: URL,
  keep: (url: URL) => boolean,
  limit: number
): Promise<string[]> => {
  const { Parser } = await import('htmlparser2')
  const found = new Set<string>()
  let base = page
  let baseSet = false
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (found.size >= limit) return
        if (name === 'base' && !baseSet) {
          baseSet = true
          base = resolve(attributes.href, page) ?? page
          return
        }
        const url = resolve(assetAttribute(name, attributes), base)
        if (url === undefined || url.href === page.href || !keep(url)) return
        found.add(url.href)
        if (found.size >= limit) parser.pause()
      }
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }
  )
  parser.end(html)
  return [...found]
}
