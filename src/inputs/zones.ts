import type { InputIssue } from '../errors.js'
import type { Field } from './kit.js'
import { splitEntries } from './lists.js'
import type { Items, ZoneRef } from '../model.js'
import { route, unroutedIssues } from '../plan/routing.js'
import { asciiHost, ZONE_ID, zoneProblem } from './rules.js'

/** `zone`: one zone or several, one per line or comma-separated, IDs and domain names mixed. */
export const readZones = (field: Field): ZoneRef[] => {
  const given = splitEntries(field.value)
  if (given.length === 0) {
    field.issue(zoneProblem('')!)
    return []
  }
  const zones: ZoneRef[] = []
  const seen = new Set<string>()
  for (const zone of given) {
    const problem = zoneProblem(zone)
    if (problem !== undefined) {
      field.issue(problem, zone)
      continue
    }
    const ref: ZoneRef = ZONE_ID.test(zone)
      ? { by: 'id', given: zone, id: zone.toLowerCase() }
      : { by: 'name', given: zone, name: asciiHost(zone).toLowerCase() }
    const key = ref.by === 'id' ? ref.id : ref.name
    if (seen.has(key)) continue
    seen.add(key)
    zones.push(ref)
  }
  return zones
}

/** The names of zones all given by name, when there are several; else undefined. */
export const namesOfSeveral = (zones: readonly ZoneRef[]): string[] | undefined =>
  zones.length < 2 || !zones.every((z) => z.by === 'name')
    ? undefined
    : zones.map((z) => (z.by === 'name' ? z.name : ''))

/**
 * With several zones all given by name, an item whose host is in none of them is an input
 * mistake like any other, reported with the rest. (With zone IDs, the names come from a lookup.)
 */
export const checkUnroutable = (zones: ZoneRef[], items: Items, issues: InputIssue[]): void => {
  const names = namesOfSeveral(zones)
  if (names === undefined) return
  const kinds = (['files', 'hosts', 'prefixes'] as const).map((kind) => ({
    kind,
    items: items[kind],
    duplicates: 0
  }))
  for (const issue of unroutedIssues(route(kinds, names).unrouted, names)) issues.push(issue)
}
