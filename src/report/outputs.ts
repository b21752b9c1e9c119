import type { Outcome } from '../engine/purge-run.js'
import { EVERYTHING } from '../engine/ledger.js'
import { ApiError, CancelledError, TimeoutError } from '../errors.js'
import type { Item, Kind, Plan, RunPlan, ZoneRef } from '../model.js'
import { flattenLine } from '../text.js'
import { environmentFields } from './environments.js'

/**
 * Why an item was not purged: the `reason` of each entry of the not_purged output, one short
 * fixed word each, with what it means (docs/outputs.md is written from this).
 */
export const REASONS = {
  rejected:
    'Cloudflare refused the item itself (the code and message say why); the rest of its request was sent again',
  refused:
    'Cloudflare refused a whole request (such as `10000`, `9109`, `1136`, or a `400` for every request of the kind), so that request and those of its kind or zone not yet sent were not purged',
  failed:
    'a request got no usable answer after its retries (a `5xx`, an HTML page, no answer at all)',
  timeout: '`timeout` ran out before it was purged, rate-limit waits (`1134`) included',
  cancelled: 'the step was cancelled (a cancelled run, `timeout-minutes`) before it was purged',
  'not sent':
    'no request was sent for it: its zone could not be found or read, an input was wrong, or the deploy was not live'
} as const satisfies Record<string, string>

export type Reason = keyof typeof REASONS

/**
 * Every output the action sets, in action.yml's order, with what action.yml says of it: the one
 * table of them (`npm run docs` writes action.yml's outputs and the README's table from it).
 */
export const OUTPUTS = {
  purge_id: {
    short: 'The id Cloudflare returned for the purge (the first, when there were several requests).'
  },
  purge_ids: {
    short: 'JSON array of every purge id, in request order.',
    details:
      "Of the purge itself: the one extra round `verify` may send to mend a race is in the log with its purge id, and said in `verify`'s section of the summary, not here (nor in `purged_count` and `request_count`)."
  },
  error_codes: {
    short:
      'Comma-separated Cloudflare error codes when the step fails, such as `10000` or `1134` (empty on success).'
  },
  zone_id: {
    short:
      'The zone ID the purge went to (useful when `zone` was a domain name); with several zones, their IDs comma-separated.'
  },
  purged_count: {
    short:
      'How many items Cloudflare accepted (URLs, tags, hosts and prefixes; 1 for purge everything).'
  },
  request_count: { short: 'How many purge requests were sent, retries included.' },
  not_purged: {
    short:
      'JSON array of every item not purged, as `{"kind", "item", "reason", "code", "message"}` (`[]` when none). Capped under 1 MB; see `not_purged_file`.',
    details: `Every item the step did not purge, whatever the cause, with \`"zone"\` (and \`"environment"\`) when it has several. \`code\` is Cloudflare's error code, or \`null\`; \`message\` says what happened. \`reason\` is one of:\n\n${Object.entries(
      REASONS
    )
      .map(([word, meaning]) => `- \`${word}\`: ${meaning}.`)
      .join(
        '\n'
      )}\n\n\`[]\` when every item was purged, in a dry run, and when the step failed before its items were known (an input mistake).`
  },
  zones: {
    short:
      "JSON array with one object per zone (or environment): `zone`, `zone_id`, `purge_ids`, `purged_count`, `request_count`, `error_codes`, and the environment's fields.",
    details:
      'Each object: `{"zone" (as given), "zone_id", "purge_ids", "purged_count", "request_count", "error_codes"}`, with `"environment"` (as given), `"environment_id"` and `"environment_name"` (`null` when given by ID) when `environment` is set.'
  },
  verified: {
    short:
      'JSON object with the number of checked URLs per verdict, such as `{"purged": 18, "stale": 1}` (`{}` when `verify` is off).',
    details:
      'The verdicts are those of [checking the edge](verify.md). `mended` counts the pages the extra round purged again and found fresh (also counted under their verdict).'
  },
  not_purged_file: {
    short:
      'Path of a JSON file under `RUNNER_TEMP` with every item not purged, set only when `not_purged` had to leave some out.'
  },
  warmed: {
    short:
      'JSON object with what warming did: URLs `fetched`, `failed`, `skipped`, `over_limit`, `out_of_time`, and counts by `status` class and `cache` status (`{}` when off or skipped).',
    details:
      'Skipped (the step failed, the deploy was never seen live, no URL to warm): `{}`, and the summary says why. Such as `{"fetched": 30, "failed": 0, "skipped": 2, "over_limit": 0, "out_of_time": 0, "status": {"2xx": 30}, "cache": {"MISS": 30}}`: URLs fetched, failed, skipped (`verify` had fetched them), left out over the limit `warm` sets or when `timeout` ran out, and counts per HTTP status class and `CF-Cache-Status`.'
  }
} as const satisfies Record<string, { short: string; details?: string }>

