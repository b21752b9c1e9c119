import { TextDecoder } from 'node:util'
import * as z from 'zod/mini'
import { parseChangeInputs, type ChangeInputs } from './changed.js'
import {
  DEFAULTS,
  INPUT_NAMES,
  MAX_BATCH_SIZE,
  MAX_REQUEST_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  type DefaultedInput,
  type InputName,
  type RawInputs
} from './names.js'
import { InputError, type InputIssue } from '../errors.js'
import { escapeLine, quote } from '../text.js'
import { parseJson, parseJsonArray, parseLines, parseList, type ListKind } from './lists.js'
import {
  checkName,
  checkUrlEntry,
  environmentProblem,
  hideUserinfo,
  hostProblem,
  asciiHost,
  normalizePrefix,
  prefixProblem,
  quoteKeys,
  tagProblem,
  ZONE_ID,
  zoneProblem
} from './rules.js'
import { defaultRoots, readWorkspaceFile, type FileReader } from './workspace-file.js'
import { route, unroutedIssues } from '../plan/routing.js'
import {
  inputOfKind,
  type Credentials,
  type Items,
  type PurgeRequest,
  type ZoneRef
} from '../model.js'
import { readVerify, type VerifyInputs } from './verify.js'

export {
  DEFAULTS,
  INPUT_NAMES,
  MAX_BATCH_SIZE,
  MAX_REQUEST_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  type InputName,
  type RawInputs
}

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
  /** What `changed` and `sitemap` add, found after parsing (they need the network). */
  changes: ChangeInputs | undefined
}

export interface ParseOptions {
  /** Folders from_file may read from; by default the workspace and RUNNER_TEMP (`defaultRoots`). */
  roots?: readonly string[]
  /** Reads from_file; by default a regular file inside `roots`, at most 64 MiB. */
  readFile?: FileReader
}

const boolean = z.enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
const numeral = (pattern: RegExp, number: z.ZodMiniNumber<number>) =>
  z.pipe(z.pipe(z.string().check(z.regex(pattern)), z.transform(Number)), number)
// Digits only: no "1e400", "Infinity" or "0x10"; the maximum also catches 400 digits.
const seconds = (max: number) =>
  numeral(/^\d+(\.\d+)?$/, z.number().check(z.positive(), z.maximum(max)))
const wholeNumber = numeral(
  /^\d+$/,
  z.number().check(z.int(), z.minimum(1), z.maximum(MAX_BATCH_SIZE))
)
const mode = z.enum(['purge', 'invalidate'])

const list = z.optional(z.array(z.unknown()))
const fileBody = z.strictObject({
  files: list,
  tags: list,
  hosts: list,
  prefixes: list,
  purge_everything: z.optional(z.boolean())
})

/** Where a list came from; `at` names an entry by its place in a file instead of quoting it. */
interface Source {
  input: string
  entries: unknown[]
  at?: (index: number) => string
}
type Entries = { [K in keyof Items]: Source[] }

const LIST_INPUTS = ['urls', 'tags', 'hosts', 'prefixes', 'from_file', 'changed', 'sitemap']

/**
 * Validates every input and returns what to purge, or throws one InputError naming every bad
 * input. Nothing here touches the network; from_file is the only thing read from disk.
 */
