import { describe, expect, it } from '@jest/globals'
import type { Outcome } from '../../src/engine/purge-run.js'
import { ApiError } from '../../src/errors.js'
import type { Plan, RunPlan, Target } from '../../src/model.js'
import { environmentScope } from '../../src/report/environments.js'
import { nothingPurged } from '../../src/report/outputs.js'
import { summaryText } from '../../src/report/report.js'
import { reportZones, unsentOutcome } from '../../src/report/zones.js'
import { planOf, ZONE_ID } from '../__fixtures__/helpers.js'
import { renderGfm } from '../__fixtures__/gfm.js'

const context = { repository: 'acme/site', sha: 'a1b2c3d', runUrl: undefined }
const STAGING: Target = { given: 'staging', ref: '7'.repeat(32), name: 'Staging' }
const PRODUCTION: Target = {
  given: 'Production',
  ref: '4'.repeat(30),
  name: 'Production',
  production: true
}

const tagged = (target: Target): Plan => ({
  ...planOf({ tags: ['a'] }),
  zone: { by: 'name' as const, given: 'example.com', name: 'example.com' },
  environment: target.production === true ? undefined : target.ref,
  target
})

const done = (id: string): Outcome => ({
  kinds: [
    {
      kind: 'tags',
      total: 1,
      accepted: 1,
      requests: 1,
      retries: 0,
      throttled: 0,
      batchSize: 100,
      ids: [id],
      durationMs: 100,
      stopped: undefined
    }
  ],
  ids: [id],
  rejected: [],
  unpurged: [],
  failure: undefined,
  requests: 1,
  throttled: 0,
  waitedMs: 0,
  durationMs: 100
})

describe('a run of several environments', () => {
  it("is reported as one of several zones, an environment in each zone's place", () => {
    const report = reportZones(
      [
        { plan: tagged(STAGING), zoneId: ZONE_ID, outcome: done('1'.repeat(32)) },
        { plan: tagged(PRODUCTION), zoneId: ZONE_ID, outcome: done('2'.repeat(32)) }
      ],
      context
    )
    expect(report.failure).toBeUndefined()
    // One zone, however many environments.
    expect(report.outputs.zone_id).toBe(ZONE_ID)
    expect(JSON.parse(report.outputs.zones!)).toEqual([
      expect.objectContaining({
        zone: 'example.com',
        zone_id: ZONE_ID,
        environment: 'staging',
        environment_id: STAGING.ref,
        environment_name: 'Staging',
        purged_count: 1
      }),
      expect.objectContaining({ environment: 'Production', environment_id: PRODUCTION.ref })
    ])
    const text = summaryText(report)
    expect(text).toContain('## ✅ Cloudflare cache purged in 2 environments')
    expect(text).toContain('Zone `example.com` · environments `Staging`, `Production`')
    expect(text).toContain(`| \`Staging\` | \`${STAGING.ref}\` | ✅ | 1 of 1 | 1 |  |`)
    expect(text).toContain('### `Production`: ✅ Cloudflare cache purged')
    expect(text).toContain(
      `environment \`Production\` (\`${PRODUCTION.ref}\`, production: sent to the zone's endpoint)`
    )
    expect(renderGfm(text)).toContain('<th>Environment</th>')
  })

  it('fails naming the environment that failed, with its own advice for 7003', () => {
    const missing: Target = { given: 'f'.repeat(32), ref: 'f'.repeat(32) }
    const plan = tagged(missing)
    const report = reportZones(
      [
        { plan: tagged(STAGING), zoneId: ZONE_ID, outcome: done('1'.repeat(32)) },
        {
          plan,
          zoneId: ZONE_ID,
          outcome: unsentOutcome(plan, new ApiError(400, [{ code: 7003, message: 'No route' }]))
        }
      ],
      context
    )
    expect(report.failure).toBe(
      `Environment ${'f'.repeat(32)}: Cloudflare API error 7003: No route (HTTP 400)\n  Purged 0 of 1 item(s), not purged 1 (listed in the job summary and the log); each item not purged is in the not_purged output with its reason.`
    )
    expect(report.title).toBe(`Cloudflare API error (environment ${'f'.repeat(32)})`)
    const text = summaryText(report)
    expect(text).toContain('failed in 1 of 2 environments')
    expect(text).toContain('| 7003 | Cloudflare could not route the request to this environment')
    expect(text).not.toContain("Copy the Zone ID from the zone's Overview page")
  })

  it('names the environment of each rejected item', () => {
    const rejected: Outcome = {
      ...done('1'.repeat(32)),
      rejected: [{ kind: 'tags', item: 'b', code: 1018, message: 'Invalid tag' }]
    }
    const report = reportZones(
      [
        { plan: tagged(STAGING), zoneId: ZONE_ID, outcome: rejected },
        { plan: tagged(PRODUCTION), zoneId: ZONE_ID, outcome: done('2'.repeat(32)) }
      ],
      context
    )
    expect(JSON.parse(report.outputs.not_purged!)).toEqual([
      {
        zone: 'example.com',
        environment: 'staging',
        kind: 'tags',
        item: 'b',
        reason: 'rejected',
        code: 1018,
        message: 'Invalid tag'
      }
    ])
  })
})

describe('a run that purged nothing', () => {
  it('has a line per environment in the zones output', () => {
    const run: RunPlan = {
      zones: [{ by: 'name', given: 'example.com', name: 'example.com' }],
      environments: [
        { by: 'name', given: 'Staging', name: 'Staging' },
        { by: 'id', given: STAGING.ref, id: STAGING.ref }
      ],
      mode: 'purge',
      batchSize: 100,
      kinds: []
    }
    expect(JSON.parse(nothingPurged(run, [9109]).zones)).toEqual([
      expect.objectContaining({
        environment: 'Staging',
        environment_id: null,
        environment_name: null,
        error_codes: [9109]
      }),
      expect.objectContaining({ environment: STAGING.ref, environment_id: STAGING.ref })
    ])
    expect(environmentScope(run)).toBe(`environments \`Staging\`, \`${STAGING.ref}\``)
  })
})
