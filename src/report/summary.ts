/**
 * A job summary as data: a title with its status, a line that says where, and sections. Steps
 * add sections or change the status; only `renderSummary` writes markdown headings, so a summary
 * nests inside another (one zone among several) by rendering it a level deeper, never by
 * rewriting rendered text. Long lists stay rows, not text, so that the summary can be cut to
 * GitHub's size limit a whole row at a time (see `fit.ts`).
 */
import { count } from '../text.js'
import { details } from './markdown.js'

export type Status = 'success' | 'failure' | 'dry-run' | 'warning'

/**
 * How readily a part of the summary gives way when the whole is over GitHub's limit: the first
 * rank goes first. What was not purged (and what else failed) ranks last, so it is the last to go.
 */
export const RANKS = ['listing', 'check', 'detail', 'overview', 'unpurged'] as const
export type Rank = (typeof RANKS)[number]

export interface Row {
  /** One line of markdown: a table row, a list item, a code span. */
  text: string
  rank: Rank
}

/** Rows under a section's body, which the size limit may shorten, a whole row at a time. */
export interface Rows {
  /** A table's header: shown while any row is. */
  head?: string
  rows: readonly Row[]
  /** Between rows: a line break (the default), or a space for a run of ids. */
  join?: string
  /** What a row is, for the line that counts those left out: "item(s)". */
  noun: string
  /** Where every row can be read when some are left out: "the not_purged output". */
  where: string
  /** The most rows shown even with room to spare: a summary is read, not searched. */
  limit?: number
}

export interface Section {
  /** The heading's text, markdown already escaped; none for a block under the one before. */
  heading?: string
  body: string
  /** Rows after the body. */
  rows?: Rows
  /** After the rows: a count or a remark about them. */
  after?: string
  /** Folds the body, the rows and what follows them in a `<details>` with this summary line. */
  fold?: string
  /** Sections under this one, a heading level deeper. */
  sections?: Section[]
  /**
   * Set on a section the size limit may leave out whole, with the sections under it (a zone that
   * succeeded): its rank, what the note on what was left out calls it ("zone(s) that
   * succeeded") and where what it says can still be read.
   */
  optional?: { rank: Rank; label: string; where: string }
}

export interface Summary {
  status: Status
  title: string
  /** Under the title: zones, mode, commit, run. */
  scope: string
  sections: Section[]
}

const ICONS: Record<Status, string> = {
  success: '✅',
  failure: '❌',
  'dry-run': '🧪',
  warning: '⚠️'
}

export const heading = (status: Status, title: string): string => `${ICONS[status]} ${title}`

/**
 * How much of each rank a rendering keeps: rows per list and optional sections in all, by rank.
 * A rank missing from either keeps everything.
 */
export interface Cut {
  rows: Partial<Record<Rank, number>>
  sections: Partial<Record<Rank, number>>
}

export const NO_CUT: Cut = { rows: {}, sections: {} }

/** What a rendering left out because of a cut: the note at the end says so. */
interface LeftOut {
  cutRows: boolean
  /** Whole sections left out, counted by the note's line for them ("{n}" stands for the count). */
  gone: Map<string, number>
  /** Optional sections met so far, by rank: the first ones are kept. */
  seen: Map<Rank, number>
}

const leaveOut = (left: LeftOut, line: string): void => {
  left.gone.set(line, (left.gone.get(line) ?? 0) + 1)
}

/** The rows `cut` keeps, whole, in their order, with the line that counts the others. */
const pick = (rows: Rows, cut: Cut, left: LeftOut): { text: string; shown: number } => {
  const limit = rows.limit ?? Infinity
  const byRank = new Map<Rank, number>()
  const shown: string[] = []
  for (const row of rows.rows) {
    if (shown.length >= limit) break
    const taken = byRank.get(row.rank) ?? 0
    if (taken >= (cut.rows[row.rank] ?? Infinity)) continue
    byRank.set(row.rank, taken + 1)
    shown.push(row.text)
  }
  const table = `${rows.head === undefined ? '' : `${rows.head}\n`}${shown.join(rows.join ?? '\n')}`
  const more = rows.rows.length - shown.length
  if (more === 0) return { text: table, shown: shown.length }
  const byCut = shown.length < Math.min(limit, rows.rows.length)
  if (byCut) left.cutRows = true
  const why = byCut ? ` (${CUT})` : ''
  const text =
    shown.length === 0
      ? `${count(more)} ${rows.noun}${why}, all of them in ${rows.where}.`
      : `${table}\n\n... and ${count(more)} more${why}, all of them in ${rows.where}.`
  return { text, shown: shown.length }
}

