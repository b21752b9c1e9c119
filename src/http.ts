/** Bodies from outside, read no further than a limit: an endless or huge answer cannot exhaust memory. */

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(
      `the answer is larger than ${limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MiB` : `${Math.round(limit / 1024)} KiB`}`
    )
    this.name = 'TooLarge'
  }
}

/** The body's bytes, once inflated (fetch inflates a gzip Content-Encoding), at most `limit`. */
export const readBounded = async (response: Response, limit: number): Promise<Uint8Array> => {
  if (response.body === null) return new Uint8Array()
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw new TooLarge(limit)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

const NULL_BODY = new Set([204, 205, 304])

/**
 * A fetch whose answers are read in full, up to `limit`, before they are handed on: for clients
 * such as Octokit that read whole bodies themselves. Throws TooLarge past the limit.
 */
export const boundedFetch =
  (inner: typeof fetch, limit: number): typeof fetch =>
  async (input, init) => {
    const response = await inner(input, init)
    const bytes = await readBounded(response, limit)
    const headers = new Headers(response.headers)
    // The body handed on is already inflated and may be shorter than first announced.
    headers.delete('content-encoding')
    headers.delete('content-length')
    const bounded = new Response(NULL_BODY.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers
    })
    Object.defineProperty(bounded, 'url', { value: response.url })
    return bounded
  }
