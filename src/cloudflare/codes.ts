/**
 * Cloudflare's error codes that the action acts on or explains, and what to do about each: the
 * verdicts, the zone lookups and the job summary name them from here, so they cannot drift apart.
 */

/** The token check (`GET /user/tokens/verify`) does not know the token. */
export const INVALID_TOKEN = 1000
/** The request named nothing to purge. */
export const NOTHING_TO_PURGE = 1012
/** A list in the request was not an array. */
export const NOT_AN_ARRAY = 1014
/** purge_everything sent with other lists. */
export const EVERYTHING_WITH_OTHERS = 1092
/** A purge bucket is empty; the only sign of the purge rate limit. */
export const RATE_LIMITED = 1134
/** URLs purged on an environment that selects requests by IP, country, ASN or threat score. */
export const URLS_ON_SELECTING_ENVIRONMENT = 1136
/** The authentication headers are invalid. */
export const INVALID_HEADERS = 6003
/** The Global API Key is malformed. */
export const MALFORMED_API_KEY = 6103
/** Nowhere to route the request: the zone ID (or environment ID) is wrong. */
export const NO_ROUTE = 7003
/** Unknown X-Auth-Key or X-Auth-Email. */
export const UNKNOWN_API_KEY = 9103
/** No X-Auth-Key, X-Auth-Email or Authorization header. */
export const MISSING_CREDENTIALS = 9106
/** The token may not act on (or read) this zone. */
export const UNAUTHORIZED = 9109
/** Authentication failed: a wrong or expired token, or one without the permission. */
export const AUTHENTICATION_FAILED = 10000

/** Refusals about the token's rights, not about the zone: the zone may exist all the same. */
export const NOT_ALLOWED: readonly number[] = [UNAUTHORIZED, AUTHENTICATION_FAILED]

/** Codes that condemn every request of the run: the credentials, the zone or the request shape. */
export const WHOLE_RUN_CODES: ReadonlySet<number> = new Set([
  NOTHING_TO_PURGE,
  NOT_AN_ARRAY,
  EVERYTHING_WITH_OTHERS,
  INVALID_HEADERS,
  MALFORMED_API_KEY,
  NO_ROUTE,
  UNKNOWN_API_KEY,
  MISSING_CREDENTIALS,
  ...NOT_ALLOWED
])
/** Codes that condemn every request of one kind, and only that kind. */
export const WHOLE_KIND_CODES: ReadonlySet<number> = new Set([URLS_ON_SELECTING_ENVIRONMENT])

/** What purges an environment that cannot be purged by URL (error 1136). */
export const INSTEAD_OF_URLS =
  'purge it by prefix (such as `www.example.com/blog/`), host or tag instead, or everything.'

/** What to do about each Cloudflare error code a purge can meet; shown in the job summary. */
export const ADVICE: Record<number, string> = {
  [NOTHING_TO_PURGE]:
    'The request named nothing to purge. This is a bug in the action: please report it.',
  [NOT_AN_ARRAY]:
    'A list in the request was not an array. This is a bug in the action: please report it.',
  [EVERYTHING_WITH_OTHERS]:
    'purge_everything cannot be sent with other lists: purge everything in a step of its own.',
  [RATE_LIMITED]:
    "Cloudflare's rate limit kept refusing requests. The action already paces itself to it; every purge made with the same account (other jobs, other zones, the dashboard) shares the limit. Raise `timeout` to let a long purge finish, or run fewer purges at once.",
  [URLS_ON_SELECTING_ENVIRONMENT]: `This environment selects requests by IP, country, ASN or threat score, so Cloudflare does not purge it by URL: ${INSTEAD_OF_URLS}`,
  [INVALID_HEADERS]:
    'Cloudflare found the authentication headers invalid: check `token`: copy the API token again, alone (without "Bearer").',
  [MALFORMED_API_KEY]:
    'Cloudflare read the request as made with a Global API Key, which the action does not send: check `token` and `api_url`.',
  [NO_ROUTE]:
    "Cloudflare could not route the request: the zone ID (or environment ID) is wrong. Copy the Zone ID from the zone's Overview page.",
  [UNAUTHORIZED]:
    'The token may not do this in this zone: add the zone to the token\'s zone resources, with the permission the call needs ("Cache Purge" to purge, "Zone Read" to find a zone by name, "Zone Versioning Read" to find an environment by name).',
  [AUTHENTICATION_FAILED]:
    'Authentication failed: the token is wrong, expired, or lacks the "Cache Purge" permission for this zone. Create a token with Zone > Cache Purge > Purge for this zone.'
}

/** Where an environment's ID comes from, for advice about a missing or unknown one. */
export const WHERE_ENVIRONMENT_IDS_COME_FROM =
  'An environment ID is the `ref` field of `GET /zones/{zone_id}/environments` (also on the zone\'s Environments page in the dashboard, under Version Management); or give the environment\'s name in "environment" and the action looks its ID up.'

/** What to do about a code met in one environment's purge, where it differs from the zone's. */
export const ENVIRONMENT_ADVICE: Record<number, string> = {
  [NO_ROUTE]: `Cloudflare could not route the request to this environment: the zone has no environment with this ID. ${WHERE_ENVIRONMENT_IDS_COME_FROM}`
}

export const adviceFor = (code: number, inEnvironment = false): string =>
  (inEnvironment ? ENVIRONMENT_ADVICE[code] : undefined) ??
  ADVICE[code] ??
  "See Cloudflare's API documentation for this code, or the action's README (Troubleshooting)."
