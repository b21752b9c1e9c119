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
 * @typedef {{ id: string, name: string, environments?: { ref: string, expression: string }[] }} Zone
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
 * @param {{ zones: Zone[], accepted: Accepted[], now: () => number, stale?: string[] }} options
 */
export const createEdge = ({ zones, accepted, now, stale = [] }) => {
  let startedAt = now()
  /** When each page was last cached, by key. @type {Map<string, number>} */
  const cachedAt = new Map()
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
              Object.entries(wanted).every(([name, value]) => headers[name.toLowerCase()] === value)
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
    const key = `${url.href}\n${req.headers['cf-device-type'] ?? ''}`
    const was = cachedAt.get(key) ?? startedAt - 3_600_000
    const purge = lastPurge(url, zone, req.headers)
    const page = { 'content-type': 'text/html', 'cache-tag': 'all' }
    if (staleSet.has(url.href) || purge === undefined || purge.at <= was) {
      cachedAt.set(key, was)
      return send(200, `<p>${url.pathname}</p>`, {
        ...page,
        'cf-cache-status': 'HIT',
        age: String(Math.max(0, Math.floor((t - was) / 1000)))
      })
    }
    cachedAt.set(key, t)
    return send(200, `<p>${url.pathname}</p>`, {
      ...page,
      'cf-cache-status': purge.mode === 'invalidate' ? 'EXPIRED' : 'MISS'
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
      staleSet = new Set(stale)
    }
  }
}
