import { escapeLine, quote, shownValue } from './text.js'

/**
 * One rule broken by one input; `value` is quoted in the message so users see what they passed,
 * as `shownValue` shows it (never a URL's user name or password).
 */
export interface InputIssue {
  input: string
  value: string
  problem: string
  /** The most characters of the value shown: less than the usual for an entry of a file. */
  shownMax?: number
  /** The declared input the issue is about, when `input` is a name the action does not take. */
  about?: string
}

/** Our problem texts quote outside values too (a path, a JSON parser's excerpt): bound them. */
const MAX_PROBLEM = 600

/**
 * The issue's value as it may be shown anywhere: never a URL's user name or password (hidden
 * before the value is cut, so that a cut cannot leave half of one), at most `shownMax` long.
 */
export const issueValue = (issue: InputIssue): string =>
  escapeLine(shownValue(issue.value), issue.shownMax ?? 120)

/**
 * One line, whatever the issue holds: it starts with `Input "`, and no part of it can break the
 * line, so no outside text can ever start a line with `::`.
 */
export const describeIssue = (issue: InputIssue): string =>
  `Input "${escapeLine(issue.input, 120)}": ${issue.value === '' ? '' : `${quote(issueValue(issue), Infinity)} `}${escapeLine(issue.problem, MAX_PROBLEM)}`

/** Every bad input at once, so a user fixes them in one round trip instead of one per run. */
export class InputError extends Error {
  readonly issues: InputIssue[]
  constructor(issues: InputIssue[]) {
    super(issues.map(describeIssue).join('\n'))
    this.name = 'InputError'
    this.issues = issues
  }
}

export interface CloudflareErrorItem {
  code?: number
  message: string
}

/** A request the API refused for a reason that retrying or splitting cannot fix. */
export class ApiError extends Error {
  readonly status: number
  readonly errors: CloudflareErrorItem[]
  constructor(status: number, errors: CloudflareErrorItem[], context = '') {
    super(`${context}${formatApiErrors(status, errors)}`)
    this.name = 'ApiError'
    this.status = status
    this.errors = errors
  }
  get codes(): number[] {
    return this.errors.flatMap((e) => (e.code === undefined ? [] : [e.code]))
  }
}

export const formatApiErrors = (status: number, errors: CloudflareErrorItem[]): string => {
  const where = status > 0 ? ` (HTTP ${status})` : ''
  if (errors.length === 0) return `Cloudflare API error${where}`
  return errors
    .map(
      (e) => `Cloudflare API error${e.code === undefined ? '' : ` ${e.code}`}: ${e.message}${where}`
    )
    .join('; ')
}

/** The `timeout` input ran out before every request was accepted. */
export class TimeoutError extends Error {
  /** Cloudflare's codes met on the way, such as 1134 when rate-limit waits used the time up. */
  readonly codes: number[]
  constructor(message: string, codes: number[] = []) {
    super(message)
    this.name = 'TimeoutError'
    this.codes = codes
  }
}

/** The runner cancelled the step (SIGINT or SIGTERM: a cancel, a step's timeout-minutes). */
export class CancelledError extends Error {
  constructor(
    readonly signal: string,
    /** When it came, and what it stopped: "before any purge request was sent". */
    when = ''
  ) {
    super(`The step was cancelled (${signal})${when === '' ? '' : ` ${when}`}`)
    this.name = 'CancelledError'
  }

  /** The same cancel, said with what it stopped. */
  during(when: string): CancelledError {
    return new CancelledError(this.signal, when)
  }
}
