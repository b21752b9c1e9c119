import type { InputIssue } from '../errors.js'
import type { UrlItem } from '../model.js'
import type { Field } from './kit.js'
import { parseList } from './lists.js'
import { checkUrlEntry } from './rules.js'

export interface VerifyInputs {
  /** `off` checks nothing; `warn` and `fail` check the edge after the purge. */
  mode: 'off' | 'warn' | 'fail'
  /** URLs to check, every one: pages a tag, host, prefix or everything purge covers. */
  urls: UrlItem[]
}

/** How many of the purged URLs are checked, spread evenly over them, besides `verify_urls`. */
export const VERIFY_SAMPLE = 20
/** The most URLs `verify_urls` may list. */
export const MAX_VERIFY_URLS = 1000

/** `verify_urls`: URLs (or `{url, headers}` objects) to check, each checked as `urls` are. */
export const readVerifyUrls = (field: Field): UrlItem[] => {
  const parsed = parseList(field.value, 'urls')
  if ('error' in parsed) {
    field.issue(parsed.error)
    return []
  }
  const urls: UrlItem[] = []
  for (const entry of parsed.entries) {
    const checked = checkUrlEntry(entry)
    if ('item' in checked) urls.push(checked.item)
    else
      field.issue(
        checked.problem,
        typeof entry === 'string' ? entry : (JSON.stringify(entry) ?? String(entry))
      )
  }
  if (urls.length > MAX_VERIFY_URLS)
    field.issue(`lists ${urls.length} URLs; at most ${MAX_VERIFY_URLS}`, '')
  return urls
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
