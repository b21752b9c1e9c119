import type { InputIssue } from '../errors.js'
import { inputOfKind, itemLabel, type Item, type Kind, type KindPlan } from '../model.js'

/** The host an item names, for the kinds that name one (URLs, hosts, prefixes). */
export const hostOf = (kind: Kind, item: Item): string | undefined => {
  if (kind === 'hosts' && typeof item === 'string') return item.toLowerCase()
  if (kind === 'prefixes' && typeof item === 'string')
    return item.slice(0, item.indexOf('/')).toLowerCase()
  if (kind === 'files') {
    try {
      return new URL(typeof item === 'string' ? item : item.url).hostname.toLowerCase()
    } catch {
      return undefined
    }
  }
  return undefined
}

/**
 * The index of the zone whose name is the longest suffix of `host` on a label boundary:
 * `www.example.com` goes to `example.com`, never to `ample.com`, and `shop.example.co.uk` to
 * `shop.example.co.uk` before `example.co.uk`.
 */
export const zoneFor = (
  host: string,
  names: readonly (string | undefined)[]
): number | undefined => {
  let best: number | undefined
  names.forEach((name, index) => {
    if (name === undefined) return
    if (host !== name && !host.endsWith(`.${name}`)) return
    if (best === undefined || name.length > names[best]!.length) best = index
  })
  return best
}

export interface Routed {
  /** Per zone, in the order given: the kinds and items it gets. */
  perZone: KindPlan[][]
  /** Items whose host is in none of the zones. */
  unrouted: { kind: Kind; item: Item; host: string }[]
}

/**
 * Sends each item where it belongs: one naming a host to the zone that host is in, tags and
 * purge-everything to every zone. With one zone everything goes to it; what is not in it comes
 * back in `unrouted` too, for a warning.
 */
export const route = (
  kinds: readonly KindPlan[],
  names: readonly (string | undefined)[],
  /** The zone that takes what no other does (one whose name could not be had), if any. */
  rest?: number
): Routed => {
  const perZone: KindPlan[][] = names.map(() => [])
  const unrouted: Routed['unrouted'] = []
  const add = (zone: number, kind: KindPlan, item: Item | undefined) => {
    let target = perZone[zone]!.find((k) => k.kind === kind.kind)
    if (target === undefined) {
      target = { kind: kind.kind, items: [], duplicates: 0 }
      perZone[zone]!.push(target)
    }
    if (item !== undefined) target.items.push(item)
  }
  for (const kind of kinds) {
    if (kind.kind === 'purge_everything' || kind.kind === 'tags') {
      names.forEach((_, zone) => add(zone, kind, undefined))
      for (const zone of perZone) zone.find((k) => k.kind === kind.kind)!.items = [...kind.items]
      continue
    }
    for (const item of kind.items) {
      const host = hostOf(kind.kind, item) ?? ''
      const zone = zoneFor(host, names)
      if (names.length === 1) {
        // One zone takes everything: a custom hostname of Cloudflare for SaaS may be in it.
        add(0, kind, item)
        if (zone === undefined && names[0] !== undefined)
          unrouted.push({ kind: kind.kind, item, host })
      } else if (zone !== undefined) add(zone, kind, item)
      else if (rest !== undefined) add(rest, kind, item)
      else unrouted.push({ kind: kind.kind, item, host })
    }
  }
  return {
    perZone: perZone.map((zone) =>
      zone.filter((k) => k.kind === 'purge_everything' || k.items.length > 0)
    ),
    unrouted
  }
}

/** Items in none of several zones, as input mistakes: the first twenty, and a count of the rest. */
export const unroutedIssues = (
  unrouted: Routed['unrouted'],
  names: readonly (string | undefined)[]
): InputIssue[] => {
  const shown: InputIssue[] = unrouted.slice(0, 20).map((u) => ({
    input: u.kind === 'purge_everything' ? u.kind : inputOfKind(u.kind),
    value: itemLabel(u.item),
    problem: `has the host ${u.host || '(none)'}, in none of the zones listed in "zone" (${names.join(', ')}): add its zone, or leave it out`
  }))
  const more = unrouted.length - shown.length
  return more > 0
    ? [
        ...shown,
        { input: 'zone', value: '', problem: `and ${more} more items in none of the zones` }
      ]
    : shown
}

/** "https://www.other.org/page (www.other.org)". */
export const unroutedLabel = (u: Routed['unrouted'][number]): string =>
  `${itemLabel(u.item)}${u.host === '' ? '' : ` (host ${u.host})`}`
