import type { InputIssue } from '../errors.js'
import { HOST_KIND_WORDS, hostKind } from '../address.js'
import { itemLabel, type Item, type Items } from '../model.js'
import { hostOf } from '../plan/routing.js'
import { quote } from '../text.js'
import {
  asciiHost,
  checkName,
  browserForm,
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
  local: LocalHosts
}

/** What a purge of an item on this machine's or a private network's host comes to. */
const LOCAL_EFFECT =
  'which cannot be behind Cloudflare: Cloudflare accepts the purge and removes nothing (a test server or an emulator is fine)'

/**
 * Items whose host is a loopback, private or link-local address (`localhost:3000`, 10.0.0.5):
 * no visitor reaches such a host through Cloudflare, so a purge of it says "purged" and changes
 * nothing. A warning naming each of the first few, never an error: tests and local emulators
 * use such hosts on purpose.
 */
class LocalHosts {
  private readonly found: { input: string; item: Item; kind: string }[] = []
  private count = 0
  note(kind: keyof Items, item: Item, input: string): void {
    const host = hostOf(kind, item)
    if (host === undefined) return
    const found = hostKind(host)
    if (found === 'public') return
    if (this.count++ < 3) this.found.push({ input, item, kind: HOST_KIND_WORDS[found] })
  }
  warn(warnings: string[]): void {
    for (const { input, item, kind } of this.found)
      warnings.push(
        `Input "${input}": ${quote(itemLabel(item), 200)} is on ${kind}, ${LOCAL_EFFECT}.`
      )
    if (this.count > this.found.length)
      warnings.push(
        `... and ${this.count - this.found.length} more items on such hosts, in the same inputs.`
      )
  }
}

const badEntry = (source: Source, entry: unknown, index: number, problem: string) => {
  const { input, at } = source
  const text = typeof entry === 'string' ? entry : (JSON.stringify(entry) ?? String(entry))
  return {
    input,
    value: text,
    ...(at === undefined ? {} : { shownMax: MAX_FILE_QUOTE }),
    problem: `${problem}${at === undefined ? '' : ` (${at(index)})`}`
  }
}

const checkList = <T>(
  sources: Source[],
  checkEntry: (entry: unknown) => Checked<T>,
  into: T[],
  tally: Tally,
  kind: keyof Items
): void => {
  for (const source of sources)
    source.entries.forEach((entry, index) => {
      const result: Checked<T> =
        typeof entry === 'string' && /^- /.test(entry)
          ? { problem: 'looks like a YAML list item: write one per line without the leading "- "' }
          : checkEntry(entry)
      if ('item' in result) {
        into.push(result.item)
        tally.local.note(kind, result.item as Item, source.input)
      } else if (tally.reported++ < MAX_ITEM_ISSUES)
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
  const tally: Tally = { issues, reported: 0, unreported: 0, local: new LocalHosts() }
  let fragments = 0
  let firstFragment = ''
  const unlike = { count: 0, shown: [] as string[] }
  const checkUrl = (entry: unknown) => {
    const result = checkUrlEntry(entry)
    if (!('item' in result)) return result
    const url = typeof result.item === 'string' ? result.item : result.item.url
    if (result.fragment !== undefined && fragments++ === 0)
      firstFragment = `${url}${result.fragment}`
    const browser = browserForm(url)
    if (browser !== undefined && unlike.count++ < 3)
      unlike.shown.push(`${quote(url, 100)} (a browser requests ${quote(browser, 100)})`)
    return result
  }
  checkList(entries.files, checkUrl, items.files, tally, 'files')
  checkList(entries.tags, (entry) => checkName(tagProblem, entry), items.tags, tally, 'tags')
  checkList(
    entries.hosts,
    (entry) => checkName(hostProblem, entry, asciiHost),
    items.hosts,
    tally,
    'hosts'
  )
  checkList(
    entries.prefixes,
    (entry) => checkName(prefixProblem, entry, normalizePrefix),
    items.prefixes,
    tally,
    'prefixes'
  )
  tally.local.warn(warnings)
  if (tally.unreported > 0)
    issues.push({
      input: 'urls, tags, hosts, prefixes, from_file',
      value: '',
      problem: `and ${tally.unreported} more bad entries like the ones above`
    })
  if (unlike.count > 0)
    warnings.push(
      `${unlike.count} URL(s) to purge are not written as a browser requests them: ${unlike.shown.join(', ')}${unlike.count > 3 ? `, and ${unlike.count - 3} more` : ''}. Each is purged as written, which may not be the cache entry visitors get: write the form a browser requests.`
    )
  if (fragments > 0)
    warnings.push(
      `Dropped the #fragment of ${fragments} URL(s), such as ${quote(firstFragment, 100)}: a browser never sends a fragment, so it is no part of a cache key.`
    )
  return items
}
