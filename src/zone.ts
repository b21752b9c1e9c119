import type { Reply } from './client.js'
import { ApiError, InputError, TimeoutError } from './errors.js'
import type { Clock } from './pacer.js'
import { backoffMs, judge, type Backoff } from './retry.js'

const ATTEMPTS = 5

/**
 * Finds a zone's ID from its domain name. Purge tokens often lack Zone Read, so a refusal says
 * exactly that instead of a bare authentication error.
 */
export const resolveZone = async (
  name: string,
  get: (path: string, timeoutMs: number) => Promise<Reply>,
  options: { clock: Clock; backoff: Backoff; deadline: number; requestTimeoutMs: number }
): Promise<string> => {
  const { clock, backoff, deadline } = options
  const timedOut = () =>
    new TimeoutError(`Timed out looking up the zone "${name}": the timeout ran out`)
  for (let attempt = 0; ; attempt++) {
    const left = deadline - clock.now()
    if (left <= 0) throw timedOut()
    const reply = await get(
      `/zones?name=${encodeURIComponent(name)}&per_page=5`,
      Math.min(options.requestTimeoutMs, left)
    )
    const verdict = judge(reply, 1)
    if (verdict.action === 'accept' && reply.type === 'ok') {
      const zones = Array.isArray(reply.result)
        ? (reply.result as { id?: unknown; name?: unknown }[])
        : []
      const zone = zones.find(
        (z) => typeof z.id === 'string' && String(z.name).toLowerCase() === name
      )
      if (zone !== undefined) return zone.id as string
      throw new InputError([
        {
          input: 'zone',
          value: name,
          problem:
            "was not found: no zone of that name is visible to this token. Check the spelling and the token's zone resources, or give the zone ID (32 hex characters, on the zone's Overview page)"
        }
      ])
    }
    const again = verdict.action === 'retry' || verdict.action === 'throttle'
    if (again && attempt + 1 < ATTEMPTS) {
      const wait =
        reply.type !== 'unreachable' && reply.rate.retryAfterMs !== undefined
          ? reply.rate.retryAfterMs
          : backoffMs(attempt, backoff)
      if (clock.now() + wait > deadline) throw timedOut()
      await clock.sleep(wait)
      continue
    }
    const context = `Could not look up the zone "${name}": `
    const hint =
      ' The purge token needs the "Zone Read" permission to find a zone by name; add it, or give the zone ID in "zone" instead.'
    if (reply.type === 'refused') {
      const error = new ApiError(reply.status, reply.errors, context)
      if (reply.status === 401 || reply.status === 403) error.message += hint
      throw error
    }
    if (reply.type === 'ok')
      throw new ApiError(reply.status, [{ message: 'the answer was not a list of zones' }], context)
    throw new ApiError(
      reply.type === 'garbled' ? reply.status : 0,
      [{ message: reply.detail }],
      context
    )
  }
}
