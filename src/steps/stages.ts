/**
 * The run's stages, in the order `main.ts` runs them: inputs -> plan -> requests -> report. A
 * stage only some runs need loads with import() when it runs.
 */
import { planStage } from './plan.js'
import { purgeStage } from './purge.js'
import { afterPurge, beforePurge, closing, when, type Stage } from './stage.js'

/** The stages, in order: inputs -> plan -> requests -> report. */
export const STAGES: Stage[] = [
  beforePurge(
    when(
      (s) => s.inputs.gate !== undefined && s.inputs.emptyReason === undefined,
      async () => (await import('./gate.js')).gateStage
    )
  ),
  beforePurge(
    when(
      (s) => s.inputs.changes !== undefined,
      async () => (await import('./changes.js')).changesStage
    )
  ),
  planStage,
  purgeStage,
  afterPurge(
    when(
      (s) => s.inputs.verify.mode !== 'off',
      async () => (await import('./verify.js')).verifyStage
    ),
    (s) =>
      `while checking the edge: the purge itself was done (${s.report?.outputs.purged_count ?? 0} item(s) purged), the edge was not checked`
  ),
  afterPurge(
    when(
      (s) => s.inputs.warm !== undefined,
      async () => (await import('./warm.js')).warmStage
    ),
    () => 'while warming the cache, after the purge'
  ),
  closing(
    afterPurge(
      when(
        (s) => s.builtTree !== undefined,
        async () => (await import('./keep-manifest.js')).keepManifestStage
      ),
      () => "while keeping this build's manifest, after the purge: the next run falls back"
    )
  )
]
