/**
 * The files that differ between two commits, whichever way history went. GitHub's compare API
 * diffs `base...head` from their merge base: when head is behind base (a rollback) it lists no
 * file, and when they diverged (a force push) it lists only head's side. The files that differ
 * are then those of both directions, `base...head` and `head...base`: their union holds every
 * file whose content differs between the two commits (a file the same in both as in the merge
 * base is the same in both).
 */
import { escapeLine } from '../text.js'
import { compareFiles, type ChangedFile, type ComparePage, type CompareUnknown } from './compare.js'
import { shortSha } from './range.js'

export interface FilesBetween {
  files: ChangedFile[]
  /** GitHub's word for how head relates to base: ahead, identical, behind or diverged. */
  status: 'ahead' | 'identical' | 'behind' | 'diverged'
}

const STATUSES = new Set(['ahead', 'identical', 'behind', 'diverged'])

/**
 * A file of `head...base` as a change from base to head: what that side added, head does not
 * have, what it removed, head has; a rename is undone.
 */
const reversed = (file: ChangedFile): ChangedFile => {
  if (file.status === 'added' || file.status === 'copied')
    return { path: file.path, status: 'removed' }
  if (file.status === 'removed') return { path: file.path, status: 'added' }
  if (file.previous !== undefined)
    return { path: file.previous, status: 'renamed', previous: file.path }
  return file
}

/** Both lists, each path once: base...head's files first, then what only head...base adds. */
const union = (forward: ChangedFile[], backward: ChangedFile[]): ChangedFile[] => {
  const seen = new Set(forward.flatMap((file) => [file.path, file.previous ?? file.path]))
  const more = backward
    .map(reversed)
    .filter((file) => !seen.has(file.path) || !seen.has(file.previous ?? file.path))
  return [...forward, ...more]
}

/**
 * The files that differ between `range.base` and `range.head`, or why that cannot be known
 * (`missing` when GitHub does not know a commit of the range: only the first comparison says
 * so). Never "nothing" for commits GitHub says differ: when neither direction lists a file, the
 * change set is unknown.
 */
export const filesBetween = async (
  get: ComparePage,
  range: { base: string; head: string },
  deadline: number
): Promise<FilesBetween | CompareUnknown> => {
  const shown = `${shortSha(range.base)}...${shortSha(range.head)}`
  const forward = await compareFiles(get, range, deadline)
  if ('unknown' in forward) return forward
  const status = forward.status
  if (!STATUSES.has(status))
    return {
      unknown: `GitHub compares ${shown} as "${escapeLine(status, 20)}", which says neither whether nor how they differ`
    }
  let files = forward.files
  if (status === 'behind' || status === 'diverged') {
    const backward = await compareFiles(get, { base: range.head, head: range.base }, deadline)
    if ('unknown' in backward) return { unknown: backward.unknown }
    files = union(forward.files, backward.files)
  }
  if (files.length === 0 && status !== 'identical')
    return {
      unknown: `GitHub compares ${shown} as "${status}" but lists no file that differs, in either direction: the files that changed cannot be known`
    }
  return { files, status: status as FilesBetween['status'] }
}
