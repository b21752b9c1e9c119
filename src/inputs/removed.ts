/**
 * The inputs v1 removed, and what replaces each. A workflow that still sets one gets the runner's
 * own "Unexpected input" warning, and the input still reaches the action (as `INPUT_<NAME>`): the
 * step then fails before any request, naming what to write instead, rather than ignore a setting
 * the user believes is in force.
 */
import type { InputIssue } from '../errors.js'
import { escapeLine, quote } from '../text.js'
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

/** The edits that turn `a` into `b` (Levenshtein), counted up to `most` + 1. */
const editsBetween = (a: string, b: string, most: number): number => {
  if (Math.abs(a.length - b.length) > most) return most + 1
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    row = next
  }
  return row[b.length]!
}

/**
 * The input a misspelt name stands for: the same once `-`, `.` and spaces are `_`, or 2 edits
 * away (1 for a name of 3 letters: `url`).
 */
const meant = (name: string, known: readonly string[]): string | undefined => {
  const plain = name.toLowerCase().replace(/[-. ]/g, '_')
  const squashed = plain.replace(/_/g, '')
  const most = plain.length < 4 ? 1 : 2
  return (
    known.find((k) => k === plain || k.replace(/_/g, '') === squashed) ??
    known.find((k) => editsBetween(plain, k, most) <= most)
  )
}

/**
 * The inputs a workflow sets that the action does not take (the runner warns "Unexpected input"
 * and passes them on). One that reads as a known input misspelt (`dry-run`, `dryrun`, `verifyurls`)
 * is an error naming it: the setting the user believes is in force is not, and a dry run by typo
 * would purge for real. Any other is a warning: it may be a variable set for something else.
 */
export const unknownInputs = (
  names: readonly string[],
  known: readonly string[]
): { issues: InputIssue[]; warnings: string[] } => {
  const issues: InputIssue[] = []
  const warnings: string[] = []
  for (const name of names) {
    const match = meant(name, known)
    const removed = match === undefined ? undefined : REMOVED[match]
    if (match === undefined)
      warnings.push(
        `Input "${escapeLine(name, 120)}": not an input of this action, ignored (docs/inputs.md lists them).`
      )
    else
      issues.push({
        input: name,
        about: match,
        value: '',
        problem:
          removed === undefined
            ? `is not an input of this action: write ${match} (inputs are spelt with "_"; docs/inputs.md lists them)`
            : `is not an input of this action: it reads as ${match}, which v1 removed (see ${removed.by}): ${removed.say('')}`
      })
  }
  return { issues, warnings }
}
