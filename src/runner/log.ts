import * as core from '@actions/core'
import type { Log } from '../log.js'
import { redactAll } from '../text.js'
import { knownSecrets } from './secrets.js'

/**
 * Every line with the run's credentials taken out. The runner masks them too, but only in the
 * log it shows: outside text (an API that echoes a token) must not depend on that.
 */
const clean = (text: string): string => redactAll(text, knownSecrets())

/** The warnings said so far, in order, each with whether a section of the summary shows it. */
const said: { text: string; shown: boolean }[] = []

/**
 * The warnings the step has said through `runnerLog`: those to list in the summary (all of them
 * when the report is an early failure, which has none of the sections that show some), and how
 * many in all.
 */
export const warningsSaid = (early = false): { unshown: readonly string[]; all: number } => ({
  unshown: said.filter((w) => early || !w.shown).map((w) => w.text),
  all: said.length
})

/** A new step: no warning said yet (one process runs one step; tests run several). */
export const forgetWarnings = (): void => {
  said.length = 0
}

/** How many groups are open: 0 or 1. */
let depth = 0

/** The runner's log commands, for the steps that say what they do. */
export const runnerLog: Log = {
  info: (message) => core.info(clean(message)),
  warning: (message, { shown, ...properties } = {}) => {
    const text = clean(message)
    said.push({ text, shown: shown === true })
    core.warning(text, properties)
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
