/**
 * The job summary's account of what `changed` and `sitemap` found: a table of the changed files
 * and their URLs, or the fallback used and why, and what the sitemap gave. Outside text (paths,
 * URLs, GitHub's messages) goes in code spans or cells, never raw.
 */
import type { ChangesFound } from '../sources/found.js'
import type { FileRow } from '../sources/map-files.js'
import { shortSha } from '../sources/range.js'
import { escapeLine } from '../text.js'
import { cell, code } from './markdown.js'
import type { Section } from './summary.js'

const fallbackSection = ({
  rule,
  prefix,
  reason
}: NonNullable<ChangesFound['fallback']>): Section => ({
  heading: '⚠️ Changed files: fallback used',
  body: `${code(reason)}.\n\nchanged_fallback is <b>${rule}</b>: ${rule === 'prefix' ? `purged the prefix ${code(prefix)} (site_url)` : rule === 'everything' ? 'purged everything in the zone' : 'nothing was purged'}.`
})

const tableRow = (row: FileRow): string =>
  `| ${cell(escapeLine(row.path, 300))} | ${cell(escapeLine(row.change, 320))} | ${row.ignored === undefined ? row.urls.map((url) => cell(escapeLine(url, 400))).join('<br>') : `not purged: ${row.ignored}`} |`

/** The table of changed files: the first rows to go when the summary is over GitHub's limit. */
const rangeSection = (range: { base: string; head: string }, rows: FileRow[]): Section => {
  const heading = `Changed files between ${code(shortSha(range.base))} and ${code(shortSha(range.head))}`
  if (rows.length === 0) return { heading, body: 'No file changed.' }
  const purged = rows.filter((row) => row.ignored === undefined)
  return {
    heading,
    body: '',
    rows: {
      head: '| File | Change | URLs purged |\n| --- | --- | --- |',
      rows: rows.map((row) => ({ text: tableRow(row), rank: 'listing' })),
      noun: 'file(s)',
      where: 'the log'
    },
    after: `${purged.length} of ${rows.length} file(s) map to URLs under site_url.`
  }
}

const sitemapSection = ({
  source,
  urls,
  documents
}: NonNullable<ChangesFound['sitemap']>): Section => ({
  body: `Sitemap ${code(escapeLine(source, 300))}: ${urls} URL(s) from ${documents} sitemap file(s).`
})

/** The summary's sections on the change set and the sitemap; none when neither found anything. */
export const changedSections = (found: ChangesFound): Section[] => {
  const sections: Section[] = []
  if (found.fallback !== undefined) sections.push(fallbackSection(found.fallback))
  else if (found.range !== undefined) sections.push(rangeSection(found.range, found.rows))
  if (found.sitemap !== undefined) sections.push(sitemapSection(found.sitemap))
  return sections
}
