/**
 * After the check of the edge: why each page that did not come back as it should did not, and
 * what can be mended. A page refilled during the purge with the old version is purged once more,
 * now that the origin is seen serving the new one, and checked again (one extra round at most);
 * a page the purge did not cover is explained from the zone's Cache Rules; every HTML page's
 * same-site assets are requested, so that one pointing at a deleted file is named. Loaded with
 * the verify stage; never in a dry run.
 */
import { cacheRulesPath, fetchCacheRules } from '../cloudflare/cache-rules.js'
import {
  causeOf,
  isBroken,
  judgeSuspect,
  lookAtOrigin,
  statusOfAssets,
  type Diagnosis,
  type Page,
  type Suspect
} from '../edge/doctor.js'
import type { Needle } from '../edge/needle.js'
import type { Check, ToCheck } from '../edge/verify.js'
import { Workers } from '../engine/workers.js'
import type { Inputs } from '../inputs/parse.js'
import type { RunPlan } from '../model.js'
import { zoneFor } from '../plan/routing.js'
import { count, quote } from '../text.js'
import { apiOf, purge } from './purge.js'
import { deadlineOf, type Purged, type Run, type State } from './stage.js'

/** Pages whose origin copy is asked for, and assets requested, in one run. */
export const ORIGIN_LOOKS = 20
export const ASSETS_PER_RUN = 100
/** The longest one request of the doctor may take. */
const REQUEST_MS = 10_000

export interface DoctorEnv {
  inputs: Inputs
  run: Run
  state: State
  marker: Needle | undefined
  edge: string | undefined
  /** Checks pages again, as the first check did. */
  recheck: (items: ToCheck[]) => Promise<Check[]>
}

const timeLeft = (env: DoctorEnv): number => deadlineOf(env.state) - env.run.clock.now()

/** The zone a page is in: the run's one seen zone, else the one its host is in. */
const zoneOfPage = (url: string, zones: Purged['zones']): string | undefined => {
  if (zones.length === 1) return zones[0]!.id
  const index = zoneFor(
    new URL(url).hostname,
    zones.map((z) => z.name)
  )
  return index === undefined ? undefined : zones[index]!.id
}

/** Asks the origin for each suspect's page, a few at a time: the cause each look shows. */
const lookAtAll = async (
  suspects: { page: Page; suspect: Suspect }[],
  env: DoctorEnv,
  marker: Needle
): Promise<void> => {
  let next = 0
  const bust = `${Date.now().toString(36)}-doctor`
  await new Workers(
    () => suspects[next++],
    async ({ page, suspect }) => {
      const timeoutMs = Math.min(REQUEST_MS, timeLeft(env))
      const look =
        timeoutMs <= 0
          ? { marked: undefined, detail: 'the timeout ran out before the origin was asked' }
          : await lookAtOrigin(page.check.url, page.check.headers, marker, {
              userAgent: env.run.userAgent,
              edge: env.edge,
              timeoutMs,
              bust
            })
      page.cause = judgeSuspect(suspect, look, marker)
    },
    () => false
  ).run(Math.min(4, suspects.length))
}

/**
 * The origin is asked only where it can tell: every suspect when some page showed the marker
 * (pages do show it), else one first, and the rest only if that one's origin copy shows it.
 */
const askOrigin = async (
  suspects: { page: Page; suspect: Suspect }[],
  env: DoctorEnv,
  marker: Needle,
  someShowIt: boolean
): Promise<void> => {
  const looked = suspects.slice(0, ORIGIN_LOOKS)
  for (const { page } of suspects.slice(ORIGIN_LOOKS))
    page.cause = {
      kind: 'unknown',
      detail: `lacks ${quote(marker.text, 60)}, and was not asked of the origin (at most ${ORIGIN_LOOKS} pages a run)`
    }
  if (someShowIt) return lookAtAll(looked, env, marker)
  await lookAtAll(looked.slice(0, 1), env, marker)
  const probe = looked[0]!.page
  if (probe.cause?.kind === 'old') return lookAtAll(looked.slice(1), env, marker)
  for (const { page } of looked.slice(1))
    page.cause = {
      kind: 'unknown',
      detail: `lacks ${quote(marker.text, 60)}, as does the origin's copy of ${probe.check.url}: the pages may not show it`
    }
}

/** Each page's cause from its check, then from the origin for those lacking the marker. */
const findCauses = async (pages: Page[], env: DoctorEnv): Promise<void> => {
  const suspects: { page: Page; suspect: Suspect }[] = []
  for (const page of pages) {
    const found = causeOf(page.check, page.item.purgedAt, env.marker)
    if (found !== undefined && 'suspect' in found) suspects.push({ page, suspect: found })
    else page.cause = found
  }
  const someShowIt = pages.some((p) => p.cause?.kind === 'new')
  if (suspects.length > 0 && env.marker !== undefined)
    await askOrigin(suspects, env, env.marker, someShowIt)
}

