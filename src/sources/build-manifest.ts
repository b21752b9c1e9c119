/**
 * `changed: build`: the manifest of a build (every file of the built site with its SHA-256), how
 * it is written and read back, and what differs between two of them.
 *
 * The format, version 1, is JSON lines, so that neither writing nor reading ever holds it whole:
 *
 *     {"format":"cloudflare-purge-manifest","version":1,"algorithm":"sha256","createdAt":"2026-12-07T10:00:00.000Z","commit":"<40 hex>","files":2}
 *     ["about/index.html","<base64url SHA-256, 43 characters>"]
 *     ["index.html","<...>"]
 *
 * Paths are relative to the site's folder, `/`-separated, sorted by UTF-16 code unit, each once.
 * A manifest read back is outside text (another run's artifact, which anyone who can run the
 * workflow can shape): every line is checked, its size, count and shape bounded, before use.
 */
import { StringDecoder } from 'node:string_decoder'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { count, quote } from '../text.js'
import { MAX_FILES } from './build-tree.js'

export const MANIFEST_FORMAT = 'cloudflare-purge-manifest'
export const MANIFEST_VERSION = 1
const ALGORITHM = 'sha256'

/** A build's files and their hashes, with when and at which commit it was made. */
export interface Manifest {
  createdAt: string
  /** The commit the run built (GITHUB_SHA); `''` when unknown. */
  commit: string
  /** Path -> base64url SHA-256. */
  files: ReadonlyMap<string, string>
}

/**
 * Why no earlier manifest is used, in one word the feature says its fallback with:
 * - `first-run`: no earlier successful run, or that run stored no manifest;
 * - `expired`: its manifest artifact is expired or deleted;
 * - `no-permission`: GitHub refused the token (the job needs `actions: read`);
 * - `old-format`: written in a format this version does not read;
 * - `too-large`: past a size, entry count or compression-ratio bound;
 * - `malformed`: not a manifest (a broken zip, another file, bad lines);
 * - `unreachable`: GitHub or its storage did not answer in time, or answered an error.
 */
export type ManifestReason =
  | 'first-run'
  | 'expired'
  | 'no-permission'
  | 'old-format'
  | 'too-large'
  | 'malformed'
  | 'unreachable'

/** No earlier manifest: the reason word, and what happened in words for the log. */
export interface NoManifest {
  reason: ManifestReason
  detail: string
}

/** Bounds on a manifest read from outside. */
export interface ManifestLimits {
  /** The artifact's zip, as downloaded. */
  maxZipBytes: number
  /** The manifest once inflated. */
  maxManifestBytes: number
  /** Files listed. */
  maxEntries: number
  /** Inflated bytes per compressed byte: a manifest's hashes keep it near 3; a zip bomb is ~1,000. */
  maxRatio: number
}

/**
 * 500,000 files take ~55 MB of manifest (a 60-character path on average) and ~25 MB zipped;
 * the bounds leave room for long paths and stop well before memory is at risk.
 */
export const MANIFEST_LIMITS: ManifestLimits = {
  maxZipBytes: 48 * 1024 * 1024,
  maxManifestBytes: 96 * 1024 * 1024,
  maxEntries: MAX_FILES,
  maxRatio: 50
}

/** Longest line read: a path of 4,096 characters, each escaped as \uXXXX, and its hash. */
const MAX_LINE = 4096 * 6 + 64
const HASH = /^[A-Za-z0-9_-]{43}$/
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})?$/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/

/** The manifest's lines, header first, files sorted by path. */
export function* manifestLines(manifest: Manifest): Generator<string> {
  const paths = [...manifest.files.keys()].sort()
  yield `${JSON.stringify({
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    algorithm: ALGORITHM,
    createdAt: manifest.createdAt,
    commit: manifest.commit,
    files: paths.length
  })}\n`
  for (const path of paths) yield `${JSON.stringify([path, manifest.files.get(path)])}\n`
}

/** Writes the manifest to `file`, a line at a time, waiting when the disk is behind. */
export const writeManifest = async (manifest: Manifest, file: string): Promise<void> => {
  const out = createWriteStream(file, { flags: 'wx', highWaterMark: 256 * 1024 })
  const failed = once(out, 'error').then(([error]) => {
    throw error
  })
  failed.catch(() => undefined)
  try {
    for (const line of manifestLines(manifest))
      if (!out.write(line)) await Promise.race([once(out, 'drain'), failed])
    out.end()
    await Promise.race([once(out, 'finish'), failed])
  } finally {
    out.destroy()
  }
}

