import type { Field } from './kit.js'

/** A Global API Key: 37 lowercase hex characters, or the newer `cfk_` form. */
const GLOBAL_API_KEY = /^(?:[0-9a-f]{37}|cfk_[A-Za-z0-9_-]+)$/

/** A credential goes into an HTTP header: only visible ASCII survives the trip. */
export const secretProblem = (secret: string): string | undefined =>
  /\s/.test(secret)
    ? 'contains whitespace or a line break'
    : /^[\x21-\x7e]+$/.test(secret)
      ? undefined
      : 'contains a character that cannot be sent in an HTTP header'

// Secrets are never quoted back: every issue below is raised with an empty shown value.

/** `Bearer abc`, `Authorization: Bearer abc` or `token abc`: a header's value, not the token. */
const SCHEME_WORD = /^(?:authorization:\s*)?(bearer|token)\s/i

/** The hint for a secret pasted with its header's scheme word, or undefined. Never quotes it. */
const schemeWordProblem = (secret: string): string | undefined => {
  const word = SCHEME_WORD.exec(secret)?.[1]
  if (word === undefined) return undefined
  const prefix = word.toLowerCase() === 'bearer' ? 'Bearer' : 'token'
  return `starts with "${prefix} ": give the token alone, without "${prefix} " (the action sends the header itself)`
}

/** What is wrong with a token given in `field`, or undefined; `copy` says where to get it again. */
const tokenProblem = (token: string, copy: string): string | undefined => {
  const scheme = schemeWordProblem(token)
  if (scheme !== undefined) return scheme
  const problem = secretProblem(token)
  return problem === undefined ? undefined : `${problem}; ${copy}`
}

/**
 * `token`: a Cloudflare API token (`''` when not given: a dry run needs none, and the step says
 * so when another needs one). A Global API Key is refused: v1 takes API tokens only.
 */
export const readToken = (field: Field): string => {
  const token = field.value
  if (token === '') return ''
  const problem = tokenProblem(token, 'copy the API token again')
  if (problem !== undefined) field.issue(problem, '')
  else if (GLOBAL_API_KEY.test(token))
    field.issue(
      'looks like a Global API Key, not an API token: v1 takes API tokens only. Create one with Zone > Cache Purge (dash.cloudflare.com > My Profile > API Tokens) and give it here',
      ''
    )
  return token
}

/** `github_token`: the token for GitHub's API that `changed` uses. */
export const readGithubToken = (field: Field): string => {
  const token = field.value
  if (token === '')
    field.issue(
      'is needed by changed: the default, ${{ github.token }}, works (with contents: read)',
      ''
    )
  else {
    const problem = tokenProblem(token, 'check the secret it comes from')
    if (problem !== undefined) field.issue(problem, '')
  }
  return token
}
