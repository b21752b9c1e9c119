import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import { forZone, initialRequests, purgeBody, purgePath } from '../plan/plan.js'
import { reportDryRun } from '../report/dry-run.js'
import type { Report, RunContext } from '../report/report.js'
import { routeOrFail } from './zones.js'
import { route, unroutedLabel } from '../plan/routing.js'
import { type RunPlan } from '../model.js'

/** Prints exactly what would be sent and sends nothing. */
export const dryRun = async (
  run: RunPlan,
  inputs: Inputs,
  ctx: RunContext,
  log: Log
): Promise<Report> => {
  const names = run.zones.map((z) => ('name' in z ? z.name : undefined))
  const pending = run.zones.length > 1 && names.includes(undefined)
  const routed = pending ? route(run.kinds, names) : routeOrFail(run, names, log)
  const requests = run.zones.flatMap((zone, i) => {
    const plan = forZone(run, zone, routed.perZone[i]!)
    const path =
      'id' in zone
        ? purgePath(zone.id, plan.environment, plan.mode)
        : purgePath('ZONE', plan.environment, plan.mode).replace('ZONE', `<id of ${zone.name}>`)
    return initialRequests(plan).map(({ kind, items }) => ({
      kind,
      zone: zone.given,
      path,
      body: purgeBody(kind, items)
    }))
  })
  await log.group(
    `Dry run: ${requests.length} request(s) that would be sent, and none is`,
    async () => {
      for (const zone of run.zones)
        if ('name' in zone)
          log.info(`GET ${inputs.apiUrl}/zones?name=${zone.name} (to find the zone ID)`)
        else if (pending) log.info(`GET ${inputs.apiUrl}/zones/${zone.id} (to find its name)`)
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