/** Why a path is no file's path inside a folder, or undefined. */
export const pathProblem = (path: string): string | undefined => {
  if (path.length === 0 || path.length > 4096) return 'is empty or longer than 4,096 characters'
  if (path.includes('\\') || path.includes('\0')) return 'has a backslash or a NUL character'
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..'))
    return 'is absolute or has an empty, "." or ".." folder name'
  if (/\p{Cs}/u.test(path)) return 'is not valid Unicode text (a lone surrogate)'
  return undefined
}

/** A manifest's first line: when and at which commit it was made, and how many files it lists. */
export interface ManifestHeader {
  createdAt: string
  commit: string
  files: number
}

/** The header line's facts, or why it is not a header this version reads. */
const readHeader = (line: string, limits: ManifestLimits): ManifestHeader | NoManifest => {
  let header: unknown
  try {
    header = JSON.parse(line)
  } catch {
    return { reason: 'malformed', detail: 'its first line is not JSON' }
  }
  const h = (typeof header === 'object' && header !== null ? header : {}) as Record<string, unknown>
  if (h.format !== MANIFEST_FORMAT)
    return {
      reason: 'malformed',
      detail: `its first line does not name the format ${MANIFEST_FORMAT}`
    }
  if (h.version !== MANIFEST_VERSION || h.algorithm !== ALGORITHM)
    return {
      reason: 'old-format',
      detail: `it is version ${quote(String(h.version), 20)} (${quote(String(h.algorithm), 20)}), and this version of the action reads version ${MANIFEST_VERSION} (${ALGORITHM})`
    }
  const { createdAt, commit, files } = h
  if (typeof createdAt !== 'string' || !ISO_TIME.test(createdAt))
    return { reason: 'malformed', detail: 'its createdAt is not a UTC time' }
  if (typeof commit !== 'string' || !SHA.test(commit))
    return { reason: 'malformed', detail: 'its commit is not a commit SHA' }
  if (typeof files !== 'number' || !Number.isSafeInteger(files) || files < 0)
    return { reason: 'malformed', detail: 'its count of files is not a number' }
  if (files > limits.maxEntries)
    return {
      reason: 'too-large',
      detail: `it lists ${count(files)} files, more than the ${count(limits.maxEntries)} read`
    }
  return { createdAt, commit, files }
}

/**
 * One file line, or why it is not one. `after` is the path of the line before: paths must come
 * in ascending order, which is how a path listed twice is caught without remembering them all.
 */
const readEntry = (line: string, n: number, after: string | undefined): Entry | NoManifest => {
  const bad = (what: string): NoManifest => ({
    reason: 'malformed',
    detail: `line ${count(n + 2)} ${what}`
  })
  let entry: unknown
  try {
    entry = JSON.parse(line)
  } catch {
    return bad('is not JSON')
  }
  if (!Array.isArray(entry) || entry.length !== 2) return bad('is not a [path, hash] pair')
  const [path, hash] = entry as unknown[]
  if (typeof path !== 'string' || typeof hash !== 'string' || !HASH.test(hash))
    return bad('is not a path and a SHA-256')
  const problem = pathProblem(path)
  if (problem !== undefined) return bad(`has the path ${quote(path, 100)}, which ${problem}`)
  if (after !== undefined && !(after < path))
    return bad(`lists ${quote(path, 100)} out of order or a second time`)
  return [path, hash]
}

type Entry = [path: string, hash: string]

/** Splits a stream of bytes into lines of at most MAX_LINE characters, or says it cannot. */
async function* linesOf(
  chunks: AsyncIterable<Uint8Array>,
  limits: ManifestLimits
): AsyncGenerator<string | NoManifest> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let bytes = 0
  for await (const chunk of chunks) {
    bytes += chunk.byteLength
    if (bytes > limits.maxManifestBytes) {
      yield {
        reason: 'too-large',
        detail: `it is larger than ${count(Math.round(limits.maxManifestBytes / 1024 / 1024))} MiB`
      }
      return
    }
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    const lines = (rest + text).split('\n')
    rest = lines.pop()!
    if (rest.length > MAX_LINE) {
      yield { reason: 'malformed', detail: 'it has a line longer than any path' }
      return
    }
    yield* lines
  }
  rest += decoder.end()
  if (rest !== '') yield { reason: 'malformed', detail: 'its last line is cut short' }
}

/**
 * A manifest's header, then each of its files, every line checked; a NoManifest ends it at the
 * first fault, and after the last file when the count differs from the header's.
 */
