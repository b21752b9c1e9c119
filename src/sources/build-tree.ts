/**
 * `changed: build`, step one: the SHA-256 of every regular file under the built site's folder.
 * Files are read as streams through one fixed buffer per worker, a few at a time, while the
 * folders are walked one entry at a time: memory grows with the number of files (their paths
 * and hashes), never with their sizes or a folder's width. Only regular files inside the folder
 * are read: symbolic links (inside or out, to files or to folders) are neither read nor followed,
 * and named pipes, sockets and devices are skipped; each is counted, so that a skip is said.
 *
 * Why SHA-256: it is the fastest hash Node ships that no one can make collide (SHA-1 is faster
 * by a fifth on this kind of machine, MD5 slower, and both collide on purpose): a forged pair of
 * files would keep a changed page out of the purge. Measured in `npm run bench`.
 */
import * as crypto from 'node:crypto'
import { createHash } from 'node:crypto'
import { close, constants, fstat, open, read, type Dirent, type Stats } from 'node:fs'
import { lstat, opendir } from 'node:fs/promises'
import { join } from 'node:path'
import { quote } from '../text.js'

/** The most files a manifest holds, written or read: 2.5 times the 200,000 the feature plans for. */
export const MAX_FILES = 500_000
/** Files read at once: enough to keep libuv's four threads busy, few enough to bound memory. */
const CONCURRENCY = 8
/** Reads of 64 KiB (each worker has two: a file of one chunk is hashed in one call). */
const CHUNK = 64 * 1024

/** What was hashed, and what was not read (never silently). */
export interface TreeHashes {
  /** Path (relative to the folder, `/`-separated) -> base64url SHA-256 of the file's bytes. */
  files: Map<string, string>
  /** Bytes hashed. */
  bytes: number
  skipped: {
    /** Symbolic links, to files or folders, inside the folder or out of it: never followed. */
    symlinks: number
    /** Named pipes, sockets, character and block devices. */
    special: number
    /** Files gone between the folder's listing and their opening (a build still writing). */
    vanished: number
  }
}

/** The folder cannot be hashed as a whole: the change set is unknown. */
export class TreeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TreeError'
  }
}

export interface TreeOptions {
  /** At most this many files (MAX_FILES by default): past it, a TreeError. */
  maxFiles?: number
  /** Files read at once (8 by default). */
  concurrency?: number
  /** Stops the walk between two files; the hashing then throws the signal's reason. */
  signal?: AbortSignal
}

// O_NOFOLLOW: a file swapped for a link after the listing is not followed. O_NONBLOCK: a file
// swapped for a pipe does not block the open. Both are 0 where the platform has none (Windows).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/** One-shot SHA-256 (Node 20.12 and later), else through a hash object. */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: string) => string }
).hash
const hashOnce = (data: Uint8Array): string =>
  oneShot === undefined
    ? createHash('sha256').update(data).digest('base64url')
    : oneShot('sha256', data, 'base64url')

/**
 * A path as one flat string: `${folder}/${name}` is a tree of string pieces in V8, ~15 MB more
 * for 200,000 paths than the same text in one piece, which a map of the build keeps all run.
 */
const flat = (text: string): string => Buffer.from(text, 'utf8').toString('utf8')

type Kind = 'file' | 'directory' | 'symlink' | 'special'

/** What an entry is, without following it; undefined when the file system does not say. */
const kindOf = (entry: Dirent): Kind | undefined => {
  if (entry.isFile()) return 'file'
  if (entry.isDirectory()) return 'directory'
  if (entry.isSymbolicLink()) return 'symlink'
  if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice())
    return 'special'
  return undefined
}

/** What lstat says the entry is, for file systems whose listings carry no type. */
const lstatKind = async (path: string): Promise<Kind> => {
  const stats = await lstat(path)
  return stats.isFile()
    ? 'file'
    : stats.isDirectory()
      ? 'directory'
      : stats.isSymbolicLink()
        ? 'symlink'
        : 'special'
}

/** Every regular file under `root`, relative and `/`-separated, one folder open at a time. */
async function* walk(
  root: string,
  skipped: TreeHashes['skipped'],
  signal: AbortSignal | undefined
): AsyncGenerator<string> {
  const folders: string[] = ['']
  while (folders.length > 0) {
    const folder = folders.pop()!
    const dir = await opendir(folder === '' ? root : join(root, ...folder.split('/')), {
      bufferSize: 128
    })
    for await (const entry of dir) {
      signal?.throwIfAborted()
      const path = folder === '' ? entry.name : flat(`${folder}/${entry.name}`)
      const kind = kindOf(entry) ?? (await lstatKind(join(root, ...path.split('/'))))
      if (kind === 'directory') folders.push(path)
      else if (kind === 'symlink') skipped.symlinks++
      else if (kind === 'special') skipped.special++
      else yield path
    }
  }
}

