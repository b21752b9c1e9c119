/**
 * The deploy gate's inputs: which URLs show the deployed version, and what text shows it. How long
 * to wait and what to do then are read by the kit (`table.ts`). Nothing here touches the network.
 */
import type { Field } from './kit.js'
import { parseList } from './lists.js'
import { CREDENTIALS_PROBLEM, textProblem, urlProblem } from './rules.js'

export interface GateInputs {
  /** Every one of them must show `waitFor` before anything is purged. */
  urls: string[]
  /** The text that shows the new version is live; undefined: the run's commit SHA. */
  waitFor: string | undefined
  timeoutMs: number
  /** `fail` purges nothing when the time runs out; `purge` purges anyway, with a warning. */
  onTimeout: 'fail' | 'purge'
}

/** More origins than this is a list of pages, not of places the deploy lands. */
export const MAX_WAIT_URLS = 20
/** Long enough for any version string or marker; short enough to quote in a message. */
const MAX_WAIT_FOR = 256

/** `wait_for_url`: the URLs to poll, each once; none when not given. */
export const readGateUrls = (field: Field): string[] => {
  const parsed = parseList(field.value, 'urls')
  if ('error' in parsed) {
    field.issue(parsed.error)
    return []
  }
  const urls: string[] = []
  for (const entry of parsed.entries) {
    const value = typeof entry === 'string' ? entry : JSON.stringify(entry)
    // The URL is polled and quoted in the log and summary: a password in it would be shown.
    const problem =
      typeof entry !== 'string'
        ? 'must be a URL string'
        : /^https?:\/\/[^/?#]*@/i.test(entry)
          ? `${CREDENTIALS_PROBLEM}: the URL is shown in the log`
          : urlProblem(entry)
    if (problem === undefined) urls.push(new URL(value).href)
    else field.issue(problem, value)
  }
  if (urls.length > MAX_WAIT_URLS)
    field.issue(
      `lists ${urls.length} URLs; at most ${MAX_WAIT_URLS}: one per origin or region the deploy lands on is enough`,
      ''
    )
  return [...new Set(urls)]
}

/** `wait_for`: the text that shows the new version; undefined: the run's commit SHA. */
export const readWaitFor = (field: Field): string | undefined => {
  const value = field.value
  if (value === '') return undefined
  const problem =
    value.length > MAX_WAIT_FOR
      ? `is ${value.length} characters long; at most ${MAX_WAIT_FOR}`
      : textProblem(value)
  if (problem !== undefined) field.issue(problem)
  return value
}
