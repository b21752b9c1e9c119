/**
 * The bundled action given huge, hostile or mistaken inputs, as the runner runs it: a sitemap of
 * 130,000 URLs is purged; a malformed 400 KB line, a sitemap with a password, hostile changed
 * file names and the common slips each end in one clear annotation, in seconds, with no secret.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { FAKE_TOKEN, sha, startFakeGitHub, type FakeGitHub } from '../__fixtures__/fake-github.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const BEFORE = sha('1')
const AFTER = sha('2')

let api: Emulator
let github: FakeGitHub
beforeAll(async () => {
  api = await startEmulator()
  github = await startFakeGitHub({
    comparisons: {
      [`${BEFORE}...${AFTER}`]: {
        status: 'ahead',
        files: [
          { filename: 'public/../../admin/x.html', status: 'modified' },
          { filename: 'public/*.css', status: 'added' },
          { filename: 'public/ok.css', status: 'modified' }
        ]
      }
    }
  })
})
afterAll(async () => {
  await api.close()
  await github.close()
})
beforeEach(() => {
  api.state.requests.length = 0
  api.state.accepted.length = 0
})

/** Far more than any of these runs needs, far less than the old code took (minutes to hours). */
const CHILD_TIMEOUT_MS = 60_000

const workspace = () => realpathSync(mkdtempSync(join(tmpdir(), 'hostile-ws-')))

const run = (inputs: Record<string, string>, env: Record<string, string> = {}, cwd?: string) =>
  runAction(
    { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: api.apiUrl, ...inputs },
    { env, cwd, timeoutMs: CHILD_TIMEOUT_MS }
  )

const errors = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error'))

describe('dist/index.js with huge inputs', () => {
  it('purges every URL of a sitemap of 130,000 URLs', async () => {
    const dir = workspace()
    const urls = Array.from({ length: 130_000 }, (_, i) => `https://www.example.com/p/${i}`)
    writeFileSync(
      join(dir, 'sitemap.xml'),
      `<urlset>${urls.map((u) => `<url><loc>${u}</loc></url>`).join('\n')}</urlset>`
    )
    const result = await run({ sitemap: 'sitemap.xml' }, { GITHUB_WORKSPACE: dir }, dir)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs.purged_count).toBe('130000')
    expect(api.acceptedItems('files')).toHaveLength(130_000)
  }, 120_000)

  it(
    'refuses a from_file with a malformed line of 400 KB, naming the line',
    async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'long-line-')), 'urls.txt')
      writeFileSync(path, `https://a.com/${'a'.repeat(400_000)} x\n`)
      const result = await run({ from_file: path })
      expect(result.code).toBe(1)
      expect(errors(result.stdout)).toEqual([
        expect.stringMatching(
          /^::error title=Invalid inputs::Input "from_file": .* contains whitespace.*\(line 1 of /
        )
      ])
      expect(api.state.requests).toEqual([])
    },
    CHILD_TIMEOUT_MS + 10_000
  )

  it.each([
    ['site_url', { changed: 'true', site_url: `https://${'a:'.repeat(60_000)}` }],
    ['sitemap', { sitemap: `https://${'a:'.repeat(60_000)}` }]
  ])(
    'refuses a %s of 120 KB at once',
    async (input, inputs) => {
      const result = await run({ github_token: FAKE_TOKEN, ...inputs })
      expect(result.code).toBe(1)
      expect(errors(result.stdout).join('\n')).toContain(`Input "${input}"`)
    },
    CHILD_TIMEOUT_MS + 10_000
  )
})

describe('dist/index.js with a sitemap URL', () => {
  it('refuses a password in it, and never prints it', async () => {
    const result = await run({ sitemap: 'http://user:PASS@127.0.0.1:9/sitemap.xml' })
    expect(result.code).toBe(1)
    expect(errors(result.stdout)).toEqual([
      '::error title=Invalid inputs::Input "sitemap": "http://***@127.0.0.1:9/sitemap.xml" must not contain a user name or password (an "@" before the host): the sitemap is fetched without credentials; make it public, or put the file in the workspace'
    ])
    expect(result.stdout + result.stderr + result.summary).not.toContain('PASS')
  })

  it('refuses plain http to a host that is not loopback', async () => {
    const result = await run({ sitemap: 'http://www.example.com/sitemap.xml' })
    expect(result.code).toBe(1)
    expect(errors(result.stdout).join('\n')).toContain(
      'must be a file in the workspace or an https:// URL'
    )
  })
})

describe('dist/index.js with changed files no URL can be made of', () => {
  it('purges the rest, and warns about them in the log and the summary', async () => {
    const dir = workspace()
    const eventPath = join(dir, 'event.json')
    writeFileSync(eventPath, JSON.stringify({ before: BEFORE, after: AFTER, forced: false }))
    const result = await run(
      {
        changed: 'true',
        site_dir: 'public',
        site_url: 'https://www.example.com/docs/',
        github_token: FAKE_TOKEN
      },
      {
        GITHUB_WORKSPACE: dir,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/site',
        GITHUB_SHA: AFTER,
        GITHUB_API_URL: github.apiUrl
      },
      dir
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(api.acceptedItems('files')).toEqual(['https://www.example.com/docs/ok.css'])
    expect(result.stdout).toMatch(
      /^::warning title=Cloudflare purge::Changed files: 2 file\(s\) not purged, because no valid URL can be made of them: "public\/\.\.\/\.\.\/admin\/x\.html"/m
    )
    expect(result.summary).toContain('⚠️ Changed files not purged: 2')
  })
})

describe('dist/index.js with a common slip', () => {
  it('gives one error for purge_everything: yes', async () => {
    const result = await run({ purge_everything: 'yes' })
    expect(result.code).toBe(1)
    expect(errors(result.stdout)).toEqual([
      '::error title=Invalid inputs::Input "purge_everything": "yes" must be true or false: write true (or True, TRUE) instead of "yes"'
    ])
  })

  it('says to drop "Bearer " from the token, without printing it', async () => {
    const result = await run({ token: `Bearer ${DEFAULT_TOKEN}`, tags: 'a' })
    expect(result.code).toBe(1)
    expect(errors(result.stdout).join('\n')).toContain('give the token alone, without "Bearer "')
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(DEFAULT_TOKEN)
  })

  it('says where a missing from_file was looked for', async () => {
    const dir = workspace()
    const result = await run({ from_file: 'build/urls.txt' }, { GITHUB_WORKSPACE: dir }, dir)
    expect(result.code).toBe(1)
    expect(errors(result.stdout).join('\n')).toContain(
      `does not exist: there is no file at "${join(dir, 'build', 'urls.txt')}"`
    )
  })
})
