import { hostKind } from '../address.js'
import { hasUserinfo, trimEnd } from '../text.js'
import type { Field } from './kit.js'
import { CREDENTIALS_PROBLEM } from './rules.js'

/**
 * Why a URL the action fetches (`api_url`, a `sitemap` URL) is refused, or the parsed URL. https
 * only, but plain http for loopback hosts (an emulator, a test server); no user name or
 * password, which would be sent, and echoed in errors. `credentials` says where they belong
 * instead; `scheme` is the whole refusal of a scheme that is not allowed.
 */
export const fetchedUrlProblem = (
  text: string,
  credentials: string,
  scheme: string
): { url: URL } | { problem: string } => {
  // The URL parser drops tabs and line breaks silently; the text would still carry them to the log.
  if (/[\s\p{Cc}]/u.test(text)) return { problem: 'contains whitespace or a control character' }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { problem: 'is not a valid URL' }
  }
  if (url.username !== '' || url.password !== '' || hasUserinfo(text))
    return { problem: `${CREDENTIALS_PROBLEM}: ${credentials}` }
  // Loopback in any form (127.1, [::ffff:7f00:1], localhost): the only hosts plain http may reach.
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && hostKind(url.hostname) === 'loopback')
  )
    return { problem: scheme }
  return { url }
}

/**
 * `api_url` without its trailing slashes. It receives the credentials: https only (http for
 * loopback), no user name or password, no query or fragment.
 */
export const readApiUrl = (field: Field): string => {
  const checked = fetchedUrlProblem(
    field.value,
    'the credentials go in token',
    'must use https:// (plain http:// is allowed only for loopback addresses, such as a local emulator), so the token is never sent in clear'
  )
  if ('problem' in checked) {
    field.issue(checked.problem)
    return field.value
  }
  if (checked.url.search !== '' || checked.url.hash !== '')
    field.issue('must not have a query string or fragment')
  return trimEnd(field.value, '/')
}
