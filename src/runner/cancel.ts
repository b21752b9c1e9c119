import { CancelledError } from '../errors.js'
import type { Log } from '../log.js'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

export interface CancelWatch {
  /** Aborts at the first SIGINT or SIGTERM, its reason a CancelledError naming the signal. */
  signal: AbortSignal
  /**
   * Stops watching; after a cancel, ends the process (which a lookup or check may keep alive)
   * once its log is handed over.
   */
  end: (abandoned?: boolean) => void
}

/**
 * The runner cancels a step (a cancelled run, a step's `timeout-minutes`) with SIGINT, then
 * SIGTERM after a grace of about 7.5 s, then kills it. Without a handler Node dies at the first,
 * leaving no outputs, summary or annotation. With this one the first signal aborts `signal`: the
 * step stops sending and reports what was and was not purged. A second one ends it at once.
 */
export const watchCancel = (log: Pick<Log, 'info'>): CancelWatch => {
  const controller = new AbortController()
  const offs: (() => void)[] = []
  const stop = () => {
    for (const off of offs.splice(0)) off()
  }
  for (const name of SIGNALS) {
    const handler = () => {
      if (controller.signal.aborted) {
        // Dies of the signal, as without a handler. Not process.exit: it waits for work under
        // way in libuv's thread pool (a summary file that blocks, a DNS lookup).
        stop()
        process.kill(process.pid, name)
        return
      }
      log.info(
        `Received ${name}: cancelling. No new request is sent; what was and was not purged follows. A second signal ends the step at once.`
      )
      controller.abort(new CancelledError(name))
    }
    process.on(name, handler)
    offs.push(() => process.off(name, handler))
  }
  return {
    signal: controller.signal,
    /** `abandoned`: work still under way that nothing can stop must not hold the step open. */
    end: (abandoned = false) => {
      stop()
      // Everything is written: nothing still under way may hold the runner's cancel back.
      if (controller.signal.aborted || abandoned) exitOnceHandedOver()
    }
  }
}

/**
 * Ends the process once stdout and stderr have handed the runner all that was written to them.
 * Writes to a pipe are asynchronous: process.exit() at once drops what the runner has not read
 * yet, and with it the end of the log (the "Not purged" list, the failure's annotation). A
 * runner that stopped reading ends the step anyway: its next signal finds no handler.
 */
const exitOnceHandedOver = (): void => {
  let open = 2
  const done = () => {
    if (--open === 0) process.exit()
  }
  process.stdout.write('', done)
  process.stderr.write('', done)
}
