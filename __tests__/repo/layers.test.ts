import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ESLint } from 'eslint'

const root = new URL('../..', import.meta.url).pathname
const eslint = new ESLint({ cwd: root })

/** The lint's verdict on one source file of src/ with one more import line at its top. */
const lintWith = async (path: string, line: string): Promise<string[]> => {
  const text = `${line}\n${readFileSync(`${root}${path}`, 'utf8')}`
  const [result] = await eslint.lintText(text, { filePath: `${root}${path}` })
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('the lint keeps the house in order', () => {
  it('fails on an import cycle', async () => {
    // report/zones.ts imports report/outcome.ts: outcome importing zones closes a circle.
    const messages = await lintWith('src/report/outcome.ts', "import './zones.js'")
    expect(messages).toEqual(['import-x/no-cycle: Dependency cycle detected'])
  }, 60_000)

  it('fails when a lower layer imports a higher one', async () => {
    const messages = await lintWith('src/plan/plan.ts', "import '../steps/purge.js'")
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringContaining('a lower layer never imports a higher one')])
    )
  }, 60_000)

  it('keeps @actions/core in the runner', async () => {
    const messages = await lintWith('src/report/outcome.ts', "import '@actions/core'")
    expect(messages).toEqual([expect.stringContaining('Only src/runner/ and src/main.ts')])
  }, 60_000)
})
