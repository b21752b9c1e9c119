/**
 * What each changed file purges: the first changed_rules rule whose glob matches it (relative to
 * site_dir) decides; a file no rule matches, or one whose rule says `urls`, maps to its URLs as
 * site-paths.ts says. Pure: the rules were checked with the other inputs.
 */
import type { ChangedRule } from '../inputs/changed-rules.js'
import { ruleTargets } from '../inputs/changed-rules.js'
import type { ChangedInputs } from '../inputs/changed.js'
import { countLabel, type Items } from '../model.js'
import { escapeLine } from '../text.js'
import type { ChangedFile } from './compare.js'
import { mapFiles, type FileRow } from './map-files.js'
import { relativeTo } from './site-paths.js'

export interface RuledChanges {
  rows: FileRow[]
  /** What the rows purge, each item once: the URLs of files, and what their rules name. */
  items: Items
  /** The first file whose rule purges everything: then nothing else need be purged. */
  everything?: { path: string; line: number }
}

/** The row of a file a rule matched: its URLs are the rule's, with its own for `urls`, or none. */
const ruled = (row: FileRow, rule: ChangedRule): FileRow => ({
  // Its own URLs, and why none could be made of it, count only when the rule asks for them.
  ...(rule.own ? row : { path: row.path, change: row.change }),
  urls: [
    ...(rule.own ? row.urls : []),
    ...rule.items.files.filter((url): url is string => typeof url === 'string')
  ],
  ...(rule.skip ? { ignored: `skipped by changed_rules line ${rule.line}` } : {}),
  rule
})

/** Each changed file with what it purges, and all of that together. */
export const applyRules = (files: ChangedFile[], changed: ChangedInputs): RuledChanges => {
  const { rules, mapping } = changed
  const rows = mapFiles(files, mapping).map((row) => {
    const rest = rules.length === 0 ? undefined : relativeTo(row.path, mapping.dir)
    const rule = rest === undefined ? undefined : rules.find((r) => r.glob.test(rest))
    return rule === undefined ? row : ruled(row, rule)
  })
  const unique = <T>(list: T[]): T[] => [...new Set(list)]
  const named = rows.flatMap((row) => (row.rule === undefined ? [] : [row.rule.items]))
  const items: Items = {
    files: unique(rows.flatMap((row) => row.urls)),
    tags: unique(named.flatMap((i) => i.tags)),
    hosts: unique(named.flatMap((i) => i.hosts)),
    prefixes: unique(named.flatMap((i) => i.prefixes))
  }
  const first = rows.find((row) => row.rule?.everything === true)
  return first === undefined
    ? { rows, items }
    : { rows, items, everything: { path: first.path, line: first.rule!.line } }
}

/** "3 URL(s)", "3 URL(s), 1 tag, 1 prefix", or "everything (changed_rules line 4)". */
export const purgeSummary = ({ items, everything }: RuledChanges): string => {
  if (everything !== undefined) return `everything (changed_rules line ${everything.line})`
  const others = (['tags', 'prefixes', 'hosts'] as const)
    .filter((kind) => items[kind].length > 0)
    .map((kind) => countLabel(kind, items[kind].length))
  return [`${items.files.length} URL(s)`, ...others].join(', ')
}

/** A ruled file's log entry: the rule, then what it purges, one per line. */
export const ruleLog = (head: string, rule: ChangedRule): string =>
  `${head}  (changed_rules line ${rule.line}: ${escapeLine(rule.text, 300)})\n${ruleTargets(rule)
    .map((target) => `         -> ${escapeLine(target, 400)}`)
    .join('\n')}`

/** Why rows that changed purge nothing: none was under site_dir, or each was left out. */
export const nothingChanged = (rows: readonly FileRow[]): string =>
  rows.some((row) => row.ignored !== 'outside site_dir')
    ? 'no changed file under site_dir is purged (each is skipped by changed_rules)'
    : 'no file under site_dir changed'
