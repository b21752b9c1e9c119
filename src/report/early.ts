import { InputError, issueValue } from '../errors.js'
import type { Plan, RunPlan } from '../model.js'
import { cell, code, table } from './markdown.js'
import {
  errorCodes,
  listFiles,
  notPurgedOf,
  nothingPurged,
  unsentEntries,
  type NotPurgedList
} from './outputs.js'
import {
  adviceSection,
  failureSection,
  scope,
  titleOf,
  type Report,
  type RunContext
} from './report.js'

/**
 * The summary and outputs of a step that failed before any purge request could be judged. Once
 * its plan is known, every item of it is in the not_purged output, with the error as its cause.
 */
export const reportEarlyFailure = (
  error: Error,
  plan: Plan | RunPlan | undefined,
  context: RunContext,
  fullListPath?: string
): Report => {
  const list =
    plan === undefined ? undefined : notPurgedOf(unsentEntries(plan, error), fullListPath)
  return {
    ...earlyReport(error, plan, context, list),
    files: list === undefined ? {} : listFiles(list)
  }
}

const earlyReport = (
  error: Error,
  plan: Plan | RunPlan | undefined,
  context: RunContext,
  list: NotPurgedList | undefined
): Report => ({
  outputs: nothingPurged(plan, errorCodes(error), list),
  summary: {
    status: 'failure',
    title: 'Cloudflare cache purge failed',
    scope: plan === undefined ? '' : scope(plan, undefined, context),
    sections:
      error instanceof InputError
        ? [
            {
              heading: 'Inputs to fix',
              body: `${table(
                ['Input', 'Value', 'Problem'],
                error.issues.map((i) => [
                  cell(i.input),
                  i.value === '' ? '' : cell(issueValue(i)),
                  cell(i.problem)
                ])
              )}\n\nNothing was purged.`
            }
          ]
        : [failureSection([error]), ...adviceSection(errorCodes(error))]
  },
  failure: error.message,
  title: titleOf(error)
})

/** A step whose lists were empty on purpose: a success that says so. */
export const reportNothingToPurge = (
  plan: RunPlan,
  reason: string,
  context: RunContext
): Report => ({
  outputs: nothingPurged(plan, []),
  summary: {
    status: 'success',
    title: `Cloudflare cache ${plan.mode}: nothing to do`,
    scope: scope(plan, undefined, context),
    sections: [{ body: `${code(reason)}: nothing was sent to Cloudflare.` }]
  },
  failure: undefined
})
