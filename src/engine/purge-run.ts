import type { Reply } from '../cloudflare/client.js'
import { ApiError, TimeoutError, type CloudflareErrorItem } from '../errors.js'
import { Batches, type Work } from './batches.js'
import { Ledger, type KindResult, type Rejected } from './ledger.js'
import type { Clock } from './clock.js'
import { Pacer } from './pacer.js'
import { batchSizeFor, bucketOf, costOf } from '../plan/plan.js'
import { decide, type KindHistory } from './refusals.js'
import { release, settle } from './settle.js'
import { backoffMs, type Backoff } from './backoff.js'
import { RATE_LIMITED } from '../cloudflare/codes.js'
import { countLabel, kindLabel, type Item, type Kind, type Plan } from '../model.js'
import { seconds } from '../text.js'

export type { KindResult, Rejected } from './ledger.js'

export interface Outcome {
  kinds: KindResult[]
  ids: string[]
  rejected: Rejected[]
  /** Items neither accepted nor rejected: what the failures left unpurged. */
  unpurged: { kind: Kind; item: Item }[]
  /** What stopped the whole run, if anything did. */
  failure: Error | undefined
  requests: number
  throttled: number
  waitedMs: number
  durationMs: number
}

export interface Progress {
  done: number
  total: number
  elapsedMs: number
  waitedMs: number
  throttled: number
}

export interface ExecuteOptions {
  concurrency: number
  maxAttempts: number
  backoff: Backoff
  timeoutMs: number
  /** When the step's `timeout` started counting, in clock time (default: now). */
  startedAt?: number
  requestTimeoutMs: number
  progressEveryMs: number
}

export interface Deps {
  send: (kind: Kind, items: Item[], timeoutMs: number) => Promise<Reply>
  clock: Clock
  progress?: (progress: Progress) => void
  notice?: (message: string) => void
  /** Says what is happening, at info level: retries and their reasons. */
  log?: (message: string) => void
  /** The run's one pacer, shared with the zone lookup; a new one when not given. */
  pacer?: Pacer
  /** Told of every accepted request's items (for verification afterwards). */
  accepted?: (kind: Kind, items: Item[]) => void
}

/** 429s in a row, with nothing accepted in between, before the run stops asking. */
export const MAX_THROTTLES_IN_A_ROW = 40

/**
 * Sends the plan's requests with several workers in flight, paced as one client, and accounts for
 * every item: accepted, rejected on its own, or left unpurged by the failure that stopped its kind
 * or the run.
 */
