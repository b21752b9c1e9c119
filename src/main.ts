import * as core from '@actions/core'
import { InputError } from './errors.js'
import { INPUT_NAMES, parseInputs, type Inputs, type RawInputs } from './inputs/parse.js'
import { countLabel, type RunPlan } from './model.js'
import { planPurge } from './plan/plan.js'
import { reportEarlyFailure, reportNothingToPurge } from './report/early.js'
import type { Report } from './report/report.js'
import type { Section } from './report/summary.js'
import { envFromContext, runContext, userAgent } from './runner/context.js'
import { runnerLog as log } from './runner/log.js'
import { publish } from './runner/publish.js'
import { maskSecrets } from './runner/secrets.js'
import { watchCancel } from './runner/cancel.js'
import { unlessCancelled } from './steps/cancel.js'
import { dryRun } from './steps/dry-run.js'
import { purge } from './steps/purge.js'
import { realClock } from './clock.js'

const TITLE = { title: 'Cloudflare purge' }

const readInputs = (): Inputs =>
  parseInputs(
    Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as RawInputs
  )

/** What `changed` and `sitemap` add to the inputs; their code loads only when they are used. */
const addChanges = async (
  inputs: Inputs,
  startedAt: number,
  agent: string
): Promise<{ inputs: Inputs; sections: Section[] }> => {
  if (inputs.changes === undefined) return { inputs, sections: [] }
  const { collectChanges } = await import('./sources/changes.js')
  const { changedSections } = await import('./report/changes.js')
  const changes = await collectChanges(
    inputs,
    envFromContext(inputs.timeoutMs - (realClock.now() - startedAt), agent),
    log
  )
  return { inputs: changes.inputs, sections: changedSections(changes.found) }
}

/** The step's first line: what it is about to do, and where. */
const announce = (run: RunPlan, inputs: Inputs): void => {
  const where = run.zones.map((z) => z.given).join(', ')
  const scope = run.environment === undefined ? where : `${where}, environment ${run.environment}`
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

const withSections = (report: Report, sections: Section[]): Report =>
  sections.length === 0
    ? report
    : {
        ...report,
        summary: { ...report.summary, sections: [...report.summary.sections, ...sections] }
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
    const { inputs, sections } = await unlessCancelled(addChanges(parsed, startedAt, agent), signal)
    plan = planPurge(inputs)
    if (inputs.emptyReason !== undefined) {
      // A list that is empty on purpose (a generated file, a change set) is not a failure.
      log.notice(`${inputs.emptyReason}: nothing was sent to Cloudflare.`, TITLE)
      const report = reportNothingToPurge(plan, inputs.emptyReason, ctx)
      return await publish(withSections(report, sections), secrets)
    }
    announce(plan, inputs)
    const report = inputs.dryRun
      ? await unlessCancelled(dryRun(plan, inputs, ctx, log), signal)
      : await purge(plan, inputs, { ctx, userAgent: agent, startedAt, log, signal })
    await publish(withSections(report, sections), secrets)
  } catch (error) {
    const known = error instanceof Error ? error : new Error(String(error))
    // An expected failure is a message, not a stack trace; anything else is a bug worth its stack.
    if (!(known instanceof InputError) && known.name === 'Error' && known.stack !== undefined)
      log.debug(known.stack)
    await publish(reportEarlyFailure(known, plan, ctx), secrets)
  }
}
