import { writeFileSync } from 'node:fs'
import * as core from '@actions/core'
import { renderCapped } from '../report/fit.js'
import type { Report } from '../report/report.js'
import { withWarnings } from '../report/warnings.js'
import { warningsSaid } from './log.js'
import { flattenLine, redactAll } from '../text.js'

/** What could not be written, and why: one warning per reason, naming everything it cost. */
class Misses {
  private readonly byReason = new Map<
    string,
    { files: string[]; outputs: string[]; summary: boolean }
  >()

  add(what: { file: string } | { output: string } | 'summary', error: unknown): void {
    // Not instanceof Error: errors from another realm (a test's) are errors too.
    const message = (error as { message?: unknown } | undefined)?.message
    const reason = flattenLine(typeof message === 'string' ? message : String(error), 300)
    const lost = this.byReason.get(reason) ?? { files: [], outputs: [], summary: false }
    if (what === 'summary') lost.summary = true
    else if ('file' in what) lost.files.push(what.file)
    else lost.outputs.push(what.output)
    this.byReason.set(reason, lost)
  }

  warn(clean: (text: string) => string): void {
    for (const [reason, { files, outputs, summary }] of this.byReason) {
      const what = [
        ...files.map((path) => `the file ${path}`),
        ...(outputs.length === 0
          ? []
          : [`the output${outputs.length === 1 ? '' : 's'} ${outputs.join(', ')}`]),
        ...(summary ? ['the job summary'] : [])
      ]
      core.warning(clean(`Could not write ${what.join(' and ')}: ${reason}`), {
        title: 'Cloudflare purge'
      })
    }
  }
}

/**
 * Writes the files, each output, the failure and the summary, with every credential taken out of
 * each. Each is written on its own: one that fails (a full disk, a missing RUNNER_TEMP, a broken
 * GITHUB_OUTPUT) is a warning naming what was lost, and never takes the others with it.
 */
export const publish = async (
  said: Report,
  secrets: readonly string[],
  /** An early failure: its report has none of the sections that show some warnings. */
  early = false
): Promise<void> => {
  const report = withWarnings(said, warningsSaid(early))
  const clean = (text: string) => redactAll(text, secrets)
  const misses = new Misses()
  const outputs: Record<string, string> = { ...report.outputs }
  for (const [path, content] of Object.entries(report.files ?? {}))
    try {
      writeFileSync(path, clean(content), { mode: 0o600 })
    } catch (error) {
      misses.add({ file: path }, error)
      // An output must not name a file that is not there.
      for (const [name, value] of Object.entries(outputs)) if (value === path) outputs[name] = ''
    }
  for (const [name, value] of Object.entries(outputs))
    try {
      core.setOutput(name, clean(value))
    } catch (error) {
      misses.add({ output: name }, error)
    }
  if (report.failure !== undefined) {
    // What core.setFailed does, with a title on the annotation; before the summary, whose file
    // may be slow to write, so that what went wrong is said first.
    core.error(clean(report.failure), { title: report.title })
    // Not core.ExitCode: @github/local-action's stand-in for @actions/core has no such export.
    process.exitCode = 1
  }
  try {
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(renderCapped(report.summary, undefined, clean)).write()
    else core.debug('GITHUB_STEP_SUMMARY is not set: no job summary written')
  } catch (error) {
    misses.add('summary', error)
  }
  misses.warn(clean)
}
