// @ts-check
/**
 * Runs the bundled action once against an emulator and prints what it did, for the demos: its
 * log, outputs, job summary, exit code, and what the emulator saw.
 */
import { runAction } from './run-action.js'

/** @typedef {Awaited<ReturnType<typeof import('../emulator/server.js').startEmulator>>} Emulator */

/**
 * Returns the action's exit code. Verification and warming ask the emulator's edge, not the
 * internet; `env` adds the runner's variables (GITHUB_SHA, GITHUB_EVENT_PATH...).
 * @param {Emulator} emulator @param {string} what @param {Record<string, string>} inputs
 *   by input name, `api_url` already set to the emulator's
 * @param {Record<string, string>} [env]
 */
export const show = async (emulator, what, inputs, env = {}) => {
  const before = {
    accepted: emulator.state.accepted.length,
    polls: emulator.origin?.requests.length ?? 0,
    edge: emulator.state.edgeRequests
  }
  console.log(`\n=== ${what} ===`)
  const run = await runAction(
    { api_url: emulator.apiUrl, ...inputs },
    { env: { CLOUDFLARE_PURGE_EDGE_URL: emulator.edgeUrl, ...env } }
  )
  console.log('--- action log ---')
  process.stdout.write(run.stdout)
  console.log('--- outputs ---')
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`${name} = ${value.length > 160 ? `${value.slice(0, 157)}...` : value}`)
  console.log('--- job summary (markdown) ---')
  console.log(run.summary)
  const polls = (emulator.origin?.requests.length ?? 0) - before.polls
  console.log(
    `--- exit code ${run.code}; ${emulator.origin === undefined ? '' : `the origin was polled ${polls} time(s), `}the emulator accepted ${emulator.state.accepted.length - before.accepted} request(s), its edge served ${emulator.state.edgeRequests - before.edge} page(s) ---`
  )
  return run.code ?? 1
}
