/**
 * Several zones in one step, run as the runner runs the bundle, against an emulator that serves
 * two zones of one account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const ORG = { id: 'b0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5', name: 'example.org' }
const COM_ONLY = 'com-only-token-0123456789abcdefghijklmnopq'

let api: Emulator
beforeAll(async () => {
  api = await startEmulator({
    zones: [DEFAULT_ZONE, ORG],
    tokens: [DEFAULT_TOKEN, { token: COM_ONLY, zones: [DEFAULT_ZONE.id] }]
  })
})
afterAll(() => api.close())
beforeEach(() => {
  api.state.requests.length = 0
  api.state.accepted.length = 0
})

const URLS = [
  'https://www.example.com/a',
  'https://www.example.org/b',
  'https://static.example.org/c.css'
].join('\n')

const run = (inputs: Record<string, string>, token = DEFAULT_TOKEN) =>
  runAction({ token, api_url: api.apiUrl, ...inputs })

const sent = () => api.state.accepted.map((a) => ({ zone: a.zone, kind: a.kind, items: a.items }))

describe('several zones', () => {
  it('sends each item only to the zone it belongs to, tags to both, and reports per zone', async () => {
    const result = await run({
      zone: 'example.com, example.org',
      urls: URLS,
      tags: 'release-7',
      prefixes: 'www.example.org/blog/'
    })
    expect(result.code).toBe(0)
    expect(sent()).toEqual(
      expect.arrayContaining([
        { zone: DEFAULT_ZONE.id, kind: 'files', items: ['https://www.example.com/a'] },
        {
          zone: ORG.id,
          kind: 'files',
          items: ['https://www.example.org/b', 'https://static.example.org/c.css']
        },
        { zone: DEFAULT_ZONE.id, kind: 'tags', items: ['release-7'] },
        { zone: ORG.id, kind: 'tags', items: ['release-7'] },
        { zone: ORG.id, kind: 'prefixes', items: ['www.example.org/blog/'] }
      ])
    )
    expect(sent()).toHaveLength(5)
    expect(result.outputs.purged_count).toBe('6')
    expect(result.outputs.request_count).toBe('5')
    expect(result.outputs.zone_id).toBe(`${DEFAULT_ZONE.id},${ORG.id}`)
    expect(JSON.parse(result.outputs.purge_ids!)).toHaveLength(5)
    const zones = JSON.parse(result.outputs.zones!) as Record<string, unknown>[]
    expect(zones).toEqual([
      expect.objectContaining({
        zone: 'example.com',
        zone_id: DEFAULT_ZONE.id,
        purged_count: 2,
        request_count: 2,
        error_codes: []
      }),
      expect.objectContaining({
        zone: 'example.org',
        zone_id: ORG.id,
        purged_count: 4,
        request_count: 3,
        error_codes: []
      })
    ])
    expect(result.summary).toContain('in 2 zones')
    expect(result.summary).toContain('### `example.org`')
  })

  it('goes on with the other zone when one is not visible to the token, and names it', async () => {
    const result = await run(
      { zone: 'example.com\nexample.org', urls: URLS, tags: 'release-7' },
      COM_ONLY
    )
    expect(result.code).toBe(1)
    expect(sent().every((a) => a.zone === DEFAULT_ZONE.id)).toBe(true)
    expect(sent()).toHaveLength(2)
    expect(result.outputs.purged_count).toBe('2')
    expect(result.stdout).toMatch(/::error title=[^:]*zone example\.org[^:]*::Zone example\.org: /)
    expect(result.stdout).toContain('"example.org" was not found')
    const zones = JSON.parse(result.outputs.zones!) as { purged_count: number }[]
    expect(zones.map((z) => z.purged_count)).toEqual([2, 0])
    expect(result.summary).toContain('failed in 1 of 2 zones')
  })

  it('goes on with the other zone when one refuses the purge, with its code', async () => {
    const result = await run({ zone: `${DEFAULT_ZONE.id}, ${ORG.id}`, tags: 'release-7' }, COM_ONLY)
    expect(result.code).toBe(1)
    expect(sent()).toEqual([{ zone: DEFAULT_ZONE.id, kind: 'tags', items: ['release-7'] }])
    expect(result.outputs.error_codes).toBe('9109')
    const zones = JSON.parse(result.outputs.zones!) as { error_codes: number[] }[]
    expect(zones.map((z) => z.error_codes)).toEqual([[], [9109]])
  })

  it('refuses, before any request, an item in none of the zones', async () => {
    const result = await run({
      zone: 'example.com, example.org',
      urls: 'https://www.example.com/a\nhttps://www.other.net/x'
    })
    expect(result.code).toBe(1)
    expect(api.state.requests).toEqual([])
    expect(result.stdout).toContain(
      '"https://www.other.net/x" has the host www.other.net, in none of the zones'
    )
  })

  it('warns, with one zone, that an item in another zone cannot be purged there', async () => {
    const result = await run({ zone: 'example.com', urls: 'https://www.other.org/page' })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /::warning title=Cloudflare purge::https:\/\/www\.other\.org\/page .*is not in zone example\.com/
    )
  })

  it('reads each zone given by ID once, for its name and plan', async () => {
    const byId = `${DEFAULT_ZONE.id}\n${ORG.id}`
    const tags = await run({ zone: byId, tags: 'a' })
    expect(tags.code).toBe(0)
    expect(api.state.requests.filter((r) => r.method === 'GET')).toHaveLength(2)
    const urls = await run({ zone: byId, urls: URLS })
    expect(urls.code).toBe(0)
    expect(api.state.requests.filter((r) => r.method === 'GET')).toHaveLength(4)
  })

  it('says what to do when a zone given by ID cannot be named', async () => {
    const result = await run({ zone: `${DEFAULT_ZONE.id}, ${ORG.id}`, urls: URLS }, COM_ONLY)
    expect(result.code).toBe(1)
    expect(api.state.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(result.stdout).toContain('give the domain name in "zone" instead of the ID')
  })

  it('refuses an environment with several zones', async () => {
    const result = await run({
      zone: 'example.com, example.org',
      environment: '7c5dae5552338874e5053f2534d2767a',
      tags: 'a'
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('belongs to one zone')
  })

  it('shows the requests of each zone in a dry run', async () => {
    const result = await run({ zone: 'example.com, example.org', urls: URLS, dry_run: 'true' })
    expect(result.code).toBe(0)
    expect(api.state.requests).toEqual([])
    expect(result.summary).toContain('| Zone | Kind | Requests |')
    expect(result.summary).toContain('| `example.org` | URLs | 1 |')
  })

  it('purges the zones that exist when one ID is wrong, and counts what no other zone takes as its', async () => {
    const wrong = 'c'.repeat(32)
    const result = await run({
      zone: `example.com\n${wrong}`,
      urls: 'https://www.example.com/a\nhttps://www.elsewhere.org/b',
      tags: 'release-7'
    })
    expect(result.code).toBe(1)
    expect(sent()).toEqual(
      expect.arrayContaining([
        { zone: DEFAULT_ZONE.id, kind: 'files', items: ['https://www.example.com/a'] },
        { zone: DEFAULT_ZONE.id, kind: 'tags', items: ['release-7'] }
      ])
    )
    expect(sent()).toHaveLength(2)
    const zones = JSON.parse(result.outputs.zones!) as Record<string, unknown>[]
    expect(zones[0]).toMatchObject({
      zone: 'example.com',
      zone_id: DEFAULT_ZONE.id,
      purged_count: 2
    })
    expect(zones[1]).toMatchObject({ zone: wrong, purged_count: 0, error_codes: [7003] })
    expect(result.summary).toContain('`https://www.elsewhere.org/b`')
    expect(result.stdout).not.toContain('Zone Read')
  })

  it('purges a zone given twice, by ID and by name, once', async () => {
    const result = await run({ zone: `example.com, ${DEFAULT_ZONE.id}`, tags: 'release-7' })
    expect(result.code).toBe(0)
    expect(sent()).toEqual([{ zone: DEFAULT_ZONE.id, kind: 'tags', items: ['release-7'] }])
    expect(result.outputs.purged_count).toBe('1')
    expect(result.stdout).toContain(`is zone example.com again: it is purged once`)
  })
})
