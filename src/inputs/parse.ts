/**
 * Every input read by its own reader (`table.ts`), then checked together: what one input means
 * may depend on another (`purge_everything` with lists, `environment` with several zones, a token
 * only when something is sent). Every mistake is reported at once, in one InputError, before
 * anything touches the network; from_file is the only thing read from disk.
 */
import { InputError, type InputIssue } from '../errors.js'
import { inputOfKind, type Items, type PurgeRequest } from '../model.js'
import { quote } from '../text.js'
import type { ChangeInputs, ChangedFrom, ChangedInputs } from './changed.js'
import { checkRuleZones } from './changed-rules.js'
import { severalZonesProblem } from './environments.js'
import { readFromFile } from './from-file.js'
import type { GateInputs } from './gate.js'
import { checkItems, noEntries, type Entries } from './items.js'
import { startReading, type RawInputs, type Reading } from './reading.js'
import { REMOVED, removedIssues, unknownInputs } from './removed.js'
import { INPUT_NAMES } from './table.js'
import { checkVerifiable, type VerifyInputs } from './verify.js'
import type { WarmInputs } from './warm.js'
import { defaultRoots, readWorkspaceFile, type FileReader } from './workspace-file.js'
import { checkUnroutable } from './zones.js'

export { INPUT_NAMES, type InputName } from './table.js'
export type { RawInputs } from './reading.js'

/** One request is cut after this long, or at `timeout` when that is shorter. */
export const REQUEST_TIMEOUT_MS = 30_000

export interface Inputs extends PurgeRequest {
  /** The API token; undefined for a dry run without one. */
  token: string | undefined
  dryRun: boolean
  apiUrl: string
  timeoutMs: number
  /** Derived from timeout: 30 s, or timeout when shorter. No request may outlast the step. */
  requestTimeoutMs: number
  warnings: string[]
  /**
   * Set when from_file listed nothing, on purpose (empty, only comments, `[]` or `{}`), and no
   * other input lists anything: says so, naming the file. Every list is then empty; the run has
   * nothing to send and should succeed.
   */
  emptyReason: string | undefined
  /** Whether and how to check the edge after the purge. */
  verify: VerifyInputs
  /** The deploy gate: what to wait for before purging; undefined when wait_for_url is empty. */
  gate: GateInputs | undefined
  /** Warming after the purge; undefined when warm is off. */
  warm: WarmInputs | undefined
  /** What `changed` and `sitemap` add, found after parsing (they need the network). */
  changes: ChangeInputs | undefined
}

export interface ParseOptions {
  /** Folders from_file may read from; by default the workspace and RUNNER_TEMP (`defaultRoots`). */
  roots?: readonly string[]
  /** Reads from_file; by default a regular file inside `roots`, at most 64 MiB. */
  readFile?: FileReader
  /** Reads an input v1 removed, by name (`INPUT_<NAME>` on a runner); none by default. */
  removed?: (name: string) => string
  /** The names of the other inputs the workflow sets (`INPUT_<NAME>`, lower case), none by default. */
  others?: readonly string[]
}

// An issue with one of these already says what to purge is wrong: "nothing to purge" would be a
// second error for the same mistake (`purge_everything: yes` asked for everything).
const LIST_INPUTS = [
  'urls',
  'tags',
  'hosts',
  'prefixes',
  'from_file',
  'changed',
  'sitemap',
  'purge_everything'
]

/** What the inputs ask to purge, once the lists are read. */
interface Asked {
  everything: boolean
  items: Items
  changes: ChangeInputs | undefined
  fromFile: string
}

/**
 * Refuses purge_everything with anything else, and a step that asks to purge nothing. Returns
 * the emptyReason of a from_file that lists nothing on purpose.
 */
const checkAsked = (asked: Asked, issues: InputIssue[]): string | undefined => {
  const { everything, items, changes, fromFile } = asked
  const listed = (Object.keys(items) as (keyof Items)[]).filter((kind) => items[kind].length > 0)
  if (everything && listed.length > 0)
    issues.push({
      input: 'purge_everything',
      value: 'true',
      problem: `cannot be combined with ${listed.map(inputOfKind).join(', ')}: Cloudflare rejects such a request (error 1092). Purge everything alone, or list what to purge`
    })
  if (everything && changes !== undefined)
    issues.push({
      input: 'purge_everything',
      value: 'true',
      problem:
        'cannot be combined with changed or sitemap: purging everything purges their URLs too'
    })
  const hadListIssues = issues.some((issue) => LIST_INPUTS.includes(issue.about ?? issue.input))
  if (everything || listed.length > 0 || hadListIssues || changes !== undefined) return undefined
  // An empty from_file is a list given on purpose (say, of files changed by a push that changed
  // none); with no list input at all, the step is misconfigured.
  if (fromFile !== '') return `from_file ${quote(fromFile)} lists nothing to purge`
  issues.push({
    input: 'urls, tags, hosts, prefixes, from_file, purge_everything, changed, sitemap',
    value: '',
    problem:
      'nothing to purge: give at least one list, changed: true, a sitemap, or purge_everything: true'
  })
  return undefined
}

