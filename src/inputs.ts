import { readFileSync } from 'node:fs'
import * as z from 'zod/mini'
import { InputError, type InputIssue } from './errors.js'
import { parseJson, parseJsonArray, parseLines, parseList } from './lists.js'
import {
  checkName,
  checkUrlEntry,
  environmentProblem,
  hostProblem,
  prefixProblem,
  tagProblem,
  ZONE_ID,
  zoneProblem,
  type UrlItem
} from './rules.js'

export const INPUT_NAMES = [
  'token',
  'email',
  'api_key',
  'zone',
  'environment',
  'urls',
  'tags',
  'hosts',
  'prefixes',
  'purge_everything',
  'from_file',
  'mode',
  'dry_run',
  'api_url',
  'timeout',
  'request_timeout',
  'batch_size'
] as const

export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Record<InputName, string>

export const DEFAULTS = {
  mode: 'purge',
  api_url: 'https://api.cloudflare.com/client/v4',
  timeout: '300',
  request_timeout: '30',
  batch_size: '100'
} as const satisfies Partial<RawInputs>

/** The largest batch Cloudflare accepts for any kind (URLs on Enterprise). */
export const MAX_BATCH_SIZE = 500

export type Credentials =
  { kind: 'token'; token: string } | { kind: 'key'; email: string; key: string }

export interface Items {
  files: UrlItem[]
  tags: string[]
  hosts: string[]
  prefixes: string[]
}

export interface Inputs {
  credentials: Credentials | undefined
  zone: { id: string } | { name: string }
  environment: string | undefined
  items: Items
  purgeEverything: boolean
  mode: 'purge' | 'invalidate'
  dryRun: boolean
  apiUrl: string
  timeoutMs: number
  requestTimeoutMs: number
  batchSize: number
  warnings: string[]
}

const boolean = z.enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
const numeral = (pattern: RegExp, number: z.ZodMiniNumber<number>) =>
  z.pipe(z.pipe(z.string().check(z.regex(pattern)), z.transform(Number)), number)
const seconds = numeral(/^\d+(\.\d+)?$/, z.number().check(z.positive()))
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

type FileRead = (path: string) => string
type Entries = { [K in keyof Items]: { input: string; where: string; entries: unknown[] }[] }

/**
 * Validates every input and returns what to purge, or throws one InputError naming every bad
 * input. Nothing here touches the network.
 */
export const parseInputs = (
  raw: RawInputs,
  readFile: FileRead = (path) => readFileSync(path, 'utf8')
): Inputs => {
  const issues: InputIssue[] = []
  const warnings: string[] = []
  const value = (name: InputName): string => raw[name]?.trim() ?? ''
  const orDefault = (name: keyof typeof DEFAULTS): string => value(name) || DEFAULTS[name]

  const flag = (name: InputName): boolean => {
    const parsed = boolean.safeParse(value(name) || 'false')
    if (parsed.success) return parsed.data.toLowerCase() === 'true'
    issues.push({ input: name, value: value(name), problem: 'must be true or false' })
    return false
  }
  const number = (name: keyof typeof DEFAULTS, schema: typeof seconds, rule: string): number => {
    const parsed = schema.safeParse(orDefault(name))
    if (parsed.success) return parsed.data
    issues.push({ input: name, value: value(name), problem: rule })
    return Number(DEFAULTS[name])
  }

  const dryRun = flag('dry_run')
  const purgeEverything = flag('purge_everything')
  const parsedMode = mode.safeParse(orDefault('mode'))
  if (!parsedMode.success)
    issues.push({ input: 'mode', value: value('mode'), problem: 'must be "purge" or "invalidate"' })
  const timeoutMs = number('timeout', seconds, 'must be a positive number of seconds') * 1000
  const requestTimeoutMs =
    number('request_timeout', seconds, 'must be a positive number of seconds') * 1000
  const batchSize = number(
    'batch_size',
    wholeNumber,
    `must be a whole number from 1 to ${MAX_BATCH_SIZE}`
  )

  const credentials = readCredentials(value, dryRun, issues, warnings)
  const apiUrl = readApiUrl(orDefault('api_url'), issues)

  const zone = value('zone')
  const zoneIssue = zoneProblem(zone)
  if (zoneIssue !== undefined) issues.push({ input: 'zone', value: zone, problem: zoneIssue })
  const environment = value('environment') || undefined
  const environmentIssue = environment === undefined ? undefined : environmentProblem(environment)
  if (environmentIssue !== undefined)
    issues.push({ input: 'environment', value: environment!, problem: environmentIssue })

  const entries: Entries = { files: [], tags: [], hosts: [], prefixes: [] }
  const inline = (kind: keyof Items, input: InputName, listKind: 'urls' | 'names') => {
    const parsed = parseList(raw[input] ?? '', listKind)
    if ('error' in parsed) issues.push({ input, value: value(input), problem: parsed.error })
    else entries[kind].push({ input, where: '', entries: parsed.entries })
  }
  inline('files', 'urls', 'urls')
  inline('tags', 'tags', 'names')
  inline('hosts', 'hosts', 'names')
  inline('prefixes', 'prefixes', 'names')
  const fileWantsEverything = readFromFile(value('from_file'), readFile, entries, issues)

  const items = checkItems(entries, issues)
  const everything = purgeEverything || fileWantsEverything
  const listed = (Object.keys(items) as (keyof Items)[]).filter((kind) => items[kind].length > 0)
  if (everything && listed.length > 0) {
    issues.push({
      input: 'purge_everything',
      value: 'true',
      problem: `cannot be combined with ${listed.map(kindInput).join(', ')}: Cloudflare rejects such a request (error 1092). Purge everything alone, or list what to purge`
    })
  }
  const hadListIssues = issues.some((issue) =>
    ['urls', 'tags', 'hosts', 'prefixes', 'from_file'].includes(issue.input)
  )
  if (!everything && listed.length === 0 && !hadListIssues) {
    issues.push({
      input: 'urls, tags, hosts, prefixes, from_file, purge_everything',
      value: '',
      problem: 'nothing to purge: give at least one list, or purge_everything: true'
    })
  }

  if (issues.length > 0) throw new InputError(issues)
  return {
    credentials,
    zone: ZONE_ID.test(zone) ? { id: zone.toLowerCase() } : { name: zone.toLowerCase() },
    environment,
    items,
    purgeEverything: everything,
    mode: parsedMode.data!,
    dryRun,
    apiUrl,
    timeoutMs,
    requestTimeoutMs,
    batchSize,
    warnings
  }
}

