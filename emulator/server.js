// @ts-check
/**
 * A local emulator of Cloudflare's cache purge API: purge and invalidate on zone and environment
 * paths, zone lookup by name, token and Global API Key auth, the error envelope, plan-like rate
 * limits and injectable faults. The tests, the README demo, the benchmark and CI all use it.
 */
import { createServer } from 'node:http'
import { PLANS, TokenBucket } from './limits.js'

/**
 * @typedef {import('./limits.js').Limits} Limits
 * @typedef {{ id: string, selectsBy?: 'ip' | 'country' | 'asn' | 'threat_score' }} Environment
 * @typedef {{ id: string, name: string, environments?: Environment[] }} Zone
 * @typedef {{ token: string, zones?: string[], zoneRead?: boolean }} Token
 * @typedef {'json500' | 'json503' | 'html502' | 'bad-json-200' | 'empty-200' | 'reset' | 'hang' | 'retry-after-date' | 'success-false'} FaultKind
 * @typedef {{ kind: FaultKind, times?: number, probability?: number }} Fault
 * @typedef {{ method: string, path: string, headers: Record<string, string | string[] | undefined>, body: string, at: number, status?: number }} Logged
 * @typedef {{ mode: 'purge' | 'invalidate', zone: string, environment: string | undefined, kind: string, items: unknown[], at: number }} Accepted
 * @typedef {{ code: number, message: string }} CfError
 * @typedef {{
 *   port?: number, host?: string, plan?: string, limits?: Limits, latencyMs?: number,
 *   tokens?: (string | Token)[], keys?: { email: string, key: string }[], zones?: Zone[],
 *   rateHeaders?: boolean, seed?: number,
 *   rejectItem?: (kind: string, item: unknown) => CfError | undefined
 * }} Options
 */

export const DEFAULT_ZONE = {
  id: '023e105f4ecef8ad9ca31a8372d0c353',
  name: 'example.com',
  environments: [
    { id: '7c5dae5552338874e5053f2534d2767a' },
    { id: 'b2f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7', selectsBy: /** @type {const} */ ('country') }
  ]
}
export const DEFAULT_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv'
export const PURGE_ONLY_TOKEN = 'purge-only-token-0123456789abcdefghijklmnop'
export const DEFAULT_KEY = {
  email: 'ops@example.com',
  key: '0123456789abcdef0123456789abcdef01234'
}

const RATE_LIMITED = {
  code: 1134,
  message:
    'Unable to purge, rate limit reached. Please wait and consider throttling your request speed'
}
const KINDS = ['files', 'tags', 'hosts', 'prefixes']

