import type { Log } from '../../src/log.js'

/**
 * A Log that records each line as `[level, message]` and each group's name as `['group', name]`,
 * in order. `debug: false` leaves debug lines out, for tests that read only what a user sees.
 */
export const recordingLog = ({ debug = true }: { debug?: boolean } = {}) => {
  const lines: [string, string][] = []
  const log: Log = {
    info: (message) => void lines.push(['info', message]),
    notice: (message) => void lines.push(['notice', message]),
    warning: (message) => void lines.push(['warning', message]),
    debug: (message) => void (debug && lines.push(['debug', message])),
    group: async (name, fn) => {
      lines.push(['group', name])
      return fn()
    }
  }
  return { lines, log }
}
