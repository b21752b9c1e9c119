// @ts-check
/**
 * `npm run demo`: the action end to end against the local emulator, no account needed. Starts the
 * emulator, runs dist/index.js as the runner would, prints its log, outputs and job summary. The
 * emulator also plays the origin mid-deploy: it serves the old version for two seconds, then the
 * run's commit; the action waits for it (wait_for_url), purges, checks the edge and warms it.
 */
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { runAction } from './run-action.js'

/** The commit being deployed: GITHUB_SHA in a workflow run. */
const SHA = '5f0c6e1b2a3d4c5e6f708192a3b4c5d6e7f80912'
const emulator = await startEmulator({
  plan: 'pro',
  latencyMs: 50,
  origin: { before: 'v1.4.1 (3f2a9c1)', after: SHA, switchAfterMs: 2000 }
})
try {
  const urls = Array.from({ length: 250 }, (_, i) => `https://www.example.com/assets/app-${i}.js`)
  const inputs = {
    token: DEFAULT_TOKEN,
    zone: DEFAULT_ZONE.name,
    urls: urls.join('\n'),
    tags: 'homepage, product-1234',
    prefixes: 'www.example.com/blog/',
    api_url: emulator.apiUrl,
    wait_for_url: `${emulator.url}/origin/version.json`,
    verify: 'warn',
    warm: 'true'
  }
  console.log(`Emulator: ${emulator.apiUrl} (Pro-like limits, 50 ms latency)`)
  console.log(
    `Running dist/index.js with: zone=${inputs.zone}, ${urls.length} urls, tags=${inputs.tags}, prefixes=${inputs.prefixes}, wait_for_url=${inputs.wait_for_url} (the old version for 2 s, then commit ${SHA.slice(0, 7)}), verify=${inputs.verify}, warm=${inputs.warm}\n`
  )
  // Verification and warming ask the emulator's edge, not the internet.
  const run = await runAction(inputs, {
    env: { CLOUDFLARE_PURGE_EDGE_URL: emulator.edgeUrl, GITHUB_SHA: SHA }
  })
  console.log('--- action log ---')
  process.stdout.write(run.stdout)
  console.log('--- outputs ---')
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`${name} = ${value.length > 160 ? `${value.slice(0, 157)}...` : value}`)
  console.log('--- job summary (markdown) ---')
  console.log(run.summary)
  console.log(
    `--- exit code ${run.code}; the origin was polled ${emulator.origin?.requests.length} time(s), the emulator accepted ${emulator.state.accepted.length} request(s), its edge served ${emulator.state.edgeRequests} page(s) ---`
  )
  process.exitCode = run.code ?? 1
} finally {
  await emulator.close()
}
