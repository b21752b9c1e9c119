/**
 * What a page's answer at the edge says beyond its cache status, read once while it is fetched
 * and then dropped: its HTTP status, how long browsers may keep it, whether it shows the new
 * version's marker, and the same-site assets an HTML page references. Only these small facts are
 * kept: a run that checks a thousand pages never holds a thousand bodies. Loaded with `verify`.
 */
import type { HttpAnswer } from '../http.js'
import { shows, type Needle } from './needle.js'

/** Assets taken from one page, and the most pages parsed in a run. */
export const ASSETS_PER_PAGE = 20
export const PARSED_PAGES = 100

/** How long a browser may keep the copy it got (RFC 9111, a private cache). */
export type BrowserLife =
  | { kind: 'for'; seconds: number; from: 'max-age' | 'Expires' }
  | { kind: 'no-store' }
  | { kind: 'no-cache' }
  /** Neither max-age nor Expires: a browser may guess from Last-Modified, or asks again. */
  | { kind: 'unsaid'; lastModified: boolean }

export interface PageFacts {
  /** The HTTP status. */
  status: number
  browser: BrowserLife
  /** Whether a 2xx shows the marker in its headers or the body read; undefined: none to look for. */
  marked: boolean | undefined
  /** Same-site assets an HTML page references (at most ASSETS_PER_PAGE); undefined: not parsed. */
  assets: string[] | undefined
}

/** `max-age=N` of a Cache-Control value, or a bare directive's presence. */
const directive = (value: string, name: string): string | true | undefined => {
  for (const part of value.split(',')) {
    const [key, arg] = part.split('=', 2).map((s) => s.trim())
    if (key?.toLowerCase() === name) return arg === undefined ? true : arg.replace(/^"|"$/g, '')
  }
  return undefined
}

/** RFC 9111 §1.2.2: a delta-seconds too large to hold counts as 2^31 seconds. */
const MAX_SECONDS = 2 ** 31

/**
 * How long browsers may keep this answer: `no-store`, then `no-cache`, then `max-age` (which
 * wins over `Expires`), then `Expires` less `Date` (an invalid `Expires` is already expired).
 * `s-maxage` and `private` speak to other caches, or allow this one: neither changes it.
 */
export const browserLife = (headers: Pick<Headers, 'get'>, at: number): BrowserLife => {
  const control = headers.get('cache-control') ?? ''
  if (directive(control, 'no-store') !== undefined) return { kind: 'no-store' }
  if (directive(control, 'no-cache') !== undefined) return { kind: 'no-cache' }
  const maxAge = directive(control, 'max-age')
  if (typeof maxAge === 'string' && /^\d+$/.test(maxAge))
    return { kind: 'for', seconds: Math.min(Number(maxAge), MAX_SECONDS), from: 'max-age' }
  const expires = headers.get('expires')
  if (expires !== null) {
    const until = Date.parse(expires)
    const date = Date.parse(headers.get('date') ?? '')
    const seconds = Number.isFinite(until)
      ? Math.max(0, Math.floor((until - (Number.isFinite(date) ? date : at)) / 1000))
      : 0
    return { kind: 'for', seconds: Math.min(seconds, MAX_SECONDS), from: 'Expires' }
  }
  return { kind: 'unsaid', lastModified: headers.get('last-modified') !== null }
}

/** A duration in the largest unit that says it: `45 s`, `10 min`, `2 h`, `7 d`. */
export const duration = (seconds: number): string => {
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min']
  ]
  for (const [size, unit] of units)
    if (seconds >= size) {
      const n = Math.round((seconds / size) * 10) / 10
      return `${n} ${unit}`
    }
  return `${seconds} s`
}

/** What the browsers' share reads as, for the log and the summary: our own words. */
export const describeLife = (life: BrowserLife): string => {
  switch (life.kind) {
    case 'for':
      return life.seconds === 0
        ? `asks again each time (${life.from === 'max-age' ? 'max-age=0' : 'Expires passed'})`
        : `up to ${duration(life.seconds)} (${life.from === 'max-age' ? `max-age=${life.seconds}` : 'Expires'})`
    case 'no-store':
      return 'not kept (no-store)'
    case 'no-cache':
      return 'asks again each time (no-cache)'
    case 'unsaid':
      return life.lastModified
        ? 'as long as each browser guesses from Last-Modified (no max-age or Expires)'
        : 'asks again each time (no max-age, Expires or Last-Modified)'
  }
}

const isHtml = (answer: HttpAnswer): boolean =>
  /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(answer.headers.get('content-type') ?? '')

export interface Inspector {
  /** The facts of one page's answer, its body read no further than PAGE_LIMIT. */
  (url: string, answer: HttpAnswer, at: number): Promise<PageFacts>
}

/**
 * Reads the facts of each page: the marker in its headers and body, and the same-site assets of
 * the first PARSED_PAGES HTML pages (`assetsOf` is the parser, loaded when a page needs it).
 */
export const inspector = (
  marker: Needle | undefined,
  sameSite: (page: URL) => (url: URL) => boolean,
  assetsOf: (
    html: string,
    page: URL,
    keep: (url: URL) => boolean,
    limit: number
  ) => Promise<string[]>
): Inspector => {
  let parsed = 0
  return async (url, answer, at) => {
    const ok = answer.status >= 200 && answer.status < 300
    const text = ok ? new TextDecoder().decode(answer.body) : ''
    let marked: boolean | undefined
    if (marker !== undefined && ok) {
      // Where the gate looks too: any header's value, or the body.
      let inHeaders = false
      answer.headers.forEach((value) => (inHeaders ||= shows(value, marker)))
      marked = inHeaders || shows(text, marker)
    }
    const parse = ok && isHtml(answer) && parsed < PARSED_PAGES
    if (parse) parsed++
    const page = new URL(url)
    const assets = parse ? await assetsOf(text, page, sameSite(page), ASSETS_PER_PAGE) : undefined
    return { status: answer.status, browser: browserLife(answer.headers, at), marked, assets }
  }
}
