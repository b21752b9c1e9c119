import * as core from '@actions/core'
import { InputError } from './errors.js'
import { INPUT_NAMES, parseInputs, type Inputs, type RawInputs } from './inputs/parse.js'
import { countLabel, type RunPlan } from './model.js'
import { planPurge } from './plan/plan.js'
import { reportEarlyFailure, reportNothingToPurge } from './report/early.js'
import type { Report, RunContext } from './report/report.js'
import { envFromContext, runContext, userAgent } from './runner/context.js'
import { runnerLog as log } from './runner/log.js'
import { publish } from './runner/publish.js'
import { maskSecrets } from './runner/secrets.js'
import { watchCancel } from './runner/cancel.js'
import { afterPurgeUnlessCancelled, unlessCancelled } from './steps/cancel.js'
import { dryRun } from './steps/dry-run.js'
import { purge } from './steps/purge.js'
import { realClock } from './clock.js'
import type { Gate } from './steps/gate.js'

const TITLE = { title: 'Cloudflare purge' }

const readInputs = (): Inputs =>
  parseInputs(
    Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as RawInputs,
    { removed: (name) => core.getInput(name) }
  )

/**
 * What `changed` and `sitemap` add to the inputs, and what they add to the report (sections, and
 * the failure of a sitemap not read); their code loads only when they are used.
 */
const addChanges = async (
  inputs: Inputs,
  startedAt: number,
  agent: string
): Promise<{ inputs: Inputs; finish: (report: Report) => Report }> => {
  if (inputs.changes === undefined) return { inputs, finish: (report) => report }
  const { collectChanges } = await import('./sources/changes.js')
  const { withChanges } = await import('./report/changes.js')
  const changes = await collectChanges(
    inputs,
    envFromContext(inputs.timeoutMs - (realClock.now() - startedAt), agent),
    log
  )
  return { inputs: changes.inputs, finish: (report) => withChanges(report, changes.found) }
}

/** The deploy gate, when wait_for_url is set; its code loads only then. */
const gateFor = async (inputs: Inputs, ctx: RunContext, agent: string): Promise<Gate> => {
  if (inputs.gate === undefined || inputs.emptyReason !== undefined)
    return { waitedMs: 0, stop: undefined, apply: (report) => report }
  const { waitForDeploy } = await import('./steps/gate.js')
  return waitForDeploy(inputs, ctx, { userAgent: agent, log })
}

/** Warming after the purge, when warm is on; its code loads only then. */
const warmFor = async (
  report: Report,
  plan: RunPlan,
  inputs: Inputs,
  context: { startedAt: number; userAgent: string }
): Promise<Report> => {
  if (inputs.warm === undefined) return report
  const { warmCache } = await import('./steps/warm.js')
  return warmCache(report, plan, inputs, { ...context, log })
}

/** The step's first line: what it is about to do, and where. */
const announce = (run: RunPlan, inputs: Inputs): void => {
  const where = run.zones.map((z) => z.given).join(', ')
  const environments = run.environments.map((e) => e.given).join(', ')
  const scope =
    environments === ''
      ? where
      : `${where}, ${run.environments.length === 1 ? 'environment' : 'environments'} ${environments}`
  const what = run.kinds.map((k) => countLabel(k.kind, k.items.length)).join(', ')
  const verb = inputs.dryRun
    ? `Dry run: would ${run.mode}`
    : run.mode === 'purge'
      ? 'Purging'
      : 'Invalidating'
  log.info(`${verb} ${what} in ${run.zones.length === 1 ? 'zone' : 'zones'} ${scope}`)
  for (const k of run.kinds)
    if (k.duplicates > 0) log.info(`Dropped duplicates: ${countLabel(k.kind, k.duplicates)}.`)
}

/**
 * The action: inputs -> plan -> requests -> report. Every failure ends here as one annotation,
 * a cancel by the runner (SIGINT, SIGTERM) included.
 */
export const run = async (): Promise<void> => {
  const cancel = watchCancel(log)
  try {
    await steps(cancel.signal)
  } finally {
    cancel.end()
  }
}

const steps = async (signal: AbortSignal): Promise<void> => {
  const startedAt = realClock.now()
  const secrets = maskSecrets()
  const ctx = runContext()
  const agent = userAgent(ctx)
  let plan: RunPlan | undefined
  try {
    const parsed = readInputs()
    for (const warning of parsed.warnings) log.warning(warning, TITLE)
    // Before anything reads the site (a sitemap) or purges it: the new version must be live.
    const gate = await unlessCancelled(gateFor(parsed, ctx, agent), signal)
    if (gate.stop !== undefined) return await publish(gate.stop, secrets)
    const begun = startedAt + gate.waitedMs
    const { inputs, finish } = await unlessCancelled(addChanges(parsed, begun, agent), signal)
    plan = planPurge(inputs)
    if (inputs.emptyReason !== undefined) {
      // A list that is empty on purpose (a generated file, a change set) is not a failure.
      log.notice(`${inputs.emptyReason}: nothing was sent to Cloudflare.`, TITLE)
      const report = reportNothingToPurge(plan, inputs.emptyReason, ctx)
      return await publish(finish(gate.apply(report)), secrets)
    }
    announce(plan, inputs)
    const report = inputs.dryRun
      ? await unlessCancelled(dryRun(plan, inputs, ctx, log), signal)
      : await purge(plan, inputs, { ctx, userAgent: agent, startedAt: begun, log, signal })
    const warmed = await afterPurgeUnlessCancelled(
      warmFor(report, plan, inputs, { startedAt: begun, userAgent: agent }),
      report,
      signal
    )
    await publish(finish(gate.apply(warmed)), secrets)
  } catch (error) {
    const known = error instanceof Error ? error : new Error(String(error))
    // An expected failure is a message, not a stack trace; anything else is a bug worth its stack.
    if (!(known instanceof InputError) && known.name === 'Error' && known.stack !== undefined)
      log.debug(known.stack)
    await publish(reportEarlyFailure(known, plan, ctx), secrets)
  }
}
