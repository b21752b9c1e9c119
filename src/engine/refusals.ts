import type { CloudflareErrorItem } from '../errors.js'
import type { Split, Work } from './batches.js'
import { itemLabel, type Item } from '../model.js'
import { capBelow } from '../plan/plan.js'

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

/** The batch in parts of `size`, each part a share of one Split when `split` is given. */
const partsOf = (work: Work, indices: number[], size: number, split?: Split): Work[] => {
  const works: Work[] = []
  for (let at = 0; at < indices.length; at += size)
    works.push({
      kind: work.kind,
      indices: indices.slice(at, at + size),
      ...(split === undefined ? {} : { parent: split })
    })
  if (split !== undefined) split.parts = works.length
  return works
}

/** The rejected items an error names, with the rest to send again; undefined if it names none. */
const namedIn = (work: Work, units: readonly Item[], text: string): Decision | undefined => {
  const named = work.indices.filter((i) => {
    const label = units[i]
    return label !== undefined && names(text, itemLabel(label))
  })
  if (named.length === 0) return undefined
  const rest = work.indices.filter((i) => !named.includes(i))
  return {
    type: 'reject',
    indices: named,
    again: rest.length === 0 ? [] : [{ kind: work.kind, indices: rest }]
  }
}

/**
 * What to do with a batch refused with HTTP 400. An error that names items rejects just those;
 * one that states a maximum is taken at its word. One that names nothing (an HTML page, a plain
 * "Bad Request") may be about the batch's size or a bad item, or about the request as a whole (a
 * WAF, a proxy). A batch larger than the smallest documented cap is sent again in parts of the
 * next documented cap below its size (never a guess between them): every part accepted proves the
 * size. A batch of at most that cap is not too large for any plan: its halves tell a bad item
 * apart, and teach no size. While the kind has never been accepted, its first and last items go
 * alone first, so that a refusal of everything costs a few requests rather than two per item.
 */
export const decide = (
  work: Work,
  units: readonly Item[],
  errors: readonly CloudflareErrorItem[],
  history: KindHistory
): Decision => {
  const { indices } = work
  const text = errors.map((e) => e.message).join('\n')
  const named = namedIn(work, units, text)
  if (named !== undefined) return named
  const stated = statedMaximum(text)
  if (stated !== undefined && stated < indices.length)
    return { type: 'resize', size: stated, works: partsOf(work, indices, stated) }
  if (indices.length === 1) {
    const limit = history.accepted === 0 ? 2 : BLIND_SINGLES_AFTER_SUCCESS
    if (history.blindSingles + 1 >= limit && units.length > 1) return { type: 'stop' }
    return { type: 'reject', indices, again: [] }
  }
  const probing = history.accepted === 0 && indices.length >= 3
  const rest = probing ? indices.slice(1, -1) : indices
  const cap = capBelow(indices.length)
  const parts =
    cap === undefined
      ? partsOf(work, rest, Math.max(1, Math.ceil(rest.length / 2)))
      : partsOf(work, rest, cap, { refused: indices.length, size: cap, parts: 0, accepted: 0 })
  if (!probing) return { type: 'split', works: parts }
  const probes: Work[] = [
    { kind: work.kind, indices: [indices[0]!] },
    { kind: work.kind, indices: [indices.at(-1)!] }
  ]
  return { type: 'split', works: [...probes, ...parts] }
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
