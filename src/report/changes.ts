/**
 * The job summary's account of what `changed` and `sitemap` found: a table of the changed files
 * and their URLs, or the fallback used and why, and what the sitemap gave. Outside text (paths,
 * URLs, GitHub's messages) goes in code spans or cells, never raw.
 */
import { buildCounts, type ChangesFound } from '../sources/found.js'
import type { FileRow } from '../sources/map-files.js'
import { shortSha } from '../sources/range.js'
import { count, escapeLine } from '../text.js'
import { cell, code, tableHead, tableRow } from './markdown.js'
import type { Amendment } from './amend.js'
import { rangeNotes, RULED_HEADER, ruledRow, sinceBlock } from './changes-since.js'
import type { Section } from './summary.js'

const fallbackSection = ({
  rule,
  prefix,
  reason,
  expected
}: NonNullable<ChangesFound['fallback']>): Section => ({
  heading: `${expected === true ? 'ℹ️' : '⚠️'} Changed files: fallback used`,
  body: `${code(reason)}.\n\nchanged_fallback is <b>${rule}</b>: ${rule === 'prefix' ? `purged the prefix ${code(prefix)} (site_url)` : rule === 'everything' ? 'purged everything in the zone' : 'nothing was purged'}.`
})

const fileRow = (row: FileRow): string =>
  tableRow([
    cell(escapeLine(row.path, 300)),
    cell(escapeLine(row.change, 320)),
    row.ignored === undefined
      ? row.urls.map((url) => cell(escapeLine(url, 400))).join('<br>')
      : `not purged: ${row.ignored}`
  ])

/** What the files changed between: two commits, or this build and the one a run kept. */
const headingOf = (found: ChangesFound): string =>
  found.build !== undefined && found.since !== undefined
    ? `Built files changed since run #${found.since.number}`
    : `Changed files between ${code(shortSha(found.range?.base ?? ''))} and ${code(shortSha(found.range?.head ?? ''))}`

/** The build's counts, with changed: build. */
const builtNote = ({ build }: ChangesFound): string =>
  build === undefined
    ? ''
    : `\n\nThe built site has ${count(build.files)} file(s): ${buildCounts(build)}${build.skipped > 0 ? `; ${count(build.skipped)} symbolic link(s) or special file(s) not hashed` : ''}.`

/** The table of changed files: the first rows to go when the summary is over GitHub's limit. */
const rangeSection = (found: ChangesFound): Section => {
  const { rows } = found
  const heading = headingOf(found)
  if (rows.length === 0)
    return {
      heading,
      body: `No ${found.build === undefined ? '' : 'built '}file changed.${builtNote(found)}${rangeNotes(found)}`
    }
  const ruledTable = found.rules === true
  const purged = rows.filter((row) => row.ignored === undefined && row.rule === undefined)
  let after = `${purged.length} of ${rows.length} file(s) map to URLs under site_url.`
  const ruled = rows.filter((row) => row.rule !== undefined && row.ignored === undefined).length
  const skipped = rows.filter((row) => row.rule?.skip === true).length
  const byRule = [
    ...(ruled > 0 ? [`${ruled} purge what their changed_rules rule names`] : []),
    ...(skipped > 0 ? [`${skipped} skipped by a rule`] : [])
  ]
  if (ruledTable && byRule.length > 0) after += ` ${byRule.join('; ')}.`
  after += builtNote(found) + rangeNotes(found)
  return {
    heading,
    body: '',
    rows: {
      head: ruledTable ? RULED_HEADER : tableHead(['File', 'Change', 'URLs purged']),
      rows: rows.map((row) => ({
        text: ruledTable ? ruledRow(row) : fileRow(row),
        rank: 'listing'
      })),
      noun: 'file(s)',
      where: 'the log'
    },
    after
  }
}

const SHOWN_REFUSED = 50

/** Changed files of which no valid URL could be made: not purged, and listed first. */
const refusedSection = (rows: FileRow[]): Section | undefined => {
  const refused = rows.filter((row) => row.refused === true)
  if (refused.length === 0) return undefined
  // Not purged: the last rows the size limit gives up.
  return {
    heading: `⚠️ Changed files not purged: ${refused.length}`,
    body: 'No valid URL can be made of these changed files, so they were not purged:',
    rows: {
      rows: refused.map((row) => ({
        text: `- ${code(escapeLine(row.path, 300))}: ${code(escapeLine(row.ignored ?? '', 400))}`,
        rank: 'unpurged'
      })),
      noun: 'file(s)',
      where: 'the log',
      limit: SHOWN_REFUSED
    }
  }
}

const sitemapSection = ({
  source,
  urls,
  documents
}: NonNullable<ChangesFound['sitemap']>): Section => ({
  body: `Sitemap ${code(escapeLine(source, 300))}: ${urls} URL(s) from ${documents} sitemap file(s).`
})

const unreadSection = (failure: string): Section => ({
  heading: '❌ Sitemap not read',
  body: `${code(failure)}.\n\nNone of its URLs were purged. The rest of the run went on without them, and the step fails so that this is not missed: run it again once the sitemap can be read.`
})

/** The summary's sections on the change set and the sitemap; none when neither found anything. */
export const changedSections = (found: ChangesFound): Section[] => {
  const sections: Section[] = []
  if (found.fallback !== undefined) sections.push(fallbackSection(found.fallback))
  else if (found.range !== undefined || found.build !== undefined) {
    const refused = refusedSection(found.rows)
    if (refused !== undefined) sections.push(refused)
    sections.push(rangeSection(found))
  }
  const since = sinceBlock(found)
  if (since !== undefined) sections.push(since)
  if (found.sitemap !== undefined) sections.push(sitemapSection(found.sitemap))
  if (found.sitemapFailure !== undefined) sections.push(unreadSection(found.sitemapFailure))
  return sections
}

/**
 * The step's report with what `changed` and `sitemap` found: their sections, and, when the sitemap
 * could not be read, a failed step that says so even though the other items were purged.
 */
export const changesAmendments = (found: ChangesFound, dryRun: boolean): Amendment[] => {
  const sections = changedSections(found).map((section) => ({ section }))
  if (found.sitemapFailure === undefined) return sections
  const rest = dryRun
    ? 'the dry run went on without them'
    : 'the other items were, as the job summary says'
  const message = `${found.sitemapFailure}. None of its URLs were purged; ${rest}.`
  return [
    ...sections,
    { failure: { message, title: 'Sitemap not read', titled: 'the sitemap was not read' } }
  ]
}
