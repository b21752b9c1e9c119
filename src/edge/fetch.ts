/**
 * Fetches a URL through Cloudflare's edge for verification, reading only the headers. For tests
 * and the demo, CLOUDFLARE_PURGE_EDGE_URL sends every such request to a local edge instead (the
 * emulator's), with the real host in `X-Forwarded-Host`: a testing hook, not an input.
 */
import { timeoutSignal } from '../clock.js'
import { flattenLine, trimEnd } from '../text.js'
import type { Seen } from './verify.js'

export const EDGE_OVERRIDE = 'CLOUDFLARE_PURGE_EDGE_URL'

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

export const fetchThroughEdge =
  (userAgent: string, edge = process.env[EDGE_OVERRIDE]) =>
  async (url: string, headers: Record<string, string>, timeoutMs: number): Promise<Seen> => {
    const { address, extra } = edgeTarget(url, edge)
    const response = await fetch(address, {
      headers: { ...headers, ...extra, 'user-agent': userAgent },
      redirect: 'manual',
      signal: timeoutSignal(timeoutMs)
    })
    // Only the headers matter; the body is never read.
    await response.body?.cancel().catch(() => undefined)
    const age = response.headers.get('age')
    return {
      // Outside text: one short word, or what judging it says is unknown, never more.
      status: flattenLine((response.headers.get('cf-cache-status') ?? '').trim().toUpperCase(), 20),
      // As it came: judging it (verify.ts, readAge) decides what it says, and quotes it bounded.
      age: age === null ? undefined : age.trim(),
      at: Date.now()
    }
  }
