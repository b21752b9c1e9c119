import * as core from '@actions/core'
import type { Log } from '../log.js'
import { redactAll } from '../text.js'
import { knownSecrets } from './secrets.js'

/**
 * Every line with the run's credentials taken out. The runner masks them too, but only in the
 * log it shows: outside text (an API that echoes a token) must not depend on that.
 */
const clean = (text: string): string => redactAll(text, knownSecrets())

/** The runner's log commands, for the steps that say what they do. */
export const runnerLog: Log = {
  info: (message) => core.info(clean(message)),
  warning: (message, properties) => core.warning(clean(message), properties),
  notice: (message, properties) => core.notice(clean(message), properties),
  debug: (message) => core.debug(clean(message)),
  group: (name, fn) => core.group(clean(name), fn)
}
