/**
 * `changed: build`: what the built site changed, found by hashing every file under site_dir and
 * comparing with the manifest the last successful run of this workflow kept; the files that
 * differ are then mapped to URLs and rules as the files of a git diff are. This run's manifest is
 * kept only after the step succeeded (steps/keep-manifest.ts).
 */
import { join } from 'node:path'
import type { ChangedInputs } from '../inputs/changed.js'
import { quote } from '../text.js'
import { previousManifest, type ReadConfig } from './build-artifact.js'
import { compareWithManifest, diffAsChangedFiles, type ManifestReason } from './build-manifest.js'
import { hashTree, TreeError } from './build-tree.js'
import type { ChangedFile } from './compare.js'
import type { ChangesFound } from './found.js'
import type { RunsApi } from './github-runs.js'
import type { RunFacts } from './last-success.js'

/** Why no earlier manifest could be used, in words that name the case and what to do. */
const WHY: Record<ManifestReason, string> = {
  'first-run': 'no earlier successful run of this workflow on this branch kept a manifest',
  expired: 'the manifest the last successful run kept has expired',
  'no-permission':
    'reading the last successful run\'s manifest needs the job permission "actions: read"',
  'old-format': 'the last successful run kept a manifest in an older format',
  'too-large': "the last successful run's manifest is larger than the action reads",
  malformed: "the last successful run's manifest is not a manifest the action can read",
  unreachable: "the last successful run's manifest could not be read"
}

/** The first run of all, whose detail would only say the reason again. */
const plainFirstRun = (previous: { reason: ManifestReason; detail: string }): boolean =>
  previous.reason === 'first-run' &&
  /^last-success: this workflow has no earlier successful run on branch [^(]*, so/.test(
    previous.detail
  )

/** Cases the event explains (a notice), as against something that failed (a warning). */
const EXPECTED: readonly ManifestReason[] = ['first-run', 'expired', 'old-format']

/** This build's files and what the comparison found; or why it could not compare. */
export type BuiltFiles =
  | { files: ChangedFile[]; tree: ReadonlyMap<string, string> }
  | { unknown: string; expected: boolean; tree?: ReadonlyMap<string, string> }

export interface BuildEnv {
  /** The workspace: site_dir is under it. */
  workspace: string
  runs: RunsApi
  facts: RunFacts
  read: ReadConfig
  signal?: AbortSignal | undefined
}

/**
 * Hashes the built site and compares it with the last kept manifest. A site that cannot be
 * hashed is a failure of the step (a folder not built, or one that changed while read); no
 * earlier manifest is the fallback, said with which case it was.
 */
export const builtFiles = async (
  changed: ChangedInputs,
  env: BuildEnv,
  found: ChangesFound
): Promise<BuiltFiles> => {
  const root = join(env.workspace, changed.mapping.dir)
  const tree = await hashTree(root, env.signal === undefined ? {} : { signal: env.signal }).catch(
    (error: unknown) => {
      if (error instanceof TreeError)
        throw new TreeError(
          `changed: build hashes the built site in site_dir (${quote(changed.siteDirInput)}): ${error.message}. Run this step after the build.`
        )
      throw error
    }
  )
  const previous = await previousManifest(
    env.runs,
    env.facts,
    env.read,
    compareWithManifest(tree.files)
  )
  if ('reason' in previous)
    return {
      unknown: `${WHY[previous.reason]}${plainFirstRun(previous) ? '' : ` (${previous.detail.replace(/^last-success: /, '')})`}, so what the build changed cannot be known`,
      expected: EXPECTED.includes(previous.reason),
      tree: tree.files
    }
  const { diff } = previous.read
  found.since = previous.run
  found.build = {
    files: tree.files.size,
    changed: diff.changed.length,
    added: diff.added.length,
    removed: diff.removed.length,
    unchanged: diff.unchanged.length,
    skipped: tree.skipped.symlinks + tree.skipped.special
  }
  return { files: diffAsChangedFiles(diff, changed.mapping.dir), tree: tree.files }
}