const kindInput = (kind: keyof Items): string => (kind === 'files' ? 'urls' : kind)

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
    if (!email.includes('@'))
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
  let url: URL
  try {
    url = new URL(text)
  } catch {
    issues.push({ input: 'api_url', value: text, problem: 'is not a valid URL' })
    return text
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    issues.push({
      input: 'api_url',
      value: text,
      problem:
        'must use https:// (plain http:// is allowed only for loopback addresses, such as a local emulator), so the token is never sent in clear'
    })
  }
  if (url.search !== '' || url.hash !== '')
    issues.push({
      input: 'api_url',
      value: text,
      problem: 'must not have a query string or fragment'
    })
  return text.replace(/\/+$/, '')
}

/** Returns whether the file asks to purge everything; its lists go into `entries`. */
const readFromFile = (
  path: string,
  readFile: FileRead,
  entries: Entries,
  issues: InputIssue[]
): boolean => {
  if (path === '') return false
  let text: string
  try {
    text = readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${code ?? (error as Error).message})`
    issues.push({ input: 'from_file', value: path, problem: why })
    return false
  }
  const body = text.trim()
  if (body.startsWith('[')) {
    const parsed = parseJsonArray(body)
    if ('error' in parsed) issues.push({ input: 'from_file', value: path, problem: parsed.error })
    else entries.files.push({ input: 'from_file', where: ` in ${path}`, entries: parsed.entries })
    return false
  }
  if (body.startsWith('{')) {
    const json = parseJson(body)
    if ('error' in json) {
      issues.push({ input: 'from_file', value: path, problem: json.error })
      return false
    }
    const parsed = fileBody.safeParse(json.value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const problem =
        issue.code === 'unrecognized_keys'
          ? `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; the fields are "files", "tags", "hosts", "prefixes" and "purge_everything"`
          : `field "${issue.path.join('.')}" must be ${issue.path[0] === 'purge_everything' ? 'true or false' : 'a JSON array'}`
      issues.push({ input: 'from_file', value: path, problem })
      return false
    }
    for (const kind of ['files', 'tags', 'hosts', 'prefixes'] as const) {
      const list = parsed.data[kind]
      if (list !== undefined)
        entries[kind].push({ input: 'from_file', where: ` (${kind}) in ${path}`, entries: list })
    }
    return parsed.data.purge_everything === true
  }
  entries.files.push({ input: 'from_file', where: ` in ${path}`, entries: parseLines(text) })
  return false
}

const MAX_ITEM_ISSUES = 20

const checkItems = (entries: Entries, issues: InputIssue[]): Items => {
  const items: Items = { files: [], tags: [], hosts: [], prefixes: [] }
  let itemIssues = 0
  let unreported = 0
  const check = <T>(
    kind: keyof Items,
    checkEntry: (entry: unknown) => { item: T } | { problem: string },
    into: T[]
  ) => {
    for (const { input, where, entries: list } of entries[kind]) {
      list.forEach((entry, index) => {
        const result: { item: T } | { problem: string } =
          typeof entry === 'string' && /^- /.test(entry)
            ? {
                problem: 'looks like a YAML list item: write one per line without the leading "- "'
              }
            : checkEntry(entry)
        if ('item' in result) into.push(result.item)
        else if (itemIssues++ < MAX_ITEM_ISSUES) {
          const shown = typeof entry === 'string' ? entry : (JSON.stringify(entry) ?? String(entry))
          issues.push({
            input,
            value: shown,
            problem: `${result.problem}${where === '' ? '' : ` (entry ${index + 1}${where})`}`
          })
        } else unreported++
      })
    }
  }
  check('files', checkUrlEntry, items.files)
  check('tags', (entry) => checkName(tagProblem, entry), items.tags)
  check('hosts', (entry) => checkName(hostProblem, entry), items.hosts)
  check('prefixes', (entry) => checkName(prefixProblem, entry), items.prefixes)
  if (unreported > 0)
    issues.push({
      input: 'urls, tags, hosts, prefixes, from_file',
      value: '',
      problem: `and ${unreported} more bad entries like the ones above`
    })
  return items
}
