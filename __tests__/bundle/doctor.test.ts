/**
 * Why a page is still stale, and what the action mends, run from dist/index.js against the
 * emulator's edge playing each cause: an origin switched late (a page refilled with the old
 * version during the purge), a cache entry the purge did not cover, Cache Rules with a header in
 * the key, a deleted script, and a long browser lifetime.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  PURGE_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const SHA = '5f0c6e1b2a3d4c5e6f708192a3b4c5d6e7f80912'
const OLD = 'v41-0d1e2f3'
const PAGE = 'https://www.example.com/pricing'
/** A rule that puts a header in the cache key, as the Rulesets API lists it. */
const BY_REGION = {
  id: '3a03d665bac047339bb530ecb439a90d',
  version: '1',
  action: 'set_cache_settings',
  description: 'by region',
  enabled: true,
  expression: '(http.host eq "www.example.com")',
  last_updated: '2026-01-01T00:00:00Z',
  action_parameters: { cache_key: { custom_key: { header: { include: ['X-Region'] } } } }
}

let api: Emulator | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const run = (inputs: Record<string, string>) =>
  runAction(
    { token: DEFAULT_TOKEN, zone: DEFAULT_ZONE.id, api_url: api!.apiUrl, ...inputs },
    { env: { CLOUDFLARE_PURGE_EDGE_URL: api!.edgeUrl, GITHUB_SHA: SHA } }
  )

const purges = () => api!.state.requests.filter((r) => r.method === 'POST')
const errors = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error'))

