import { batchEnd } from '../plan/plan.js'
import { type Item, type Kind, type Plan } from '../model.js'

/**
 * A batch the API refused with a 400 that named nothing, sent again in parts of a smaller
 * documented cap: every part accepted means the refusal was about its size.
 */
export interface Split {
  /** How many items the refused request carried. */
  refused: number
  /** The size of its parts: the documented cap tried. */
  size: number
  /** How many parts it was sent in, and how many of them were accepted. */
  parts: number
  accepted: number
}

/** Some of one kind's items, by index, on their way to one request. */
export interface Work {
  kind: Kind
  indices: number[]
  parent?: Split
  /** Reasons already logged for this batch's retries, so each is said once. */
  said?: Set<string>
}

/**
 * Hands out batches: retries and splits first, then fresh batches cut lazily, so that a batch
 * size learned mid-run applies to every batch not yet sent. A stopped kind hands out nothing more.
 */
export class Batches {
  private readonly front: Work[] = []
  private readonly cursors = new Map<Kind, number>()
  private readonly stopped = new Set<Kind>()

  constructor(
    private readonly plan: Plan,
    private readonly sizeOf: (kind: Kind) => number,
    private readonly unitsOf: (kind: Kind) => readonly Item[]
  ) {
    for (const { kind } of plan.kinds) this.cursors.set(kind, 0)
  }

  next(): Work | undefined {
    for (;;) {
      const work = this.front.shift()
      if (work === undefined) break
      if (!this.stopped.has(work.kind)) return work
    }
    for (const { kind } of this.plan.kinds) {
      if (this.stopped.has(kind)) continue
      const at = this.cursors.get(kind)!
      const units = this.unitsOf(kind)
      if (at >= units.length) continue
      const end = batchEnd(units, at, this.sizeOf(kind))
      this.cursors.set(kind, end)
      return { kind, indices: Array.from({ length: end - at }, (_, i) => at + i) }
    }
    return undefined
  }

  /** Puts batches at the front of the line, in the order given. */
  first(...works: Work[]): void {
    this.front.unshift(...works)
  }

  stop(kind: Kind): void {
    this.stopped.add(kind)
  }

  isStopped(kind: Kind): boolean {
    return this.stopped.has(kind)
  }
}
