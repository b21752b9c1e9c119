import type { Outcome } from '../engine/purge-run.js'
import { itemLabel, kindLabel, type Item, type Kind, type Plan } from '../model.js'
import { CancelledError } from '../errors.js'
import { count, escapeLine, seconds } from '../text.js'
import { cell, code, table, tableHead, tableRow } from './markdown.js'
import {
  failuresOf,
  itemCount,
  outcomeCodes,
  purgedCount,
  listFiles,
  notPurgedList,
  runOutputs,
  type NotPurgedList,
  type ZoneRun
} from './outputs.js'
import {
  adviceSection,
  failureSection,
  scope,
  titleOf,
  type Report,
  type RunContext
} from './report.js'
import type { Section, Summary } from './summary.js'

const SHOWN_IN_ANNOTATION = 5
const LISTED_IN_SUMMARY = 1000

const itemText = (kind: Kind, item: Item): string =>
  kind === 'purge_everything' ? 'everything' : itemLabel(item)

/** Where every item not purged is listed: the output, or the file when the output is cut. */
const NOT_PURGED_OUTPUT = 'the not_purged output'

/** The annotation's lines for one zone: what stopped, what was rejected, and the counts. */
/** What the annotation says of a not_purged output cut to GitHub's limit (none when whole). */
export const cutLine = (list: NotPurgedList): string[] =>
  list.kept < list.all.length
    ? [
        `The not_purged output holds the first ${count(list.kept)} of ${count(list.all.length)}, to stay under GitHub's limit on outputs${list.file === '' ? '' : `; all of them are in ${list.file} (the not_purged_file output)`}.`
      ]
    : []

export const failureLines = (outcome: Outcome, list: NotPurgedList): string[] => {
  const lines = failuresOf(outcome).map((f) => {
    const kind = outcome.kinds.find((k) => k.stopped === f)?.kind
    return kind === undefined ? f.message : `${kindLabel(kind)}: ${f.message}`
  })
  const unpurged = outcome.unpurged.length
  if (outcome.rejected.length === 0 && unpurged === 0 && lines.length === 0) return []
  if (outcome.rejected.length > 0) {
    lines.push(`Cloudflare rejected ${count(outcome.rejected.length)} item(s):`)
    for (const r of outcome.rejected.slice(0, SHOWN_IN_ANNOTATION))
      lines.push(
        `  ${kindLabel(r.kind)} ${itemText(r.kind, r.item)}: ${r.code === undefined ? '' : `${r.code} `}${r.message}`
      )
    if (outcome.rejected.length > SHOWN_IN_ANNOTATION)
      lines.push(
        `  ... and ${count(outcome.rejected.length - SHOWN_IN_ANNOTATION)} more (job summary, not_purged output)`
      )
  }
  lines.push(...cutLine(list))
  const missed = outcome.rejected.length + unpurged
  lines.push(
    `Purged ${count(purgedCount(outcome))} of ${count(itemCount(outcome))} item(s)${outcome.rejected.length > 0 ? `, rejected ${count(outcome.rejected.length)}` : ''}${unpurged > 0 ? `, not purged ${count(unpurged)} (listed in the job summary and the log)` : ''}${missed > 0 ? `; each item not purged is in ${NOT_PURGED_OUTPUT} with its reason` : ''}.`
  )
  return lines
}

const KIND_COLUMNS = [
  'Kind',
  '>Items',
  '>Accepted',
  '>Requests',
  '>Retries',
  '>429s',
  '>Last answer after',
  'Purge ids'
]

const kindTable = (outcome: Outcome): Section => {
  const rows = outcome.kinds.map((k) => {
    const ids =
      k.ids.length === 0
        ? ''
        : `${cell(k.ids[0]!)}${k.ids.length > 1 ? ` +${count(k.ids.length - 1)}` : ''}`
    return [
      kindLabel(k.kind),
      ...[k.total, k.accepted, k.requests, k.retries, k.throttled].map(count),
      `${seconds(k.durationMs)} s`,
      ids
    ]
  })
  return {
    body:
      `${table(KIND_COLUMNS, rows)}\n\n` +
      `${count(outcome.requests)} request(s) in ${seconds(outcome.durationMs)} s; ${seconds(outcome.waitedMs)} s spent waiting for Cloudflare's rate limits.`
  }
}

