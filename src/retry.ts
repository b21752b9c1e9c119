import { ApiError, type CloudflareErrorItem } from './errors.js'
import type { Reply } from './client.js'

/** Codes that condemn the request as a whole: splitting it or sending it again cannot help. */
export const WHOLE_REQUEST_CODES = new Set([
  1012, 1014, 1092, 1136, 6003, 6103, 7003, 9103, 9106, 9109, 10000
])
export const RATE_LIMITED = 1134

export type Verdict =
  | { action: 'accept'; id: string | undefined }
  | { action: 'throttle'; errors: CloudflareErrorItem[] }
  | { action: 'retry'; reason: string }
  | { action: 'split' | 'reject'; status: number; errors: CloudflareErrorItem[] }
  | { action: 'fail'; error: ApiError }

const retryableStatus = (status: number): boolean =>
  status >= 500 || status === 408 || status === 409

/** Decides what a purge reply means for its batch of `items` items. */
export const judge = (reply: Reply, items: number): Verdict => {
  switch (reply.type) {
    case 'ok': {
      const id = (reply.result as { id?: unknown } | null)?.id
      return { action: 'accept', id: typeof id === 'string' ? id : undefined }
    }
    case 'unreachable':
      return { action: 'retry', reason: reply.detail }
    case 'garbled':
      // A 429 from a proxy or the edge may carry no envelope; it still holds every worker.
      if (reply.status === 429) return { action: 'throttle', errors: [{ message: reply.detail }] }
      if (reply.status === 400)
        return {
          action: items > 1 ? 'split' : 'reject',
          status: 400,
          errors: [{ message: reply.detail }]
        }
      if (reply.status < 300 || retryableStatus(reply.status))
        return { action: 'retry', reason: reply.detail }
      return { action: 'fail', error: new ApiError(reply.status, [{ message: reply.detail }]) }
    case 'refused': {
      const codes = reply.errors.map((e) => e.code)
      if (reply.status === 429 || codes.includes(RATE_LIMITED))
        return { action: 'throttle', errors: reply.errors }
      if (codes.some((code) => code !== undefined && WHOLE_REQUEST_CODES.has(code)))
        return { action: 'fail', error: new ApiError(reply.status, reply.errors) }
      if (retryableStatus(reply.status) || reply.status < 300 || reply.rate.shouldRetry === true)
        return { action: 'retry', reason: describe(reply.status, reply.errors) }
      if (reply.status === 400)
        return { action: items > 1 ? 'split' : 'reject', status: 400, errors: reply.errors }
      return { action: 'fail', error: new ApiError(reply.status, reply.errors) }
    }
  }
}

const describe = (status: number, errors: CloudflareErrorItem[]): string =>
  new ApiError(status, errors.length > 0 ? errors : [{ message: 'success: false' }]).message

export interface Backoff {
  baseMs: number
  capMs: number
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, capMs: 8000 }

/** Exponential backoff with jitter, so that workers which failed together do not retry together. */
export const backoffMs = (
  attempt: number,
  backoff: Backoff,
  random: () => number = Math.random
): number => Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt) * (0.75 + 0.25 * random())
