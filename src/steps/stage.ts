/**
 * The stages `main.ts` runs in order (gate -> changes -> plan -> purge -> verify -> warm), and
 * what passes between them: each reads the run (what does not change) and the state so far, and
 * returns the next state. The report is built once, by the purge stage (or the stage that ends
 * the run early); what the others add to it are amendments, applied when it is published.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../clock.js'
import type { ToCheck } from '../edge/verify.js'
import { CancelledError } from '../errors.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import type { RunPlan, ZoneRef } from '../model.js'
import type { ChangeEnv } from '../sources/changes.js'
import { amendAll, type Amendment } from '../report/amend.js'
import type { Report, RunContext } from '../report/report.js'
import { titleOf } from '../report/report.js'

/** Where the not_purged list is written in full when its output cannot hold it. */
export const notPurgedFilePath = (): string =>
  join(
    process.env.RUNNER_TEMP || tmpdir(),
    `cloudflare-purge-not-purged-${process.env.GITHUB_RUN_ID ?? process.pid}-${Date.now()}.json`
  )

/** What does not change during a run. */
export interface Run {
  ctx: RunContext
  userAgent: string
  log: Log
  clock: Clock
  /** The step's cancel (SIGINT, SIGTERM): nothing is sent after it aborts. */
  signal: AbortSignal
  /** When the step started, on `clock`. */
  startedAt: number
  /** What `changed` and `sitemap` need of the run's environment, given the time left. */
  changeEnv: (timeLeftMs: number) => ChangeEnv
}

/** What the purge stage leaves for the checks after it. */
export interface Purged {
  /** Accepted URLs, each with when: what verify checks and warming fetches. */
  urls: ToCheck[]
  /** When the other kinds were accepted, if any was. */
  otherAt: number | undefined
  /** Whether any purged part is seen at the edge (the zone, or its production environment). */
  seen: boolean
  /** The zones whose purge is seen at the edge, as found: what a check's page is in. */
  zones: { zone: ZoneRef; id: string; name: string | undefined }[]
}

export interface State {
  inputs: Inputs
  plan?: RunPlan
  /** When `timeout` started counting: the gate's wait is not the API's budget. */
  budgetFrom: number
  /** The gate gave up waiting and the purge went out anyway (`wait_on_timeout: purge`). */
  unseenDeploy?: boolean
  report?: Report
  /** What the stages add to the report, in order. */
  amendments: Amendment[]
  purged?: Purged
  /** Cache keys verify fetched through the edge: warming skips them. */
  fetched?: ReadonlySet<string>
  /** With `changed: build`: this build's files and hashes, kept once the step succeeded. */
  builtTree?: ReadonlyMap<string, string>
  /** Set when no later stage runs but a closing one: the report is final (nothing to do). */
  done?: boolean
  /** Work left under way that nothing can stop (a stalled upload): the step ends without it. */
  abandoned?: boolean
}

/** When the run's `timeout` runs out. */
export const deadlineOf = (state: State): number => state.budgetFrom + state.inputs.timeoutMs

/** The report the run publishes: the stage's own, with every amendment. */
export const finalReport = (state: State): Report | undefined =>
  state.report === undefined ? undefined : amendAll(state.report, state.amendments)

/**
 * A stage: the next state, from the run and this one. A closing stage runs even when an earlier
 * one said the report is final (keeping a build's manifest after a run with nothing to purge).
 */
export type Stage = ((run: Run, state: State) => Promise<State>) & { closing?: true }

/** The stage, run even when the report is final. */
export const closing = (stage: Stage): Stage =>
  Object.assign((run: Run, state: State) => stage(run, state), { closing: true as const })

/** A stage whose code loads only when the run uses it. */
export const when =
  (used: (state: State) => boolean, load: () => Promise<Stage>): Stage =>
  async (run, state) =>
    used(state) ? (await load())(run, state) : state

/** A stage before any purge request: a cancel during it means nothing was purged. */
export const beforePurge =
  (stage: Stage): Stage =>
  (run, state) =>
    unlessCancelled(stage(run, state), run.signal)

/** The cancel that stopped `work`, said with what it stopped. */
const cancelOf = (signal: AbortSignal, when: string): CancelledError => {
  const cancel: unknown = signal.reason
  return cancel instanceof CancelledError
    ? cancel.during(when)
    : new CancelledError('aborted', when)
}

/**
 * Work that cannot stop midway (lookups, the compare API, checks at the edge) raced against the
 * cancel: rejects as soon as it comes, with the cancel said with `when`, and leaves the work to
 * the end of the process.
 */
export const unlessCancelled = <T>(
  work: Promise<T>,
  signal: AbortSignal,
  when = 'before any purge request was sent: nothing was purged'
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelOf(signal, when))
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    work
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort))
      .catch(() => undefined)
  })

/**
 * A stage after the purge, raced against the cancel: on the cancel, the state so far stands,
 * with the cancel as a failure, since the step was stopped before it was done. A cancel during
 * the purge is in the purge's report already: the stage does not run.
 */
export const afterPurge =
  (stage: Stage, when: (state: State) => string): Stage =>
  async (run, state) => {
    if (run.signal.aborted) return state
    try {
      return await unlessCancelled(stage(run, state), run.signal, when(state))
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error
      return withAmendment(state, {
        failure: { message: error.message, title: titleOf(error), titled: 'cancelled' }
      })
    }
  }

/** The state with one more amendment. */
export const withAmendment = (state: State, amendment: Amendment): State => ({
  ...state,
  amendments: [...state.amendments, amendment]
})

/** Whether the report, with what was added to it so far, fails the step. */
export const failing = (state: State): boolean =>
  state.report?.failure !== undefined || state.amendments.some((a) => a.failure !== undefined)
