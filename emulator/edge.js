// @ts-check
/**
 * A small edge for the emulator's zones: it serves any page of their hosts with `CF-Cache-Status`
 * and `Age` that follow the purges the API accepted, so that verification can be tested and
 * shown without the internet. Every page starts cached an hour before the emulator started (or
 * was reset); a
 * purge covering it makes the next request a MISS (EXPIRED after an invalidation), which caches
 * it anew. `stale` lists URLs an upstream cache keeps feeding old: they stay HIT with their old
 * age whatever is purged. Requests come as `/edge/<path>` with the page's host in
 * `X-Forwarded-Host` (what the action sends when CLOUDFLARE_PURGE_EDGE_URL points here).
 *
 * @typedef {{ mode: 'purge' | 'invalidate', zone: string, environment?: string, kind: string, items: unknown[], at: number }} Accepted
 * @typedef {{ id: string, name: string, environments?: { ref: string, expression: string }[], cacheRules?: unknown[] }} Zone
 * @typedef {{ before: string, after: string, lateFills?: number, assets?: string[], deleted?: string[], maxAge?: number }} Site
 *   The option `site` (named, not default: the docs describe Cloudflare, not a site) makes the
 *   pages a site being deployed. Each HTML page shows the version it was cached with
 *   (`<meta name="version">`): every page starts cached with `before`; the origin serves
 *   `before` to its first `lateFills` fills (an origin switched late: 0 by default), `after` to
 *   the others. Each page references `assets` (paths: `.css` as a stylesheet, others as a
 *   script); a path of `deleted` answers 404 (a deleted asset); `maxAge` adds
 *   `Cache-Control: public, max-age=N` to pages (a long browser lifetime). A URL with a query
 *   string starts uncached, as a variant nobody asked for would be.
 *
 * The edge answers as visitors reach it, that is from production: a purge of the zone, or of its
 * production environment (the one whose filter is the zone's name alone), covers its pages; a
 * purge of another environment does not.
 */

/** A page's cache key: its URL, and the headers a `{url, headers}` purge names. @param {unknown} item */
const purgedUrl = (item) =>
  typeof item === 'string'
    ? { url: item, headers: {} }
    : /** @type {{ url: string, headers: Record<string, string> }} */ (item)

/**
 * The request headers a zone's Cache Rules put in the cache key, names in lower case. The
 * emulator does not evaluate a rule's expression: an enabled `set_cache_settings` rule applies
 * to every request of the zone.
 * @param {Zone} zone
 */
export const keyHeaders = (zone) =>
  (zone.cacheRules ?? []).flatMap((rule) => {
    const r = /** @type {any} */ (rule)
    if (r?.action !== 'set_cache_settings' || r.enabled === false) return []
    const header = r.action_parameters?.cache_key?.custom_key?.header ?? {}
    return [...(header.include ?? []), ...(header.check_presence ?? [])].map((h) =>
      String(h).toLowerCase()
    )
  })

/** @param {Record<string, string>} headers @param {string} name */
const headerOf = (headers, name) =>
  Object.entries(headers).find(([n]) => n.toLowerCase() === name)?.[1]

/** @param {Site} site @param {string} path @param {string} version */
const sitePage = (site, path, version) => {
  const links = (site.assets ?? []).map((a) =>
    a.endsWith('.css') ? `<link rel="stylesheet" href="${a}">` : `<script src="${a}"></script>`
  )
  return `<!doctype html><html><head><meta name="version" content="${version}"><title>${path}</title>${links.join('')}</head><body><p>${path}</p></body></html>`
}

/**
 * @param {{ zones: Zone[], accepted: Accepted[], now: () => number, stale?: string[], site?: Site }} options
 */
