/**
 * One cap for the whole job summary. GitHub takes at most 1 MiB of summary per step and shows
 * none of a larger one, so a summary over the cap loses whole rows and optional sections, lowest
 * rank first (`RANKS` in summary.ts: changed-file listings, then checks at the edge, then the
 * details of zones that succeeded, ...), until it fits; what was not purged ranks last.
 */
import {
  NO_CUT,
  RANKS,
  rankSizes,
  renderSummary,
  type Cut,
  type Rank,
  type Summary
} from './summary.js'

/** GitHub's limit is 1 MiB (1,048,576 bytes) per step: this leaves room for what it adds. */
export const SUMMARY_BYTES = 1_000_000

const withRows = (cut: Cut, rank: Rank, n: number): Cut => ({
  ...cut,
  rows: { ...cut.rows, [rank]: n }
})

const withSections = (cut: Cut, rank: Rank, n: number): Cut => ({
  ...cut,
  sections: { ...cut.sections, [rank]: n }
})

/** The largest n from 0 to max for which `fits` holds (fewer never fit worse); undefined if not even 0. */
const largest = (max: number, fits: (n: number) => boolean): number | undefined => {
  if (!fits(0)) return undefined
  let lo = 0
  let hi = max
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (fits(mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

const LAST_RESORT =
  "\n\n*The rest of this summary is left out to fit GitHub's 1 MiB limit on a job summary: the outputs, the annotation and the log have the full account.*\n"

/**
 * Only when what ranks highest does not fit on its own (tens of thousands of zones): the text up
 * to the last paragraph break that fits, so that no table is cut mid-row, with any fold closed.
 */
const lastResort = (text: string, bytes: number): string => {
  const closing = '\n\n</details>'
  const room = bytes - Buffer.byteLength(LAST_RESORT) - Buffer.byteLength(closing)
  // A cut inside a character leaves a replacement character: the break before it is kept anyway.
  const head = Buffer.from(text).subarray(0, Math.max(0, room)).toString('utf8')
  const kept = head.slice(0, Math.max(0, head.lastIndexOf('\n\n')))
  // Folds never nest: at most one is left open.
  const opened = (kept.match(/^<details>/gm) ?? []).length
  const closed = (kept.match(/^<\/details>$/gm) ?? []).length
  return kept + (opened > closed ? closing : '') + LAST_RESORT
}

/**
 * The summary as the markdown to write: at most `bytes` in UTF-8 once `finish` has run over it
 * (the runner takes credentials out, which changes the length). Within a rank, every list keeps
 * the same number of rows, as many as fit; if none fit, that rank's optional sections go, the last
 * ones first.
 */
export const renderCapped = (
  summary: Summary,
  bytes = SUMMARY_BYTES,
  finish: (markdown: string) => string = (markdown) => markdown
): string => {
  const render = (cut: Cut) => finish(renderSummary(summary, 2, cut))
  const fits = (cut: Cut) => Buffer.byteLength(render(cut)) <= bytes
  if (fits(NO_CUT)) return render(NO_CUT)
  let cut = NO_CUT
  for (const rank of RANKS) {
    const sizes = rankSizes(summary.sections, rank)
    if (sizes.rows > 0) {
      const rows = largest(sizes.rows - 1, (n) => fits(withRows(cut, rank, n)))
      cut = withRows(cut, rank, rows ?? 0)
      if (rows !== undefined) return render(cut)
    }
    if (sizes.sections > 0) {
      const kept = largest(sizes.sections - 1, (n) => fits(withSections(cut, rank, n)))
      cut = withSections(cut, rank, kept ?? 0)
      if (kept !== undefined) return render(cut)
    }
  }
  return lastResort(render(cut), bytes)
}
