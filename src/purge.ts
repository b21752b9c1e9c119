import type { Reply } from './client.js'
import { ApiError, TimeoutError, type CloudflareErrorItem } from './errors.js'
import { Pacer, seconds, type Clock } from './pacer.js'
import {
  batchSizeFor,
  bucketOf,
  costOf,
  countLabel,
  type Item,
  type Kind,
  type Plan
} from './plan.js'
import { backoffMs, judge, type Backoff } from './retry.js'

export interface Rejected {
  kind: Kind
  item: Item
  code: number | undefined
  message: string
}

export interface KindResult {
  kind: Kind
  total: number
  accepted: number
  requests: number
  retries: number
  throttled: number
  batchSize: number
  ids: string[]
  durationMs: number
}

export interface Outcome {
  kinds: KindResult[]
  ids: string[]
  rejected: Rejected[]
  /** Items neither accepted nor rejected: what the failure left unpurged. */
  unpurged: { kind: Kind; item: Item }[]
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
}

/** A batch the API refused as too large; both halves accepted means the refusal was about size. */
interface Split {
  size: number
  accepted: number
}

/** A contiguous slice of one kind's items, from index `start`. */
interface Work {
  kind: Kind
  start: number
  items: Item[]
  parent: Split | undefined
}

/**
 * Sends the plan's requests with several workers in flight, paced as one client, and accounts for
 * every item: accepted, rejected on its own, or left unpurged by the failure that stopped the run.
 */
export const execute = async (
  plan: Plan,
  options: ExecuteOptions,
  deps: Deps
): Promise<Outcome> => {
  const { clock } = deps
  const start = options.startedAt ?? clock.now()
  const deadline = start + options.timeoutMs
  const pacer = new Pacer(clock, deadline)
  const results = new Map<Kind, KindResult>()
  const cursors = new Map<Kind, number>()
  const settled = new Map<Kind, Uint8Array>()
  const accepted: { seq: number; id: string }[] = []
  const rejected: Rejected[] = []
  const throttleCodes = new Set<number>()
  const retryQueue: Work[] = []
  let failure: Error | undefined
  let busy = 0
  let wake: () => void = () => undefined
  let woken = new Promise<void>((resolve) => (wake = resolve))
  const signal = () => {
    wake()
    woken = new Promise<void>((resolve) => (wake = resolve))
  }

  for (const { kind, items } of plan.kinds) {
    results.set(kind, {
      kind,
      total: kind === 'purge_everything' ? 1 : items.length,
      accepted: 0,
      requests: 0,
      retries: 0,
      throttled: 0,
      batchSize: batchSizeFor(plan, kind),
      ids: [],
      durationMs: 0
    })
    cursors.set(kind, 0)
    settled.set(kind, new Uint8Array(Math.max(items.length, 1)))
  }

  const next = (): Work | undefined => {
    const retry = retryQueue.shift()
    if (retry !== undefined) return retry
    for (const { kind, items } of plan.kinds) {
      const at = cursors.get(kind)!
      if (kind === 'purge_everything') {
        if (at > 0) continue
        cursors.set(kind, 1)
        return { kind, start: 0, items: [], parent: undefined }
      }
      if (at >= items.length) continue
      const size = results.get(kind)!.batchSize
      cursors.set(kind, at + size)
      return { kind, start: at, items: items.slice(at, at + size), parent: undefined }
    }
    return undefined
  }

  // The first failure is the one to report; whoever waits stops waiting.
  const fail = (error: Error) => {
    failure ??= error
    pacer.stop()
  }

  // A backoff is short: spend what is left of the timeout rather than give up early.
  const wait = async (ms: number, why: string) => {
    const left = deadline - clock.now()
    await clock.sleep(Math.min(ms, Math.max(0, left)), pacer.signal)
    if (ms > left) throw new TimeoutError(`${why}, and the timeout ran out`)
  }

  const process = async (work: Work): Promise<void> => {
    const result = results.get(work.kind)!
    const size = work.items.length
    let attempt = 0
    while (failure === undefined) {
      const ticket = await pacer.acquire(bucketOf(work.kind), costOf(work.kind, size))
      const left = deadline - clock.now()
      if (left <= 0) throw new TimeoutError('the timeout ran out')
      result.requests++
      const reply = await deps.send(work.kind, work.items, Math.min(options.requestTimeoutMs, left))
      const verdict = judge(reply, size)
      pacer.settle(
        ticket,
        reply.type === 'unreachable' ? undefined : reply.rate,
        verdict.action === 'throttle'
      )
      result.durationMs = Math.max(result.durationMs, clock.now() - start)
      switch (verdict.action) {
        case 'accept':
          result.accepted += Math.max(size, 1)
          settled.get(work.kind)!.fill(1, work.start, work.start + Math.max(size, 1))
          if (verdict.id !== undefined) {
            result.ids.push(verdict.id)
            accepted.push({ seq: ticket.seq, id: verdict.id })
          }
          if (work.parent !== undefined && ++work.parent.accepted === 2)
            learnCap(work, result, Math.ceil(work.parent.size / 2))
          return
        case 'throttle':
          result.throttled++
          for (const e of verdict.errors) if (e.code !== undefined) throttleCodes.add(e.code)
          continue
        case 'retry':
          result.retries++
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
            `a request failed (${verdict.reason}) and waits to be retried`
          )
          continue
        case 'split': {
          const half = Math.ceil(size / 2)
          const split: Split = { size, accepted: 0 }
          retryQueue.unshift(
            { kind: work.kind, start: work.start, items: work.items.slice(0, half), parent: split },
            {
              kind: work.kind,
              start: work.start + half,
              items: work.items.slice(half),
              parent: split
            }
          )
          return
        }
        case 'reject':
          settled.get(work.kind)!.fill(1, work.start, work.start + size)
          for (const item of work.items)
            rejected.push({
              kind: work.kind,
              item,
              code: verdict.errors.find((e) => e.code !== undefined)?.code,
              message: messageOf(verdict.errors, verdict.status)
            })
          return
        case 'fail':
          fail(verdict.error)
          return
      }
    }
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
      const work = next()
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

  const total = [...results.values()].reduce((sum, r) => sum + r.total, 0)
  const timer =
    deps.progress === undefined
      ? undefined
      : setInterval(() => {
          const done =
            [...results.values()].reduce((sum, r) => sum + r.accepted, 0) + rejected.length
          deps.progress!({
            done,
            total,
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

  const kinds = [...results.values()]
  const unpurged: { kind: Kind; item: Item }[] = []
  for (const { kind, items } of plan.kinds) {
    const marks = settled.get(kind)!
    if (kind === 'purge_everything') {
      if (marks[0] === 0) unpurged.push({ kind, item: 'everything' })
    } else items.forEach((item, index) => marks[index] === 0 && unpurged.push({ kind, item }))
  }
  return {
    kinds,
    ids: accepted.sort((a, b) => a.seq - b.seq).map((a) => a.id),
    rejected,
    unpurged,
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
  return new Error(`${context}could not reach the Cloudflare API (${reason})`)
}
