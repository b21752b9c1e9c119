/**
 * A zone's environments (Version Management): reading `GET /zones/{zone_id}/environments`, and
 * what an environment's `expression` tells before anything is sent.
 */
import { msOf, type Reply } from './client.js'
import type { Clock } from '../clock.js'
import { ApiError, TimeoutError, type InputIssue } from '../errors.js'
import type { EnvironmentRef } from '../model.js'
import { flattenLine, quote, seconds } from '../text.js'
import type { Backoff } from './backoff.js'
import {
  INSTEAD_OF_URLS,
  URLS_ON_SELECTING_ENVIRONMENT,
  WHERE_ENVIRONMENT_IDS_COME_FROM as WHERE_IDS_COME_FROM
} from './codes.js'
import { unreachable } from './verdict.js'
import { retriedGet } from './retried-get.js'
import { isForbidden } from './zone-lookup.js'

/**
 * Bounds on reading a zone's environments, far past any zone's: environments kept, pages read
 * (each at most the client's MAX_BODY_BYTES), and time (the lookups' bound, LookupOptions'
 * `boundMs`). A list cut short by one of them says so: a name not among what was read is not
 * said to be absent.
 */
export const MAX_ENVIRONMENTS = 10_000
export const MAX_ENVIRONMENT_PAGES = 20
/** What an environment ID may be in a request path: Cloudflare's IDs are at most 32 characters. */
const PATH_ID = /^[0-9a-z]{1,32}$/i

/** One environment of a zone, as the list gives it. */
export interface ZoneEnvironment {
  name: string
  /** Its ID, as the list spells it (checked only once it is chosen). */
  ref: string
  expression: string
  /** Selects only by the zone's name: the zone's production environment, which cannot be edited. */
  production: boolean
  /** The field of `expression` that selects by IP, country, ASN or threat score, if any. */
  selectsBy: string | undefined
}

export const NEEDS_VERSIONING_READ =
  'Reading a zone\'s environments needs the "Zone Versioning Read" permission: add it to the token, or give each environment\'s ID (28 to 32 hex characters, the `ref` field of `GET /zones/{zone_id}/environments`) in "environment" instead of its name.'

// String literals cannot select anything: a host such as "ip.src.example.com" is not a field.
const STRINGS = /r(#+)"[^]*?"\1|"(?:[^"\\]|\\.)*"/g
/**
 * Fields of Cloudflare's rules language that select by the visitor's IP (`ip.src`, with its
 * country, ASN and the like), its location (`ip.geoip.*`) or its threat score: Cloudflare refuses
 * purges by URL in such an environment (error 1136). Other fields, such as `cf.edge.server_ip`,
 * are left to Cloudflare's answer: refusing a purge that would have worked is worse than one
 * refused request.
 */
const SELECTING_FIELD =
  /(?<![\w.])(ip\.src(?:\.[a-z_]+)*|ip\.geoip\.[a-z_]+|cf\.threat_score)(?![\w.])/i
const ONLY_ZONE_NAME = /^\(*\s*cf\.zone\.name\s+(?:eq|==)\s+"([^"\\]*)"\s*\)*$/

/**
 * Longer expressions than Cloudflare's rules take are not read: taking the strings out of one
 * costs time that grows with the square of its raw-string openers, and Cloudflare's answer to the
 * purge (1136) still says what this check would have.
 */
const MAX_EXPRESSION = 16 * 1024

/** The field by which `expression` selects requests that URL purges cannot reach, if any. */
export const selectingField = (expression: string): string | undefined =>
  expression.length > MAX_EXPRESSION
    ? undefined
    : SELECTING_FIELD.exec(expression.replace(STRINGS, '""'))?.[1]?.toLowerCase()

/**
 * Whether an environment's expression selects the zone's every request: the zone's own name
 * alone. An expression that names another zone selects nothing of this one. Without the zone's
 * name (the token cannot read the zone), any name alone is taken: nothing else can be told.
 */
export const isProductionExpression = (expression: string, zoneName?: string): boolean => {
  const named = ONLY_ZONE_NAME.exec(expression.trim())?.[1]
  if (named === undefined) return false
  return zoneName === undefined || named.toLowerCase() === zoneName.toLowerCase()
}

/**
 * The environments of a list's answer (`result.environments`), at most MAX_ENVIRONMENTS; a
 * malformed answer is an error. `zone` names the zone in messages; `zoneName` is its domain name,
 * when known, which tells its production environment.
 */
export const readEnvironmentList = (
  result: unknown,
  zone: string,
  zoneName?: string
): ZoneEnvironment[] => {
  const listed = (result as { environments?: unknown } | null)?.environments
  if (!Array.isArray(listed))
    throw new ApiError(
      0,
      [{ message: 'the answer was not a list of environments' }],
      `Could not list the environments of zone ${zone}: `
    )
  return listed.slice(0, MAX_ENVIRONMENTS + 1).flatMap((entry: unknown) => {
    const e = (entry ?? {}) as { name?: unknown; ref?: unknown; expression?: unknown }
    if (typeof e.name !== 'string' || typeof e.ref !== 'string') return []
    const expression = typeof e.expression === 'string' ? e.expression : ''
    return [
      {
        name: e.name,
        ref: e.ref,
        expression,
        production: isProductionExpression(expression, zoneName),
        selectsBy: selectingField(expression)
      }
    ]
  })
}

