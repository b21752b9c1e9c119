import { flattenLine } from '../text.js'

/**
 * The job summary is GitHub-flavoured markdown. Text we did not write (URLs, paths, API messages)
 * goes in code spans: inside one, markdown makes no link, heading, image, emphasis or HTML, so a
 * URL reads as itself in the raw summary and renders as plain text. Only three things can break
 * out of a code span, and each is handled here: a line break (made a space), a run of backticks
 * (the span's fence is one backtick longer), and, in a table, a `|` (escaped, as GFM asks).
 */

const span = (text: string): string => {
  const flat = flattenLine(text, Infinity)
  if (flat === '') return ''
  // A loop, not Math.max(...runs): a long text of many runs would overflow the stack as arguments.
  let longest = 0
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  const fence = '`'.repeat(longest + 1)
  // A span that starts or ends with a backtick, or with a space at both ends, loses one space
  // at each end when rendered: pad it so that what shows is the text itself.
  const pad = /^`|`$/.test(flat) || (flat.startsWith(' ') && flat.endsWith(' ')) ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/** Outside text in running prose or a list: a code span. */
export const code = (text: string): string => span(text)

/**
 * Outside text in a table cell: a code span whose pipes cannot end the cell. A backslash right
 * before a pipe is read differently by GFM implementations (escaped pipe, or escaped backslash and
 * a cell border), so such text falls back to `<code>` with every punctuation mark an entity.
 */
export const cell = (text: string): string =>
  /\\\|/.test(text) ? inertCode(text) : span(text).replace(/\|/g, '\\|')

const inertCode = (text: string): string =>
  `<code>${flattenLine(text, Infinity).replace(/[^A-Za-z0-9 \u0080-\uffff]/g, (c) => `&#${c.charCodeAt(0)};`)}</code>`

/** Our own text in a table cell or paragraph: only what HTML and tables would misread. */
export const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')

/** A folded list; the blank line after it lets what follows render as markdown again. */
export const details = (summary: string, body: string): string =>
  `<details><summary>${summary}</summary>\n\n${body}\n\n</details>\n\n`

/**
 * A table's head: its column titles (our own words), each left-aligned, or right-aligned when it
 * starts with `>` (a column of numbers). The one way a table is written: every table of the
 * summary is a head and rows of `tableRow`.
 */
export const tableHead = (columns: readonly string[]): string =>
  `| ${columns.map((c) => c.replace(/^>/, '')).join(' | ')} |\n| ${columns.map((c) => (c.startsWith('>') ? '---:' : '---')).join(' | ')} |`

/** One row: cells already made safe (`cell` for outside text, `escape` for our own). */
export const tableRow = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`

/** A whole table: its head, then a row for each list of cells. */
export const table = (columns: readonly string[], rows: readonly (readonly string[])[]): string =>
  [tableHead(columns), ...rows.map(tableRow)].join('\n')
