/**
 * The deploy gate's inputs: which URLs show the deployed version, what text shows it, how long to
 * wait, and what to do when the time runs out. Nothing here touches the network.
 */
import { parseList } from './lists.js'
import { DEFAULTS, GATE_INPUT_NAMES, MAX_WAIT_TIMEOUT_SECONDS } from './names.js'
import type { Reading } from './reading.js'
import { CREDENTIALS_PROBLEM, shownUrl, textProblem, urlProblem } from './rules.js'

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

const readUrls = (read: Reading): string[] => {
  const parsed = parseList(read.value('wait_for_url'), 'urls')
  if ('error' in parsed) {
    read.issues.push({
      input: 'wait_for_url',
      value: read.value('wait_for_url'),
      problem: parsed.error
    })
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
    // Quoted back without what may be a password.
    else read.issues.push({ input: 'wait_for_url', value: shownUrl(value), problem })
  }
  if (urls.length > MAX_WAIT_URLS)
    read.issues.push({
      input: 'wait_for_url',
      value: '',
      problem: `lists ${urls.length} URLs; at most ${MAX_WAIT_URLS}: one per origin or region the deploy lands on is enough`
    })
  return [...new Set(urls)]
}

const readWaitFor = (read: Reading): string | undefined => {
  const value = read.value('wait_for')
  if (value === '') return undefined
  const problem =
    value.length > MAX_WAIT_FOR
      ? `is ${value.length} characters long; at most ${MAX_WAIT_FOR}`
      : textProblem(value)
  if (problem !== undefined) read.issues.push({ input: 'wait_for', value, problem })
  return value
}

const readTimeoutMs = (read: Reading): number => {
  const text = read.orDefault('wait_timeout')
  const seconds = /^\d{1,5}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN
  if (seconds > 0 && seconds <= MAX_WAIT_TIMEOUT_SECONDS) return seconds * 1000
  read.issues.push({
    input: 'wait_timeout',
    value: read.value('wait_timeout'),
    problem: `must be a positive number of seconds, at most ${MAX_WAIT_TIMEOUT_SECONDS} (an hour)`
  })
  return Number(DEFAULTS.wait_timeout) * 1000
}

const readOnTimeout = (read: Reading): 'fail' | 'purge' => {
  const value = read.orDefault('wait_on_timeout').toLowerCase()
  if (value === 'fail' || value === 'purge') return value
  read.issues.push({
    input: 'wait_on_timeout',
    value: read.value('wait_on_timeout'),
    problem: 'must be "fail" or "purge"'
  })
  return DEFAULTS.wait_on_timeout
}

/** Set to something else than its default: the runner passes action.yml's defaults as values. */
const given = (read: Reading, name: (typeof GATE_INPUT_NAMES)[number]): boolean => {
  const value = read.value(name)
  return value !== '' && value !== (DEFAULTS as Partial<Record<string, string>>)[name]
}

/**
 * Reads `wait_for_url`, `wait_for`, `wait_timeout` and `wait_on_timeout`; undefined when no URL is
 * given. The others without a URL wait for nothing: a warning, not an error, so that a workflow
 * that sets `wait_for_url` from a variable empty in some runs still purges in those.
 */
export const readGate = (read: Reading): GateInputs | undefined => {
  const urls = readUrls(read)
  const waitFor = readWaitFor(read)
  const timeoutMs = readTimeoutMs(read)
  const onTimeout = readOnTimeout(read)
  if (read.value('wait_for_url') === '') {
    const set = GATE_INPUT_NAMES.filter((name) => name !== 'wait_for_url' && given(read, name))
    if (set.length > 0)
      read.warnings.push(
        `Input "${set.join(', ')}": ignored, because wait_for_url is empty: nothing is waited for.`
      )
    return undefined
  }
  return { urls, waitFor, timeoutMs, onTimeout }
}
