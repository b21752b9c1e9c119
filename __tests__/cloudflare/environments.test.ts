import { afterEach, describe, expect, it } from '@jest/globals'
import { callApi, type Reply } from '../../src/cloudflare/client.js'
import {
  isProductionExpression,
  listEnvironments,
  matchEnvironment,
  readEnvironmentList,
  selectingField,
  type ZoneEnvironment
} from '../../src/cloudflare/environments.js'
import { realClock, type Clock } from '../../src/clock.js'
import { Pacer } from '../../src/engine/pacer.js'
import { pacedGet } from '../../src/engine/settle.js'
import { ApiError, TimeoutError } from '../../src/errors.js'
import {
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  NO_VERSIONING_TOKEN,
  PURGE_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import type { Emulator } from '../__fixtures__/helpers.js'
import { FakeClock } from '../__fixtures__/sim.js'

let api: Emulator | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const getOf =
  (emulator: Emulator, token = DEFAULT_TOKEN) =>
  (path: string, timeoutMs: number): Promise<Reply> =>
    callApi(
      { apiUrl: emulator.apiUrl, token, userAgent: 'test' },
      { method: 'GET', path },
      timeoutMs
    )

const options = (clock: Clock = realClock, timeoutMs = 5000) => ({
  clock,
  backoff: { baseMs: 5, capMs: 20 },
  deadline: clock.now() + timeoutMs,
  requestTimeoutMs: 1000
})

// The answer of Cloudflare's guide "Purge zone versions via API", as it shows it.
const GUIDE = {
  environments: [
    {
      name: 'Production',
      ref: '12abcd3e45f678940a573f51834a54',
      version: 0,
      expression: '(cf.zone.name eq "example.com")',
      locked_on_deployment: false,
      position: { before: '5d41402abc4b2a76b9719d911017c' }
    },
    {
      name: 'Staging',
      ref: '5d41402abc4b2a76b9719d911017c',
      version: 0,
      expression: '((cf.edge.server_ip in {1.2.3.4 5.6.7.8})) and (cf.zone.name eq "example.com")',
      locked_on_deployment: false,
      position: { before: '49f0bad299687c62334182178bfd', after: '12abcd3e45f678940a573f51834a54' }
    },
    {
      name: 'Development',
      ref: '49f0bad299687c62334182178bfd',
      version: 0,
      expression:
        '((any(http.request.cookies["development"][*] eq "true"))) and (cf.zone.name eq "example.com")',
      locked_on_deployment: false,
      position: { after: '5d41402abc4b2a76b9719d911017c' }
    }
  ]
}

describe('readEnvironmentList', () => {
  it("reads the guide's answer: names, refs, production, and what selects by IP", () => {
    expect(readEnvironmentList(GUIDE, 'example.com')).toEqual([
      expect.objectContaining({
        name: 'Production',
        ref: '12abcd3e45f678940a573f51834a54',
        production: true,
        selectsBy: undefined
      }),
      // The edge's IP is not the visitor's: left to Cloudflare's answer.
      expect.objectContaining({ name: 'Staging', production: false, selectsBy: undefined }),
      expect.objectContaining({ name: 'Development', production: false, selectsBy: undefined })
    ])
  })

  it('refuses an answer that is not a list of environments, and skips entries without name or ref', () => {
    expect(() => readEnvironmentList({ environments: {} }, 'example.com')).toThrow(
      'Could not list the environments of zone example.com: Cloudflare API error: the answer was not a list of environments'
    )
    expect(() => readEnvironmentList(null, 'example.com')).toThrow(ApiError)
    expect(
      readEnvironmentList(
        { environments: [null, { name: 1, ref: 'a' }, { name: 'A', ref: 'b1' }] },
        'example.com'
      ).map((e) => e.name)
    ).toEqual(['A'])
  })
})

describe('selectingField', () => {
  it.each([
    ['(ip.src in {192.0.2.0/24}) and (cf.zone.name eq "example.com")', 'ip.src'],
    ['ip.src.country eq "DE"', 'ip.src.country'],
    ['ip.geoip.country in {"DE" "FR"}', 'ip.geoip.country'],
    ['ip.src.asnum eq 13335', 'ip.src.asnum'],
    ['ip.geoip.asnum eq 13335', 'ip.geoip.asnum'],
    ['cf.threat_score gt 10', 'cf.threat_score'],
    ['IP.SRC eq 1.2.3.4', 'ip.src']
  ])('finds the visitor field in %s', (expression, field) => {
    expect(selectingField(expression)).toBe(field)
  })

  it.each([
    '(cf.zone.name eq "example.com")',
    '(http.host eq "ip.src.example.com")',
    '(http.request.cookies["ip.src"][*] eq "1")',
    'http.host eq r#"ip.src"#',
    '(cf.edge.server_ip in {1.2.3.4})',
    'http.request.headers["x-ip.src"][0] eq "a"'
  ])('finds none in %s', (expression) => {
    expect(selectingField(expression)).toBeUndefined()
  })

  it('does not read an expression longer than any rule takes (unclosed raw strings cost n²)', () => {
    // 1.2 MB of unclosed raw-string openers took minutes; the refusal is left to Cloudflare (1136).
    expect(selectingField(`ip.src eq 1.2.3.4 and ${'r#"'.repeat(400_000)}`)).toBeUndefined()
    expect(selectingField(`ip.src eq 1.2.3.4 and ${'r#"'.repeat(100)}`)).toBe('ip.src')
  })
})

describe('isProductionExpression', () => {
  it("is the zone's name alone", () => {
    expect(isProductionExpression('(cf.zone.name eq "example.com")')).toBe(true)
    expect(isProductionExpression(' cf.zone.name eq "example.com" ')).toBe(true)
    expect(
      isProductionExpression('(ip.src in {1.2.3.4}) and (cf.zone.name eq "example.com")')
    ).toBe(false)
    expect(isProductionExpression('')).toBe(false)
  })

  it("is this zone's own name alone when the zone's name is known, never another zone's", () => {
    expect(isProductionExpression('(cf.zone.name eq "example.com")', 'Example.COM')).toBe(true)
    expect(isProductionExpression('(cf.zone.name eq "example.net")', 'example.com')).toBe(false)
    const other = {
      environments: [{ ...GUIDE.environments[0]!, expression: '(cf.zone.name eq "example.net")' }]
    }
    expect(readEnvironmentList(other, 'example.com', 'example.com')[0]!.production).toBe(false)
    expect(readEnvironmentList(GUIDE, 'example.com', 'example.com')[0]!.production).toBe(true)
  })
})

const LISTED = readEnvironmentList(GUIDE, 'example.com')
const named = (name: string) => ({ by: 'name' as const, given: name, name })

describe('matchEnvironment', () => {
  it('matches a name without regard to case', () => {
    for (const name of ['Staging', 'staging', 'STAGING'])
      expect(matchEnvironment(named(name), LISTED, 'example.com')).toEqual({
        environment: expect.objectContaining({ ref: '5d41402abc4b2a76b9719d911017c' })
      })
  })

  it('lists the names the zone has for an unknown one, quoted', () => {
    expect(matchEnvironment(named('stagin'), LISTED, 'example.com')).toEqual({
      issue: {
        input: 'environment',
        value: 'stagin',
        problem:
          'is not an environment of zone example.com; its environments are "Production", "Staging", "Development" (names match without regard to case)'
      }
    })
  })

  it('says that a short hex value is taken for a name', () => {
    const match = matchEnvironment(named('5d41402a'), LISTED, 'example.com')
    expect('issue' in match && match.issue.problem).toContain(
      'it is taken for a name: an environment ID has 28 to 32 hex characters, this has 8'
    )
  })

  it('refuses a name two environments share, listing their refs', () => {
    const twice = [
      ...LISTED,
      { ...LISTED[1]!, name: 'STAGING', ref: 'feedfacefeedfacefeedfacefeedface' }
    ]
    expect(matchEnvironment(named('staging'), twice, 'example.com')).toEqual({
      issue: {
        input: 'environment',
        value: 'staging',
        problem:
          'matches 2 environments of zone example.com (5d41402abc4b2a76b9719d911017c, feedfacefeedfacefeedfacefeedface): give the ID of the one to purge'
      }
    })
  })

  it('matches an ID to its ref, and says where IDs come from for one the zone lacks', () => {
    const id = {
      by: 'id' as const,
      given: '49F0BAD299687C62334182178BFD',
      id: '49f0bad299687c62334182178bfd'
    }
    expect(matchEnvironment(id, LISTED, 'example.com')).toEqual({
      environment: expect.objectContaining({ name: 'Development' })
    })
    const missing = matchEnvironment(
      { by: 'id' as const, given: 'f'.repeat(32), id: 'f'.repeat(32) },
      LISTED,
      'example.com'
    )
    expect('issue' in missing && missing.issue.problem).toMatch(
      /^is not the ID of an environment of zone example.com; its environments are "Production" \(12abcd3e45f678940a573f51834a54\), .*An environment ID is the `ref` field of `GET \/zones\/\{zone_id\}\/environments`/
    )
  })

  it('says a zone without environments has none', () => {
    const match = matchEnvironment(named('Staging'), [], 'example.com')
    expect('issue' in match && match.issue.problem).toContain(
      'zone example.com has no environments (Version Management, an Enterprise feature, is not on for it'
    )
  })

  it('never says a name is absent from a list that was cut short: it says the list was', () => {
    const match = matchEnvironment(
      named('Canary'),
      LISTED,
      'example.com',
      'page 2 could not be read'
    )
    expect(match).toEqual({
      issue: {
        input: 'environment',
        value: 'Canary',
        problem:
          'is not among the 3 environments of zone example.com that were read: the list was cut short (page 2 could not be read), so it may be further on. Give its ID (28 to 32 hex characters) instead: an ID is purged without reading the list'
      }
    })
  })

  it('refuses to send a ref that is not an ID', () => {
    const odd: ZoneEnvironment[] = [{ ...LISTED[1]!, ref: '../../zones' }]
    expect(() => matchEnvironment(named('Staging'), odd, 'example.com')).toThrow(
      'the answer gives environment "Staging" an ID that is not one'
    )
  })
})

describe('listEnvironments against the emulator', () => {
  it('lists the example zone: Production, Staging, and Office selected by IP', async () => {
    api = await startEmulator()
    const { environments: listed, cutShort } = await listEnvironments(
      DEFAULT_ZONE.id,
      'example.com',
      getOf(api),
      options(),
      'example.com'
    )
    expect(cutShort).toBeUndefined()
    expect(listed.map((e) => [e.name, e.ref, e.production, e.selectsBy])).toEqual([
      ['Production', '4f8b2c6d1e9a7b3c5d0e2f4a6b8c9d', true, undefined],
      ['Staging', '7c5dae5552338874e5053f2534d2767a', false, undefined],
      ['Office', 'b2f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7', false, 'ip.src']
    ])
    expect(api.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /client/v4/zones/${DEFAULT_ZONE.id}/environments`
    ])
  })

  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      name: `env-${i}`,
      ref: (i + 1).toString(16).padStart(32, 'a'),
      version: 1,
      expression: `(http.host eq "e${i}.example.com") and (cf.zone.name eq "example.com")`,
      locked_on_deployment: false,
      position: {}
    }))
  const zoneWith = (n: number) => [{ ...DEFAULT_ZONE, environments: many(n) }]

  it('reads a list of 1,500 environments whole, and finds one past the first 1,000', async () => {
    api = await startEmulator({ zones: zoneWith(1500) })
    const list = await listEnvironments(DEFAULT_ZONE.id, 'example.com', getOf(api), options())
    expect(list.cutShort).toBeUndefined()
    expect(list.environments).toHaveLength(1500)
    expect(matchEnvironment(named('env-1200'), list.environments, 'example.com')).toEqual({
      environment: expect.objectContaining({ name: 'env-1200' })
    })
  })

  it('reads every page the API offers, and says when the pages outrun its bound', async () => {
    api = await startEmulator({ zones: zoneWith(1500), environmentsPerPage: 100 })
    const list = await listEnvironments(DEFAULT_ZONE.id, 'example.com', getOf(api), options())
    expect(list.cutShort).toBeUndefined()
    expect(list.environments.map((e) => e.name).slice(1498)).toEqual(['env-1498', 'env-1499'])
    expect(api.state.requests.map((r) => r.path)).toEqual(
      Array.from(
        { length: 15 },
        (_, i) =>
          `/client/v4/zones/${DEFAULT_ZONE.id}/environments${i === 0 ? '' : `?page=${i + 1}`}`
      )
    )
    await api.close()
    api = await startEmulator({ zones: zoneWith(30), environmentsPerPage: 1 })
    const cut = await listEnvironments(DEFAULT_ZONE.id, 'example.com', getOf(api), options())
    expect(cut.environments).toHaveLength(20)
    expect(cut.cutShort).toBe('it has more than 20 pages, the most read')
    const match = matchEnvironment(named('env-25'), cut.environments, 'example.com', cut.cutShort)
    expect('issue' in match && match.issue.problem).toMatch(
      /^is not among the 20 environments of zone example.com that were read: the list was cut short/
    )
  })

  it('keeps what it read when a later page fails, saying why the list is cut short', async () => {
    api = await startEmulator({ zones: zoneWith(5), environmentsPerPage: 2 })
    const real = getOf(api)
    const list = await listEnvironments(
      DEFAULT_ZONE.id,
      'example.com',
      async (path, timeoutMs) =>
        path.endsWith('?page=2')
          ? {
              type: 'refused',
              status: 403,
              errors: [{ code: 9109, message: 'Unauthorized' }],
              rate: {}
            }
          : real(path, timeoutMs),
      options()
    )
    expect(list.environments.map((e) => e.name)).toEqual(['env-0', 'env-1'])
    expect(list.cutShort).toMatch(/^page 2 could not be read: Could not list the environments/)
  })

  it('stops, saying so, at an answer that did not turn the page (the same page served again)', async () => {
    api = await startEmulator({ zones: zoneWith(5), environmentsPerPage: 2 })
    const real = getOf(api)
    // A proxy that ignores ?page: every answer is the first page, which says it is page 1 of 3.
    const list = await listEnvironments(
      DEFAULT_ZONE.id,
      'example.com',
      (path, timeoutMs) => real(path.replace(/\?page=\d+$/, ''), timeoutMs),
      options()
    )
    expect(list.environments.map((e) => e.name)).toEqual(['env-0', 'env-1'])
    expect(list.cutShort).toBe('the API answered page 1 when asked for page 2')
  })

  it('names "Zone Versioning Read", or the ID, when the token may not list environments', async () => {
    api = await startEmulator()
    for (const token of [NO_VERSIONING_TOKEN, PURGE_ONLY_TOKEN]) {
      const error = await listEnvironments(
        DEFAULT_ZONE.id,
        'example.com',
        getOf(api, token),
        options()
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).codes).toEqual([9109])
      expect((error as ApiError).message).toBe(
        'Could not list the environments of zone example.com: Cloudflare API error 9109: Unauthorized to access requested resource (HTTP 403) Reading a zone\'s environments needs the "Zone Versioning Read" permission: add it to the token, or give each environment\'s ID (28 to 32 hex characters, the `ref` field of `GET /zones/{zone_id}/environments`) in "environment" instead of its name.'
      )
    }
  })

  it('retries an answer that failed for a passing reason, and stops at the timeout', async () => {
    api = await startEmulator()
    const seen: string[] = []
    const flaky = getOf(api)
    const listed = await listEnvironments(
      DEFAULT_ZONE.id,
      'example.com',
      async (path, timeoutMs) =>
        seen.push(path) === 1
          ? { type: 'garbled', status: 502, detail: 'an HTML page', rate: {} }
          : flaky(path, timeoutMs),
      options()
    )
    expect(listed.environments).toHaveLength(3)
    expect(seen).toHaveLength(2)
    const clock = new FakeClock()
    const error = await clock
      .run(
        listEnvironments(
          DEFAULT_ZONE.id,
          'example.com',
          async () => ({ type: 'unreachable', detail: 'ECONNRESET', timedOut: false }),
          { ...options(clock, 30), backoff: { baseMs: 20, capMs: 20 } }
        )
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toContain(
      'Timed out listing the environments of zone example.com: the timeout ran out (last answer: could not reach the Cloudflare API (ECONNRESET))'
    )
  })

  it('waits its turn in the API-wide quota with the rest of the run, through the shared pacer', async () => {
    const clock = new FakeClock()
    api = await startEmulator({ clock, apiLimit: { requests: 2, windowS: 60 } })
    const pacer = new Pacer(clock, clock.now() + 600_000)
    const get = pacedGet(pacer, getOf(api))
    // Two calls of the run (zone lookups, say) spend the window's quota.
    await clock.run(get(`/zones/${DEFAULT_ZONE.id}`, 1000))
    await clock.run(get(`/zones/${DEFAULT_ZONE.id}`, 1000))
    const listed = await clock.run(
      listEnvironments(DEFAULT_ZONE.id, 'example.com', get, {
        ...options(clock, 600_000)
      })
    )
    expect(listed.environments).toHaveLength(3)
    const listing = api.state.requests.filter((r) => r.path.endsWith('/environments'))
    // Held until the window ended, by the headers the first two answers carried: never refused.
    expect(api.state.throttledBy.api).toBe(0)
    expect(listing.map((r) => r.status)).toEqual([200])
    expect(listing[0]!.at).toBeGreaterThanOrEqual(60_000)
  })
})
