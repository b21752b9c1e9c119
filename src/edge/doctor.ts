/**
 * Why a page is still stale after the purge, from what the check saw: cached before the purge
 * (the purge did not cover that cache entry), refilled since with the old version (the page lacks
 * the new version's marker, which the origin serves now), refilled with the new one, or could not
 * tell, said so and never guessed. Also the two looks that tell them apart or show a page broken:
 * the page as the origin serves it now (through the edge, under a query no cache has seen), and
 * each asset an HTML page references. Every request bounded in time and body. Loaded with `verify`.
 */
import { Workers } from '../engine/workers.js'
import { httpCall } from '../http.js'
import { flattenLine, quote } from '../text.js'
import { edgeHeaders, edgeTarget, PAGE_LIMIT } from './fetch.js'
import { bustedUrl, shows, type Needle } from './needle.js'
import type { CacheRules } from '../cloudflare/cache-rules.js'
import { SKEW_S, type Check, type ToCheck } from './verify.js'

/** What the doctor found of a page that did not come back as it should. */
export type Cause =
  /** Its Age reaches back before the purge: the purge did not cover the entry visitors get. */
  | { kind: 'not covered'; detail: string }
  /** Cached again since the purge, without the marker the origin now serves. */
  | { kind: 'old'; detail: string }
  /** Cached again since the purge, with the marker. */
  | { kind: 'new'; detail: string }
  | { kind: 'unknown'; detail: string }

/** A page lacks the marker at the edge: only a look at the origin tells whether it is old. */
export interface Suspect {
  suspect: string
}

/**
 * The cause a check shows on its own (a suspect when only the origin can tell), or undefined
 * when there is nothing to explain (not cached, not through Cloudflare, not checked, nothing to
 * tell the version by).
 */
export const causeOf = (
  check: Check,
  purgedAt: number,
  marker: Needle | undefined
): Cause | Suspect | undefined => {
  if (check.verdict === 'stale') {
    // A HIT is stale only when its Age reaches before the purge; STALE and UPDATING are dated here.
    const age = check.age
    const reaches =
      age !== undefined &&
      (check.status === 'HIT' || Date.now() - age * 1000 < purgedAt - SKEW_S * 1000)
    return reaches
      ? {
          kind: 'not covered',
          detail: `cached ${age} s ago, before the purge: the purge did not cover this cache entry`
        }
      : {
          kind: 'unknown',
          detail: `served stale (${check.status}) with no Age that dates it: cannot tell whether the purge covered it`
        }
  }
  if (!['purged', 'refilled', 'revalidating'].includes(check.verdict)) return undefined
  if (marker === undefined || check.page?.marked === undefined) return undefined
  if (check.page.marked)
    return {
      kind: 'new',
      detail: `refilled with the new version (shows ${quote(marker.text, 60)})`
    }
  return { suspect: `the copy at the edge lacks ${quote(marker.text, 60)}` }
}

/** What the origin serves now for a page, through the edge under a query no cache has seen. */
export interface OriginLook {
  /** Whether its 2xx shows the marker; undefined when no 2xx came. */
  marked: boolean | undefined
  /** What was seen, in our words: outside text quoted and bounded. */
  detail: string
}

export interface LookOptions {
  userAgent: string
  edge: string | undefined
  timeoutMs: number
  /** A value no cache has seen before, for the query parameter. */
  bust: string
}

/**
 * Asks for the page as the origin serves it now: its URL with the gate's cache-busting
 * parameter (a cache entry no visitor has), `Cache-Control: no-cache`, the page's own headers.
 * A redirect is not followed: it says nothing of the version.
 */
export const lookAtOrigin = async (
  url: string,
  headers: Record<string, string>,
  marker: Needle,
  options: LookOptions
): Promise<OriginLook> => {
  const { address, extra } = edgeTarget(bustedUrl(url, options.bust), options.edge)
  try {
    const answer = await httpCall(address, {
      headers: edgeHeaders({ ...headers, 'cache-control': 'no-cache' }, extra, options.userAgent),
      timeoutMs: options.timeoutMs,
      read: { upTo: PAGE_LIMIT }
    })
    if (answer.status < 200 || answer.status >= 300)
      return { marked: undefined, detail: `the origin's copy answered HTTP ${answer.status}` }
    let marked = shows(new TextDecoder().decode(answer.body), marker)
    answer.headers.forEach((value) => (marked ||= shows(value, marker)))
    return { marked, detail: '' }
  } catch (error) {
    return {
      marked: undefined,
      detail: `the origin's copy could not be had (${flattenLine((error as Error).message, 100)})`
    }
  }
}

/** What a suspect is, once the origin was asked. */
export const judgeSuspect = (suspect: Suspect, look: OriginLook, marker: Needle): Cause => {
  if (look.marked === true)
    return {
      kind: 'old',
      detail: `refilled after the purge with the old version: ${suspect.suspect}, which the origin serves now`
    }
  if (look.marked === false)
    return {
      kind: 'unknown',
      detail: `neither the edge's copy nor the origin's shows ${quote(marker.text, 60)}: the page may not show it, or the origin is not updated yet`
    }
  return { kind: 'unknown', detail: `${suspect.suspect}, and ${look.detail}` }
}

/** An asset a page references that the edge answers with 404, 410 or 5xx. */
export interface Broken {
  url: string
  status: number
}

/** Whether an asset's answer means it no longer exists (or cannot be served). */
export const isBroken = (status: number): boolean =>
  status === 404 || status === 410 || status >= 500

/**
 * Requests each asset once through the edge (headers only), `inFlight` at a time, until the
 * deadline: the status of each that answered. One that gave no answer is left out, never broken.
 */
export const statusOfAssets = async (
  urls: readonly string[],
  options: {
    userAgent: string
    edge: string | undefined
    deadline: () => number
    timeoutMs: number
  }
): Promise<Map<string, number>> => {
  const statuses = new Map<string, number>()
  let next = 0
  const workers = new Workers<string>(
    () => urls[next++],
    async (url) => {
      const timeoutMs = Math.min(options.timeoutMs, options.deadline())
      if (timeoutMs <= 0) return
      const { address, extra } = edgeTarget(url, options.edge)
      try {
        const answer = await httpCall(address, {
          headers: edgeHeaders({}, extra, options.userAgent),
          timeoutMs,
          read: 'headers'
        })
        statuses.set(url, answer.status)
      } catch {
        // No answer says nothing of the asset.
      }
    },
    () => options.deadline() <= 0
  )
  await workers.run(Math.min(4, urls.length))
  return statuses
}

/** One checked page, and what the doctor found and did. */
export interface Page {
  item: ToCheck
  /** The last check: after an extra round, the one that followed it. */
  check: Check
  zoneId: string | undefined
  cause: Cause | undefined
  /** What the action did about it, in our words; `mended` once it came back fresh. */
  did?: { text: string; mended: boolean }
  broken: Broken[]
}

export interface Diagnosis {
  pages: Page[]
  /** The Cache Rules of each zone a page the purge did not cover is in. */
  rules: { zoneId: string; rules: CacheRules }[]
  /** Assets referenced but not requested: past the per-run bound, or the deadline. */
  assetsUnchecked: number
}
