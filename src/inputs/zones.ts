import type { InputIssue } from '../errors.js'
import { splitEntries } from './lists.js'
import type { Items, ZoneRef } from '../model.js'
import { route, unroutedIssues } from '../plan/routing.js'
import { asciiHost, ZONE_ID, zoneProblem } from './rules.js'

/** One zone or several, one per line or comma-separated, IDs and domain names mixed. */
export const readZones = (text: string, issues: InputIssue[]): ZoneRef[] => {
  const given = splitEntries(text)
  if (given.length === 0) {
    issues.push({ input: 'zone', value: '', problem: zoneProblem('')! })
    return []
  }
  const zones: ZoneRef[] = []
  const seen = new Set<string>()
  for (const zone of given) {
    const problem = zoneProblem(zone)
    if (problem !== undefined) {
      issues.push({ input: 'zone', value: zone, problem })
      continue
    }
    const ref: ZoneRef = ZONE_ID.test(zone)
      ? { given: zone, id: zone.toLowerCase() }
      : { given: zone, name: asciiHost(zone).toLowerCase() }
    const key = 'id' in ref ? ref.id : ref.name
    if (seen.has(key)) continue
    seen.add(key)
    zones.push(ref)
  }
  return zones
}

/**
 * With several zones all given by name, an item whose host is in none of them is an input
 * mistake like any other, reported with the rest. (With zone IDs, the names come from a lookup.)
 */
export const checkUnroutable = (zones: ZoneRef[], items: Items, issues: InputIssue[]): void => {
  if (zones.length < 2 || !zones.every((z) => 'name' in z)) return
  const names = zones.map((z) => ('name' in z ? z.name : undefined))
  const kinds = (['files', 'hosts', 'prefixes'] as const).map((kind) => ({
    kind,
    items: items[kind],
    duplicates: 0
  }))
  for (const issue of unroutedIssues(route(kinds, names).unrouted, names)) issues.push(issue)
}
