/**
 * After a successful purge (and after `verify`): requests each purged URL once through Cloudflare,
 * so that the first visitors find it cached. Never fails the step. This module and what it imports
 * load only when `warm` is on.
 */
import { realClock, type Clock } from '../clock.js'
import { edgeKey, urlAndHeaders, warmAll, warmThroughEdge, type EdgeAnswer } from '../edge/warm.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import type { RunPlan, UrlItem } from '../model.js'
import type { Report } from '../report/report.js'
import { newWarmTally, reportWarm, tallyWarmed } from '../report/warm.js'
import { count } from '../text.js'

const TITLE = { title: 'Cloudflare purge' }

export interface WarmContext {
  /** When the purge's `timeout` started: warming shares it. */
  startedAt: number
  userAgent: string
  log: Log
  clock?: Clock
  fetchEdge?: (
    url: string,
    headers: Record<string, string>,
    timeoutMs: number
  ) => Promise<EdgeAnswer>
}

/** Every purged URL of the run, each cache key once, in the order given. */
const purgedUrls = (plan: RunPlan): UrlItem[] =>
  plan.kinds.filter((k) => k.kind === 'files').flatMap((k) => k.items)

export const warmCache = async (
  report: Report,
  plan: RunPlan,
  inputs: Inputs,
  context: WarmContext
): Promise<Report> => {
  const warm = inputs.warm
  if (warm === undefined) return report
  const { log } = context
  const clock = context.clock ?? realClock
  const urls = purgedUrls(plan)
  if (inputs.dryRun) {
    log.info(
      `Dry run: would warm ${count(Math.min(urls.length, warm.limit))} URL(s) through Cloudflare after the purge.`
    )
    return report
  }
  if (report.failure !== undefined) {
    log.info('Not warming the cache: the step did not succeed.')
    return report
  }
  const fetched = new Set((report.edgeFetched ?? []).map((c) => edgeKey(c.url, c.headers)))
  const rest = urls.filter((item) => {
    const { url, headers } = urlAndHeaders(item)
    return !fetched.has(edgeKey(url, headers))
  })
  const skipped = urls.length - rest.length
  const chosen = rest.slice(0, warm.limit)
  if (urls.length === 0) {
    log.notice(
      'warm is on, but the purge named no URL to warm: a tag, host, prefix or everything purge lists none (list them in urls, or use sitemap).',
      TITLE
    )
    return report
  }
  const tally = newWarmTally()
  const run =
    chosen.length === 0
      ? { requested: 0, outOfTime: 0, ms: 0 }
      : await log.group(
          `Warming ${count(chosen.length)} URL(s) through Cloudflare, ${warm.concurrency} at a time`,
          () =>
            warmAll(chosen, {
              clock,
              deadline: context.startedAt + inputs.timeoutMs,
              concurrency: warm.concurrency,
              requestTimeoutMs: inputs.requestTimeoutMs,
              onWarmed: (warmed) => tallyWarmed(tally, warmed),
              fetchEdge: context.fetchEdge ?? warmThroughEdge(context.userAgent)
            })
        )
  const result = reportWarm(
    tally,
    run,
    { skipped, overLimit: rest.length - chosen.length },
    warm.concurrency
  )
  log.info(result.line)
  if (result.slowest !== undefined) log.info(result.slowest)
  for (const warning of result.warnings) log.warning(warning, { title: 'Not warmed' })
  return {
    ...report,
    outputs: { ...report.outputs, warmed: result.warmed },
    summary: { ...report.summary, sections: [...report.summary.sections, result.section] }
  }
}