export const parseInputs = (raw: RawInputs, options: ParseOptions = {}): Inputs => {
  const { roots = defaultRoots(), readFile = readWorkspaceFile } = options
  const issues: InputIssue[] = []
  const warnings: string[] = []
  const value = (name: InputName): string => raw[name]?.trim() ?? ''
  const orDefault = (name: DefaultedInput): string => value(name) || DEFAULTS[name]

  const flag = (name: 'dry_run' | 'purge_everything'): boolean => {
    const parsed = boolean.safeParse(orDefault(name))
    if (parsed.success) return parsed.data.toLowerCase() === 'true'
    issues.push({ input: name, value: value(name), problem: 'must be true or false' })
    return false
  }
  const number = (
    name: DefaultedInput,
    schema: ReturnType<typeof seconds>,
    rule: string
  ): number => {
    const parsed = schema.safeParse(orDefault(name))
    if (parsed.success) return parsed.data
    issues.push({ input: name, value: value(name), problem: rule })
    return Number(DEFAULTS[name])
  }

  const dryRun = flag('dry_run')
  const purgeEverything = flag('purge_everything')
  const verify = readVerify(
    {
      verify: raw.verify ?? '',
      verify_limit: raw.verify_limit ?? '',
      verify_urls: raw.verify_urls ?? ''
    },
    issues
  )
  const parsedMode = mode.safeParse(orDefault('mode'))
  if (!parsedMode.success)
    issues.push({ input: 'mode', value: value('mode'), problem: 'must be "purge" or "invalidate"' })
  const timeoutMs =
    number(
      'timeout',
      seconds(MAX_TIMEOUT_SECONDS),
      `must be a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS} (6 hours, a job's limit on GitHub-hosted runners)`
    ) * 1000
  // A request is cut at the time left anyway: a longer request_timeout is not worth an error.
  const requestTimeoutMs = Math.min(
    timeoutMs,
    number(
      'request_timeout',
      seconds(MAX_REQUEST_TIMEOUT_SECONDS),
      `must be a positive number of seconds, at most ${MAX_REQUEST_TIMEOUT_SECONDS} (10 minutes)`
    ) * 1000
  )
  const batchSize = number(
    'batch_size',
    wholeNumber,
    `must be a whole number from 1 to ${MAX_BATCH_SIZE}`
  )

  const credentials = readCredentials(value, dryRun, issues, warnings)
  const apiUrl = readApiUrl(orDefault('api_url'), issues)

  const zones = readZones(value('zone'), issues)
  const environment = value('environment') || undefined
  const environmentIssue = environment === undefined ? undefined : environmentProblem(environment)
  if (environmentIssue !== undefined)
    issues.push({ input: 'environment', value: environment!, problem: environmentIssue })
  if (environment !== undefined && zones.length > 1)
    issues.push({
      input: 'environment',
      value: environment,
      problem: `belongs to one zone, but "zone" lists ${zones.length}: an environment ID is the ID of one zone's environment, so purge it in a step of its own`
    })

  const entries: Entries = { files: [], tags: [], hosts: [], prefixes: [] }
  const inline = (kind: keyof Items, input: InputName, listKind: ListKind) => {
    const parsed = parseList(raw[input] ?? '', listKind)
    if ('error' in parsed) issues.push({ input, value: value(input), problem: parsed.error })
    else entries[kind].push({ input, entries: parsed.entries })
  }
  inline('files', 'urls', 'urls')
  inline('tags', 'tags', 'names')
  inline('hosts', 'hosts', 'names')
  inline('prefixes', 'prefixes', 'names')
  const fromFile = value('from_file')
  const fileWantsEverything = readFromFile(fromFile, roots, readFile, entries, issues)

  const items = checkItems(entries, issues, warnings)
  unroutable(zones, items, issues)
  const changes = parseChangeInputs(value, issues, warnings)
  const everything = purgeEverything || fileWantsEverything
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
  // An empty from_file is a list given on purpose (say, of files changed by a push that changed
  // none); with no list input at all, the step is misconfigured.
  const emptyReason =
    !everything && listed.length === 0 && !hadListIssues && fromFile !== '' && changes === undefined
      ? `from_file ${quote(fromFile)} lists nothing to purge`
      : undefined
  if (
    !everything &&
    listed.length === 0 &&
    !hadListIssues &&
    emptyReason === undefined &&
    changes === undefined
  ) {
    issues.push({
      input: 'urls, tags, hosts, prefixes, from_file, purge_everything, changed, sitemap',
      value: '',
      problem:
        'nothing to purge: give at least one list, changed: true, a sitemap, or purge_everything: true'
    })
  }

  if (issues.length > 0) throw new InputError(issues)
  return {
    credentials,
    zones,
    environment,
    items,
    purgeEverything: everything,
    mode: parsedMode.data!,
    dryRun,
    apiUrl,
    timeoutMs,
    requestTimeoutMs,
    batchSize,
    warnings,
    emptyReason,
    verify,
    changes
  }
}

/**
 * With several zones all given by name, an item whose host is in none of them is an input
 * mistake like any other, reported with the rest. (With zone IDs, the names come from a lookup.)
 */
const unroutable = (zones: ZoneRef[], items: Items, issues: InputIssue[]): void => {
  if (zones.length < 2 || !zones.every((z) => 'name' in z)) return
  const names = zones.map((z) => ('name' in z ? z.name : undefined))
  const kinds = (['files', 'hosts', 'prefixes'] as const).map((kind) => ({
    kind,
    items: items[kind],
    duplicates: 0
  }))
  issues.push(...unroutedIssues(route(kinds, names).unrouted, names))
}

