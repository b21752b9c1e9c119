import type { Inputs, Items } from './inputs.js'
import type { UrlItem } from './rules.js'

export type Kind = keyof Items | 'purge_everything'
export type Item = UrlItem

export interface KindPlan {
  kind: Kind
  items: Item[]
  duplicates: number
}

export interface Plan {
  zone: Inputs['zone']
  environment: string | undefined
  mode: Inputs['mode']
  batchSize: number
  kinds: KindPlan[]
}

/** Cloudflare matches hosts and tags without regard to case, paths and headers with it. */
const keyOf = (kind: keyof Items, item: Item): string => {
  if (typeof item !== 'string') {
    const headers = Object.entries(item.headers)
      .map(([name, value]) => [name.toLowerCase(), value])
      .sort(([a], [b]) => (a! < b! ? -1 : 1))
    return `${item.url}\n${JSON.stringify(headers)}`
  }
  if (kind === 'tags' || kind === 'hosts') return item.toLowerCase()
  if (kind === 'prefixes') {
    const slash = item.indexOf('/')
    return item.slice(0, slash).toLowerCase() + item.slice(slash)
  }
  return item
}

const unique = (kind: keyof Items, items: Item[]): KindPlan => {
  const seen = new Set<string>()
  const kept = items.filter((item) => {
    const key = keyOf(kind, item)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return { kind, items: kept, duplicates: items.length - kept.length }
}

export const planPurge = (inputs: Inputs): Plan => {
  const kinds: KindPlan[] = inputs.purgeEverything
    ? [{ kind: 'purge_everything', items: [], duplicates: 0 }]
    : (['files', 'tags', 'hosts', 'prefixes'] as const)
        .filter((kind) => inputs.items[kind].length > 0)
        .map((kind) => unique(kind, inputs.items[kind]))
  return {
    zone: inputs.zone,
    environment: inputs.environment,
    mode: inputs.mode,
    batchSize: inputs.batchSize,
    kinds
  }
}

export const purgePath = (
  zoneId: string,
  environment: string | undefined,
  mode: Plan['mode']
): string => {
  const endpoint = mode === 'invalidate' ? 'invalidate_cache' : 'purge_cache'
  const scope = environment === undefined ? '' : `/environments/${encodeURIComponent(environment)}`
  return `/zones/${encodeURIComponent(zoneId)}${scope}/${endpoint}`
}

export const purgeBody = (kind: Kind, items: Item[]): Record<string, unknown> =>
  kind === 'purge_everything' ? { purge_everything: true } : { [kind]: items }

/** Cloudflare takes at most 100 tags, hosts or prefixes per request on every plan; only URLs go higher. */
export const MAX_NAMES_PER_REQUEST = 100

export const batchSizeFor = (plan: Plan, kind: Kind): number =>
  kind === 'files' ? plan.batchSize : Math.min(plan.batchSize, MAX_NAMES_PER_REQUEST)

/** How much of the API's rate-limit bucket one request of this kind spends. */
export const costOf = (kind: Kind, items: number): number => (kind === 'files' ? items : 1)
export const bucketOf = (kind: Kind): 'urls' | 'requests' =>
  kind === 'files' ? 'urls' : 'requests'

export const itemLabel = (item: Item): string =>
  typeof item === 'string' ? item : `${item.url} ${JSON.stringify(item.headers)}`

const SINGULAR: Record<Kind, string> = {
  files: 'URL',
  tags: 'tag',
  hosts: 'host',
  prefixes: 'prefix',
  purge_everything: 'everything'
}

/** "1 URL", "3 prefixes", "everything". */
export const countLabel = (kind: Kind, n: number): string =>
  kind === 'purge_everything' ? 'everything' : `${n} ${n === 1 ? SINGULAR[kind] : kindLabel(kind)}`

export const kindLabel = (kind: Kind): string =>
  kind === 'files' ? 'URLs' : kind === 'purge_everything' ? 'everything' : kind

/** The requests a run starts with, before any split; what a dry run prints. */
export const initialRequests = (plan: Plan): { kind: Kind; items: Item[] }[] =>
  plan.kinds.flatMap(({ kind, items }) => {
    if (kind === 'purge_everything') return [{ kind, items: [] }]
    const batches: { kind: Kind; items: Item[] }[] = []
    const size = batchSizeFor(plan, kind)
    for (let at = 0; at < items.length; at += size)
      batches.push({ kind, items: items.slice(at, at + size) })
    return batches
  })
