import type { CloudflareErrorItem } from '../errors.js'
import type { Split, Work } from './batches.js'
import { itemLabel, type Item } from '../model.js'

/** What the run knows of a kind's refusals so far. */
export interface KindHistory {
  /** Requests of this kind the API accepted. */
  accepted: number
  /** Single items refused with a 400 that named nothing, since the last accepted request. */
  blindSingles: number
}

export type Decision =
  /** Reject these items (the API named them, or one item was refused alone), send `again` anew. */
  | { type: 'reject'; indices: number[]; again: Work[] }
  /** Send these smaller batches instead. */
  | { type: 'split'; works: Work[] }
  /** The API refuses this kind whatever it is sent: stop sending it. */
  | { type: 'stop' }
  /** The refusal states the most items a request may carry: send at most that many. */
  | { type: 'resize'; size: number; works: Work[] }

/** Single items refused blindly before the kind is judged refused as a whole, once it has worked. */
const BLIND_SINGLES_AFTER_SUCCESS = 10

/**
 * What to do with a batch refused with HTTP 400. An error that names items rejects just those.
 * One that names nothing (an HTML page, a plain "Bad Request") may be about the batch's size or
 * a bad item, or about the request as a whole (a WAF, a proxy): halves tell size and items
 * apart, and while the kind has never been accepted, its first and last items go alone first, so
 * that a refusal of everything costs a few requests rather than two per item.
 */
export const decide = (
  work: Work,
  units: readonly Item[],
  errors: readonly CloudflareErrorItem[],
  history: KindHistory
): Decision => {
  const { indices } = work
  const text = errors.map((e) => e.message).join('\n')
  const named = indices.filter((i) => {
    const label = units[i]
    return label !== undefined && names(text, itemLabel(label))
  })
  if (named.length > 0) {
    const rest = indices.filter((i) => !named.includes(i))
    return {
      type: 'reject',
      indices: named,
      again: rest.length === 0 ? [] : [{ kind: work.kind, indices: rest }]
    }
  }
  const stated = statedMaximum(text)
  if (stated !== undefined && stated < indices.length) {
    const works: Work[] = []
    for (let at = 0; at < indices.length; at += stated)
      works.push({ kind: work.kind, indices: indices.slice(at, at + stated) })
    return { type: 'resize', size: stated, works }
  }
  if (indices.length === 1) {
    const limit = history.accepted === 0 ? 2 : BLIND_SINGLES_AFTER_SUCCESS
    if (history.blindSingles + 1 >= limit && units.length > 1) return { type: 'stop' }
    return { type: 'reject', indices, again: [] }
  }
  const probing = history.accepted === 0 && indices.length >= 3
  const rest = probing ? indices.slice(1, -1) : indices
  const half = Math.ceil(rest.length / 2)
  const split: Split = { size: rest.length, accepted: 0 }
  const halves: Work[] =
    rest.length < 2
      ? rest.map((i) => ({ kind: work.kind, indices: [i] }))
      : [
          { kind: work.kind, indices: rest.slice(0, half), parent: split },
          { kind: work.kind, indices: rest.slice(half), parent: split }
        ]
  if (!probing) return { type: 'split', works: halves }
  const probes: Work[] = [
    { kind: work.kind, indices: [indices[0]!] },
    { kind: work.kind, indices: [indices.at(-1)!] }
  ]
  return { type: 'split', works: [...probes, ...halves] }
}

/** "at most 30", "maximum of 30 files", "limit is 30", "no more than 30": the number, if any. */
export const statedMaximum = (text: string): number | undefined => {
  const match =
    /\b(?:at most|max(?:imum)?|limit(?:ed)?|no more than|up to|exceed(?:s|ed)?|more than)\b\D{0,24}?(\d{1,4})\b/i.exec(
      text
    )
  const n = match === null ? NaN : Number(match[1])
  return Number.isInteger(n) && n >= 1 ? n : undefined
}

/** Whether an error message quotes an item; short items are too likely to match by chance. */
const names = (text: string, label: string): boolean => label.length >= 8 && text.includes(label)
