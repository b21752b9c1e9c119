import { ApiError, type CloudflareErrorItem } from '../errors.js'
import type { Reply } from './client.js'
import { RATE_LIMITED, WHOLE_KIND_CODES, WHOLE_RUN_CODES } from './codes.js'

/** A purge id, as Cloudflare returns it: anything else is not believed. */
export const PURGE_ID = /^[0-9a-f]{32}$/i

export type Verdict =
  | { action: 'accept'; id: string | undefined; oddId: boolean }
  | { action: 'throttle'; errors: CloudflareErrorItem[] }
  | { action: 'retry'; reason: string }
  /** A 400 that may be about one item or the request's size, or about nothing it says. */
  | { action: 'refuse'; status: number; errors: CloudflareErrorItem[] }
  | { action: 'fail'; error: ApiError; scope: 'run' | 'kind' }

const retryableStatus = (status: number): boolean =>
  status >= 500 || status === 408 || status === 409

/**
 * Decides what a reply means. Made for purges, it fits the zone lookups too: a success is
 * accepted whatever its result (a list of zones has no id; a zone's id is not a purge's, and a
 * lookup never reads it), and a 429 or 1134 throttles, so that settle counts both paths alike.
 */
export const judge = (reply: Reply): Verdict => {
  switch (reply.type) {
    case 'ok': {
      const id = (reply.result as { id?: unknown } | null)?.id
      const valid = typeof id === 'string' && PURGE_ID.test(id)
      return { action: 'accept', id: valid ? id : undefined, oddId: id != null && !valid }
    }
    case 'unreachable':
      return { action: 'retry', reason: unreachable(reply.detail) }
    case 'garbled':
      // A 429 from a proxy or the edge may carry no envelope; it still holds every worker.
      if (reply.status === 429) return { action: 'throttle', errors: [{ message: reply.detail }] }
      if (reply.status === 400)
        return { action: 'refuse', status: 400, errors: [{ message: reply.detail }] }
      if (reply.status < 300 || retryableStatus(reply.status))
        return { action: 'retry', reason: reply.detail }
      return fail(reply.status, [{ message: reply.detail }], 'run')
    case 'refused': {
      const codes = reply.errors.map((e) => e.code)
      if (reply.status === 429 || codes.includes(RATE_LIMITED))
        return { action: 'throttle', errors: reply.errors }
      if (codes.some((code) => code !== undefined && WHOLE_RUN_CODES.has(code)))
        return fail(reply.status, reply.errors, 'run')
      if (codes.some((code) => code !== undefined && WHOLE_KIND_CODES.has(code)))
        return fail(reply.status, reply.errors, 'kind')
      if (retryableStatus(reply.status) || reply.status < 300 || reply.rate.shouldRetry === true)
        return { action: 'retry', reason: describe(reply.status, reply.errors) }
      if (reply.status === 400) return { action: 'refuse', status: 400, errors: reply.errors }
      return fail(reply.status, reply.errors, 'run')
    }
  }
}

/** The one wording for an API out of reach, whatever call it was. */
export const unreachable = (detail: string): string =>
  `could not reach the Cloudflare API (${detail})`

const fail = (status: number, errors: CloudflareErrorItem[], scope: 'run' | 'kind'): Verdict => ({
  action: 'fail',
  error: new ApiError(status, errors),
  scope
})

export const describe = (status: number, errors: CloudflareErrorItem[]): string =>
  new ApiError(status, errors.length > 0 ? errors : [{ message: 'success: false' }]).message

// Retry timing moved to the engine (src/engine/backoff.ts); main.ts still imports it from here.
