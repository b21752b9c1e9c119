/** Warming's inputs: whether to fetch what was purged through Cloudflare, how many, how many at once. */
import { DEFAULTS, MAX_WARM_CONCURRENCY, MAX_WARM_LIMIT, WARM_INPUT_NAMES } from './names.js'
import type { Reading } from './reading.js'
import { count } from '../text.js'

export interface WarmInputs {
  /** The most URLs fetched, the first ones purged. */
  limit: number
  /** Requests in flight at once. */
  concurrency: number
}

const readWhole = (read: Reading, name: 'warm_limit' | 'warm_concurrency', max: number): number => {
  const text = read.orDefault(name)
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN
  if (n >= 1 && n <= max) return n
  read.issues.push({
    input: name,
    value: read.value(name),
    problem: `must be a whole number from 1 to ${count(max)}`
  })
  return Number(DEFAULTS[name])
}

/**
 * Reads `warm`, `warm_limit` and `warm_concurrency`; undefined when `warm` is off. A limit set with
 * warming off is a warning, not an error: `warm` is often an expression true on some runs only.
 */
export const readWarm = (read: Reading): WarmInputs | undefined => {
  const flag = read.orDefault('warm').toLowerCase()
  if (flag !== 'true' && flag !== 'false')
    read.issues.push({ input: 'warm', value: read.value('warm'), problem: 'must be true or false' })
  const limit = readWhole(read, 'warm_limit', MAX_WARM_LIMIT)
  const concurrency = readWhole(read, 'warm_concurrency', MAX_WARM_CONCURRENCY)
  if (flag === 'true') return { limit, concurrency }
  // The runner passes action.yml's defaults as values: only another value was set on purpose.
  const set = WARM_INPUT_NAMES.filter(
    (name) => name !== 'warm' && read.value(name) !== '' && read.value(name) !== DEFAULTS[name]
  )
  if (flag === 'false' && set.length > 0)
    read.warnings.push(
      `Input "${set.join(', ')}": ignored, because warm is off: nothing is warmed.`
    )
  return undefined
}
