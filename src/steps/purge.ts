import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callApi, type ClientConfig } from '../cloudflare/client.js'
import { TokenCheck } from '../cloudflare/token-check.js'
import { lookupBoundMs, resolveZone, zoneById, type Zone } from '../cloudflare/zone-lookup.js'
import { Pacer } from '../engine/pacer.js'
import { pacedGet } from '../engine/settle.js'
import { execute, type ExecuteOptions, type Progress } from '../engine/purge-run.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import {
  countLabel,
  type Item,
  type Kind,
  type Plan,
  type RunPlan,
  type ZoneRef
} from '../model.js'
import { forZone, purgeBody, purgePath } from '../plan/plan.js'
import { failureSection, titleOf, type Report, type RunContext } from '../report/report.js'
import { NOT_PURGED_GROUP, notPurgedLines } from '../report/outcome.js'
import { CancelledError } from '../errors.js'
import { unlessCancelled } from './cancel.js'
import { reportZones, unsentOutcome, type ZoneRun } from '../report/zones.js'
import type { ToCheck } from '../edge/verify.js'
import { count, seconds } from '../text.js'
import { planOf, resolveZones, type Found } from './zones.js'
import { realClock } from '../clock.js'
import { DEFAULT_BACKOFF } from '../cloudflare/backoff.js'

const CONCURRENCY = 8
const MAX_ATTEMPTS = 8
const PROGRESS_EVERY_MS = 5000

/** What a purge step needs besides its plan and inputs. */
export interface PurgeContext {
  ctx: RunContext
  userAgent: string
  startedAt: number
  log: Log
  /** The step's cancel (SIGINT, SIGTERM): nothing is sent after it aborts. */
  signal?: AbortSignal
}

/** Where a list too long for its output is written in full. */
const fullListPath = (): string =>
  join(
    process.env.RUNNER_TEMP || tmpdir(),
    `cloudflare-purge-rejected-${process.env.GITHUB_RUN_ID ?? process.pid}-${Date.now()}.json`
  )

const progressLine = (p: Progress): string =>
  `${count(p.done)} / ${count(p.total)} items done in ${seconds(p.elapsedMs)} s ` +
  `(${Math.round(p.done / Math.max(p.elapsedMs / 1000, 0.001))} items/s); waited ${seconds(p.waitedMs)} s for the rate limit; ${p.throttled} × 429`

/** Accepted URLs and when, and when the rest was accepted: what verification checks. */
class Accepted {
  readonly urls: ToCheck[] = []
  otherAt: number | undefined
  readonly record = (kind: Kind, items: Item[]): void => {
    if (kind === 'files') for (const item of items) this.urls.push({ item, purgedAt: Date.now() })
    else this.otherAt = Date.now()
  }
}

/** Sends one zone's requests and accounts for every item. */
const purgeZone = async (
  plan: ZoneRun['plan'],
  found: Found,
  shared: {
    client: ClientConfig
    pacer: Pacer
    options: ExecuteOptions
    tokens: TokenCheck
    accepted?: Accepted
    signal?: AbortSignal
  },
  say: (message: string) => string,
  log: Log
): Promise<ZoneRun> => {
  if ('error' in found)
    return {
      plan,
      zoneId: plan.zone.by === 'id' ? plan.zone.id : '',
      outcome: unsentOutcome(plan, found.error)
    }
  const path = purgePath(found.id, plan.environment, plan.mode)
  const send = async (kind: Kind, items: Item[], timeoutMs: number, abandon: AbortSignal) => {
    const started = realClock.now()
    const body = purgeBody(kind, items)
    const reply = await callApi(shared.client, { method: 'POST', path, body }, timeoutMs, abandon)
    const answer =
      reply.type === 'unreachable' ? reply.detail : `HTTP ${reply.status} ${reply.type}`
    log.debug(
      `POST ${path} ${countLabel(kind, items.length)}: ${answer} in ${Math.round(realClock.now() - started)} ms`
    )
    return reply
  }
  const outcome = await execute(plan, shared.options, {
    clock: realClock,
    send,
    progress: (p) => log.info(say(progressLine(p))),
    log: {
      info: (message) => log.info(say(message)),
      notice: (message) => log.notice(say(message), { title: 'Cloudflare purge' })
    },
    pacer: shared.pacer,
    ...(shared.accepted === undefined ? {} : { accepted: shared.accepted.record }),
    ...(shared.signal === undefined ? {} : { signal: shared.signal })
  })
  const named = found.name !== undefined && found.name !== plan.zone.given
  await shared.tokens.explain(outcome.failure, {
    permission: 'Cache Purge',
    zone: named ? `${found.name} (${plan.zone.given})` : plan.zone.given
  })
  return { plan, zoneId: found.id, outcome }
}