/** One zone or several, one per line or comma-separated, IDs and domain names mixed. */
const readZones = (text: string, issues: InputIssue[]): ZoneRef[] => {
  const given = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
  if (given.length === 0) {
    issues.push({ input: 'zone', value: '', problem: zoneProblem('')! })
    return []
  }
  const zones: ZoneRef[] = []
  const seen = new Set<string>()
  for (const zone of given) {
    const problem = zoneProblem(zone)
    if (problem !== undefined) {
      issues.push({ input: 'zone', value: zone, problem })
      continue
    }
    const ref: ZoneRef = ZONE_ID.test(zone)
      ? { given: zone, id: zone.toLowerCase() }
      : { given: zone, name: asciiHost(zone).toLowerCase() }
    const key = 'id' in ref ? ref.id : ref.name
    if (seen.has(key)) continue
    seen.add(key)
    zones.push(ref)
  }
  return zones
}

/** A Global API Key is 37 lowercase hex characters; API tokens are 40 of [A-Za-z0-9_-]. */
const GLOBAL_API_KEY = /^[0-9a-f]{37}$/

const readCredentials = (
  value: (name: InputName) => string,
  dryRun: boolean,
  issues: InputIssue[],
  warnings: string[]
): Credentials | undefined => {
  const token = value('token')
  const email = value('email')
  const key = value('api_key')
  // Secrets are never quoted back: the value field stays empty for them.
  if (token !== '') {
    const problem = secretProblem(token)
    if (problem !== undefined)
      issues.push({ input: 'token', value: '', problem: `${problem}; copy the API token again` })
    else if (GLOBAL_API_KEY.test(token))
      issues.push({
        input: 'token',
        value: '',
        problem:
          'looks like a Global API Key (37 hex characters), not an API token: create an API token with Zone > Cache Purge, or pass this key as api_key together with email'
      })
    if (email !== '' || key !== '')
      warnings.push(
        'Both token and email/api_key are set: the token is used and the Global API Key is ignored.'
      )
    return { kind: 'token', token }
  }
  if (email !== '' && key !== '') {
    const problem = secretProblem(key)
    if (problem !== undefined)
      issues.push({
        input: 'api_key',
        value: '',
        problem: `${problem}; copy the Global API Key again`
      })
    // The email travels in the X-Auth-Email header: the same rule as a secret, but it is quoted.
    if (!email.includes('@') || secretProblem(email) !== undefined)
      issues.push({ input: 'email', value: email, problem: 'is not an email address' })
    return { kind: 'key', email, key }
  }
  if (email !== '' || key !== '') {
    issues.push({
      input: email === '' ? 'email' : 'api_key',
      value: '',
      problem:
        'is required when using a Global API Key (email and api_key go together); an API token in "token" is preferred'
    })
    return undefined
  }
  if (!dryRun)
    issues.push({
      input: 'token',
      value: '',
      problem:
        'is required: give an API token with the "Cache Purge" permission (or email and api_key for a Global API Key)'
    })
  return undefined
}

/** A credential goes into an HTTP header: only visible ASCII survives the trip. */
const secretProblem = (secret: string): string | undefined =>
  /\s/.test(secret)
    ? 'contains whitespace or a line break'
    : /^[\x21-\x7e]+$/.test(secret)
      ? undefined
      : 'contains a character that cannot be sent in an HTTP header'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

const readApiUrl = (text: string, issues: InputIssue[]): string => {
  // Everything up to the last "@" may be a password, even when the URL does not parse.
  const shown = text.replace(/^([a-z][a-z0-9+.-]*:[/\\]*)?[^]*@/i, '$1***@')
  const issue = (problem: string) => issues.push({ input: 'api_url', value: shown, problem })
  // The URL parser drops tabs and line breaks silently; the text would still carry them to the log.
  if (/[\s\p{Cc}]/u.test(text)) {
    issue('contains whitespace or a control character')
    return text
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    issue('is not a valid URL')
    return text
  }
  if (url.username !== '' || url.password !== '' || text !== hideUserinfo(text)) {
    issue(
      'must not contain a user name or password ("user:password@"): the credentials go in token, or in email and api_key'
    )
    return text
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname)))
    issue(
      'must use https:// (plain http:// is allowed only for loopback addresses, such as a local emulator), so the token is never sent in clear'
    )
  if (url.search !== '' || url.hash !== '') issue('must not have a query string or fragment')
  return text.replace(/\/+$/, '')
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The file's text, or which line is not UTF-8 (a file decoded with U+FFFD would purge garbage). */
const decode = (bytes: Uint8Array): { text: string } | { problem: string } => {
  try {
    return { text: decoder.decode(bytes) }
  } catch {
    const utf16 =
      (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
    let line = 1
    for (let start = 0; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start)
      if (end === -1) end = bytes.length
      try {
        decoder.decode(bytes.subarray(start, end))
      } catch {
        break
      }
      start = end + 1
    }
    return {
      problem: `is not valid UTF-8: line ${line} has bytes that are not UTF-8${utf16 ? ' (the file looks like UTF-16)' : ''}; save it as UTF-8`
    }
  }
}

