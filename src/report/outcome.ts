import { adviceFor } from '../cloudflare/codes.js'
import { ApiError, InputError, TimeoutError } from '../errors.js'
import type { Outcome } from '../engine/purge-run.js'
import { count, seconds } from '../text.js'
import { cell, code, details, escape, list } from './markdown.js'
import {
  itemLabel,
  kindLabel,
  type Item,
  type Kind,
  type Plan,
  type RunPlan,
  type ZoneRef
} from '../model.js'

export interface RunContext {
  repository: string
  sha: string
  runUrl: string | undefined
}

export interface Report {
  outputs: Record<string, string>
  summary: string
  /** Set when the step must fail: the annotation's text, and its title. */
  failure: string | undefined
  title?: string
  /** Files to write beside the outputs, by path: the full lists an output had to leave out. */
  files?: Record<string, string>
}

const SHOWN_IN_ANNOTATION = 5
const LISTED_IN_SUMMARY = 1000
/** GitHub takes at most 1 MB per output; a list output stops short of it. */
export const OUTPUT_BYTES = 900_000
/** GitHub takes at most 1 MiB of summary per step. */
const SUMMARY_BYTES = 1_000_000

export const errorCodes = (error: unknown): number[] =>
  error instanceof ApiError || error instanceof TimeoutError ? error.codes : []

/** The zones of a run or of one zone's plan. */
export const zonesOf = (plan: Plan | RunPlan): ZoneRef[] =>
  'zones' in plan ? plan.zones : [plan.zone]