export const execute = async (
  plan: Plan,
  options: ExecuteOptions,
  deps: Deps
): Promise<Outcome> => {
  const { clock } = deps
  const start = options.startedAt ?? clock.now()
  const deadline = start + options.timeoutMs
  const pacer = deps.pacer ?? new Pacer(clock, deadline)
  // Ends this run's waits on failure; the pacer may serve other zones that go on.
  const stopped = new AbortController()
  const ledger = new Ledger(plan, (kind) => batchSizeFor(plan, kind))
  const batches = new Batches(
    plan,
    (kind) => ledger.result(kind).batchSize,
    (kind) => ledger.unitsOf(kind)
  )
  const history = new Map<Kind, KindHistory>(
    plan.kinds.map(({ kind }) => [kind, { accepted: 0, blindSingles: 0 }])
  )
  const accepted: { seq: number; id: string }[] = []
  const throttleCodes = new Set<number>()
  let oddIds = 0
  let failure: Error | undefined
  let busy = 0
  let wake: () => void = () => undefined
  let woken = new Promise<void>((resolve) => (wake = resolve))
  const signal = () => {
    wake()
    woken = new Promise<void>((resolve) => (wake = resolve))
  }

  // The first failure is the one to report; whoever waits stops waiting.
  const fail = (error: Error) => {
    failure ??= error
    stopped.abort()
  }

  const stopKind = (kind: Kind, error: Error) => {
    const result = ledger.result(kind)
    result.stopped ??= error
    batches.stop(kind)
  }

  // A backoff is short: spend what is left of the timeout rather than give up early.
  const wait = async (ms: number, why: string) => {
    const left = deadline - clock.now()
    await clock.sleep(Math.min(ms, Math.max(0, left)), stopped.signal)
    if (ms > left) throw new TimeoutError(`${why}, and the timeout ran out`)
  }

  const itemsOf = (work: Work): Item[] => {
    if (work.kind === 'purge_everything') return []
    const units = ledger.unitsOf(work.kind)
    return work.indices.map((i) => units[i]!)
  }

  const process = async (work: Work): Promise<void> => {
    const result = ledger.result(work.kind)
    const size = work.indices.length
    const items = itemsOf(work)
    let attempt = 0
    while (failure === undefined && !batches.isStopped(work.kind)) {
      const ticket = await pacer.acquire(
        bucketOf(work.kind),
        costOf(work.kind, items.length),
        stopped.signal
      )
      const left = deadline - clock.now()
      if (left <= 0) {
        // A ticket not given back would hold its lane's slot for every zone sharing the pacer.
        release(pacer, ticket)
        throw new TimeoutError('the timeout ran out')
      }
      result.requests++
      let reply: Reply
      try {
        reply = await deps.send(work.kind, items, Math.min(options.requestTimeoutMs, left))
      } catch (error) {
        release(pacer, ticket)
        throw error
      }
      const verdict = settle(pacer, ticket, reply)
      result.durationMs = Math.max(result.durationMs, clock.now() - start)
      switch (verdict.action) {
        case 'accept': {
          ledger.accept(work.kind, work.indices)
          deps.accepted?.(work.kind, items)
          const kindHistory = history.get(work.kind)!
          kindHistory.accepted++
          kindHistory.blindSingles = 0
          if (verdict.id !== undefined) {
            result.ids.push(verdict.id)
            accepted.push({ seq: ticket.order, id: verdict.id })
          }
          if (verdict.oddId && oddIds++ === 0)
            deps.notice?.(
              'Cloudflare accepted a request but returned an id that is not 32 hex characters; it is left out of the outputs.'
            )
          if (work.parent !== undefined && ++work.parent.accepted === 2)
            learnCap(work, result, Math.ceil(work.parent.size / 2))
          return
        }
        case 'throttle':
          result.throttled++
          for (const e of verdict.errors) if (e.code !== undefined) throttleCodes.add(e.code)
          if (pacer.throttleStreak >= MAX_THROTTLES_IN_A_ROW) {
            fail(
              new ApiError(429, [
                {
                  code: RATE_LIMITED,
                  message: `Cloudflare answered ${pacer.throttleStreak} requests in a row with 429 (rate limited) and accepted none in between`
                }
              ])
            )
            return
          }
          continue
        case 'retry':
          result.retries++
          say(work, verdict.reason, attempt + 1)
          // A request that got no answer already spent request_timeout: only the overall timeout bounds those.
          if (
            !(reply.type === 'unreachable' && reply.timedOut) &&
            ++attempt >= options.maxAttempts
          ) {
            fail(gaveUp(reply, attempt, verdict.reason))
            return
          }
          await wait(
            backoffMs(attempt, options.backoff),
            `a request failed (${verdict.reason}) and was waiting to be retried`
          )
          continue
        case 'refuse': {
          const kindHistory = history.get(work.kind)!
          const decision = decide(work, ledger.unitsOf(work.kind), verdict.errors, kindHistory)
          if (decision.type === 'stop') {
            stopKind(
              work.kind,
              new ApiError(
                verdict.status,
                verdict.errors,
                `Cloudflare refused every request of ${kindLabel(work.kind)} that was tried, naming no item, so the rest was not sent: `
              )
            )
            return
          }
          if (decision.type === 'split') {
            batches.first(...decision.works)
            return
          }
          if (decision.type === 'resize') {
            if (decision.size < result.batchSize) {
              result.batchSize = decision.size
              deps.notice?.(
                `Cloudflare takes at most ${decision.size} ${kindLabel(work.kind)} per request: sending at most ${decision.size} from now on (set batch_size: ${decision.size} to skip this discovery).`
              )
            }
            batches.first(...decision.works)
            return
          }
          if (size === 1 && decision.indices.length === 1) kindHistory.blindSingles++
          ledger.reject(
            work.kind,
            decision.indices,
            verdict.errors.find((e) => e.code !== undefined)?.code,
            messageOf(verdict.errors, verdict.status)
          )
          batches.first(...decision.again)
          return
        }
        case 'fail':
          if (verdict.scope === 'kind') stopKind(work.kind, verdict.error)
          else fail(verdict.error)
          return
      }
    }
  }

  /** Each retry's reason, once per batch, at info level: waiting in silence looks like a hang. */
  const say = (work: Work, reason: string, attempt: number) => {
    work.said ??= new Set()
    if (work.said.has(reason)) return
    work.said.add(reason)
    deps.log?.(
      `Retrying a request of ${countLabel(work.kind, work.indices.length)} (attempt ${attempt + 1}): ${reason}`
    )
  }

  const learnCap = (work: Work, result: KindResult, size: number) => {
    if (size >= result.batchSize) return
    result.batchSize = size
    deps.notice?.(
      `Cloudflare refused ${countLabel(work.kind, work.parent!.size)} in one request but took them in halves: sending at most ${size} per request from now on (set batch_size: ${size} to skip this discovery).`
    )
  }

  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const work = batches.next()
      if (work === undefined) {
        if (busy === 0) return signal()
        await woken
        continue
      }
      busy++
      try {
        await process(work)
      } catch (error) {
        fail(error as Error)
      } finally {
        busy--
        signal()
      }
    }
  }

  const timer =
    deps.progress === undefined
      ? undefined
      : setInterval(() => {
          deps.progress!({
            done: ledger.done,
            total: ledger.total,
            elapsedMs: clock.now() - start,
            waitedMs: pacer.waitedMs(),
            throttled: pacer.throttles
          })
        }, options.progressEveryMs)
  timer?.unref?.()
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker))
  } finally {
    if (timer !== undefined) clearInterval(timer)
  }

  const kinds = [...ledger.results.values()]
  return {
    kinds,
    ids: accepted.sort((a, b) => a.seq - b.seq).map((a) => a.id),
    rejected: ledger.rejected,
    unpurged: ledger.unpurged(),
    failure:
      failure instanceof TimeoutError
        ? new TimeoutError(
            `${clock.now() >= deadline ? 'Timed out' : 'Gave up'} after ${seconds(clock.now() - start)} s (timeout: ${seconds(options.timeoutMs)} s): ${failure.message}`,
            [...throttleCodes]
          )
        : failure,
    requests: kinds.reduce((sum, r) => sum + r.requests, 0),
    throttled: pacer.throttles,
    waitedMs: pacer.waitedMs(),
    durationMs: clock.now() - start
  }
}

const messageOf = (errors: CloudflareErrorItem[], status: number): string =>
  errors.map((e) => e.message).join('; ') || `HTTP ${status}`

const gaveUp = (reply: Reply, attempts: number, reason: string): Error => {
  const context = `Gave up after ${attempts} attempts: `
  if (reply.type === 'refused') return new ApiError(reply.status, reply.errors, context)
  if (reply.type === 'garbled')
    return new ApiError(reply.status, [{ message: reply.detail }], context)
  return new Error(`${context}${reason}`)
}
