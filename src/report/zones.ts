import type { Outcome } from '../engine/purge-run.js'
import {
  cappedJson,
  outcomeCodes,
  reportOutcome,
  scope,
  zoneEntry,
  type Report,
  type RunContext
} from './outcome.js'
import { cell, code } from './markdown.js'
import { type Plan } from '../model.js'
import { count } from '../text.js'

/** One zone's part of a run: its plan, its ID once known, and what became of its items. */
export interface ZoneRun {
  plan: Plan
  zoneId: string
  outcome: Outcome
}

const SUMMARY_BYTES = 1_000_000

/**
 * The report of a run over several zones: the outputs keep their meaning over the whole run,
 * `zones` has a line per zone, the summary a section per zone, and the step fails naming the
 * zones that failed. One zone is reported exactly as a single-zone run.
 */
export const reportZones = (
  runs: ZoneRun[],
  context: RunContext,
  fullListPath?: string
): Report => {
  if (runs.length === 1)
    return reportOutcome(runs[0]!.plan, runs[0]!.zoneId, runs[0]!.outcome, context, fullListPath)
  const reports = runs.map((r) =>
    reportOutcome(r.plan, r.zoneId, r.outcome, context, undefined, SUMMARY_BYTES / runs.length)
  )
  const codesOf = (i: number): number[] => outcomeCodes(runs[i]!.outcome)
  const rejected = runs.flatMap((r) =>
    r.outcome.rejected.map((x) => ({
      zone: r.plan.zone.given,
      kind: x.kind,
      item: x.item,
      code: x.code ?? null,
      message: x.message
    }))
  )
  const rejectedOut = cappedJson(rejected)
  const ids = runs.flatMap((r) => r.outcome.ids)
  const rejectedFile =
    rejectedOut.kept < rejected.length && fullListPath !== undefined ? fullListPath : ''
  const outputs: Record<string, string> = {
    purge_id: ids[0] ?? '',
    purge_ids: cappedJson(ids).json,
    error_codes: [...new Set(runs.flatMap((_, i) => codesOf(i)))].join(','),
    zone_id: runs
      .map((r) => r.zoneId)
      .filter((id) => id !== '')
      .join(','),
    purged_count: String(
      runs.reduce((sum, r) => sum + r.outcome.kinds.reduce((s, k) => s + k.accepted, 0), 0)
    ),
    request_count: String(runs.reduce((sum, r) => sum + r.outcome.requests, 0)),
    rejected_items: rejectedOut.json,
    rejected_items_file: rejectedFile,
    zones: JSON.stringify(
      runs.map((r, i) => zoneEntry(r.plan.zone, r.zoneId, r.outcome, codesOf(i)))
    ),
    verified: '{}'
  }
  const failed = runs.filter((_, i) => reports[i]!.failure !== undefined)
  const mode = runs[0]!.plan.mode
  const title =
    failed.length > 0
      ? `❌ Cloudflare cache ${mode} failed in ${failed.length} of ${runs.length} zones`
      : `✅ Cloudflare cache ${mode === 'purge' ? 'purged' : 'invalidated'} in ${runs.length} zones`
  const rows = runs.map((r, i) => {
    const accepted = r.outcome.kinds.reduce((s, k) => s + k.accepted, 0)
    const total = r.outcome.kinds.reduce((s, k) => s + k.total, 0)
    return `| ${cell(r.plan.zone.given)} | ${r.zoneId === '' ? '' : cell(r.zoneId)} | ${reports[i]!.failure === undefined ? '✅' : '❌'} | ${count(accepted)} of ${count(total)} | ${count(r.outcome.requests)} | ${codesOf(i).join(', ')} |`
  })
  let summary = `## ${title}\n\n${scope({ ...runs[0]!.plan, zones: runs.map((r) => r.plan.zone) }, undefined, context)}\n\n`
  summary += `| Zone | ID | Result | Items purged | Requests | Codes |\n| --- | --- | --- | ---: | ---: | --- |\n${rows.join('\n')}\n\n`
  for (const [i, report] of reports.entries())
    summary += `${report.summary.replace(/^## (.*)$/m, (_, t: string) => `### ${code(runs[i]!.plan.zone.given)}: ${t}`).replace(/^### What went wrong$/m, '#### What went wrong')}\n`
  const failure =
    failed.length === 0
      ? undefined
      : runs
          .map((r, i) =>
            reports[i]!.failure === undefined
              ? undefined
              : `Zone ${r.plan.zone.given}: ${reports[i]!.failure!.replace(/\n/g, '\n  ')}`
          )
          .filter((line) => line !== undefined)
          .join('\n')
  const failing = reports.filter((r) => r.failure !== undefined)
  return {
    outputs,
    summary,
    failure,
    title:
      failing.length === 1
        ? `${failing[0]!.title} (zone ${failed[0]!.plan.zone.given})`
        : failing.length > 1
          ? `Cloudflare purge failed in ${failing.length} zones`
          : undefined,
    files: rejectedFile === '' ? {} : { [rejectedFile]: JSON.stringify(rejected) }
  }
}

/** What a zone that could not be found or looked up leaves: everything, unsent. */
export const unsentOutcome = (plan: Plan, error: Error): Outcome => {
  const kinds = plan.kinds.map((k) => ({
    kind: k.kind,
    total: k.kind === 'purge_everything' ? 1 : k.items.length,
    accepted: 0,
    requests: 0,
    retries: 0,
    throttled: 0,
    batchSize: plan.batchSize,
    ids: [],
    durationMs: 0,
    stopped: undefined
  }))
  return {
    kinds,
    ids: [],
    rejected: [],
    unpurged: plan.kinds.flatMap((k) =>
      k.kind === 'purge_everything'
        ? [{ kind: k.kind, item: 'everything' }]
        : k.items.map((item) => ({ kind: k.kind, item }))
    ),
    failure: error,
    requests: 0,
    throttled: 0,
    waitedMs: 0,
    durationMs: 0
  }
}
