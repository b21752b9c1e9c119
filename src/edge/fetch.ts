/**
 * Requests a URL through Cloudflare's edge for verification, reading only the headers. For tests
 * and the demo, CLOUDFLARE_PURGE_EDGE_URL sends every such request to a local edge instead (the
 * emulator's), with the real host in `X-Forwarded-Host`: a testing hook, not an input.
 */
import { httpCall } from '../http.js'
import { flattenLine, trimEnd } from '../text.js'
import type { Inspector } from './page.js'
import type { Seen } from './verify.js'

export const EDGE_OVERRIDE = 'CLOUDFLARE_PURGE_EDGE_URL'

/** The most of a page's body read when it is inspected: a marker and the head's assets sit near its top. */
export const PAGE_LIMIT = 1024 * 1024

/** Where a request for `url` goes: the URL itself, or the local edge with the real host in headers. */
export const edgeTarget = (
  url: string,
  edge = process.env[EDGE_OVERRIDE]
): { address: string; extra: Record<string, string> } => {
  if (edge === undefined || !/^https?:\/\//.test(edge)) return { address: url, extra: {} }
  const target = new URL(url)
  return {
    address: `${trimEnd(edge, '/')}${target.pathname}${target.search}`,
    extra: {
      'x-forwarded-host': target.host,
      'x-forwarded-proto': target.protocol.replace(':', '')
    }
  }
}

/**
 * The headers of a request through the edge: the cache key's own (the item's), the edge
 * override's, and what the action asks with when the item names none of it (what a browser asks
 * with, since the encodings are part of what is cached, and the user agent). A header the item
 * names wins: it is part of the variant that was purged. Names in lower case, a name given
 * twice sent once with its values joined.
 */
export const edgeHeaders = (
  headers: Record<string, string>,
  extra: Record<string, string>,
  userAgent: string
): Record<string, string> => {
  const merged: Record<string, string> = {}
  for (const list of [headers, extra])
    for (const [name, value] of Object.entries(list)) {
      const key = name.toLowerCase()
      merged[key] = merged[key] === undefined ? value : `${merged[key]}, ${value}`
    }
  const own = { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': userAgent }
  for (const [name, value] of Object.entries(own)) merged[name] ??= value
  return merged
}

/**
 * Requests a URL through the edge and reads the headers; with `inspect`, the first PAGE_LIMIT
 * bytes of the body too, handed to it and dropped once it has said what they show.
 */
export const fetchThroughEdge =
  (userAgent: string, edge = process.env[EDGE_OVERRIDE], inspect?: Inspector) =>
  async (url: string, headers: Record<string, string>, timeoutMs: number): Promise<Seen> => {
    const { address, extra } = edgeTarget(url, edge)
    // A redirect is what is cached for this URL: it is the answer, never followed.
    const answer = await httpCall(address, {
      headers: edgeHeaders(headers, extra, userAgent),
      timeoutMs,
      read: inspect === undefined ? 'headers' : { upTo: PAGE_LIMIT }
    })
    const at = Date.now()
    const age = answer.headers.get('age')
    return {
      // Outside text: one short word, or what judging it says is unknown, never more.
      status: flattenLine((answer.headers.get('cf-cache-status') ?? '').trim().toUpperCase(), 20),
      // As it came: judging it (verify.ts, readAge) decides what it says, and quotes it bounded.
      age: age === null ? undefined : age.trim(),
      at,
      ...(inspect === undefined ? {} : { page: await inspect(url, answer, at) })
    }
  }