/** The folded lists of one zone: what was not purged ranks last when the summary must be cut. */
const listSections = (outcome: Outcome, list: NotPurgedList, inEnvironment: boolean): Section[] => {
  const where = list.file === '' ? NOT_PURGED_OUTPUT : code(list.file)
  const sections: Section[] = []
  if (outcome.rejected.length > 0)
    sections.push({
      body: '',
      fold: `${count(outcome.rejected.length)} item(s) Cloudflare rejected`,
      rows: {
        head: tableHead(['Kind', 'Item', 'Code', 'Message']),
        rows: outcome.rejected.map((r) => ({
          text: tableRow([
            kindLabel(r.kind),
            cell(itemText(r.kind, r.item)),
            String(r.code ?? ''),
            cell(r.message)
          ]),
          rank: 'unpurged'
        })),
        noun: 'item(s)',
        where,
        limit: LISTED_IN_SUMMARY
      }
    })
  if (outcome.unpurged.length > 0)
    sections.push({
      body: '',
      fold: `${count(outcome.unpurged.length)} item(s) not purged`,
      rows: {
        rows: outcome.unpurged.map((u) => ({
          text: `- ${kindLabel(u.kind)}: ${code(itemText(u.kind, u.item))}`,
          rank: 'unpurged'
        })),
        noun: 'item(s)',
        where: `${where} and the log (group "${NOT_PURGED_GROUP}")`,
        limit: LISTED_IN_SUMMARY
      }
    })
  sections.push(...adviceSection(outcomeCodes(outcome), inEnvironment))
  if (outcome.ids.length > 1)
    sections.push({
      body: '',
      fold: `All ${count(outcome.ids.length)} purge ids`,
      rows: {
        rows: outcome.ids.map((id) => ({ text: code(id), rank: 'listing' })),
        join: ' ',
        noun: 'purge id(s)',
        where: 'the purge_ids output',
        limit: LISTED_IN_SUMMARY * 10
      }
    })
  return sections
}

/** The log group that lists every item not purged, which the summary may list only in part. */
export const NOT_PURGED_GROUP = 'Not purged'

/** The log's lines for what was not purged: every item, each on a line of its own. */
export const notPurgedLines = (outcome: Outcome): string[] =>
  outcome.unpurged.map((u) => `${kindLabel(u.kind)} ${escapeLine(itemText(u.kind, u.item))}`)

/** One zone's summary; `renderCapped` cuts it to fit. */
export const zoneSummary = (
  run: ZoneRun,
  failed: boolean,
  list: NotPurgedList,
  context: RunContext
): Summary => {
  const { plan, outcome } = run
  const failures = failuresOf(outcome)
  const cancelled = failures.some((f) => f instanceof CancelledError)
  return {
    status: failed ? 'failure' : 'success',
    title: cancelled
      ? `Cloudflare cache ${plan.mode} cancelled`
      : failed
        ? `Cloudflare cache ${plan.mode} failed`
        : `Cloudflare cache ${plan.mode === 'purge' ? 'purged' : 'invalidated'}`,
    scope: scope(plan, run.zoneId, context),
    sections: [
      kindTable(outcome),
      ...(failures.length > 0 ? [failureSection(failures)] : []),
      ...listSections(outcome, list, plan.environment !== undefined)
    ]
  }
}

/** Turns one zone's outcome into outputs, the job summary and, if it failed, the failure. */
export const reportOutcome = (
  plan: Plan,
  zoneId: string,
  outcome: Outcome,
  context: RunContext,
  fullListPath?: string
): Report => {
  const run = { plan, zoneId, outcome }
  const list = notPurgedList([run], fullListPath)
  const lines = failureLines(outcome, list)
  const failed = lines.length > 0
  return {
    outputs: runOutputs([run], list),
    summary: zoneSummary(run, failed, list, context),
    failure: failed ? lines.join('\n') : undefined,
    title: failed ? titleOf(failuresOf(outcome)[0]) : undefined,
    files: listFiles(list)
  }
}
