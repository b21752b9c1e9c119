import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync
} from 'node:fs'
import type { Stats } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { quote } from '../text.js'

/** What reading a file input gave: its bytes, or why it was refused, in words for the user. */
export type FileRead = { bytes: Uint8Array } | { problem: string }

/**
 * Reads `path` if it is a regular file inside one of `roots`; `input` (`from_file`, `sitemap`)
 * names the input in the words of a refusal. Injectable for tests.
 */
export type FileReader = (path: string, roots: readonly string[], input: string) => FileRead

/** Big enough for about a million URLs; bounded so a runaway file cannot exhaust memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024

/**
 * The folders a file input (`from_file`, `sitemap`) may read from: the workspace (`GITHUB_WORKSPACE`, else the current
 * folder) and `RUNNER_TEMP`, where workflows write generated lists.
 */
export const defaultRoots = (
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd()
): string[] => [env.GITHUB_WORKSPACE || cwd, ...(env.RUNNER_TEMP ? [env.RUNNER_TEMP] : [])]

const kindOf = (stats: Stats): string | undefined =>
  stats.isFile()
    ? undefined
    : stats.isDirectory()
      ? 'is a folder, not a file'
      : stats.isFIFO()
        ? 'is a named pipe (FIFO), not a regular file'
        : stats.isSocket()
          ? 'is a socket, not a regular file'
          : stats.isCharacterDevice() || stats.isBlockDevice()
            ? 'is a device, not a regular file'
            : 'is not a regular file'

const errnoProblem = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist'
  if (code === 'ELOOP') return 'is a loop of symbolic links'
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)'
  return `cannot be read (${code ?? (error as Error).message})`
}

/**
 * A file that is not there, said with where it was looked for: the usual cause is a step order
 * (the file is written by a later step, or the repository is not checked out).
 */
const missingProblem = (error: unknown, path: string): string | undefined => {
  const code = (error as NodeJS.ErrnoException).code
  if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined
  const where = isAbsolute(path)
    ? ''
    : ` (a relative path is read from the step's working directory, ${quote(process.cwd(), 120)}, which is GITHUB_WORKSPACE on a runner)`
  return `does not exist: there is no file at ${quote(resolve(path), 200)}${where}. Write it in an earlier step of this job, or check out the repository (actions/checkout) before this step`
}

const inside = (path: string, root: string): boolean => {
  const rest = relative(root, path)
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest))
}

const size = (bytes: number): string =>
  bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MiB`
    : `${bytes.toLocaleString('en-US')} bytes`

/** Roots as real paths, so a workspace reached through a symbolic link still matches. */
const realRoots = (roots: readonly string[]): string[] =>
  roots.flatMap((root) => {
    try {
      return [realpathSync.native(resolve(root))]
    } catch {
      return []
    }
  })

/** The bytes of an open regular file, at most `limit`; throws what the file system throws. */
const readOpen = (fd: number, input: string, limit: number): FileRead => {
  const stats = fstatSync(fd)
  const kind = kindOf(stats)
  if (kind !== undefined) return { problem: kind }
  const tooBig = {
    problem: `is larger than ${size(limit)}, the most ${input} reads: split the list into several steps`
  }
  if (stats.size > limit) return tooBig
  // The size is only a hint (the file may grow while read): read at most one byte past the limit.
  let buffer = Buffer.allocUnsafe(Math.min(stats.size, limit) + 1)
  let length = 0
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) return tooBig
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1))
      buffer.copy(grown, 0, 0, length)
      buffer = grown
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null)
    if (read === 0) break
    length += read
  }
  if (length > limit) return tooBig
  return { bytes: buffer.subarray(0, length) }
}

/**
 * Reads a regular file of at most `limit` bytes whose real path (symbolic links followed) is
 * inside one of `roots`. Never blocks on a FIFO: the type is checked before opening, and the
 * file is opened non-blocking and checked again, in case it was swapped in between. `input`
 * names the input the path was given in, in the words of a refusal.
 */
export const readWorkspaceFile = (
  path: string,
  roots: readonly string[],
  input: string,
  limit = MAX_FILE_BYTES
): FileRead => {
  let real: string
  try {
    real = realpathSync.native(resolve(path))
  } catch (error) {
    return { problem: missingProblem(error, path) ?? errnoProblem(error) }
  }
  const allowed = realRoots(roots)
  if (!allowed.some((root) => inside(real, root)))
    return {
      problem: `is outside the workspace: it resolves to ${quote(real)}, and ${input} reads only files under ${allowed.length === 0 ? '(no folder: none exists)' : allowed.map((root) => quote(root)).join(' or ')} (GITHUB_WORKSPACE and RUNNER_TEMP)`
    }
  try {
    const kind = kindOf(statSync(real))
    if (kind !== undefined) return { problem: kind }
  } catch (error) {
    return { problem: errnoProblem(error) }
  }
  let fd: number
  try {
    // O_NOFOLLOW: the real path has no link left; one appearing now is a swap, not the file.
    fd = openSync(
      real,
      constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)
    )
  } catch (error) {
    return { problem: errnoProblem(error) }
  }
  try {
    return readOpen(fd, input, limit)
  } catch (error) {
    return { problem: errnoProblem(error) }
  } finally {
    closeSync(fd)
  }
}
