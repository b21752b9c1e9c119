import { InputError, type InputIssue } from '../errors.js'
import { inputOfKind, type Credentials, type Items, type PurgeRequest } from '../model.js'
import { quote } from '../text.js'
import { parseChangeInputs, type ChangeInputs } from './changed.js'
import { checkRuleZones } from './changed-rules.js'
import { readApiUrl } from './api-url.js'
import { readCredentials } from './credentials.js'
import { readFromFile } from './from-file.js'
import { readGate, type GateInputs } from './gate.js'
import { checkItems, noEntries, readInlineLists } from './items.js'
import type { RawInputs } from './names.js'
import { startReading } from './reading.js'
import { readFlag, readSettings } from './settings.js'
import { checkVerifiable, readVerify, type VerifyInputs } from './verify.js'
import { readWarm, type WarmInputs } from './warm.js'
import { defaultRoots, readWorkspaceFile, type FileReader } from './workspace-file.js'
import { readEnvironments } from './environments.js'
import { checkUnroutable, readZones } from './zones.js'

export {
  DEFAULTS,
  INPUT_NAMES,
  MAX_BATCH_SIZE,
  MAX_REQUEST_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  MAX_VERIFY_LIMIT,
  type InputName,
  type RawInputs
} from './names.js'

export interface Inputs extends PurgeRequest {
  credentials: Credentials | undefined
  dryRun: boolean
  apiUrl: string
  timeoutMs: number
  /** Never more than timeoutMs: no request may outlast the step. */
  requestTimeoutMs: number
  batchSize: number
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
  if (everything && listed.length > 0) {
    issues.push({
      input: 'purge_everything',
      value: 'true',
      problem: `cannot be combined with ${listed.map(inputOfKind).join(', ')}: Cloudflare rejects such a request (error 1092). Purge everything alone, or list what to purge`
    })
  }
  if (everything && changes !== undefined)
    issues.push({
      input: 'purge_everything',
      value: 'true',
      problem:
        'cannot be combined with changed or sitemap: purging everything purges their URLs too'
    })
  const hadListIssues = issues.some((issue) => LIST_INPUTS.includes(issue.input))
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

/**
 * Validates every input and returns what to purge, or throws one InputError naming every bad
 * input. Nothing here touches the network; from_file is the only thing read from disk.
 */
export const parseInputs = (raw: RawInputs, options: ParseOptions = {}): Inputs => {
  const { roots = defaultRoots(), readFile = readWorkspaceFile } = options
  const read = startReading(raw)
  const { issues, warnings } = read
  const dryRun = readFlag(read, 'dry_run')
  const purgeEverything = readFlag(read, 'purge_everything')
  const verify = readVerify(read)
  const gate = readGate(read)
  const warm = readWarm(read)
  const settings = readSettings(read)
  const credentials = readCredentials(read, dryRun)
  const apiUrl = readApiUrl(read.orDefault('api_url'), issues)
  const zones = readZones(read.value('zone'), issues)
  const environments = readEnvironments(read.value('environment'), zones, issues)

  const entries = noEntries()
  readInlineLists(read, entries)
  const fromFile = read.value('from_file')
  const fileWantsEverything = readFromFile(fromFile, roots, readFile, entries, issues)
  const items = checkItems(entries, issues, warnings)
  checkUnroutable(zones, items, issues)
  const changes = parseChangeInputs(read.value, issues, warnings)
  checkRuleZones(zones, changes?.changed?.rules ?? [], issues)
  const everything = purgeEverything || fileWantsEverything
  const emptyReason = checkAsked({ everything, items, changes, fromFile }, issues)
  // Only for a step that purges something: a step that purges nothing has its own error.
  if (emptyReason === undefined && (everything || Object.values(items).some((l) => l.length > 0)))
    checkVerifiable(verify, items.files.length > 0, changes !== undefined, issues)

  if (issues.length > 0) throw new InputError(issues)
  return {
    credentials,
    zones,
    environments,
    items,
    purgeEverything: everything,
    ...settings,
    dryRun,
    apiUrl,
    warnings,
    emptyReason,
    verify,
    gate,
    warm,
    changes
  }
}
