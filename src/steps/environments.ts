/**
 * The environments a step purges (`environment`: names and IDs of one zone's environments): each
 * found before any purge request, checked against what the step sends, and purged on its own.
 * Loaded only by a step that names an environment.
 */
import {
  listEnvironments,
  matchEnvironment,
  urlsRefusedProblem,
  type EnvironmentList,
  type ListOptions,
  type ZoneEnvironment
} from '../cloudflare/environments.js'
import type { Reply } from '../cloudflare/client.js'
import {
  ADVICE,
  ENVIRONMENT_ADVICE,
  NO_ROUTE,
  URLS_ON_SELECTING_ENVIRONMENT
} from '../cloudflare/codes.js'
import { ApiError, InputError, type InputIssue } from '../errors.js'
import type { Log } from '../log.js'
import type { EnvironmentRef, Target } from '../model.js'
import { forZone } from '../plan/plan.js'
import type { ZoneRun } from '../report/zones.js'
import { flattenLine, quote } from '../text.js'
import type { Resolved } from './zones.js'
import type { Part } from './purge-zone.js'

const TITLE = { title: 'Cloudflare purge' }

/** An environment chosen, with what the zone's list said of it (nothing, when given by ID). */
interface Chosen {
  target: Target
  listed: ZoneEnvironment | undefined
}

const nameOf = (e: ZoneEnvironment): string => quote(flattenLine(e.name, 60), 60)

/** Reads the zone's list of environments, saying what it found, and if it was cut short. */
const readList = (
  zone: { id: string; label: string; name: string | undefined },
  get: (path: string, timeoutMs: number) => Promise<Reply>,
  options: ListOptions,
  log: Log
): Promise<EnvironmentList> =>
  log.group(`Looking up the environments of zone ${zone.label}`, async () => {
    const list = await listEnvironments(zone.id, zone.label, get, options, zone.name)
    for (const e of list.environments.slice(0, 20))
      log.info(
        `Environment ${nameOf(e)} has the ID ${flattenLine(e.ref, 40)}${e.production ? ' (production)' : ''}`
      )
    if (list.cutShort !== undefined)
      log.info(
        `The list of environments was cut short after ${list.environments.length} (${list.cutShort}): an environment not among them is not known to be absent.`
      )
    return list
  })

/** Each given environment as found; what cannot be found is an input issue, all said at once. */
const findAll = (
  given: EnvironmentRef[],
  list: EnvironmentList | undefined,
  zone: string
): Chosen[] => {
  const listed = list?.environments
  const issues: InputIssue[] = []
  const found: Chosen[] = []
  for (const ref of given) {
    if (listed === undefined) {
      // An ID costs no lookup: it is sent as given.
      if (ref.by === 'id')
        found.push({ target: { given: ref.given, ref: ref.id }, listed: undefined })
      continue
    }
    const match = matchEnvironment(ref, listed, zone, list?.cutShort)
    if ('issue' in match) {
      issues.push(match.issue)
      continue
    }
    const e = match.environment
    found.push({
      target: {
        given: ref.given,
        ref: e.ref,
        name: flattenLine(e.name, 100),
        ...(e.production ? { production: true } : {})
      },
      listed: e
    })
  }
  if (issues.length > 0) throw new InputError(issues)
  return found
}

/** One environment given twice (by name and by ID) is purged once, with a notice. */
const withoutRepeats = (found: Chosen[], log: Log): Chosen[] => {
  const seen = new Map<string, string>()
  return found.filter(({ target }) => {
    const first = seen.get(target.ref)
    if (first === undefined) return (seen.set(target.ref, target.given), true)
    log.notice(
      `Environment ${quote(target.given, 60)} is environment ${quote(first, 60)} again: it is purged once.`,
      TITLE
    )
    return false
  })
}

/**
 * URLs cannot be purged in an environment that selects by IP, country, ASN or threat score
 * (Cloudflare answers 1136): known from the list, that is an input mistake, said before any purge.
 */
const refuseUrls = (found: Chosen[], urls: number): void => {
  if (urls === 0) return
  const issues = found.flatMap(({ target, listed }) =>
    listed?.selectsBy === undefined
      ? []
      : [{ input: 'environment', value: target.given, problem: urlsRefusedProblem(listed, urls) }]
  )
  if (issues.length > 0) throw new InputError(issues)
}

