/** The deploy gate in the job summary: which URLs showed the new version, after how long. */
import { collapse, nameTheTarget, type FoundIn, type Look, type Waited } from '../edge/gate.js'
import type { Plan, RunPlan } from '../model.js'
import { count, flattenLine, seconds } from '../text.js'
import { cell, code, escape, table } from './markdown.js'
import {
  listFiles,
  notPurgedOf,
  nothingPurged,
  unsentEntries,
  type NotPurgedList
} from './outputs.js'
import { scope, type Report, type RunContext } from './report.js'
import type { Section } from './summary.js'

const lastAnswer = (look: Look | undefined): string => {
  if (look === undefined) return 'none'
  const via = look.redirectedTo === undefined ? '' : ` from ${cell(look.redirectedTo)}`
  if (look.status === undefined) return `no answer${via}: ${cell(look.error ?? 'unknown error')}`
  const excerpt = collapse(look.excerpt)
  const shown = excerpt.length > 80 ? `${excerpt.slice(0, 79)}…` : excerpt
  const refused = look.refused
  return [
    `HTTP ${look.status}${via}`,
    ...(refused === undefined
      ? []
      : [`redirecting to ${cell(refused.to)}, which ${escape(refused.why)}: not followed`]),
    ...(shown === '' ? [] : [cell(shown)]),
    ...(look.error === undefined ? [] : [`(${cell(look.error)})`])
  ].join(' ')
}

/** Where the text was found: a header's name is outside text, in a code span like any other. */
const foundWhere = (found: FoundIn | undefined): string =>
  found === undefined
    ? 'the answer'
    : found === 'body'
      ? 'the body'
      : `the ${cell(flattenLine(found.header, 60))} header`

/** The section: one row per URL, with how long it took, how many polls, and what it last showed. */
export const gateSection = (waited: readonly Waited[], needle: string): Section => {
  const live = waited.every((w) => w.found)
  const took = Math.max(0, ...waited.map((w) => w.tookMs))
  const rows = waited.map((w) => [
    cell(w.url),
    w.found ? `✅ shows it in ${foundWhere(w.last?.foundIn)}` : '❌ not yet',
    `${seconds(w.tookMs)} s`,
    count(w.polls),
    lastAnswer(w.last)
  ])
  const refused = waited.some((w) => !w.found && w.last?.refused !== undefined)
  return {
    heading: 'Waited for the deploy',
    body:
      `${live ? 'Live' : 'Not live'} after ${seconds(took)} s: ${waited.length === 1 ? 'the URL' : `${waited.length} URLs`} polled for ${code(needle)}.\n\n` +
      table(['URL', 'Result', '>Time', '>Polls', 'Last answer'], rows) +
      (refused ? `\n\nA redirect was not followed: ${nameTheTarget('`wait_for_url`')}.` : '')
  }
}

/** A step stopped by the gate: nothing was purged, because the deploy never showed. */
export const reportNotLive = (
  plan: Plan | RunPlan,
  section: Section,
  failure: string,
  context: RunContext,
  fullListPath?: string
): Report => {
  const list = notPurgedOf(unsentEntries(plan, new Error(failure)), fullListPath)
  return { ...notLive(plan, section, failure, context, list), files: listFiles(list) }
}

const notLive = (
  plan: Plan | RunPlan,
  section: Section,
  failure: string,
  context: RunContext,
  list: NotPurgedList
): Report => ({
  outputs: nothingPurged(plan, [], list),
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
