import * as core from '@actions/core'
import type { Log } from '../log.js'
import { redactAll } from '../text.js'
import { knownSecrets } from './secrets.js'

/**
 * Every line with the run's credentials taken out. The runner masks them too, but only in the
 * log it shows: outside text (an API that echoes a token) must not depend on that.
 */
const clean = (text: string): string => redactAll(text, knownSecrets())

/** The warnings said so far: those the job summary does not show yet, and how many in all. */
const said = { unshown: [] as string[], all: 0 }

/** The warnings the step has said through `runnerLog`: those to list in the summary, in order. */
export const warningsSaid = (): { unshown: readonly string[]; all: number } => said

/** A new step: no warning said yet (one process runs one step; tests run several). */
export const forgetWarnings = (): void => {
  said.unshown.length = 0
  said.all = 0
}

/** How many groups are open: 0 or 1. */
let depth = 0

/** The runner's log commands, for the steps that say what they do. */
export const runnerLog: Log = {
  info: (message) => core.info(clean(message)),
  warning: (message, { shown, ...properties } = {}) => {
    said.all++
    if (shown !== true) said.unshown.push(clean(message))
    core.warning(clean(message), properties)
  },
  notice: (message, properties) => core.notice(clean(message), properties),
  debug: (message) => core.debug(clean(message)),
  group: async (name, fn) => {
    // GitHub's log does not nest groups: one opened inside another would end the outer one.
    if (depth > 0) {
      core.info(clean(name))
      return fn()
    }
    depth++
    try {
      return await core.group(clean(name), fn)
    } finally {
      depth--
    }
  }
}
