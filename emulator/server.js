// @ts-check
/**
 * A local emulator of Cloudflare's cache purge API: purge and invalidate on zone and environment
 * paths, zone lookups, token and Global API Key auth, the error envelope, the documented rate
 * limits and injectable faults. The tests, the README demo, the benchmark and CI all use it.
 *
 * By default it behaves as documented (/work/shared/docs/cloudflare-purge-api.md): the API-wide
 * quota of 1,200 requests per 5 minutes per token, described on every answer by the `Ratelimit`
 * and `Ratelimit-Policy` headers; per-account purge buckets that show only through 429s with
 * error 1134 and `Retry-After`. Anything else is a named option: `rateHeaders: 'none'`, the
 * `unlimited` and `legacy` plans, custom `limits`, faults.
 */
import { createServer } from 'node:http'
import { readPurgeBody, purgeKinds } from './body.js'
import { createEdge } from './edge.js'
import { createOrigin } from './origin.js'
import { API_LIMIT, FixedWindow, PLANS, TokenBucket } from './limits.js'
import { exampleEnvironments, refusesUrls } from './environments.js'
import { createArtifactService } from './artifacts.js'
import { createGitHub } from './github.js'
import { createControl } from './control.js'

/**
 * @typedef {import('./limits.js').Limits} Limits
 * @typedef {import('./limits.js').ApiLimit} ApiLimit
 * @typedef {import('./body.js').CfError} CfError
 * @typedef {import('./environments.js').Environment} Environment
 * @typedef {{ id: string, name: string, status?: string, plan?: string, environments?: Environment[], cacheRules?: unknown[] }} Zone
 *   `plan` names one of PLANS; without it the zone has the emulator's plan. Zones of one plan share its buckets.
 *   `environments` as Cloudflare lists them (Version Management); none: the zone has no environments.
 *   `cacheRules`: the rules of its `http_request_cache_settings` entry point, in the Rulesets
 *   API's shape; none: it has no entry point there (404). The edge keys pages on the headers
 *   their custom keys include.
 * @typedef {{ token: string, zones?: string[], zoneRead?: boolean, versioningRead?: boolean, cacheSettingsRead?: boolean, purge?: boolean, status?: 'active' | 'disabled' | 'expired', expiresOn?: string, notBefore?: string, id?: string, account?: string }} Token
 *   `zones`: the zone resources (every zone when unset); `zoneRead`: the "Zone Read" permission,
 *   `versioningRead`: "Zone Versioning Read", `cacheSettingsRead`: "Cache Settings Read" (the
 *   Cache Rules), and `purge`: "Cache Purge" (all by default);
 *   `status` as the token check reports it (active by default), and `expiresOn` /
 *   `notBefore` as it echoes them; `account`: the ID of the account that owns it (an account API
 *   token, checked at `GET /accounts/{account_id}/tokens/verify`; the user endpoint does not
 *   know it), none for a user's token.
 * @typedef {'json500' | 'json503' | 'html502' | 'bad-json-200' | 'empty-200' | 'reset' | 'hang' | 'retry-after-date' | 'success-false'} FaultKind
 * @typedef {{ kind: FaultKind, times?: number, probability?: number }} Fault
 * @typedef {{ method: string, path: string, headers: Record<string, string | string[] | undefined>, body: string, at: number, status?: number }} Logged
 * @typedef {{ path: string, host: string, headers: Record<string, string | string[] | undefined>, at: number }} EdgeLogged
 * @typedef {{ mode: 'purge' | 'invalidate', zone: string, environment: string | undefined, kind: string, items: unknown[], at: number }} Accepted
 * @typedef {'documented' | 'none'} RateHeaders
 * @typedef {{
 *   port?: number, host?: string, plan?: string, limits?: Limits, apiLimit?: ApiLimit,
 *   latencyMs?: number, tokens?: (string | Token)[], keys?: { email: string, key: string }[],
 *   zones?: Zone[], rateHeaders?: RateHeaders, seed?: number,
 *   rejectItem?: (kind: string, item: unknown) => CfError | undefined,
 *   stale?: string[], clock?: Clock, origin?: import('./origin.js').OriginOptions,
 *   site?: import('./edge.js').Site,
 *   github?: import('./github.js').GitHubOptions, environmentsPerPage?: number
 * }} Options
 *   `origin` serves `/origin/*` as a deploy in progress: its version changes after a delay (origin.js);
 *   `site` makes the edge's pages a site being deployed: versions, assets, a deleted one, a
 *   browser lifetime (edge.js);
 *   `github` serves GitHub's compare and Actions runs API under `/github` (github.js), such as
 *   `{ git: '.' }` to compare in a local git repository;
 *   `environmentsPerPage` lists a zone's environments in pages of that many, with Cloudflare's
 *   `result_info` (invented: the docs show the list whole, which is what it does without it)
 * @typedef {{ now(): number }} Clock milliseconds, for every rate limit and age; tests pass one
 *   they move by hand, so that no answer depends on how fast the machine runs the test
 */

