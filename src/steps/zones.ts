import { ApiError, formatApiErrors, InputError } from '../errors.js'
import type { Log } from '../log.js'
import { NO_ROUTE } from '../cloudflare/codes.js'
import { isForbidden, type Zone } from '../cloudflare/zone-lookup.js'
import { route, unroutedIssues, unroutedLabel, type Routed } from '../plan/routing.js'
import { type RunPlan, type ZoneRef } from '../model.js'
import { flattenLine } from '../text.js'

/** What a step with several zones cannot route is an input error before any purge request. */
export const routeOrFail = (
  run: RunPlan,
  names: (string | undefined)[],
  log: Log,
  /** The zone that takes what no other does: one whose name could not be had. */
  rest?: number
): Routed => {
  const routed = route(run.kinds, names, rest)
  if (routed.unrouted.length === 0) return routed
  if (run.zones.length > 1) throw new InputError(unroutedIssues(routed.unrouted, names))
  for (const u of routed.unrouted.slice(0, 5))
    log.warning(
      `${unroutedLabel(u)} is not in zone ${names[0]}: Cloudflare cannot purge it there (unless it is a custom hostname of that zone).`,
      { title: 'Cloudflare purge' }
    )
  if (routed.unrouted.length > 5)
    log.warning(`... and ${routed.unrouted.length - 5} more items not in zone ${names[0]}.`, {
      title: 'Cloudflare purge'
    })
  return routed
}

/** What a zone's lookup found: its ID (and name and plan, when read), or why it has none. */
export type Found =
  | { ok: true; zone: ZoneRef; id: string; name?: string; plan?: string }
  | { ok: false; zone: ZoneRef; error: Error }

/** The zone's Cloudflare plan (`plan.legacy_id`), when its lookup read it. */
export const planOf = (found: Found): string | undefined => (found.ok ? found.plan : undefined)

/** One zone's lookup: what was found, or why nothing was, never a throw. */
const lookUp = async (zone: ZoneRef, look: (zone: ZoneRef) => Promise<Zone>): Promise<Lookup> => {
  try {
    return { zone: await look(zone) }
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }
}

/** How a zone is looked up: a name must be found; an ID is read for its name and plan when it can be. */
type Lookup = { zone: Zone } | { error: Error } | { unread: Error }

/** What to make of a lookup by ID that read no name: the cause decides what is said. */
const unreadWhy = (error: Error): string => {
  if (isForbidden(error)) return 'the token needs Zone Read for that check.'
  if (error instanceof ApiError && error.codes.includes(NO_ROUTE))
    return 'Cloudflare knows no zone by this ID, and the purge will say so.'
  return 'the lookup failed, and the purge goes on without the check.'
}

/** What a lookup found, as the run knows the zone from then on; logs what it found. */
const foundOf = (zone: ZoneRef, result: Lookup, several: boolean, log: Log): Found => {
  if ('error' in result) {
    // With one zone, its failure is the run's; with several, the others go on.
    if (!several) throw result.error
    log.info(`Zone ${zone.given}: ${result.error.message}`)
    return { ok: false, zone, error: result.error }
  }
  const id = zone.by === 'id' ? zone.id : ''
  if ('unread' in result) {
    const error = result.unread
    const why =
      error instanceof ApiError ? formatApiErrors(error.status, error.errors) : error.message
    log.info(
      `Zone ${zone.given}: its name cannot be read (${flattenLine(why, 200)}), so a URL outside it cannot be told; ${unreadWhy(error)}`
    )
    return { ok: true, zone, id }
  }
  const z = result.zone
  log.info(`Zone ${z.name} has the ID ${z.id}${z.plan === undefined ? '' : ` (${z.plan} plan)`}`)
  if (z.status !== undefined && z.status !== 'active')
    log.warning(
      `Zone ${z.name} is ${z.status}, not active: Cloudflare serves no cache for it until it is active.`,
      { title: 'Cloudflare purge' }
    )
  return {
    ok: true,
    zone,
    id: z.id,
    name: z.name,
    ...(z.plan === undefined ? {} : { plan: z.plan })
  }
}

