// @ts-check
/**
 * `npm run demo`: the action end to end against the local emulator, no account needed. Starts the
 * emulator, runs dist/index.js as the runner would, prints its log, outputs and job summary: a
 * purge of a zone given by name, then one of its environments given by name. For the first, the
 * emulator also plays the origin mid-deploy: it serves the old version for two seconds, then the
 * run's commit; the action waits for it (wait_for_url), purges, checks the edge and warms it.
 * Last, a race mended: on another emulator whose origin serves the old version to the first fill
 * after the purge, the check finds a page refilled with it, and the action purges it again.
 */
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { show as showRun } from './show-run.js'

/** The commit being deployed: GITHUB_SHA in a workflow run. */
const SHA = '5f0c6e1b2a3d4c5e6f708192a3b4c5d6e7f80912'

/** @param {Awaited<ReturnType<typeof startEmulator>>} emulator @param {string} what @param {Record<string, string>} inputs */
const show = (emulator, what, inputs) =>
  showRun(emulator, what, { token: DEFAULT_TOKEN, ...inputs }, { GITHUB_SHA: SHA })

/** A page refilled with the old version during the purge, mended by a second purge. */
async function mendedRace() {
  const site = await startEmulator({
    site: { before: 'v1.4.1 (3f2a9c1)', after: SHA, lateFills: 1, maxAge: 300 }
  })
  try {
    return await showRun(
      site,
      `zone=${DEFAULT_ZONE.name}, urls=https://www.example.com/pricing, verify=warn, on an origin that serves the old version to the first fill after the purge`,
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.name,
        urls: 'https://www.example.com/pricing',
        verify: 'warn'
      },
      { GITHUB_SHA: SHA }
    )
  } finally {
    await site.close()
  }
}

const emulator = await startEmulator({
  plan: 'pro',
  latencyMs: 50,
  origin: { before: 'v1.4.1 (3f2a9c1)', after: SHA, switchAfterMs: 2000 }
})
try {
  console.log(`Emulator: ${emulator.apiUrl} (Pro-like limits, 50 ms latency)`)
  const urls = Array.from({ length: 250 }, (_, i) => `https://www.example.com/assets/app-${i}.js`)
  const waitFor = `${emulator.url}/origin/version.json`
  const zone = await show(
    emulator,
    `zone=${DEFAULT_ZONE.name}, ${urls.length} urls, tags=homepage, product-1234, prefixes=www.example.com/blog/, wait_for_url=${waitFor} (the old version for 2 s, then commit ${SHA.slice(0, 7)}), verify=warn, warm=true`,
    {
      zone: DEFAULT_ZONE.name,
      urls: urls.join('\n'),
      tags: 'homepage, product-1234',
      prefixes: 'www.example.com/blog/',
      wait_for_url: waitFor,
      verify: 'warn',
      warm: 'true'
    }
  )
  // An environment by the name people call it: the action finds its ID (GET .../environments).
  const environment = await show(
    emulator,
    `zone=${DEFAULT_ZONE.name}, environment=staging, tags=homepage`,
    { zone: DEFAULT_ZONE.name, environment: 'staging', tags: 'homepage' }
  )
  const race = await mendedRace()
  process.exitCode = zone === 0 && environment === 0 && race === 0 ? 0 : 1
} finally {
  await emulator.close()
}
