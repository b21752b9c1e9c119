import { SHA } from '../inputs/changed.js'
import { quote } from '../text.js'

/** Why the event gives no range that can be trusted (`expected` when the event says so itself). */
export interface Unknown {
  unknown: string
  expected: boolean
}

/** Which commits to compare, or why the event gives no range that can be trusted. */
export type Range = { base: string; head: string } | Unknown

export interface EventInfo {
  /** GITHUB_EVENT_NAME */
  name: string
  /** The event payload, as read from GITHUB_EVENT_PATH: untrusted. */
  payload: unknown
  /** GITHUB_SHA */
  sha: string
}

const ZEROS = /^0{40}$/

/** A full SHA in its 7-character form, for messages; anything else as it is. */
export const shortSha = (sha: string): string => (SHA.test(sha) ? sha.slice(0, 7) : sha)

/** The value at `path` in an untrusted object, or undefined. */
export const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (at, key) =>
      at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined,
    value
  )

const shaOf = (value: unknown): string | undefined =>
  typeof value === 'string' && SHA.test(value) ? value : undefined

/** A push's range: from its `before`, unless the push created the branch or was forced. */
const pushRange = (payload: unknown, head: string): Range => {
  const before = field(payload, 'before')
  if ((typeof before === 'string' && ZEROS.test(before)) || field(payload, 'created') === true)
    return {
      unknown: `the push created the branch (its "before" is all zeros): there is no earlier commit of it to compare ${shortSha(head)} with`,
      expected: true
    }
  if (field(payload, 'forced') === true)
    return {
      unknown: `the push was forced: its "before" (${shortSha(String(before))}) may not be an ancestor of ${shortSha(head)}, so the files that changed cannot be known`,
      expected: true
    }
  const base = shaOf(before)
  if (base === undefined)
    return { unknown: 'the push event has no valid "before" commit SHA', expected: false }
  return { base, head }
}

const isPull = (name: string): boolean => name === 'pull_request' || name === 'pull_request_target'

/** The commit deployed: a push's `after`, a pull request's head, else GITHUB_SHA. */
export const findHead = (event: EventInfo): { head: string } | Unknown => {
  const { payload, name } = event
  const pull = isPull(name)
  const headField =
    name === 'push' ? field(payload, 'after') : field(payload, 'pull_request', 'head', 'sha')
  const head = shaOf(headField) ?? (pull || name === 'push' ? undefined : shaOf(event.sha))
  if (head === undefined)
    return {
      unknown: `the commit deployed is not known: ${pull ? 'the event payload has no pull_request.head.sha' : name === 'push' ? 'the push event has no valid "after"' : 'GITHUB_SHA is not a commit SHA'}`,
      expected: false
    }
  if (name === 'push' && (ZEROS.test(head) || field(payload, 'deleted') === true))
    return { unknown: 'the push deleted the branch', expected: true }
  return { head }
}

/**
 * The commits to compare: the ref `changed` names (or the push's `before`, or the pull request's base)
 * to the commit deployed. Says why when the event gives no range that can be trusted.
 */
export const findRange = (event: EventInfo, since: string | undefined): Range => {
  const { payload, name } = event
  const found = findHead(event)
  if ('unknown' in found) return found
  const { head } = found
  if (since !== undefined) return { base: since, head }
  if (name === 'push') return pushRange(payload, head)
  if (isPull(name)) {
    const base = shaOf(field(payload, 'pull_request', 'base', 'sha'))
    if (base === undefined)
      return { unknown: 'the event payload has no valid pull_request.base.sha', expected: false }
    return { base, head }
  }
  return {
    unknown: `the ${quote(name || 'unknown', 40)} event carries no range of commits: set changed to last-success, or to the commit or tag to compare from`,
    expected: true
  }
}
