import type { Reply } from '../cloudflare/client.js'
import type { Verdict } from '../cloudflare/verdict.js'
import { ApiError, CancelledError, TimeoutError, type CloudflareErrorItem } from '../errors.js'
import { Batches, type Work } from './batches.js'
import { Ledger, type KindResult, type Rejected } from './ledger.js'
import type { Log } from '../log.js'
import { timerMs, type Clock } from '../clock.js'
import { Pacer, StoppedError, type Ticket } from './pacer.js'
import { batchSizeFor, bucketOf, costOf } from '../plan/plan.js'
import { decide, type KindHistory } from './refusals.js'
import { release, settle } from './settle.js'
import { backoffMs, type Backoff } from '../cloudflare/backoff.js'
import { Workers } from './workers.js'
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
  /** After a cancel, how long requests already sent may take to answer (default 1 s). */
  cancelGraceMs?: number
}

export interface Deps {
  /** `abandon` aborts when the run stops waiting for the answer (after a cancel). */
  send: (kind: Kind, items: Item[], timeoutMs: number, abandon: AbortSignal) => Promise<Reply>
  clock: Clock
  progress?: (progress: Progress) => void
  /** Says what is happening: retries and their reasons (info), what was learnt (notice). */
  log?: Pick<Log, 'info' | 'notice'>
  /** The run's one pacer, shared with the zone lookup; a new one when not given. */
  pacer?: Pacer
  /** Told of every accepted request's items (for verification afterwards). */
  accepted?: (kind: Kind, items: Item[]) => void
  /**
   * Cancels the run (the runner's SIGTERM or SIGINT; its reason a CancelledError): no request is
   * sent after it, and those in flight get `cancelGraceMs` to answer before they are abandoned.
   */
  signal?: AbortSignal
}

/** After a cancel, requests in flight get this long to answer: an accepted one is purged. */
export const CANCEL_GRACE_MS = 1000

/** 429s in a row, with nothing accepted in between, before the run stops asking. */
export const MAX_THROTTLES_IN_A_ROW = 40

/**
 * Sends the plan's requests with several workers in flight, paced as one client, and accounts for
 * every item: accepted, rejected on its own, or left unpurged by the failure that stopped its kind
 * or the run.
 */
export const execute = async (plan: Plan, options: ExecuteOptions, deps: Deps): Promise<Outcome> =>
  new PurgeRun(plan, options, deps).run()

type Next = 'again' | 'done'
type Of<A extends Verdict['action']> = Extract<Verdict, { action: A }>

/** One batch on its way, from its first request to its last. */
interface Delivery {
  work: Work
  items: Item[]
  /** Failed attempts that count against maxAttempts. */
  attempts: number
}

/**
 * One call of execute. Its workers share what the run learns (batch sizes, refusals, the first
 * failure) as it goes, so that every batch not yet sent benefits at once.
 */
class PurgeRun {
  private readonly clock: Clock
  private readonly start: number
  private readonly deadline: number
  private readonly pacer: Pacer
  // Ends this run's waits on failure; the pacer may serve other zones that go on.
  private readonly stopped = new AbortController()
  private readonly ledger: Ledger
  private readonly batches: Batches
  private readonly history: Map<Kind, KindHistory>
  /** Ids in the order their requests were let go, whatever order the answers came in. */
  private readonly ids: { seq: number; id: string }[] = []
  /** Kept for a timeout's codes: the 429s' codes say that the rate limit used the time up. */
  private readonly throttleCodes = new Set<number>()
  private oddIds = 0
  private failure: Error | undefined
  /** Aborts the requests in flight: a cancel's grace is over. */
  private readonly abandon = new AbortController()
  /** Aborts once the run is over: ends a cancel's grace early. */
  private readonly over = new AbortController()
  private inFlight = 0
  private abandoned = 0

