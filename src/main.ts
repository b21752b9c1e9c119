import { realClock } from './clock.js'
import { InputError } from './errors.js'
import { reportEarlyFailure } from './report/early.js'
import { watchCancel } from './runner/cancel.js'
import { envFromContext, runContext, userAgent } from './runner/context.js'
import { readInputs } from './runner/inputs.js'
import { forgetWarnings, runnerLog as log } from './runner/log.js'
import { publish } from './runner/publish.js'
import { maskSecrets } from './runner/secrets.js'
import { finalReport, notPurgedFilePath, type Run, type State } from './steps/stage.js'
import { STAGES } from './steps/stages.js'

/**
 * The action: inputs -> plan -> requests -> report. Every failure ends here as one annotation,
 * a cancel by the runner (SIGINT, SIGTERM) included.
 */
export const run = async (): Promise<void> => {
  forgetWarnings()
  const cancel = watchCancel(log)
  const secrets = maskSecrets()
  const ctx = runContext()
  const agent = userAgent(ctx)
  const started: Run = {
    ctx,
    userAgent: agent,
    log,
    clock: realClock,
    signal: cancel.signal,
    startedAt: realClock.now(),
    changeEnv: (timeLeftMs) => envFromContext(timeLeftMs, agent)
  }
  let state: State | undefined
  try {
    const inputs = readInputs()
    for (const warning of inputs.warnings) log.warning(warning, { title: 'Cloudflare purge' })
    state = { inputs, budgetFrom: started.startedAt, amendments: [] }
    // Each stage in turn, until one says the report is final.
    for (const stage of STAGES)
      if (state.done !== true || stage.closing === true) state = await stage(started, state)
    await publish(finalReport(state)!, secrets)
  } catch (error) {
    const known = error instanceof Error ? error : new Error(String(error))
    // An expected failure is a message, not a stack trace; anything else is a bug worth its stack.
    if (!(known instanceof InputError) && known.name === 'Error' && known.stack !== undefined)
      log.debug(known.stack)
    await publish(reportEarlyFailure(known, state?.plan, ctx, notPurgedFilePath()), secrets, true)
  } finally {
    cancel.end(state?.abandoned === true)
  }
}