export const scope = (
  plan: Plan | RunPlan,
  zoneId: string | undefined,
  context: RunContext
): string => {
  const zones = zonesOf(plan).map((zone) =>
    'id' in zone
      ? code(zone.id)
      : `${code(zone.name)}${zoneId === undefined ? '' : ` (${code(zoneId)})`}`
  )
  const parts = [`${zones.length === 1 ? 'Zone' : 'Zones'} ${zones.join(', ')}`]
  if (plan.environment !== undefined) parts.push(`environment ${code(plan.environment)}`)
  parts.push(`mode <b>${plan.mode}</b>`)
  if (context.repository !== '')
    parts.push(
      context.sha === ''
        ? code(context.repository)
        : `${code(context.repository)}@${code(context.sha.slice(0, 7))}`
    )
  if (context.runUrl !== undefined && /^https:\/\/[^\s"<>]+$/.test(context.runUrl))
    parts.push(`<a href="${context.runUrl}">run</a>`)
  return parts.join(' · ')
}

/** The outputs of a run that purged nothing. */
export const nothingPurged = (
  plan: Plan | RunPlan | undefined,
  codes: number[]
): Record<string, string> => {
  const zones = plan === undefined ? [] : zonesOf(plan)
  const ids = zones.map((z) => ('id' in z ? z.id : ''))
  return {
    ...nothingPurgedIn(ids.filter((id) => id !== '').join(','), codes),
    zones: JSON.stringify(
      zones.map((z, i) => ({
        zone: z.given,
        zone_id: ids[i]!,
        purge_ids: [],
        purged_count: 0,
        request_count: 0,
        error_codes: codes
      }))
    )
  }
}

const nothingPurgedIn = (zoneId: string, codes: number[]): Record<string, string> => ({
  purge_id: '',
  purge_ids: '[]',
  error_codes: codes.join(','),
  zone_id: zoneId,
  purged_count: '0',
  request_count: '0',
  rejected_items: '[]',
  rejected_items_file: '',
  verified: '{}'
})

/** What stopped the run, then what stopped each kind. */
const failuresOf = (outcome: Outcome): Error[] => [
  ...(outcome.failure === undefined ? [] : [outcome.failure]),
  ...outcome.kinds.flatMap((k) => (k.stopped === undefined ? [] : [k.stopped]))
]

/** Cloudflare's codes in an outcome: its failures' and its rejected items', each once. */
export const outcomeCodes = (outcome: Outcome): number[] => [
  ...new Set([
    ...failuresOf(outcome).flatMap(errorCodes),
    ...outcome.rejected.flatMap((r) => (r.code === undefined ? [] : [r.code]))
  ])
]

/** One zone's line of the `zones` output. */
export const zoneEntry = (zone: ZoneRef, zoneId: string, outcome: Outcome, codes: number[]) => ({
  zone: zone.given,
  zone_id: zoneId,
  purge_ids: outcome.ids,
  purged_count: outcome.kinds.reduce((sum, k) => sum + k.accepted, 0),
  request_count: outcome.requests,
  error_codes: codes
})

/** A JSON array of as many leading values as fit in `bytes`, and how many it holds. */
export const cappedJson = (
  values: unknown[],
  bytes = OUTPUT_BYTES
): { json: string; kept: number } => {
  const whole = JSON.stringify(values)
  if (Buffer.byteLength(whole) <= bytes) return { json: whole, kept: values.length }
  let size = 2
  let kept = 0
  for (const value of values) {
    const next = Buffer.byteLength(JSON.stringify(value)) + (kept === 0 ? 0 : 1)
    if (size + next > bytes) break
    size += next
    kept++
  }
  return { json: JSON.stringify(values.slice(0, kept)), kept }
}

const itemText = (kind: Kind, item: Item): string =>
  kind === 'purge_everything' ? 'everything' : itemLabel(item)

/** Turns a run's outcome into outputs, the job summary and, if it failed, the failure message. */
export const reportOutcome = (
  plan: Plan,
  zoneId: string,
  outcome: Outcome,
  context: RunContext,
  fullListPath?: string,
  summaryBytes = SUMMARY_BYTES
): Report => {
  const stopped = outcome.kinds.filter((k) => k.stopped !== undefined)
  const failures = failuresOf(outcome)
  const codes = outcomeCodes(outcome)
  const rejectedJson = outcome.rejected.map((r) => ({
    kind: r.kind,
    item: r.item,
    code: r.code ?? null,
    message: r.message
  }))
  const rejectedOut = cappedJson(rejectedJson)
  const idsOut = cappedJson(outcome.ids)
  const files: Record<string, string> = {}
  const rejectedFile =
    rejectedOut.kept < rejectedJson.length && fullListPath !== undefined ? fullListPath : ''
  if (rejectedFile !== '') files[rejectedFile] = JSON.stringify(rejectedJson)
  const purged = outcome.kinds.reduce((sum, k) => sum + k.accepted, 0)
  const total = outcome.kinds.reduce((sum, k) => sum + k.total, 0)
  const outputs: Record<string, string> = {
    purge_id: outcome.ids[0] ?? '',
    purge_ids: idsOut.json,
    error_codes: codes.join(','),
    zone_id: zoneId,
    purged_count: String(purged),
    request_count: String(outcome.requests),
    rejected_items: rejectedOut.json,
    rejected_items_file: rejectedFile,
    zones: JSON.stringify([zoneEntry(plan.zone, zoneId, outcome, codes)]),
    verified: '{}'
  }

  const failureLines: string[] = failures.map((f) =>
    stoppedLine(f, stopped.find((k) => k.stopped === f)?.kind)
  )
  const unpurged = outcome.unpurged.length
  if (outcome.rejected.length > 0 || unpurged > 0 || failures.length > 0) {
    if (outcome.rejected.length > 0) {
      failureLines.push(`Cloudflare rejected ${count(outcome.rejected.length)} item(s):`)
      for (const r of outcome.rejected.slice(0, SHOWN_IN_ANNOTATION))
        failureLines.push(
          `  ${kindLabel(r.kind)} ${itemText(r.kind, r.item)}: ${r.code === undefined ? '' : `${r.code} `}${r.message}`
        )
      if (outcome.rejected.length > SHOWN_IN_ANNOTATION)
        failureLines.push(
          `  ... and ${count(outcome.rejected.length - SHOWN_IN_ANNOTATION)} more (job summary, rejected_items output)`
        )
      if (rejectedOut.kept < rejectedJson.length)
        failureLines.push(
          `The rejected_items output holds the first ${count(rejectedOut.kept)} of ${count(rejectedJson.length)}, to stay under GitHub's limit on outputs${rejectedFile === '' ? '' : `; all of them are in ${rejectedFile} (the rejected_items_file output)`}.`
        )
    }
    failureLines.push(
      `Purged ${count(purged)} of ${count(total)} item(s)${outcome.rejected.length > 0 ? `, rejected ${count(outcome.rejected.length)}` : ''}${unpurged > 0 ? `, not purged ${count(unpurged)} (listed in the job summary)` : ''}.`
    )
  }
  const failed = failureLines.length > 0

  const rows = outcome.kinds.map((k) => {
    const ids =
      k.ids.length === 0
        ? ''
        : `${code(k.ids[0]!)}${k.ids.length > 1 ? ` +${count(k.ids.length - 1)}` : ''}`
    return `| ${kindLabel(k.kind)} | ${count(k.total)} | ${count(k.accepted)} | ${count(k.requests)} | ${count(k.retries)} | ${count(k.throttled)} | ${seconds(k.durationMs)} s | ${ids} |`
  })
  const title = failed
    ? `❌ Cloudflare cache ${plan.mode} failed`
    : `✅ Cloudflare cache ${plan.mode === 'purge' ? 'purged' : 'invalidated'}`
  const build = (limit: number): string => {
    let summary = `## ${title}\n\n${scope(plan, zoneId, context)}\n\n`
    summary +=
      '| Kind | Items | Accepted | Requests | Retries | 429s | Last answer after | Purge ids |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
    summary += `${rows.join('\n')}\n\n`
    summary += `${count(outcome.requests)} request(s) in ${seconds(outcome.durationMs)} s; ${seconds(outcome.waitedMs)} s spent waiting for Cloudflare's rate limits.\n\n`
    if (failures.length > 0) summary += failureSection(failures)
    if (outcome.rejected.length > 0) {
      summary += details(
        `${count(outcome.rejected.length)} item(s) Cloudflare rejected`,
        `| Kind | Item | Code | Message |\n| --- | --- | --- | --- |\n${list(outcome.rejected, (r) => `| ${kindLabel(r.kind)} | ${cell(itemText(r.kind, r.item))} | ${r.code ?? ''} | ${cell(r.message)} |`, limit, rejectedFile === '' ? ', all of them in the rejected_items output' : `, all of them in ${code(rejectedFile)}`)}`
      )
    }
    if (unpurged > 0) {
      summary += details(
        `${count(unpurged)} item(s) not purged`,
        list(
          outcome.unpurged,
          (u) => `- ${kindLabel(u.kind)}: ${code(itemText(u.kind, u.item))}`,
          limit
        )
      )
    }
    summary += codeAdvice(codes)
    if (outcome.ids.length > 1)
      summary += details(
        `All ${count(outcome.ids.length)} purge ids`,
        list(outcome.ids, code, limit * 10).replace(/\n(?!\n)/g, ' ')
      )
    return summary
  }
  return {
    outputs,
    summary: fitSummary(build, summaryBytes),
    failure: failed ? failureLines.join('\n') : undefined,
    title: failed ? titleOf(failures[0]) : undefined,
    files
  }
}

/** Builds the summary with shorter lists until it fits GitHub's limit. */
const fitSummary = (build: (limit: number) => string, bytes: number): string => {
  let limit = LISTED_IN_SUMMARY
  let summary = build(limit)
  while (Buffer.byteLength(summary) > bytes && limit > 1) {
    limit = Math.floor(limit / 2)
    summary = build(limit)
  }
  return summary
}

const stoppedLine = (error: Error, kind: Kind | undefined): string =>
  kind === undefined ? error.message : `${kindLabel(kind)}: ${error.message}`

/** A few words for the annotation's title, so the run's page says what kind of failure it was. */
const titleOf = (error: Error | undefined): string =>
  error === undefined
    ? 'Cloudflare did not purge everything'
    : error instanceof InputError
      ? 'Invalid inputs'
      : error instanceof TimeoutError
        ? 'Cloudflare purge timed out'
        : error instanceof ApiError
          ? 'Cloudflare API error'
          : 'Cloudflare purge failed'

const codeAdvice = (codes: number[]): string =>
  codes.length === 0
    ? ''
    : `| Code | What to do |\n| --- | --- |\n${codes.map((c) => `| ${c} | ${escape(adviceFor(c))} |`).join('\n')}\n\n`

const failureSection = (errors: Error[]): string => {
  let section = '### What went wrong\n\n'
  for (const error of errors) section += `> ${code(error.message)}\n\n`
  if (errors.some((e) => e instanceof TimeoutError))
    section +=
      'The `timeout` input (seconds) bounds the whole step, rate-limit waits included: raise it for long purges.\n\n'
  return section
}

const shortValue = (value: string): string =>
  value.length > 120 ? `${value.slice(0, 117)}...` : value

/** The summary and outputs of a step that failed before any purge request could be judged. */
export const reportEarlyFailure = (
  error: Error,
  plan: Plan | RunPlan | undefined,
  context: RunContext
): Report => {
  let summary = `## ❌ Cloudflare cache purge failed\n\n`
  if (plan !== undefined) summary += `${scope(plan, undefined, context)}\n\n`
  if (error instanceof InputError) {
    summary += `### Inputs to fix\n\n| Input | Value | Problem |\n| --- | --- | --- |\n${error.issues.map((i) => `| ${cell(i.input)} | ${i.value === '' ? '' : cell(shortValue(i.value))} | ${cell(i.problem)} |`).join('\n')}\n\nNothing was purged.\n`
  } else {
    summary += failureSection([error])
    summary += codeAdvice(errorCodes(error))
  }
  return {
    outputs: nothingPurged(plan, errorCodes(error)),
    summary,
    failure: error.message,
    title: titleOf(error)
  }
}

/** A step whose lists were empty on purpose: a success that says so. */
export const reportNothingToPurge = (
  plan: RunPlan,
  reason: string,
  context: RunContext
): Report => ({
  outputs: nothingPurged(plan, []),
  summary: `## ✅ Cloudflare cache ${plan.mode}: nothing to do\n\n${scope(plan, undefined, context)}\n\n${code(reason)}: nothing was sent to Cloudflare.\n`,
  failure: undefined
})

export const reportDryRun = (
  plan: RunPlan,
  requests: { kind: Kind; zone: string }[],
  context: RunContext,
  unrouted: string[] = []
): Report => {
  const several = plan.zones.length > 1
  const zones = several ? plan.zones.map((z) => z.given) : [undefined]
  const rows = zones.flatMap((zone) =>
    plan.kinds.flatMap((k) => {
      const sent = requests.filter(
        (r) => r.kind === k.kind && (zone === undefined || r.zone === zone)
      )
      if (several && sent.length === 0) return []
      const items = k.kind === 'purge_everything' ? 1 : k.items.length
      return [
        `| ${several ? `${code(zone!)} | ` : ''}${kindLabel(k.kind)} | ${several ? '' : `${count(items)} | ${count(k.duplicates)} | `}${count(sent.length)} |`
      ]
    })
  )
  const head = several
    ? '| Zone | Kind | Requests |\n| --- | --- | ---: |'
    : '| Kind | Items | Duplicates dropped | Requests |\n| --- | ---: | ---: | ---: |'
  const pending =
    unrouted.length === 0
      ? ''
      : `\n${count(unrouted.length)} item(s) are routed once the zones given by ID are looked up (their names decide where each URL, host or prefix goes).\n`
  const summary =
    `## 🧪 Cloudflare cache ${plan.mode}: dry run\n\n${scope(plan, undefined, context)}\n\n` +
    `${head}\n${rows.join('\n')}\n${pending}\nNothing was sent: the dry_run input is true.\n`
  return {
    outputs: nothingPurged(plan, []),
    summary,
    failure: undefined
  }
}
