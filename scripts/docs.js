// @ts-check
/**
 * action.yml's inputs and outputs, the README's input and output tables, and docs/inputs.md, all
 * written from the one table of inputs (src/inputs/table.ts) and of outputs (src/report/outputs.ts),
 * so they cannot drift. `npm run docs` rewrites them; `npm run docs:check` fails when one is stale.
 * The TypeScript sources are transpiled (no type check) into node_modules/.cache to be imported.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as prettier from 'prettier'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Every .ts file under `dir`, recursively. @param {string} dir @returns {string[]} */
const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : []
  })

/** The tables, imported from src/ transpiled as it is now. */
export const loadTables = async () => {
  const out = join(root, 'node_modules', '.cache', 'docs-src', String(process.pid))
  rmSync(out, { recursive: true, force: true })
  for (const file of sources(join(root, 'src'))) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
    })
    const target = join(out, relative(join(root, 'src'), file)).replace(/\.ts$/, '.js')
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, outputText)
  }
  writeFileSync(join(out, 'package.json'), '{"type": "module"}')
  try {
    const { INPUTS } = await import(pathToFileURL(join(out, 'inputs', 'table.js')).href)
    const { OUTPUTS } = await import(pathToFileURL(join(out, 'report', 'outputs.js')).href)
    return { INPUTS, OUTPUTS }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** A YAML scalar: single-quoted when plain would be misread. @param {string} text */
const scalar = (text) =>
  /^[\w./${}][^#:]*$/.test(text) && !/^(true|false|yes|no|on|off|null|~|\d.*)$/i.test(text)
    ? text
    : `'${text.replace(/'/g, "''")}'`

/** action.yml, whole. @param {Record<string, any>} inputs @param {Record<string, any>} outputs */
export const actionYml = (inputs, outputs) => {
  const lines = [
    'name: Cloudflare Cache Purge',
    "description: Purge or invalidate Cloudflare's cache by URL, tag, host, prefix or everything, at the API's rate limits.",
    'author: cloudflare-purge-action maintainers',
    'branding:',
    '  icon: refresh-cw',
    '  color: orange',
    '',
    '# Generated from src/inputs/table.ts and src/report/outputs.ts by `npm run docs`: edit those.',
    'inputs:'
  ]
  for (const [name, spec] of Object.entries(inputs)) {
    lines.push(`  ${name}:`, `    description: ${scalar(spec.short)}`)
    lines.push(`    required: ${spec.required === true}`)
    if (spec.default !== undefined) lines.push(`    default: ${scalar(spec.default)}`)
  }
  lines.push('', 'outputs:')
  for (const [name, spec] of Object.entries(outputs))
    lines.push(`  ${name}:`, `    description: ${scalar(spec.short)}`)
  lines.push('', 'runs:', '  using: node24', '  main: dist/index.js', '')
  return lines.join('\n')
}

const cell = (/** @type {string} */ text) => text.replace(/\|/g, '\\|')

/** The README's tables. @param {Record<string, any>} inputs @param {Record<string, any>} outputs */
export const tables = (inputs, outputs) => ({
  inputs: [
    '| Input | Default | What it does |',
    '| --- | --- | --- |',
    ...Object.entries(inputs).map(
      ([name, spec]) =>
        `| [\`${name}\`](docs/inputs.md#${name}) | ${spec.default === undefined ? (spec.required ? '**required**' : '') : `\`${spec.default}\``} | ${cell(spec.short)} |`
    )
  ].join('\n'),
  outputs: [
    '| Output | What it holds |',
    '| --- | --- |',
    ...Object.entries(outputs).map(
      ([name, spec]) => `| [\`${name}\`](docs/outputs.md#${name}) | ${cell(spec.short)} |`
    )
  ].join('\n')
})

/** docs/inputs.md, whole. @param {Record<string, any>} inputs */
export const inputsDoc = (inputs) => {
  const parts = [
    '# Inputs',
    '',
    '<!-- Generated from src/inputs/table.ts by `npm run docs`: edit that file, not this one. -->',
    '',
    'Every input, in the order `action.yml` declares them. Flags take `true` or `false` (also',
    '`True`, `TRUE`, `False`, `FALSE`); words such as `purge` or `warn` are taken in any case;',
    'lists take one entry per line, comma-separated entries, or a JSON array. Every mistake is',
    'reported at once, naming the input, before anything is sent.',
    ''
  ]
  for (const [name, spec] of Object.entries(inputs)) {
    const facts = [
      `Takes ${spec.kind}.`,
      spec.default === undefined ? '' : `Default \`${spec.default}\`.`,
      spec.required ? 'Required.' : '',
      spec.under === undefined ? '' : `Used only with \`${spec.under}\`.`
    ].filter((fact) => fact !== '')
    parts.push(`## ${name}`, '', spec.short, '', facts.join(' '), '')
    if (spec.details !== undefined) parts.push(spec.details, '')
  }
  return parts.join('\n')
}

/** docs/outputs.md, whole. @param {Record<string, any>} outputs */
export const outputsDoc = (outputs) => {
  const parts = [
    '# Outputs',
    '',
    '<!-- Generated from src/report/outputs.ts by `npm run docs`: edit that file, not this one. -->',
    '',
    'Every output, in the order `action.yml` declares them. Each is set on every path a step',
    'takes: a success, a failure, a dry run, a cancel.',
    ''
  ]
  for (const [name, spec] of Object.entries(outputs)) {
    parts.push(`## ${name}`, '', spec.short, '')
    if (spec.details !== undefined) parts.push(spec.details, '')
  }
  return parts.join('\n')
}

/** @param {string} readme @param {ReturnType<typeof tables>} generated */
export const withTables = (readme, generated) => {
  let text = readme
  for (const [name, table] of Object.entries(generated)) {
    const start = `<!-- ${name}:start (generated by npm run docs) -->`
    const end = `<!-- ${name}:end -->`
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`)
    text = `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`
  }
  return text
}

/** Text as Prettier writes it, so that `format:check` and `docs:check` agree. */
const formatted = async (/** @type {string} */ path, /** @type {string} */ text) =>
  prettier.format(text, {
    ...(await prettier.resolveConfig(join(root, path))),
    filepath: join(root, path)
  })

/**
 * Every generated file, by path, as the tables make it. @param {Record<string, any>} inputs
 * @param {Record<string, any>} outputs @param {string} readme the README as it is now
 */
export const render = async (inputs, outputs, readme) => {
  /** @type {Record<string, string>} */
  const files = {
    'action.yml': actionYml(inputs, outputs),
    'README.md': withTables(readme, tables(inputs, outputs)),
    'docs/inputs.md': inputsDoc(inputs),
    'docs/outputs.md': outputsDoc(outputs)
  }
  for (const [path, text] of Object.entries(files)) files[path] = await formatted(path, text)
  return files
}

/** Every generated file, by path, as it should be now. */
export const generated = async () => {
  const { INPUTS, OUTPUTS } = await loadTables()
  return render(INPUTS, OUTPUTS, readFileSync(join(root, 'README.md'), 'utf8'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await generated()
  const current = (/** @type {string} */ path) => {
    try {
      return readFileSync(join(root, path), 'utf8')
    } catch {
      return ''
    }
  }
  const stale = Object.entries(files).filter(([path, text]) => current(path) !== text)
  if (process.argv.includes('--check')) {
    if (stale.length > 0) {
      console.error(
        `${stale.map(([path]) => path).join(', ')} differ from src/inputs/table.ts and src/report/outputs.ts: run \`npm run docs\` and commit them.`
      )
      process.exit(1)
    }
    console.log('action.yml, README.md, docs/inputs.md and docs/outputs.md match the tables.')
  } else for (const [path, text] of stale) writeFileSync(join(root, path), text)
}
