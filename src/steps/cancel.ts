import { CancelledError } from '../errors.js'

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