  constructor(
    plan: Plan,
    private readonly options: ExecuteOptions,
    private readonly deps: Deps
  ) {
    this.clock = deps.clock
    this.start = options.startedAt ?? this.clock.now()
    this.deadline = this.start + options.timeoutMs
    this.pacer = deps.pacer ?? new Pacer(this.clock, this.deadline)
    this.ledger = new Ledger(plan, (kind) => batchSizeFor(plan, kind))
    this.batches = new Batches(
      plan,
      (kind) => this.ledger.result(kind).batchSize,
      (kind) => this.ledger.unitsOf(kind)
    )
    this.history = new Map(plan.kinds.map(({ kind }) => [kind, { accepted: 0, blindSingles: 0 }]))
  }

  async run(): Promise<Outcome> {
    const timer = this.startProgress()
    const { signal } = this.deps
    const onCancel = () => this.cancel(signal!.reason)
    if (signal?.aborted) onCancel()
    else signal?.addEventListener('abort', onCancel, { once: true })
    try {
      await new Workers(
        () => this.batches.next(),
        (work) => this.deliver(work),
        () => this.failure !== undefined
      ).run(this.options.concurrency)
    } finally {
      if (timer !== undefined) clearInterval(timer)
      signal?.removeEventListener('abort', onCancel)
      this.over.abort()
    }
    return this.outcome()
  }

  /** Sends nothing more; gives the requests in flight a moment to answer, then abandons them. */
  private cancel(reason: unknown): void {
    this.fail(reason instanceof CancelledError ? reason : new CancelledError('aborted'))
    void this.clock
      .sleep(this.options.cancelGraceMs ?? CANCEL_GRACE_MS, this.over.signal)
      .then(() => {
        if (this.over.signal.aborted || this.inFlight === 0) return
        this.abandoned = this.inFlight
        this.deps.log?.info(
          `Stopped waiting for ${this.inFlight} request(s) in flight: their items are counted as not purged, though Cloudflare may have received them.`
        )
        this.abandon.abort()
      })
  }

  /** Never throws: whatever goes wrong with a batch is the run's failure, reported as such. */
  private async deliver(work: Work): Promise<void> {
    try {
      const delivery: Delivery = { work, items: this.itemsOf(work), attempts: 0 }
      const result = this.ledger.result(work.kind)
      while (this.failure === undefined && !this.batches.isStopped(work.kind)) {
        const { ticket, reply } = await this.request(delivery)
        const verdict = settle(this.pacer, ticket, reply)
        result.durationMs = Math.max(result.durationMs, this.clock.now() - this.start)
        const next =
          verdict.action === 'retry'
            ? await this.retry(delivery, reply, verdict)
            : this.follow(delivery, verdict, ticket)
        if (next === 'done') return
      }
    } catch (error) {
      this.fail(error as Error)
    }
  }

  /** A ticket comes back only with a reply, for settle to judge; without one it is released here. */
  private async request({ work, items }: Delivery): Promise<{ ticket: Ticket; reply: Reply }> {
    const ticket = await this.pacer.acquire(
      bucketOf(work.kind),
      costOf(work.kind, items.length),
      this.stopped.signal
    )
    const left = this.deadline - this.clock.now()
    if (left <= 0 || this.failure !== undefined) {
      // A ticket not given back would hold its lane's slot for every zone sharing the pacer.
      release(this.pacer, ticket)
      // Nothing goes out once the run has failed or was cancelled, even if a slot just came free.
      if (this.failure !== undefined) throw new StoppedError()
      throw new TimeoutError('the timeout ran out')
    }
    this.ledger.result(work.kind).requests++
    this.inFlight++
    try {
      const timeoutMs = Math.min(this.options.requestTimeoutMs, left)
      return {
        ticket,
        reply: await this.deps.send(work.kind, items, timeoutMs, this.abandon.signal)
      }
    } catch (error) {
      release(this.pacer, ticket)
      throw error
    } finally {
      this.inFlight--
    }
  }

