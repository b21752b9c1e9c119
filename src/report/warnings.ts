/**
 * The step's warnings in its job summary too: an annotation is easy to miss on the run's page,
 * and a green title over a warning (a URL outside the zone, an input ignored) would say more
 * than is true. Those no section shows are listed after the sections, and a success with any
 * warning becomes a warning.
 */
import { count } from '../text.js'
import { code } from './markdown.js'
import { amend } from './amend.js'
import type { Report } from './report.js'

/** The most warnings listed; the log has every one. */
const LISTED = 30

/** `unshown`: the warnings no section shows; `all`: how many were said, those included. */
export const withWarnings = (
  report: Report,
  { unshown: warnings, all }: { unshown: readonly string[]; all: number }
): Report => {
  if (all === 0) return report
  const section = {
    heading: `${count(warnings.length)} warning(s)`,
    body: '',
    rows: {
      rows: warnings.map((w) => ({ text: `- ${code(w)}`, rank: 'overview' as const })),
      noun: 'warning(s)',
      where: 'the log',
      limit: LISTED
    }
  }
  return amend(report, { ...(warnings.length === 0 ? {} : { section }), warning: true })
}
