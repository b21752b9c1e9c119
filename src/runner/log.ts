import * as core from '@actions/core'
import type { Log } from '../log.js'

/** The runner's log commands, for the steps that say what they do. */
export const runnerLog: Log = {
  info: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, properties),
  notice: (message, properties) => core.notice(message, properties),
  debug: (message) => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}
