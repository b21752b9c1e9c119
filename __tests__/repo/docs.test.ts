import { reportDryRun } from '../../src/report/dry-run.js'
import { reportEarlyFailure, reportNothingToPurge } from '../../src/report/early.js'
import { reportOutcome } from '../../src/report/outcome.js'
import { OUTPUT_NAMES } from '../../src/report/outputs.js'
import { reportZones } from '../../src/report/zones.js'
import { planOf, runOf, ZONE_ID } from '../__fixtures__/helpers.js'
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { parse } from 'yaml'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { INPUTS } from '../../src/inputs/table.js'
import { REMOVED } from '../../src/inputs/removed.js'
import { OUTPUTS } from '../../src/report/outputs.js'
import { VERSION } from '../../src/version.js'
import { render } from '../../scripts/docs.js'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const action = parse(read('action.yml')) as {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

describe('action.yml, the code and the README agree', () => {
  it('writes action.yml, the README tables and docs/inputs.md from the one table of inputs', async () => {
    const files = await render(INPUTS, OUTPUTS, read('README.md'))
    for (const [path, text] of Object.entries(files))
      expect([path, read(path)]).toEqual([path, text])
  })

  it('declares at most 28 inputs, each described in at most 200 characters', () => {
    expect(Object.keys(action.inputs)).toEqual([...INPUT_NAMES])
    expect(INPUT_NAMES.length).toBeLessThanOrEqual(28)
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, input.description.length]).toEqual([name, expect.any(Number)])
      expect(input.description.length).toBeGreaterThan(20)
      expect(input.description.length).toBeLessThanOrEqual(200)
    }
  })

  it("reads an input left out as it reads action.yml's default", () => {
    // A default that is an expression (`${{ github.token }}`) is the runner's to apply.
    const declared = Object.entries(action.inputs).flatMap(([name, input]) =>
      input.default === undefined || input.default.startsWith('${{')
        ? []
        : [[name, input.default] as const]
    )
    // What the code does with an input left out is what it does with action.yml's default.
    const given = (defaults: boolean) =>
      parseInputs({
        ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
        ...(defaults ? Object.fromEntries(declared) : {}),
        token: 'a'.repeat(40),
        zone: ZONE_ID,
        tags: 'a',
        changed: 'true',
        github_token: 'b'.repeat(40),
        site_url: 'https://www.example.com/',
        dry_run: 'true'
      })
    expect(given(false)).toEqual(given(true))
  })

  it('declares every output the code sets, on every path a report takes', () => {
    const context = { repository: '', sha: '', runUrl: undefined }
    const plan = planOf({ tags: ['a'] })
    const outcome = {
      kinds: [],
      ids: [],
      rejected: [],
      unpurged: [],
      failure: undefined,
      requests: 0,
      throttled: 0,
      waitedMs: 0,
      durationMs: 0
    }
    const other = {
      ...plan,
      zone: { by: 'name' as const, given: 'example.org', name: 'example.org' }
    }
    const reports = {
      'dry run': reportDryRun(runOf(plan), [], context),
      'early failure': reportEarlyFailure(new Error('x'), runOf(plan), context),
      'early failure before a plan': reportEarlyFailure(new Error('x'), undefined, context),
      'nothing to purge': reportNothingToPurge(runOf(plan), 'empty', context),
      'one zone': reportOutcome(plan, ZONE_ID, outcome, context),
      'several zones': reportZones(
        [
          { plan, zoneId: ZONE_ID, outcome },
          { plan: other, zoneId: '', outcome }
        ],
        context
      )
    }
    const declared = Object.keys(action.outputs)
    expect(declared).toEqual([...OUTPUT_NAMES])
    for (const [path, report] of Object.entries(reports))
      expect([path, Object.keys(report.outputs).sort()]).toEqual([path, [...declared].sort()])
  })

  it('runs on node24 from dist/index.js', () => {
    expect(read('action.yml')).toMatch(/runs:\n {2}using: node24\n {2}main: dist\/index.js/)
  })

  it('has a quick start whose demo command works', () => {
    const readme = read('README.md')
    expect(readme).toContain('npm run demo ')
    expect(readme).toContain('npm ci && npm test ')
    const demo = spawnSync(process.execPath, ['scripts/demo.js'], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8'
    })
    expect(demo.status).toBe(0)
    expect(demo.stdout).toMatch(/purge_id = [0-9a-f]{32}/)
    expect(demo.stdout).toContain('## ✅ Cloudflare cache purged')
    // The second run purges an environment given by name.
    expect(demo.stdout).toContain(
      'environment `Staging` (`7c5dae5552338874e5053f2534d2767a`) · mode <b>purge</b>'
    )
    // A gated purge followed by warming.
    expect(demo.stdout).toContain('The deploy is live: every URL shows')
    expect(demo.stdout).toMatch(/^Warmed \d+ URL\(s\) through Cloudflare/m)
  })

  it('has a description within the Marketplace limit of 125 characters', () => {
    const description = String(parse(read('action.yml')).description)
    expect(description.length).toBeGreaterThan(40)
    expect(description.length).toBeLessThan(125)
  })

  it('has badges that work from the Marketplace page: absolute URLs only', () => {
    const badges = [...read('README.md').matchAll(/\[!\[[^\]]*\]\(([^)]+)\)\]\(([^)]+)\)/g)]
    expect(badges.length).toBeGreaterThanOrEqual(3)
    for (const [, image, link] of badges) {
      expect(image).toMatch(
        /^https:\/\/(github\.com|raw\.githubusercontent\.com)\/OWNER\/cloudflare-purge-action\//
      )
      expect(link).toMatch(/^https:\/\/github\.com\/OWNER\/cloudflare-purge-action\//)
    }
  })

  it('has relative links in its Markdown files that point at files and headings that exist', () => {
    const files = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md']
    const docs = readdirSync(new URL('../../docs/', import.meta.url)).map((name) => `docs/${name}`)
    // GitHub's anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = (path: string) =>
      [...read(path).matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replace(/ /g, '-')
      )
    const broken: string[] = []
    for (const file of [...files, ...docs]) {
      const text = read(file).replace(/^```[\s\S]*?^```$/gm, '')
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue
        const [path, anchor] = target!.split('#')
        const resolved =
          path === '' ? file : posix.normalize(posix.join(posix.dirname(file), path!))
        if (!existsSync(new URL(`../../${resolved}`, import.meta.url)))
          broken.push(`${file}: ${target}`)
        else if (anchor !== undefined && !anchors(resolved).includes(anchor))
          broken.push(`${file}: ${target} (no such heading)`)
      }
    }
    expect(broken).toEqual([])
  })

  it('names the package version in the User-Agent', () => {
    expect(VERSION).toBe(JSON.parse(read('package.json')).version)
  })
})

