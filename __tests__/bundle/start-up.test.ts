/**
 * What the main chunk of dist/ carries and what a plain run evaluates (docs/performance.md, start-
 * up): undici (~430 KB, which @actions/core's OIDC client imports) and @actions/exec (which its
 * `platform` imports) stay out of it, through build/skippable/ and tsconfig.json's `paths`. How
 * long the start-up takes is measured by `npm run bench`, not here: these check what is loaded.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE } from '../../emulator/server.js'
import { ACTION, runAction } from '../../scripts/run-action.js'

const dir = ACTION.replace(/index\.js$/, '')
/** Every file of dist/ that holds code, by name: index.js is the main chunk. */
const files = readdirSync(dir)
  .filter((f) => /^(\d+\.)?index\.js$/.test(f))
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
const holding = (marker: string): string[] =>
  files.filter((f) => f.text.includes(marker)).map((f) => f.name)

const source = (path: string): string =>
  readFileSync(new URL(`../../node_modules/${path}`, import.meta.url), 'utf8')

/** Text each package has in its source and keeps through minifying: the package's marker. */
const UNDICI = 'undici.globalDispatcher.1' // lib/global.js, the dispatcher Node's fetch reads
const EXEC = "Parameter 'commandLine' cannot be null or empty." // @actions/exec's exec()

describe('the main chunk', () => {
  it('does not carry undici: only the chunk that uses it (Octokit, for `changed`) does', () => {
    expect(source('undici/lib/global.js')).toContain(UNDICI)
    const chunks = holding(UNDICI)
    expect(chunks).not.toContain('index.js')
    expect(chunks).toHaveLength(1)
  })

  it('does not carry @actions/exec, which nothing the action runs uses', () => {
    expect(source('@actions/exec/lib/exec.js')).toContain(EXEC)
    expect(holding(EXEC)).toEqual([])
  })
})

describe('a one-URL dry run', () => {
  it('evaluates neither undici nor child_process: fetch keeps Node’s own dispatcher', async () => {
    const work = mkdtempSync(join(tmpdir(), 'start-up-'))
    const report = join(work, 'loaded.json')
    const hook = join(work, 'hook.cjs')
    writeFileSync(
      hook,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({
        dispatcher: typeof globalThis[Symbol.for(${JSON.stringify(UNDICI)})],
        childProcess: process.moduleLoadList.includes('NativeModule child_process')
      })))\n`
    )
    const run = await runAction(
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.id,
        urls: 'https://www.example.com/',
        dry_run: 'true'
      },
      { env: { NODE_OPTIONS: `--require ${JSON.stringify(hook)}` } }
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({
      dispatcher: 'undefined',
      childProcess: false
    })
  })
})
