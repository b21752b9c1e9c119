/**
 * What each changed file purges: the first changed_rules rule whose glob matches it (relative to
 * site_dir) decides; a file no rule matches, or one whose rule says `urls`, maps to its URLs as
 * site-paths.ts says. The rules were checked with the other inputs; matching them yields to the
 * event loop in slices, so that a cancel and the deadline stop it.
 */
import type { ChangedRule } from '../inputs/changed-rules.js'
import { ruleTargets } from '../inputs/changed-rules.js'
import type { ChangedInputs } from '../inputs/changed.js'
import { epochClock, type Clock } from '../clock.js'
import { TimeoutError } from '../errors.js'
import { countLabel, type Items } from '../model.js'
import { escapeLine, seconds } from '../text.js'
import type { ChangedFile } from './compare.js'
import { mapFiles, type FileRow } from './map-files.js'
import { relativeTo } from './site-paths.js'

type Changed = ChangedInputs

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

/** How the matching is paced: the step's deadline, its cancel, and the clock they are on. */
export interface MatchPace {
  /** When the step must be done, on `clock` (epoch ms by default, as ChangeEnv's deadline). */
  deadline: number
  /** The step's cancel: the matching stops at the next slice once it aborts. */
  signal?: AbortSignal | undefined
  clock?: Clock
}

/**
 * The matching is done in slices of this much time at most: between two, the event loop runs,
 * so that a SIGINT or SIGTERM is heard (and main's race on the cancel answers) and the deadline
 * is checked, within a fraction of a second whatever the number of files and rules.
 */
export const SLICE_MS = 25

/** Slices of work: `due` once one has lasted SLICE_MS; `pause` lets the event loop run, then stops on a cancel or the deadline. */
interface Slicer {
  due: () => boolean
  pause: (done: number) => Promise<void>
}

const slicer = (pace: MatchPace, total: number): Slicer => {
  const clock = pace.clock ?? epochClock
  const started = clock.now()
  let end = started + SLICE_MS
  return {
    due: () => clock.now() >= end,
    pause: async (done) => {
      await new Promise((resolve) => setImmediate(resolve))
      if (pace.signal?.aborted === true) throw pace.signal.reason
      const now = clock.now()
      if (now >= pace.deadline)
        throw new TimeoutError(
          `Timed out matching the changed files against changed_rules: the timeout ran out after ${seconds(now - started)} s, with ${done} of ${total} file(s) matched; nothing was purged`
        )
      end = now + SLICE_MS
    }
  }
}

/** The first rule whose glob matches the row's path (relative to site_dir), pausing when due. */
const firstRule = async (
  row: FileRow,
  changed: Changed,
  slice: Slicer,
  done: number
): Promise<ChangedRule | undefined> => {
  const rest = relativeTo(row.path, changed.mapping.dir)
  if (rest === undefined) return undefined
  for (const rule of changed.rules) {
    if (rule.glob.test(rest)) return rule
    if (slice.due()) await slice.pause(done)
  }
  return undefined
}

/**
 * Each changed file with what it purges, and all of that together. The globs are tested file by
 * file and rule by rule, in slices (SLICE_MS): a cancel or the deadline stops it, with the
 * signal's reason or a TimeoutError, however many files and rules there are.
 */
export const applyRules = async (
  files: readonly ChangedFile[],
  changed: Changed,
  pace: MatchPace
): Promise<RuledChanges> => {
  const rows: FileRow[] = []
  const slice = slicer(pace, files.length)
  for (const [done, file] of files.entries()) {
    for (const row of mapFiles([file], changed.mapping)) {
      const rule =
        changed.rules.length === 0 ? undefined : await firstRule(row, changed, slice, done)
      rows.push(rule === undefined ? row : ruled(row, rule))
    }
    if (slice.due()) await slice.pause(done + 1)
  }
  return gathered(rows)
}

/** What the rows purge together, each item once, and the first that purges everything. */
const gathered = (rows: FileRow[]): RuledChanges => {
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
