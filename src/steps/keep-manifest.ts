/**
 * `changed: build`, after the purge: this build's manifest kept as an artifact of the run, so the
 * next run compares with it. Only when the step succeeded and is not a dry run: a run whose purge
 * failed keeps nothing, and the next run still compares with the last build really purged.
 */
import { MANIFEST_ARTIFACT, storeManifest } from '../sources/build-artifact.js'
import { code } from '../report/markdown.js'
import { count, escapeLine } from '../text.js'
import { deadlineOf, failing, withAmendment, type Stage } from './stage.js'

/** Time the upload has at least, even when `timeout` is spent: a manifest not kept costs more. */
const MIN_UPLOAD_MS = 30_000

const TITLE = { title: 'Cloudflare purge' }

export const keepManifestStage: Stage = async (run, state) => {
  const files = state.builtTree!
  const name = `the artifact "${MANIFEST_ARTIFACT}"`
  if (state.inputs.dryRun) {
    run.log.info(`Dry run: this build's manifest is not kept as ${name}.`)
    return state
  }
  if (failing(state)) {
    run.log.info(
      `This build's manifest is not kept, as the step failed: the next run compares with the last successful run's.`
    )
    return state
  }
  const leftMs = Math.max(MIN_UPLOAD_MS, deadlineOf(state) - run.clock.now())
  // @actions/artifact logs each step of its upload: in a group of their own.
  const stored = await run.log.group(`Keeping this build's manifest as ${name}`, () =>
    storeManifest(
      { createdAt: new Date().toISOString(), commit: run.ctx.sha, files },
      { deadline: Date.now() + leftMs, signal: run.signal }
    )
  )
  if (stored.stored) {
    const text = `Kept this build's manifest (${count(files.size)} file(s)) as ${name} of this run: the next run with changed: build compares with it.`
    run.log.info(text)
    return withAmendment(state, { section: { body: text } })
  }
  const [before, after] = [
    `This build's manifest was not kept as ${name}:`,
    'The next run with changed: build cannot compare with this one and uses changed_fallback.'
  ]
  run.log.warning(`${before} ${escapeLine(stored.detail, 300)}. ${after}`, {
    ...TITLE,
    shown: true
  })
  const body = `⚠️ ${before} ${code(stored.detail)}. ${after}`
  const next = withAmendment(state, { section: { body }, warning: true })
  return stored.abandoned === true ? { ...next, abandoned: true } : next
}
