import type { Clock } from '../clock.js'
import { backoffMs, type Backoff } from './backoff.js'
import type { Reply, TimeLimit } from './client.js'
import { judge } from './verdict.js'

/** Tries at one lookup (a zone, a zone's environments), the first included. */
export const ATTEMPTS = 5

export interface RetryOptions {
  clock: Clock
  backoff: Backoff
  /** When the lookup must be done: read before each try, as a lookup's own bound may start late. */
  deadline: () => number
  /** The time limit of each try, handed to `get` (worked out when the request is sent). */
  limit: TimeLimit
}

/**
 * GETs `path` until Cloudflare gives an answer worth keeping: an accepted one, or the last
 * refusal. A 429 is asked again at once (the pacer behind `get` holds the call as long as it
 * asked), a transient failure after a backoff. `timedOut` makes the error for a deadline that
 * runs out, with the last answer seen.
 */
export const retriedGet = async (
  path: string,
  get: (path: string, limit: TimeLimit) => Promise<Reply>,
  options: RetryOptions,
  timedOut: (last: string) => Error
): Promise<{ reply: Reply; accepted: boolean }> => {
  const { clock, backoff, deadline } = options
  let last = ''
  for (let attempt = 0; ; attempt++) {
    if (deadline() - clock.now() <= 0) throw timedOut(last)
    const reply = await get(path, options.limit)
    const verdict = judge(reply)
    if (verdict.action === 'accept' && reply.type === 'ok') return { reply, accepted: true }
    if (verdict.action === 'throttle' && attempt + 1 < ATTEMPTS) {
      last = 'rate limited (HTTP 429)'
      continue
    }
    if (verdict.action === 'retry' && attempt + 1 < ATTEMPTS) {
      last = verdict.reason
      const wait = backoffMs(attempt, backoff)
      if (clock.now() + wait > deadline()) throw timedOut(last)
      await clock.sleep(wait)
      continue
    }
    return { reply, accepted: false }
  }
}
