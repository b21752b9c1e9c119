/**
 * The workflow run's context, read from the GITHUB_* variables the runner sets. Not
 * `@actions/github`'s Context: it parses the event file (GITHUB_EVENT_PATH) when it is created,
 * so a file that is not JSON crashed every run at start-up, a plain purge too, which never needs
 * the event. Here the event is read only when `changed` asks for it, bounded, and a bad file is
 * a message that names it.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import type { RunContext } from '../report/report.js'
import { defaultRoots } from '../inputs/workspace-file.js'
import type { ChangeEnv } from '../sources/changes.js'
import type { EventInfo } from '../sources/range.js'
import { flattenLine, quote } from '../text.js'
import { ACTION_NAME, VERSION } from '../version.js'

/**
 * GitHub caps a webhook's payload at 25 MB, and the event file holds one: anything larger is not
 * an event file, and is not read into memory to find that out.
 */
export const MAX_EVENT_BYTES = 25 * 1024 * 1024

/** The event file cannot be used: a runner's fault or a local run's, not an input's. */
export class EventFileError extends Error {
  constructor(path: string, problem: string) {
    super(
      `GITHUB_EVENT_PATH names ${quote(path, 200)}, which ${problem}. changed reads the commits to compare from this file, which the runner writes for the workflow's event; in a local run, point GITHUB_EVENT_PATH at a JSON event payload, or set changed to a commit SHA.`
    )
    this.name = 'EventFileError'
  }
}

const env = (name: string): string | undefined => process.env[name] || undefined

/** GITHUB_RUN_ID as a number, when it is one. */
const runId = (): number | undefined => {
  const id = Number.parseInt(env('GITHUB_RUN_ID') ?? '', 10)
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** The repository, commit and run link, read without throwing where a local run lacks them. */
export const runContext = (): RunContext => {
  const repository = env('GITHUB_REPOSITORY') ?? ''
  const id = runId()
  return {
    repository,
    sha: env('GITHUB_SHA') ?? '',
    runUrl:
      repository !== '' && id !== undefined
        ? `${env('GITHUB_SERVER_URL') ?? 'https://github.com'}/${repository}/actions/runs/${id}`
        : undefined
  }
}

/** Says who calls, so that Cloudflare (and the site's logs) can tell the action's requests. */
export const userAgent = (ctx: RunContext): string => {
  const id = runId()
  return `${ACTION_NAME}/${VERSION} (+https://github.com/${ctx.repository || 'local'}${id === undefined ? '' : `; run ${id}`})`
}

/** The whole file; `missing` when there is none; or why it is not one to read. */
const readSmallFile = (
  path: string,
  max: number
): Buffer | { missing: true } | { problem: string } => {
  let fd: number
  try {
    // Non-blocking: opening a FIFO would otherwise wait for a writer that may never come.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { missing: true }
    return { problem: `cannot be opened (${flattenLine((error as Error).message, 200)})` }
  }
  try {
    // Checked on the open file, so that what is checked is what is read.
    const stat = fstatSync(fd)
    if (!stat.isFile()) return { problem: 'is not a regular file' }
    const tooBig = `more than the ${max / 1024 / 1024} MiB an event payload can be`
    if (stat.size > max) return { problem: `holds ${stat.size} bytes, ${tooBig}` }
    // One byte more than stat said: a file that grows while it is read is refused, not cut.
    const buffer = Buffer.alloc(stat.size + 1)
    let length = 0
    for (let got = -1; got !== 0 && length < buffer.length; length += got)
      got = readSync(fd, buffer, length, buffer.length - length, null)
    if (length > stat.size) return { problem: 'grew while it was read' }
    return buffer.subarray(0, length)
  } finally {
    closeSync(fd)
  }
}

/**
 * The event payload from GITHUB_EVENT_PATH: `{}` when the variable is unset or names no file (a
 * local run, as with @actions/github), else the file's JSON object. Throws EventFileError when
 * the file is not one: not JSON, not an object, not UTF-8, too big, or not a regular file.
 */
export const readEventPayload = (path: string | undefined, max = MAX_EVENT_BYTES): unknown => {
  if (path === undefined) return {}
  const read = readSmallFile(path, max)
  if ('missing' in read) return {}
  if ('problem' in read) throw new EventFileError(path, read.problem)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read)
  } catch {
    throw new EventFileError(path, 'is not UTF-8 text')
  }
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch (error) {
    // The parser's message quotes the file: bounded and on one line.
    throw new EventFileError(path, `is not JSON (${flattenLine((error as Error).message, 120)})`)
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new EventFileError(path, 'holds JSON that is not an object, so not an event payload')
  return payload
}

/**
 * The event, with its payload read from the file the first time something asks for it, and
 * only then: `collectChanges` does when `changed` is on, and never for a sitemap alone.
 */
export const lazyEvent = (
  read: () => unknown = () => readEventPayload(env('GITHUB_EVENT_PATH'))
): EventInfo => {
  let payload: { value: unknown } | undefined
  return {
    name: env('GITHUB_EVENT_NAME') ?? '',
    sha: env('GITHUB_SHA') ?? '',
    get payload() {
      payload ??= { value: read() }
      return payload.value
    }
  }
}

/** What the changed-files step needs from the run: the event, the repository, the API, the time left. */
export const envFromContext = (timeLeftMs: number, userAgent: string): ChangeEnv => ({
  event: lazyEvent(),
  repository: env('GITHUB_REPOSITORY') ?? '',
  githubApiUrl: env('GITHUB_API_URL') ?? 'https://api.github.com',
  userAgent,
  roots: defaultRoots(),
  deadline: Date.now() + timeLeftMs,
  runId: env('GITHUB_RUN_ID') ?? '',
  ref: env('GITHUB_REF') ?? '',
  serverUrl: env('GITHUB_SERVER_URL') ?? 'https://github.com'
})
