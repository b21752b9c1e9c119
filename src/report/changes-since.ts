/**
 * The parts of the changed-files summary that issue 19 added: where the comparison started (the
 * last successful run, with links), how the range's ends relate (a rollback, a diverged history),
 * and, per file, the changed_rules rule that matched. Outside text goes in code spans or cells.
 */
import { ruleTargets } from '../inputs/changed-rules.js'
import type { ChangesFound } from '../sources/found.js'
import type { FileRow } from '../sources/map-files.js'
import { shortSha } from '../sources/range.js'
import { escapeLine } from '../text.js'
import { cell, code, tableHead, tableRow } from './markdown.js'
import type { Section } from './summary.js'

/** Only links we built (GITHUB_SERVER_URL, the repository, numbers and hex) are linked. */
const LINK = /^https?:\/\/[A-Za-z0-9._~:/-]+$/

const link = (url: string | undefined, text: string): string =>
  url !== undefined && LINK.test(url) ? `<a href="${url}">${text}</a>` : text

/** The run and commit compared from, or why it is not the last successful run's. */
export const sinceBlock = (found: ChangesFound): Section | undefined => {
  if (found.sinceWarning !== undefined) return { body: `⚠️ ${code(found.sinceWarning)}` }
  const since = found.since
  if (since === undefined) return undefined
  return {
    body: `Compared from run ${link(since.runUrl, `#${since.number}`)} at commit ${link(since.commitUrl, `<code>${shortSha(since.sha)}</code>`)}: the last successful run of this workflow on branch ${code(since.branch)} (${found.build === undefined ? '`changed: last-success`' : '`changed: build`, with the build it kept'}).`
  }
}

/** A line under the table: a rollback or diverged range, a rule that purged everything. */
export const rangeNotes = (found: ChangesFound): string => {
  const notes: string[] = []
  const range = found.range
  if (range?.status !== undefined) {
    const [base, head] = [code(shortSha(range.base)), code(shortSha(range.head))]
    notes.push(
      range.status === 'behind'
        ? `${head} is older than ${base} (a rollback): the files listed are those of ${head}...${base}, every file that differs between them.`
        : `${base} and ${head} have diverged: the files listed are those of both directions, every file that differs between them.`
    )
  }
  if (found.everything !== undefined)
    notes.push(
      `changed_rules line ${found.everything.line} matched ${code(found.everything.path)}: everything in the zone was purged, and nothing else.`
    )
  return notes.map((note) => `\n\n${note}`).join('')
}

export const RULED_HEADER = tableHead(['File', 'Change', 'Rule', 'Purged'])

/** A row of the table with the rule column: the rule that matched the file, and what it purged. */
export const ruledRow = (row: FileRow): string => {
  const rule = row.rule
  const purged =
    rule !== undefined
      ? ruleTargets(rule)
          .map((target) => cell(escapeLine(target, 400)))
          .join('<br>')
      : row.ignored === undefined
        ? row.urls.map((url) => cell(escapeLine(url, 400))).join('<br>')
        : `not purged: ${row.ignored}`
  const ruleCell =
    rule === undefined ? 'none' : `line ${rule.line}: ${cell(escapeLine(rule.text, 300))}`
  return tableRow([
    cell(escapeLine(row.path, 300)),
    cell(escapeLine(row.change, 320)),
    ruleCell,
    purged
  ])
}
