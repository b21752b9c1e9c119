/**
 * Environments as people name them, run as the runner runs the bundle, against the emulator's
 * example zone: Production, Staging, and Office, which selects by the visitor's IP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DEFAULT_TOKEN,
  EXPIRED_TOKEN,
  DEFAULT_ZONE,
  NO_VERSIONING_TOKEN,
  PURGE_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const [PRODUCTION, STAGING, OFFICE] = DEFAULT_ZONE.environments.map((e) => e.ref) as [
  string,
  string,
  string
]
const MISSING = '0123456789abcdef0123456789abcdef'

let api: Emulator
beforeAll(async () => {
  api = await startEmulator()
})
afterAll(() => api.close())
beforeEach(() => {
  api.state.requests.length = 0
  api.state.accepted.length = 0
})

const run = (inputs: Record<string, string>, token = DEFAULT_TOKEN) =>
  runAction({ token, zone: DEFAULT_ZONE.name, api_url: api.apiUrl, ...inputs })

const posts = () => api.state.requests.filter((r) => r.method === 'POST')
const listings = () => api.state.requests.filter((r) => r.path.endsWith('/environments'))
const lines = (zones: string | undefined) => JSON.parse(zones ?? '[]') as Record<string, unknown>[]

describe('environment by name', () => {
  it.each(['Staging', 'staging'])(
    '"%s" purges Staging\'s ref, found with one lookup',
    async (environment) => {
      const result = await run({ environment, tags: 'release-7' })
      expect(result.code).toBe(0)
      expect(api.state.accepted).toEqual([
        expect.objectContaining({ environment: STAGING, kind: 'tags', items: ['release-7'] })
      ])
      expect(posts().map((r) => r.path)).toEqual([
        `/client/v4/zones/${DEFAULT_ZONE.id}/environments/${STAGING}/purge_cache`
      ])
      expect(listings()).toHaveLength(1)
      expect(lines(result.outputs.zones)).toEqual([
        expect.objectContaining({
          zone: 'example.com',
          environment,
          environment_id: STAGING,
          environment_name: 'Staging',
          purged_count: 1
        })
      ])
      expect(result.summary).toContain(`environment \`Staging\` (\`${STAGING}\`)`)
    }
  )

  it('"Staging, Production" with a tag purges both, each accounted for and reported apart', async () => {
    const result = await run({ environment: 'Staging, Production', tags: 'release-7' })
    expect(result.code).toBe(0)
    // Cloudflare's guide purges production through the zone's own endpoint.
    expect(posts().map((r) => r.path)).toEqual(
      expect.arrayContaining([
        `/client/v4/zones/${DEFAULT_ZONE.id}/environments/${STAGING}/purge_cache`,
        `/client/v4/zones/${DEFAULT_ZONE.id}/purge_cache`
      ])
    )
    expect(api.state.accepted).toHaveLength(2)
    expect(listings()).toHaveLength(1)
    expect(lines(result.outputs.zones)).toEqual([
      expect.objectContaining({
        environment: 'Staging',
        environment_id: STAGING,
        purged_count: 1,
        request_count: 1
      }),
      expect.objectContaining({
        environment: 'Production',
        environment_id: PRODUCTION,
        purged_count: 1,
        request_count: 1
      })
    ])
    expect(result.outputs.purged_count).toBe('2')
    expect(result.outputs.zone_id).toBe(DEFAULT_ZONE.id)
    expect(result.summary).toContain('## ✅ Cloudflare cache purged in 2 environments')
    expect(result.summary).toContain('| Environment | ID | Result |')
    expect(result.summary).toContain('### `Staging`: ✅ Cloudflare cache purged')
    expect(result.summary).toContain('### `Production`: ✅ Cloudflare cache purged')
  })

  it('an unknown name fails before any purge, listing the names the zone has', async () => {
    const result = await run({ environment: 'Staging, stagin', tags: 'a' })
    expect(result.code).toBe(1)
    expect(posts()).toEqual([])
    expect(result.stdout).toContain(
      '::error title=Invalid inputs::Input "environment": "stagin" is not an environment of zone example.com; its environments are "Production", "Staging", "Office" (names match without regard to case)'
    )
    expect(result.summary).toContain('### Inputs to fix')
  })

  it('a token that may not list environments fails before any purge, naming "Zone Versioning Read"', async () => {
    for (const [zone, token] of [
      [DEFAULT_ZONE.name, NO_VERSIONING_TOKEN],
      [DEFAULT_ZONE.id, PURGE_ONLY_TOKEN]
    ] as const) {
      api.state.requests.length = 0
      const result = await run({ zone, environment: 'Staging', tags: 'a' }, token)
      expect(result.code).toBe(1)
      expect(posts()).toEqual([])
      expect(result.stdout).toContain('needs the "Zone Versioning Read" permission')
      expect(result.stdout).toContain("or give each environment's ID")
      expect(result.summary).toContain('"Zone Versioning Read"')
      expect(result.outputs.error_codes).toBe('9109')
      // The token check says which it is: an active token that lacks the permission.
      expect(result.stdout).toMatch(
        /^::error .*Token check: the token is valid and active, so it lacks a permission: give it "Zone Versioning Read"/m
      )
    }
  })

  it('an expired token listing environments is said to be expired, not short of a permission', async () => {
    const result = await run(
      { zone: DEFAULT_ZONE.id, environment: 'Staging', tags: 'a' },
      EXPIRED_TOKEN
    )
    expect(result.code).toBe(1)
    expect(posts()).toEqual([])
    expect(result.stdout).toMatch(/^::error .*Token check: the token expired/m)
  })

  it('URLs for the environment selected by IP are refused before any purge, with the 1136 advice', async () => {
    const result = await run({
      environment: 'Staging\nOffice',
      urls: 'https://www.example.com/a',
      tags: 'a'
    })
    expect(result.code).toBe(1)
    expect(posts()).toEqual([])
    expect(result.stdout).toContain(
      '::error title=Invalid inputs::Input "environment": "Office" selects requests by ip.src'
    )
    expect(result.stdout).toContain(
      'so Cloudflare does not purge it by URL (error 1136): purge it by prefix (such as `www.example.com/blog/`), host or tag instead, or everything.'
    )
  })

  it('one environment given by name and by ID is purged once, with a notice', async () => {
    const result = await run({ environment: `staging\n${STAGING}`, tags: 'a' })
    expect(result.code).toBe(0)
    expect(api.state.accepted).toHaveLength(1)
    expect(result.stdout).toContain(
      `::notice title=Cloudflare purge::Environment "${STAGING}" is environment "staging" again: it is purged once.`
    )
    expect(lines(result.outputs.zones)).toHaveLength(1)
  })

  it('purging everything in Production says that every environment is purged', async () => {
    const result = await run({ environment: 'production', purge_everything: 'true' })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      '::notice title=Cloudflare purge::Purging everything in "Production", the production environment, purges every environment of zone example.com ("Staging", "Office" too), not only production.'
    )
    expect(posts().map((r) => r.path)).toEqual([`/client/v4/zones/${DEFAULT_ZONE.id}/purge_cache`])
  })
})

describe('environment by ID', () => {
  it('purging everything says what it means if the ID is production, which is not looked up', async () => {
    const result = await run({
      zone: DEFAULT_ZONE.id,
      environment: STAGING,
      purge_everything: 'true'
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      `::notice title=Cloudflare purge::Purging everything in environment "${STAGING}": if one is the production environment, that purges every environment of zone example.com; in another, only that one.`
    )
    expect(listings()).toEqual([])
  })

  it('costs no lookup of the environments: only the zone is read, for its name and plan', async () => {
    const result = await run({ zone: DEFAULT_ZONE.id, environment: STAGING, tags: 'a' })
    expect(result.code).toBe(0)
    expect(api.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /client/v4/zones/${DEFAULT_ZONE.id}`,
      `POST /client/v4/zones/${DEFAULT_ZONE.id}/environments/${STAGING}/purge_cache`
    ])
  })

  it('that does not exist gets advice about environment IDs, never about the zone ID', async () => {
    const result = await run({ environment: MISSING, tags: 'a' })
    expect(result.code).toBe(1)
    expect(listings()).toEqual([])
    for (const text of [result.stdout, result.summary]) {
      expect(text).toContain(
        'Cloudflare could not route the request to this environment: the zone has no environment with this ID. An environment ID is the `ref` field of `GET /zones/{zone_id}/environments`'
      )
      expect(text).not.toContain('Zone ID')
    }
    expect(result.outputs.error_codes).toBe('7003')
  })

  it("of the environment selected by IP gets Cloudflare's 1136 with the same advice, and its tags are purged", async () => {
    const result = await run({
      environment: OFFICE,
      urls: 'https://www.example.com/a',
      tags: 'a'
    })
    expect(result.code).toBe(1)
    expect(api.state.accepted.map((a) => a.kind)).toEqual(['tags'])
    expect(result.stdout).toContain(
      'URLs: Cloudflare API error 1136: Purge by URL is not supported for environments that select requests by IP, country, ASN or threat score (HTTP 400) This environment selects requests by IP, country, ASN or threat score, so Cloudflare does not purge it by URL: purge it by prefix (such as `www.example.com/blog/`), host or tag instead, or everything.'
    )
    expect(result.outputs.error_codes).toBe('1136')
  })

  it('failing in one environment does not stop the others: each is reported on its own', async () => {
    const result = await run({ environment: `${STAGING}, ${MISSING}`, tags: 'a' })
    expect(result.code).toBe(1)
    expect(listings()).toEqual([])
    expect(api.state.accepted).toEqual([expect.objectContaining({ environment: STAGING })])
    expect(lines(result.outputs.zones)).toEqual([
      expect.objectContaining({ environment: STAGING, purged_count: 1, error_codes: [] }),
      expect.objectContaining({ environment: MISSING, purged_count: 0, error_codes: [7003] })
    ])
    expect(result.summary).toContain('## ❌ Cloudflare cache purge failed in 1 of 2 environments')
    expect(result.stdout).toContain(
      `::error title=Cloudflare API error (environment ${MISSING})::Environment ${MISSING}: Cloudflare API error 7003`
    )
  })

  it('is checked against the list when a name needs it anyway: one the zone lacks fails before any purge', async () => {
    const result = await run({ environment: `Staging, ${MISSING}`, tags: 'a' })
    expect(result.code).toBe(1)
    expect(posts()).toEqual([])
    expect(result.stdout).toContain(
      `Input "environment": "${MISSING}" is not the ID of an environment of zone example.com; its environments are "Production" (${PRODUCTION}), "Staging" (${STAGING}), "Office" (${OFFICE}). An environment ID is`
    )
  })
})

describe('environment, otherwise', () => {
  it('is not checked at the edge, which answers visitors from production, and says so', async () => {
    const edgeBefore = api.state.edgeRequests
    const result = await runAction(
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.name,
        api_url: api.apiUrl,
        environment: 'Staging',
        urls: 'https://www.example.com/a',
        verify: 'fail'
      },
      { env: { CLOUDFLARE_PURGE_EDGE_URL: api.edgeUrl } }
    )
    expect(result.code).toBe(0)
    expect(api.state.edgeRequests).toBe(edgeBefore)
    expect(result.stdout).toContain(
      // verify: fail promised a check: a warning, not a notice.
      '::warning title=Cloudflare purge::Not checking the edge: it answers visitors from the production environment'
    )
    // With production among them, production's URLs are checked.
    const both = await runAction(
      {
        token: DEFAULT_TOKEN,
        zone: DEFAULT_ZONE.name,
        api_url: api.apiUrl,
        environment: 'Staging, Production',
        urls: 'https://www.example.com/b',
        verify: 'fail'
      },
      { env: { CLOUDFLARE_PURGE_EDGE_URL: api.edgeUrl } }
    )
    expect(both.code).toBe(0)
    expect(JSON.parse(both.outputs.verified!)).toEqual({ purged: 1 })
  })

  it('with several zones is an input error that says why', async () => {
    const result = await run({
      zone: 'example.com, example.net',
      environment: 'Staging',
      tags: 'a'
    })
    expect(result.code).toBe(1)
    expect(api.state.requests).toEqual([])
    expect(result.stdout).toContain(
      'Input "environment": "Staging" names environments of one zone, but "zone" lists 2'
    )
  })

  it("in a dry run shows the lookup it would make and each environment's path", async () => {
    const result = await run({
      environment: `Staging, ${STAGING.toUpperCase()}`,
      tags: 'a',
      dry_run: 'true',
      token: ''
    })
    expect(result.code).toBe(0)
    expect(api.state.requests).toEqual([])
    expect(result.stdout).toContain(
      `GET ${api.apiUrl}/zones/<id of example.com>/environments (to find the environment IDs)`
    )
    expect(result.stdout).toContain(
      `POST ${api.apiUrl}/zones/<id of example.com>/environments/<id of Staging>/purge_cache`
    )
    expect(result.stdout).toContain(
      `POST ${api.apiUrl}/zones/<id of example.com>/environments/${STAGING}/purge_cache`
    )
  })
})

describe('a zone of many environments', () => {
  // 1,500 environments in one answer, as the docs show the list (whole, unpaged), and one whose
  // expression names another zone alone: it selects nothing of this one, so it is no production.
  const many = Array.from({ length: 1500 }, (_, i) => ({
    name: i === 1499 ? 'Mirror' : `env-${i}`,
    ref: (i + 1).toString(16).padStart(32, 'a'),
    version: 1,
    expression:
      i === 1499
        ? '(cf.zone.name eq "example.net")'
        : `(http.host eq "e${i}.example.com") and (cf.zone.name eq "example.com")`,
    locked_on_deployment: false,
    position: {}
  }))
  let big: Emulator
  beforeAll(async () => {
    big = await startEmulator({ zones: [{ ...DEFAULT_ZONE, environments: many }] })
  })
  afterAll(() => big.close())

  it("finds an environment past the first 1,000 and takes another zone's name for no production", async () => {
    const result = await runAction({
      token: DEFAULT_TOKEN,
      zone: DEFAULT_ZONE.name,
      api_url: big.apiUrl,
      environment: 'env-1200, Mirror',
      purge_everything: 'true'
    })
    expect(result.stdout).not.toContain('is not an environment')
    expect(result.code).toBe(0)
    expect(
      big.state.requests
        .filter((r) => r.method === 'POST')
        .map((r) => r.path)
        .sort()
    ).toEqual(
      [
        `/client/v4/zones/${DEFAULT_ZONE.id}/environments/${many[1200]!.ref}/purge_cache`,
        `/client/v4/zones/${DEFAULT_ZONE.id}/environments/${many[1499]!.ref}/purge_cache`
      ].sort()
    )
    expect(result.stdout).not.toContain('the production environment')
  })
})
