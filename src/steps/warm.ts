/**
 * After a successful purge (and after `verify`): requests each purged URL once through
 * Cloudflare, so that the first visitors find it cached. Never fails the step. This module and
 * what it imports load only when `warm` is on.
 */
import { edgeKey, urlAndHeaders, warmAll, warmThroughEdge, type EdgeAnswer } from '../edge/warm.js'
import { WARM_CONCURRENCY } from '../inputs/warm.js'
import type { UrlItem } from '../model.js'
import type { Amendment } from '../report/amend.js'
import { newWarmTally, reportWarm, tallyWarmed } from '../report/warm.js'
import { escape } from '../report/markdown.js'
import { count } from '../text.js'
import { deadlineOf, failing, type Run, type Stage, type State } from './stage.js'

const TITLE = { title: 'Cloudflare purge' }

/** Fetches one cache key through the edge; warmThroughEdge on a runner, a fake in tests. */
export type FetchEdge = (
  url: string,
  headers: Record<string, string>,
  timeoutMs: number
) => Promise<EdgeAnswer>

/** Why nothing is warmed after this purge, in words for the log; undefined when it is. */
const notWarmed = (state: State): { why: string; level: 'info' | 'notice' } | undefined => {
  if (failing(state))
    return { why: 'Not warming the cache: the step did not succeed.', level: 'info' }
  if (state.unseenDeploy === true)
    return {
      why: 'Not warming the cache: the deploy was never seen live (wait_on_timeout: purge), so warming could cache the old version again.',
      level: 'notice'
    }
  if (state.purged?.seen === false)
    return {
      why: 'Not warming the cache: the edge answers visitors from the production environment, and only other environments were purged.',
      level: 'notice'
    }
  return undefined
}

/** Warms what was purged (but what verify fetched), and says what it found. */
const warm = async (
  run: Run,
  state: State,
  urls: UrlItem[],
  fetchEdge: FetchEdge
): Promise<Amendment> => {
  const limit = state.inputs.warm!.limit
  const rest = urls.filter((item) => {
    const { url, headers } = urlAndHeaders(item)
    return !(state.fetched?.has(edgeKey(url, headers)) ?? false)
  })
  const chosen = rest.slice(0, limit)
  const tally = newWarmTally()
  const done =
    chosen.length === 0
      ? { requested: 0, outOfTime: 0, ms: 0 }
      : await run.log.group(
          `Warming ${count(chosen.length)} URL(s) through Cloudflare, ${WARM_CONCURRENCY} at a time`,
          () =>
            warmAll(chosen, {
              clock: run.clock,
              deadline: deadlineOf(state),
              concurrency: WARM_CONCURRENCY,
              requestTimeoutMs: state.inputs.requestTimeoutMs,
              // Counts and the few slowest, never every answer: 100,000 URLs stay in memory bounds.
              onWarmed: (warmed) => tallyWarmed(tally, warmed),
              fetchEdge
            })
        )
  const skips = { skipped: urls.length - rest.length, overLimit: rest.length - chosen.length }
  const result = reportWarm(tally, done, skips, WARM_CONCURRENCY)
  run.log.info(result.line)
  if (result.slowest !== undefined) run.log.info(result.slowest)
  for (const warning of result.warnings)
    run.log.warning(warning, { title: 'Not warmed', shown: true })
  return { section: result.section, outputs: { warmed: result.warmed } }
}

/** The warming stage, fetching through `fetchEdge` (the edge by default). */
export const warmStageWith =
  (fetchEdge?: FetchEdge): Stage =>
  async (run, state) => {
    const urls = (state.purged?.urls ?? []).map((u) => u.item)
    if (state.inputs.dryRun) {
      const planned = state.plan?.kinds.find((k) => k.kind === 'files')?.items.length ?? 0
      run.log.info(
        `Dry run: would warm ${count(Math.min(planned, state.inputs.warm!.limit))} URL(s) through Cloudflare after the purge.`
      )
      return state
    }
    const skip =
      notWarmed(state) ??
      (urls.length === 0
        ? {
            why: 'warm is on, but the purge named no URL to warm: a tag, host, prefix or everything purge lists none (list them in urls, or use sitemap).',
            level: 'notice' as const
          }
        : undefined)
    if (skip !== undefined) {
      if (skip.level === 'info') {
        run.log.info(skip.why)
        return state
      }
      // Said in the summary too: `warmed: {}` alone reads the same as warming off.
      run.log.notice(skip.why, TITLE)
      const section = { heading: 'Not warmed', body: escape(skip.why) }
      return { ...state, amendments: [...state.amendments, { section }] }
    }
    const amendment = await warm(run, state, urls, fetchEdge ?? warmThroughEdge(run.userAgent))
    return { ...state, amendments: [...state.amendments, amendment] }
  }

export const warmStage: Stage = warmStageWith()
