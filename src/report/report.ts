import { ApiError, CancelledError, InputError, TimeoutError } from '../errors.js'
import type { Plan, RunPlan } from '../model.js'
import { code, escape, table } from './markdown.js'
import { zonesOf, type Outputs } from './outputs.js'
import { renderCapped } from './fit.js'
import type { Section, Summary } from './summary.js'
import { adviceFor } from '../cloudflare/codes.js'
import { environmentScope } from './environments.js'

/** Where the run happens, for the summary's scope line and the User-Agent. */
export interface RunContext {
  repository: string
  sha: string
  runUrl: string | undefined
}

/** What a step leaves behind: outputs, the job summary, and the failure if it failed. */
export interface Report {
  outputs: Outputs
  summary: Summary
  /** Set when the step must fail: the annotation's text, and its title. */
  failure: string | undefined
  title?: string
  /** Files to write beside the outputs, by path: the full lists an output had to leave out. */
  files?: Record<string, string>
}

export { SUMMARY_BYTES } from './fit.js'

/** The report's summary as the markdown GitHub renders, cut to GitHub's limit if it must be. */
export const summaryText = (report: Report): string => renderCapped(report.summary)

/** "Zone `x` · mode purge · `owner/repo`@`abc1234` · run". */
export const scope = (
  plan: Plan | RunPlan,
  zoneId: string | undefined,
  context: RunContext
): string => {
  const zones = zonesOf(plan).map((zone) =>
    zone.by === 'id'
      ? code(zone.id)
      : `${code(zone.name)}${zoneId === undefined ? '' : ` (${code(zoneId)})`}`
  )
  const parts = [`${zones.length === 1 ? 'Zone' : 'Zones'} ${zones.join(', ')}`]
  const environment = environmentScope(plan)
  if (environment !== undefined) parts.push(environment)
  parts.push(`mode <b>${plan.mode}</b>`)
  if (context.repository !== '')
    parts.push(
      context.sha === ''
        ? code(context.repository)
        : `${code(context.repository)}@${code(context.sha.slice(0, 7))}`
    )
  if (context.runUrl !== undefined && /^https:\/\/[^\s"<>]+$/.test(context.runUrl))
    parts.push(`<a href="${context.runUrl}">run</a>`)
  return parts.join(' · ')
}

/** A few words for the annotation's title, so the run's page says what kind of failure it was. */
export const titleOf = (error: Error | undefined): string =>
  error === undefined
    ? 'Cloudflare did not purge everything'
    : error instanceof InputError
      ? 'Invalid inputs'
      : error instanceof CancelledError
        ? 'Cloudflare purge cancelled'
        : error instanceof TimeoutError
          ? 'Cloudflare purge timed out'
          : error instanceof ApiError
            ? 'Cloudflare API error'
            : 'Cloudflare purge failed'

/** "What went wrong": each error as text, and what to do about a timeout. */
export const failureSection = (errors: readonly Error[]): Section => {
  let body = errors.map((error) => `> ${code(error.message)}`).join('\n\n')
  if (errors.some((e) => e instanceof TimeoutError))
    body +=
      '\n\nThe `timeout` input (seconds) bounds the whole step, rate-limit waits included: raise it for long purges.'
  return { heading: 'What went wrong', body }
}

/** What to do about each of Cloudflare's codes the run met (in an environment, where it differs). */
export const adviceSection = (codes: readonly number[], inEnvironment = false): Section[] =>
  codes.length === 0
    ? []
    : [
        {
          body: table(
            ['Code', 'What to do'],
            codes.map((c) => [String(c), escape(adviceFor(c, inEnvironment))])
          )
        }
      ]
