/**
 * After a purge: asks the edge whether it took. This module and what it imports load only when
 * `verify` is on.
 */
import { fetchThroughEdge } from '../edge/fetch.js'
import type { Inputs } from '../inputs/parse.js'
import { VERIFY_SAMPLE } from '../inputs/verify.js'
import type { Log } from '../log.js'
import type { Report } from '../report/report.js'
import { reportVerify } from '../report/verify.js'
import { spread, verify, type ToCheck } from '../edge/verify.js'
import { realClock } from '../clock.js'

export const checkEdge = async (
  report: Report,
  /** URLs verify_urls names, all checked up to the limit; then purged ones fill what is left. */
  candidates: { named: ToCheck[]; purged: ToCheck[] },
  inputs: Inputs,
  options: { startedAt: number; userAgent: string; log: Log }
): Promise<Report> => {
  const { startedAt, log } = options
  const mode = inputs.verify.mode as 'warn' | 'fail'
  // Every URL named is checked; of the purged ones, a sample spread evenly over them.
  const chosen = [...candidates.named, ...spread(candidates.purged, VERIFY_SAMPLE)]
  if (chosen.length === 0) {
    log.notice(
      'verify is on, but nothing names a URL to check: list some in verify_urls after a tag, host, prefix or everything purge.',
      { title: 'Cloudflare purge' }
    )
    return report
  }
  const checks = await log.group(`Checking ${chosen.length} URL(s) at the edge`, () =>
    verify(chosen, {
      mode: inputs.mode,
      deadline: startedAt + inputs.timeoutMs,
      clock: realClock,
      fetchEdge: fetchThroughEdge(options.userAgent)
    })
  )
  const result = reportVerify(checks, mode)
  log.info(result.line)
  // Every check in the log: the summary may have to leave some out to stay under GitHub's limit.
  await log.group(`Each URL checked at the edge (${checks.length})`, async () => {
    for (const line of result.lines) log.info(line)
  })
  for (const warning of result.warnings) log.warning(warning, { title: 'Stale at the edge' })
  return {
    ...report,
    outputs: { ...report.outputs, verified: result.verified },
    // A stale URL that fails the step must not sit under a heading that says all went well.
    summary: {
      ...report.summary,
      ...(result.failure === undefined
        ? {}
        : { status: 'failure', title: `${report.summary.title}, but stale at the edge` }),
      sections: [...report.summary.sections, result.section]
    },
    ...(result.failure === undefined
      ? {}
      : { failure: result.failure, title: 'Stale at the edge' }),
    // A check that got an answer fetched the page: warming need not fetch it again.
    edgeFetched: checks
      .filter((c) => c.status !== '' || c.verdict !== 'could not check')
      .map((c) => ({ url: c.url, headers: c.headers }))
  }
}
