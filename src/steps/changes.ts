/**
 * What `changed` and `sitemap` add to the run: their URLs, merged into the inputs, and their
 * sections (and a sitemap not read, as a failure) for the report. This module and what it imports
 * load only when one of them is used.
 */
import { changesAmendments } from '../report/changes.js'
import { collectChanges } from '../sources/changes.js'
import { deadlineOf, type Stage } from './stage.js'

export const changesStage: Stage = async (run, state) => {
  const timeLeftMs = deadlineOf(state) - run.clock.now()
  // The cancel stops the matching of changed files too, not only the race around this stage.
  const env = { ...run.changeEnv(timeLeftMs), signal: run.signal }
  const { inputs, found, tree } = await collectChanges(state.inputs, env, run.log)
  return {
    ...state,
    inputs,
    ...(tree === undefined ? {} : { builtTree: tree }),
    amendments: [...state.amendments, ...changesAmendments(found, inputs.dryRun)]
  }
}
