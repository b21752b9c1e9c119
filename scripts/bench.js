// @ts-check
/**
 * `npm run bench`: runs the bundled action against the local emulator with plan-like token
 * buckets and ~100 ms of latency per request, and prints, for each scenario, the wall time
 * against the rate-limit floor: the least time the bucket allows (what the run costs beyond
 * the burst, divided by the refill rate, plus one round trip; counted in URLs for URL purges and
 * in requests for the other kinds). Then the cold start of a one-URL dry run against bare node,
 * and the peak memory of a 100,000-URL purge.
 *
 *   npm run bench                 every scenario (about two minutes)
 *   npm run bench -- --quick      skips the Free-plan scenario (a minute of waiting by design)
 *   npm run bench -- --json       machine-readable results
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { PLANS } from '../emulator/limits.js'
import { ACTION, runAction } from './run-action.js'

const LATENCY_MS = 100
const quick = process.argv.includes('--quick')
const json = process.argv.includes('--json')
const dir = mkdtempSync(join(tmpdir(), 'cf-bench-'))
const log = (/** @type {string} */ line) => json || console.log(line)

/**
 * @param {{ name: string, plan: string, kind: 'files' | 'tags', items: number, perRequest: number, rateHeaders?: 'documented' | 'none' }} scenario
 */
const rateLimited = async ({ name, plan, kind, items, perRequest, rateHeaders = 'documented' }) => {
  const limits = PLANS[plan]
  const bucket = /** @type {{ rate: number, burst: number }} */ (
    kind === 'files' ? limits?.urls : limits?.requests
  )
  const cost = kind === 'files' ? items : Math.ceil(items / perRequest)
  const floorS = Math.max(0, cost - bucket.burst) / bucket.rate + LATENCY_MS / 1000
  const list = Array.from({ length: items }, (_, i) =>
    kind === 'files' ? `https://www.example.com/assets/${i}.js` : `release-${i}`
  )
  const file = join(dir, `${name.replace(/\W+/g, '-')}.json`)
  writeFileSync(file, JSON.stringify({ [kind]: list }))
  const emulator = await startEmulator({ plan, latencyMs: LATENCY_MS, rateHeaders })
  try {
    log(`running: ${name} ...`)
    const run = await runAction(
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.id,
        from_file: file,
        api_url: emulator.apiUrl,
        batch_size: String(perRequest),
        timeout: '600'
      },
      { timeoutMs: 900_000 }
    )
    if (run.code !== 0) throw new Error(`${name}: the action failed:\n${run.stdout}${run.stderr}`)
    const accepted = new Set(emulator.acceptedItems(kind)).size
    if (accepted !== items) throw new Error(`${name}: ${accepted} of ${items} items accepted`)
    const requests = emulator.state.requests.filter((r) => r.method === 'POST').length
    return {
      name,
      items,
      wallS: run.ms / 1000,
      floorS,
      ratio: run.ms / 1000 / floorS,
      requests,
      throttled: emulator.state.throttled
    }
  } finally {
    await emulator.close()
  }
}

