import { msOf, type Reply, type TimeLimit } from '../cloudflare/client.js'
import { judge, type Verdict } from '../cloudflare/verdict.js'
import type { Pacer, Ticket } from './pacer.js'

/** A call that got no answer at all: it teaches the pacer nothing but must free its slot. */
export const release = (pacer: Pacer, ticket: Ticket): void =>
  pacer.settle(ticket, undefined, 'other')

/**
 * Judges a reply and gives its ticket back with what the reply taught. Every call the pacer lets
 * through, a purge or a zone lookup, settles here, so that a 429 counts the same whichever call
 * met it.
 */
export const settle = (pacer: Pacer, ticket: Ticket, reply: Reply): Verdict => {
  const verdict = judge(reply)
  pacer.settle(
    ticket,
    reply.type === 'unreachable' ? undefined : reply.rate,
    verdict.action === 'accept'
      ? 'accepted'
      : verdict.action === 'throttle'
        ? 'throttled'
        : 'other',
    verdict.action === 'throttle' ? verdict.errors.map((e) => e.code) : []
  )
  return verdict
}

/** A GET with its time limit; a limit worked out when the call goes out is asked for then. */
export type Get = (path: string, timeout: TimeLimit) => Promise<Reply>

/**
 * A GET that waits its turn with the purges of the run: a lookup costs no purge token, but it
 * counts against the API-wide quota and must hold back after a 429 like any other call.
 */
export const pacedGet =
  (pacer: Pacer, call: (path: string, timeoutMs: number) => Promise<Reply>): Get =>
  async (path, timeout) => {
    const ticket = await pacer.acquire('api', 0)
    let reply: Reply
    try {
      reply = await call(path, msOf(timeout))
    } catch (error) {
      release(pacer, ticket)
      throw error
    }
    settle(pacer, ticket, reply)
    return reply
  }
