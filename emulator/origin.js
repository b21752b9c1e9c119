// @ts-check
/**
 * An origin being deployed, for the deploy gate (`wait_for_url`): every path under `/origin/`
 * serves `{"version": "<before>"}` until `switchAfterMs` have passed on the emulator's clock since
 * it started (or since `restart()`), then `{"version": "<after>"}`. Its answers say they may be
 * cached for a minute, as a CDN-fronted origin's often do: a client that does not bypass caches
 * would be fooled by one in front of it. Every request is logged, with the version it was served.
 *
 * @typedef {{ before: string, after: string, switchAfterMs: number }} OriginOptions
 *   `switchAfterMs: Infinity` never switches
 * @typedef {{ path: string, headers: Record<string, string | string[] | undefined>, at: number, version: string }} OriginRequest
 */

/** @param {OriginOptions} options @param {() => number} now */
export const createOrigin = (options, now) => {
  const { before, after, switchAfterMs } = options
  if (typeof before !== 'string' || typeof after !== 'string' || !(switchAfterMs >= 0))
    throw new Error(
      `bad origin ${JSON.stringify(options)}: needs before and after strings and switchAfterMs >= 0`
    )
  let startedAt = now()
  /** @type {OriginRequest[]} */
  const requests = []
  return {
    requests,
    /** When the version switches, on the emulator's clock. */
    get switchAt() {
      return startedAt + switchAfterMs
    },
    /** Serves the old version again, for `switchAfterMs` from now. */
    restart() {
      startedAt = now()
      requests.length = 0
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {(status: number, body: string, headers: Record<string, string>) => void} send
     */
    handle(req, send) {
      const at = now()
      const version = at >= startedAt + switchAfterMs ? after : before
      requests.push({ path: req.url ?? '/', headers: { ...req.headers }, at, version })
      send(200, `${JSON.stringify({ version })}\n`, {
        'content-type': 'application/json',
        'cache-control': 'public, max-age=60'
      })
    }
  }
}
