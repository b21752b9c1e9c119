import { InputError, issueValue } from '../errors.js'
import type { Plan, RunPlan } from '../model.js'
import { cell, code, table } from './markdown.js'
import { errorCodes, nothingPurged } from './outputs.js'
import {
  adviceSection,
  failureSection,
  scope,
  titleOf,
  type Report,
  type RunContext
} from './report.js'

/** The summary and outputs of a step that failed before any purge request could be judged. */
export const reportEarlyFailure = (
  error: Error,
  plan: Plan | RunPlan | undefined,
  context: RunContext
): Report => ({
  outputs: nothingPurged(plan, errorCodes(error)),
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
