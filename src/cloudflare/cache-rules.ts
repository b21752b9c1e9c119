/**
 * The zone's Cache Rules, read for what they put in the cache key: the entry point ruleset of the
 * phase `http_request_cache_settings` (Rulesets API, `GET .../rulesets/phases/{phase}/entrypoint`).
 * Shapes as the official `cloudflare` SDK (v7, resources/rulesets) and Cloudflare's published
 * OpenAPI schema give them: each rule an `action` (`set_cache_settings`), `enabled`, and
 * `action_parameters.cache_key`, whose `custom_key` has `header` (`include`, `check_presence`,
 * `contains`), `cookie` (`include`, `check_presence`), `query_string` (`include` / `exclude`, each
 * `{ all }` or `{ list }`) and `user` (`device_type`, `geo`, `lang`); `cache_by_device_type`
 * beside it. Reading needs the token permission "Cache Settings Read" (or Write): a refusal is a
 * note, never a failure. A zone without the entry point answers 404: it has no Cache Rules.
 */
import { ApiError, formatApiErrors } from '../errors.js'
import type { Clock } from '../clock.js'
import type { Backoff } from './backoff.js'
import type { TimeLimit } from './client.js'
import { retriedGet } from './retried-get.js'
import { unreachable } from './verdict.js'
import { isForbidden, type LookupGet } from './zone-lookup.js'
import { flattenLine } from '../text.js'

export const CACHE_RULES_PHASE = 'http_request_cache_settings'
/** The permission the call needs, as Cloudflare's schema names it (`x-api-token-group`). */
export const CACHE_RULES_PERMISSION = 'Cache Settings Read'

export const cacheRulesPath = (zoneId: string): string =>
  `/zones/${zoneId}/rulesets/phases/${CACHE_RULES_PHASE}/entrypoint`

/** What one rule adds to the cache key: names are outside text, bounded, quote them to show. */
export interface KeyParts {
  /** The rule's description, else its ref or ID: outside text. */
  rule: string
  /** Request headers in the key: those named, and the user's (`CF-Device-Type`, ...). */
  headers: string[]
  cookies: string[]
  /** Query parameters in the key beyond the default (every one): a list, or all but a list. */
  query: { only: string[] } | { except: string[] } | undefined
}

export type CacheRules =
  | { state: 'read'; keys: KeyParts[] }
  | { state: 'none' }
  | { state: 'refused'; detail: string }
  | { state: 'unread'; detail: string }

const MAX_RULES = 200
const MAX_NAMES = 20
const MAX_NAME = 100

type Loose = Record<string, unknown>
const objectOf = (value: unknown): Loose | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Loose)
    : undefined

/** The strings of a list, at most MAX_NAMES, each bounded; anything else in it is dropped. */
const names = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .slice(0, MAX_NAMES)
    .map((v) => flattenLine(v, MAX_NAME))

/** What the user part adds: the headers a URL purge names them by (Cloudflare's purge docs). */
const userHeaders = (user: Loose | undefined, byDevice: boolean): string[] => [
  ...(user?.device_type === true || byDevice ? ['CF-Device-Type'] : []),
  ...(user?.geo === true ? ['CF-IPCountry'] : []),
  ...(user?.lang === true ? ['Accept-Language'] : [])
]

const queryOf = (query: Loose | undefined): KeyParts['query'] => {
  const include = objectOf(query?.include)
  const exclude = objectOf(query?.exclude)
  if (include !== undefined && include.all !== true) return { only: names(include.list) }
  if (exclude !== undefined && exclude.all !== true && Array.isArray(exclude.list))
    return { except: names(exclude.list) }
  return undefined
}

/** What one rule adds to the key; undefined for a rule that leaves the key as it is. */
const partsOf = (rule: Loose): KeyParts | undefined => {
  if (rule.action !== 'set_cache_settings' || rule.enabled === false) return undefined
  const key = objectOf(objectOf(rule.action_parameters)?.cache_key)
  if (key === undefined) return undefined
  const custom = objectOf(key.custom_key)
  const header = objectOf(custom?.header)
  const cookie = objectOf(custom?.cookie)
  const headers = [
    ...names(header?.include),
    ...names(header?.check_presence),
    ...names(Object.keys(objectOf(header?.contains) ?? {})),
    ...userHeaders(objectOf(custom?.user), key.cache_by_device_type === true)
  ]
  const cookies = [...names(cookie?.include), ...names(cookie?.check_presence)]
  const query = queryOf(objectOf(custom?.query_string))
  if (headers.length === 0 && cookies.length === 0 && query === undefined) return undefined
  const label = [rule.description, rule.ref, rule.id].find((v) => typeof v === 'string' && v !== '')
  return {
    rule: flattenLine(String(label ?? 'a rule without a name'), MAX_NAME),
    headers: [...new Set(headers)],
    cookies: [...new Set(cookies)],
    query
  }
}

/** The rules of the entry point that change the cache key, from its answer's `result`. */
export const readCacheRules = (result: unknown): KeyParts[] | undefined => {
  const rules = objectOf(result)?.rules
  if (!Array.isArray(rules)) return undefined
  return rules
    .slice(0, MAX_RULES)
    .map(objectOf)
    .flatMap((rule) => (rule === undefined ? [] : (partsOf(rule) ?? [])))
}

export interface RulesOptions {
  clock: Clock
  backoff: Backoff
  deadline: number
  limit: TimeLimit
}

/** Reads one zone's Cache Rules: what they put in the key, or why they could not be read. */
export const fetchCacheRules = async (
  zoneId: string,
  get: LookupGet,
  options: RulesOptions
): Promise<CacheRules> => {
  const timedOut = (last: string) =>
    new Error(`no answer before the timeout${last === '' ? '' : ` (last: ${last})`}`)
  let answer
  try {
    answer = await retriedGet(
      cacheRulesPath(zoneId),
      get,
      { ...options, deadline: () => options.deadline },
      timedOut
    )
  } catch (error) {
    return { state: 'unread', detail: (error as Error).message }
  }
  const { reply } = answer
  if (reply.type === 'ok') {
    const keys = readCacheRules(reply.result)
    return keys === undefined
      ? { state: 'unread', detail: 'the answer holds no list of rules' }
      : { state: 'read', keys }
  }
  if (reply.type === 'unreachable') return { state: 'unread', detail: unreachable(reply.detail) }
  if (reply.type === 'garbled') return { state: 'unread', detail: reply.detail }
  if (reply.status === 404) return { state: 'none' }
  const error = new ApiError(reply.status, reply.errors)
  const detail = formatApiErrors(reply.status, reply.errors)
  return isForbidden(error) ? { state: 'refused', detail } : { state: 'unread', detail }
}
