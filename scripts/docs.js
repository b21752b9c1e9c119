// @ts-check
/**
 * The README's input and output tables, generated from action.yml so they cannot drift.
 * `npm run docs` rewrites them; `npm run docs:check` fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** @param {string} text @returns {{ inputs: Record<string, Record<string, string>>, outputs: Record<string, Record<string, string>> }} */
export const readActionYml = (text) => {
  const action = parse(text)
  /** @param {Record<string, Record<string, unknown>>} map */
  const strings = (map) =>
    Object.fromEntries(
      Object.entries(map ?? {}).map(([name, fields]) => [
        name,
        Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]))
      ])
    )
  return { inputs: strings(action.inputs), outputs: strings(action.outputs) }
}

const cell = (/** @type {string} */ text) => text.replace(/\|/g, '\\|')

/** @param {ReturnType<typeof readActionYml>} action */
export const tables = (action) => {
  const inputs = Object.entries(action.inputs).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.required === 'true' ? 'yes' : ''} | ${cell(i.description ?? '')} | ${i.default === undefined ? '' : `\`${i.default}\``} |`
  )
  const outputs = Object.entries(action.outputs).map(
    ([name, o]) => `| \`${name}\` | ${cell(o.description ?? '')} |`
  )
  return {
    inputs: [
      '| Input | Required | Description | Default |',
      '| --- | --- | --- | --- |',
      ...inputs
    ].join('\n'),
    outputs: ['| Output | Description |', '| --- | --- |', ...outputs].join('\n')
  }
}

/** @param {string} readme @param {ReturnType<typeof tables>} generated */
export const withTables = (readme, generated) => {
  let text = readme
  for (const [name, table] of Object.entries(generated)) {
    const start = `<!-- ${name}:start (generated from action.yml by npm run docs) -->`
    const end = `<!-- ${name}:end -->`
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`)
    text = `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`
  }
  return text
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = join(root, 'README.md')
  const readme = readFileSync(readmePath, 'utf8')
  const updated = withTables(
    readme,
    tables(readActionYml(readFileSync(join(root, 'action.yml'), 'utf8')))
  )
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error(
        'README.md tables differ from action.yml: run `npm run docs` and commit README.md.'
      )
      process.exit(1)
    }
    console.log('README.md tables match action.yml.')
  } else writeFileSync(readmePath, updated)
}