/** `changed` and the inputs it uses; undefined when site_url is not usable (an issue says why). */
const changedInputs = (read: Reading, from: ChangedFrom): ChangedInputs | undefined => {
  const site = read.get('site_url')
  const dir = read.get('site_dir')
  const githubToken = read.get('github_token')
  const fallback = read.get('changed_fallback')
  const rules = read.get('changed_rules')
  const maxUrls = read.get('changed_max_urls')
  if (from.kind === 'build' && dir === '' && !read.issues.some((i) => i.input === 'site_dir'))
    read.issues.push({
      input: 'site_dir',
      value: read.given('site_dir') || '.',
      problem:
        'is the repository root: changed: build hashes the folder the build writes, such as "public" or "dist"'
    })
  if (site === undefined) return undefined
  return {
    from,
    mapping: { siteUrl: site.siteUrl, dir },
    prefix: site.prefix,
    siteDirInput: read.given('site_dir') || '.',
    githubToken,
    fallback,
    rules,
    maxUrls
  }
}

/** What `changed` and `sitemap` ask for; undefined when neither is used. */
const changeInputs = (read: Reading): ChangeInputs | undefined => {
  const from = read.get('changed')
  const sitemap = read.get('sitemap')
  if (from === undefined && sitemap === undefined) return undefined
  return { changed: from === undefined ? undefined : changedInputs(read, from), sitemap }
}

/** The deploy gate; undefined when no URL is given (its other inputs are then ignored). */
const gateInputs = (read: Reading): GateInputs | undefined => {
  const urls = read.get('wait_for_url')
  if (read.given('wait_for_url') === '') return undefined
  return {
    urls,
    waitFor: read.get('wait_for'),
    timeoutMs: read.get('wait_timeout'),
    onTimeout: read.get('wait_on_timeout')
  }
}

const verifyInputs = (read: Reading): VerifyInputs => {
  const mode = read.get('verify')
  return { mode, urls: mode === 'off' ? [] : read.get('verify_urls') }
}

/** The lists to purge: inline, then from_file; whether from_file asks to purge everything. */
const readLists = (
  read: Reading,
  options: ParseOptions
): { entries: Entries; fileWantsEverything: boolean } => {
  const entries = noEntries()
  entries.files.push({ input: 'urls', entries: read.get('urls') })
  entries.tags.push({ input: 'tags', entries: read.get('tags') })
  entries.hosts.push({ input: 'hosts', entries: read.get('hosts') })
  entries.prefixes.push({ input: 'prefixes', entries: read.get('prefixes') })
  const { roots = defaultRoots(), readFile = readWorkspaceFile } = options
  const fileWantsEverything = readFromFile(
    read.get('from_file'),
    roots,
    readFile,
    entries,
    read.issues
  )
  return { entries, fileWantsEverything }
}

/** The run's settings: the token (needed unless nothing is sent), where, and how long. */
const settings = (read: Reading, dryRun: boolean) => {
  const token = read.get('token')
  if (token === '' && !dryRun)
    read.issues.push({
      input: 'token',
      value: '',
      problem: 'is required: give an API token with the "Cache Purge" permission'
    })
  const timeoutMs = read.get('timeout')
  return {
    token: token === '' ? undefined : token,
    mode: read.get('mode'),
    apiUrl: read.get('api_url'),
    timeoutMs,
    requestTimeoutMs: Math.min(REQUEST_TIMEOUT_MS, timeoutMs)
  }
}

/**
 * Validates every input and returns what to purge, or throws one InputError naming every bad
 * input, the removed ones a workflow still sets included.
 */
export const parseInputs = (raw: RawInputs, options: ParseOptions = {}): Inputs => {
  const read = startReading(raw)
  const { issues, warnings } = read
  issues.push(...removedIssues(options.removed ?? (() => '')))
  const unknown = unknownInputs(options.others ?? [], [...INPUT_NAMES, ...Object.keys(REMOVED)])
  issues.push(...unknown.issues)
  warnings.push(...unknown.warnings)
  const dryRun = read.get('dry_run')
  const run = settings(read, dryRun)
  const zones = read.get('zone')
  const environments = read.get('environment')
  if (environments.length > 0 && zones.length > 1)
    issues.push({
      input: 'environment',
      value: read.given('environment'),
      problem: severalZonesProblem(zones.length)
    })
  const verify = verifyInputs(read)
  const gate = gateInputs(read)
  const warm = read.get('warm')
  const { entries, fileWantsEverything } = readLists(read, options)
  const items = checkItems(entries, issues, warnings)
  checkUnroutable(zones, items, issues)
  const changes = changeInputs(read)
  checkRuleZones(zones, changes?.changed?.rules ?? [], issues)
  const everything = read.get('purge_everything') || fileWantsEverything
  const fromFile = read.get('from_file')
  const emptyReason = checkAsked({ everything, items, changes, fromFile }, issues)
  // Only for a step that purges something: a step that purges nothing has its own error.
  if (emptyReason === undefined && (everything || Object.values(items).some((l) => l.length > 0)))
    checkVerifiable(verify, items.files.length > 0, changes !== undefined, issues)
  read.finish()
  if (issues.length > 0) throw new InputError(issues)
  return {
    ...run,
    zones,
    environments,
    items,
    purgeEverything: everything,
    batchSize: DEFAULT_BATCH_SIZE,
    dryRun,
    warnings,
    emptyReason,
    verify,
    gate,
    warm,
    changes
  }
}

/** Items per request until the zone's plan says more (500 URLs on Enterprise) or a refusal less. */
export const DEFAULT_BATCH_SIZE = 100
