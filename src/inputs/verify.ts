import type { InputIssue } from '../errors.js'
import { parseList } from './lists.js'
import { checkUrlEntry, hideUserinfo, shownUrl } from './rules.js'
import { DEFAULTS, MAX_VERIFY_LIMIT } from './names.js'
import type { Reading } from './reading.js'
import { type UrlItem } from '../model.js'

export interface VerifyInputs {
  /** `off` checks nothing; `warn` and `fail` check the edge after the purge. */
  mode: 'off' | 'warn' | 'fail'
  /** The most URLs checked, spread evenly over what was purged. */
  limit: number
  /** URLs to check after purges that name none (tags, hosts, prefixes, everything). */
  urls: UrlItem[]
}

/** Reads `verify`, `verify_limit` and `verify_urls`; problems go into `issues`. */
export const readVerify = (read: Reading): VerifyInputs => {
  const { issues } = read
  const mode = read.orDefault('verify').toLowerCase()
  if (mode !== 'off' && mode !== 'warn' && mode !== 'fail')
    issues.push({
      input: 'verify',
      value: read.value('verify'),
      problem: 'must be "off", "warn" or "fail"'
    })
  const limitText = read.orDefault('verify_limit')
  const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN
  if (!(limit >= 1 && limit <= MAX_VERIFY_LIMIT))
    issues.push({
      input: 'verify_limit',
      value: read.value('verify_limit'),
      problem: `must be a whole number from 1 to ${MAX_VERIFY_LIMIT}`
    })
  const urls: UrlItem[] = []
  const parsed = parseList(read.raw.verify_urls ?? '', 'urls')
  if ('error' in parsed)
    issues.push({
      input: 'verify_urls',
      value: hideUserinfo(read.value('verify_urls')),
      problem: parsed.error
    })
  else
    for (const entry of parsed.entries) {
      const checked = checkUrlEntry(entry)
      if ('item' in checked) urls.push(checked.item)
      else
        issues.push({
          input: 'verify_urls',
          value: typeof entry === 'string' ? shownUrl(entry) : hideUserinfo(JSON.stringify(entry)),
          problem: checked.problem
        })
    }
  if (urls.length > 0 && mode === 'off')
    issues.push({
      input: 'verify_urls',
      value: '',
      problem: 'is set but verify is off: set verify to "warn" or "fail" to check these URLs'
    })
  return {
    mode: mode === 'warn' || mode === 'fail' ? mode : DEFAULTS.verify,
    limit: Number.isFinite(limit) ? limit : Number(DEFAULTS.verify_limit),
    urls
  }
}

/**
 * `verify: fail` promises a step that fails unless visitors get the new version: with no URL to
 * ask (a tag, host, prefix or everything purge, and no `verify_urls`) it could only pass without
 * looking, so it is refused. `changed` and `sitemap` may still bring URLs, so they are let through.
 */
export const checkVerifiable = (
  verify: VerifyInputs,
  purgesUrls: boolean,
  mayAddUrls: boolean,
  issues: InputIssue[]
): void => {
  if (verify.mode !== 'fail' || verify.urls.length > 0 || purgesUrls || mayAddUrls) return
  issues.push({
    input: 'verify',
    value: 'fail',
    problem:
      'has no URL to check: this step purges no URL, so list the pages to check in verify_urls (or use verify: warn, which says it checked nothing)'
  })
}
