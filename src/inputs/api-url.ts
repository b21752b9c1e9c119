import type { InputIssue } from '../errors.js'
import { hideUserinfo } from './rules.js'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

/**
 * `api_url` without its trailing slashes. It receives the credentials: https only (http for
 * loopback), no user name or password, no query or fragment; a password is never quoted back.
 */
export const readApiUrl = (text: string, issues: InputIssue[]): string => {
  // Everything up to the last "@" may be a password, even when the URL does not parse.
  const shown = text.replace(/^([a-z][a-z0-9+.-]*:[/\\]*)?[^]*@/i, '$1***@')
  const issue = (problem: string) => issues.push({ input: 'api_url', value: shown, problem })
  // The URL parser drops tabs and line breaks silently; the text would still carry them to the log.
  if (/[\s\p{Cc}]/u.test(text)) {
    issue('contains whitespace or a control character')
    return text
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    issue('is not a valid URL')
    return text
  }
  if (url.username !== '' || url.password !== '' || text !== hideUserinfo(text)) {
    issue(
      'must not contain a user name or password ("user:password@"): the credentials go in token, or in email and api_key'
    )
    return text
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname)))
    issue(
      'must use https:// (plain http:// is allowed only for loopback addresses, such as a local emulator), so the token is never sent in clear'
    )
  if (url.search !== '' || url.hash !== '') issue('must not have a query string or fragment')
  return text.replace(/\/+$/, '')
}
