import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import { forZone, initialRequests, purgeBody, purgePath } from '../plan/plan.js'
import { reportDryRun } from '../report/dry-run.js'
import type { Report, RunContext } from '../report/report.js'
import { routeOrFail } from './zones.js'
import { route, unroutedLabel } from '../plan/routing.js'
import { type RunPlan, type Target } from '../model.js'

/** Prints exactly what would be sent and sends nothing. */
export const dryRun = async (
  run: RunPlan,
  inputs: Inputs,
  ctx: RunContext,
  log: Log
): Promise<Report> => {
  const names = run.zones.map((z) => (z.by === 'name' ? z.name : undefined))
  const pending = run.zones.length > 1 && names.includes(undefined)
  const routed = pending ? route(run.kinds, names) : routeOrFail(run, names, log)
  // An environment given by name is looked up when the step runs: its path shows a placeholder.
  const targets: (Target | undefined)[] =
    run.environments.length === 0
      ? [undefined]
      : run.environments.map((e) => ({ given: e.given, ref: e.by === 'id' ? e.id : 'ENVIRONMENT' }))
  const requests = run.zones.flatMap((zone, i) =>
    targets.flatMap((target) => {
      const plan = forZone(run, zone, routed.perZone[i]!, target)
      const path = purgePath(zone.by === 'id' ? zone.id : 'ZONE', plan.environment, plan.mode)
        .replace('/zones/ZONE/', `/zones/<id of ${zone.by === 'name' ? zone.name : ''}>/`)
        .replace('/environments/ENVIRONMENT/', `/environments/<id of ${target?.given ?? ''}>/`)
      return initialRequests(plan).map(({ kind, items }) => ({
        kind,
        zone: zone.given,
        path,
        body: purgeBody(kind, items)
      }))
    })
  )
  await log.group(
    `Dry run: ${requests.length} request(s) that would be sent, and none is`,
    async () => {
      for (const zone of run.zones)
        if (zone.by === 'name')
          log.info(`GET ${inputs.apiUrl}/zones?name=${zone.name} (to find the zone ID)`)
        else if (pending) log.info(`GET ${inputs.apiUrl}/zones/${zone.id} (to find its name)`)
      const first = run.zones[0]!
      if (run.environments.some((e) => e.by === 'name'))
        log.info(
          `GET ${inputs.apiUrl}/zones/${first.by === 'id' ? first.id : `<id of ${first.given}>`}/environments (to find the environment IDs)`
        )
      for (const r of requests)
        log.info(`POST ${inputs.apiUrl}${r.path}\n${JSON.stringify(r.body)}`)
    }
  )
  return reportDryRun(
    run,
    requests,
    ctx,
    routed.unrouted.map((u) => unroutedLabel(u))
  )
}
