// @ts-check
/**
 * An origin being deployed, for the deploy gate (`wait_for_url`): every path under `/origin/`
 * serves `{"version": "<before>"}` until `switchAfterMs` have passed on the emulator's clock since
 * the first request it received (or the first since `restart()`), then `{"version": "<after>"}`.
 * Counting from the first request, not from start-up, leaves a person all the time they need to
 * type the command that polls it. Its answers say they may be cached for a minute, as a
 * CDN-fronted origin's often do: a client that does not bypass caches would be fooled by one in
 * front of it. Every poll is logged, with the version it was served.
 *
 * `/origin/sitemap.xml` is the site's sitemap instead (a few pages of www.example.com, the
 * emulator's zone), so that a recipe with `sitemap`, `wait_for_url` and `warm` runs offline.
 *
 * @typedef {{ before: string, after: string, switchAfterMs: number }} OriginOptions
 *   `switchAfterMs: Infinity` never switches
 * @typedef {{ path: string, headers: Record<string, string | string[] | undefined>, at: number, version: string }} OriginRequest
 */

/** The pages the origin's sitemap lists. */
export const SITEMAP_PAGES = [
  'https://www.example.com/',
  'https://www.example.com/pricing',
  'https://www.example.com/blog/'
]

const SITEMAP = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${SITEMAP_PAGES.map((page) => `  <url><loc>${page}</loc></url>`).join('\n')}
</urlset>
`

/** @param {OriginOptions} options @param {() => number} now */
export const createOrigin = (options, now) => {
  const { before, after, switchAfterMs } = options
  if (typeof before !== 'string' || typeof after !== 'string' || !(switchAfterMs >= 0))
    throw new Error(
      `bad origin ${JSON.stringify(options)}: needs before and after strings and switchAfterMs >= 0`
    )
  /** When the first request came, on the emulator's clock; none yet: undefined. @type {number | undefined} */
  let startedAt
  /** @type {OriginRequest[]} */
  const requests = []
  return {
    requests,
    /** When the version switches, on the emulator's clock: undefined until the first request. */
    get switchAt() {
      return startedAt === undefined ? undefined : startedAt + switchAfterMs
    },
    /** Serves the old version again, for `switchAfterMs` from the next request. */
    restart() {
      startedAt = undefined
      requests.length = 0
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {(status: number, body: string, headers: Record<string, string>) => void} send
     */
    handle(req, send) {
      const path = req.url ?? '/'
      const cache = { 'cache-control': 'public, max-age=60' }
      // Not a poll: neither logged nor starting the clock.
      if (new URL(path, 'http://origin').pathname === '/origin/sitemap.xml')
        return send(200, SITEMAP, { ...cache, 'content-type': 'application/xml' })
      const at = now()
      startedAt ??= at
      const version = at >= startedAt + switchAfterMs ? after : before
      requests.push({ path, headers: { ...req.headers }, at, version })
      send(200, `${JSON.stringify({ version })}\n`, {
        ...cache,
        'content-type': 'application/json'
      })
    }
  }
}