describe('the doctor (dist/index.js)', () => {
  it('purges again a page refilled from the old origin during the purge, and it ends fresh, mended', async () => {
    // The origin serves the old version to its first fill after the purge: the check's own.
    api = await startEmulator({ site: { before: OLD, after: SHA, lateFills: 1 } })
    const result = await run({ urls: PAGE, verify: 'fail' })
    expect(errors(result.stdout)).toEqual([])
    expect(result.code).toBe(0)
    // Once by the step, once more by the doctor, for that page alone.
    expect(purges().map((p) => JSON.parse(p.body))).toEqual([{ files: [PAGE] }, { files: [PAGE] }])
    // The origin was asked under a query no cache has seen, before the second purge.
    const looks = api.state.edgeLog.filter((e) => e.path.includes('cf_purge_wait='))
    expect(looks).toHaveLength(1)
    expect(looks[0]!.at).toBeLessThan(purges()[1]!.at)
    expect(JSON.parse(result.outputs.verified!)).toEqual({ purged: 1, mended: 1 })
    // The extra round is the doctor's, not the purge's: the outputs count the purge itself, as
    // docs/outputs.md and docs/verify.md say.
    expect([result.outputs.purged_count, result.outputs.request_count]).toEqual(['1', '1'])
    expect(JSON.parse(result.outputs.purge_ids!)).toHaveLength(1)
    expect(result.stdout).toContain('Purging 1 page(s) again')
    expect(result.summary).toContain('#### Why pages are not fresh')
    expect(result.summary).toContain(
      '`refilled after the purge with the old version: the copy at the edge lacks "5f0c6e1", which the origin serves now`'
    )
    expect(result.summary).toContain(
      '`purged again once the origin served the new version: fresh now`'
    )
  }, 60_000)

  it('names a page whose cache entry the purge did not cover with that cause', async () => {
    api = await startEmulator({ site: { before: OLD, after: SHA } })
    // The emulator's pages carry only the tag `all`: a purge of `homepage` covers none of them.
    const result = await run({ tags: 'homepage', verify: 'fail', verify_urls: PAGE })
    expect(result.code).toBe(1)
    expect(errors(result.stdout)).toEqual([
      expect.stringMatching(
        /^::error title=Stale at the edge::1 URL\(s\) still stale at the edge after the purge: https:\/\/www\.example\.com\/pricing\. Why: https:\/\/www\.example\.com\/pricing: cached \d+ s ago, before the purge: the purge did not cover this cache entry/
      )
    ])
    // No extra round for it: purging the same thing again would cover no more.
    expect(purges()).toHaveLength(1)
    expect(result.summary).toContain(
      `The Cache Rules of zone \`${DEFAULT_ZONE.id}\` leave the cache key as it is.`
    )
  }, 60_000)

  it('with a zone whose Cache Rules put a header in the key, names the header in the advice', async () => {
    api = await startEmulator({ zones: [{ ...DEFAULT_ZONE, cacheRules: [BY_REGION] }] })
    const variant = { url: PAGE, headers: { 'X-Region': 'eu' } }
    const result = await run({
      urls: PAGE,
      verify: 'warn',
      verify_urls: JSON.stringify([variant])
    })
    expect(result.code).toBe(0)
    const rules = api.state.requests.filter((r) => r.path.includes('/rulesets/'))
    expect(rules.map((r) => r.path)).toEqual([
      `/client/v4/zones/${DEFAULT_ZONE.id}/rulesets/phases/http_request_cache_settings/entrypoint`
    ])
    expect(result.summary).toContain(
      'send each URL as {"url", "headers"} with the header(s) `X-Region` that make up the cache key'
    )
    expect(result.summary).toContain(
      `The Cache Rules of zone \`${DEFAULT_ZONE.id}\`: \`by region\` puts header(s) \`X-Region\` in the key`
    )
    expect(result.stdout).toContain(
      `::warning title=Stale at the edge::${PAGE} {"X-Region":"eu"} is still stale at the edge: cached`
    )
  }, 60_000)

  it('says in one line that a token without Cache Settings Read cannot read the rules, and does not fail for it', async () => {
    api = await startEmulator({ zones: [{ ...DEFAULT_ZONE, cacheRules: [BY_REGION] }] })
    const result = await runAction(
      {
        token: PURGE_ONLY_TOKEN,
        zone: DEFAULT_ZONE.id,
        api_url: api.apiUrl,
        urls: PAGE,
        verify: 'warn',
        verify_urls: JSON.stringify([{ url: PAGE, headers: { 'X-Region': 'eu' } }])
      },
      { env: { CLOUDFLARE_PURGE_EDGE_URL: api.edgeUrl } }
    )
    expect(result.code).toBe(0)
    const notes = result.stdout.split('\n').filter((l) => l.includes('Cache Settings Read'))
    expect(notes).toEqual([
      `The Cache Rules of zone "${DEFAULT_ZONE.id}" were not read: the token lacks the permission Cache Settings Read ("Cloudflare API error 10000: Authentication error (HTTP 403)").`
    ])
    expect(errors(result.stdout)).toEqual([])
  }, 60_000)

  it('fails with verify: fail an HTML page that references a deleted script, naming both', async () => {
    api = await startEmulator({
      site: {
        before: OLD,
        after: SHA,
        assets: ['/app.js', '/app.css', '/old-bundle.js'],
        deleted: ['/old-bundle.js']
      }
    })
    const result = await run({ urls: PAGE, verify: 'fail' })
    expect(result.code).toBe(1)
    expect(errors(result.stdout)).toEqual([
      `::error title=Broken at the edge::1 page(s) point at files that no longer exist: ${PAGE} points at https://www.example.com/old-bundle.js (HTTP 404).`
    ])
    // Each asset once, through the edge.
    const assets = api.state.edgeLog.filter((e) => /\.(js|css)$/.test(e.path)).map((e) => e.path)
    expect(assets.sort()).toEqual(['/edge/app.css', '/edge/app.js', '/edge/old-bundle.js'])
  }, 60_000)

  it('shows in the summary how long browsers may keep each checked page', async () => {
    api = await startEmulator({ site: { before: OLD, after: SHA, maxAge: 86_400 } })
    const result = await run({ urls: PAGE, verify: 'warn' })
    expect(result.code).toBe(0)
    expect(result.summary).toContain('| Browsers keep it |')
    expect(result.summary).toMatch(
      /\| `https:\/\/www\.example\.com\/pricing` \|.*\| up to 1 d \(max-age=86400\) \|/
    )
  }, 60_000)

  it('asks the origin about one page only when no page shows the commit, and tells nothing it cannot', async () => {
    // The emulator's plain pages show no version at all.
    api = await startEmulator()
    const urls = Array.from({ length: 30 }, (_, i) => `https://www.example.com/page/${i}`)
    const result = await run({ urls: urls.join('\n'), verify: 'fail' })
    expect(result.code).toBe(0)
    expect(api.state.edgeLog.filter((e) => e.path.includes('cf_purge_wait='))).toHaveLength(1)
    expect(purges()).toHaveLength(1)
    expect(result.summary).not.toContain('Why pages are not fresh')
  }, 60_000)
})
