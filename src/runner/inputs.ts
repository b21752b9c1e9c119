import * as core from '@actions/core'
import { INPUT_NAMES, parseInputs, type Inputs, type RawInputs } from '../inputs/parse.js'
import { REMOVED } from '../inputs/removed.js'

/** What the runner names an input's variable: `INPUT_` and the name, spaces as `_`, upper case. */
const variableOf = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/** The inputs the workflow sets that the action does not declare, lower case, as given. */
const otherInputs = (env: NodeJS.ProcessEnv): string[] => {
  const declared = new Set([...INPUT_NAMES, ...Object.keys(REMOVED)].map(variableOf))
  return Object.keys(env)
    .filter((key) => key.startsWith('INPUT_') && !declared.has(key) && key.length > 6)
    .map((key) => key.slice(6).toLowerCase())
}

/**
 * Every input as the runner passes it (`INPUT_<NAME>`), the ones v1 removed and the ones it never
 * had included, read and checked: one InputError names every mistake.
 */
export const readInputs = (): Inputs =>
  parseInputs(
    Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as RawInputs,
    { removed: (name) => core.getInput(name), others: otherInputs(process.env) }
  )
