/**
 * The purge stage: finds the zones (and environments), routes each item to its zone, sends every
 * request, and reports what became of each item; a dry run says what it would send instead.
 */
import { callApi, type ClientConfig } from '../cloudflare/client.js'
import { DEFAULT_BACKOFF } from '../cloudflare/backoff.js'
import { TokenCheck } from '../cloudflare/token-check.js'
import { lookupBoundMs, resolveZone, zoneById, type Zone } from '../cloudflare/zone-lookup.js'
import { Pacer } from '../engine/pacer.js'
import { pacedGet } from '../engine/settle.js'
import type { ExecuteOptions } from '../engine/purge-run.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import type { Plan, RunPlan, ZoneRef } from '../model.js'
import { forZone } from '../plan/plan.js'
import { NOT_PURGED_GROUP, notPurgedLines } from '../report/outcome.js'
import type { Report } from '../report/report.js'
import { reportZones, type ZoneRun } from '../report/zones.js'
import { count, seconds } from '../text.js'
import { dryRun } from './dry-run.js'
import { Accepted, purgeZone, type Part, type Shared } from './purge-zone.js'
import { notPurgedFilePath, unlessCancelled, type Purged, type Run, type Stage } from './stage.js'
import { planOf, resolveZones, type Resolved } from './zones.js'

const CONCURRENCY = 8
const MAX_ATTEMPTS = 8
const PROGRESS_EVERY_MS = 5000

/** The API as the run speaks to it: one client, one pacer for every zone and lookup. */
export const apiOf = (inputs: Inputs, run: Run, budgetFrom: number) => {
  const deadline = budgetFrom + inputs.timeoutMs
  const client: ClientConfig = {
    apiUrl: inputs.apiUrl,
    token: inputs.token,
    userAgent: run.userAgent
  }
  // One pacer for the run: every zone and lookup shares the account's limits.
  const pacer = new Pacer(run.clock, deadline)
  const get = pacedGet(pacer, (path, timeoutMs) =>
    callApi(client, { method: 'GET', path }, timeoutMs)
  )
  const lookup = {
    clock: run.clock,
    backoff: DEFAULT_BACKOFF,
    deadline,
    requestTimeoutMs: inputs.requestTimeoutMs,
    boundMs: lookupBoundMs(inputs.timeoutMs)
  }
  // A refused token is explained once per run, by the token check, in the error itself.
  const tokens = new TokenCheck(inputs.token, get, lookup)
  /**
   * A zone's lookup, its refusal not explained: for a name that may be read, not must. The
   * zone's account is where an account's token is checked.
   */
  const peek = async (zone: ZoneRef): Promise<Zone> => {
    const found = await (zone.by === 'name'
      ? resolveZone(zone.name, get, lookup)
      : zoneById(zone.id, get, lookup))
    tokens.learnAccount(found.account)
    return found
  }
  /** A zone's lookup that must succeed: a refused token is explained in the error itself. */
  const look = async (zone: ZoneRef): Promise<Zone> => {
    try {
      return await peek(zone)
    } catch (error) {
      await tokens.explain(error, { permission: 'Zone Read', zone: zone.given })
      throw error
    }
  }
  return { client, pacer, get, lookup, tokens, look, peek }
}

type Api = ReturnType<typeof apiOf>

/** Whether a plan's purge shows at the edge as checks request it: not in another environment. */
const seenAtTheEdge = (plan: Plan): boolean =>
  plan.target === undefined ? plan.environment === undefined : plan.target.production === true

/** The parts the step sends: one per zone, or one per environment of its one zone. */
const partsOf = async (run: Run, resolved: Resolved, api: Api): Promise<Part[]> => {
  const several = resolved.run.zones.length > 1
  if (resolved.run.environments.length === 0)
    return resolved.run.zones.map((zone, i) => ({
      plan: forZone(
        resolved.run,
        zone,
        resolved.perZone[i]!,
        undefined,
        planOf(resolved.found[i]!)
      ),
      found: resolved.found[i]!,
      say: (message: string) => (several ? `[${zone.given}] ${message}` : message)
    }))
  // A step that names environments purges each of them on its own; its code loads only then.
  const { environmentParts } = await import('./environments.js')
  return unlessCancelled(
    environmentParts(resolved, api.get, api.lookup, run.log, (error, zone) =>
      api.tokens.explain(error, { permission: 'Zone Versioning Read', zone })
    ),
    run.signal
  )
}

