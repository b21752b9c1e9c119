/** Warming in the log, the `warmed` output and the job summary. */
import type { WarmRun, Warmed } from '../edge/warm.js'
import { count, seconds } from '../text.js'
import { cell } from './markdown.js'
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

const tallyBy = (done: readonly Warmed[], key: (w: Warmed) => string | undefined) => {
  const counts: Record<string, number> = {}
  for (const w of done) {
    const k = key(w)
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1
  }
  return counts
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

/** The counts, the slowest URLs and those that did not warm. */
export const reportWarm = (run: WarmRun, skips: WarmSkips, concurrency: number): WarmReport => {
  const fetched = run.done.filter((w) => w.status !== undefined)
  const status = tallyBy(fetched, (w) => statusClass(w.status!))
  const ordered = Object.fromEntries(
    [...CLASSES, 'other'].filter((c) => status[c] !== undefined).map((c) => [c, status[c]!])
  )
  const cache = tallyBy(fetched, (w) => w.cache)
  const failed = run.done.length - fetched.length
  const counts = {
    fetched: fetched.length,
    failed,
    skipped: skips.skipped,
    over_limit: skips.overLimit,
    out_of_time: run.outOfTime,
    status: ordered,
    cache
  }
  const slowest = [...run.done].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST)
  const bad = run.done.filter(cold)
  const left = [
    skips.skipped > 0 ? `${count(skips.skipped)} fetched by verify already` : '',
    skips.overLimit > 0 ? `${count(skips.overLimit)} over the warm limit` : '',
    run.outOfTime > 0 ? `${count(run.outOfTime)} left when the timeout ran out` : ''
  ].filter((s) => s !== '')
  const line =
    `Warmed ${count(fetched.length)} URL(s) through Cloudflare in ${seconds(run.ms)} s` +
    `${fetched.length > 0 ? `: HTTP ${listed(ordered)}; CF-Cache-Status ${listed(cache)}` : ''}` +
    `${failed > 0 ? `; ${count(failed)} failed` : ''}${left.length > 0 ? `; not fetched: ${left.join(', ')}` : ''}.`
  const slow = slowest
    .slice(0, 3)
    .map((w) => `${label(w)} (${count(Math.round(w.ms))} ms)`)
    .join(', ')
  const warnings = bad.slice(0, WARNED).map((w) => `Not warmed: ${label(w)}: ${answer(w)}.`)
  if (bad.length > WARNED)
    warnings.push(`... and ${count(bad.length - WARNED)} more URL(s) not warmed (job summary).`)
  const table = (rows: readonly Warmed[]) =>
    `| URL | Answer | CF-Cache-Status | Time |\n| --- | --- | --- | ---: |\n${rows
      .map(
        (w) =>
          `| ${cell(label(w))} | ${w.status === undefined ? `failed: ${cell(w.error ?? '')}` : `HTTP ${w.status}`} | ${w.status === undefined ? '' : cell(w.cache)} | ${count(Math.round(w.ms))} ms |`
      )
      .join('\n')}`
  const countRows = [
    ...Object.entries(ordered).map(([k, n]) => `| HTTP ${k} | ${count(n)} |`),
    ...Object.entries(cache).map(([k, n]) => `| CF-Cache-Status ${cell(k)} | ${count(n)} |`),
    ...(failed > 0 ? [`| failed | ${count(failed)} |`] : []),
    ...(skips.skipped > 0 ? [`| fetched by verify already | ${count(skips.skipped)} |`] : []),
    ...(skips.overLimit > 0 ? [`| over the \`warm\` limit | ${count(skips.overLimit)} |`] : []),
    ...(run.outOfTime > 0 ? [`| not reached before the timeout | ${count(run.outOfTime)} |`] : [])
  ]
  const body = [
    `Requested ${count(run.done.length)} purged URL(s) through Cloudflare, ${concurrency} at a time, in ${seconds(run.ms)} s. This fills the cache of the data centre nearest the runner (and the upper tier with Tiered Cache); visitors elsewhere fill their own.`,
    `| What | URLs |\n| --- | ---: |\n${countRows.join('\n')}`,
    ...(slowest.length > 0 ? [`Slowest:\n\n${table(slowest)}`] : []),
    ...(bad.length > 0
      ? [
          `Not warmed${bad.length > WARNED ? ` (the first ${WARNED} of ${count(bad.length)})` : ''}:\n\n${table(bad.slice(0, WARNED))}`
        ]
      : [])
  ].join('\n\n')
  return {
    warmed: JSON.stringify(counts),
    line,
    slowest: slow === '' ? undefined : `Slowest: ${slow}.`,
    warnings,
    section: { heading: 'Warmed the cache', body }
  }
}
