/**
 * The action's vocabulary: what is purged, where, and how it is named in messages. A leaf: it
 * imports nothing from `src/`, so every layer can share these types without a cycle.
 */

/** A URL to purge, plain or with the request headers that make up its cache key. */
export type UrlItem = string | { url: string; headers: Record<string, string> }

/** The lists a step can purge, by Cloudflare's body field. */
export interface Items {
  files: UrlItem[]
  tags: string[]
  hosts: string[]
  prefixes: string[]
}

export type Kind = keyof Items | 'purge_everything'
export type Item = UrlItem
export type Mode = 'purge' | 'invalidate'

/**
 * Something the user names by ID or by name (a zone, an environment): tagged by `by`, so that
 * code asks which it is, and `given` is what they wrote.
 */
export type Named =
  { by: 'id'; given: string; id: string } | { by: 'name'; given: string; name: string }

/** A zone as the user gave it: by ID, or by domain name. */
export type ZoneRef = Named

/** An environment of a zone (Version Management) as the user gave it: by ID, or by name. */
export type EnvironmentRef = Named

/** An environment as the run knows it, once found: what its requests are labelled with. */
export interface Target {
  /** As the user gave it. */
  given: string
  /** Its ID, Cloudflare's `ref`. */
  ref: string
  /** Its name, when the zone's list of environments was read. */
  name?: string
  /**
   * The zone's production environment, known from the list: Cloudflare's guide purges it
   * through the zone's own endpoint, and purging everything there purges every environment.
   */
  production?: boolean
}

/** What a step asks to purge, as the inputs give it, before deduplication and routing. */
export interface PurgeRequest {
  zones: ZoneRef[]
  /** The environments of the one zone to purge, each on its own; none: the zone itself. */
  environments: EnvironmentRef[]
  items: Items
  purgeEverything: boolean
  mode: Mode
  batchSize: number
}

export interface KindPlan {
  kind: Kind
  items: Item[]
  duplicates: number
}

/** What one zone is sent. */
export interface Plan {
  zone: ZoneRef
  /** The environment ID the requests go to; undefined: the zone's own endpoint. */
  environment: string | undefined
  /** The environment this plan purges, as given and found; undefined: the zone itself. */
  target?: Target
  mode: Mode
  batchSize: number
  kinds: KindPlan[]
}

/** What the run purges, before each item is routed to its zone. */
export interface RunPlan extends Omit<Plan, 'zone' | 'environment' | 'target'> {
  zones: ZoneRef[]
  environments: EnvironmentRef[]
}

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

/** The input a kind's items are given in. */
export const inputOfKind = (kind: keyof Items): string => (kind === 'files' ? 'urls' : kind)