/** Purging everything in production purges every environment of the zone: say so. */
const noticeProduction = (
  found: Chosen[],
  listed: ZoneEnvironment[] | undefined,
  everything: boolean,
  zone: string,
  log: Log
): void => {
  if (!everything) return
  const production = found.find((f) => f.target.production === true)
  if (production === undefined) {
    // Given by ID, an environment is not looked up: which one is production is not known here.
    const unlisted = found.filter((f) => f.listed === undefined).map((f) => f.target.given)
    if (listed === undefined && unlisted.length > 0)
      log.notice(
        `Purging everything in environment ${unlisted.map((id) => quote(id, 40)).join(', ')}: if one is the production environment, that purges every environment of zone ${zone}; in another, only that one.`,
        TITLE
      )
    return
  }
  const others = (listed ?? []).filter((e) => !e.production).map(nameOf)
  log.notice(
    `Purging everything in ${quote(production.target.name ?? production.target.given, 60)}, the production environment, purges every environment of zone ${zone}${others.length === 0 ? '' : ` (${others.slice(0, 8).join(', ')} too)`}, not only production.`,
    TITLE
  )
}

/**
 * The parts of a step that names environments: one per environment of its one zone, each with
 * every item of the step. Names are looked up with one `GET /zones/{zone_id}/environments`
 * through the run's paced GET; a step of IDs alone costs no lookup. Whatever is wrong (an unknown
 * name, a name two environments share, URLs for an environment that cannot take them) fails the
 * step before any purge request.
 */
export const environmentParts = async (
  resolved: Resolved,
  get: (path: string, timeoutMs: number) => Promise<Reply>,
  options: ListOptions,
  log: Log,
  /** Adds the token check's finding to a refused list (10000 or 9109). */
  explain: (error: unknown, zone: string) => Promise<void> = async () => {}
): Promise<Part[]> => {
  const { run } = resolved
  const zone = run.zones[0]!
  const zoneFound = resolved.found[0]!
  if (!zoneFound.ok) throw zoneFound.error
  const zoneName = zoneFound.name ?? zone.given
  const zoneOf = { id: zoneFound.id, label: zoneName, name: zoneFound.name }
  const list = run.environments.some((e) => e.by === 'name')
    ? await readList(zoneOf, get, options, log).catch(async (error: unknown) => {
        await explain(error, zoneName)
        throw error
      })
    : undefined
  const listed = list?.environments
  const found = withoutRepeats(findAll(run.environments, list, zoneName), log)
  const urls = run.kinds.find((k) => k.kind === 'files')?.items.length ?? 0
  refuseUrls(found, urls)
  const everything = run.kinds.some((k) => k.kind === 'purge_everything')
  noticeProduction(found, listed, everything, zoneName, log)
  const several = found.length > 1
  return found.map(({ target }) => {
    const label = flattenLine(target.name ?? target.given, 60)
    return {
      plan: forZone(run, zone, resolved.perZone[0]!, target, zoneFound.plan),
      found: zoneFound,
      say: (message: string) => (several ? `[${label}] ${message}` : message)
    }
  })
}

/**
 * A refusal about an environment's ID says where IDs come from, never to copy the zone's ID: the
 * zone was found, or its ID is the one thing the step did not look up.
 */
const explainRun = (error: Error | undefined): void => {
  if (!(error instanceof ApiError)) return
  if (error.codes.includes(NO_ROUTE) || error.status === 404)
    error.message += ` ${ENVIRONMENT_ADVICE[NO_ROUTE]}`
}

/** URLs refused in an environment given by ID: the same advice as when the list had shown it. */
const explainKind = (error: Error | undefined): void => {
  if (error instanceof ApiError && error.codes.includes(URLS_ON_SELECTING_ENVIRONMENT))
    error.message += ` ${ADVICE[URLS_ON_SELECTING_ENVIRONMENT]}`
}

/** An environment's part once sent: its failures say what to do in an environment's terms. */
export const explained = (part: ZoneRun): ZoneRun => {
  explainRun(part.outcome.failure)
  for (const kind of part.outcome.kinds) explainKind(kind.stopped)
  return part
}
