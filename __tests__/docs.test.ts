import { reportDryRun } from '../src/report.js'
import { planOf, runOf } from './helpers.js'
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { DEFAULTS, INPUT_NAMES } from '../src/inputs.js'
import { VERSION } from '../src/version.js'
import { readActionYml, tables, withTables } from '../scripts/docs.js'
import { parse } from 'yaml'

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')
const action = readActionYml(read('action.yml'))

describe('action.yml, the code and the README agree', () => {
  it('declares exactly the inputs the code reads, each with a description', () => {
    expect(Object.keys(action.inputs!)).toEqual([...INPUT_NAMES])
    for (const input of Object.values(action.inputs!))
      expect(input.description!.length).toBeGreaterThan(20)
  })

  it('declares the defaults the code applies', () => {
    for (const [name, value] of Object.entries(DEFAULTS))
      expect(action.inputs![name]!.default).toBe(value)
  })

  it('declares every output the code sets', () => {
    const context = { repository: '', sha: '', runUrl: undefined }
    const set = Object.keys(reportDryRun(runOf(planOf({ tags: ['a'] })), [], context).outputs)
    expect(Object.keys(action.outputs!).sort()).toEqual(set.sort())
    expect(set).toContain('rejected_items_file')
  })

  it('runs on node24 from dist/index.js', () => {
    expect(read('action.yml')).toMatch(/runs:\n {2}using: node24\n {2}main: dist\/index.js/)
  })

  it('has README tables generated from action.yml', () => {
    const readme = read('README.md')
    expect(withTables(readme, tables(action))).toBe(readme)
  })

  it('has a quick start whose demo command works', () => {
    const readme = read('README.md')
    expect(readme).toContain('npm run demo ')
    expect(readme).toContain('npm ci && npm test ')
    const demo = spawnSync(process.execPath, ['scripts/demo.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8'
    })
    expect(demo.status).toBe(0)
    expect(demo.stdout).toMatch(/purge_id = [0-9a-f]{32}/)
    expect(demo.stdout).toContain('## ✅ Cloudflare cache purged')
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
    const docs = readdirSync(new URL('../docs/', import.meta.url)).map((name) => `docs/${name}`)
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
        if (!existsSync(new URL(`../${resolved}`, import.meta.url)))
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
