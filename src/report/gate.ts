/** The deploy gate in the job summary: which URLs showed the new version, after how long. */
import { collapse, type Look, type Waited } from '../edge/gate.js'
import type { Plan, RunPlan } from '../model.js'
import { count, seconds } from '../text.js'
import { cell, code } from './markdown.js'
import { nothingPurged } from './outputs.js'
import { scope, type Report, type RunContext } from './report.js'
import type { Section } from './summary.js'

const lastAnswer = (look: Look | undefined): string => {
  if (look === undefined) return 'none'
  if (look.status === undefined) return `no answer: ${cell(look.error ?? 'unknown error')}`
  const excerpt = collapse(look.excerpt)
  const shown = excerpt.length > 80 ? `${excerpt.slice(0, 79)}…` : excerpt
  return [
    `HTTP ${look.status}`,
    ...(look.redirectedTo === undefined ? [] : [`from ${cell(look.redirectedTo)}`]),
    ...(shown === '' ? [] : [cell(shown)]),
    ...(look.error === undefined ? [] : [`(${cell(look.error)})`])
  ].join(' ')
}

/** The section: one row per URL, with how long it took, how many polls, and what it last showed. */
export const gateSection = (waited: readonly Waited[], needle: string): Section => {
  const live = waited.every((w) => w.found)
  const took = Math.max(0, ...waited.map((w) => w.tookMs))
  const rows = waited.map(
    (w) =>
      `| ${cell(w.url)} | ${w.found ? `✅ shows it in ${w.last?.foundIn ?? 'the answer'}` : '❌ not yet'} | ${seconds(w.tookMs)} s | ${count(w.polls)} | ${lastAnswer(w.last)} |`
  )
  return {
    heading: 'Waited for the deploy',
    body:
      `${live ? 'Live' : 'Not live'} after ${seconds(took)} s: ${waited.length === 1 ? 'the URL' : `${waited.length} URLs`} polled for ${code(needle)}.\n\n` +
      `| URL | Result | Time | Polls | Last answer |\n| --- | --- | ---: | ---: | --- |\n${rows.join('\n')}`
  }
}

/** A step stopped by the gate: nothing was purged, because the deploy never showed. */
export const reportNotLive = (
  plan: Plan | RunPlan,
  section: Section,
  failure: string,
  context: RunContext
): Report => ({
  outputs: nothingPurged(plan, []),
  summary: {
    status: 'failure',
    title: 'Cloudflare cache not purged: the deploy is not live',
    scope: scope(plan, undefined, context),
    sections: [
      section,
      {
        body: 'Nothing was purged: purging before the new version is served lets the next visitor cache the old one again. Check `wait_for_url` and `wait_for`, raise `wait_timeout`, or set `wait_on_timeout: purge` to purge anyway.'
      }
    ]
  },
  failure,
  title: 'Deploy not live'
})

/** The run's report with the gate's section first; a purge made anyway is marked with a warning. */
export const withGate = (report: Report, section: Section, purgedAnyway: boolean): Report => ({
  ...report,
  summary: {
    ...report.summary,
    status: purgedAnyway && report.summary.status === 'success' ? 'warning' : report.summary.status,
    sections: [section, ...report.summary.sections]
  }
})
