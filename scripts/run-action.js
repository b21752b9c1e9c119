// @ts-check
/**
 * Runs the bundled action the way the runner does: inputs as INPUT_* variables, outputs and the
 * job summary through the files named by GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve as resolvePath } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ACTION = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js')

/**
 * The Node.js binary that runs the action: ACTION_NODE when set (`npm run test:node24` points it
 * at the pinned Node 24 of the runners' `node24`), else the Node running this script.
 */
export const actionNode = (env = process.env) =>
  env.ACTION_NODE ? resolvePath(env.ACTION_NODE) : process.execPath

/** @param {string} text @returns {Record<string, string>} */
export const parseOutputs = (text) => {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (match === null) continue
    const [, name, delimiter] = match
    const value = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i])
    outputs[/** @type {string} */ (name)] = value.join('\n')
  }
  return outputs
}

/**
 * @param {Record<string, string>} inputs by input name, as in a workflow's `with:`
 * @param {{ env?: Record<string, string>, timeoutMs?: number, cwd?: string, onSpawn?: (child: import('node:child_process').ChildProcess) => void }} [options]
 *   `onSpawn` gets the process as soon as it starts: a test sends it signals as the runner does.
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, outputs: Record<string, string>, summary: string, ms: number }>}
 */
export const runAction = (inputs, options = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-purge-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    // from_file reads only inside the workspace or RUNNER_TEMP, where tests and the bench write lists.
    RUNNER_TEMP: tmpdir(),
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(actionNode(), [ACTION], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: options.cwd,
      timeout: options.timeoutMs ?? 120_000
    })
    options.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const ms = performance.now() - started
      const outputs = parseOutputs(readFileSync(outputFile, 'utf8'))
      const summary = readFileSync(summaryFile, 'utf8')
      rmSync(dir, { recursive: true, force: true })
      resolve({ code, signal, stdout, stderr, outputs, summary, ms })
    })
  })
}