/** Finds the zones, routes each item, sends every request, and reports what became of each. */
export const purge = async (run: RunPlan, inputs: Inputs, pc: PurgeContext): Promise<Report> => {
  const { log, startedAt } = pc
  const client: ClientConfig = {
    apiUrl: inputs.apiUrl,
    token: inputs.token,
    userAgent: pc.userAgent
  }
  // One pacer for the run: every zone and lookup shares the account's limits.
  const pacer = new Pacer(realClock, startedAt + inputs.timeoutMs)
  const get = pacedGet(pacer, (path, timeoutMs) =>
    callApi(client, { method: 'GET', path }, timeoutMs)
  )
  const lookup = {
    clock: realClock,
    backoff: DEFAULT_BACKOFF,
    deadline: startedAt + inputs.timeoutMs,
    requestTimeoutMs: inputs.requestTimeoutMs,
    boundMs: lookupBoundMs(inputs.timeoutMs)
  }
  // A refused token is explained once per run, by the token check, in the error itself.
  const tokens = new TokenCheck(inputs.token, get, lookup)
  const look = async (zone: ZoneRef): Promise<Zone> => {
    try {
      return await (zone.by === 'name'
        ? resolveZone(zone.name, get, lookup)
        : zoneById(zone.id, get, lookup))
    } catch (error) {
      await tokens.explain(error, { permission: 'Zone Read', zone: zone.given })
      throw error
    }
  }
  // A lookup cannot be told to stop: a cancel during the lookups reports that nothing was sent.
  const resolved = await unlessCancelled(resolveZones(run, look, log), pc.signal)
  pacer.hint(resolved.found.map((f) => ('plan' in f ? f.plan : undefined)))
  const several = resolved.run.zones.length > 1
  const accepted = inputs.verify.mode === 'off' ? undefined : new Accepted()
  const options: ExecuteOptions = {
    concurrency: CONCURRENCY,
    maxAttempts: MAX_ATTEMPTS,
    backoff: DEFAULT_BACKOFF,
    timeoutMs: inputs.timeoutMs,
    startedAt,
    requestTimeoutMs: inputs.requestTimeoutMs,
    progressEveryMs: PROGRESS_EVERY_MS
  }
  // Every part sends with these; only those the edge shows record what verify checks.
  const unseen = {
    client,
    pacer,
    options,
    tokens,
    ...(pc.signal === undefined ? {} : { signal: pc.signal })
  }
  const shared = { ...unseen, ...(accepted === undefined ? {} : { accepted }) }
  // A step that names environments purges each of them on its own; its code loads only then.
  const environments = run.environments.length === 0 ? undefined : await import('./environments.js')
  const parts =
    environments === undefined
      ? resolved.run.zones.map((zone, i) => ({
          plan: forZone(resolved.run, zone, resolved.perZone[i]!, undefined, planOf(resolved.found[i]!)),
          found: resolved.found[i]!,
          say: (message: string) => (several ? `[${zone.given}] ${message}` : message)
        }))
      : await unlessCancelled(
          environments.environmentParts(resolved, get, lookup, log, (error, zone) =>
            tokens.explain(error, { permission: 'Zone Versioning Read', zone })
          ),
          pc.signal
        )
  // The edge answers visitors from production: another environment's purge cannot be seen there.
  const seen = parts.filter((part) => seenAtTheEdge(part.plan))
  const sent = await log.group(`Sending ${run.mode} requests`, () =>
    Promise.all(
      parts.map((part) =>
        purgeZone(part.plan, part.found, seenAtTheEdge(part.plan) ? shared : unseen, part.say, log)
      )
    )
  )
  const runs = environments === undefined ? sent : sent.map(environments.explained)
  const report = reportZones(runs, pc.ctx, fullListPath())
  await logNotPurged(runs, several, log)
  if (report.failure === undefined) {
    const durationMs = runs.reduce((most, r) => Math.max(most, r.outcome.durationMs), 0)
    log.info(
      `Done: ${report.outputs.purged_count} item(s) in ${report.outputs.request_count} request(s), ${seconds(durationMs)} s. Purge id: ${report.outputs.purge_id || '(none returned)'}`
    )
  }
  if (accepted !== undefined && seen.length === 0) {
    // With verify: fail the step promised a check it cannot make: said louder than a notice.
    const why =
      'Not checking the edge: it answers visitors from the production environment, so what it serves says nothing of the environments purged here.'
    if (inputs.verify.mode === 'fail') log.warning(why, { title: 'Cloudflare purge' })
    else log.notice(why, { title: 'Cloudflare purge' })
    return report
  }
  return accepted === undefined ? report : verifyAfter(report, accepted, inputs, pc)
}

/** Whether a plan's purge shows at the edge as verification requests it: not in another environment. */
const seenAtTheEdge = (plan: Plan): boolean =>
  plan.target === undefined ? plan.environment === undefined : plan.target.production === true

/** Every item not purged, in the log: the job summary may have room for only some of them. */
const logNotPurged = async (runs: ZoneRun[], several: boolean, log: Log): Promise<void> => {
  const lines = runs.flatMap((r) =>
    notPurgedLines(r.outcome).map((line) => (several ? `[${r.plan.zone.given}] ${line}` : line))
  )
  if (lines.length === 0) return
  await log.group(`${NOT_PURGED_GROUP}: ${count(lines.length)} item(s)`, async () => {
    for (const line of lines) log.info(line)
  })
}

/** Checks the edge once the purge succeeded; its code loads only here. */
const verifyAfter = async (
  report: Report,
  accepted: Accepted,
  inputs: Inputs,
  pc: PurgeContext
): Promise<Report> => {
  if (report.failure !== undefined) {
    pc.log.info('Not checking the edge: the purge itself did not succeed.')
    return report
  }
  const named = inputs.verify.urls.map((item) => ({
    item,
    purgedAt: accepted.otherAt ?? Date.now()
  }))
  const { checkEdge } = await import('./verify.js')
  try {
    return await unlessCancelled(
      checkEdge(report, { named, purged: accepted.urls }, inputs, {
        startedAt: pc.startedAt,
        userAgent: pc.userAgent,
        log: pc.log
      }),
      pc.signal,
      `while checking the edge: the purge itself was done (${report.outputs.purged_count} item(s) purged), the edge was not checked`
    )
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error
    return cancelledChecks(report, error)
  }
}

/** A purge that went through, and a cancel before the edge was checked: a failure all the same. */
const cancelledChecks = (report: Report, error: CancelledError): Report => ({
  ...report,
  summary: {
    ...report.summary,
    status: 'failure',
    title: `${report.summary.title}, but cancelled while checking the edge`,
    sections: [...report.summary.sections, failureSection([error])]
  },
  failure: error.message,
  title: titleOf(error)
})
