// @ts-check
/**
 * Checks a purge request's body the way Cloudflare's API is documented or reported to: one kind
 * per request, `purge_everything` alone, lists that are arrays, the plan's item cap, one shape
 * per `files` array, and each item's form.
 *
 * @typedef {{ code: number, message: string }} CfError
 * @typedef {{ status: number, errors?: CfError[], text?: string }} Refusal a JSON envelope, or a plain text body
 */

export const KINDS = ['files', 'tags', 'hosts', 'prefixes']

/** @param {string} kind @param {unknown} item @returns {CfError | undefined} */
const itemProblem = (kind, item) => {
  if (kind === 'files') {
    const url = typeof item === 'string' ? item : /** @type {{ url?: unknown }} */ (item ?? {}).url
    if (typeof url !== 'string' || !/^https?:\/\/[^/\s]+/i.test(url))
      return { code: 1016, message: `Invalid url: ${JSON.stringify(item)}` }
    return undefined
  }
  if (typeof item !== 'string' || item === '' || /\s/.test(item))
    return { code: 1018, message: `Invalid ${kind.slice(0, -1)}: ${JSON.stringify(item)}` }
  if (kind === 'tags' && item.length > 1024) return { code: 1018, message: 'Tag too long' }
  if (kind === 'prefixes' && (/^[a-z]+:\/\//i.test(item) || /[?#]/.test(item)))
    return { code: 1018, message: `Invalid prefix: ${item}` }
  return undefined
}

/** The purge kinds a body names, and what the request costs in its bucket. @param {Record<string, unknown>} json */
export const purgeKinds = (json) => {
  const kinds = KINDS.filter((k) => k in json)
  const cost =
    kinds.length === 1 && kinds[0] === 'files' && Array.isArray(json.files) ? json.files.length : 1
  return { kinds, bucket: kinds[0] === 'files' ? 'urls' : 'requests', cost }
}

/**
 * @param {Record<string, unknown>} json
 * @param {{ maxFiles: number, maxItems: number }} caps
 * @param {{ selectsBy?: string } | undefined} environment
 * @param {((kind: string, item: unknown) => CfError | undefined) | undefined} rejectItem
 * @returns {{ refusal: Refusal } | { kind: string, items: unknown[] }}
 */
export const readPurgeBody = (json, caps, environment, rejectItem) => {
  const { kinds } = purgeKinds(json)
  const everything = json.purge_everything === true
  const refuse = (/** @type {number} */ code, /** @type {string} */ message) => ({
    refusal: { status: 400, errors: [{ code, message }] }
  })
  if (everything && kinds.length > 0)
    return refuse(1092, 'purge_everything cannot be combined with other purge parameters')
  if (!everything && kinds.length === 0)
    return refuse(
      1012,
      'Request must contain one of "purge_everything", "files", "tags", "hosts" or "prefixes"'
    )
  // Not documented whether two list kinds may share a request: the emulator says no.
  if (kinds.length > 1) return refuse(1012, 'The emulator takes one kind of purge item per request')
  const kind = everything ? 'purge_everything' : /** @type {string} */ (kinds[0])
  const items = everything ? [] : json[kind]
  if (!Array.isArray(items)) return refuse(1014, `"${kind}" must be an array`)
  // Documented as a plain HTTP 400 without Cloudflare's envelope.
  if (items.length > (kind === 'files' ? caps.maxFiles : caps.maxItems))
    return { refusal: { status: 400, text: 'Bad Request: too many items in one purge request' } }
  // The schema allows an array of URLs or an array of {url, headers} objects, not both. What
  // Cloudflare answers to a mix is not documented: a 400 with 1012 (the code reported for a
  // body the API cannot read) is a guess.
  if (kind === 'files') {
    const strings = items.filter((item) => typeof item === 'string').length
    if (strings > 0 && strings < items.length)
      return refuse(
        1012,
        '"files" must be either all URLs or all {"url", "headers"} objects, not a mix'
      )
  }
  if (kind === 'files' && environment?.selectsBy !== undefined)
    return refuse(
      1136,
      'Purge by URL is not supported for environments that select requests by IP, country, ASN or threat score'
    )
  for (const item of items) {
    const problem = itemProblem(kind, item) ?? rejectItem?.(kind, item)
    if (problem !== undefined) return { refusal: { status: 400, errors: [problem] } }
  }
  return { kind, items }
}
