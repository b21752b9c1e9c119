/**
 * The doctor's parts: how long browsers keep a page, the assets an HTML page references, what a
 * zone's Cache Rules put in the key (shapes of the `cloudflare` SDK's ruleset types), the cause a
 * check shows, and a body read no further than it needs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { assetsOf } from '../../src/edge/assets.js'
import { causeOf } from '../../src/edge/doctor.js'
import { browserLife, describeLife } from '../../src/edge/page.js'
import type { Check } from '../../src/edge/verify.js'
import { fetchCacheRules, readCacheRules } from '../../src/cloudflare/cache-rules.js'
import { callApi } from '../../src/cloudflare/client.js'
import { DEFAULT_BACKOFF } from '../../src/cloudflare/backoff.js'
import { httpCall } from '../../src/http.js'
import { realClock } from '../../src/clock.js'
import {
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  PURGE_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import { hostileApi, type Hostile } from '../__fixtures__/hostile.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const headers = (h: Record<string, string>) => new Headers(h)
const AT = Date.parse('2026-11-29T12:00:00Z')

describe('browserLife', () => {
  it.each([
    [{ 'cache-control': 'public, max-age=3600' }, 'up to 1 h (max-age=3600)'],
    [
      { 'cache-control': 'max-age=3600, s-maxage=60', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' },
      'up to 1 h (max-age=3600)'
    ],
    [{ 'cache-control': 'no-store, max-age=3600' }, 'not kept (no-store)'],
    [{ 'cache-control': 'no-cache' }, 'asks again each time (no-cache)'],
    [{ 'cache-control': 'max-age=0' }, 'asks again each time (max-age=0)'],
    [
      { expires: 'Sun, 29 Nov 2026 14:00:00 GMT', date: 'Sun, 29 Nov 2026 12:00:00 GMT' },
      'up to 2 h (Expires)'
    ],
    [{ expires: '0' }, 'asks again each time (Expires passed)'],
    [
      { 'last-modified': 'Sun, 01 Nov 2026 12:00:00 GMT' },
      'as long as each browser guesses from Last-Modified (no max-age or Expires)'
    ],
    [{}, 'asks again each time (no max-age, Expires or Last-Modified)'],
    [
      { 'cache-control': 'max-age=abc' },
      'asks again each time (no max-age, Expires or Last-Modified)'
    ]
  ])('%j: browsers keep it %s', (given, said) => {
    expect(describeLife(browserLife(headers(given), AT))).toBe(said)
  })
})

describe('assetsOf', () => {
  const page = new URL('https://www.example.com/blog/post')
  const same = (url: URL) => url.host === page.host

  it('takes scripts, stylesheets, preloads and images of the same site, each once, resolved', async () => {
    const html = `<!doctype html><head><base href="/static/">
      <link rel="stylesheet" href="app.css"><link rel="PRELOAD" href="font.woff2" as="font">
      <link rel="canonical" href="/blog/post"><link rel="alternate" href="/feed.xml">
      <script src="https://www.example.com/static/app.js?v=2&amp;x=1#top"></script>
      <script>var s = '<script src="/not-a-tag.js">'</script>
      <img src="logo.png"><img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)">
      <script src="https://cdn.other.net/lib.js"></script><script src="app.css"></script>`
    expect(await assetsOf(html, page, same, 20)).toEqual([
      'https://www.example.com/static/app.css',
      'https://www.example.com/static/font.woff2',
      'https://www.example.com/static/app.js?v=2&x=1',
      'https://www.example.com/static/logo.png'
    ])
  })

  it('stops at its limit, and reads broken markup without throwing', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `<script src="/s${i}.js"></script>`).join('')
    expect(await assetsOf(many, page, same, 3)).toEqual([
      'https://www.example.com/s0.js',
      'https://www.example.com/s1.js',
      'https://www.example.com/s2.js'
    ])
    expect(await assetsOf('<script src="/a.js" <img src=/b.png', page, same, 20)).toEqual(
      expect.any(Array)
    )
  })
})

describe('readCacheRules (shapes of the cloudflare SDK: rulesets/rules.d.ts SetCacheSettingsRule)', () => {
  it('reads headers, cookies, query strings and the user part of each custom key', () => {
    const keys = readCacheRules({
      id: 'r',
      kind: 'zone',
      phase: 'http_request_cache_settings',
      rules: [
        {
          action: 'set_cache_settings',
          description: 'lang and device',
          action_parameters: {
            cache_key: {
              cache_by_device_type: true,
              custom_key: {
                header: {
                  include: ['X-Region'],
                  check_presence: ['X-Beta'],
                  contains: { 'X-Plan': ['pro'] }
                },
                cookie: { include: ['session-variant'] },
                query_string: { include: { list: ['v'] } },
                user: { lang: true, geo: true }
              }
            }
          }
        },
        {
          action: 'set_cache_settings',
          enabled: false,
          ref: 'off',
          action_parameters: { cache_key: { custom_key: { header: { include: ['X-Off'] } } } }
        },
        {
          action: 'set_cache_settings',
          ref: 'ttl only',
          action_parameters: { edge_ttl: { mode: 'override_origin', default: 60 } }
        },
        {
          action: 'set_cache_settings',
          ref: 'no query',
          action_parameters: {
            cache_key: { custom_key: { query_string: { exclude: { all: true } } } }
          }
        },
        {
          action: 'block',
          action_parameters: { cache_key: { custom_key: { header: { include: ['X-Not'] } } } }
        },
        'not a rule',
        null
      ]
    })
    expect(keys).toEqual([
      {
        rule: 'lang and device',
        headers: [
          'X-Region',
          'X-Beta',
          'X-Plan',
          'CF-Device-Type',
          'CF-IPCountry',
          'Accept-Language'
        ],
        cookies: ['session-variant'],
        query: { only: ['v'] }
      }
    ])
  })

  it('says undefined for an answer that holds no list of rules, and bounds what it keeps', () => {
    expect(readCacheRules({ rules: 'x' })).toBeUndefined()
    expect(readCacheRules(null)).toBeUndefined()
    const long = readCacheRules({
      rules: [
        {
          action: 'set_cache_settings',
          description: 'd'.repeat(500),
          action_parameters: {
            cache_key: {
              custom_key: {
                header: { include: Array.from({ length: 100 }, (_, i) => `H${i}\n::error::x`) }
              }
            }
          }
        }
      ]
    })!
    expect(long[0]!.headers).toHaveLength(20)
    expect(long[0]!.headers[0]).not.toContain('\n')
    expect(long[0]!.rule.length).toBeLessThanOrEqual(103)
  })
})

describe('fetchCacheRules against the emulator', () => {
  let api: Emulator
  beforeAll(async () => {
    api = await startEmulator({
      zones: [
        {
          ...DEFAULT_ZONE,
          cacheRules: [
            {
              action: 'set_cache_settings',
              ref: 'k',
              action_parameters: {
                cache_key: { custom_key: { header: { include: ['X-Region'] } } }
              }
            }
          ]
        },
        { id: '9a7806061c88ada191ed06f989cc3dac', name: 'example.net' }
      ]
    })
  })
  afterAll(() => api.close())
  const fetchWith = (token: string, zone: string) =>
    fetchCacheRules(
      zone,
      (path, limit) =>
        callApi(
          { apiUrl: api.apiUrl, token, userAgent: 'test' },
          { method: 'GET', path },
          typeof limit === 'number' ? limit : limit()
        ),
      {
        clock: realClock,
        backoff: DEFAULT_BACKOFF,
        deadline: realClock.now() + 10_000,
        limit: 5000
      }
    )

  it('reads the rules, says none for a zone without them, and a refusal for a token without the permission', async () => {
    expect(await fetchWith(DEFAULT_TOKEN, DEFAULT_ZONE.id)).toEqual({
      state: 'read',
      keys: [{ rule: 'k', headers: ['X-Region'], cookies: [], query: undefined }]
    })
    expect(await fetchWith(DEFAULT_TOKEN, '9a7806061c88ada191ed06f989cc3dac')).toEqual({
      state: 'none'
    })
    expect(await fetchWith(PURGE_ONLY_TOKEN, DEFAULT_ZONE.id)).toEqual({
      state: 'refused',
      detail: expect.stringContaining('10000')
    })
  })
})

describe('causeOf', () => {
  const check = (over: Partial<Check>): Check => ({
    url: 'https://www.example.com/',
    headers: {},
    status: 'MISS',
    age: undefined,
    verdict: 'purged',
    detail: '',
    attempts: 1,
    ...over
  })
  const marker = { text: '5f0c6e1', ignoreCase: true }
  const facts = (marked: boolean | undefined) => ({
    status: 200,
    browser: { kind: 'unsaid' as const, lastModified: false },
    marked,
    assets: undefined
  })

  it('tells an entry cached before the purge, a suspect, the new version, and what it cannot tell', () => {
    const purgedAt = Date.now() - 10_000
    expect(
      causeOf(check({ verdict: 'stale', status: 'HIT', age: 3600 }), purgedAt, marker)
    ).toMatchObject({ kind: 'not covered' })
    expect(
      causeOf(check({ verdict: 'stale', status: 'UPDATING' }), purgedAt, marker)
    ).toMatchObject({ kind: 'unknown' })
    expect(causeOf(check({ page: facts(false) }), purgedAt, marker)).toEqual({
      suspect: 'the copy at the edge lacks "5f0c6e1"'
    })
    expect(
      causeOf(check({ verdict: 'refilled', page: facts(true) }), purgedAt, marker)
    ).toMatchObject({ kind: 'new' })
    // Nothing to tell the version by: no cause, never a guess.
    expect(causeOf(check({ page: facts(false) }), purgedAt, undefined)).toBeUndefined()
    expect(
      causeOf(check({ verdict: 'not cached', page: facts(false) }), purgedAt, marker)
    ).toBeUndefined()
  })
})

describe('httpCall with read: { upTo }', () => {
  let server: Hostile
  beforeAll(async () => {
    server = await hostileApi((_req, res) => {
      res.write('a'.repeat(10_000))
      // Never ends: only what was asked for is read.
    })
  })
  afterAll(() => server.close())

  it('keeps the start of an endless body and says it was cut', async () => {
    const answer = await httpCall(server.apiUrl, {
      headers: {},
      timeoutMs: 5000,
      read: { upTo: 100 }
    })
    expect(answer.body.byteLength).toBe(100)
    expect(answer.cut).toBe(true)
  })
})
