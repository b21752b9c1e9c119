/**
 * A zone's environments (Version Management): reading `GET /zones/{zone_id}/environments`, and
 * what an environment's `expression` tells before anything is sent.
 */
import { msOf, type Reply } from './client.js'
import type { Clock } from '../clock.js'
import { ApiError, TimeoutError, type InputIssue } from '../errors.js'
import type { EnvironmentRef } from '../model.js'
import { flattenLine, quote } from '../text.js'
import type { Backoff } from './backoff.js'
import {
  INSTEAD_OF_URLS,
  URLS_ON_SELECTING_ENVIRONMENT,
  WHERE_ENVIRONMENT_IDS_COME_FROM as WHERE_IDS_COME_FROM
} from './codes.js'
import { unreachable } from './verdict.js'
import { retriedGet } from './retried-get.js'
import { isForbidden } from './zone-lookup.js'

/** More environments than any zone has; what is read of an answer stops here. */
const MAX_ENVIRONMENTS = 1000
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
const ONLY_ZONE_NAME = /^\(*\s*cf\.zone\.name\s+(?:eq|==)\s+"[^"\\]*"\s*\)*$/

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

export const isProductionExpression = (expression: string): boolean =>
  ONLY_ZONE_NAME.test(expression.trim())

/** The environments of a list's answer (`result.environments`); a malformed answer is an error. */
export const readEnvironmentList = (result: unknown, zone: string): ZoneEnvironment[] => {
  const listed = (result as { environments?: unknown } | null)?.environments
  if (!Array.isArray(listed))
    throw new ApiError(
      0,
      [{ message: 'the answer was not a list of environments' }],
      `Could not list the environments of zone ${zone}: `
    )
  return listed.slice(0, MAX_ENVIRONMENTS).flatMap((entry: unknown) => {
    const e = (entry ?? {}) as { name?: unknown; ref?: unknown; expression?: unknown }
    if (typeof e.name !== 'string' || typeof e.ref !== 'string') return []
    const expression = typeof e.expression === 'string' ? e.expression : ''
    return [
      {
        name: e.name,
        ref: e.ref,
        expression,
        production: isProductionExpression(expression),
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
  zone: string
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
}

/**
 * Lists a zone's environments with `get`, the run's paced GET: the call waits its turn with the
 * zone lookups and purges, and counts against the API-wide quota like them. Retried like a zone
 * lookup; a refusal about the token's rights says which permission the call needs.
 */
export const listEnvironments = async (
  zoneId: string,
  zone: string,
  get: (path: string, timeoutMs: number) => Promise<Reply>,
  options: ListOptions
): Promise<ZoneEnvironment[]> => {
  const { clock, backoff, deadline } = options
  const path = `/zones/${encodeURIComponent(zoneId)}/environments`
  const context = `Could not list the environments of zone ${zone}: `
  const timedOut = (last: string) =>
    new TimeoutError(
      `Timed out listing the environments of zone ${zone}: the timeout ran out${last === '' ? '' : ` (last answer: ${last})`}`
    )
  const { reply, accepted } = await retriedGet(
    path,
    (path, limit) => get(path, msOf(limit)),
    {
      clock,
      backoff,
      deadline: () => deadline,
      limit: () => Math.min(options.requestTimeoutMs, deadline - clock.now())
    },
    timedOut
  )
  if (accepted && reply.type === 'ok') return readEnvironmentList(reply.result, zone)
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
