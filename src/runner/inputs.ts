import * as core from '@actions/core'
import { INPUT_NAMES, parseInputs, type Inputs, type RawInputs } from '../inputs/parse.js'

/**
 * Every input as the runner passes it (`INPUT_<NAME>`), the ones v1 removed included, read and
 * checked: one InputError names every mistake.
 */
export const readInputs = (): Inputs =>
  parseInputs(
    Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as RawInputs,
    { removed: (name) => core.getInput(name) }
  )