  private follow(delivery: Delivery, verdict: Exclude<Verdict, Of<'retry'>>, ticket: Ticket): Next {
    switch (verdict.action) {
      case 'accept':
        return this.accepted(delivery, verdict, ticket.order)
      case 'throttle':
        return this.throttled(delivery, verdict)
      case 'refuse':
        return this.refused(delivery, verdict)
      case 'fail':
        return this.failed(delivery, verdict)
    }
  }

  private accepted({ work, items }: Delivery, verdict: Of<'accept'>, seq: number): Next {
    const result = this.ledger.result(work.kind)
    this.ledger.accept(work.kind, work.indices)
    this.deps.accepted?.(work.kind, items)
    const history = this.history.get(work.kind)!
    history.accepted++
    history.blindSingles = 0
    if (verdict.id !== undefined) {
      result.ids.push(verdict.id)
      this.ids.push({ seq, id: verdict.id })
    }
    if (verdict.oddId && this.oddIds++ === 0)
      this.deps.log?.notice(
        'Cloudflare accepted a request but returned an id that is not 32 hex characters; it is left out of the outputs.'
      )
    if (work.parent !== undefined && ++work.parent.accepted === work.parent.parts)
      this.learnCap(work, result)
    return 'done'
  }

  /** The pacer already holds back every worker for as long as the 429 asked: ask again. */
  private throttled({ work }: Delivery, verdict: Of<'throttle'>): Next {
    this.ledger.result(work.kind).throttled++
    for (const e of verdict.errors) if (e.code !== undefined) this.throttleCodes.add(e.code)
    if (this.pacer.throttleStreak < MAX_THROTTLES_IN_A_ROW) return 'again'
    this.fail(
      new ApiError(429, [
        {
          code: RATE_LIMITED,
          message: `Cloudflare answered ${this.pacer.throttleStreak} requests in a row with 429 (rate limited) and accepted none in between`
        }
      ])
    )
    return 'done'
  }

  private async retry(delivery: Delivery, reply: Reply, verdict: Of<'retry'>): Promise<Next> {
    // The run has stopped (a failure, a cancel): an answer worth a retry gets none.
    if (this.failure !== undefined) return 'done'
    const { work } = delivery
    this.ledger.result(work.kind).retries++
    this.say(work, verdict.reason, delivery.attempts + 1)
    // A request that got no answer already spent its own time limit: only the overall timeout bounds those.
    if (
      !(reply.type === 'unreachable' && reply.timedOut) &&
      ++delivery.attempts >= this.options.maxAttempts
    ) {
      this.fail(gaveUp(reply, delivery.attempts, verdict.reason))
      return 'done'
    }
    await this.wait(
      backoffMs(delivery.attempts, this.options.backoff),
      `a request failed (${verdict.reason}) and was waiting to be retried`
    )
    return 'again'
  }

  /** A 400 may be about some items, the batch's size or the whole kind: decide tells them apart. */
  private refused({ work }: Delivery, verdict: Of<'refuse'>): Next {
    const result = this.ledger.result(work.kind)
    const history = this.history.get(work.kind)!
    const decision = decide(work, this.ledger.unitsOf(work.kind), verdict.errors, history)
    if (decision.type === 'stop') {
      this.stopKind(
        work.kind,
        new ApiError(
          verdict.status,
          verdict.errors,
          `Cloudflare refused every request of ${kindLabel(work.kind)} that was tried, naming no item, so the rest was not sent: `
        )
      )
      return 'done'
    }
    if (decision.type === 'split') {
      this.batches.first(...decision.works)
      return 'done'
    }
    if (decision.type === 'resize') {
      if (decision.size < result.batchSize) {
        result.batchSize = decision.size
        this.deps.log?.notice(
          `Cloudflare takes at most ${decision.size} ${kindLabel(work.kind)} per request: sending at most ${decision.size} from now on.`
        )
      }
      this.batches.first(...decision.works)
      return 'done'
    }
    if (work.indices.length === 1 && decision.indices.length === 1) history.blindSingles++
    this.ledger.reject(
      work.kind,
      decision.indices,
      verdict.errors.find((e) => e.code !== undefined)?.code,
      messageOf(verdict.errors, verdict.status)
    )
    this.batches.first(...decision.again)
    return 'done'
  }

