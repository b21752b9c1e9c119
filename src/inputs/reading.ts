import type { InputIssue } from '../errors.js'
import { DEFAULTS, type DefaultedInput, type InputName, type RawInputs } from './names.js'

/**
 * The inputs being read, and what reading them found: every problem is collected, so that one
 * error names every bad input.
 */
export interface Reading {
  raw: RawInputs
  /** The input's value, trimmed; `''` when not given. */
  value: (name: InputName) => string
  /** The value, or the default (DEFAULTS) when it is empty. */
  orDefault: (name: DefaultedInput) => string
  issues: InputIssue[]
  warnings: string[]
}

export const startReading = (raw: RawInputs): Reading => {
  const value = (name: InputName): string => raw[name]?.trim() ?? ''
  return {
    raw,
    value,
    orDefault: (name) => value(name) || DEFAULTS[name],
    issues: [],
    warnings: []
  }
}
