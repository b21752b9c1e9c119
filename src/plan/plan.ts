import type {
  Item,
  Items,
  Kind,
  KindPlan,
  Plan,
  PurgeRequest,
  RunPlan,
  Target,
  ZoneRef
} from '../model.js'

/**
 * One zone's plan; with an environment, its plan (the path's ID, and how it is labelled).
 * `cloudflarePlan` is the zone's plan as its lookup named it (`plan.legacy_id`), when read.
 */
export const forZone = (
  run: RunPlan,
  zone: ZoneRef,
  kinds: KindPlan[],
  target?: Target,
  cloudflarePlan?: string
): Plan => ({
  zone,
  environment: target === undefined || target.production === true ? undefined : target.ref,
  ...(target === undefined ? {} : { target }),
  mode: run.mode,
  batchSize: urlsPerRequest(cloudflarePlan),
  kinds
})

/**
 * The most items one request may carry, as Cloudflare's pages give it on some plan: 30 (older
 * pages, and some current ones), 100 and 500 (URLs on Enterprise). A request refused with a 400
 * that names no number is tried at the next of these below its size, never at a guess between
 * them, and never below the smallest.
 */
export const DOCUMENTED_CAPS = [30, 100, 500] as const

/** The largest documented cap below `size`, or undefined when `size` is at most the smallest. */
export const capBelow = (size: number): number | undefined =>
  DOCUMENTED_CAPS.filter((cap) => cap < size).at(-1)

/**
 * The most URLs one request of a zone on this plan takes, as Cloudflare documents it: 500 on
 * Enterprise, 100 on the others (and 30 on some pages: a refusal settles lower, never below).
 * Unknown (the token cannot read the zone): 100.
 */
export const urlsPerRequest = (cloudflarePlan: string | undefined): number =>
  cloudflarePlan === 'enterprise' ? 500 : 100

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
  // One shape per `files` array (Cloudflare's schema and SDK allow strings or {url, headers}
  // objects, not both): plain URLs first, so that batches cut at the one place shapes change.
  const ordered =
    kind === 'files'
      ? [...kept.filter((i) => typeof i === 'string'), ...kept.filter((i) => typeof i !== 'string')]
      : kept
  return { kind, items: ordered, duplicates: items.length - kept.length }
}

/** Whether two URL items may share a request: both plain, or both with headers. */
export const sameShape = (a: Item, b: Item): boolean => typeof a === typeof b

export const planPurge = (inputs: PurgeRequest): RunPlan => {
  const kinds: KindPlan[] = inputs.purgeEverything
    ? [{ kind: 'purge_everything', items: [], duplicates: 0 }]
    : (['files', 'tags', 'hosts', 'prefixes'] as const)
        .filter((kind) => inputs.items[kind].length > 0)
        .map((kind) => unique(kind, inputs.items[kind]))
  return {
    zones: inputs.zones,
    environments: inputs.environments,
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

/** The requests a run starts with, before any split; what a dry run prints. */
export const initialRequests = (plan: Plan): { kind: Kind; items: Item[] }[] =>
  plan.kinds.flatMap(({ kind, items }) => {
    if (kind === 'purge_everything') return [{ kind, items: [] }]
    const batches: { kind: Kind; items: Item[] }[] = []
    const size = batchSizeFor(plan, kind)
    for (let at = 0; at < items.length;) {
      const end = batchEnd(items, at, size)
      batches.push({ kind, items: items.slice(at, end) })
      at = end
    }
    return batches
  })

/** Where a batch of at most `size` items from `at` ends: at the size, or where shapes change. */
export const batchEnd = (items: readonly Item[], at: number, size: number): number => {
  let end = Math.min(items.length, at + size)
  for (let i = at + 1; i < end; i++)
    if (!sameShape(items[at]!, items[i]!)) {
      end = i
      break
    }
  return end
}
