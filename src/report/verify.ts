import type { Diagnosis, Page } from '../edge/doctor.js'
import { describeLife } from '../edge/page.js'
import type { Check } from '../edge/verify.js'
import { tally } from '../edge/verify.js'
import { escapeLine } from '../text.js'
import { isStale, pageName } from './doctor.js'
import { cell, escape, tableHead, tableRow } from './markdown.js'
import type { Section } from './summary.js'

export interface VerifyReport {
  verified: string
  section: Section
  /** Said in the log: the counts. */
  line: string
  /** Said in the log too, one per URL: what the summary may have to leave out. */
  lines: string[]
  /** One per stale URL when `verify` is `warn`. */
  warnings: string[]
  /** The step fails with this when `verify` is `fail` and a URL is stale. */
  failure: string | undefined
}

const SHOWN = 10

/** Why a stale page is stale, in a few words: the doctor's cause, else what the check saw. */
const why = (page: Page): string =>
  page.cause !== undefined && page.cause.kind !== 'new' ? page.cause.detail : page.check.detail

const brokenLine = (page: Page): string =>
  `${pageName(page)} points at ${page.broken
    .slice(0, 3)
    .map((b) => `${b.url} (HTTP ${b.status})`)
    .join(', ')}${page.broken.length > 3 ? ` and ${page.broken.length - 3} more` : ''}`

/** A row of the table of checks: URL, status, age, verdict, and how long browsers keep it. */
const checkRow = (c: Check, browsers: boolean): string =>
  tableRow([
    `${cell(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${cell(JSON.stringify(c.headers))}`}`,
    c.status === '' ? '' : cell(c.status),
    c.age === undefined ? '' : `${c.age} s`,
    `${c.verdict === 'stale' ? '❌ ' : ''}${c.verdict}: ${cell(c.detail)}${c.attempts > 1 ? ` (${c.attempts} looks)` : ''}`,
    ...(browsers ? [c.page === undefined ? '' : escape(describeLife(c.page.browser))] : [])
  ])

/** A warning per stale or broken page: URLs read from fetched HTML, one line each, bounded. */
const warningsOf = (stale: Page[], broken: Page[]): string[] => [
  ...stale.map((p) => escapeLine(`${pageName(p)} is still stale at the edge: ${why(p)}.`, 2000)),
  ...broken.map((p) => escapeLine(`${brokenLine(p)}: the page is broken.`, 2000))
]

const escapeOrNot = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : escapeLine(text, 4000)

/** The failure with `verify: fail`: the stale pages and why, the broken ones and what is missing. */
const failureOf = (stale: Page[], broken: Page[]): string | undefined => {
  const parts: string[] = []
  if (stale.length > 0) {
    const names = stale.slice(0, SHOWN).map((p) => p.check.url)
    const more = stale.length > SHOWN ? ` and ${stale.length - SHOWN} more` : ''
    const whys = stale.slice(0, 3).map((p) => `${p.check.url}: ${why(p)}`)
    parts.push(
      `${stale.length} URL(s) still stale at the edge after the purge: ${names.join(', ')}${more}. Why: ${whys.join('; ')}${stale.length > 3 ? '; ...' : ''} (the job summary says what to do).`
    )
  }
  if (broken.length > 0)
    parts.push(
      `${broken.length} page(s) point at files that no longer exist: ${broken.slice(0, 3).map(brokenLine).join('; ')}${broken.length > 3 ? '; ...' : ''}.`
    )
  return parts.length === 0 ? undefined : parts.join(' ')
}

/** Each page as the doctor left it; without a diagnosis, the checks as they came. */
const pagesOf = (checks: readonly Check[], d: Diagnosis | undefined): Page[] =>
  d?.pages ??
  checks.map((check) => ({
    item: { item: check.url, purgedAt: 0 },
    check,
    zoneId: undefined,
    cause: undefined,
    broken: []
  }))

/** What the checks of the edge say, for the log, the outputs and the job summary. */
export const reportVerify = (
  first: readonly Check[],
  mode: 'warn' | 'fail',
  diagnosis?: Diagnosis
): VerifyReport => {
  const pages = pagesOf(first, diagnosis)
  const checks = pages.map((p) => p.check)
  const counts = tally(checks)
  const stale = pages.filter(isStale)
  const broken = pages.filter((p) => p.broken.length > 0)
  const line = `Checked ${checks.length} URL(s) at the edge: ${
    Object.entries(counts)
      .map(([verdict, n]) => `${n} ${verdict}`)
      .join(', ') || 'none'
  }.`
  const browsers = checks.some((c) => c.page !== undefined)
  // A stale URL is what did not take: it stays when the summary must be cut, the others go first.
  const rows = checks.map((c) => ({
    text: checkRow(c, browsers),
    rank: c.verdict === 'stale' ? ('unpurged' as const) : ('check' as const)
  }))
  const section: Section = {
    heading: 'Checked at the edge',
    body: line,
    rows: {
      head: tableHead([
        'URL',
        'CF-Cache-Status',
        '>Age',
        'Verdict',
        ...(browsers ? ['Browsers keep it'] : [])
      ]),
      rows,
      noun: 'URL(s)',
      where: 'the log'
    },
    after: `The check fetched each URL through Cloudflare, so it also cached what the origin serves now.${browsers ? " No purge reaches a browser: one that has the page keeps it as long as the last column says (the zone's Browser Cache TTL is already in what the edge sends)." : ''}`
  }
  // Pages the extra round purged again and found fresh: counted in their verdict, and here.
  const mended = pages.filter((p) => p.did?.mended === true).length
  return {
    verified: JSON.stringify(mended > 0 ? { ...counts, mended } : counts),
    section,
    line,
    lines: checks.map(
      (c) =>
        `${c.verdict}: ${escapeLine(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${escapeLine(JSON.stringify(c.headers), 400)}`}${c.status === '' ? '' : ` (${escapeLine(c.status, 40)})`}: ${escapeLine(c.detail, 300)}${c.page === undefined ? '' : `; in browsers: ${describeLife(c.page.browser)}`}`
    ),
    warnings: mode === 'warn' ? warningsOf(stale, broken) : [],
    failure: mode === 'fail' ? escapeOrNot(failureOf(stale, broken)) : undefined
  }
}