/** Median wall time of `runs` runs of a command, interleaved with the baseline to share noise. */
const coldStart = (runs = 21) => {
  const dry = {
    ...process.env,
    INPUT_ZONE: DEFAULT_ZONE.id,
    INPUT_URLS: 'https://www.example.com/',
    INPUT_DRY_RUN: 'true',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  }
  writeFileSync(dry.GITHUB_OUTPUT, '')
  writeFileSync(dry.GITHUB_STEP_SUMMARY, '')
  const time = (/** @type {string[]} */ args, /** @type {NodeJS.ProcessEnv} */ env) => {
    const start = process.hrtime.bigint()
    const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' })
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`)
    return Number(process.hrtime.bigint() - start) / 1e6
  }
  const bare = []
  const action = []
  for (let i = 0; i < 3; i++) time([ACTION], dry) // warm the file cache, as a runner's disk is
  for (let i = 0; i < runs; i++) {
    bare.push(time(['-e', '0'], process.env))
    action.push(time([ACTION], dry))
  }
  const median = (/** @type {number[]} */ xs) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
  return {
    runs,
    bareMs: median(bare),
    actionMs: median(action),
    ratio: median(action) / median(bare)
  }
}

/** Peak resident memory of the action purging 100,000 URLs from a file. */
const memory = async () => {
  const file = join(dir, 'urls-100k.txt')
  writeFileSync(
    file,
    Array.from({ length: 100_000 }, (_, i) => `https://www.example.com/assets/${i}.js`).join('\n')
  )
  const emulator = await startEmulator()
  try {
    const report = join(dir, 'rss')
    const run = await runAction(
      { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, from_file: file, api_url: emulator.apiUrl },
      {
        env: {
          NODE_OPTIONS: `--require ${JSON.stringify(join(dir, 'rss.cjs'))}`,
          RSS_REPORT: report
        },
        timeoutMs: 120_000
      }
    )
    if (run.code !== 0) throw new Error(`memory: the action failed:\n${run.stdout}`)
    return { urls: 100_000, peakMb: Number(readFileSync(report, 'utf8')) / 1024 }
  } finally {
    await emulator.close()
  }
}
// process.resourceUsage().maxRSS is the peak in KiB; written when the action's process exits.
writeFileSync(
  join(dir, 'rss.cjs'),
  "process.on('exit', () => require('fs').writeFileSync(process.env.RSS_REPORT, String(process.resourceUsage().maxRSS)))\n"
)

const scenarios = [
  {
    name: '10,000 URLs, Pro-like (1,500 URLs/s, 100 per request)',
    plan: 'pro',
    kind: /** @type {const} */ ('files'),
    items: 10_000,
    perRequest: 100
  },
  {
    name: '5,000 tags, Pro-like (5 requests/s, burst 25)',
    plan: 'pro',
    kind: /** @type {const} */ ('tags'),
    items: 5_000,
    perRequest: 100
  },
  ...(quick
    ? []
    : [
        {
          name: '3,000 tags, Free-like (5 requests/min, burst 25)',
          plan: 'free',
          kind: /** @type {const} */ ('tags'),
          items: 3_000,
          perRequest: 100
        }
      ]),
  // Not a target: what pacing costs when the API sends only Retry-After, rounded up to whole seconds.
  {
    name: '5,000 tags, Pro-like, without Ratelimit headers (Retry-After only)',
    plan: 'pro',
    kind: /** @type {const} */ ('tags'),
    items: 5_000,
    perRequest: 100,
    rateHeaders: /** @type {const} */ ('none')
  }
]

const results = []
for (const scenario of scenarios) results.push(await rateLimited(scenario))
const cold = coldStart()
const mem = await memory()

if (json)
  console.log(
    JSON.stringify({ node: process.version, results, coldStart: cold, memory: mem }, null, 2)
  )
else {
  const f = (/** @type {number} */ n, digits = 2) => n.toFixed(digits)
  console.log(`\nNode ${process.version}, emulator latency ${LATENCY_MS} ms per request\n`)
  console.log('| Scenario | Items | Wall | Floor | Wall / floor | Requests | 429s |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results)
    console.log(
      `| ${r.name} | ${r.items.toLocaleString('en-US')} | ${f(r.wallS)} s | ${f(r.floorS)} s | ${f(r.ratio)}x | ${r.requests} | ${r.throttled} |`
    )
  console.log(
    `| Cold start: one-URL dry run vs \`node -e 0\` (medians of ${cold.runs}) | 1 | ${f(cold.actionMs, 0)} ms | ${f(cold.bareMs, 0)} ms | ${f(cold.ratio)}x | 0 | 0 |`
  )
  console.log(
    `\nPeak memory (max RSS) purging ${mem.urls.toLocaleString('en-US')} URLs from from_file: ${f(mem.peakMb, 0)} MB`
  )
}