export type OutputName = keyof typeof OUTPUTS
export const OUTPUT_NAMES = Object.keys(OUTPUTS) as OutputName[]
export type Outputs = Record<OutputName, string>

/** GitHub takes at most 1 MB per output; a list output stops short of it. */
export const OUTPUT_BYTES = 900_000

/** One zone's part of a run: its plan, its ID once known, and what became of its items. */
export interface ZoneRun {
  plan: Plan
  zoneId: string
  outcome: Outcome
}

export const errorCodes = (error: unknown): number[] =>
  error instanceof ApiError || error instanceof TimeoutError ? error.codes : []

/** What stopped the run, then what stopped each kind. */
export const failuresOf = (outcome: Outcome): Error[] => [
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

export const purgedCount = (outcome: Outcome): number =>
  outcome.kinds.reduce((sum, k) => sum + k.accepted, 0)

export const itemCount = (outcome: Outcome): number =>
  outcome.kinds.reduce((sum, k) => sum + k.total, 0)

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

/** What became of an item not purged, as the not_purged output says it. */
export interface NotPurged {
  zone?: string
  environment?: string
  kind: Kind
  item: Item
  reason: Reason
  code: number | null
  message: string
}

/** A cause's message in each entry: the annotation and the summary have it whole. */
const MAX_CAUSE = 500

/** Why an error left items unpurged; `sent`: whether any request of theirs went out. */
export const reasonOf = (error: Error | undefined, sent: boolean): Reason =>
  error instanceof CancelledError
    ? 'cancelled'
    : error instanceof TimeoutError
      ? 'timeout'
      : !sent || error === undefined
        ? 'not sent'
        : error instanceof ApiError && error.status >= 400 && error.status < 500
          ? 'refused'
          : 'failed'

/** The reason, code and message of the items an error left unpurged. */
const causeOf = (error: Error | undefined, sent: boolean) => ({
  reason: reasonOf(error, sent),
  code: (error === undefined ? undefined : errorCodes(error)[0]) ?? null,
  message:
    error === undefined ? 'no request was sent for it' : flattenLine(error.message, MAX_CAUSE)
})

/** Every item of one part not purged, those rejected first, each with why. */
const entriesOf = (outcome: Outcome): NotPurged[] => {
  const rejected = outcome.rejected.map((r) => ({
    kind: r.kind,
    item: r.item,
    reason: 'rejected' as const,
    code: r.code ?? null,
    message: r.message
  }))
  // What stopped an item's kind, or else the run: one cause per kind, shared by its items.
  const sent = outcome.requests > 0
  const causes = new Map(
    outcome.kinds.map((k) => [k.kind, causeOf(k.stopped ?? outcome.failure, sent)])
  )
  const rest = outcome.unpurged.map((u) => ({ kind: u.kind, item: u.item, ...causes.get(u.kind)! }))
  return [...rejected, ...rest]
}

/** Every item of a plan, none sent, for the error that stopped the step before any request. */
export const unsentEntries = (plan: Plan | RunPlan, error: Error): NotPurged[] => {
  const cause = causeOf(error, false)
  return plan.kinds.flatMap((k) =>
    (k.kind === 'purge_everything' ? [EVERYTHING] : k.items).map((item) => ({
      kind: k.kind,
      item,
      ...cause
    }))
  )
}

/** Every item not purged, as the not_purged output lists them. */
export interface NotPurgedList {
  all: NotPurged[]
  /** The output's JSON: as many as fit. */
  json: string
  kept: number
  /** Where the whole list is written when the output could not hold it; '' when it could. */
  file: string
}

/** The output of `all`, capped, and where the whole list goes when the output cannot hold it. */
export const notPurgedOf = (all: NotPurged[], fullListPath?: string): NotPurgedList => {
  const { json, kept } = cappedJson(all)
  const file = kept < all.length && fullListPath !== undefined ? fullListPath : ''
  return { all, json, kept, file }
}

/** The items not purged of every part; with several, each entry says which zone (environment). */
export const notPurgedList = (runs: readonly ZoneRun[], fullListPath?: string): NotPurgedList => {
  const several = runs.length > 1
  const all = runs.flatMap((r) =>
    entriesOf(r.outcome).map((entry) => ({
      ...(several ? { zone: r.plan.zone.given } : {}),
      ...(several && r.plan.target !== undefined ? { environment: r.plan.target.given } : {}),
      ...entry
    }))
  )
  return notPurgedOf(all, fullListPath)
}

/** The files a report writes beside the outputs: the full list the output had to cut. */
export const listFiles = (list: NotPurgedList): Record<string, string> =>
  list.file === '' ? {} : { [list.file]: JSON.stringify(list.all) }

const zoneLine = (
  zone: ZoneRef,
  zoneId: string,
  outcome: Outcome | undefined,
  codes: number[],
  environment: object = {}
) => ({
  zone: zone.given,
  zone_id: zoneId,
  ...environment,
  purge_ids: outcome?.ids ?? [],
  purged_count: outcome === undefined ? 0 : purgedCount(outcome),
  request_count: outcome?.requests ?? 0,
  error_codes: codes
})

/** The outputs of a run over one zone or several: each keeps its meaning over the whole run. */
export const runOutputs = (runs: readonly ZoneRun[], notPurged: NotPurgedList): Outputs => {
  const ids = runs.flatMap((r) => r.outcome.ids)
  const codes = runs.map((r) => outcomeCodes(r.outcome))
  return {
    purge_id: ids[0] ?? '',
    purge_ids: cappedJson(ids).json,
    error_codes: [...new Set(codes.flat())].join(','),
    // Several environments of one zone are one zone.
    zone_id: [...new Set(runs.map((r) => r.zoneId).filter((id) => id !== ''))].join(','),
    purged_count: String(runs.reduce((sum, r) => sum + purgedCount(r.outcome), 0)),
    request_count: String(runs.reduce((sum, r) => sum + r.outcome.requests, 0)),
    not_purged: notPurged.json,
    not_purged_file: notPurged.file,
    zones: JSON.stringify(
      runs.map((r, i) =>
        zoneLine(r.plan.zone, r.zoneId, r.outcome, codes[i]!, environmentFields(r.plan))
      )
    ),
    verified: '{}',
    warmed: '{}'
  }
}

/** The zones of a run or of one zone's plan. */
export const zonesOf = (plan: Plan | RunPlan): ZoneRef[] =>
  'zones' in plan ? plan.zones : [plan.zone]

/**
 * The outputs of a run that purged nothing: a dry run, nothing to do, or a failure before any
 * purge request, whose items are all in `notPurged`.
 */
export const nothingPurged = (
  plan: Plan | RunPlan | undefined,
  codes: number[],
  notPurged?: NotPurgedList
): Outputs => {
  const zones = plan === undefined ? [] : zonesOf(plan)
  const ids = zones.map((z) => (z.by === 'id' ? z.id : ''))
  return {
    purge_id: '',
    purge_ids: '[]',
    error_codes: codes.join(','),
    zone_id: ids.filter((id) => id !== '').join(','),
    purged_count: '0',
    request_count: '0',
    not_purged: notPurged?.json ?? '[]',
    not_purged_file: notPurged?.file ?? '',
    zones: JSON.stringify(
      plan !== undefined && 'environments' in plan && plan.environments.length > 0
        ? // One zone's environments: a line each, as a run that purged them would have.
          plan.environments.map((e) =>
            zoneLine(zones[0]!, ids[0]!, undefined, codes, {
              environment: e.given,
              environment_id: e.by === 'id' ? e.id : null,
              environment_name: null
            })
          )
        : zones.map((z, i) => zoneLine(z, ids[i]!, undefined, codes))
    ),
    verified: '{}',
    warmed: '{}'
  }
}