export const ACCOUNT = { id: '01a7362d577a6c3019a474fd6f485823', name: 'Example account' }
/**
 * Its environments: Production, Staging, and Office, selected by IP (no URL purges there); a
 * Cache Rules entry point without rules (the other zone has none: 404).
 */
export const DEFAULT_ZONE = {
  id: '023e105f4ecef8ad9ca31a8372d0c353',
  name: 'example.com',
  environments: exampleEnvironments('example.com'),
  /** @type {unknown[]} */
  cacheRules: []
}
/** A second zone of the same account: it shares the purge buckets with the first. */
export const OTHER_ZONE = { id: '9a7806061c88ada191ed06f989cc3dac', name: 'example.net' }
export const DEFAULT_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv'
/** Only "Cache Purge": it cannot find a zone by name nor read its environments. */
export const PURGE_ONLY_TOKEN = 'purge-only-token-0123456789abcdefghijklmnop'
/** "Cache Purge" and "Zone Read", without "Zone Versioning Read". */
export const NO_VERSIONING_TOKEN = 'no-versioning-token-0123456789abcdefghijkl'
/** Active, with "Zone Read" but without "Cache Purge": every purge is refused with 10000. */
export const READ_ONLY_TOKEN = 'read-only-token-0123456789abcdefghijklmnopq'
/** Expired on 2024-01-01: every call but the token check is refused with 10000. */
export const EXPIRED_TOKEN = 'expired-token-0123456789abcdefghijklmnopqrs'
/** Disabled: every call but the token check is refused with 10000. */
export const DISABLED_TOKEN = 'disabled-token-0123456789abcdefghijklmnopqr'
/**
 * An account API token of the example account, in the `cfat_` form of Cloudflare's "Token
 * formats" (a prefix and 40 characters): it purges and reads as the default token does, and only
 * the account's token check knows it.
 */
export const ACCOUNT_TOKEN = 'cfat_accountToken0123456789abcdefghijklmnopqr'
/** The tokens an emulator knows unless told otherwise. @type {Token[]} */
export const DEFAULT_TOKENS = [
  { token: ACCOUNT_TOKEN, account: ACCOUNT.id },
  { token: DEFAULT_TOKEN },
  { token: PURGE_ONLY_TOKEN, zoneRead: false, versioningRead: false, cacheSettingsRead: false },
  { token: NO_VERSIONING_TOKEN, versioningRead: false, cacheSettingsRead: false },
  { token: READ_ONLY_TOKEN, purge: false },
  { token: EXPIRED_TOKEN, status: 'expired', expiresOn: '2024-01-01T00:00:00Z' },
  { token: DISABLED_TOKEN, status: 'disabled' }
]
export const DEFAULT_KEY = {
  email: 'ops@example.com',
  key: '0123456789abcdef0123456789abcdef01234'
}

const PURGE_LIMITED = {
  code: 1134,
  message:
    'Unable to purge, rate limit reached. Please wait and consider throttling your request speed'
}
// Not in the API reference: the code and message public reports show for the API-wide limit
// (cloudflare/workers-sdk#10025, lablabs/cloudflare-exporter#74).
const API_LIMITED = { code: 971, message: 'Please wait and consider throttling your request speed' }
const NO_ROUTE = { code: 7000, message: 'No route for that URI' }
const UNAUTHORIZED = { code: 9109, message: 'Unauthorized to access requested resource' }
const AUTHENTICATION_ERROR = { code: 10000, message: 'Authentication error' }
// The code and message the docs give for a token the verify endpoint does not know; its HTTP
// status (401) is a guess.
const INVALID_TOKEN = { code: 1000, message: 'Invalid API Token' }
// Not documented: what the verify endpoint answers to a Global API Key. A public report
// (kissgyorgy/cloudflare-dyndns#40) shows this code and message.
const NO_AUTHORIZATION = { code: 1001, message: 'Missing "Authorization" header' }
/** @param {string} path */
const badIdentifier = (path) => ({
  code: 7003,
  message: `Could not route to ${path}, perhaps your object identifier is invalid?`
})