// The callback API, promised by hand: per file, FileHandle's promises cost about as much again
// as the reads themselves (measured in the bench's "build manifest" scenario).
const call = <T>(start: (done: (error: Error | null, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) =>
    start((error, value) => (error ? reject(error) : resolve(value)))
  )
const readAt = (fd: number, buffer: Buffer, offset: number) =>
  call<number>((done) => read(fd, buffer, offset, CHUNK, null, done))

/** Hashes the open file, or undefined when it is not a regular file (anymore). */
const hashOpen = async (
  fd: number,
  buffer: Buffer
): Promise<{ hash: string; bytes: number } | undefined> => {
  if (!(await call<Stats>((done) => fstat(fd, done))).isFile()) return undefined
  const first = await readAt(fd, buffer, 0)
  const second = first === 0 ? 0 : await readAt(fd, buffer, first)
  if (second === 0) return { hash: hashOnce(buffer.subarray(0, first)), bytes: first }
  const hash = createHash('sha256').update(buffer.subarray(0, first + second))
  let bytes = first + second
  for (let n = await readAt(fd, buffer, 0); n > 0; n = await readAt(fd, buffer, 0)) {
    bytes += n
    hash.update(buffer.subarray(0, n))
  }
  return { hash: hash.digest('base64url'), bytes }
}

/**
 * The file's SHA-256, or undefined when it is no longer a regular file (gone, or swapped for a
 * link or a pipe since the listing). Read through `buffer` (two chunks long), so no read
 * allocates; a file of one chunk, most of a site's, is hashed in one call (`crypto.hash`), which
 * leaves no hash object behind for the garbage collector to finalize.
 */
const hashFile = async (
  path: string,
  buffer: Buffer
): Promise<{ hash: string; bytes: number } | undefined> => {
  let fd: number
  try {
    fd = await call<number>((done) => open(path, OPEN_FLAGS, done))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ELOOP') return undefined
    throw error
  }
  try {
    return await hashOpen(fd, buffer)
  } finally {
    await call<void>((done) => close(fd, (error) => done(error, undefined)))
  }
}

const describe = (error: unknown, root: string): string => {
  const code = (error as NodeJS.ErrnoException).code
  const path = (error as NodeJS.ErrnoException).path
  const where = path === undefined ? quote(root, 200) : quote(path, 300)
  if (code === 'ENOENT' && path === root) return `the folder ${where} does not exist`
  if (code === 'ENOTDIR') return `${where} is not a folder`
  if (code === 'EACCES' || code === 'EPERM') return `${where} cannot be read (permission denied)`
  return `${where} cannot be read (${code ?? (error as Error).message})`
}

/**
 * Hashes every regular file under `root` (the built site). Throws a TreeError when the folder or
 * one of its files cannot be read, or holds more than `maxFiles` files; throws the signal's
 * reason when it aborts.
 */
export const hashTree = async (root: string, options: TreeOptions = {}): Promise<TreeHashes> => {
  const maxFiles = options.maxFiles ?? MAX_FILES
  const result: TreeHashes = {
    files: new Map(),
    bytes: 0,
    skipped: { symlinks: 0, special: 0, vanished: 0 }
  }
  const paths = walk(root, result.skipped, options.signal)
  let taken = 0
  // Workers share one generator: an async generator queues the calls to next().
  const worker = async () => {
    const buffer = Buffer.allocUnsafe(2 * CHUNK)
    for (let next = await paths.next(); next.done !== true; next = await paths.next()) {
      if (++taken > maxFiles)
        throw new TreeError(
          `the folder ${quote(root, 200)} holds more than ${maxFiles} files, more than a build manifest holds`
        )
      const hashed = await hashFile(join(root, ...next.value.split('/')), buffer)
      if (hashed === undefined) result.skipped.vanished++
      else {
        result.files.set(next.value, hashed.hash)
        result.bytes += hashed.bytes
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? CONCURRENCY }, worker))
  } catch (error) {
    await paths.return(undefined).catch(() => undefined)
    if (options.signal?.aborted) throw options.signal.reason
    if (error instanceof TreeError) throw error
    throw new TreeError(describe(error, root))
  }
  return result
}
