import { type Item, type Kind, type Plan } from '../model.js'

export interface Rejected {
  kind: Kind
  item: Item
  code: number | undefined
  message: string
}

export interface KindResult {
  kind: Kind
  total: number
  accepted: number
  requests: number
  retries: number
  throttled: number
  batchSize: number
  ids: string[]
  durationMs: number
  /** Why the kind stopped before every item was sent, when it did. */
  stopped: Error | undefined
}

const PENDING = 0
const ACCEPTED = 1
const REJECTED = 2

/** The one unit of a purge-everything request, accounted for like any item. */
export const EVERYTHING: Item = 'everything'

/**
 * What became of every item: accepted, rejected on its own, or still pending (so not purged). A
 * purge-everything request is one item, so a refusal of it can never pass for success.
 */
export class Ledger {
  readonly results = new Map<Kind, KindResult>()
  readonly rejected: Rejected[] = []
  private readonly marks = new Map<Kind, Uint8Array>()
  private readonly units = new Map<Kind, Item[]>()

  constructor(plan: Plan, batchSizeOf: (kind: Kind) => number) {
    for (const { kind, items } of plan.kinds) {
      const units = kind === 'purge_everything' ? [EVERYTHING] : items
      this.units.set(kind, units)
      this.marks.set(kind, new Uint8Array(units.length))
      this.results.set(kind, {
        kind,
        total: units.length,
        accepted: 0,
        requests: 0,
        retries: 0,
        throttled: 0,
        batchSize: batchSizeOf(kind),
        ids: [],
        durationMs: 0,
        stopped: undefined
      })
    }
  }

  unitsOf(kind: Kind): Item[] {
    return this.units.get(kind)!
  }

  result(kind: Kind): KindResult {
    return this.results.get(kind)!
  }

  accept(kind: Kind, indices: number[]): void {
    this.mark(kind, indices, ACCEPTED)
  }

  reject(kind: Kind, indices: number[], code: number | undefined, message: string): void {
    const units = this.unitsOf(kind)
    for (const index of this.mark(kind, indices, REJECTED))
      this.rejected.push({ kind, item: units[index]!, code, message })
  }

  /** Marks the pending ones among `indices`; returns those it marked. */
  private mark(kind: Kind, indices: number[], mark: number): number[] {
    const marks = this.marks.get(kind)!
    const fresh = indices.filter((i) => marks[i] === PENDING)
    for (const i of fresh) marks[i] = mark
    if (mark === ACCEPTED) this.result(kind).accepted += fresh.length
    return fresh
  }

  get done(): number {
    let done = 0
    for (const r of this.results.values()) done += r.accepted
    return done + this.rejected.length
  }

  get total(): number {
    let total = 0
    for (const r of this.results.values()) total += r.total
    return total
  }

  /** Items neither accepted nor rejected. */
  unpurged(): { kind: Kind; item: Item }[] {
    const out: { kind: Kind; item: Item }[] = []
    for (const [kind, marks] of this.marks) {
      const units = this.unitsOf(kind)
      marks.forEach((mark, index) => mark === PENDING && out.push({ kind, item: units[index]! }))
    }
    return out
  }
}