  private failed({ work }: Delivery, verdict: Of<'fail'>): Next {
    if (verdict.scope === 'kind') this.stopKind(work.kind, verdict.error)
    else this.fail(verdict.error)
    return 'done'
  }

  // The first failure is the one to report; whoever waits stops waiting.
  private fail(error: Error): void {
    this.failure ??= error
    this.stopped.abort()
  }

  private stopKind(kind: Kind, error: Error): void {
    const result = this.ledger.result(kind)
    result.stopped ??= error
    this.batches.stop(kind)
  }

  // A backoff is short: spend what is left of the timeout rather than give up early.
  private async wait(ms: number, why: string): Promise<void> {
    const left = this.deadline - this.clock.now()
    await this.clock.sleep(Math.min(ms, Math.max(0, left)), this.stopped.signal)
    if (ms > left) throw new TimeoutError(`${why}, and the timeout ran out`)
  }

  private itemsOf(work: Work): Item[] {
    if (work.kind === 'purge_everything') return []
    const units = this.ledger.unitsOf(work.kind)
    return work.indices.map((i) => units[i]!)
  }

  /** Each retry's reason, once per batch, at info level: waiting in silence looks like a hang. */
  private say(work: Work, reason: string, attempt: number): void {
    work.said ??= new Set()
    if (work.said.has(reason)) return
    work.said.add(reason)
    this.deps.log?.info(
      `Retrying a request of ${countLabel(work.kind, work.indices.length)} (attempt ${attempt + 1}): ${reason}`
    )
  }

  /** Every part of a refused batch was accepted: the refusal was about its size. */
  private learnCap(work: Work, result: KindResult): void {
    const { refused, size } = work.parent!
    if (size >= result.batchSize) return
    result.batchSize = size
    this.deps.log?.notice(
      `Cloudflare refused ${countLabel(work.kind, refused)} in one request, naming no number, and took them ${size} at a time: the action sends at most ${size} per request from now on.`
    )
  }

  private startProgress(): ReturnType<typeof setInterval> | undefined {
    const { progress } = this.deps
    if (progress === undefined) return undefined
    const timer = setInterval(
      () =>
        progress({
          done: this.ledger.done,
          total: this.ledger.total,
          elapsedMs: this.clock.now() - this.start,
          waitedMs: this.pacer.waitedMs(),
          throttled: this.pacer.throttles
        }),
      Math.max(1, timerMs(this.options.progressEveryMs))
    )
    timer.unref?.()
    return timer
  }

  private outcome(): Outcome {
    const kinds = [...this.ledger.results.values()]
    return {
      kinds,
      ids: this.ids.sort((a, b) => a.seq - b.seq).map((a) => a.id),
      rejected: this.ledger.rejected,
      unpurged: this.ledger.unpurged(),
      failure: this.reportedFailure(),
      requests: kinds.reduce((sum, r) => sum + r.requests, 0),
      throttled: this.pacer.throttles,
      waitedMs: this.pacer.waitedMs(),
      durationMs: this.clock.now() - this.start
    }
  }

  /** A timeout says how long the run went on, and carries the codes of the 429s met on the way. */
  private reportedFailure(): Error | undefined {
    const { failure, clock } = this
    if (failure instanceof CancelledError)
      return failure.during(
        `after ${seconds(clock.now() - this.start)} s: no purge request was sent after it${this.abandoned > 0 ? `, and ${this.abandoned} request(s) still in flight were abandoned unanswered` : ''}`
      )
    if (!(failure instanceof TimeoutError)) return failure
    return new TimeoutError(
      `${clock.now() >= this.deadline ? 'Timed out' : 'Gave up'} after ${seconds(clock.now() - this.start)} s (timeout: ${seconds(this.options.timeoutMs)} s): ${failure.message}`,
      [...this.throttleCodes]
    )
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