/** An environment's name as messages quote it: outside text, one line, bounded. */
const named = (e: ZoneEnvironment): string => quote(flattenLine(e.name, 40), 40)
/** Environments listed in a message: a message of an input issue stays under 600 characters. */
const SHOWN = 8
const refOf = (e: ZoneEnvironment): string => flattenLine(e.ref, 40)

/**
 * A zone's environments as read: every one, or, with `cutShort`, those read before a bound or a
 * failure stopped the reading (why, in a few words).
 */
export interface EnvironmentList {
  environments: ZoneEnvironment[]
  cutShort?: string
}

/** "its environments are "Production" (12ab…), "Staging" (5d41…)": what the zone has. */
const listing = (environments: readonly ZoneEnvironment[], zone: string, withRefs: boolean) => {
  if (environments.length === 0)
    return `zone ${zone} has no environments (Version Management, an Enterprise feature, is not on for it, or the token sees none)`
  const shown = environments
    .slice(0, SHOWN)
    .map((e) => (withRefs ? `${named(e)} (${refOf(e)})` : named(e)))
    .join(', ')
  const more = environments.length > SHOWN ? ` and ${environments.length - SHOWN} more` : ''
  return `its environments are ${shown}${more}`
}

export type Match = { environment: ZoneEnvironment } | { issue: InputIssue }

const issue = (given: EnvironmentRef, problem: string): Match => ({
  issue: { input: 'environment', value: given.given, problem }
})

/**
 * The environment a name or an ID names in the zone's list: a name without regard to case (or,
 * failing that, a ref spelled out); never a guess. What is wrong is an input issue that lists
 * what the zone has.
 */
export const matchEnvironment = (
  given: EnvironmentRef,
  environments: readonly ZoneEnvironment[],
  zone: string,
  /** Why the list may miss some environments: then a miss is not said to be absent. */
  cutShort?: string
): Match => {
  const wanted = (given.by === 'id' ? given.id : given.name).toLowerCase()
  const byName =
    given.by === 'name' ? environments.filter((e) => e.name.toLowerCase() === wanted) : []
  const found =
    byName.length > 0 ? byName : environments.filter((e) => e.ref.toLowerCase() === wanted)
  if (found.length > 1)
    return issue(
      given,
      `matches ${found.length} environments of zone ${zone} (${found.map(refOf).join(', ')}): give the ID of the one to purge`
    )
  const environment = found[0]
  if (environment === undefined && cutShort !== undefined)
    return issue(
      given,
      `is not among the ${environments.length.toLocaleString('en-US')} environments of zone ${zone} that were read: the list was cut short (${cutShort}), so it may be further on. Give its ID (28 to 32 hex characters) instead: an ID is purged without reading the list`
    )
  if (environment === undefined) {
    if (given.by === 'id')
      return issue(
        given,
        `is not the ID of an environment of zone ${zone}; ${listing(environments, zone, true)}. ${WHERE_IDS_COME_FROM}`
      )
    const hexLike = /^[0-9a-f]+$/i.test(given.name)
      ? ` (it is taken for a name: an environment ID has 28 to 32 hex characters, this has ${given.name.length})`
      : ''
    return issue(
      given,
      `is not an environment of zone ${zone}${hexLike}; ${listing(environments, zone, false)} (names match without regard to case)`
    )
  }
  if (!PATH_ID.test(environment.ref))
    throw new ApiError(
      0,
      [
        {
          message: `the answer gives environment ${named(environment)} an ID that is not one (${quote(refOf(environment), 40)})`
        }
      ],
      `Could not list the environments of zone ${zone}: `
    )
  return { environment }
}

/** Why URLs cannot be purged in an environment that selects by IP, country, ASN or threat score. */
export const urlsRefusedProblem = (environment: ZoneEnvironment, urls: number): string =>
  `selects requests by ${environment.selectsBy ?? 'IP'} (its expression: ${quote(flattenLine(environment.expression, 160), 160)}), so Cloudflare does not purge it by URL (error ${URLS_ON_SELECTING_ENVIRONMENT}): ${INSTEAD_OF_URLS} Nothing was sent: not the ${urls} URL(s), nor the rest.`

export interface ListOptions {
  clock: Clock
  backoff: Backoff
  deadline: number
  requestTimeoutMs: number
  /** The most the whole list may take from its first request (lookupBoundMs); none when unset. */
  boundMs?: number
}

/** The path of one page of a zone's environments: the first as the docs show it, bare. */
export const environmentsPath = (zoneId: string, page = 1): string =>
  `/zones/${encodeURIComponent(zoneId)}/environments${page > 1 ? `?page=${page}` : ''}`

/** A whole number of at least 1 in an untrusted answer, else undefined. */
const whole = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined

/**
 * What the page's `result_info` says is left: the next page (Cloudflare's v4 paging, `page` of
 * `total_pages`), or, with no further page, that the list holds more than was read
 * (`total_count`). The docs show the list whole, without `result_info`: then nothing is left.
 */
