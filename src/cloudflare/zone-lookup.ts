import type { Reply, TimeLimit } from './client.js'
import { ApiError, InputError, TimeoutError } from '../errors.js'
import { NOT_ALLOWED, UNAUTHORIZED } from './codes.js'
import type { Clock } from '../clock.js'
import type { Backoff } from './backoff.js'
import { unreachable } from './verdict.js'
import { retriedGet } from './retried-get.js'
import { ZONE_ID } from '../inputs/rules.js'
import { flattenLine, seconds } from '../text.js'

/**
 * The most one zone lookup may take, from its first request: Cloudflare answers one in well
 * under a second, and 30 s leaves room for a few retries of a passing failure. The lookups of a
 * run go out at once, so a zone whose lookup never answers costs this, not the whole `timeout`,
 * and the zones that answered are purged in the time left.
 */
export const LOOKUP_BOUND_MS = 30_000

/** 30 s, or a quarter of the step's timeout when that is shorter: most of it is the purge's. */
export const lookupBoundMs = (timeoutMs: number): number => Math.min(LOOKUP_BOUND_MS, timeoutMs / 4)

/** A lookup's GET: the time limit is worked out as the request goes out (see TimeLimit). */
export type LookupGet = (path: string, timeout: TimeLimit) => Promise<Reply>

export interface Zone {
  id: string
  name: string
  /** `active`, `pending`, ...: as Cloudflare says, when it says. */
  status: string | undefined
  /** The plan's `legacy_id` (`free`, `pro`, `business`, `enterprise`), when Cloudflare says. */
  plan: string | undefined
  /** The ID of the account that owns the zone (`account.id`): where its account tokens are checked. */
  account?: string
}

interface Listed {
  id?: unknown
  name?: unknown
  status?: unknown
  plan?: { legacy_id?: unknown } | null
  account?: { id?: unknown } | null
}

const word = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[a-z_]{1,32}$/.test(value) ? value : undefined

/** The account's ID, when the answer gives one that is an ID (it goes into a request path). */
const accountOf = (z: Listed): { account?: string } => {
  const id = z.account?.id
  return typeof id === 'string' && ZONE_ID.test(id) ? { account: id.toLowerCase() } : {}
}

/** Picks the zone from a lookup's answer: the one of that name, active first; never a guess. */
export const pickZone = (name: string, result: unknown): Zone => {
  const listed = (Array.isArray(result) ? result.slice(0, 50) : []) as (Listed | null)[]
  const named = listed.filter(
    (z): z is Listed =>
      z !== null &&
      typeof z === 'object' &&
      typeof z.name === 'string' &&
      z.name.toLowerCase() === name
  )
  const zones = named.map((z) => ({
    id: typeof z.id === 'string' ? z.id : '',
    name,
    status: word(z.status),
    plan: word(z.plan?.legacy_id),
    ...accountOf(z)
  }))
  const malformed = zones.find((z) => !ZONE_ID.test(z.id))
  if (malformed !== undefined)
    throw new ApiError(
      0,
      [
        {
          message: `the answer gives zone "${name}" an ID that is not 32 hex characters ("${flattenLine(malformed.id, 40)}")`
        }
      ],
      `Could not look up the zone "${name}": `
    )
  if (zones.length === 0)
    throw new InputError([
      {
        input: 'zone',
        value: name,
        problem:
          "was not found: no zone of that name is visible to this token. Check the spelling and the token's zone resources, or give the zone ID (32 hex characters, on the zone's Overview page)"
      }
    ])
  const active = zones.filter((z) => z.status === 'active')
  if (zones.length === 1) return zones[0]!
  if (active.length === 1) return active[0]!
  throw new InputError([
    {
      input: 'zone',
      value: name,
      problem: `matches ${zones.length} zones visible to this token (${zones.map((z) => `${z.id.toLowerCase()}${z.status === undefined ? '' : ` ${z.status}`}`).join(', ')}): give the zone ID of the one to purge`
    }
  ])
}

/** A refusal about the token's rights, not about the zone: the zone may exist all the same. */
export const isForbidden = (error: unknown): boolean =>
  error instanceof ApiError &&
  (error.status === 401 ||
    error.status === 403 ||
    error.codes.some((code) => NOT_ALLOWED.includes(code)))

