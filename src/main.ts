import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { context } from './github-context.js'
import { callApi, type ClientConfig } from './client.js'
import { InputError } from './errors.js'
import { INPUT_NAMES, parseInputs, type Inputs, type RawInputs } from './inputs.js'
import { Pacer, realClock, seconds } from './pacer.js'
import {
  countLabel,
  initialRequests,
  planPurge,
  purgeBody,
  purgePath,
  type Item,
  type Kind,
  type Plan
} from './plan.js'
import { execute, type Progress } from './purge.js'
import {
  count,
  reportDryRun,
  reportEarlyFailure,
  reportNothingToPurge,
  reportOutcome,
  type Report,
  type RunContext
} from './report.js'
import { DEFAULT_BACKOFF } from './retry.js'
import { redactAll } from './text.js'
import { ACTION_NAME, VERSION } from './version.js'
import { resolveZone } from './zone.js'

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
  report = { ...report, summary: report.summary + section }
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

/** Prints exactly what would be sent and sends nothing. */
const dryRun = async (plan: Plan, inputs: Inputs, ctx: RunContext): Promise<Report> => {
  const zone = plan.zone
  const path =
    'id' in zone
      ? purgePath(zone.id, plan.environment, plan.mode)
      : purgePath('ZONE', plan.environment, plan.mode).replace('ZONE', `<id of ${zone.name}>`)
  const requests = initialRequests(plan).map(({ kind, items }) => ({
    kind,
    path,
    body: purgeBody(kind, items)
  }))
  await core.group(
    `Dry run: ${requests.length} request(s) that would be sent, and none is`,
    async () => {
      if ('name' in zone)
        core.info(`GET ${inputs.apiUrl}/zones?name=${zone.name} (to find the zone ID)`)
      for (const r of requests)
        core.info(`POST ${inputs.apiUrl}${r.path}\n${JSON.stringify(r.body)}`)
    }
  )
  return reportDryRun(plan, requests, ctx)
}

/** Finds the zone, sends every request, and reports what became of each item. */
const purge = async (
  plan: Plan,
  inputs: Inputs,
  ctx: RunContext,
  startedAt: number
): Promise<Report> => {
  const client: ClientConfig = {
    apiUrl: inputs.apiUrl,
    credentials: inputs.credentials,
    userAgent: userAgent(ctx)
  }
  // One pacer for the run: the zone lookup counts against the API-wide quota like any purge.
  const pacer = new Pacer(realClock, startedAt + inputs.timeoutMs)
  const get = async (path: string, timeoutMs: number) => {
    const ticket = await pacer.acquire('api', 0)
    const reply = await callApi(client, { method: 'GET', path }, timeoutMs)
    if (reply.type === 'unreachable') pacer.settle(ticket, undefined, 'other')
    else
      pacer.settle(
        ticket,
        reply.rate,
        reply.status === 429 ? 'throttled' : reply.type === 'ok' ? 'accepted' : 'other',
        reply.type === 'refused' ? reply.errors.map((e) => e.code) : []
      )
    return reply
  }
  const zone = plan.zone
  const zoneId =
    'id' in zone
      ? zone.id
      : await core.group(`Looking up zone ${zone.name}`, async () => {
          const found = await resolveZone(zone.name, get, {
            clock: realClock,
            backoff: DEFAULT_BACKOFF,
            deadline: startedAt + inputs.timeoutMs,
            requestTimeoutMs: inputs.requestTimeoutMs
          })
          pacer.hint(found.plan)
          core.info(
            `Zone ${zone.name} has the ID ${found.id}${found.plan === undefined ? '' : ` (${found.plan} plan)`}`
          )
          if (found.status !== undefined && found.status !== 'active')
            core.warning(
              `Zone ${zone.name} is ${found.status}, not active: Cloudflare serves no cache for it until it is active.`,
              { title: 'Cloudflare purge' }
            )
          return found.id
        })
  const path = purgePath(zoneId, plan.environment, plan.mode)
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
  const options = {
    concurrency: CONCURRENCY,
    maxAttempts: MAX_ATTEMPTS,
    backoff: DEFAULT_BACKOFF,
    timeoutMs: inputs.timeoutMs,
    startedAt,
    requestTimeoutMs: inputs.requestTimeoutMs,
    progressEveryMs: PROGRESS_EVERY_MS
  }
  const outcome = await core.group(`Sending ${plan.mode} requests`, () =>
    execute(plan, options, {
      clock: realClock,
      send,
      progress: (p) => core.info(progressLine(p)),
      notice: (message) => core.notice(message, { title: 'Cloudflare purge' }),
      log: (message) => core.info(message),
      pacer
    })
  )
  const report = reportOutcome(plan, zoneId, outcome, ctx, fullListPath())
  if (report.failure === undefined)
    core.info(
      `Done: ${report.outputs.purged_count} item(s) in ${outcome.requests} request(s), ${seconds(outcome.durationMs)} s. Purge id: ${report.outputs.purge_id || '(none returned)'}`
    )
  return report
}

/** The action: inputs -> plan -> requests -> report. Every failure ends here as one annotation. */
export const run = async (): Promise<void> => {
  const startedAt = realClock.now()
  const secrets = maskSecrets()
  const ctx = runContext()
  let plan: Plan | undefined
  let section = ''
  try {
    let inputs = parseInputs(
      Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as RawInputs
    )
    for (const warning of inputs.warnings) core.warning(warning, { title: 'Cloudflare purge' })
    if (inputs.changes !== undefined) {
      // Octokit and the sitemap reader load only here: a plain purge keeps its cold start.
      const { collectChanges, envFromContext } = await import('./changed.js')
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
    plan = planPurge(inputs)
    if (inputs.emptyReason !== undefined) {
      // A list that is empty on purpose (a generated file, a change set) is not a failure.
      core.notice(`${inputs.emptyReason}: nothing was sent to Cloudflare.`, {
        title: 'Cloudflare purge'
      })
      return await publish(reportNothingToPurge(plan, inputs.emptyReason, ctx), secrets, section)
    }
    const where = 'id' in plan.zone ? plan.zone.id : plan.zone.name
    const scope =
      plan.environment === undefined ? where : `${where}, environment ${plan.environment}`
    const what = plan.kinds.map((k) => countLabel(k.kind, k.items.length)).join(', ')
    const verb = inputs.dryRun
      ? `Dry run: would ${plan.mode}`
      : plan.mode === 'purge'
        ? 'Purging'
        : 'Invalidating'
    core.info(`${verb} ${what} in zone ${scope}`)
    for (const k of plan.kinds)
      if (k.duplicates > 0) core.info(`Dropped duplicates: ${countLabel(k.kind, k.duplicates)}.`)
    await publish(
      inputs.dryRun ? await dryRun(plan, inputs, ctx) : await purge(plan, inputs, ctx, startedAt),
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
