#!/usr/bin/env node
// @ts-check
/**
 * The peer in `npm run bench`: purges a list with Cloudflare's official TypeScript SDK
 * (`cloudflare` on npm, its own HTTP client and retries), in batches, `--concurrency` requests
 * in flight. Its retry logic is left as shipped (retries 408, 409, 429, 5xx and connection errors;
 * waits `retry-after-ms`, else `Retry-After`, else 0.5 s * 2^n up to 8 s with jitter), except
 * that it may retry MAX_RETRIES times instead of 2, so that it finishes under any rate limit.
 *
 *   node scripts/bench-sdk.js --api-url URL --token T --zone ID --file list.json [--concurrency 8] [--batch 100]
 *
 * The file holds {"files": [...]} or {"tags": [...]}. Exits 0 once every batch was accepted.
 */
import Cloudflare from 'cloudflare'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export const MAX_RETRIES = 1000

/**
 * @param {{ apiUrl: string, token: string, zone: string, kind: 'files' | 'tags', items: string[], batch: number, concurrency: number }} run
 */
export const purgeWithSdk = async ({ apiUrl, token, zone, kind, items, batch, concurrency }) => {
  const client = new Cloudflare({ apiToken: token, baseURL: apiUrl, maxRetries: MAX_RETRIES })
  /** @type {string[][]} */
  const batches = []
  for (let i = 0; i < items.length; i += batch) batches.push(items.slice(i, i + batch))
  let next = 0
  const worker = async () => {
    for (let b = batches[next++]; b !== undefined; b = batches[next++])
      await client.cache.purge(
        kind === 'files' ? { zone_id: zone, files: b } : { zone_id: zone, tags: b }
      )
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker))
  return { batches: batches.length }
}

if (fileURLToPath(import.meta.url) === resolve(process.argv[1] ?? '')) {
  const { values } = parseArgs({
    options: {
      'api-url': { type: 'string' },
      token: { type: 'string' },
      zone: { type: 'string' },
      file: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      batch: { type: 'string', default: '100' }
    }
  })
  const list = JSON.parse(readFileSync(String(values.file), 'utf8'))
  const kind = 'files' in list ? 'files' : 'tags'
  const done = await purgeWithSdk({
    apiUrl: String(values['api-url']),
    token: String(values.token),
    zone: String(values.zone),
    kind,
    items: list[kind],
    batch: Number(values.batch),
    concurrency: Number(values.concurrency)
  })
  console.log(JSON.stringify(done))
}
