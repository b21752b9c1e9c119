/**
 * The plan: what the run purges, each kind once, without duplicates; said in the step's first
 * line. A run whose lists are empty on purpose (a generated file, a change set) ends here, a
 * success that says so.
 */
import { countLabel, type RunPlan } from '../model.js'
import { planPurge } from '../plan/plan.js'
import { reportNothingToPurge } from '../report/early.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import type { Stage } from './stage.js'

/** The step's first line: what it is about to do, and where. */
const announce = (run: RunPlan, inputs: Inputs, log: Log): void => {
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

export const planStage: Stage = async ({ log, ctx }, state) => {
  const { inputs } = state
  const plan = planPurge(inputs)
  if (inputs.emptyReason !== undefined) {
    log.notice(`${inputs.emptyReason}: nothing was sent to Cloudflare.`, {
      title: 'Cloudflare purge'
    })
    return {
      ...state,
      plan,
      report: reportNothingToPurge(plan, inputs.emptyReason, ctx),
      done: true
    }
  }
  announce(plan, inputs, log)
  return { ...state, plan }
}