/** Reads the one zone `GET /zones/{id}` answers with. */
export const readZoneById = (id: string, result: unknown): Zone => {
  const z = (result ?? {}) as Listed
  const name = typeof z.name === 'string' ? z.name.toLowerCase() : ''
  if (z.id !== id || !/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{1,63}$/.test(name))
    throw new ApiError(
      0,
      [{ message: 'the answer is not the zone that was asked for' }],
      `Could not look up the zone ID ${id}: `
    )
  return { id, name, status: word(z.status), plan: word(z.plan?.legacy_id), ...accountOf(z) }
}

/** The lookup of a zone by its domain name: the names match whole, so one page holds them. */
export const zoneByNamePath = (name: string): string =>
  `/zones?name=${encodeURIComponent(name)}&per_page=50`

/** The lookup of one zone by its ID. */
export const zoneByIdPath = (id: string): string => `/zones/${id}`

/**
 * Finds a zone from its domain name. Purge tokens often lack Zone Read, so a refusal with 9109
 * says exactly that instead of a bare authorization error.
 */
export const resolveZone = (name: string, get: LookupGet, options: LookupOptions): Promise<Zone> =>
  lookup(
    `the zone "${name}"`,
    zoneByNamePath(name),
    (result) => {
      const zone = pickZone(name, result)
      return { ...zone, id: zone.id.toLowerCase() }
    },
    get,
    options
  )

/** Finds a zone's name (and plan) from its ID: routing items among several zones needs it. */
export const zoneById = (id: string, get: LookupGet, options: LookupOptions): Promise<Zone> =>
  lookup(
    `the name of zone ${id}`,
    zoneByIdPath(id),
    (result) => readZoneById(id, result),
    get,
    options
  )

export interface LookupOptions {
  clock: Clock
  backoff: Backoff
  /** The step's deadline. */
  deadline: number
  requestTimeoutMs: number
  /** The most this lookup may take from its first request (lookupBoundMs); none when unset. */
  boundMs?: number
}

const lookup = async (
  what: string,
  path: string,
  read: (result: unknown) => Zone,
  get: LookupGet,
  options: LookupOptions
): Promise<Zone> => {
  const { clock, backoff } = options
  // The step's deadline until the first request goes out; then the lookup's own, if sooner.
  let deadline = options.deadline
  let sent = false
  const timeLimit = (): number => {
    if (!sent && options.boundMs !== undefined)
      deadline = Math.min(deadline, clock.now() + options.boundMs)
    sent = true
    return Math.max(1, Math.min(options.requestTimeoutMs, deadline - clock.now()))
  }
  const timedOut = (last: string) =>
    new TimeoutError(
      `Timed out looking up ${what}: ${deadline < options.deadline ? `no answer within ${seconds(options.boundMs!)} s, the most one zone lookup may take` : 'the timeout ran out'}${last === '' ? '' : ` (last answer: ${last})`}`
    )
  const context = `Could not look up ${what}: `
  const { reply, accepted } = await retriedGet(
    path,
    get,
    { clock, backoff, deadline: () => deadline, limit: timeLimit },
    timedOut
  )
  if (accepted && reply.type === 'ok') return read(reply.result)
  if (reply.type === 'refused') {
    const error = new ApiError(reply.status, reply.errors, context)
    if (!path.startsWith('/zones?') && isForbidden(error))
      error.message +=
        ' Routing URLs, hosts and prefixes among several zones needs each zone\'s name: give the domain name in "zone" instead of the ID, or add the "Zone Read" permission to the token.'
    else if (error.codes.includes(UNAUTHORIZED))
      error.message +=
        ' The token needs the "Zone Read" permission to find a zone by name: add it, or give the zone ID in "zone" instead.'
    throw error
  }
  if (reply.type === 'garbled')
    throw new ApiError(reply.status, [{ message: reply.detail }], context)
  if (reply.type === 'unreachable') throw new Error(`${context}${unreachable(reply.detail)}`)
  throw new ApiError(reply.status, [{ message: 'the answer was not a list of zones' }], context)
}
