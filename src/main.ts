import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { callApi, type ClientConfig } from './cloudflare/client.js'
import { dryRun } from './steps/dry-run.js'
import { InputError } from './errors.js'
import { context } from './runner/context.js'
import { INPUT_NAMES, parseInputs, type Inputs, type RawInputs } from './inputs/parse.js'
import type { Log } from './log.js'
import { Pacer, realClock } from './engine/pacer.js'
import { forZone, planPurge, purgeBody, purgePath } from './plan/plan.js'
import { execute, type Progress } from './engine/purge-run.js'
import { reportZones, unsentOutcome, type ZoneRun } from './report/zones.js'
import {
  reportEarlyFailure,
  reportNothingToPurge,
  type Report,
  type RunContext
} from './report/outcome.js'
import { DEFAULT_BACKOFF } from './cloudflare/verdict.js'
import { redactAll, seconds, count } from './text.js'
import type { ToCheck } from './edge/verify.js'
import { ACTION_NAME, VERSION } from './version.js'
import { isForbidden, resolveZone, zoneById } from './cloudflare/zone-lookup.js'
import { lookUpZones, routeOrFail } from './steps/zones.js'
import { countLabel, type Item, type Kind, type RunPlan, type ZoneRef } from './model.js'

/** The runner's log commands, for the steps that say what they do. */
const log: Log = {
  info: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, properties),
  notice: (message, properties) => core.notice(message, properties),
  debug: (message) => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}

const CONCURRENCY = 8
const MAX_ATTEMPTS = 8
const PROGRESS_EVERY_MS = 5000

