import { environmentsPath } from '../cloudflare/environments.js'
import { zoneByIdPath, zoneByNamePath } from '../cloudflare/zone-lookup.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import { forZone, initialRequests, purgeBody, purgePath } from '../plan/plan.js'
import { reportDryRun } from '../report/dry-run.js'
import type { Report, RunContext } from '../report/report.js'
import { routeOrFail } from './zones.js'
import { route, unroutedLabel } from '../plan/routing.js'
import { type RunPlan, type Target } from '../model.js'

/**
 * The GETs a real run sends before any purge, as it sends them: each zone's lookup (by name, to
 * find its ID; by ID, to read its name and plan), and the zone's list of environments when one is
 * given by name. The token check is not among them: it is asked only after a refusal.
 */
const lookupsOf = (run: RunPlan, apiUrl: string): string[] => {
  const zones = run.zones.map((zone) =>
    zone.by === 'name'
      ? `GET ${apiUrl}${zoneByNamePath(zone.name)} (to find the zone ID)`
      : `GET ${apiUrl}${zoneByIdPath(zone.id)} (to read its name and plan)`
  )
  if (!run.environments.some((e) => e.by === 'name')) return zones
  const first = run.zones[0]!
  const path = environmentsPath(first.by === 'id' ? first.id : 'ZONE').replace(
    '/zones/ZONE/',
    `/zones/<id of ${first.given}>/`
  )
  return [...zones, `GET ${apiUrl}${path} (to find the environment IDs)`]
}

/**
 * Prints what would be sent and sends nothing: every request, URLs 100 a request (a real
 * run reads the zone's plan first, and sends up to 500 where the zone is on Enterprise).
 */
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
  const lookups = lookupsOf(run, inputs.apiUrl)
  const total = lookups.length + requests.length
  await log.group(
    `Dry run: ${total} request(s) that would be sent (${lookups.length} lookup(s), ${requests.length} purge request(s)); none is sent`,
    async () => {
      for (const lookup of lookups) log.info(lookup)
      for (const r of requests)
        log.info(`POST ${inputs.apiUrl}${r.path}\n${JSON.stringify(r.body)}`)
    }
  )
  return reportDryRun(
    run,
    requests,
    ctx,
    routed.unrouted.map((u) => unroutedLabel(u)),
    lookups.length
  )
}
