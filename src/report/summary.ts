/**
 * A job summary as data: a title with its status, a line that says where, and sections. Steps
 * add sections or change the status; only `renderSummary` writes markdown headings, so a summary
 * nests inside another (one zone among several) by rendering it a level deeper, never by
 * rewriting rendered text.
 */

export type Status = 'success' | 'failure' | 'dry-run' | 'warning'

export interface Section {
  /** The heading's text, markdown already escaped; none for a block under the one before. */
  heading?: string
  body: string
  /** Sections under this one, a heading level deeper. */
  sections?: Section[]
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

/** Sections as markdown, their headings at `level` (3: `###`). */
export const renderSections = (sections: readonly Section[], level: number): string =>
  sections
    .map((s) => {
      const head =
        s.heading === undefined ? '' : `${'#'.repeat(Math.min(level, 6))} ${s.heading}\n\n`
      const body = s.body === '' ? '' : `${s.body.replace(/\n+$/, '')}\n\n`
      return head + body + renderSections(s.sections ?? [], level + 1)
    })
    .join('')

/** The summary as markdown, its title at `level` (2: `##`). */
export const renderSummary = (summary: Summary, level = 2): string =>
  renderSections(
    [
      {
        heading: heading(summary.status, summary.title),
        body: summary.scope,
        sections: summary.sections
      }
    ],
    level
  )