/** Seeded so that a fault mix is the same on every run. @param {number} seed */
const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** @param {string} kind @param {unknown} item */
const itemProblem = (kind, item) => {
  if (kind === 'files') {
    const url = typeof item === 'string' ? item : /** @type {{ url?: unknown }} */ (item ?? {}).url
    if (typeof url !== 'string' || !/^https?:\/\/[^/\s]+/i.test(url))
      return { code: 1016, message: `Invalid url: ${JSON.stringify(item)}` }
    return undefined
  }
  if (typeof item !== 'string' || item === '' || /\s/.test(item))
    return { code: 1018, message: `Invalid ${kind.slice(0, -1)}: ${JSON.stringify(item)}` }
  if (kind === 'tags' && item.length > 1024) return { code: 1018, message: 'Tag too long' }
  if (kind === 'prefixes' && (/^[a-z]+:\/\//i.test(item) || /[?#]/.test(item)))
    return { code: 1018, message: `Invalid prefix: ${item}` }
  return undefined
}

/** @param {Options} [options] */
export const startEmulator = async (options = {}) => {
  const limits = options.limits ?? PLANS[options.plan ?? 'unlimited']
  if (limits === undefined)
    throw new Error(`unknown plan "${options.plan}"; plans: ${Object.keys(PLANS).join(', ')}`)
  const zones = options.zones ?? [DEFAULT_ZONE]
  /** @type {Token[]} */
  const tokens = (
    options.tokens ?? [DEFAULT_TOKEN, { token: PURGE_ONLY_TOKEN, zoneRead: false }]
  ).map((t) => (typeof t === 'string' ? { token: t } : t))
  const keys = options.keys ?? [DEFAULT_KEY]
  const latencyMs = options.latencyMs ?? 0
  const rateHeaders = options.rateHeaders ?? true
  const chance = random(options.seed ?? 1)
  const now = () => performance.now()
  const buckets = {
    requests: limits.requests && new TokenBucket(limits.requests, now),
    urls: limits.urls && new TokenBucket(limits.urls, now),
    global: new TokenBucket({ rate: 1200 / 300, burst: 1200 }, now)
  }
  /** @type {Fault[]} */
  let faults = []
  const state = {
    /** @type {Logged[]} */ requests: [],
    /** @type {Accepted[]} */ accepted: [],
    throttled: 0,
    faulted: 0
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
        return send(res, 429, failure([RATE_LIMITED]), {
          'retry-after': new Date(Date.now() + 1000).toUTCString()
        })
      case 'reset':
        return res.socket?.destroy()
      case 'hang':
        return undefined
    }
  }

  /** @param {import('node:http').IncomingMessage} req */
  const authenticate = (req) => {
    const auth = req.headers.authorization
    if (typeof auth === 'string') {
      const match = /^Bearer (\S+)$/.exec(auth)
      const token = match && tokens.find((t) => t.token === match[1])
      return token
        ? { token }
        : { status: 403, error: { code: 10000, message: 'Authentication error' } }
    }
    const email = req.headers['x-auth-email']
    const key = req.headers['x-auth-key']
    if (email === undefined && key === undefined)
      return { status: 400, error: { code: 6003, message: 'Invalid request headers' } }
    if (typeof key !== 'string' || !/^[0-9a-f]{37}$/.test(key))
      return { status: 400, error: { code: 6103, message: 'Invalid format for X-Auth-Key header' } }
    const known = keys.some((k) => k.email === email && k.key === key)
    return known
      ? { token: { token: '' } }
      : { status: 403, error: { code: 10000, message: 'Authentication error' } }
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} body */
  const handle = (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const path = url.pathname.replace(/^\/client\/v4/, '')
    const auth = authenticate(req)
    if (!auth.token) return send(res, auth.status, failure([auth.error]))
    const token = auth.token
    const global = buckets.global.take(1)
    if (!global.ok)
      return send(
        res,
        429,
        failure([
          {
            code: 10000,
            message: 'Rate limited. Please wait and consider throttling your request speed'
          }
        ]),
        { 'retry-after': String(Math.ceil(global.waitMs / 1000)) }
      )

    if (req.method === 'GET' && path === '/user/tokens/verify')
      return send(res, 200, success({ id: 'ed17574386854bf78a67040be0a770b0', status: 'active' }))
    if (req.method === 'GET' && path === '/zones') {
      if (token.zoneRead === false)
        return send(
          res,
          403,
          failure([{ code: 9109, message: 'Unauthorized to access requested resource' }])
        )
      const name = url.searchParams.get('name')
      const found = zones
        .filter((z) => name === null || z.name === name.toLowerCase())
        .map((z) => ({ id: z.id, name: z.name, status: 'active' }))
      return send(res, 200, {
        ...success(found),
        result_info: { page: 1, per_page: 20, count: found.length, total_count: found.length }
      })
    }
    const route =
      /^\/zones\/([^/]+)(?:\/environments\/([^/]+))?\/(purge_cache|invalidate_cache)$/.exec(path)
    if (req.method !== 'POST' || route === null)
      return send(res, 404, failure([{ code: 7000, message: 'No route for that URI' }]))
    const [, zoneId, environmentId, endpoint] = route
    const zone = zones.find((z) => z.id === zoneId)
    if (!/^[0-9a-f]{32}$/.test(zoneId ?? '') || zone === undefined)
      return send(
        res,
        400,
        failure([
          {
            code: 7003,
            message: `Could not route to ${path}, perhaps your object identifier is invalid?`
          }
        ])
      )
    if (token.zones !== undefined && !token.zones.includes(zone.id))
      return send(
        res,
        403,
        failure([{ code: 9109, message: 'Unauthorized to access requested resource' }])
      )
    const environment =
      environmentId === undefined
        ? undefined
        : zone.environments?.find((e) => e.id === environmentId)
    if (environmentId !== undefined && environment === undefined)
      return send(
        res,
        400,
        failure([
          {
            code: 7003,
            message: `Could not route to ${path}, perhaps your object identifier is invalid?`
          }
        ])
      )

    /** @type {Record<string, unknown>} */
    let json
    try {
      json = JSON.parse(body)
    } catch {
      return send(res, 400, failure([{ code: 6007, message: 'Malformed JSON in request body' }]))
    }
    const kinds = KINDS.filter((k) => k in json)
    const everything = json.purge_everything === true
    const cost =
      kinds.length === 1 && kinds[0] === 'files' && Array.isArray(json.files)
        ? json.files.length
        : 1
    const bucket = kinds[0] === 'files' ? buckets.urls : buckets.requests
    if (bucket !== undefined) {
      const { ok, waitMs } = bucket.take(cost)
      const headers = rateHeaders ? bucket.headers() : {}
      if (!ok) {
        state.throttled++
        return send(res, 429, failure([RATE_LIMITED]), {
          ...headers,
          'retry-after': String(Math.ceil(waitMs / 1000))
        })
      }
      res.setHeader('x-emulator-bucket', kinds[0] === 'files' ? 'urls' : 'requests')
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    }
    if (everything && kinds.length > 0)
      return send(
        res,
        400,
        failure([
          { code: 1092, message: 'purge_everything cannot be combined with other purge parameters' }
        ])
      )
    if (!everything && kinds.length === 0)
      return send(
        res,
        400,
        failure([
          {
            code: 1012,
            message:
              'Request must contain one of "purge_everything", "files", "tags", "hosts" or "prefixes"'
          }
        ])
      )
    if (kinds.length > 1)
      return send(
        res,
        400,
        failure([{ code: 1012, message: 'The emulator takes one kind of purge item per request' }])
      )
    const kind = everything ? 'purge_everything' : /** @type {string} */ (kinds[0])
    const items = everything ? [] : json[kind]
    if (!Array.isArray(items))
      return send(res, 400, failure([{ code: 1014, message: `"${kind}" must be an array` }]))
    if (items.length > (kind === 'files' ? limits.maxFiles : limits.maxItems))
      return send(res, 400, 'Bad Request: too many items in one purge request')
    if (kind === 'files' && environment?.selectsBy !== undefined)
      return send(
        res,
        400,
        failure([
          {
            code: 1136,
            message:
              'Purge by URL is not supported for environments that select requests by IP, country, ASN or threat score'
          }
        ])
      )
    for (const item of items) {
      const problem = itemProblem(kind, item) ?? options.rejectItem?.(kind, item)
      if (problem !== undefined) return send(res, 400, failure([problem]))
    }
    state.accepted.push({
      mode: endpoint === 'invalidate_cache' ? 'invalidate' : 'purge',
      zone: zone.id,
      environment: environmentId,
      kind,
      items,
      at: now()
    })
    return send(
      res,
      200,
      success({ id: `${state.accepted.length.toString(16).padStart(8, '0')}${'0'.repeat(24)}` })
    )
  }

  const server = createServer((req, res) => {
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
      state.requests.push(logged)
      res.on('finish', () => (logged.status = res.statusCode))
      const fault = req.method === 'POST' ? nextFault() : undefined
      if (fault !== undefined) return applyFault(fault, res)
      handle(req, res, body)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined))
  )
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`

  return {
    url,
    apiUrl: `${url}/client/v4`,
    state,
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
