import type { CloudflareErrorItem } from '../errors.js'
import { httpCall, RequestTimeout, TooLarge, type HttpAnswer } from '../http.js'
import { readRateHeaders, type RateInfo } from './rate-headers.js'
import { flattenLine, nestsDeeper, redactAll } from '../text.js'

export type { RateInfo } from './rate-headers.js'

export type Reply =
  /** `info`: the envelope's `result_info` (a list's page and count), when it has one. */
  | { type: 'ok'; status: number; result: unknown; rate: RateInfo; info?: unknown }
  | { type: 'refused'; status: number; errors: CloudflareErrorItem[]; rate: RateInfo }
  | { type: 'garbled'; status: number; detail: string; rate: RateInfo }
  | { type: 'unreachable'; detail: string; timedOut: boolean }

/**
 * A call's time limit in ms, or how to work it out when the call goes out: a call that first
 * waits its turn (for the pacer) is not charged for the wait.
 */
export type TimeLimit = number | (() => number)

export const msOf = (limit: TimeLimit): number => (typeof limit === 'function' ? limit() : limit)

export interface ClientConfig {
  apiUrl: string
  /** The API token; none for calls that need none (a dry run sends nothing). */
  token: string | undefined
  userAgent: string
}

export interface ApiRequest {
  method: 'GET' | 'POST'
  path: string
  body?: unknown
}

/** Cloudflare's answers to these calls are a few hundred bytes; anything past this is not one. */
export const MAX_BODY_BYTES = 1024 * 1024
const MAX_ERRORS = 20
const MAX_JSON_DEPTH = 64

export const authHeaders = (token: string | undefined): Record<string, string> =>
  token === undefined ? {} : { authorization: `Bearer ${token}` }

/** Errors about headers quote their values: a credential must never ride along into a message. */
export const redact = (text: string, token: string | undefined): string =>
  token === undefined ? text : redactAll(text, [token])

/** One HTTP attempt. Never throws: every way a call can go wrong is a Reply the caller can act on. */
export const callApi = async (
  config: ClientConfig,
  request: ApiRequest,
  timeoutMs: number,
  /** Abandons the call when it aborts (the step was cancelled): an `unreachable` reply. */
  abandon?: AbortSignal
): Promise<Reply> => {
  const headers: Record<string, string> = {
    accept: 'application/json',
    // What fetch asked for: an answer is counted by its inflated size all the same.
    'accept-encoding': 'gzip, deflate, br',
    'user-agent': config.userAgent,
    ...authHeaders(config.token)
  }
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  let answer: HttpAnswer
  try {
    // Through node:http(s): a purge sends a request per hundred URLs, by the thousand.
    answer = await httpCall(`${config.apiUrl}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      // One bound for headers and body: a server that trickles an endless answer is cut off.
      timeoutMs,
      signal: abandon,
      read: MAX_BODY_BYTES
    })
  } catch (error) {
    if (!(error instanceof TooLarge) || error.status === undefined)
      return unreachable(error, timeoutMs, config, abandon)
    return {
      type: 'garbled',
      status: error.status,
      detail: `the API answered HTTP ${error.status} with a body larger than ${MAX_BODY_BYTES / 1024} KiB, which is not an answer of Cloudflare's API`,
      rate: readRateHeaders(error.headers!, Date.now())
    }
  }
  const text = Buffer.from(answer.body).toString('utf8')
  return readReply(
    answer.status,
    answer.headers,
    text,
    Date.now(),
    config.token === undefined ? [] : [config.token]
  )
}

const unreachable = (
  error: unknown,
  timeoutMs: number,
  config: ClientConfig,
  abandon: AbortSignal | undefined
): Reply => {
  if (abandon?.aborted === true)
    return { type: 'unreachable', timedOut: false, detail: 'abandoned unanswered' }
  const timedOut = error instanceof RequestTimeout
  return {
    type: 'unreachable',
    timedOut,
    detail: timedOut
      ? `no answer within ${Math.round(timeoutMs / 100) / 10} s`
      : flattenLine(redact(networkDetail(error), config.token), 200)
  }
}

/** What a failed exchange says: Node's code (ECONNREFUSED), else its message. */
const networkDetail = (error: unknown): string => {
  const { code, cause, message } = error as {
    code?: unknown
    cause?: { code?: string; message?: string }
    message?: string
  }
  return typeof code === 'string' ? code : (cause?.code ?? cause?.message ?? String(message))
}

/** Outside text, made safe to log: one line, bounded, without credentials. */
const clean = (text: string, secrets: readonly string[], max = 300): string =>
  flattenLine(redactAll(text, secrets), max)

export const readReply = (
  status: number,
  headers: Pick<Headers, 'get'>,
  text: string,
  now: number,
  secrets: readonly string[] = []
): Reply => {
  const rate = readRateHeaders(headers, now)
  if (status >= 300 && status < 400) {
    const location = clean(headers.get('location') ?? 'another address', secrets, 200)
    return {
      type: 'garbled',
      status,
      detail: `the API answered with a redirect to ${location}; credentials are not sent on redirects, so set api_url to the final address`,
      rate
    }
  }
  // Cloudflare's envelope nests a few levels; a deeper answer would overflow what walks it.
  if (nestsDeeper(text, MAX_JSON_DEPTH))
    return {
      type: 'garbled',
      status,
      detail: `the API answered HTTP ${status} with JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      rate
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
  return readEnvelope(body as Envelope, status, rate, secrets)
}

interface Envelope {
  success: unknown
  errors?: unknown
  result?: unknown
  result_info?: unknown
}

/** Cloudflare's envelope: accepted (with the list's `result_info`, if any), or refused. */
const readEnvelope = (
  envelope: Envelope,
  status: number,
  rate: RateInfo,
  secrets: readonly string[]
): Reply => {
  if (envelope.success === true && status >= 200 && status < 300)
    return {
      type: 'ok',
      status,
      result: envelope.result ?? null,
      rate,
      ...(envelope.result_info === undefined ? {} : { info: envelope.result_info })
    }
  return { type: 'refused', status, errors: readErrors(envelope.errors, secrets), rate }
}

const readErrors = (errors: unknown, secrets: readonly string[]): CloudflareErrorItem[] => {
  if (!Array.isArray(errors)) return []
  return errors.slice(0, MAX_ERRORS).map((error: unknown) => {
    const item = (error ?? {}) as { code?: unknown; message?: unknown }
    const code =
      typeof item.code === 'number' && Number.isSafeInteger(item.code) && item.code >= 0
        ? { code: item.code }
        : {}
    const message =
      typeof item.message === 'string' ? item.message : (JSON.stringify(error) ?? 'no message')
    return { ...code, message: clean(message, secrets) }
  })
}
