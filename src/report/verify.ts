import type { Check } from '../edge/verify.js'
import { tally } from '../edge/verify.js'
import { escapeLine } from '../text.js'
import { cell } from './markdown.js'
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

/** What the checks of the edge say, for the log, the outputs and the job summary. */
export const reportVerify = (checks: readonly Check[], mode: 'warn' | 'fail'): VerifyReport => {
  const counts = tally(checks)
  const stale = checks.filter((c) => c.verdict === 'stale')
  const line = `Checked ${checks.length} URL(s) at the edge: ${
    Object.entries(counts)
      .map(([verdict, n]) => `${n} ${verdict}`)
      .join(', ') || 'none'
  }.`
  // A stale URL is what did not take: it stays when the summary must be cut, the others go first.
  const rows = checks.map((c) => ({
    text: `| ${cell(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${cell(JSON.stringify(c.headers))}`} | ${c.status === '' ? '' : cell(c.status)} | ${c.age === undefined ? '' : `${c.age} s`} | ${c.verdict === 'stale' ? '❌ ' : ''}${c.verdict}: ${cell(c.detail)}${c.attempts > 1 ? ` (${c.attempts} looks)` : ''} |`,
    rank: c.verdict === 'stale' ? ('unpurged' as const) : ('check' as const)
  }))
  const section: Section = {
    heading: 'Checked at the edge',
    body: line,
    rows: {
      head: '| URL | CF-Cache-Status | Age | Verdict |\n| --- | --- | ---: | --- |',
      rows,
      noun: 'URL(s)',
      where: 'the log'
    },
    after:
      'The check fetched each URL through Cloudflare, so it also cached what the origin serves now.'
  }
  const names = stale.slice(0, SHOWN).map((c) => c.url)
  const more = stale.length > SHOWN ? ` and ${stale.length - SHOWN} more` : ''
  return {
    verified: JSON.stringify(counts),
    section,
    line,
    lines: checks.map(
      (c) =>
        `${c.verdict}: ${escapeLine(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${escapeLine(JSON.stringify(c.headers), 400)}`}${c.status === '' ? '' : ` (${escapeLine(c.status, 40)})`}: ${escapeLine(c.detail, 300)}`
    ),
    warnings:
      mode === 'warn' ? stale.map((c) => `${c.url} is still stale at the edge: ${c.detail}.`) : [],
    failure:
      mode === 'fail' && stale.length > 0
        ? `${stale.length} URL(s) still stale at the edge after the purge: ${names.join(', ')}${more}. Either the purge did not cover it (a tag the page does not carry, a cache key with other headers than those purged), or something cached the old page again (an upstream cache, or an origin not yet updated when the purge ran).`
        : undefined
  }
}
