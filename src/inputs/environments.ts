import type { EnvironmentRef } from '../model.js'
import type { Field } from './kit.js'
import { splitEntries } from './lists.js'
import { textProblem } from './rules.js'

/**
 * An environment ID: Cloudflare's `ref`, 28 to 32 hex characters in its docs (not always 32, so
 * not demanded). Such a value costs no lookup; anything else is a name, looked up in the zone.
 */
export const ENVIRONMENT_ID = /^[0-9a-f]{28,32}$/i

/** Longer than any name people give an environment; bounds what is quoted back. */
const MAX_NAME = 200

/** What is wrong with one entry of `environment`, if anything: an ID or a name. */
export const environmentEntryProblem = (value: string): string | undefined => {
  if (value.length > MAX_NAME)
    return `has ${value.length} characters: an environment name has at most ${MAX_NAME}, an ID 28 to 32 hex characters`
  return textProblem(value)
}

/**
 * `environment`: one environment of the zone or several, one per line or comma-separated, names
 * and IDs mixed; none when not given. (That they all belong to one zone is checked with `zone`.)
 */
export const readEnvironments = (field: Field): EnvironmentRef[] => {
  const environments: EnvironmentRef[] = []
  const seen = new Set<string>()
  for (const value of splitEntries(field.value)) {
    const problem = environmentEntryProblem(value)
    if (problem !== undefined) {
      field.issue(problem, value)
      continue
    }
    const ref: EnvironmentRef = ENVIRONMENT_ID.test(value)
      ? { by: 'id', given: value, id: value.toLowerCase() }
      : { by: 'name', given: value, name: value }
    // Names match without regard to case, as the lookup matches them.
    const key = ref.by === 'id' ? `id:${ref.id}` : `name:${ref.name.toLowerCase()}`
    if (seen.has(key)) continue
    seen.add(key)
    environments.push(ref)
  }
  return environments
}

/** An environment belongs to one zone: naming some with several zones is an input mistake. */
export const severalZonesProblem = (zones: number): string =>
  `names environments of one zone, but "zone" lists ${zones}: an environment (its name or its ID) belongs to one zone, so purge each zone's environments in a step of its own`
