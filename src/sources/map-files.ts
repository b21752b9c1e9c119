import type { ChangedFile } from './compare.js'
import type { ChangedRule } from '../inputs/changed-rules.js'
import type { SiteMapping } from '../inputs/globs.js'
import { urlsOf } from './site-paths.js'

/** One row of the table: a file, what happened to it, and the URLs it maps to. */
export interface FileRow {
  path: string
  change: string
  urls: string[]
  /** Why the file has no URL, in words. */
  ignored?: string
  /** The changed_rules rule that matched the file, when one did: it says what the file purges. */
  rule?: ChangedRule
  /** Set when that is because no valid URL could be made of it: reported as a warning. */
  refused?: true
}

/** Each file of the change set with its URLs; a rename gives a row for each name. */
export const mapFiles = (files: ChangedFile[], mapping: SiteMapping): FileRow[] =>
  files.flatMap((file) => {
    const row = (path: string, change: string): FileRow => {
      const mapped = urlsOf(path, mapping)
      if ('urls' in mapped) return { path, change, urls: mapped.urls }
      if ('refused' in mapped)
        return { path, change, urls: [], ignored: mapped.refused, refused: true }
      return { path, change, urls: [], ignored: mapped.ignored }
    }
    if (file.status === 'unchanged') return []
    if (file.previous !== undefined)
      return [
        row(file.previous, `renamed to ${file.path}`),
        row(file.path, `renamed from ${file.previous}`)
      ]
    return [row(file.path, file.status)]
  })
