import type { Outcome } from '../engine/purge-run.js'
import type { Plan } from '../model.js'
import { count } from '../text.js'
import { cell, code, tableHead, tableRow } from './markdown.js'
import { cutLine, failureLines, reportOutcome, zoneSummary } from './outcome.js'
import {
  itemCount,
  outcomeCodes,
  purgedCount,
  listFiles,
  notPurgedList,
  runOutputs,
  type ZoneRun
} from './outputs.js'
import { scope, titleOf, type Report, type RunContext } from './report.js'
import { heading, type Section } from './summary.js'
import { partId, partName, partNoun } from './environments.js'
import type { RunPlan } from '../model.js'
import { failuresOf } from './outputs.js'

export type { ZoneRun } from './outputs.js'

/** What the note on a shortened summary calls the details of a zone it left out. */
const SUCCEEDED = {
  rank: 'detail' as const,
  label: 'zone(s) that succeeded',
  where: "each zone's counts and purge ids are in the zones output"
}

/**
 * The report of a run: one zone is reported as a single-zone run; several keep the outputs'
 * meaning over the whole run, with a line per zone in `zones`, a section per zone in the summary,
 * and a failure that names the zones that failed.
 */
export const reportZones = (
  runs: ZoneRun[],
  context: RunContext,
  fullListPath?: string
): Report => {
  if (runs.length === 1)
    return reportOutcome(runs[0]!.plan, runs[0]!.zoneId, runs[0]!.outcome, context, fullListPath)
  const list = notPurgedList(runs, fullListPath)
  const perZone = runs.map((run) => {
    // The cut is the whole output's, said once below, not per zone.
    const own = { ...list, kept: list.all.length }
    const lines = failureLines(run.outcome, own)
    const summary = zoneSummary(run, lines.length > 0, own, context)
    return { run, lines, summary }
  })
  const failed = perZone.filter((z) => z.lines.length > 0)
  const mode = runs[0]!.plan.mode
  // A run of several environments is reported as one of several zones, an environment per part.
  const noun = partNoun(runs[0]!.plan)
  const zoneSections: Section[] = perZone.map(({ run, lines, summary }) => ({
    heading: `${code(partName(run.plan))}: ${heading(summary.status, summary.title)}`,
    body: summary.scope,
    sections: summary.sections,
    ...(lines.length === 0 ? { optional: SUCCEEDED } : {})
  }))
  return {
    outputs: runOutputs(runs, list),
    summary: {
      status: failed.length > 0 ? 'failure' : 'success',
      title:
        failed.length > 0
          ? `Cloudflare cache ${mode} failed in ${failed.length} of ${runs.length} ${noun}s`
          : `Cloudflare cache ${mode === 'purge' ? 'purged' : 'invalidated'} in ${runs.length} ${noun}s`,
      scope: scope(runScope(runs), undefined, context),
      sections: [partsTable(perZone, noun), ...zoneSections]
    },
    ...severalFailed(failed, noun, cutLine(list)),
    files: listFiles(list)
  }
}

/** One part of a run of several, and the lines that say what went wrong in it (none: it succeeded). */
interface PartReport {
  run: ZoneRun
  lines: string[]
}

/** The table of parts: a row each; one that failed is what was not purged, the last to go. */
const partsTable = (perZone: readonly PartReport[], noun: string): Section => ({
  body: '',
  rows: {
    head: tableHead([
      noun === 'zone' ? 'Zone' : 'Environment',
      'ID',
      'Result',
      '>Items purged',
      '>Requests',
      'Codes'
    ]),
    rows: perZone.map(({ run, lines }) => ({
      text: tableRow([
        cell(partName(run.plan)),
        partId(run.plan, run.zoneId) === '' ? '' : cell(partId(run.plan, run.zoneId)),
        lines.length === 0 ? '✅' : '❌',
        `${count(purgedCount(run.outcome))} of ${count(itemCount(run.outcome))}`,
        count(run.outcome.requests),
        outcomeCodes(run.outcome).join(', ')
      ]),
      rank: lines.length === 0 ? ('overview' as const) : ('unpurged' as const)
    })),
    noun: `${noun}(s)`,
    where: 'the zones output'
  }
})

/** The failure of a run of several: every part that failed, each with its lines. */
const severalFailed = (
  failed: readonly PartReport[],
  noun: string,
  /** What is said once of the whole not_purged output. */
  cut: string[]
): Pick<Report, 'failure' | 'title'> => {
  if (failed.length === 0) return { failure: undefined }
  const label = noun === 'zone' ? 'Zone' : 'Environment'
  return {
    failure: [
      ...failed.map(({ run, lines }) => `${label} ${partName(run.plan)}: ${lines.join('\n  ')}`),
      ...cut
    ].join('\n'),
    title:
      failed.length === 1
        ? `${titleOf(failuresOf(failed[0]!.run.outcome)[0])} (${noun} ${partName(failed[0]!.run.plan)})`
        : `Cloudflare purge failed in ${failed.length} ${noun}s`
  }
}

/** The scope line of a run of several parts: its zones, or its zone and environments. */
const runScope = (runs: ZoneRun[]): RunPlan => {
  const { mode, batchSize, kinds } = runs[0]!.plan
  const zones = [...new Map(runs.map((r) => [r.plan.zone.given, r.plan.zone])).values()]
  const environments = runs.flatMap((r) =>
    r.plan.target === undefined
      ? []
      : [{ by: 'id' as const, given: partName(r.plan), id: r.plan.target.ref }]
  )
  return { mode, batchSize, kinds, zones, environments }
}

/** What a zone that could not be found or looked up leaves: everything, unsent. */
export const unsentOutcome = (plan: Plan, error: Error): Outcome => ({
  kinds: plan.kinds.map((k) => ({
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
  })),
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
})
