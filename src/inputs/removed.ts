/**
 * The inputs v1 removed, and what replaces each. A workflow that still sets one gets the runner's
 * own "Unexpected input" warning, and the input still reaches the action (as `INPUT_<NAME>`): the
 * step then fails before any request, naming what to write instead, rather than ignore a setting
 * the user believes is in force.
 */
import type { InputIssue } from '../errors.js'
import { quote } from '../text.js'
import { splitEntries } from './lists.js'

/** How to say what replaces one removed input, given its value. */
type Replacement = (value: string) => string

const rulesLines = (lines: string[]): string =>
  `${lines.length === 1 ? 'the line' : 'the lines'} ${lines.map((line) => quote(line, 200)).join(', ')}`

export const REMOVED: Record<string, { by: string; say: Replacement }> = {
  changed_since: {
    by: 'changed',
    say: (value) =>
      `write changed: ${value || 'last-success'} instead (changed takes false, true, last-success, or a commit SHA or ref)`
  },
  changed_include: {
    by: 'changed_rules',
    say: (value) =>
      `write changed_rules instead: add ${rulesLines([...splitEntries(value).map((glob) => `${glob}: urls`), '**: skip'])} after your other rules`
  },
  changed_exclude: {
    by: 'changed_rules',
    say: (value) =>
      `write changed_rules instead: add ${rulesLines(splitEntries(value).map((glob) => `${glob}: skip`))} before your other rules`
  },
  changed_extensionless: {
    by: 'changed',
    say: () =>
      'delete it: a changed page a/b.html is now always purged as a/b too (and a/index.html as a/)'
  },
  warm_limit: {
    by: 'warm',
    say: (value) =>
      `write warm: ${/^\d+$/.test(value) ? value : 'N'} instead (warm takes false, true, or the most URLs to warm)`
  },
  warm_concurrency: {
    by: 'warm',
    say: () => 'delete it: warming sends 8 requests at a time'
  },
  request_timeout: {
    by: 'timeout',
    say: () =>
      'delete it: one request is given 30 seconds, or timeout when that is shorter; set timeout for the whole step'
  },
  verify_limit: {
    by: 'verify_urls',
    say: () =>
      'delete it: verify checks every verify_urls entry and up to 20 of the purged URLs; list the pages to check in verify_urls'
  },
  batch_size: {
    by: 'zone',
    say: () =>
      "delete it: a request carries as many items as the zone's plan takes (500 URLs on Enterprise, where the token can read the zone; 100 otherwise), and fewer if Cloudflare refuses"
  },
  email: {
    by: 'token',
    say: () =>
      'delete it: v1 takes an API token only, not a Global API Key: create a token with Zone > Cache Purge and give it in token'
  },
  api_key: {
    by: 'token',
    say: () =>
      'delete it: v1 takes an API token only, not a Global API Key: create a token with Zone > Cache Purge and give it in token'
  }
}

/**
 * An issue for each removed input the workflow still sets, naming what replaces it. `value` reads
 * one by name (an empty one reads as not set); a secret's value is never quoted.
 */
export const removedIssues = (value: (name: string) => string): InputIssue[] =>
  Object.entries(REMOVED).flatMap(([name, { by, say }]) => {
    const given = value(name).trim()
    if (given === '') return []
    const secret = name === 'api_key'
    return [
      {
        input: name,
        value: secret ? '' : given,
        problem: `was removed in v1 (see ${by}): ${say(given)}`
      }
    ]
  })