/** The zone's lookup: `look` for a name, or an ID routing needs the name of; else `peek`. */
const lookUpOne = async (
  zone: ZoneRef,
  strict: boolean,
  look: (zone: ZoneRef) => Promise<Zone>,
  peek: (zone: ZoneRef) => Promise<Zone>
): Promise<Lookup> => {
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)))
  if (strict) return lookUp(zone, look)
  try {
    return { zone: await peek(zone) }
  } catch (error) {
    return { unread: asError(error) }
  }
}

/**
 * The ID of each zone given by name, and the name (and plan) of each given by ID: routing among
 * several zones needs the names, and with one zone the name tells a URL outside it, the plan how
 * many URLs a request may carry. A zone given by ID whose name cannot be read (a token without
 * Zone Read) is purged all the same, unless routing needs its name. The lookups go out at once
 * (the pacer keeps them within the API's limits), each bounded on its own, so that one zone
 * whose lookup never answers does not hold up the others; what they found is logged in order.
 */
export const lookUpZones = async (
  zones: ZoneRef[],
  needNames: boolean,
  look: (zone: ZoneRef) => Promise<Zone>,
  log: Log,
  peek: (zone: ZoneRef) => Promise<Zone> = look
): Promise<Found[]> =>
  log.group(
    `Looking up ${zones.length === 1 ? `zone ${zones[0]!.given}` : `${zones.length} zones`}`,
    async () => {
      const looked = await Promise.all(
        zones.map((zone) => lookUpOne(zone, zone.by === 'name' || needNames, look, peek))
      )
      return zones.map((zone, i) => foundOf(zone, looked[i]!, zones.length > 1, log))
    }
  )

/** Whether routing needs each zone's name: several zones, and items that name a host. */
export const needsNames = (run: RunPlan): boolean =>
  run.zones.length > 1 && run.kinds.some((k) => ['files', 'hosts', 'prefixes'].includes(k.kind))

export interface Resolved {
  /** The run without zones given twice. */
  run: RunPlan
  /** Per zone of `run`: its ID and name, or why it could not be had. */
  found: Found[]
  /** Per zone of `run`: the kinds and items it gets. */
  perZone: Routed['perZone']
}

/** One zone given twice (by ID and by name) is purged once, with a notice. */
const withoutRepeats = (run: RunPlan, looked: Found[], log: Log) => {
  const seen = new Map<string, string>()
  const keep = looked.map((f) => {
    if (!f.ok || f.id === '') return true
    const first = seen.get(f.id)
    if (first === undefined) return (seen.set(f.id, f.zone.given), true)
    log.notice(`Zone ${f.zone.given} is zone ${first} again: it is purged once.`, {
      title: 'Cloudflare purge'
    })
    return false
  })
  return {
    run: { ...run, zones: run.zones.filter((_, i) => keep[i]) },
    found: looked.filter((_, i) => keep[i])
  }
}

/**
 * Finds each zone's ID (and name, where routing needs it), drops repeats, and routes each item
 * to its zone. A zone the token may not read could hold any item: routing cannot be trusted, so
 * the step stops before any purge request. A zone that does not exist holds nothing: the items
 * no other zone takes are its, reported as not purged with its error.
 */
export const resolveZones = async (
  given: RunPlan,
  look: (zone: ZoneRef) => Promise<Zone>,
  log: Log,
  peek: (zone: ZoneRef) => Promise<Zone> = look
): Promise<Resolved> => {
  const needNames = needsNames(given)
  const { run, found } = withoutRepeats(
    given,
    await lookUpZones(given.zones, needNames, look, log, peek),
    log
  )
  const failedById = (f: Found) => !f.ok && f.zone.by === 'id'
  if (needNames) {
    const forbidden = found.find((f) => failedById(f) && !f.ok && isForbidden(f.error))
    if (forbidden !== undefined && !forbidden.ok) throw forbidden.error
  }
  const unnamed = needNames ? found.findIndex(failedById) : -1
  const names = found.map((f) => (f.zone.by === 'name' ? f.zone.name : f.ok ? f.name : undefined))
  const routed = routeOrFail(run, names, log, unnamed >= 0 ? unnamed : undefined)
  return { run, found, perZone: routed.perZone }
}
