import { adviceFor } from './advice.js'
import { ApiError, InputError, TimeoutError, describeIssue } from './errors.js'
import type { Outcome } from './purge.js'
import { itemLabel, kindLabel, type Kind, type Plan } from './plan.js'
import { seconds } from './pacer.js'

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
}

const SHOWN_IN_ANNOTATION = 5
const LISTED_IN_SUMMARY = 1000

/** Thousands separators without Intl, whose locale data costs start-up time. */
export const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const code = (text: string): string => `<code>${escape(text)}</code>`
export const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')

export const errorCodes = (error: unknown): number[] =>
  error instanceof ApiError || error instanceof TimeoutError ? error.codes : []

const scope = (plan: Plan, zoneId: string | undefined, context: RunContext): string => {
  const zone =
    'id' in plan.zone
      ? code(plan.zone.id)
      : `${code(plan.zone.name)}${zoneId === undefined ? '' : ` (${code(zoneId)})`}`
  const parts = [`Zone ${zone}`]
  if (plan.environment !== undefined) parts.push(`environment ${code(plan.environment)}`)
  parts.push(`mode <b>${plan.mode}</b>`)
  if (context.repository !== '')
    parts.push(`${escape(context.repository)}@${code(context.sha.slice(0, 7))}`)
  if (context.runUrl !== undefined) parts.push(`<a href="${context.runUrl}">run</a>`)
  return parts.join(' · ')
}

const details = (summary: string, body: string): string =>
  `<details><summary>${summary}</summary>\n\n${body}\n\n</details>\n`

/** The first rows of a long list; the rest is counted in a paragraph of its own, after any table. */
const list = <T>(rows: T[], line: (row: T) => string, rest = ''): string => {
  const shown = rows.slice(0, LISTED_IN_SUMMARY).map(line).join('\n')
  const more = rows.length - LISTED_IN_SUMMARY
  return more > 0 ? `${shown}\n\n... and ${count(more)} more${rest}.` : shown
}

/** The outputs of a run that purged nothing. */
const nothingPurged = (zoneId: string, codes: number[]): Record<string, string> => ({
  purge_id: '',
  purge_ids: '[]',
  error_codes: codes.join(','),
  zone_id: zoneId,
  purged_count: '0',
  request_count: '0',
  rejected_items: '[]'
})

/** Turns a run's outcome into outputs, the job summary and, if it failed, the failure message. */
export const reportOutcome = (
  plan: Plan,
  zoneId: string,
  outcome: Outcome,
  context: RunContext
): Report => {
  const codes = [
    ...new Set([
      ...errorCodes(outcome.failure),
      ...outcome.rejected.flatMap((r) => (r.code === undefined ? [] : [r.code]))
    ])
  ]
  const rejectedJson = outcome.rejected.map((r) => ({
    kind: r.kind,
    item: r.item,
    code: r.code ?? null,
    message: r.message
  }))
  const outputs = {
    purge_id: outcome.ids[0] ?? '',
    purge_ids: JSON.stringify(outcome.ids),
    error_codes: codes.join(','),
    zone_id: zoneId,
    purged_count: String(outcome.kinds.reduce((sum, k) => sum + k.accepted, 0)),
    request_count: String(outcome.requests),
    rejected_items: JSON.stringify(rejectedJson)
  }

  const failureLines: string[] = []
  if (outcome.failure !== undefined) failureLines.push(outcome.failure.message)
  if (outcome.rejected.length > 0) {
    const first = outcome.rejected
      .slice(0, SHOWN_IN_ANNOTATION)
      .map(
        (r) =>
          `  ${kindLabel(r.kind)} ${itemLabel(r.item)}: ${r.code === undefined ? '' : `${r.code} `}${r.message}`
      )
    const more =
      outcome.rejected.length > SHOWN_IN_ANNOTATION
        ? [
            `  ... and ${count(outcome.rejected.length - SHOWN_IN_ANNOTATION)} more (job summary, rejected_items output)`
          ]
        : []
    failureLines.push(
      `Cloudflare rejected ${count(outcome.rejected.length)} item(s); the rest was purged:`,
      ...first,
      ...more
    )
  }
  if (outcome.unpurged.length > 0 && outcome.failure !== undefined)
    failureLines.push(
      `${count(outcome.unpurged.length)} item(s) were not purged (listed in the job summary).`
    )
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
  let summary = `## ${title}\n\n${scope(plan, zoneId, context)}\n\n`
  summary +=
    '| Kind | Items | Done | Requests | Retries | 429s | Time | Purge ids |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
  summary += `${rows.join('\n')}\n\n`
  summary += `${count(outcome.requests)} request(s) in ${seconds(outcome.durationMs)} s; ${seconds(outcome.waitedMs)} s spent waiting for Cloudflare's rate limit.\n\n`
  if (outcome.failure !== undefined) summary += failureSection(outcome.failure)
  if (outcome.rejected.length > 0) {
    summary += details(
      `${count(outcome.rejected.length)} item(s) Cloudflare rejected`,
      `| Kind | Item | Code | Message |\n| --- | --- | --- | --- |\n${list(outcome.rejected, (r) => `| ${kindLabel(r.kind)} | ${code(itemLabel(r.item))} | ${r.code ?? ''} | ${escape(r.message)} |`, ', all of them in the rejected_items output')}`
    )
    summary += codeAdvice(codes.filter((c) => outcome.rejected.some((r) => r.code === c)))
  }
  if (outcome.unpurged.length > 0 && outcome.failure !== undefined) {
    summary += details(
      `${count(outcome.unpurged.length)} item(s) not purged`,
      list(outcome.unpurged, (u) => `- ${kindLabel(u.kind)}: ${code(itemLabel(u.item))}`)
    )
  }
  if (outcome.ids.length > 1)
    summary += details(
      `All ${count(outcome.ids.length)} purge ids`,
      outcome.ids.map(code).join(' ')
    )
  return {
    outputs,
    summary,
    failure: failed ? failureLines.join('\n') : undefined,
    title: failed ? titleOf(outcome.failure) : undefined
  }
}

