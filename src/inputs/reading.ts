import type { InputIssue } from '../errors.js'
import { fieldOf } from './kit.js'
import {
  defaultOf,
  INPUT_NAMES,
  INPUTS,
  type InputName,
  type InputSpec,
  type InputValue
} from './table.js'

/** The inputs as the runner passes them, by name; a missing one reads as not given. */
export type RawInputs = Partial<Record<InputName, string>>

/**
 * The inputs being read: each read once, by its own reader, when something first asks for it;
 * every problem is collected, so that one error names every bad input.
 */
export interface Reading {
  get: <K extends InputName>(name: K) => InputValue<K>
  /** The value as given, trimmed; `''` when not given. */
  given: (name: InputName) => string
  issues: InputIssue[]
  warnings: string[]
  /** Warns of each input given a value but never read: its setting is off. */
  finish: () => void
}

const isGiven = (spec: InputSpec, value: string): boolean =>
  value !== '' && (spec.runnerDefault === true || value !== spec.default)

/** Why an input under another one was ignored: that one is off. */
const offWords: Record<NonNullable<InputSpec['under']>, string> = {
  changed: 'changed is false',
  verify: 'verify is off',
  wait_for_url: 'wait_for_url is empty'
}

export const startReading = (raw: RawInputs): Reading => {
  const out = { issues: [] as InputIssue[], warnings: [] as string[] }
  const read = new Map<InputName, unknown>()
  const given = (name: InputName): string => raw[name]?.trim() ?? ''
  const get = <K extends InputName>(name: K): InputValue<K> => {
    if (read.has(name)) return read.get(name) as InputValue<K>
    const spec: InputSpec = INPUTS[name]
    const value = given(name) || defaultOf(name)
    const field = fieldOf(name, value, isGiven(spec, given(name)), out)
    const result = spec.read(field)
    read.set(name, result)
    return result as InputValue<K>
  }
  const finish = () => {
    const ignored = INPUT_NAMES.filter((name) => {
      const spec: InputSpec = INPUTS[name]
      return (
        !read.has(name) &&
        spec.under !== undefined &&
        spec.runnerDefault !== true &&
        isGiven(spec, given(name))
      )
    })
    for (const under of ['changed', 'verify', 'wait_for_url'] as const) {
      const names = ignored.filter((name) => (INPUTS[name] as InputSpec).under === under)
      if (names.length > 0)
        out.warnings.push(
          `Input "${names.join(', ')}": ignored, because ${offWords[under]}: ${names.length === 1 ? 'it is' : 'they are'} used only with ${under}.`
        )
    }
  }
  return { get, given, issues: out.issues, warnings: out.warnings, finish }
}
