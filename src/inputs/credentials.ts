import type { InputIssue } from '../errors.js'
import type { Credentials } from '../model.js'
import type { Reading } from './reading.js'

/** A Global API Key is 37 lowercase hex characters; API tokens are 40 of [A-Za-z0-9_-]. */
const GLOBAL_API_KEY = /^[0-9a-f]{37}$/

/** A credential goes into an HTTP header: only visible ASCII survives the trip. */
export const secretProblem = (secret: string): string | undefined =>
  /\s/.test(secret)
    ? 'contains whitespace or a line break'
    : /^[\x21-\x7e]+$/.test(secret)
      ? undefined
      : 'contains a character that cannot be sent in an HTTP header'

// Secrets are never quoted back: the value field stays empty for them.

/** `Bearer abc`, `Authorization: Bearer abc` or `token abc`: a header's value, not the token. */
const SCHEME_WORD = /^(?:authorization:\s*)?(bearer|token)\s/i

/** The hint for a secret pasted with its header's scheme word, or undefined. Never quotes it. */
export const schemeWordProblem = (secret: string): string | undefined => {
  const word = SCHEME_WORD.exec(secret)?.[1]
  if (word === undefined) return undefined
  const prefix = word.toLowerCase() === 'bearer' ? 'Bearer' : 'token'
  return `starts with "${prefix} ": give the token alone, without "${prefix} " (the action sends the header itself)`
}

const checkToken = (token: string, issues: InputIssue[]): void => {
  const scheme = schemeWordProblem(token)
  if (scheme !== undefined) {
    issues.push({ input: 'token', value: '', problem: scheme })
    return
  }
  const problem = secretProblem(token)
  if (problem !== undefined)
    issues.push({ input: 'token', value: '', problem: `${problem}; copy the API token again` })
  else if (GLOBAL_API_KEY.test(token))
    issues.push({
      input: 'token',
      value: '',
      problem:
        'looks like a Global API Key (37 hex characters), not an API token: create an API token with Zone > Cache Purge, or pass this key as api_key together with email'
    })
}

const checkGlobalKey = (email: string, key: string, issues: InputIssue[]): void => {
  const problem = secretProblem(key)
  if (problem !== undefined)
    issues.push({
      input: 'api_key',
      value: '',
      problem: `${problem}; copy the Global API Key again`
    })
  // The email travels in the X-Auth-Email header: the same rule as a secret, but it is quoted.
  if (!email.includes('@') || secretProblem(email) !== undefined)
    issues.push({ input: 'email', value: email, problem: 'is not an email address' })
}

/**
 * `token`, or `email` and `api_key` (a Global API Key). A token wins over a key; none is needed
 * for a dry run.
 */
export const readCredentials = (read: Reading, dryRun: boolean): Credentials | undefined => {
  const { issues } = read
  const token = read.value('token')
  const email = read.value('email')
  const key = read.value('api_key')
  if (token !== '') {
    checkToken(token, issues)
    if (email !== '' || key !== '')
      read.warnings.push(
        'Both token and email/api_key are set: the token is used and the Global API Key is ignored.'
      )
    return { kind: 'token', token }
  }
  if (email !== '' && key !== '') {
    checkGlobalKey(email, key, issues)
    return { kind: 'key', email, key }
  }
  if (email !== '' || key !== '')
    issues.push({
      input: email === '' ? 'email' : 'api_key',
      value: '',
      problem:
        'is required when using a Global API Key (email and api_key go together); an API token in "token" is preferred'
    })
  else if (!dryRun)
    issues.push({
      input: 'token',
      value: '',
      problem:
        'is required: give an API token with the "Cache Purge" permission (or email and api_key for a Global API Key)'
    })
  return undefined
}
