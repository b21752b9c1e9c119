import type { Credentials } from './inputs.js'
import type { CloudflareErrorItem } from './errors.js'

/** What the API's headers say about its rate limit, in milliseconds where time is involved. */
export interface RateInfo {
  retryAfterMs?: number
  remaining?: number
  resetMs?: number
  quota?: number
  windowMs?: number
  shouldRetry?: boolean
}

export type Reply =
  | { type: 'ok'; status: number; result: unknown; rate: RateInfo }
  | { type: 'refused'; status: number; errors: CloudflareErrorItem[]; rate: RateInfo }
  | { type: 'garbled'; status: number; detail: string; rate: RateInfo }
  | { type: 'unreachable'; detail: string; timedOut: boolean }

export interface ClientConfig {
  apiUrl: string
  credentials: Credentials | undefined
  userAgent: string
}

export interface ApiRequest {
  method: 'GET' | 'POST'
  path: string
  body?: unknown
}

export const authHeaders = (credentials: Credentials | undefined): Record<string, string> => {
  if (credentials === undefined) return {}
  return credentials.kind === 'token'
    ? { authorization: `Bearer ${credentials.token}` }
    : { 'x-auth-email': credentials.email, 'x-auth-key': credentials.key }
}

/** One HTTP attempt. Never throws: every way a call can go wrong is a Reply the caller can act on. */
export const callApi = async (
  config: ClientConfig,
  request: ApiRequest,
  timeoutMs: number
): Promise<Reply> => {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': config.userAgent,
    ...authHeaders(config.credentials)
  }
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  let text: string
  const signal = AbortSignal.timeout(Math.max(1, Math.round(timeoutMs)))
  try {
    response = await fetch(`${config.apiUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      // Credentials must never follow a redirect to another host.
      redirect: 'manual',
      signal
    })
    text = await response.text()
  } catch (error) {
    const timedOut = signal.aborted
    return {
      type: 'unreachable',
      timedOut,
      detail: timedOut
        ? `no answer within ${Math.round(timeoutMs / 100) / 10} s`
        : redact(networkDetail(error), config.credentials)
    }
  }
  return readReply(response.status, response.headers, text, Date.now())
}

/** Errors about headers quote their values: a credential must never ride along into a message. */
export const redact = (text: string, credentials: Credentials | undefined): string => {
  const secrets =
    credentials === undefined
      ? []
      : credentials.kind === 'token'
        ? [credentials.token]
        : [credentials.key]
  return secrets.reduce(
    (out, secret) => (secret === '' ? out : out.split(secret).join('***')),
    text
  )
}

const networkDetail = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error as Error).message
}

export const readReply = (status: number, headers: Headers, text: string, now: number): Reply => {
  const rate = readRateHeaders(headers, now)
  if (status >= 300 && status < 400) {
    const location = headers.get('location') ?? 'another address'
    return {
      type: 'garbled',
      status,
      detail: `the API answered with a redirect to ${location}; credentials are not sent on redirects, so set api_url to the final address`,
      rate
    }
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    const kind =
      text.trim() === ''
        ? 'an empty body'
        : /<html|<!doctype/i.test(text)
          ? 'an HTML page'
          : 'a body that is not JSON'
    return { type: 'garbled', status, detail: `the API answered HTTP ${status} with ${kind}`, rate }
  }
  if (body === null || typeof body !== 'object' || !('success' in body)) {
    return {
      type: 'garbled',
      status,
      detail: `the API answered HTTP ${status} with JSON that is not Cloudflare's envelope`,
      rate
    }
  }
  const envelope = body as { success: unknown; errors?: unknown; result?: unknown }
  if (envelope.success === true && status >= 200 && status < 300)
    return { type: 'ok', status, result: envelope.result ?? null, rate }
  return { type: 'refused', status, errors: readErrors(envelope.errors), rate }
}

const readErrors = (errors: unknown): CloudflareErrorItem[] => {
  if (!Array.isArray(errors)) return []
  return errors.map((error: unknown) => {
    const item = (error ?? {}) as { code?: unknown; message?: unknown }
    return {
      ...(typeof item.code === 'number' ? { code: item.code } : {}),
      message: typeof item.message === 'string' ? item.message : JSON.stringify(error)
    }
  })
}

/** Reads `Retry-After`, `retry-after-ms`, `x-should-retry` and the IETF `Ratelimit` headers. */
export const readRateHeaders = (headers: Headers, now: number): RateInfo => {
  const info: RateInfo = {}
  const ms = Number(headers.get('retry-after-ms') ?? NaN)
  const after = headers.get('retry-after')
  if (Number.isFinite(ms) && ms >= 0) info.retryAfterMs = ms
  else if (after !== null) {
    const seconds = Number(after)
    const date = Date.parse(after)
    if (after.trim() !== '' && Number.isFinite(seconds) && seconds >= 0)
      info.retryAfterMs = seconds * 1000
    else if (Number.isFinite(date)) info.retryAfterMs = Math.max(0, date - now)
  }
  const shouldRetry = headers.get('x-should-retry')
  if (shouldRetry === 'true' || shouldRetry === 'false') info.shouldRetry = shouldRetry === 'true'
  const limit = structuredParams(headers.get('ratelimit'))
  if (limit.r !== undefined) info.remaining = limit.r
  if (limit.t !== undefined) info.resetMs = limit.t * 1000
  const policy = structuredParams(headers.get('ratelimit-policy'))
  if (policy.q !== undefined && policy.w !== undefined && policy.w > 0) {
    info.quota = policy.q
    info.windowMs = policy.w * 1000
  }
  return info
}

/** The numeric parameters of the first item of a structured-field list: `"default";r=50;t=30`. */
const structuredParams = (value: string | null): Record<string, number> => {
  const params: Record<string, number> = {}
  if (value === null) return params
  const first = value.split(',')[0] ?? ''
  for (const part of first.split(';').slice(1)) {
    const [name, raw] = part.split('=').map((s) => s.trim())
    const number = Number(raw)
    if (
      name !== undefined &&
      raw !== undefined &&
      raw !== '' &&
      Number.isFinite(number) &&
      number >= 0
    )
      params[name] = number
  }
  return params
}