const CUT = "left out to fit GitHub's 1 MiB limit on a job summary"

const bodyOf = (s: Section, cut: Cut, left: LeftOut): string => {
  const rows = s.rows === undefined ? undefined : pick(s.rows, cut, left)
  // A section that is nothing but a list, all of it cut, goes whole: the note counts it.
  if (rows?.shown === 0 && s.body === '' && s.after === undefined && s.rows!.rows.length > 0) {
    leaveOut(left, `{n} list(s) of ${s.rows!.noun} (all of them in ${s.rows!.where})`)
    return ''
  }
  const parts = [s.body, rows?.text ?? '', s.after ?? '']
  const inner = parts.filter((p) => p !== '').join('\n\n')
  return s.fold === undefined || inner === '' ? inner : details(s.fold, inner)
}

const renderAt = (sections: readonly Section[], level: number, cut: Cut, left: LeftOut): string =>
  sections
    .map((s) => {
      if (s.optional !== undefined) {
        const { rank, label, where } = s.optional
        const seen = left.seen.get(rank) ?? 0
        left.seen.set(rank, seen + 1)
        if (seen >= (cut.sections[rank] ?? Infinity)) {
          leaveOut(left, `the sections of {n} ${label} (${where})`)
          return ''
        }
      }
      const head =
        s.heading === undefined ? '' : `${'#'.repeat(Math.min(level, 6))} ${s.heading}\n\n`
      const text = bodyOf(s, cut, left)
      const body = text === '' ? '' : `${text.replace(/\n+$/, '')}\n\n`
      return head + body + renderAt(s.sections ?? [], level + 1, cut, left)
    })
    .join('')

/** The note at the end of a summary that was cut: why, and what whole sections it left out. */
const cutNote = (left: LeftOut): Section[] => {
  if (!left.cutRows && left.gone.size === 0) return []
  const sections = [...left.gone].map(
    ([line, n]) => `- Left out: ${line.replace('{n}', count(n))}.`
  )
  return [
    {
      heading: '✂️ Shortened to fit',
      body:
        'GitHub shows at most 1 MiB of job summary per step, and none of a larger one: this summary was shortened to fit. What was not purged is kept first; each shortened list says how many it leaves out and where all of them are.' +
        (sections.length === 0 ? '' : `\n\n${sections.join('\n')}`)
    }
  ]
}

/** Sections as markdown, their headings at `level` (3: `###`). */
export const renderSections = (
  sections: readonly Section[],
  level: number,
  cut: Cut = NO_CUT
): string => renderAt(sections, level, cut, newLeftOut())

const newLeftOut = (): LeftOut => ({ cutRows: false, gone: new Map(), seen: new Map() })

/** The summary as markdown, its title at `level` (2: `##`), with what `cut` keeps of it. */
export const renderSummary = (summary: Summary, level = 2, cut: Cut = NO_CUT): string => {
  const left = newLeftOut()
  const top: Section = {
    heading: heading(summary.status, summary.title),
    body: summary.scope,
    sections: summary.sections
  }
  const text = renderAt([top], level, cut, left)
  // The note goes last, a level under the title, after the sections it speaks of.
  return text + renderAt(cutNote(left), level + 1, NO_CUT, newLeftOut())
}

/** The largest number of rows of `rank` in any one list, and the optional sections of `rank`. */
export const rankSizes = (
  sections: readonly Section[],
  rank: Rank
): { rows: number; sections: number } => {
  let rows = 0
  let optional = 0
  const walk = (list: readonly Section[]) => {
    for (const s of list) {
      if (s.optional?.rank === rank) optional++
      if (s.rows !== undefined) {
        const n = s.rows.rows.reduce((sum, r) => sum + (r.rank === rank ? 1 : 0), 0)
        rows = Math.max(rows, Math.min(n, s.rows.limit ?? Infinity))
      }
      walk(s.sections ?? [])
    }
  }
  walk(sections)
  return { rows, sections: optional }
}
