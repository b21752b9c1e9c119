/**
 * docs/emulator.md names only what exists: every file of the repository it names, every
 * endpoint (asked of a running emulator, with its placeholders filled in, and answered), every
 * command-line option of the emulator, `npm run` script and `INPUT_` variable. So the page cannot
 * drift from the emulator again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { GITHUB_TOKEN } from '../../emulator/github.js'
import { ACCOUNT_TOKEN, DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const root = new URL('../..', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const doc = read('docs/emulator.md')
const blocks = [...doc.matchAll(/^```\w*\n([^]*?)^```$/gm)].map((m) => m[1]!)
const prose = doc.replace(/^```\w*\n[^]*?^```$/gm, '')
const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!)
/** Spans and the lines of code blocks: wherever a path, option or variable may be named. */
const texts = [...spans, ...blocks.flatMap((block) => block.split('\n'))]

/** The emulator's mounts; any other path is the Cloudflare API's, relative to api_url as Cloudflare's docs write them. */
const MOUNTS = /^\/(?:client\/v4|edge|origin|github|__emulator)(?:\/|$)/

/** Every endpoint named, as [method, path]: `GET /path`, `/path`, and the emulator's URLs. */
const endpoints = (): [string, string][] => {
  const found: [string, string][] = []
  for (const text of texts) {
    const method = /(?:^|\s)(?:-X )?PATCH\b/.test(text)
      ? 'PATCH'
      : /(?:^|\s)(?:-X )?(POST)\b|\bcurl -s?d\b/.test(text)
        ? 'POST'
        : 'GET'
    for (const m of text.matchAll(/http:\/\/127\.0\.0\.1:8787(\/[^\s`'")]*)?/g))
      found.push([method, m[1] ?? '/'])
    const named = /^(?:(GET|POST|PATCH) )?(\/\S*)$/.exec(text)
    if (named !== null) found.push([named[1] ?? 'GET', named[2]!])
  }
  return found.map(([method, path]) => [
    method,
    MOUNTS.test(path) ? path.replace(/[.,;:]$/, '') : `/client/v4${path}`
  ])
}

const PLACEHOLDERS: Record<string, string> = {
  '{zone_id}': DEFAULT_ZONE.id,
  '{owner}/{repo}': 'acme/site',
  '{base}...{head}': 'HEAD~1...HEAD',
  '{run_id}': '1',
  '{id}': '1',
  '{workflow_id}': '1',
  '<path>': 'index.html'
}
const fill = (path: string) => {
  let filled = path
  for (const [name, value] of Object.entries(PLACEHOLDERS)) filled = filled.split(name).join(value)
  return filled
}

let dir: string
let api: Emulator
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'docs-git-'))
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=A', '-c', 'user.email=a@example.com', ...args])
  git('init', '-q', '-b', 'main')
  for (const text of ['one', 'two']) {
    writeFileSync(join(dir, 'index.html'), text)
    git('add', '-A')
    git('commit', '-q', '-m', text)
  }
  api = await startEmulator({
    origin: { before: 'old', after: 'new', switchAfterMs: 1000 },
    github: { git: dir }
  })
})
afterAll(async () => {
  await api.close()
  rmSync(dir, { recursive: true, force: true })
})

/** What the emulator answers a documented endpoint, asked as a client of it would. */
const ask = async (method: string, path: string) => {
  const body =
    method === 'PATCH'
      ? '{"status": "completed", "conclusion": "success"}'
      : method !== 'POST'
        ? undefined
        : path.endsWith('/purge_cache')
          ? '{"purge_everything": true}'
          : path === '/__emulator/github/runs'
            ? '{"head_sha": "HEAD"}'
            : undefined
  const answer = await fetch(`${api.url}${fill(path)}`, {
    method,
    headers: {
      // An account's token check is asked with one of its tokens.
      authorization: path.startsWith('/github/')
        ? `token ${GITHUB_TOKEN}`
        : `Bearer ${path.includes('/accounts/') ? ACCOUNT_TOKEN : DEFAULT_TOKEN}`,
      'x-forwarded-host': 'www.example.com'
    },
    ...(body === undefined ? {} : { body })
  })
  await answer.arrayBuffer()
  return answer.status
}

describe('docs/emulator.md', () => {
  it('names endpoints the emulator answers', async () => {
    const named = endpoints()
    expect(named.length).toBeGreaterThan(5)
    // A run to ask for by {run_id}: added first, as the page says to.
    const ordered = [...named].sort(([a], [b]) => (a === 'POST' ? -1 : b === 'POST' ? 1 : 0))
    const missing: string[] = []
    for (const [method, path] of ordered) {
      const unknown = /\{[a-z_]+\}|<[a-z_]+>/.exec(fill(path))
      if (unknown !== null) missing.push(`${method} ${path}: what is ${unknown[0]}?`)
      // A mount or folder of others named (`/github`, `/origin/`): those are asked.
      else if (
        method === 'GET' &&
        named.some(([, other]) => other !== path && other.startsWith(`${path.replace(/\/$/, '')}/`))
      )
        continue
      else if (path === '/__emulator/reset') continue
      else {
        const status = await ask(method, path)
        if (status >= 400) missing.push(`${method} ${path}: HTTP ${status}`)
      }
    }
    // Last, as it forgets the run added.
    expect(await ask('POST', '/__emulator/reset')).toBe(200)
    expect(missing).toEqual([])
  })

  it('names files of the repository that exist', () => {
    const top = new Set(readdirSync(root))
    const paths = spans.filter(
      (span) => /^[\w.-]+\/[\w./-]*$/.test(span) && top.has(span.split('/')[0]!)
    )
    expect(paths.length).toBeGreaterThan(2)
    expect(paths.filter((path) => !existsSync(new URL(path, root)))).toEqual([])
  })

  it("names the emulator's options, npm scripts and the action's inputs", () => {
    const help = execFileSync(process.execPath, ['emulator/cli.js', '--help'], {
      cwd: root,
      encoding: 'utf8'
    })
    const options = texts
      .filter((text) => /^(?:npm run emulator -- )?--/.test(text))
      .flatMap((text) => [...text.matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((m) => m[1]!))
    expect(options.length).toBeGreaterThan(2)
    expect(options.filter((option) => !help.includes(`  ${option}`))).toEqual([])

    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as object)
    const run = texts.flatMap((text) => [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!))
    expect(run.filter((name) => !scripts.includes(name))).toEqual([])

    const inputs = Object.keys((parse(read('action.yml')) as { inputs: object }).inputs)
    const given = texts.flatMap((text) =>
      [...text.matchAll(/\bINPUT_([A-Z_]+)=/g)].map((m) => m[1]!.toLowerCase())
    )
    expect(given.filter((name) => !inputs.includes(name))).toEqual([])
  })
})
