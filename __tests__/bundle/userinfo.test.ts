/**
 * A password in a URL's user info (`user:PASS@`) given in any input that takes a URL, a host or a
 * prefix never comes back: dist/index.js run as the runner runs it, each input on its own and all
 * of them at once, and PASS is looked for in the log, the annotation, the summary and the outputs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { FAKE_TOKEN, sha } from '../__fixtures__/fake-github.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const PASS = 'PASS'
/** Nothing listens there: a URL the action might fetch fails at once, on this machine. */
const NOWHERE = '127.0.0.1:9'

let api: Emulator
beforeAll(async () => {
  api = await startEmulator()
})
afterAll(() => api.close())

const file = (name: string, text: string): string => {
  const path = join(realpathSync(mkdtempSync(join(tmpdir(), 'userinfo-'))), name)
  writeFileSync(path, text)
  return path
}

/** Each input that takes a URL, a host or a prefix, with the least else it needs to be read. */
const CASES: [string, () => Record<string, string>][] = [
  ['urls', () => ({ urls: `https://user:${PASS}@www.example.com/a` })],
  ['prefixes', () => ({ prefixes: `user:${PASS}@www.example.com/blog/` })],
  ['hosts', () => ({ hosts: `user:${PASS}@www.example.com` })],
  [
    'verify_urls',
    () => ({
      tags: 'a',
      verify: 'warn',
      verify_urls: `https://user:${PASS}@www.example.com/v`
    })
  ],
  ['wait_for_url', () => ({ tags: 'a', wait_for_url: `http://user:${PASS}@${NOWHERE}/version` })],
  ['sitemap', () => ({ sitemap: `http://user:${PASS}@${NOWHERE}/sitemap.xml` })],
  [
    'site_url',
    () => ({
      changed: 'true',
      site_url: `https://user:${PASS}@www.example.com/`,
      github_token: FAKE_TOKEN
    })
  ],
  ['api_url', () => ({ tags: 'a', api_url: `http://user:${PASS}@${NOWHERE}/client/v4` })],
  [
    'from_file (text)',
    () => ({ from_file: file('urls.txt', `https://user:${PASS}@www.example.com/f\n`) })
  ],
  [
    'from_file (JSON)',
    () => ({
      from_file: file(
        'purge.json',
        JSON.stringify({
          files: [{ url: `https://user:${PASS}@www.example.com/j`, headers: {} }],
          hosts: [`user:${PASS}@www.example.com`],
          prefixes: [`user:${PASS}@www.example.com/j/`]
        })
      )
    })
  ],
  [
    'changed_rules',
    () => ({
      changed: 'true',
      site_url: 'https://www.example.com/',
      github_token: FAKE_TOKEN,
      changed_rules: [
        `**/*.css: prefix:user:${PASS}@www.example.com/css/`,
        `**/*.js: url:https://user:${PASS}@www.example.com/app.js`,
        `**/*.svg: host:user:${PASS}@www.example.com`
      ].join('\n')
    })
  ]
]

const run = (inputs: Record<string, string>) =>
  runAction(
    { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: api.apiUrl, ...inputs },
    {
      env: {
        CLOUDFLARE_PURGE_EDGE_URL: api.edgeUrl,
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_REPOSITORY: 'acme/site',
        GITHUB_SHA: sha('2'),
        GITHUB_API_URL: `http://${NOWHERE}`
      },
      timeoutMs: 60_000
    }
  )

/** Every place a run writes text a person or a later step reads. */
const everything = (result: Awaited<ReturnType<typeof run>>): [string, string][] => [
  ['log', result.stdout],
  ['stderr', result.stderr],
  ['summary', result.summary],
  ...Object.entries(result.outputs).map(([name, value]): [string, string] => [
    `output ${name}`,
    value ?? ''
  ])
]

describe("dist/index.js never shows a URL's password", () => {
  it.each(CASES)('given in %s', async (name, inputs) => {
    const result = await run(inputs())
    // The input was read, and its value refused, quoted without the password.
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`Input "${name.split(' ')[0]}": `)
    expect(result.stdout).toContain('***@')
    const found = everything(result).filter(([, text]) => text.includes(PASS))
    expect(found.map(([where, text]) => `${name} in ${where}: ${text.slice(0, 300)}`)).toEqual([])
  })

  it('given in every such input at once', async () => {
    const all = Object.assign({}, ...CASES.map(([, inputs]) => inputs())) as Record<string, string>
    const result = await run(all)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('::error title=Invalid inputs::')
    expect(everything(result).filter(([, text]) => text.includes(PASS))).toEqual([])
  })
})