async function* entriesOf(
  chunks: AsyncIterable<Uint8Array>,
  limits: ManifestLimits
): AsyncGenerator<ManifestHeader | Entry | NoManifest> {
  let header: ManifestHeader | undefined
  let n = 0
  let after: string | undefined
  for await (const line of linesOf(chunks, limits)) {
    if (typeof line !== 'string') return yield line
    if (header === undefined) {
      const read = readHeader(line, limits)
      yield read
      if ('reason' in read) return
      header = read
      continue
    }
    if (n >= header.files)
      return yield {
        reason: 'malformed',
        detail: `it lists more files than the ${count(header.files)} its first line says`
      }
    const entry = readEntry(line, n++, after)
    yield entry
    if ('reason' in entry) return
    after = entry[0]
  }
  if (header === undefined) yield { reason: 'malformed', detail: 'it is empty' }
  else if (n !== header.files)
    yield {
      reason: 'malformed',
      detail: `it lists ${count(n)} files where its first line says ${count(header.files)} (cut short)`
    }
}

/** Reads a manifest from its bytes (the artifact's, inflated): a reader fetchManifest takes. */
export type ManifestReader<T> = (
  chunks: AsyncIterable<Uint8Array>,
  limits: ManifestLimits
) => Promise<T | NoManifest>

/**
 * A manifest from its bytes, every line checked; or the reason it is not one. Reads at most
 * `limits.maxManifestBytes`, and stops at the first fault.
 */
export const readManifest = async (
  chunks: AsyncIterable<Uint8Array>,
  limits: ManifestLimits = MANIFEST_LIMITS
): Promise<Manifest | NoManifest> => {
  let header: ManifestHeader | undefined
  const files = new Map<string, string>()
  for await (const item of entriesOf(chunks, limits)) {
    if ('reason' in item) return item
    if (Array.isArray(item)) files.set(item[0], item[1])
    else header = item
  }
  return { createdAt: header!.createdAt, commit: header!.commit, files }
}

/** What differs between two builds, as lists of paths. A renamed file is removed and added. */
export interface BuildDiff {
  changed: string[]
  added: string[]
  removed: string[]
  unchanged: string[]
}

/** Compares two manifests' files: one pass over each, a map lookup per path (linear time). */
export const compareManifests = (
  previous: ReadonlyMap<string, string>,
  current: ReadonlyMap<string, string>
): BuildDiff => {
  const diff: BuildDiff = { changed: [], added: [], removed: [], unchanged: [] }
  for (const [path, hash] of current) {
    const before = previous.get(path)
    if (before === undefined) diff.added.push(path)
    else if (before === hash) diff.unchanged.push(path)
    else diff.changed.push(path)
  }
  for (const path of previous.keys()) if (!current.has(path)) diff.removed.push(path)
  return diff
}

/** An earlier build compared with this one: its header, and what differs. */
export interface ComparedBuild {
  previous: ManifestHeader
  diff: BuildDiff
}

/**
 * Compares an earlier manifest, as it streams in, with this build's files: the checks of
 * readManifest, and the comparison of compareManifests, without ever holding the earlier
 * manifest. Only this build's map is kept (with the set of its paths not met yet, and those
 * changed); the lists hold this build's own path strings, so the earlier manifest's lines are
 * garbage as soon as read, but for the paths removed. Linear time.
 */
export const compareWithManifest =
  (current: ReadonlyMap<string, string>): ManifestReader<ComparedBuild> =>
  async (chunks, limits) => {
    const unseen = new Set(current.keys())
    const changed = new Set<string>()
    const removed: string[] = []
    let previous: ManifestHeader | undefined
    for await (const item of entriesOf(chunks, limits)) {
      if ('reason' in item) return item
      if (!Array.isArray(item)) {
        previous = item
        continue
      }
      const [path, hash] = item
      const now = current.get(path)
      if (now === undefined) removed.push(path)
      else {
        unseen.delete(path)
        if (now !== hash) changed.add(path)
      }
    }
    const diff: BuildDiff = { changed: [], added: [], removed, unchanged: [] }
    for (const path of current.keys())
      (unseen.has(path) ? diff.added : changed.has(path) ? diff.changed : diff.unchanged).push(path)
    return { previous: previous!, diff }
  }

/**
 * The difference as the compare API's changed files, under `dir` (site_dir, `''` for the root):
 * what `applyRules` maps to URLs and rules, exactly as for `changed: true`.
 */
export const diffAsChangedFiles = (
  diff: BuildDiff,
  dir: string
): { path: string; status: 'modified' | 'added' | 'removed' }[] => {
  const under = (path: string) => (dir === '' ? path : `${dir}/${path}`)
  return [
    ...diff.changed.map((path) => ({ path: under(path), status: 'modified' as const })),
    ...diff.added.map((path) => ({ path: under(path), status: 'added' as const })),
    ...diff.removed.map((path) => ({ path: under(path), status: 'removed' as const }))
  ]
}
