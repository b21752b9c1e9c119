import type { InputIssue } from '../errors.js'
import type { Items } from '../model.js'
import { escapeLine, quote } from '../text.js'
import { parseList, type ListKind } from './lists.js'
import type { Reading } from './reading.js'
import {
  asciiHost,
  checkName,
  checkUrlEntry,
  hideUserinfo,
  hostProblem,
  normalizePrefix,
  prefixProblem,
  shownUrl,
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

/** The lists given inline (urls, tags, hosts, prefixes) into `entries`. */
export const readInlineLists = (read: Reading, entries: Entries): void => {
  const inline = (
    kind: keyof Items,
    input: 'urls' | 'tags' | 'hosts' | 'prefixes',
    listKind: ListKind
  ) => {
    const parsed = parseList(read.raw[input] ?? '', listKind)
    if ('error' in parsed)
      read.issues.push({
        input,
        value: input === 'urls' ? hideUserinfo(read.value(input)) : read.value(input),
        problem: parsed.error
      })
    else entries[kind].push({ input, entries: parsed.entries })
  }
  inline('files', 'urls', 'urls')
  inline('tags', 'tags', 'names')
  inline('hosts', 'hosts', 'names')
  inline('prefixes', 'prefixes', 'names')
}

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

const badEntry = (
  kind: keyof Items,
  source: Source,
  entry: unknown,
  index: number,
  problem: string
) => {
  const { input, at } = source
  const text = typeof entry === 'string' ? entry : (JSON.stringify(entry) ?? String(entry))
  const shown =
    kind !== 'files' ? text : typeof entry === 'string' ? shownUrl(text) : hideUserinfo(text)
  return {
    input,
    value: at === undefined ? shown : escapeLine(shown, MAX_FILE_QUOTE),
    problem: `${problem}${at === undefined ? '' : ` (${at(index)})`}`
  }
}

const checkList = <T>(
  kind: keyof Items,
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
        tally.issues.push(badEntry(kind, source, entry, index, result.problem))
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
  checkList('files', entries.files, checkUrl, items.files, tally)
  checkList('tags', entries.tags, (entry) => checkName(tagProblem, entry), items.tags, tally)
  checkList(
    'hosts',
    entries.hosts,
    (entry) => checkName(hostProblem, entry, asciiHost),
    items.hosts,
    tally
  )
  checkList(
    'prefixes',
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
