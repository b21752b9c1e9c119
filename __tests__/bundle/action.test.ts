/**
 * The bundled dist/index.js, run the way the runner runs it: INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, against the emulator over real HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_KEY,
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  DISABLED_TOKEN,
  EXPIRED_TOKEN,
  PURGE_ONLY_TOKEN,
  READ_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import { VERSION } from '../../src/version.js'
import { parse } from 'yaml'
import { runAction } from '../../scripts/run-action.js'
import type { Emulator } from '../__fixtures__/helpers.js'

let api: Emulator
beforeAll(async () => {
  api = await startEmulator({
    rejectItem: (_kind, item) =>
      item === 'https://www.example.com/refused'
        ? { code: 1016, message: 'URL is not in this zone' }
        : undefined
  })
})
afterAll(() => api.close())
beforeEach(() => {
  api.state.requests.length = 0
  api.state.accepted.length = 0
  api.setFaults([])
})

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction(
    { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: api.apiUrl, ...inputs },
    { env }
  )

const GITHUB_ENV = {
  GITHUB_REPOSITORY: 'acme/site',
  GITHUB_SHA: 'a1b2c3d4e5f6a7b8c9d0',
  GITHUB_RUN_ID: '4242',
  GITHUB_SERVER_URL: 'https://github.com'
}

describe('dist/index.js', () => {
  it('purges URLs and tags for a zone given by name, and sets every output', async () => {
    const result = await run(
      {
        zone: 'example.com',
        urls: 'https://www.example.com/a\nhttps://www.example.com/b',
        tags: 'home'
      },
      GITHUB_ENV
    )
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({
      purge_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      purge_ids: expect.any(String),
      error_codes: '',
      zone_id: DEFAULT_ZONE.id,
      purged_count: '3',
      request_count: '2',
      not_purged: '[]',
      not_purged_file: '',
      verified: '{}',
      warmed: '{}',
      zones: expect.stringContaining('"zone":"example.com"')
    })
    expect(JSON.parse(result.outputs.purge_ids!)).toHaveLength(2)
    expect(api.acceptedItems('files')).toEqual([
      'https://www.example.com/a',
      'https://www.example.com/b'
    ])
    const purge = api.state.requests.find((r) => r.method === 'POST')!
    expect(purge.headers['user-agent']).toBe(
      `cloudflare-purge-action/${VERSION} (+https://github.com/acme/site; run 4242)`
    )
    expect(result.summary).toContain('## ✅ Cloudflare cache purged')
    expect(result.summary).toContain('`acme/site`@`a1b2c3d`')
    expect(result.summary).toContain(
      '<a href="https://github.com/acme/site/actions/runs/4242">run</a>'
    )
    expect(result.stdout).toContain('::group::Sending purge requests')
  })

  it('invalidates one environment given by ID', async () => {
    const environment = DEFAULT_ZONE.environments[1]!.ref
    const result = await run({
      environment,
      mode: 'invalidate',
      hosts: 'www.example.com'
    })
    expect(result.code).toBe(0)
    expect(api.state.accepted).toEqual([
      expect.objectContaining({
        mode: 'invalidate',
        environment,
        kind: 'hosts',
        items: ['www.example.com']
      })
    ])
    expect(result.summary).toContain('## ✅ Cloudflare cache invalidated')
  })

  it('sends URLs with cache-key headers as objects, one shape per request, and a JSON body file kind by kind', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'body-')), 'purge.json')
    writeFileSync(
      path,
      JSON.stringify({ tags: ['build-42'], prefixes: ['www.example.com/assets/'] })
    )
    const urls = JSON.stringify([
      'https://www.example.com/',
      { url: 'https://www.example.com/', headers: { 'CF-Device-Type': 'mobile' } }
    ])
    const result = await run({ urls, from_file: path })
    expect(result.code).toBe(0)
    expect(api.state.accepted.map((a) => [a.kind, a.items])).toEqual(
      expect.arrayContaining([
        ['files', ['https://www.example.com/']],
        ['files', [{ url: 'https://www.example.com/', headers: { 'CF-Device-Type': 'mobile' } }]],
        ['tags', ['build-42']],
        ['prefixes', ['www.example.com/assets/']]
      ])
    )
    // Cloudflare's schema takes strings or {url, headers} objects in one `files` array, not both.
    expect(result.outputs.request_count).toBe('4')
  })

  it('purges everything', async () => {
    const result = await run({ purge_everything: 'true' })
    expect(result.code).toBe(0)
    expect(api.state.accepted).toEqual([expect.objectContaining({ kind: 'purge_everything' })])
    expect(result.outputs.purged_count).toBe('1')
  })

  it('sends nothing on a dry run and prints what it would send', async () => {
    const result = await run({
      token: '',
      dry_run: 'true',
      zone: 'example.com',
      prefixes: 'www.example.com/blog/'
    })
    expect(result.code).toBe(0)
    expect(api.state.requests).toEqual([])
    expect(result.stdout).toContain(
      `POST ${api.apiUrl}/zones/<id of example.com>/purge_cache\n{"prefixes":["www.example.com/blog/"]}`
    )
    expect(result.summary).toContain('dry run')
  })

  it('refuses bad inputs before sending anything, naming all of them in one error without a stack trace', async () => {
    const result = await run({ zone: 'example', tags: 'two words', timeout: '-1', mode: 'delete' })
    expect(result.code).toBe(1)
    expect(api.state.requests).toEqual([])
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error'))
    expect(errors).toHaveLength(1)
    for (const input of ['zone', 'tags', 'timeout', 'mode'])
      expect(errors[0]).toContain(`Input "${input}"`)
    expect(errors[0]).toContain('Input "tags": "two words" contains a space')
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /)
    expect(result.summary).toContain('### Inputs to fix')
    expect(result.summary).toContain('Nothing was purged.')
  })

  it("fails an authentication error with Cloudflare's code, the status, and what to do", async () => {
    const result = await run({ token: 'not-a-valid-token', tags: 'a' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '::error title=Cloudflare API error::Cloudflare API error 10000: Authentication error (HTTP 403)'
    )
    expect(result.outputs.error_codes).toBe('10000')
    expect(result.summary).toContain('| 10000 | Authentication failed')
  })

  it('lists every item of a request Cloudflare refused whole in not_purged, with its reason', async () => {
    const urls = ['https://www.example.com/1', 'https://www.example.com/2']
    const result = await run({ token: READ_ONLY_TOKEN, urls: urls.join('\n'), tags: 'a' })
    expect(result.code).toBe(1)
    const entries = JSON.parse(result.outputs.not_purged!) as Record<string, unknown>[]
    expect(entries.map((e) => [e.kind, e.item, e.reason, e.code])).toEqual([
      ['files', urls[0], 'refused', 10000],
      ['files', urls[1], 'refused', 10000],
      ['tags', 'a', 'refused', 10000]
    ])
    expect(entries[0]!.message).toMatch(/^Cloudflare API error 10000: Authentication error/)
    // An environment that selects by IP refuses URLs whole (1136): its tags are purged.
    const office = DEFAULT_ZONE.environments.find((e) => e.name === 'Office')!.ref
    const inOffice = await run({ environment: office, urls: urls[0]!, tags: 'b' })
    expect(JSON.parse(inOffice.outputs.not_purged!)).toEqual([
      expect.objectContaining({ kind: 'files', item: urls[0], reason: 'refused', code: 1136 })
    ])
  })

  it('says the token needs Zone Read when the zone lookup is refused', async () => {
    const result = await run({ token: PURGE_ONLY_TOKEN, zone: 'example.com', tags: 'a' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'Could not look up the zone \\"example.com\\"'.replace(/\\"/g, '"')
    )
    expect(result.stdout).toContain('needs the "Zone Read" permission')
    expect(result.outputs.error_codes).toBe('9109')
  })

  it('purges the rest when one item is rejected, then fails naming it', async () => {
    const urls = [
      'https://www.example.com/1',
      'https://www.example.com/refused',
      'https://www.example.com/2'
    ]
    const result = await run({ urls: urls.join(',') })
    expect(result.code).toBe(1)
    expect(api.acceptedItems('files').sort()).toEqual([
      'https://www.example.com/1',
      'https://www.example.com/2'
    ])
    expect(result.stdout).toContain(
      'Cloudflare rejected 1 item(s):%0A  URLs https://www.example.com/refused: 1016 URL is not in this zone%0APurged 2 of 3 item(s), rejected 1; each item not purged is in the not_purged output with its reason.'
    )
    expect(JSON.parse(result.outputs.not_purged!)).toEqual([
      {
        kind: 'files',
        item: 'https://www.example.com/refused',
        reason: 'rejected',
        code: 1016,
        message: 'URL is not in this zone'
      }
    ])
    expect(result.outputs.error_codes).toBe('1016')
    expect(result.summary).toContain('1 item(s) Cloudflare rejected')
  })

  it('never shows the token or the key, with step debug on, on success and on every failure path', async () => {
    const debug = { ...GITHUB_ENV, RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
    const runs = await Promise.all([
      run({ tags: 'a' }, debug),
      run({ tags: 'two words' }, debug),
      run({ zone: '023e105f4ecef8ad9ca31a8372d0c354', tags: 'a' }, debug),
      // A Global API Key still passed in the removed input: refused, masked, never shown.
      run({ api_key: DEFAULT_KEY.key, urls: 'https://www.example.com/' }, debug),
      run({ token: `${DEFAULT_TOKEN}\n`, urls: 'https://www.example.com/refused' }, debug)
    ])
    for (const result of runs) {
      const masked = result.stdout.replace(/^::add-mask::.*$/gm, '')
      for (const secret of [DEFAULT_TOKEN, DEFAULT_KEY.key]) {
        expect(masked + result.stderr).not.toContain(secret)
        expect(result.summary).not.toContain(secret)
        expect(JSON.stringify(result.outputs)).not.toContain(secret)
      }
      expect(result.stdout).not.toMatch(/authorization|x-auth-key/i)
    }
    expect(runs[0]!.stdout.indexOf('::add-mask::')).toBe(0)
  })

  it('refuses to send a token over plain http to a host that is not loopback', async () => {
    const result = await run({ api_url: 'http://api.example.com/client/v4', tags: 'a' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('must use https://')
  })

  it('purges 100,000 URLs from a file on a heap of 100 MB', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'urls-')), 'urls.txt')
    writeFileSync(
      path,
      Array.from({ length: 100_000 }, (_, i) => `https://www.example.com/assets/${i}.js`).join('\n')
    )
    const result = await run({ from_file: path }, { NODE_OPTIONS: '--max-old-space-size=100' })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs.purged_count).toBe('100000')
    expect(api.acceptedItems('files')).toHaveLength(100_000)
  }, 60_000)

  it('succeeds with a notice and zero counts when a list file is empty on purpose', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'urls-')), 'changed.txt')
    writeFileSync(path, '# nothing changed\n')
    const result = await run({ from_file: path })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/::notice title=Cloudflare purge::.*lists nothing to purge/)
    expect(result.outputs).toMatchObject({ purged_count: '0', request_count: '0', error_codes: '' })
    expect(result.summary).toContain('nothing to do')
    expect(api.state.requests).toEqual([])
  })

  it('is an input error when no purge input is given at all', async () => {
    const result = await run({})
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('nothing to purge')
  })

  it('says nothing but the purge when run with every default of action.yml, as the runner passes them', async () => {
    const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { default?: string }>
    }
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        // api_url stays the emulator's: the tests never reach beyond 127.0.0.1.
        .filter(([name, input]) => input.default !== undefined && name !== 'api_url')
        .map(([name, input]) => [
          name,
          String(input.default).startsWith('${{')
            ? 'ghs_runner-token-0123456789'
            : String(input.default)
        ])
    )
    const result = await run({ ...defaults, tags: 'home' })
    expect(result.code).toBe(0)
    expect(result.stdout).not.toMatch(/^::(warning|error|notice)/m)
  })
})

describe('dist/index.js with a token Cloudflare refuses', () => {
  /** The one error annotation, the token checks sent, and the purges sent. */
  const refused = async (inputs: Record<string, string>) => {
    const result = await run(inputs)
    expect(result.code).toBe(1)
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error'))
    expect(errors).toHaveLength(1)
    const checks = api.state.requests.filter((r) => r.path.endsWith('/user/tokens/verify'))
    return { result, annotation: errors[0]!, checks }
  }
  const NEW_TOKEN =
    'make a new one (My Profile > API Tokens > Create Token) with "Cache Purge" (Zone > Cache Purge > Purge) on zone 023e105f4ecef8ad9ca31a8372d0c353'

  it('says an expired token expired, when, and to make a new one', async () => {
    const { annotation, checks, result } = await refused({ token: EXPIRED_TOKEN, tags: 'a' })
    expect(checks).toHaveLength(1)
    expect(checks[0]!.headers.authorization).toBe(`Bearer ${EXPIRED_TOKEN}`)
    expect(annotation).toContain('Cloudflare API error 10000: Authentication error (HTTP 403)')
    expect(annotation).toContain(
      `Token check: the token expired on 2024-01-01T00:00:00Z: ${NEW_TOKEN}`
    )
    expect(result.summary).toContain('the token expired on 2024-01-01T00:00:00Z')
    expect(result.outputs.error_codes).toBe('10000')
  })

  it('says a disabled token is disabled, and to make a new one', async () => {
    const { annotation, checks } = await refused({ token: DISABLED_TOKEN, tags: 'a' })
    expect(checks).toHaveLength(1)
    expect(annotation).toContain(`Token check: the token is disabled: ${NEW_TOKEN}`)
  })

  it('names the permission and the zone an active token lacks', async () => {
    const { annotation, checks } = await refused({ token: READ_ONLY_TOKEN, tags: 'a' })
    expect(checks).toHaveLength(1)
    expect(annotation).toContain(
      'Token check: the token is valid and active, so it lacks a permission: give it "Cache Purge" (Zone > Cache Purge > Purge) on zone example.com (023e105f4ecef8ad9ca31a8372d0c353), with that zone among its zone resources'
    )
    // Given by name, the zone is named as given.
    const byName = await refused({ token: READ_ONLY_TOKEN, zone: 'example.com', tags: 'a' })
    expect(byName.annotation).toContain(
      'give it "Cache Purge" (Zone > Cache Purge > Purge) on zone example.com,'
    )
  })

  it('names "Zone Read" when the token may purge but not look the zone up', async () => {
    const { annotation } = await refused({
      token: PURGE_ONLY_TOKEN,
      zone: 'example.com',
      tags: 'a'
    })
    expect(annotation).toContain(
      'give it "Zone Read" (Zone > Zone > Read) on zone example.com, with that zone among its zone resources'
    )
    expect(api.state.requests.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('says Cloudflare does not know an unknown token, and what an account token would mean', async () => {
    const { annotation, checks } = await refused({ token: 'not-a-valid-token', tags: 'a' })
    expect(checks).toHaveLength(1)
    expect(annotation).toContain(
      `Token check: Cloudflare does not know this token (error 1000, invalid token): it is mistyped, or was deleted or rolled. Copy it into the secret again, or ${NEW_TOKEN}`
    )
    expect(annotation).toContain('A token owned by an account, not a user')
  })

  it('asks the token check once for several refused zones', async () => {
    const { annotation, checks } = await refused({
      token: EXPIRED_TOKEN,
      zone: `${DEFAULT_ZONE.id}, 9a7806061c88ada191ed06f989cc3dac`,
      tags: 'a'
    })
    expect(checks).toHaveLength(1)
    expect(annotation.match(/Token check: the token expired/g)).toHaveLength(2)
  })
})
