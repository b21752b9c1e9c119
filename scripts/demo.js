// @ts-check
/**
 * `npm run demo`: the action end to end against the local emulator, no account needed. Starts the
 * emulator, runs dist/index.js as the runner would, prints its log, outputs and job summary.
 */
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { runAction } from './run-action.js'

const emulator = await startEmulator({ plan: 'pro', latencyMs: 50 })
try {
  const urls = Array.from({ length: 250 }, (_, i) => `https://www.example.com/assets/app-${i}.js`)
  const inputs = {
    token: DEFAULT_TOKEN,
    zone: DEFAULT_ZONE.name,
    urls: urls.join('\n'),
    tags: 'homepage, product-1234',
    prefixes: 'www.example.com/blog/',
    api_url: emulator.apiUrl,
    verify: 'warn'
  }
  console.log(`Emulator: ${emulator.apiUrl} (Pro-like limits, 50 ms latency)`)
  console.log(
    `Running dist/index.js with: zone=${inputs.zone}, ${urls.length} urls, tags=${inputs.tags}, prefixes=${inputs.prefixes}, verify=${inputs.verify}\n`
  )
  // Verification asks the emulator's edge, not the internet.
  const run = await runAction(inputs, { env: { CLOUDFLARE_PURGE_EDGE_URL: emulator.edgeUrl } })
  console.log('--- action log ---')
  process.stdout.write(run.stdout)
  console.log('--- outputs ---')
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`${name} = ${value.length > 160 ? `${value.slice(0, 157)}...` : value}`)
  console.log('--- job summary (markdown) ---')
  console.log(run.summary)
  console.log(
    `--- exit code ${run.code}; the emulator accepted ${emulator.state.accepted.length} request(s) ---`
  )
  process.exitCode = run.code ?? 1
} finally {
  await emulator.close()
}