const runContext = (): RunContext => {
  // Not context.repo: it throws when GITHUB_REPOSITORY is unset, as in a local run.
  const repository = process.env.GITHUB_REPOSITORY ?? ''
  return {
    repository,
    sha: context.sha ?? '',
    runUrl:
      repository !== '' && context.runId
        ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}`
        : undefined
  }
}

const userAgent = (ctx: RunContext): string =>
  `${ACTION_NAME}/${VERSION} (+https://github.com/${ctx.repository || 'local'}${context.runId ? `; run ${context.runId}` : ''})`

/**
 * Masks every credential before anything can print it; runs before inputs are validated. Returns
 * them too: the runner's mask guards the log, but not an output a later step passes on.
 */
const maskSecrets = (): string[] => {
  const secrets = new Set<string>()
  for (const name of ['token', 'api_key', 'github_token']) {
    const value = core.getInput(name, { trimWhitespace: false })
    for (const part of [value, ...value.split(/\r?\n/)].map((s) => s.trim()))
      if (part !== '') secrets.add(part)
  }
  for (const secret of secrets) core.setSecret(secret)
  return [...secrets]
}

/** Writes outputs, the summary and the failure, with every credential taken out of each. */
const publish = async (report: Report, secrets: string[], section = ''): Promise<void> => {
  const clean = (text: string) => redactAll(text, secrets)
  // A section after an HTML block (</details>) needs a blank line to render as markdown.
  report = { ...report, summary: section === '' ? report.summary : `${report.summary}\n${section}` }
  // A broken GITHUB_OUTPUT must not hide why the step failed, nor turn success into a crash.
  try {
    for (const [path, content] of Object.entries(report.files ?? {}))
      writeFileSync(path, clean(content), { mode: 0o600 })
    for (const [name, value] of Object.entries(report.outputs)) core.setOutput(name, clean(value))
  } catch (error) {
    core.warning(`Could not set the outputs: ${clean((error as Error).message)}`)
  }
  try {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(clean(report.summary)).write()
    else core.debug('GITHUB_STEP_SUMMARY is not set: no job summary written')
  } catch (error) {
    core.warning(`Could not write the job summary: ${clean((error as Error).message)}`)
  }
  if (report.failure !== undefined) {
    // What core.setFailed does, with a title on the annotation.
    core.error(clean(report.failure), { title: report.title })
    // Not core.ExitCode: @github/local-action's stand-in for @actions/core has no such export.
    process.exitCode = 1
  }
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

/** Finds the zones, routes each item, sends every request, and reports what became of each. */
const purge = async (
  run: RunPlan,
  inputs: Inputs,
  ctx: RunContext,
  startedAt: number
): Promise<Report> => {
  const client: ClientConfig = {
    apiUrl: inputs.apiUrl,
    credentials: inputs.credentials,
    userAgent: userAgent(ctx)
  }
  // One pacer for the run: every zone and lookup shares the account's limits.
  const pacer = new Pacer(realClock, startedAt + inputs.timeoutMs)
  const get = async (path: string, timeoutMs: number) => {
    const ticket = await pacer.acquire('api', 0)
    const reply = await callApi(client, { method: 'GET', path }, timeoutMs)
    if (reply.type === 'unreachable') pacer.settle(ticket, undefined, 'other')
    else
      pacer.settle(
        ticket,
        reply.rate,
        reply.status === 429 ||
          (reply.type === 'refused' && reply.errors.some((e) => e.code === 1134))
          ? 'throttled'
          : reply.type === 'ok'
            ? 'accepted'
            : 'other',
        reply.type === 'refused' ? reply.errors.map((e) => e.code) : []
      )
    return reply
  }
  const lookupOptions = {
    clock: realClock,
    backoff: DEFAULT_BACKOFF,
    deadline: startedAt + inputs.timeoutMs,
    requestTimeoutMs: inputs.requestTimeoutMs
  }
  const several = run.zones.length > 1
  // With every zone given by name, parseInputs has already refused an item in none of them.
  const needNames =
    several && run.kinds.some((k) => ['files', 'hosts', 'prefixes'].includes(k.kind))
  const looked = await lookUpZones(
    run.zones,
    needNames,
    (zone) =>
      'name' in zone
        ? resolveZone(zone.name, get, lookupOptions)
        : zoneById(zone.id, get, lookupOptions),
    log
  )
  // One zone given twice (by ID and by name) is purged once.
  const seen = new Map<string, string>()
  const keep = looked.map((f) => {
    if (!('id' in f) || f.id === '') return true
    const first = seen.get(f.id)
    if (first === undefined) return (seen.set(f.id, f.zone.given), true)
    log.notice(`Zone ${f.zone.given} is zone ${first} again: it is purged once.`, {
      title: 'Cloudflare purge'
    })
    return false
  })
  const found = looked.filter((_, i) => keep[i])
  run = { ...run, zones: run.zones.filter((_, i) => keep[i]) }
  // A zone the token may not read could hold any item: routing cannot be trusted, so stop
  // before any purge request. A zone that does not exist holds nothing: the items no other zone
  // takes are its, reported as not purged with its error.
  const unnamed = needNames ? found.findIndex((f) => 'error' in f && 'id' in f.zone) : -1
  const forbidden = found.find((f) => 'error' in f && 'id' in f.zone && isForbidden(f.error))
  if (needNames && forbidden !== undefined && 'error' in forbidden) throw forbidden.error
  const names = found.map((f) =>
    'zone' in f && 'name' in f.zone ? f.zone.name : 'name' in f ? f.name : undefined
  )
  const routed = routeOrFail(run, names, log, unnamed >= 0 ? unnamed : undefined)
  pacer.hint(found.map((f) => ('plan' in f ? f.plan : undefined)))
  const say = (zone: ZoneRef, message: string) => (several ? `[${zone.given}] ${message}` : message)
  const options = {
    concurrency: CONCURRENCY,
    maxAttempts: MAX_ATTEMPTS,
    backoff: DEFAULT_BACKOFF,
    timeoutMs: inputs.timeoutMs,
    startedAt,
    requestTimeoutMs: inputs.requestTimeoutMs,
    progressEveryMs: PROGRESS_EVERY_MS
  }
  // What verification needs afterwards: each accepted URL and when, and when the rest was.
  const verifying = inputs.verify.mode !== 'off'
  const purgedUrls: ToCheck[] = []
  let purgedOtherAt: number | undefined
  const accepted = (kind: Kind, items: Item[]) => {
    if (kind === 'files') for (const item of items) purgedUrls.push({ item, purgedAt: Date.now() })
    else purgedOtherAt = Date.now()
  }
  const runs: ZoneRun[] = await core.group(`Sending ${run.mode} requests`, () =>
    Promise.all(
      run.zones.map(async (zone, i): Promise<ZoneRun> => {
        const plan = forZone(run, zone, routed.perZone[i]!)
        const f = found[i]!
        if ('error' in f)
          return {
            plan,
            zoneId: 'id' in zone ? zone.id : '',
            outcome: unsentOutcome(plan, f.error)
          }
        const path = purgePath(f.id, plan.environment, plan.mode)
        const send = async (kind: Kind, items: Item[], timeoutMs: number) => {
          const started = realClock.now()
          const reply = await callApi(
            client,
            { method: 'POST', path, body: purgeBody(kind, items) },
            timeoutMs
          )
          const answer =
            reply.type === 'unreachable' ? reply.detail : `HTTP ${reply.status} ${reply.type}`
          core.debug(
            `POST ${path} ${countLabel(kind, items.length)}: ${answer} in ${Math.round(realClock.now() - started)} ms`
          )
          return reply
        }
        const outcome = await execute(plan, options, {
          clock: realClock,
          send,
          progress: (p) => core.info(say(zone, progressLine(p))),
          notice: (message) => core.notice(say(zone, message), { title: 'Cloudflare purge' }),
          log: (message) => core.info(say(zone, message)),
          pacer,
          ...(verifying ? { accepted } : {})
        })
        return { plan, zoneId: f.id, outcome }
      })
    )
  )
  const report = reportZones(runs, ctx, fullListPath())
  if (report.failure === undefined) {
    const durationMs = Math.max(...runs.map((r) => r.outcome.durationMs))
    core.info(
      `Done: ${report.outputs.purged_count} item(s) in ${report.outputs.request_count} request(s), ${seconds(durationMs)} s. Purge id: ${report.outputs.purge_id || '(none returned)'}`
    )
  }
  if (!verifying) return report
  if (report.failure !== undefined) {
    core.info('Not checking the edge: the purge itself did not succeed.')
    return report
  }
  const extra = inputs.verify.urls.map((item) => ({
    item,
    purgedAt: purgedOtherAt ?? Date.now()
  }))
  // The verification code loads only here: a plain purge keeps its cold start.
  const { checkEdge } = await import('./steps/verify.js')
  return checkEdge(report, { named: extra, purged: purgedUrls }, inputs, {
    startedAt,
    userAgent: userAgent(ctx),
    log
  })
}

/** The action: inputs -> plan -> requests -> report. Every failure ends here as one annotation. */
export const run = async (): Promise<void> => {
  const startedAt = realClock.now()
  const secrets = maskSecrets()
  const ctx = runContext()
  let plan: RunPlan | undefined
  let section = ''
  try {
    let inputs = parseInputs(
      Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as RawInputs
    )
    for (const warning of inputs.warnings) core.warning(warning, { title: 'Cloudflare purge' })
    if (inputs.changes !== undefined) {
      // Octokit and the sitemap reader load only here: a plain purge keeps its cold start.
      const { collectChanges, envFromContext } = await import('./sources/changes.js')
      const changes = await collectChanges(
        inputs,
        envFromContext(inputs.timeoutMs - (realClock.now() - startedAt), userAgent(ctx)),
        {
          info: core.info,
          group: core.group,
          notice: (message) => core.notice(message, { title: 'Cloudflare purge' }),
          warning: (message) => core.warning(message, { title: 'Cloudflare purge' })
        }
      )
      inputs = changes.inputs
      section = changes.section
    }
    const run = planPurge(inputs)
    plan = run
    if (inputs.emptyReason !== undefined) {
      // A list that is empty on purpose (a generated file, a change set) is not a failure.
      core.notice(`${inputs.emptyReason}: nothing was sent to Cloudflare.`, {
        title: 'Cloudflare purge'
      })
      return await publish(reportNothingToPurge(run, inputs.emptyReason, ctx), secrets, section)
    }
    const where = run.zones.map((z) => z.given).join(', ')
    const scope = run.environment === undefined ? where : `${where}, environment ${run.environment}`
    const what = run.kinds.map((k) => countLabel(k.kind, k.items.length)).join(', ')
    const verb = inputs.dryRun
      ? `Dry run: would ${run.mode}`
      : run.mode === 'purge'
        ? 'Purging'
        : 'Invalidating'
    core.info(`${verb} ${what} in ${run.zones.length === 1 ? 'zone' : 'zones'} ${scope}`)
    for (const k of run.kinds)
      if (k.duplicates > 0) core.info(`Dropped duplicates: ${countLabel(k.kind, k.duplicates)}.`)
    await publish(
      inputs.dryRun
        ? await dryRun(run, inputs, ctx, log)
        : await purge(run, inputs, ctx, startedAt),
      secrets,
      section
    )
  } catch (error) {
    const known = error instanceof Error ? error : new Error(String(error))
    // An expected failure is a message, not a stack trace; anything else is a bug worth its stack.
    if (!(known instanceof InputError) && known.name === 'Error' && known.stack !== undefined)
      core.debug(known.stack)
    await publish(reportEarlyFailure(known, plan, ctx), secrets)
  }
}
