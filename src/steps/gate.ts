/**
 * The deploy gate: before any purge request, waits until every `wait_for_url` serves the new
 * version. A purge sent before that is undone by the next visitor, who caches the old page again.
 * This module and what it imports load only when `wait_for_url` is set.
 */
import { randomUUID } from 'node:crypto'
import { realClock, type Clock } from '../clock.js'
import {
  describeLook,
  foundWhere,
  lookAt,
  needleOf,
  waitForAll,
  type Needle,
  type Waited
} from '../edge/gate.js'
import { guardedClient, type Resolve } from '../edge/guard.js'
import type { GateInputs } from '../inputs/gate.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import { planPurge } from '../plan/plan.js'
import type { Amendment } from '../report/amend.js'
import { gateSection, reportNotLive } from '../report/gate.js'
import type { Report, RunContext } from '../report/report.js'
import { count, quote, seconds } from '../text.js'
import { notPurgedFilePath, type Stage } from './stage.js'

/** What the gate leaves for the rest of the run. */
export interface Gate {
  /** How long the wait took: kept out of `timeout`, which is the API's budget. */
  waitedMs: number
  /** Set when the step stops here: the deploy never showed and `wait_on_timeout` is `fail`. */
  stop: Report | undefined
  /** The gate's section, first in the report; a purge made anyway marks it with a warning. */
  amendment: Amendment
  /** The deploy was never seen live, and the purge goes out anyway (`wait_on_timeout: purge`). */
  unseen: boolean
}

const TITLE = { title: 'Deploy not live' }
/** URLs named one by one in the failure; the summary lists them all. */
const NAMED = 5

const notLiveMessage = (late: readonly Waited[], needle: Needle, waitedMs: number): string => {
  const named = late
    .slice(0, NAMED)
    .map((w) => `${w.url} last showed ${describeLook(w.last)} after ${count(w.polls)} poll(s)`)
  const more = late.length > NAMED ? `; and ${late.length - NAMED} more (job summary)` : ''
  return `The deploy is not live after ${seconds(waitedMs)} s: not showing ${quote(needle.text)}: ${named.join('; ')}${more}.`
}

interface GateOptions {
  userAgent: string
  log: Log
  clock?: Clock
  /** What names resolve to (tests); the system resolver by default. */
  resolve?: Resolve
}

/** Polls every URL until it shows the needle or the wait ends; logs each change of answer. */
const pollAll = async (
  inputs: Inputs,
  gate: GateInputs,
  needle: Needle,
  options: GateOptions & { clock: Clock; started: number }
): Promise<Waited[]> => {
  const { log, clock, started } = options
  const run = randomUUID().slice(0, 8)
  // The hosts the user named: the only ones whose names may resolve to a local address.
  const client = guardedClient(
    gate.urls.map((url) => new URL(url).hostname),
    options.resolve
  )
  try {
    return await waitForAll(gate.urls, {
      clock,
      deadline: started + gate.timeoutMs,
      requestTimeoutMs: inputs.requestTimeoutMs,
      look: (url, poll, timeoutMs) =>
        lookAt(url, needle, {
          client,
          userAgent: options.userAgent,
          timeoutMs,
          bust: `${run}-${poll}`
        }),
      changed: (url, look, poll) =>
        log.info(
          look.foundIn === undefined
            ? `Waiting for ${url}: ${describeLook(look)} (poll ${poll})`
            : `Live: ${url} shows ${quote(needle.text)} in ${foundWhere(look.foundIn)} after ${seconds(clock.now() - started)} s (poll ${poll})`
        )
    })
  } finally {
    await client.close()
  }
}

export const waitForDeploy = async (
  inputs: Inputs,
  ctx: RunContext,
  options: GateOptions
): Promise<Gate> => {
  const gate = inputs.gate!
  const { log } = options
  const clock = options.clock ?? realClock
  const needle = needleOf(gate, ctx.sha)
  const started = clock.now()
  const waited = await log.group(
    `Waiting for ${gate.urls.length === 1 ? gate.urls[0] : `${gate.urls.length} URLs`} to show ${quote(needle.text)} (up to ${seconds(gate.timeoutMs)} s)`,
    () => pollAll(inputs, gate, needle, { ...options, clock, started })
  )
  const waitedMs = clock.now() - started
  const section = gateSection(waited, needle.text)
  const late = waited.filter((w) => !w.found)
  const amendment: Amendment = { section, first: true }
  if (late.length === 0) {
    log.info(
      `The deploy is live: every URL shows ${quote(needle.text)} after ${seconds(waitedMs)} s.`
    )
    return { waitedMs, stop: undefined, amendment, unseen: false }
  }
  const message = notLiveMessage(late, needle, waitedMs)
  if (gate.onTimeout === 'purge') {
    log.warning(`${message} Purging anyway (wait_on_timeout: purge).`, TITLE)
    return { waitedMs, stop: undefined, amendment: { ...amendment, warning: true }, unseen: true }
  }
  const stop = reportNotLive(
    planPurge(inputs),
    section,
    `${message} Nothing was purged: purging before the new version is served caches the old one again. Check wait_for_url and wait_for, raise wait_timeout, or set wait_on_timeout: purge.`,
    ctx,
    notPurgedFilePath()
  )
  return { waitedMs, stop, amendment: {}, unseen: true }
}

/** The gate as a stage: the run goes on once the deploy is live, or stops with the report. */
export const gateStage: Stage = async (run, state) => {
  const gate = await waitForDeploy(state.inputs, run.ctx, run)
  if (gate.stop !== undefined) return { ...state, report: gate.stop, done: true }
  return {
    ...state,
    budgetFrom: state.budgetFrom + gate.waitedMs,
    amendments: [...state.amendments, gate.amendment],
    ...(gate.unseen ? { unseenDeploy: true } : {})
  }
}