export const createEdge = ({ zones, accepted, now, stale = [], site }) => {
  let startedAt = now()
  /** When each page was last cached, by key. @type {Map<string, number>} */
  const cachedAt = new Map()
  /** The version each page was cached with, by key (`site`): `before` when not in it. @type {Map<string, string>} */
  const versions = new Map()
  let fills = 0
  let staleSet = new Set(stale)

  /** Whether a purge there shows to visitors. @param {Zone} zone @param {string | undefined} ref */
  const inProduction = (zone, ref) =>
    ref === undefined ||
    (zone.environments ?? []).some(
      (e) => e.ref === ref && /^\(cf\.zone\.name eq "[^"]*"\)$/.test(e.expression)
    )

  /** @param {string} host */
  const zoneOf = (host) => zones.find((z) => host === z.name || host.endsWith(`.${z.name}`))

  /**
   * The last accepted purge that covers a page, if any.
   * @param {URL} url @param {Zone} zone @param {Record<string, string | string[] | undefined>} headers
   */
  const lastPurge = (url, zone, headers) => {
    const page = `${url.origin}${url.pathname}${url.search}`
    const host = url.hostname
    const hostPath = `${host}${url.pathname}`
    let last
    for (const a of accepted) {
      if (a.zone !== zone.id || !inProduction(zone, a.environment)) continue
      const covers =
        a.kind === 'purge_everything' ||
        (a.kind === 'hosts' && a.items.some((h) => String(h).toLowerCase() === host)) ||
        (a.kind === 'prefixes' && a.items.some((p) => hostPath.startsWith(String(p)))) ||
        (a.kind === 'tags' && a.items.some((t) => String(t).toLowerCase() === 'all')) ||
        (a.kind === 'files' &&
          a.items.some((item) => {
            const { url: purged, headers: wanted } = purgedUrl(item)
            return (
              purged === page &&
              Object.entries(wanted).every(
                ([name, value]) => headers[name.toLowerCase()] === value
              ) &&
              // A header in the key: the purge covers only the variant of the value it names.
              keyHeaders(zone).every((name) => headerOf(wanted, name) === headers[name])
            )
          }))
      if (covers && (last === undefined || a.at > last.at)) last = a
    }
    return last
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {(status: number, body: string, headers: Record<string, string>) => void} send
   */
  const handle = (req, send) => {
    const forwarded = req.headers['x-forwarded-host']
    const host = typeof forwarded === 'string' ? forwarded.toLowerCase() : ''
    const path = (req.url ?? '/').replace(/^\/edge/, '') || '/'
    const url = new URL(`https://${host || 'unknown.invalid'}${path}`)
    const zone = zoneOf(url.hostname)
    if (zone === undefined) return send(404, "Not found: not a host of the emulator's zones", {})
    if (url.pathname.startsWith('/api/'))
      return send(200, '{}', { 'cf-cache-status': 'DYNAMIC', 'content-type': 'application/json' })
    const t = now()
    if (site?.deleted?.includes(url.pathname))
      return send(404, 'Not found', { 'content-type': 'text/plain', 'cf-cache-status': 'MISS' })
    const variant = keyHeaders(zone).map((name) => req.headers[name] ?? '')
    const key = [url.href, req.headers['cf-device-type'] ?? '', ...variant].join('\n')
    const queried = site !== undefined && url.search !== ''
    const was = cachedAt.get(key) ?? (queried ? undefined : startedAt - 3_600_000)
    const purge = lastPurge(url, zone, req.headers)
    const page = {
      'content-type': 'text/html',
      'cache-tag': 'all',
      ...(site?.maxAge === undefined ? {} : { 'cache-control': `public, max-age=${site.maxAge}` })
    }
    const body = () =>
      site === undefined
        ? `<p>${url.pathname}</p>`
        : sitePage(site, url.pathname, versions.get(key) ?? site.before)
    if (was !== undefined && (staleSet.has(url.href) || purge === undefined || purge.at <= was)) {
      cachedAt.set(key, was)
      return send(200, body(), {
        ...page,
        'cf-cache-status': 'HIT',
        age: String(Math.max(0, Math.floor((t - was) / 1000)))
      })
    }
    cachedAt.set(key, t)
    if (site !== undefined)
      versions.set(key, ++fills <= (site.lateFills ?? 0) ? site.before : site.after)
    return send(200, body(), {
      ...page,
      'cf-cache-status': purge?.mode === 'invalidate' ? 'EXPIRED' : 'MISS'
    })
  }

  return {
    handle,
    /** Makes a URL stay stale from now on. @param {string} url */
    keepStale(url) {
      staleSet.add(url)
    },
    /** Every page cached an hour before now again, and stale only the URLs of `stale`. */
    reset() {
      startedAt = now()
      cachedAt.clear()
      versions.clear()
      fills = 0
      staleSet = new Set(stale)
    }
  }
}
