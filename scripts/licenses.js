// @ts-check
/**
 * Writes dist/licenses.txt: the license of every runtime dependency, which dist/ bundles. ncc's
 * own --license writes one file per chunk under the same name, so the last chunk written wins and
 * most packages went missing; this lists every package package-lock.json installs for
 * production, in a fixed order, so check-dist sees the same file on every machine.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))

/** @type {Map<string, string>} name@version -> the entry */
const entries = new Map()
for (const [path, info] of Object.entries(lock.packages)) {
  if (path === '' || info.dev || info.devOptional) continue
  const name = path.replace(/^.*node_modules\//, '')
  const key = `${name}@${info.version}`
  if (entries.has(key)) continue
  const dir = join(root, path)
  const file = existsSync(dir)
    ? readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
    : undefined
  if (!existsSync(dir)) throw new Error(`${key}: not installed in ${path}; run npm ci first`)
  const text = file === undefined ? '' : readFileSync(join(dir, file), 'utf8').trim()
  // Some packages ship no license file: their package.json's license field is what they say.
  const shown =
    text || `(no license file in the package; its package.json says ${info.license ?? 'nothing'})`
  entries.set(key, `${name}\n${info.license ?? 'UNKNOWN'}\n${shown}\n`)
}
const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
writeFileSync(join(root, 'dist', 'licenses.txt'), sorted.map(([, text]) => text).join('\n'))
console.log(`dist/licenses.txt: ${sorted.length} packages`)
