/**
 * The reading kit: one reader for each kind of input (flag, choice, whole number, seconds, list),
 * each with one rule for every input of its kind. The table (`table.ts`) names an input's kind by
 * the reader it is built with; the reader says what is wrong in the same words for every input.
 */
import type { InputIssue } from '../errors.js'
import { count, quote } from '../text.js'
import { parseList, type ListKind } from './lists.js'

/** One input being read: its value, and where its problems and warnings go. */
export interface Field {
  /** The input's name, as the workflow writes it. */
  name: string
  /** The value, trimmed; the default when the workflow gave none; `''` when it has neither. */
  value: string
  /** Whether the workflow gave a value that is not the default. */
  given: boolean
  /** Says what is wrong with the input, quoting `shown` (the value by default). */
  issue(problem: string, shown?: string): void
  warn(message: string): void
}

/** How an input's text becomes a value: a reader, and the kind the documentation names. */
export interface Reading<T> {
  /** In words, for the documentation: "true or false", "seconds, at most 21600". */
  kind: string
  read: (field: Field) => T
}

/** The three spellings of each that YAML's core schema (and `core.getBooleanInput`) take. */
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']
const YES = ['yes', 'y', 'on', '1']
const NO = ['no', 'n', 'off', '0']

/** Whether the text is one of the six spellings of true and false a flag takes. */
export const isFlag = (text: string): boolean => TRUE.includes(text) || FALSE.includes(text)

/**
 * Whether the text is meant as true or false but is not one of the six spellings: `tRuE`, `yes`,
 * `off`. Every input that takes true or false refuses these the same way (`flagProblem`).
 */
export const looksLikeFlag = (text: string): boolean =>
  !isFlag(text) && [...TRUE, ...FALSE, ...YES, ...NO].includes(text.toLowerCase())

/**
 * How a flag is refused, with one hint for `yes`, `on`, `no` and `off` on every input: an action's
 * inputs are strings, so only true and false are taken, as true, True or TRUE (false alike).
 * `also` names what else the input takes: "true, false or a number".
 */
export const flagProblem = (value: string, also = 'true or false'): string => {
  const lower = value.toLowerCase()
  const meant = [...YES, 'true'].includes(lower)
    ? 'true'
    : [...NO, 'false'].includes(lower)
      ? 'false'
      : undefined
  return meant === undefined
    ? `must be ${also}`
    : `must be ${also}: write ${meant} (or ${meant[0]!.toUpperCase()}${meant.slice(1)}, ${meant.toUpperCase()}) instead of ${quote(value, 10)}`
}

/** `true` or `false`, as true, True, TRUE (false alike). */
export const flag: Reading<boolean> = {
  kind: '`true` or `false`',
  read: (field) => {
    if (isFlag(field.value)) return TRUE.includes(field.value)
    field.issue(flagProblem(field.value))
    return false
  }
}

/** One of a few words, in any case; the first is what a bad value reads as. */
export const choice = <const C extends string>(choices: readonly [C, ...C[]]): Reading<C> => {
  const words = choices.map((c) => `"${c}"`)
  const listed = `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
  return {
    kind: choices.map((c) => `\`${c}\``).join(', '),
    read: (field) => {
      const found = choices.find((c) => c === field.value.toLowerCase())
      if (found !== undefined) return found
      const hint = looksLikeFlag(field.value) || isFlag(field.value) ? ` (it is not a flag)` : ''
      field.issue(`must be ${listed}${hint}`)
      return choices[0]
    }
  }
}

/** Digits only: no `1e3`, `Infinity`, `0x10` or `-1`; at most 7 digits before any fraction. */
const NUMBER = /^\d{1,7}(\.\d{1,3})?$/

/** A whole number from `min` to `max`; a bad value reads as `min`. */
export const wholeNumber = (min: number, max: number): Reading<number> => ({
  kind: `a whole number from ${count(min)} to ${count(max)}`,
  read: (field) => {
    const n = /^\d{1,7}$/.test(field.value) ? Number(field.value) : NaN
    if (n >= min && n <= max) return n
    field.issue(`must be a whole number from ${count(min)} to ${count(max)}`)
    return min
  }
})

/**
 * A number of seconds from `min` to `max`, decimals allowed, as milliseconds; `why` says where
 * the maximum comes from: "(6 hours, a job's limit on GitHub-hosted runners)".
 */
export const seconds = (min: number, max: number, why = ''): Reading<number> => ({
  kind: `seconds, ${min} to ${count(max)}`,
  read: (field) => {
    const n = NUMBER.test(field.value) ? Number(field.value) : NaN
    if (n >= min && n <= max) return Math.round(n * 1000)
    field.issue(
      `must be a number of seconds from ${min} to ${count(max)}${why === '' ? '' : ` ${why}`}`
    )
    return max * 1000
  }
})

/** Entries one per line, comma-separated, or a JSON array (which alone carries objects). */
export const list = (kind: ListKind): Reading<unknown[]> => ({
  kind:
    kind === 'urls'
      ? 'a list: one per line, comma-separated, or a JSON array'
      : 'a list: one per line, comma-separated, or a JSON array of strings',
  read: (field) => {
    const parsed = parseList(field.value, kind)
    if ('entries' in parsed) return parsed.entries
    field.issue(parsed.error)
    return []
  }
})

/** Text taken as given, checked by the input's own reader. */
export const text = <T>(kind: string, read: (field: Field) => T): Reading<T> => ({ kind, read })

/** The most problems said of one input; past them, one line counts the rest. */
export const MAX_FIELD_ISSUES = 20

/**
 * A field over `value`, whose problems go into `issues` named `name`: the first
 * MAX_FIELD_ISSUES, then one issue that counts the others (5,000 bad lines are one message of a
 * few KB, not of hundreds).
 */
export const fieldOf = (
  name: string,
  value: string,
  given: boolean,
  out: { issues: InputIssue[]; warnings: string[] }
): Field => {
  let said = 0
  const more: InputIssue = { input: name, value: '', problem: '' }
  return {
    name,
    value,
    given,
    issue: (problem, shown = value) => {
      if (said++ < MAX_FIELD_ISSUES)
        return void out.issues.push({ input: name, value: shown, problem })
      if (said === MAX_FIELD_ISSUES + 1) out.issues.push(more)
      more.problem = `and ${count(said - MAX_FIELD_ISSUES)} more problem(s) like the ones above`
    },
    warn: (message) => out.warnings.push(`Input "${name}": ${message}`)
  }
}
