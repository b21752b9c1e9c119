import type { Fallback } from '../inputs/changed.js'
import type { FileRow } from './map-files.js'

/** What `changed` and `sitemap` found: the data the job summary shows (report/changes.ts). */
export interface ChangesFound {
  /** Each changed file with its URLs; empty when the change set is not known. */
  rows: FileRow[]
  /** The commits compared (full SHAs), when the event gave them. */
  range?: { base: string; head: string }
  /** Set when the change set could not be known and changed_fallback applied. */
  fallback?: { reason: string; rule: Fallback; prefix: string }
  /** Set when the sitemap was read; `source` has any user name and password hidden. */
  sitemap?: { source: string; urls: number; documents: number }
  /**
   * Set when the sitemap could not be read: why, the URL without user name or password. The run
   * goes on without its URLs, and the step fails at the end.
   */
  sitemapFailure?: string
}
