/**
 * What a stage adds to the run's report: a section, outputs, a warning status, a failure. The one
 * way a report is amended: a failure joins every earlier one (the annotation says them all), the
 * first failure names the annotation, and the summary's title says what went wrong after it.
 */
import type { Outputs } from './outputs.js'
import type { Report } from './report.js'
import type { Section } from './summary.js'

export interface Amendment {
  /** The stage's section: after the others, or `first` (the deploy gate comes before all). */
  section?: Section
  first?: boolean
  /** Outputs the stage sets (`verified`, `warmed`). */
  outputs?: Partial<Outputs>
  /** Marks a successful run with a warning (a purge made without seeing the deploy live). */
  warning?: boolean
  /** Fails the step: the annotation's text, its title, and what the summary's title adds. */
  failure?: { message: string; title: string; titled: string }
}

/** The report with the amendment applied. */
export const amend = (report: Report, a: Amendment): Report => {
  const sections =
    a.section === undefined
      ? report.summary.sections
      : a.first === true
        ? [a.section, ...report.summary.sections]
        : [...report.summary.sections, a.section]
  const warned = a.warning === true && report.summary.status === 'success'
  const summary = {
    ...report.summary,
    sections,
    ...(warned ? { status: 'warning' as const } : {})
  }
  const outputs = { ...report.outputs, ...a.outputs }
  if (a.failure === undefined) return { ...report, outputs, summary }
  const { message, title, titled } = a.failure
  const failed = report.failure !== undefined
  return {
    ...report,
    outputs,
    summary: {
      ...summary,
      status: 'failure',
      title: `${report.summary.title}, ${failed ? 'and' : 'but'} ${titled}`
    },
    failure: failed ? `${report.failure} ${message}` : message,
    title: failed ? report.title : title
  }
}

/** The report with every amendment applied, in order. */
export const amendAll = (report: Report, amendments: readonly Amendment[]): Report =>
  amendments.reduce(amend, report)
