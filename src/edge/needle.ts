/**
 * What shows that the new version is live, and the query parameter that makes a request a URL no
 * cache holds: shared by the deploy gate and the doctor, without the gate's client.
 */
import { InputError } from '../errors.js'
import type { GateInputs } from '../inputs/gate.js'

/** What shows that the new version is live. */
export interface Needle {
  text: string
  /** For a commit SHA, whose hex digits may be written in either case. */
  ignoreCase: boolean
}

/** The gate's needle: `wait_for`, or the run's commit, whose first 7 characters its full form has. */
export const needleOf = (gate: Pick<GateInputs, 'waitFor'>, sha: string): Needle => {
  if (gate.waitFor !== undefined) return { text: gate.waitFor, ignoreCase: false }
  if (sha === '')
    throw new InputError([
      {
        input: 'wait_for',
        value: '',
        problem:
          'is needed: GITHUB_SHA is not set, so there is no commit to wait for; give the text that shows the new version'
      }
    ])
  return { text: sha.slice(0, 7), ignoreCase: true }
}

/**
 * What shows the new version in a page after the purge: the gate's needle where the gate is set,
 * else the run's commit (only a page that shows it can be told by it); none without either.
 */
export const markerOf = (gate: GateInputs | undefined, sha: string): Needle | undefined =>
  gate !== undefined
    ? needleOf(gate, sha)
    : sha === ''
      ? undefined
      : needleOf({ waitFor: undefined }, sha)

/** The query parameter that makes every poll a URL no cache holds. */
export const BUST_PARAM = 'cf_purge_wait'

/** The URL with the cache-busting parameter added, the rest of its query kept as written. */
export const bustedUrl = (url: string, bust: string): string => {
  const target = new URL(url)
  target.hash = ''
  const param = `${BUST_PARAM}=${encodeURIComponent(bust)}`
  target.search = target.search === '' ? `?${param}` : `${target.search}&${param}`
  return target.href
}

/** Whether the text shows the needle. */
export const shows = (text: string, needle: Needle): boolean =>
  needle.ignoreCase
    ? text.toLowerCase().includes(needle.text.toLowerCase())
    : text.includes(needle.text)
