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

/**
 * The edits that turn `a` into `b` (Damerau-Levenshtein, a swap of two neighbours one edit),
 * counted up to `most` + 1.
 */
const editsBetween = (a: string, b: string, most: number): number => {
  if (Math.abs(a.length - b.length) > most) return most + 1
  const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const up = rows[i - 1]!
      row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1)
    }
    rows.push(row)
  }
  return rows[a.length]![b.length]!
}

/**
 * The input a name surely stands for: the same but for case and separators (`dry-run`,
 * `dryrun`, `verifyurls`), a plural or singular of it (`url`, `zones`), or one edit from a name
 * of six letters or more (`chnaged`, `site_urls`). Shorter names are too near ordinary words
 * (`node` is one letter from `zone`): those are only `near`, said in a warning.
 */
const meant = (
  name: string,
  known: readonly string[]
): { sure: string } | { near: string } | undefined => {
  const plain = name.toLowerCase().replace(/[-. ]/g, '_')
  const squashed = plain.replace(/_/g, '')
  const sure = known.find(
    (k) =>
      k.replace(/_/g, '') === squashed ||
      `${k}s` === plain ||
      `${plain}s` === k ||
      `${plain}es` === k ||
      (k.length >= 6 && editsBetween(plain, k, 1) <= 1)
  )
  if (sure !== undefined) return { sure }
  const near = known.find((k) => editsBetween(plain, k, 2) <= 2)
  return near === undefined ? undefined : { near }
}

/**
 * The inputs a workflow sets that the action does not take (the runner warns "Unexpected input"
 * and passes them on). One that surely stands for a known input misspelt (`dry-run`, `dryrun`,
 * `url`) is an error naming it: the setting the user believes is in force is not, and a dry run
 * by typo would purge for real. Any other is a warning, naming the input it may stand for: it
 * may be a variable set for something else (a job's `env`, a runner that passes a composite
 * action's inputs on).
 */
export const unknownInputs = (
  names: readonly string[],
  known: readonly string[]
): { issues: InputIssue[]; warnings: string[] } => {
  const issues: InputIssue[] = []
  const warnings: string[] = []
  for (const name of names) {
    const match = meant(name, known)
    if (match === undefined || 'near' in match) {
      const maybe = match === undefined ? '' : ` (if you meant ${match.near}, write that)`
      warnings.push(
        `Input "${escapeLine(name, 120)}": not an input of this action, ignored${maybe}; docs/inputs.md lists them.`
      )
      continue
    }
    const removed = REMOVED[match.sure]
    issues.push({
      input: name,
      about: match.sure,
      value: '',
      problem:
        removed === undefined
          ? `is not an input of this action: write ${match.sure} (inputs are spelt with "_"; docs/inputs.md lists them)`
          : `is not an input of this action: it reads as ${match.sure}, which v1 removed (see ${removed.by}): ${removed.say('')}`
    })
  }
  return { issues, warnings }
}
