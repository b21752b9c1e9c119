import { writeFileSync } from 'node:fs'
import * as core from '@actions/core'
import type { Report } from '../report/report.js'
import { renderCapped } from '../report/fit.js'
import { redactAll } from '../text.js'

/** Writes outputs, the summary and the failure, with every credential taken out of each. */
export const publish = async (report: Report, secrets: readonly string[]): Promise<void> => {
  const clean = (text: string) => redactAll(text, secrets)
  // A broken GITHUB_OUTPUT must not hide why the step failed, nor turn success into a crash.
  try {
    for (const [path, content] of Object.entries(report.files ?? {}))
      writeFileSync(path, clean(content), { mode: 0o600 })
    for (const [name, value] of Object.entries(report.outputs)) core.setOutput(name, clean(value))
  } catch (error) {
    core.warning(`Could not set the outputs: ${clean((error as Error).message)}`)
  }
  try {
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(renderCapped(report.summary, undefined, clean)).write()
    else core.debug('GITHUB_STEP_SUMMARY is not set: no job summary written')
  } catch (error) {
    core.warning(`Could not write the job summary: ${clean((error as Error).message)}`)
  }
  if (report.failure !== undefined) {
    // What core.setFailed does, with a title on the annotation.
    core.error(clean(report.failure), { title: report.title })
    // Not core.ExitCode: @github/local-action's stand-in for @actions/core has no such export.
    process.exitCode = 1
  }
}