describe('no file a user copies from sets an input the action does not take', () => {
  const REMOVED_NAMES = Object.keys(REMOVED)
  const files = [
    'README.md',
    '.env.example',
    ...readdirSync('docs').map((f) => `docs/${f}`),
    ...readdirSync('examples').map((f) => `examples/${f}`)
  ]

  it('sets only declared inputs as INPUT_<NAME> variables', () => {
    const declared = new Set(INPUT_NAMES.map((name) => `INPUT_${name.toUpperCase()}`))
    for (const file of files) {
      const set = [...readFileSync(file, 'utf8').matchAll(/\b(INPUT_[A-Z0-9_]+)=/g)].map(
        (m) => m[1]
      )
      expect({ file, unknown: set.filter((v) => !declared.has(v!)) }).toEqual({ file, unknown: [] })
    }
  })

  it('writes no removed input as a setting in YAML (`name: value`)', () => {
    for (const file of files.filter((f) => f !== 'docs/inputs.md')) {
      const lines = readFileSync(file, 'utf8').split('\n')
      const setting = lines.filter((line) =>
        REMOVED_NAMES.some((name) => new RegExp(`^\\s*(- )?${name}:\\s`).test(line))
      )
      expect({ file, setting }).toEqual({ file, setting: [] })
    }
  })
})
