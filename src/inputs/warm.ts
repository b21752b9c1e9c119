/** `warm`: whether to fetch what was purged through Cloudflare afterwards, and how many URLs. */
import { count } from '../text.js'
import { flagProblem, isFlag, looksLikeFlag, type Field } from './kit.js'

export interface WarmInputs {
  /** The most URLs fetched, the first ones purged. */
  limit: number
}

/** What `warm: true` warms at most. */
export const DEFAULT_WARM_LIMIT = 1000
/** The most URLs warming may be asked to fetch. */
export const MAX_WARM_LIMIT = 100_000
/** Warming's requests in flight at once: a CDN answers these fast, and a runner has few cores. */
export const WARM_CONCURRENCY = 8

const TAKES = `true, false, or the most URLs to warm, from 1 to ${count(MAX_WARM_LIMIT)}`

/** `false` (undefined), `true` (the default limit), or the most URLs to warm. */
export const readWarm = (field: Field): WarmInputs | undefined => {
  const { value } = field
  if (isFlag(value))
    return value.toLowerCase() === 'true' ? { limit: DEFAULT_WARM_LIMIT } : undefined
  if (looksLikeFlag(value) && value !== '0' && value !== '1') {
    field.issue(flagProblem(value, TAKES))
    return undefined
  }
  const limit = /^\d{1,6}$/.test(value) ? Number(value) : NaN
  if (limit >= 1 && limit <= MAX_WARM_LIMIT) return { limit }
  field.issue(limit === 0 ? `must be ${TAKES}: write false to warm nothing` : `must be ${TAKES}`)
  return undefined
}
