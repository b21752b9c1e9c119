import type { InputIssue } from '../errors.js'
import type { Items } from '../model.js'
import { escapeLine, quote, shownValue } from '../text.js'
import {
  asciiHost,
  checkName,
  checkUrlEntry,
  hostProblem,
  normalizePrefix,
  prefixProblem,
  tagProblem
} from './rules.js'

/** Where a list came from; `at` names an entry by its place in a file instead of quoting it. */
export interface Source {
  input: string
  entries: unknown[]
  at?: (index: number) => string
}

/** The lists to purge as given, by kind, each entry still to be checked. */
export type Entries = { [K in keyof Items]: Source[] }

export const noEntries = (): Entries => ({ files: [], tags: [], hosts: [], prefixes: [] })

const MAX_ITEM_ISSUES = 20
/** A file's entries are named by their place; what is quoted of them stays short. */
const MAX_FILE_QUOTE = 60

type Checked<T> = { item: T } | { problem: string }

/** Bad entries across every list: the first MAX_ITEM_ISSUES are issues, the rest a count. */
interface Tally {
  issues: InputIssue[]
  reported: number
  unreported: number
}

const badEntry = (source: Source, entry: unknown, index: number, problem: string) => {
  const { input, at } = source
  const text = typeof entry === 'string' ? entry : (JSON.stringify(entry) ?? String(entry))
  return {
    input,
    value: at === undefined ? text : escapeLine(shownValue(text), MAX_FILE_QUOTE),
    problem: `${problem}${at === undefined ? '' : ` (${at(index)})`}`
  }
}

const checkList = <T>(
  sources: Source[],
  checkEntry: (entry: unknown) => Checked<T>,
  into: T[],
  tally: Tally
): void => {
  for (const source of sources)
    source.entries.forEach((entry, index) => {
      const result: Checked<T> =
        typeof entry === 'string' && /^- /.test(entry)
          ? { problem: 'looks like a YAML list item: write one per line without the leading "- "' }
          : checkEntry(entry)
      if ('item' in result) into.push(result.item)
      else if (tally.reported++ < MAX_ITEM_ISSUES)
        tally.issues.push(badEntry(source, entry, index, result.problem))
      else tally.unreported++
    })
}

/**
 * Every entry checked and normalized into the items to purge; bad ones become issues (at most
 * MAX_ITEM_ISSUES, then a count). A URL's #fragment is dropped, with a warning.
 */
export const checkItems = (entries: Entries, issues: InputIssue[], warnings: string[]): Items => {
  const items: Items = { files: [], tags: [], hosts: [], prefixes: [] }
  const tally: Tally = { issues, reported: 0, unreported: 0 }
  let fragments = 0
  let firstFragment = ''
  const checkUrl = (entry: unknown) => {
    const result = checkUrlEntry(entry)
    if ('item' in result && result.fragment !== undefined && fragments++ === 0)
      firstFragment = `${typeof result.item === 'string' ? result.item : result.item.url}${result.fragment}`
    return result
  }
  checkList(entries.files, checkUrl, items.files, tally)
  checkList(entries.tags, (entry) => checkName(tagProblem, entry), items.tags, tally)
  checkList(entries.hosts, (entry) => checkName(hostProblem, entry, asciiHost), items.hosts, tally)
  checkList(
    entries.prefixes,
    (entry) => checkName(prefixProblem, entry, normalizePrefix),
    items.prefixes,
    tally
  )
  if (tally.unreported > 0)
    issues.push({
      input: 'urls, tags, hosts, prefixes, from_file',
      value: '',
      problem: `and ${tally.unreported} more bad entries like the ones above`
    })
  if (fragments > 0)
    warnings.push(
      `Dropped the #fragment of ${fragments} URL(s), such as ${quote(firstFragment, 100)}: a browser never sends a fragment, so it is no part of a cache key.`
    )
  return items
}