/** A few words for the annotation's title, so the run's page says what kind of failure it was. */
const titleOf = (error: Error | undefined): string =>
  error === undefined
    ? 'Cloudflare rejected some items'
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
    : `\n| Code | What to do |\n| --- | --- |\n${codes.map((c) => `| ${c} | ${escape(adviceFor(c))} |`).join('\n')}\n\n`

const failureSection = (error: Error): string => {
  let section = `### What went wrong\n\n> ${escape(error.message).replace(/\n/g, '<br>')}\n\n`
  section += codeAdvice(errorCodes(error))
  if (error instanceof TimeoutError)
    section +=
      'Raise the `timeout` input (seconds), or purge fewer, broader items (tags, prefixes) to need fewer requests.\n\n'
  return section
}

/** The summary and outputs of a step that failed before any purge request could be judged. */
export const reportEarlyFailure = (
  error: Error,
  plan: Plan | undefined,
  context: RunContext
): Report => {
  let summary = `## ❌ Cloudflare cache purge failed\n\n`
  if (plan !== undefined) summary += `${scope(plan, undefined, context)}\n\n`
  if (error instanceof InputError) {
    summary += `### Inputs to fix\n\n| Input | Problem |\n| --- | --- |\n${error.issues.map((i) => `| ${code(i.input)} | ${escape(describeIssue(i).replace(/^Input "[^"]*": /, ''))} |`).join('\n')}\n\nNothing was sent to Cloudflare.\n`
  } else summary += failureSection(error)
  return {
    outputs: nothingPurged(
      plan !== undefined && 'id' in plan.zone ? plan.zone.id : '',
      errorCodes(error)
    ),
    summary,
    failure: error.message,
    title: titleOf(error)
  }
}

export const reportDryRun = (
  plan: Plan,
  requests: { kind: Kind }[],
  context: RunContext
): Report => {
  const rows = plan.kinds.map(
    (k) =>
      `| ${kindLabel(k.kind)} | ${count(k.kind === 'purge_everything' ? 1 : k.items.length)} | ${count(k.duplicates)} | ${count(requests.filter((r) => r.kind === k.kind).length)} |`
  )
  const summary =
    `## 🧪 Cloudflare cache ${plan.mode}: dry run\n\n${scope(plan, undefined, context)}\n\n` +
    `| Kind | Items | Duplicates dropped | Requests |\n| --- | ---: | ---: | ---: |\n${rows.join('\n')}\n\nNothing was sent: the dry_run input is true.\n`
  return {
    outputs: nothingPurged('id' in plan.zone ? plan.zone.id : '', []),
    summary,
    failure: undefined
  }
}
