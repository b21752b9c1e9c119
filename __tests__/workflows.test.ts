import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

const dir = new URL('../.github/workflows/', import.meta.url)
const workflows = readdirSync(dir).map((name) => ({
  name,
  doc: parse(readFileSync(new URL(name, dir), 'utf8'))
}))
type Step = { uses?: string; run?: string }
const steps = (doc: { jobs: Record<string, { steps: Step[] }> }): Step[] =>
  Object.values(doc.jobs).flatMap((job) => job.steps)

describe('GitHub workflows', () => {
  it('are CI, check-dist and CodeQL', () => {
    expect(workflows.map((w) => w.name).sort()).toEqual(['check-dist.yml', 'ci.yml', 'codeql.yml'])
  })

  it.each(workflows)('$name reads contents only, at the top level', ({ doc }) => {
    expect(doc.permissions).toEqual({ contents: 'read' })
  })

  it.each(workflows)('$name pins every third-party action to a commit SHA', ({ doc }) => {
    for (const { uses } of steps(doc))
      if (uses !== undefined && !uses.startsWith('./'))
        expect(uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
  })

  it('CI runs .ci/run, and the action itself with uses: ./ against the emulator', () => {
    const ci = workflows.find((w) => w.name === 'ci.yml')!.doc
    expect(steps(ci).some((s) => s.run === 'bash .ci/run')).toBe(true)
    const own = steps(ci).filter((s) => s.uses === './') as (Step & {
      with: Record<string, string>
    })[]
    expect(own.length).toBeGreaterThanOrEqual(2)
    for (const step of own) expect(step.with.api_url).toBe('http://127.0.0.1:8787/client/v4')
  })

  it('check-dist rebuilds dist/ the way .ci/run does', () => {
    const doc = workflows.find((w) => w.name === 'check-dist.yml')!.doc
    expect(steps(doc).some((s) => s.run === 'bash scripts/check-dist.sh')).toBe(true)
    expect(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toContain(
      'bash scripts/check-dist.sh'
    )
  })
})
