import * as core from '@actions/core'
import { InputError } from './errors.js'
import { INPUT_NAMES, parseInputs, type Inputs, type RawInputs } from './inputs/parse.js'
import { countLabel, type RunPlan } from './model.js'
import { planPurge } from './plan/plan.js'
import { reportEarlyFailure, reportNothingToPurge } from './report/early.js'
import type { Report } from './report/report.js'
import { envFromContext, runContext, userAgent } from './runner/context.js'
import { runnerLog as log } from './runner/log.js'
import { publish } from './runner/publish.js'
import { maskSecrets } from './runner/secrets.js'
import { dryRun } from './steps/dry-run.js'
import { purge } from './steps/purge.js'
import { realClock } from './clock.js'

const TITLE = { title: 'Cloudflare purge' }

const readInputs = (): Inputs =>
  parseInputs(
    Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as RawInputs
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

/** The action: inputs -> plan -> requests -> report. Every failure ends here as one annotation. */
export const run = async (): Promise<void> => {
  const startedAt = realClock.now()
  const secrets = maskSecrets()
  const ctx = runContext()
  const agent = userAgent(ctx)
  let plan: RunPlan | undefined
  try {
    const parsed = readInputs()
    for (const warning of parsed.warnings) log.warning(warning, TITLE)
    const { inputs, finish } = await addChanges(parsed, startedAt, agent)
    plan = planPurge(inputs)
    if (inputs.emptyReason !== undefined) {
      // A list that is empty on purpose (a generated file, a change set) is not a failure.
      log.notice(`${inputs.emptyReason}: nothing was sent to Cloudflare.`, TITLE)
      const report = reportNothingToPurge(plan, inputs.emptyReason, ctx)
      return await publish(finish(report), secrets)
    }
    announce(plan, inputs)
    const report = inputs.dryRun
      ? await dryRun(plan, inputs, ctx, log)
      : await purge(plan, inputs, { ctx, userAgent: agent, startedAt, log })
    await publish(finish(report), secrets)
  } catch (error) {
    const known = error instanceof Error ? error : new Error(String(error))
    // An expected failure is a message, not a stack trace; anything else is a bug worth its stack.
    if (!(known instanceof InputError) && known.name === 'Error' && known.stack !== undefined)
      log.debug(known.stack)
    await publish(reportEarlyFailure(known, plan, ctx), secrets)
  }
}
