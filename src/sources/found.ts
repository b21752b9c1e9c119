import type { Fallback } from '../inputs/changed.js'
import { count } from '../text.js'
import type { FileRow } from './map-files.js'

/** The run `changed: last-success` compared from. */
export interface SinceRun {
  id: number
  /** The run's number in its workflow, as the Actions tab shows it ("#41"). */
  number: number
  /** The commit it ran at: the start of the comparison. */
  sha: string
  branch: string
  /** Links built from GITHUB_SERVER_URL and the repository; undefined when those are not usable. */
  runUrl: string | undefined
  commitUrl: string | undefined
}

/** What `changed` and `sitemap` found: the data the job summary shows (report/changes.ts). */
export interface ChangesFound {
  /** Each changed file with its URLs; empty when the change set is not known. */
  rows: FileRow[]
  /**
   * The commits compared (full SHAs), when the event gave them; `status` when GitHub compares
   * them as `behind` (a rollback) or `diverged`, and the files are those of both directions.
   */
  range?: { base: string; head: string; status?: 'behind' | 'diverged' }
  /** Set when the change set could not be known and changed_fallback applied. */
  /** `expected`: the event or the run history explains it (a notice), nothing failed. */
  fallback?: { reason: string; rule: Fallback; prefix: string; expected?: boolean }
  /** Set when the sitemap was read; `source` has any user name and password hidden. */
  sitemap?: { source: string; urls: number; documents: number }
  /**
   * Set when the sitemap could not be read: why, the URL without user name or password. The run
   * goes on without its URLs, and the step fails at the end.
   */
  sitemapFailure?: string
  /** With `changed: last-success` or `build`: the run compared from, when one was found. */
  since?: SinceRun
  /** With `changed: build`: this build's files, and what differs from the last one kept. */
  build?: {
    files: number
    changed: number
    added: number
    removed: number
    unchanged: number
    /** Symbolic links and special files under site_dir, not hashed. */
    skipped: number
  }
  /** Why the comparison is not from the last successful run, when GitHub would not say (403). */
  sinceWarning?: string
  /** Whether changed_rules has rules: the table then shows the rule each file matched. */
  rules?: boolean
  /** The file whose rule purged everything, when one did. */
  everything?: { path: string; line: number }
}

/** "3 changed, 1 added, 1 removed, 120 unchanged": a build compared with the last one kept. */
export const buildCounts = (build: NonNullable<ChangesFound['build']>): string =>
  `${count(build.changed)} changed, ${count(build.added)} added, ${count(build.removed)} removed, ${count(build.unchanged)} unchanged`