/** Seeded so that a fault mix is the same on every run. @param {number} seed */
const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** @param {string | undefined} name @param {string} what */
const planOf = (name, what) => {
  const limits = PLANS[name ?? '']
  if (limits === undefined)
    throw new Error(`unknown plan "${name}" ${what}; plans: ${Object.keys(PLANS).join(', ')}`)
  return limits
}

/**
 * Answers an artifact service's request (the REST API's under /github), and says whether it did.
 * @param {ReturnType<typeof createArtifactService>} artifacts
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 */
const serveArtifact = (artifacts, req, res) => {
  const asked = req.url ?? '/'
  if (!asked.startsWith('/github/')) return artifacts.handle(req, res)
  req.url = asked.slice('/github'.length)
  if (artifacts.handle(req, res)) return true
  req.url = asked
  return false
}

/** @param {Options} [options] */
export const startEmulator = async (options = {}) => {
  const limits = options.limits ?? planOf(options.plan ?? 'unlimited', 'for the emulator')
  /** @type {Zone[]} */
  const zones = options.zones ?? [DEFAULT_ZONE, OTHER_ZONE]
  for (const zone of zones) if (zone.plan !== undefined) planOf(zone.plan, `for zone ${zone.name}`)
  const apiLimit = options.apiLimit ?? API_LIMIT
  if (!(apiLimit.requests >= 1 && apiLimit.windowS > 0))
    throw new Error(`bad apiLimit ${JSON.stringify(apiLimit)}: needs requests >= 1, windowS > 0`)
  const rateHeaders = options.rateHeaders ?? 'documented'
  if (rateHeaders !== 'documented' && rateHeaders !== 'none')
    throw new Error(`unknown rateHeaders "${rateHeaders}"; choose documented or none`)
  /** @type {Token[]} */
  const tokens = (options.tokens ?? DEFAULT_TOKENS).map((t) =>
    typeof t === 'string' ? { token: t } : t
  )
  const keys = options.keys ?? [DEFAULT_KEY]
  const latencyMs = options.latencyMs ?? 0
  const chance = random(options.seed ?? 1)
  const clock = options.clock ?? { now: () => performance.now() }
  const now = () => clock.now()
  /** @param {Zone} zone */
  const limitsOf = (zone) => (zone.plan === undefined ? limits : planOf(zone.plan, ''))
  /** The account's purge buckets, one pair per plan. @type {Map<string, { requests?: TokenBucket, urls?: TokenBucket }>} */
  const buckets = new Map()
  /** @param {Zone} zone */
  const bucketsOf = (zone) => {
    const key = zone.plan ?? ''
    let pair = buckets.get(key)
    if (pair === undefined) {
      const { requests, urls } = limitsOf(zone)
      pair = {
        requests: requests && new TokenBucket(requests, now),
        urls: urls && new TokenBucket(urls, now)
      }
      buckets.set(key, pair)
    }
    return pair
  }
  /** API-wide windows by the credential presented. @type {Map<string, FixedWindow>} */
  const windows = new Map()
  /** @type {Fault[]} */
  let faults = []
  const state = {
    /** @type {Logged[]} */ requests: [],
    /** @type {Accepted[]} */ accepted: [],
    /** Every 429, of both kinds and from faults. */
    throttled: 0,
    /** 429s from the purge buckets (error 1134) and from the API-wide quota (error 971). */
    throttledBy: { purge: 0, api: 0 },
    faulted: 0,
    /** Pages the edge served (verification's and warming's requests). */
    edgeRequests: 0,
    /** Each of them: path, page host, headers, when. @type {EdgeLogged[]} */
    edgeLog: [],
    /** Edge requests being answered now, and the most there ever were at once. */
    edgeInFlight: 0,
    edgeMaxInFlight: 0
  }
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const type =
      typeof body === 'string'
        ? text.startsWith('<')
          ? 'text/html'
          : 'text/plain'
        : 'application/json'
    setTimeout(() => {
      if (res.destroyed) return
      res.writeHead(status, { 'content-type': type, ...headers })
      res.end(text)
    }, latencyMs)
  }
  /** @param {CfError[]} errors */
  const failure = (errors) => ({ success: false, errors, messages: [], result: null })
  /** @param {unknown} result */
  const success = (result) => ({ success: true, errors: [], messages: [], result })
  /** @param {Zone} zone */
  const zoneAnswer = (zone) => {
    const plan = limitsOf(zone)
    return {
      id: zone.id,
      name: zone.name,
      status: zone.status ?? 'active',
      account: ACCOUNT,
      plan: {
        name: plan.planName ?? 'Enterprise Website',
        legacy_id: plan.legacyId ?? 'enterprise'
      }
    }
  }

  /** @returns {Fault | undefined} */
  const nextFault = () => {
    for (const fault of faults) {
      if (fault.times !== undefined && fault.times <= 0) continue
      if (fault.probability !== undefined && chance() >= fault.probability) continue
      if (fault.times !== undefined) fault.times--
      return fault
    }
    return undefined
  }

  /** @param {Fault} fault @param {import('node:http').ServerResponse} res */
  const applyFault = (fault, res) => {
    state.faulted++
    switch (fault.kind) {
      case 'json500':
        return send(res, 500, failure([{ code: 10001, message: 'Internal server error' }]))
      case 'json503':
        return send(
          res,
          503,
          failure([{ code: 10001, message: 'Service temporarily unavailable' }])
        )
      case 'html502':
        return send(
          res,
          502,
          '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>'
        )
      case 'bad-json-200':
        return send(res, 200, '{"success": true, "result": {"id": ')
      case 'empty-200':
        return send(res, 200, '')
      case 'success-false':
        return send(
          res,
          200,
          failure([{ code: 10001, message: 'Purge could not be queued, try again' }])
        )
      case 'retry-after-date':
        state.throttled++
        state.throttledBy.purge++
        return send(res, 429, failure([PURGE_LIMITED]), {
          'retry-after': new Date(Date.now() + 1000).toUTCString()
        })
      case 'reset':
        return res.socket?.destroy()
      case 'hang':
        return undefined
    }
  }

  /** The quota is per token; an unknown credential is counted under its own name. @param {import('node:http').IncomingMessage} req */
  const apiWindow = (req) => {
    const who = String(req.headers.authorization ?? req.headers['x-auth-email'] ?? '')
    let window = windows.get(who)
    if (window === undefined) windows.set(who, (window = new FixedWindow(apiLimit, now)))
    return window.take()
  }

  /**
   * Who calls, or the refusal. A token that is not active is refused everywhere but at the token
   * check, which says what it is (a guess: the docs give the statuses, not what other calls
   * answer; 10000 is what reports show for a token that does not work).
   * @param {import('node:http').IncomingMessage} req @param {boolean} verify
   */
  const authenticate = (req, verify) => {
    const auth = req.headers.authorization
    if (typeof auth === 'string') {
      const match = /^Bearer (\S+)$/.exec(auth)
      const token = match && tokens.find((t) => t.token === match[1])
      if (!token)
        return verify
          ? { status: 401, error: INVALID_TOKEN }
          : { status: 403, error: AUTHENTICATION_ERROR }
      if (!verify && (token.status ?? 'active') !== 'active')
        return { status: 403, error: AUTHENTICATION_ERROR }
      return { token }
    }
    const email = req.headers['x-auth-email']
    const key = req.headers['x-auth-key']
    if (verify) return { status: 400, error: NO_AUTHORIZATION }
    if (email === undefined && key === undefined)
      return { status: 400, error: { code: 6003, message: 'Invalid request headers' } }
    if (typeof key !== 'string' || !/^[0-9a-f]{37}$/.test(key))
      return { status: 400, error: { code: 6103, message: 'Invalid format for X-Auth-Key header' } }
    const known = keys.some((k) => k.email === email && k.key === key)
    return known ? { token: { token: '' } } : { status: 403, error: AUTHENTICATION_ERROR }
  }

  /** What `GET /user/tokens/verify` says of a token, in the documented shape. @param {Token} token */
  const verified = (token) => ({
    ...success({
      id: token.id ?? 'ed17574386854bf78a67040be0a770b0',
      status: token.status ?? 'active',
      ...(token.expiresOn === undefined ? {} : { expires_on: token.expiresOn }),
      ...(token.notBefore === undefined ? {} : { not_before: token.notBefore })
    }),
    messages:
      (token.status ?? 'active') === 'active'
        ? [{ code: 10000, message: 'This API Token is valid and active', type: null }]
        : []
  })

  /**
   * A zone's entry point ruleset of a phase (Rulesets API): only `http_request_cache_settings`
   * holds rules here. Reading it needs "Cache Settings Read" (Cloudflare's schema lists it for
   * this call). Not documented, so guessed: the code of the 404 for a phase without an entry
   * point, and 10000 for a token without the permission (the docs: 10000 or 9109).
   * @param {import('node:http').ServerResponse} res @param {Token} token @param {RegExpExecArray} route
   */
  const rulesAnswer = (res, token, route) => {
    const zone = zones.find((z) => z.id === route[1])
    if (zone === undefined) return send(res, 400, failure([badIdentifier(route[0])]))
    if (token.zones !== undefined && !token.zones.includes(zone.id))
      return send(res, 403, failure([UNAUTHORIZED]))
    if (token.cacheSettingsRead === false) return send(res, 403, failure([AUTHENTICATION_ERROR]))
    if (route[2] !== 'http_request_cache_settings' || zone.cacheRules === undefined)
      return send(
        res,
        404,
        failure([
          { code: 10003, message: `could not find entrypoint ruleset in the ${route[2]} phase` }
        ])
      )
    return send(
      res,
      200,
      success({
        id: '2f2feab2026849078ba485f918791bdc',
        name: 'default',
        description: '',
        kind: 'zone',
        version: '1',
        last_updated: '2026-01-01T00:00:00Z',
        phase: 'http_request_cache_settings',
        rules: zone.cacheRules
      })
    )
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} body */
  const handle = (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const path = url.pathname.replace(/^\/client\/v4/, '')
    // Every call counts and every answer says so, refusals included.
    const quota = apiWindow(req)
    if (rateHeaders === 'documented') {
      res.setHeader('ratelimit', `"default";r=${quota.remaining};t=${quota.headerS}`)
      res.setHeader('ratelimit-policy', `"default";q=${apiLimit.requests};w=${apiLimit.windowS}`)
    }
    if (!quota.ok) {
      state.throttled++
      state.throttledBy.api++
      return send(res, 429, failure([API_LIMITED]), { 'retry-after': String(quota.resetS) })
    }
    const accountVerify = /^\/accounts\/([^/]+)\/tokens\/verify$/.exec(path)
    const verify =
      req.method === 'GET' && (path === '/user/tokens/verify' || accountVerify !== null)
    const auth = authenticate(req, verify)
    if (!auth.token) return send(res, auth.status, failure([auth.error]))
    const token = auth.token
    /** @param {Zone} zone */
    const visible = (zone) => token.zones === undefined || token.zones.includes(zone.id)

    if (verify) {
      if (accountVerify !== null && accountVerify[1] !== ACCOUNT.id)
        return send(res, 400, failure([badIdentifier(path)]))
      // Each endpoint knows only its own tokens: the user's, or the account's (a guess where the
      // docs are silent: a user's token at the account's endpoint is unknown there too).
      const owner = accountVerify === null ? undefined : accountVerify[1]
      if (token.account !== owner) return send(res, 401, failure([INVALID_TOKEN]))
      return send(res, 200, verified(token))
    }
    const environmentsRoute = /^\/zones\/([^/]+)\/environments$/.exec(path)
    if (req.method === 'GET' && environmentsRoute !== null) {
      // Listing environments needs "Zone Versioning Read" (or Write); purging them does not.
      if (token.versioningRead === false) return send(res, 403, failure([UNAUTHORIZED]))
      const zone = zones.find((z) => z.id === environmentsRoute[1])
      if (zone === undefined) return send(res, 400, failure([badIdentifier(path)]))
      if (!visible(zone)) return send(res, 403, failure([UNAUTHORIZED]))
      // What a zone without Version Management answers is not documented: an empty list here.
      const all = zone.environments ?? []
      const perPage = options.environmentsPerPage
      if (perPage === undefined) return send(res, 200, success({ environments: all }))
      // Not documented: the list in pages of Cloudflare's v4 form (`page`, `result_info`).
      const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1)
      const environments = all.slice((page - 1) * perPage, page * perPage)
      return send(res, 200, {
        ...success({ environments }),
        result_info: {
          page,
          per_page: perPage,
          count: environments.length,
          total_count: all.length,
          total_pages: Math.max(1, Math.ceil(all.length / perPage))
        }
      })
    }
    const rulesRoute = /^\/zones\/([^/]+)\/rulesets\/phases\/([^/]+)\/entrypoint$/.exec(path)
    if (req.method === 'GET' && rulesRoute !== null) return rulesAnswer(res, token, rulesRoute)
    const zoneRoute = /^\/zones(?:\/([^/]+))?$/.exec(path)
    if (req.method === 'GET' && zoneRoute !== null) {
      if (token.zoneRead === false) return send(res, 403, failure([UNAUTHORIZED]))
      const [, zoneId] = zoneRoute
      if (zoneId !== undefined) {
        const zone = zones.find((z) => z.id === zoneId)
        if (zone === undefined) return send(res, 400, failure([badIdentifier(path)]))
        if (!visible(zone)) return send(res, 403, failure([UNAUTHORIZED]))
        return send(res, 200, success(zoneAnswer(zone)))
      }
      const name = url.searchParams.get('name')
      const found = zones
        .filter((z) => visible(z) && (name === null || z.name === name.toLowerCase()))
        .map(zoneAnswer)
      return send(res, 200, {
        ...success(found),
        result_info: { page: 1, per_page: 20, count: found.length, total_count: found.length }
      })
    }
    const route =
      /^\/zones\/([^/]+)(?:\/environments\/([^/]+))?\/(purge_cache|invalidate_cache)$/.exec(path)
    if (req.method !== 'POST' || route === null) return send(res, 404, failure([NO_ROUTE]))
    const [, zoneId, environmentId, endpoint] = route
    const zone = zones.find((z) => z.id === zoneId)
    if (!/^[0-9a-f]{32}$/.test(zoneId ?? '') || zone === undefined)
      return send(res, 400, failure([badIdentifier(path)]))
    if (!visible(zone)) return send(res, 403, failure([UNAUTHORIZED]))
    // A token without "Cache Purge" gets 10000 on a purge (the docs: 10000 or 9109).
    if (token.purge === false) return send(res, 403, failure([AUTHENTICATION_ERROR]))
    const environment =
      environmentId === undefined
        ? undefined
        : zone.environments?.find((e) => e.ref === environmentId)
    if (environmentId !== undefined && environment === undefined)
      return send(res, 400, failure([badIdentifier(path)]))
    const selects = environment !== undefined && refusesUrls(environment)

    /** @type {Record<string, unknown>} */
    let json
    try {
      json = JSON.parse(body)
    } catch {
      return send(res, 400, failure([{ code: 6007, message: 'Malformed JSON in request body' }]))
    }
    // Not documented whether a request the API then refuses spends its bucket: here it does.
    const { bucket: which, cost } = purgeKinds(json)
    const bucket = bucketsOf(zone)[/** @type {'urls' | 'requests'} */ (which)]
    if (bucket !== undefined) {
      const { ok, waitMs } = bucket.take(cost)
      if (!ok) {
        state.throttled++
        state.throttledBy.purge++
        return send(res, 429, failure([PURGE_LIMITED]), {
          'retry-after': String(Math.ceil(waitMs / 1000))
        })
      }
    }
    const read = readPurgeBody(
      json,
      limitsOf(zone),
      selects ? { selectsBy: 'ip' } : undefined,
      options.rejectItem
    )
    if ('refusal' in read) {
      const { status, errors, text } = read.refusal
      return send(res, status, errors === undefined ? (text ?? '') : failure(errors))
    }
    state.accepted.push({
      mode: endpoint === 'invalidate_cache' ? 'invalidate' : 'purge',
      zone: zone.id,
      environment: environmentId,
      kind: read.kind,
      items: read.items,
      at: now()
    })
    return send(
      res,
      200,
      success({ id: `${state.accepted.length.toString(16).padStart(8, '0')}${'0'.repeat(24)}` })
    )
  }

  const edge = createEdge({
    zones,
    accepted: state.accepted,
    now,
    stale: options.stale,
    site: options.site
  })
  const origin = options.origin === undefined ? undefined : createOrigin(options.origin, now)
  const github = options.github === undefined ? undefined : await createGitHub(options.github)
  // With the companion, GitHub's artifact services too (`changed: build`): the runtime's and the
  // blob store's at the root, the REST API's under /github, with the companion's token.
  const artifacts =
    github === undefined
      ? undefined
      : createArtifactService({
          repository: github.repository,
          githubToken: github.token,
          headBranch: github.git?.branch,
          apiPath: '/github',
          knownRun: (id) => github.runs.some((r) => r.id === id),
          actionsForbidden: options.github?.actionsForbidden === true
        })
  /** Back to the state of a fresh start, as `POST /__emulator/reset` asks (control.js). */
  const reset = () => {
    for (const list of [state.requests, state.accepted, state.edgeLog]) list.length = 0
    Object.assign(state, { throttled: 0, faulted: 0, edgeRequests: 0 })
    Object.assign(state.throttledBy, { purge: 0, api: 0 })
    state.edgeMaxInFlight = state.edgeInFlight
    buckets.clear()
    windows.clear()
    faults = []
    edge.reset()
    origin?.restart()
    github?.reset()
    artifacts?.artifacts.splice(0)
  }
  const control = createControl({ reset, github, artifacts })
  const server = createServer((req, res) => {
    // The artifact services read their own bodies (a blob upload is large, and streamed).
    if (artifacts !== undefined && serveArtifact(artifacts, req, res)) return
    const chunks = /** @type {Buffer[]} */ ([])
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      /** @type {Logged} */
      const logged = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: { ...req.headers },
        body,
        at: now()
      }
      /** @param {number} status @param {string} text @param {Record<string, string>} headers */
      const page = (status, text, headers) =>
        setTimeout(() => {
          if (res.destroyed) return
          res.writeHead(status, headers)
          res.end(text)
        }, latencyMs)
      if ((req.url ?? '').startsWith('/edge/') || req.url === '/edge') {
        // The edge serves pages, not the API: its requests count apart, never against the quota.
        state.edgeRequests++
        const host = String(req.headers['x-forwarded-host'] ?? '')
        state.edgeLog.push({ path: logged.path, host, headers: logged.headers, at: logged.at })
        state.edgeMaxInFlight = Math.max(state.edgeMaxInFlight, ++state.edgeInFlight)
        res.on('close', () => state.edgeInFlight--)
        return edge.handle(req, page)
      }
      if (origin !== undefined && (req.url ?? '').startsWith('/origin/'))
        return origin.handle(req, page)
      const path = new URL(req.url ?? '/', 'http://emulator').pathname
      if (path.startsWith('/__emulator/')) return void control(req, res, path, body)
      // The GitHub companion: neither Cloudflare's quota nor its request log.
      if (github !== undefined && path.startsWith('/github/'))
        return void github.handle(
          req,
          res,
          path.slice(7),
          `http://${req.headers.host}/github`,
          body
        )
      state.requests.push(logged)
      res.on('finish', () => (logged.status = res.statusCode))
      // A fault stands for a failure in front of the API (the edge, a proxy): it is not counted
      // against the quota and carries no rate-limit headers.
      const fault = req.method === 'POST' ? nextFault() : undefined
      if (fault !== undefined) return applyFault(fault, res)
      handle(req, res, body)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`

  return {
    url,
    apiUrl: `${url}/client/v4`,
    /** Where verification fetches pages: set CLOUDFLARE_PURGE_EDGE_URL to this. */
    edgeUrl: `${url}/edge`,
    /** The deploy being rolled out (the `origin` option): its URLs are `${url}/origin/<path>`. */
    origin,
    /** The GitHub companion (the `github` option): its requests, runs and git repository. */
    github,
    /** GITHUB_API_URL for the GitHub companion. */
    githubUrl: `${url}/github`,
    /**
     * With the companion, GitHub's artifact services: ACTIONS_RESULTS_URL is the emulator's URL,
     * ACTIONS_RUNTIME_TOKEN `artifacts.runtimeToken(runId)`.
     */
    artifacts,
    reset,
    state,
    /** Makes one URL stay stale at the edge whatever is purged. @param {string} pageUrl */
    keepStale(pageUrl) {
      edge.keepStale(pageUrl)
    },
    /** Faults are tried in order on each purge request; the first that fires answers it. @param {Fault[]} list */
    setFaults(list) {
      faults = list.map((f) => ({ ...f }))
    },
    /** Every item accepted for one kind, across requests. @param {string} kind */
    acceptedItems(kind) {
      return state.accepted.filter((a) => a.kind === kind).flatMap((a) => a.items)
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve(undefined)))
    }
  }
}