const leftAfter = (
  info: unknown,
  page: number,
  read: number
): { next: number } | { more: string } | undefined => {
  const {
    page: at,
    total_pages: pages,
    total_count: total
  } = (info ?? {}) as Record<string, unknown>
  const last = whole(pages)
  if (last !== undefined && (whole(at) ?? page) < last) return { next: page + 1 }
  const count = whole(total)
  if (count !== undefined && count > read)
    return {
      more: `the answer counts ${count.toLocaleString('en-US')} and lists ${read.toLocaleString('en-US')}`
    }
  return undefined
}

/** When the listing must be done: the step's deadline, then its own bound once a request is sent. */
interface Window {
  deadline: () => number
  sent: () => void
}

const windowOf = (options: ListOptions): Window => {
  let bound = Infinity
  return {
    deadline: () => Math.min(options.deadline, bound),
    // The bound counts from the first request sent, not from a wait for the pacer before it.
    sent: () => {
      if (bound === Infinity && options.boundMs !== undefined)
        bound = options.clock.now() + options.boundMs
    }
  }
}

/** One page's GET, retried like a zone lookup; what Cloudflare refused is thrown, explained. */
const getPage = async (
  path: string,
  zone: string,
  get: (path: string, timeoutMs: number) => Promise<Reply>,
  options: ListOptions,
  window: Window
): Promise<{ result: unknown; info: unknown }> => {
  const { deadline } = window
  const { clock, backoff } = options
  const context = `Could not list the environments of zone ${zone}: `
  const timedOut = (last: string) =>
    new TimeoutError(
      `Timed out listing the environments of zone ${zone}: ${deadline() < options.deadline ? `no answer within ${seconds(options.boundMs!)} s, the most one lookup may take` : 'the timeout ran out'}${last === '' ? '' : ` (last answer: ${last})`}`
    )
  const { reply, accepted } = await retriedGet(
    path,
    (path, limit) => get(path, msOf(limit)),
    {
      clock,
      backoff,
      deadline,
      limit: () => {
        window.sent()
        return Math.max(1, Math.min(options.requestTimeoutMs, deadline() - clock.now()))
      }
    },
    timedOut
  )
  if (accepted && reply.type === 'ok') return { result: reply.result, info: reply.info }
  if (reply.type === 'refused') {
    const error = new ApiError(reply.status, reply.errors, context)
    if (isForbidden(error)) error.message += ` ${NEEDS_VERSIONING_READ}`
    throw error
  }
  if (reply.type === 'garbled')
    throw new ApiError(reply.status, [{ message: reply.detail }], context)
  if (reply.type === 'unreachable') throw new Error(`${context}${unreachable(reply.detail)}`)
  throw new ApiError(
    reply.status,
    [{ message: 'the answer was not a list of environments' }],
    context
  )
}

/**
 * Lists a zone's environments with `get`, the run's paced GET: the calls wait their turn with the
 * zone lookups and purges, and count against the API-wide quota like them. Every page the API
 * offers is read, within the bounds (MAX_ENVIRONMENTS, MAX_ENVIRONMENT_PAGES, `boundMs`); the
 * first page must be read, and a later one that cannot be leaves the list cut short, saying why.
 * A refusal about the token's rights says which permission the call needs.
 */
export const listEnvironments = async (
  zoneId: string,
  zone: string,
  get: (path: string, timeoutMs: number) => Promise<Reply>,
  options: ListOptions,
  /** The zone's domain name, when known: it tells the production environment. */
  zoneName?: string
): Promise<EnvironmentList> => {
  const window = windowOf(options)
  const environments: ZoneEnvironment[] = []
  for (let page = 1; ; page++) {
    let answer: { result: unknown; info: unknown }
    try {
      answer = await getPage(environmentsPath(zoneId, page), zone, get, options, window)
    } catch (error) {
      if (page === 1) throw error
      return {
        environments,
        cutShort: `page ${page} could not be read: ${flattenLine((error as Error).message, 200)}`
      }
    }
    const shown = whole((answer.info as { page?: unknown } | null | undefined)?.page)
    // An answer that says it is another page did not turn the page (a proxy or an API that
    // ignores `?page`): reading on would read the same environments again.
    if (shown !== undefined && shown !== page)
      return {
        environments,
        cutShort: `the API answered page ${shown} when asked for page ${page}`
      }
    for (const e of readEnvironmentList(answer.result, zone, zoneName)) environments.push(e)
    if (environments.length > MAX_ENVIRONMENTS)
      return {
        environments: environments.slice(0, MAX_ENVIRONMENTS),
        cutShort: `it lists more than ${MAX_ENVIRONMENTS.toLocaleString('en-US')} environments, the most read`
      }
    const left = leftAfter(answer.info, page, environments.length)
    if (left === undefined) return { environments }
    if ('more' in left) return { environments, cutShort: left.more }
    if (page >= MAX_ENVIRONMENT_PAGES)
      return {
        environments,
        cutShort: `it has more than ${MAX_ENVIRONMENT_PAGES} pages, the most read`
      }
  }
}