/** Every item not purged, in the log: the job summary may have room for only some of them. */
const logNotPurged = async (runs: ZoneRun[], log: Log): Promise<void> => {
  const several = runs.length > 1
  const lines = runs.flatMap((r) =>
    notPurgedLines(r.outcome).map((line) => (several ? `[${r.plan.zone.given}] ${line}` : line))
  )
  if (lines.length === 0) return
  await log.group(`${NOT_PURGED_GROUP}: ${count(lines.length)} item(s)`, async () => {
    for (const line of lines) log.info(line)
  })
}

/** Sends every part's requests, at once: the pacer keeps them within the account's limits. */
const sendAll = async (
  run: Run,
  parts: Part[],
  api: Api,
  options: ExecuteOptions
): Promise<{ runs: ZoneRun[]; accepted: Accepted }> => {
  const accepted = new Accepted()
  const shared: Shared = { ...api, options, signal: run.signal }
  const sent = await run.log.group(`Sending ${parts[0]?.plan.mode ?? 'purge'} requests`, () =>
    Promise.all(
      parts.map((part) =>
        // Only what the edge shows is recorded for the checks after the purge.
        purgeZone(part, seenAtTheEdge(part.plan) ? { ...shared, accepted } : shared, run.log)
      )
    )
  )
  if (parts.some((part) => part.plan.environment !== undefined)) {
    const { explained } = await import('./environments.js')
    return { runs: sent.map(explained), accepted }
  }
  return { runs: sent, accepted }
}

/** Finds the zones, routes each item, sends every request, and reports what became of each. */
export const purge = async (
  plan: RunPlan,
  inputs: Inputs,
  run: Run,
  budgetFrom: number
): Promise<{ report: Report; purged: Purged }> => {
  const api = apiOf(inputs, run, budgetFrom)
  // A lookup cannot be told to stop: a cancel during the lookups reports that nothing was sent.
  const resolved = await unlessCancelled(
    resolveZones(plan, api.look, run.log, api.peek),
    run.signal
  )
  api.pacer.hint(resolved.found.map(planOf))
  const parts = await partsOf(run, resolved, api)
  const options: ExecuteOptions = {
    concurrency: CONCURRENCY,
    maxAttempts: MAX_ATTEMPTS,
    backoff: DEFAULT_BACKOFF,
    timeoutMs: inputs.timeoutMs,
    startedAt: budgetFrom,
    requestTimeoutMs: inputs.requestTimeoutMs,
    progressEveryMs: PROGRESS_EVERY_MS
  }
  const { runs, accepted } = await sendAll(run, parts, api, options)
  const report = reportZones(runs, run.ctx, notPurgedFilePath())
  await logNotPurged(runs, run.log)
  if (report.failure === undefined) {
    const durationMs = runs.reduce((most, r) => Math.max(most, r.outcome.durationMs), 0)
    run.log.info(
      `Done: ${report.outputs.purged_count} item(s) in ${report.outputs.request_count} request(s), ${seconds(durationMs)} s. Purge id: ${report.outputs.purge_id || '(none returned)'}`
    )
  }
  const shown = parts.filter((part) => seenAtTheEdge(part.plan))
  const zones = shown.flatMap(({ found }) =>
    found.ok && found.id !== '' ? [{ zone: found.zone, id: found.id, name: found.name }] : []
  )
  return {
    report,
    purged: { urls: accepted.urls, otherAt: accepted.otherAt, seen: shown.length > 0, zones }
  }
}

export const purgeStage: Stage = async (run, state) => {
  const { inputs } = state
  const plan = state.plan!
  if (inputs.dryRun)
    return {
      ...state,
      report: await unlessCancelled(dryRun(plan, inputs, run.ctx, run.log), run.signal)
    }
  const { report, purged } = await purge(plan, inputs, run, state.budgetFrom)
  return { ...state, report, purged }
}