/** The plan of the extra round: only these URLs, in the zones whose purge the edge shows. */
const roundPlan = (plan: RunPlan, purged: Purged, items: ToCheck[]): RunPlan => ({
  ...plan,
  zones: purged.zones.map((z) => ({ by: 'id', given: z.zone.given, id: z.id })),
  // Production is purged through the zone's own endpoint: what the edge shows.
  environments: [],
  kinds: [{ kind: 'files', items: items.map((i) => i.item), duplicates: 0 }]
})

/**
 * The race, mended: pages refilled with the old version while the origin now serves the new one
 * are purged once more, through the run's pacer rules and within `timeout`, then checked again.
 * One round at most; never in a dry run.
 */
const mendRace = async (pages: Page[], env: DoctorEnv): Promise<void> => {
  const old = pages.filter((p) => p.cause?.kind === 'old')
  const { state, run, inputs } = env
  if (old.length === 0 || inputs.dryRun || state.plan === undefined || state.purged === undefined)
    return
  const said = `Purging ${count(old.length)} page(s) again: refilled with the old version during the purge, and the origin serves the new one now`
  const { report, purged } = await run.log.group(said, () =>
    purge(
      roundPlan(
        state.plan!,
        state.purged!,
        old.map((p) => p.item)
      ),
      inputs,
      run,
      state.budgetFrom
    )
  )
  if (report.failure !== undefined) {
    for (const page of old)
      page.did = { text: `purged again, but refused: ${report.failure}`, mended: false }
    return
  }
  const again = purged.urls
  const checks = await env.recheck(again)
  const byKey = new Map(checks.map((c) => [JSON.stringify([c.url, c.headers]), c]))
  for (const page of old) {
    const check = byKey.get(JSON.stringify([page.check.url, page.check.headers]))
    if (check === undefined) {
      page.did = { text: 'purged again, but the purge did not accept it', mended: false }
      continue
    }
    const fresh = check.page?.marked === true
    page.check = check
    page.did = fresh
      ? { text: 'purged again once the origin served the new version: fresh now', mended: true }
      : {
          text: `purged again, and still without the new version (${check.verdict})`,
          mended: false
        }
  }
}

/** Each HTML page's same-site assets, each requested once through the edge: 404, 410, 5xx are broken. */
const checkAssets = async (pages: Page[], env: DoctorEnv): Promise<number> => {
  const all = [...new Set(pages.flatMap((p) => p.check.page?.assets ?? []))]
  const asked = all.slice(0, ASSETS_PER_RUN)
  if (asked.length === 0) return 0
  const statuses = await env.run.log.group(
    `Requesting ${count(asked.length)} asset(s) the checked pages reference`,
    () =>
      statusOfAssets(asked, {
        userAgent: env.run.userAgent,
        edge: env.edge,
        deadline: () => timeLeft(env),
        timeoutMs: REQUEST_MS
      })
  )
  for (const page of pages)
    page.broken = (page.check.page?.assets ?? []).flatMap((url) => {
      const status = statuses.get(url)
      return status !== undefined && isBroken(status) ? [{ url, status }] : []
    })
  return all.length - statuses.size
}

/** The Cache Rules of each zone a page the purge did not cover is in, read once per zone. */
const readRules = async (pages: Page[], env: DoctorEnv): Promise<Diagnosis['rules']> => {
  const zones = [
    ...new Set(
      pages.flatMap((p) =>
        p.cause?.kind === 'not covered' && p.zoneId !== undefined ? [p.zoneId] : []
      )
    )
  ]
  if (zones.length === 0) return []
  const api = apiOf(env.inputs, env.run, env.state.budgetFrom)
  const options = {
    clock: env.run.clock,
    backoff: api.lookup.backoff,
    deadline: deadlineOf(env.state),
    limit: () => Math.max(1, Math.min(REQUEST_MS, timeLeft(env)))
  }
  return env.run.log.group(`Reading the Cache Rules (GET ${cacheRulesPath('{zone_id}')})`, () =>
    Promise.all(
      zones.map(async (zoneId) => ({
        zoneId,
        rules: await fetchCacheRules(zoneId, api.get, options)
      }))
    )
  )
}

/** Why each checked page is as the check found it, what was mended, and what the zone says. */
export const diagnose = async (
  items: readonly ToCheck[],
  checks: readonly Check[],
  env: DoctorEnv
): Promise<Diagnosis> => {
  const zones = env.state.purged?.zones ?? []
  const pages: Page[] = checks.map((check, i) => ({
    item: items[i]!,
    check,
    zoneId: zoneOfPage(check.url, zones),
    cause: undefined,
    broken: []
  }))
  await findCauses(pages, env)
  await mendRace(pages, env)
  const assetsUnchecked = await checkAssets(pages, env)
  const rules = await readRules(pages, env)
  return { pages, rules, assetsUnchecked }
}
