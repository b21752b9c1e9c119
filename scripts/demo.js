// @ts-check
/**
 * `npm run demo`: the action end to end against the local emulator, no account needed. Starts the
 * emulator, runs dist/index.js as the runner would, prints its log, outputs and job summary: a
 * purge of a zone given by name, then one of its environments given by name.
 */
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { runAction } from './run-action.js'

/** @typedef {Awaited<ReturnType<typeof startEmulator>>} Emulator */

/**
 * Runs the action once and prints what it did; returns its exit code.
 * @param {Emulator} emulator @param {string} what @param {Record<string, string>} inputs
 */
const show = async (emulator, what, inputs) => {
  const before = emulator.state.accepted.length
  console.log(`\n=== ${what} ===`)
  // Verification asks the emulator's edge, not the internet.
  const run = await runAction(
    { token: DEFAULT_TOKEN, api_url: emulator.apiUrl, ...inputs },
    { env: { CLOUDFLARE_PURGE_EDGE_URL: emulator.edgeUrl } }
  )
  console.log('--- action log ---')
  process.stdout.write(run.stdout)
  console.log('--- outputs ---')
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`${name} = ${value.length > 160 ? `${value.slice(0, 157)}...` : value}`)
  console.log('--- job summary (markdown) ---')
  console.log(run.summary)
  console.log(
    `--- exit code ${run.code}; the emulator accepted ${emulator.state.accepted.length - before} request(s) ---`
  )
  return run.code ?? 1
}

const emulator = await startEmulator({ plan: 'pro', latencyMs: 50 })
try {
  console.log(`Emulator: ${emulator.apiUrl} (Pro-like limits, 50 ms latency)`)
  const urls = Array.from({ length: 250 }, (_, i) => `https://www.example.com/assets/app-${i}.js`)
  const zone = await show(
    emulator,
    `zone=${DEFAULT_ZONE.name}, ${urls.length} urls, tags=homepage, product-1234, prefixes=www.example.com/blog/, verify=warn`,
    {
      zone: DEFAULT_ZONE.name,
      urls: urls.join('\n'),
      tags: 'homepage, product-1234',
      prefixes: 'www.example.com/blog/',
      verify: 'warn'
    }
  )
  // An environment by the name people call it: the action finds its ID (GET .../environments).
  const environment = await show(
    emulator,
    `zone=${DEFAULT_ZONE.name}, environment=staging, tags=homepage`,
    { zone: DEFAULT_ZONE.name, environment: 'staging', tags: 'homepage' }
  )
  process.exitCode = zone === 0 && environment === 0 ? 0 : 1
} finally {
  await emulator.close()
}