/** Returns whether the file asks to purge everything; its lists go into `entries`. */
const readFromFile = (
  path: string,
  roots: readonly string[],
  readFile: FileReader,
  entries: Entries,
  issues: InputIssue[]
): boolean => {
  if (path === '') return false
  const refuse = (problem: string) => {
    issues.push({ input: 'from_file', value: path, problem })
    return false
  }
  const read = readFile(path, roots, 'from_file')
  if ('problem' in read) return refuse(read.problem)
  const decoded = decode(read.bytes)
  if ('problem' in decoded) return refuse(decoded.problem)
  const { text } = decoded
  const file = quote(path, 80)
  const body = text.trim()
  if (body.startsWith('[')) {
    const parsed = parseJsonArray(body, 'urls')
    if ('error' in parsed) return refuse(parsed.error)
    entries.files.push({
      input: 'from_file',
      entries: parsed.entries,
      at: (index) => `entry ${index + 1} of ${file}`
    })
    return false
  }
  if (body.startsWith('{')) {
    const json = parseJson(body)
    if ('error' in json) return refuse(json.error)
    const parsed = fileBody.safeParse(json.value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      return refuse(
        issue.code === 'unrecognized_keys'
          ? `has unknown field(s) ${quoteKeys(issue.keys)}; the fields are "files", "tags", "hosts", "prefixes" and "purge_everything"`
          : `field ${quote(issue.path.map(String).join('.'), 40)} must be ${issue.path[0] === 'purge_everything' ? 'true or false' : 'a JSON array'}`
      )
    }
    for (const kind of ['files', 'tags', 'hosts', 'prefixes'] as const) {
      const list = parsed.data[kind]
      if (list !== undefined)
        entries[kind].push({
          input: 'from_file',
          entries: list,
          at: (index) => `entry ${index + 1} of "${kind}" in ${file}`
        })
    }
    return parsed.data.purge_everything === true
  }
  const { entries: lines, lines: numbers } = parseLines(text)
  entries.files.push({
    input: 'from_file',
    entries: lines,
    at: (index) => `line ${numbers[index]} of ${file}`
  })
  return false
}

const MAX_ITEM_ISSUES = 20
/** A file's entries are named by their place; what is quoted of them stays short. */
const MAX_FILE_QUOTE = 60

const checkItems = (entries: Entries, issues: InputIssue[], warnings: string[]): Items => {
  const items: Items = { files: [], tags: [], hosts: [], prefixes: [] }
  let itemIssues = 0
  let unreported = 0
  const check = <T>(
    kind: keyof Items,
    checkEntry: (entry: unknown) => { item: T } | { problem: string },
    into: T[]
  ) => {
    for (const { input, entries: list, at } of entries[kind]) {
      list.forEach((entry, index) => {
        const result: { item: T } | { problem: string } =
          typeof entry === 'string' && /^- /.test(entry)
            ? {
                problem: 'looks like a YAML list item: write one per line without the leading "- "'
              }
            : checkEntry(entry)
        if ('item' in result) into.push(result.item)
        else if (itemIssues++ < MAX_ITEM_ISSUES) {
          const text = typeof entry === 'string' ? entry : (JSON.stringify(entry) ?? String(entry))
          const shown = kind === 'files' ? hideUserinfo(text) : text
          issues.push({
            input,
            value: at === undefined ? shown : escapeLine(shown, MAX_FILE_QUOTE),
            problem: `${result.problem}${at === undefined ? '' : ` (${at(index)})`}`
          })
        } else unreported++
      })
    }
  }
  let fragments = 0
  let firstFragment = ''
  check(
    'files',
    (entry) => {
      const result = checkUrlEntry(entry)
      if ('item' in result && result.fragment !== undefined && fragments++ === 0)
        firstFragment = `${typeof result.item === 'string' ? result.item : result.item.url}${result.fragment}`
      return result
    },
    items.files
  )
  check('tags', (entry) => checkName(tagProblem, entry), items.tags)
  check('hosts', (entry) => checkName(hostProblem, entry, asciiHost), items.hosts)
  check('prefixes', (entry) => checkName(prefixProblem, entry, normalizePrefix), items.prefixes)
  if (unreported > 0)
    issues.push({
      input: 'urls, tags, hosts, prefixes, from_file',
      value: '',
      problem: `and ${unreported} more bad entries like the ones above`
    })
  if (fragments > 0)
    warnings.push(
      `Dropped the #fragment of ${fragments} URL(s), such as ${quote(firstFragment, 100)}: a browser never sends a fragment, so it is no part of a cache key.`
    )
  return items
}
