import { CancelledError } from '../errors.js'
import { titleOf, type Report } from '../report/report.js'

/**
 * A stage that cannot stop midway (zone lookups, the compare API, a sitemap, checks at the edge)
 * raced against the step's cancel: it rejects as soon as the cancel comes, with the cancel said
 * with `when`, and leaves what the stage was doing to the end of the process.
 */
export const unlessCancelled = <T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  when = 'before any purge request was sent: nothing was purged'
): Promise<T> => {
  if (signal === undefined) return work
  const reason = () => {
    const cancel: unknown = signal.reason
    return cancel instanceof CancelledError
      ? cancel.during(when)
      : new CancelledError('aborted', when)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason())
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    work
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort))
      .catch(() => undefined)
  })
}

/**
 * A stage after the purge (warming) raced against the cancel: on the cancel, the purge's own
 * report stands, failed with the cancel, since the step was stopped before it was done.
 */
export const afterPurgeUnlessCancelled = async (
  work: Promise<Report>,
  report: Report,
  signal: AbortSignal | undefined,
  when = 'while warming the cache, after the purge'
): Promise<Report> => {
  // A cancel during the purge is in the purge's report already.
  if (signal?.aborted === true) return report
  try {
    return await unlessCancelled(work, signal, when)
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error
    return {
      ...report,
      failure: report.failure === undefined ? error.message : `${report.failure} ${error.message}`,
      title: report.failure === undefined ? titleOf(error) : report.title,
      summary: { ...report.summary, status: 'failure' }
    }
  }
}
