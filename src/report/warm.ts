/** Warming in the log, the `warmed` output and the job summary. */
import type { WarmRun, Warmed } from '../edge/warm.js'
import { count, seconds } from '../text.js'
import { cell, table } from './markdown.js'
import type { Section } from './summary.js'

/** What was left out before any request: fetched by verify already, or over the most `warm` asks for. */
export interface WarmSkips {
  skipped: number
  overLimit: number
}

export interface WarmReport {
  /** The `warmed` output: JSON counts. */
  warmed: string
  /** For the log: the counts. */
  line: string
  /** For the log: the slowest URLs, when any was fetched. */
  slowest: string | undefined
  /** One per URL that did not warm, the first few; then one that counts the rest. */
  warnings: string[]
  section: Section
}

const SLOWEST = 5
const WARNED = 20
const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const

const statusClass = (status: number): string => {
  const name = `${Math.floor(status / 100)}xx`
  return (CLASSES as readonly string[]).includes(name) ? name : 'other'
}

/**
 * What the report needs of warming's answers, kept as they come: counts, the slowest few and the
 * first that did not warm. Never every answer: 100,000 of them held the step's memory past 400 MB.
 */
export interface WarmTally {
  fetched: number
  failed: number
  /** By status class, in the order first met. */
  status: Record<string, number>
  /** By CF-Cache-Status word, in the order first met. */
  cache: Record<string, number>
  /** The slowest SLOWEST, slowest first; of equal times, the first answered first. */
  slowest: Warmed[]
  /** The first WARNED that did not warm (an error, or HTTP 4xx or 5xx), and how many did. */
  cold: Warmed[]
  coldCount: number
}

export const newWarmTally = (): WarmTally => ({
  fetched: 0,
  failed: 0,
  status: {},
  cache: {},
  slowest: [],
  cold: [],
  coldCount: 0
})

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1
}

/** Adds one answer to the tally (WarmOptions.onWarmed). */
export const tallyWarmed = (tally: WarmTally, w: Warmed): void => {
  if (w.status === undefined) tally.failed++
  else {
    tally.fetched++
    bump(tally.status, statusClass(w.status))
    bump(tally.cache, w.cache)
  }
  const { slowest } = tally
  const at = slowest.findIndex((s) => s.ms < w.ms)
  if (at >= 0 || slowest.length < SLOWEST) {
    slowest.splice(at < 0 ? slowest.length : at, 0, w)
    slowest.length = Math.min(slowest.length, SLOWEST)
  }
  if (cold(w) && tally.coldCount++ < WARNED) tally.cold.push(w)
}

const label = (w: Warmed): string =>
  Object.keys(w.headers).length === 0 ? w.url : `${w.url} ${JSON.stringify(w.headers)}`

const answer = (w: Warmed): string =>
  w.status === undefined ? `failed (${w.error ?? 'unknown error'})` : `HTTP ${w.status}`

const cold = (w: Warmed): boolean => w.status === undefined || w.status >= 400

const listed = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, n]) => `${count(n)} × ${k}`)
    .join(', ')

/** The answers one at a time: URL, answer, cache status, time. */
const urlTable = (rows: readonly Warmed[]): string =>
  table(
    ['URL', 'Answer', 'CF-Cache-Status', '>Time'],
    rows.map((w) => [
      cell(label(w)),
      w.status === undefined ? `failed: ${cell(w.error ?? '')}` : `HTTP ${w.status}`,
      w.status === undefined ? '' : cell(w.cache),
      `${count(Math.round(w.ms))} ms`
    ])
  )

/** The section: what was requested, the counts, the slowest URLs and those that did not warm. */
const warmSection = (
  tally: WarmTally,
  run: WarmRun,
  skips: WarmSkips,
  concurrency: number,
  ordered: Record<string, number>
): string => {
  const { cache, failed, slowest, cold } = tally
  const countRows = [
    ...Object.entries(ordered).map(([k, n]) => [`HTTP ${k}`, count(n)]),
    ...Object.entries(cache).map(([k, n]) => [`CF-Cache-Status ${cell(k)}`, count(n)]),
    ...(failed > 0 ? [['failed', count(failed)]] : []),
    ...(skips.skipped > 0 ? [['fetched by verify already', count(skips.skipped)]] : []),
    ...(skips.overLimit > 0 ? [['over the `warm` limit', count(skips.overLimit)]] : []),
    ...(run.outOfTime > 0 ? [['not reached before the timeout', count(run.outOfTime)]] : [])
  ]
  return [
    `Requested ${count(run.requested)} purged URL(s) through Cloudflare, ${concurrency} at a time, in ${seconds(run.ms)} s. This fills the cache of the data centre nearest the runner (and the upper tier with Tiered Cache); visitors elsewhere fill their own.`,
    table(['What', '>URLs'], countRows),
    ...(slowest.length > 0 ? [`Slowest:\n\n${urlTable(slowest)}`] : []),
    ...(cold.length > 0
      ? [
          `Not warmed${tally.coldCount > WARNED ? ` (the first ${WARNED} of ${count(tally.coldCount)})` : ''}:\n\n${urlTable(cold)}`
        ]
      : [])
  ].join('\n\n')
}

/** The counts, the slowest URLs and those that did not warm. */
export const reportWarm = (
  tally: WarmTally,
  run: WarmRun,
  skips: WarmSkips,
  concurrency: number
): WarmReport => {
  const { status, cache, failed, slowest } = tally
  const ordered = Object.fromEntries(
    [...CLASSES, 'other'].filter((c) => status[c] !== undefined).map((c) => [c, status[c]!])
  )
  const counts = {
    fetched: tally.fetched,
    failed,
    skipped: skips.skipped,
    over_limit: skips.overLimit,
    out_of_time: run.outOfTime,
    status: ordered,
    cache
  }
  const left = [
    skips.skipped > 0 ? `${count(skips.skipped)} fetched by verify already` : '',
    skips.overLimit > 0 ? `${count(skips.overLimit)} over the warm limit` : '',
    run.outOfTime > 0 ? `${count(run.outOfTime)} left when the timeout ran out` : ''
  ].filter((s) => s !== '')
  const line =
    `Warmed ${count(tally.fetched)} URL(s) through Cloudflare in ${seconds(run.ms)} s` +
    `${tally.fetched > 0 ? `: HTTP ${listed(ordered)}; CF-Cache-Status ${listed(cache)}` : ''}` +
    `${failed > 0 ? `; ${count(failed)} failed` : ''}${left.length > 0 ? `; not fetched: ${left.join(', ')}` : ''}.`
  const slow = slowest
    .slice(0, 3)
    .map((w) => `${label(w)} (${count(Math.round(w.ms))} ms)`)
    .join(', ')
  const warnings = tally.cold.map((w) => `Not warmed: ${label(w)}: ${answer(w)}.`)
  if (tally.coldCount > WARNED)
    warnings.push(
      `... and ${count(tally.coldCount - WARNED)} more URL(s) not warmed (job summary).`
    )
  return {
    warmed: JSON.stringify(counts),
    line,
    slowest: slow === '' ? undefined : `Slowest: ${slow}.`,
    warnings,
    section: {
      heading: 'Warmed the cache',
      body: warmSection(tally, run, skips, concurrency, ordered)
    }
  }
}
