/**
 * Why Cloudflare refused the token, asked of `GET /user/tokens/verify` once per run when a call
 * is refused with 10000 (authentication) or 9109 (unauthorized): the same two codes come back
 * for a token that is wrong, expired or disabled and for one that works but lacks a permission
 * on the zone, and the fix differs. The answer goes into the refusal's own message, so that the
 * annotation says what to do, not only the job summary.
 */
import type { Reply, TimeLimit } from './client.js'
import { ApiError, formatApiErrors } from '../errors.js'
import type { Clock } from '../clock.js'
import { INVALID_TOKEN, NOT_ALLOWED } from './codes.js'
import { unreachable } from './verdict.js'
import { flattenLine } from '../text.js'

/** The token check is one small GET: it gets at most this long (less if the timeout is nearer). */
export const CHECK_TIMEOUT_MS = 10_000

export const VERIFY_PATH = '/user/tokens/verify'

/** What the token check said of the token. */
export type TokenState =
  | { state: 'active' }
  | { state: 'expired'; expiresOn?: string }
  | { state: 'disabled' }
  | { state: 'not yet valid'; notBefore: string }
  /** Error 1000: not a token of a user (mistyped, deleted, rolled, or owned by an account). */
  | { state: 'unknown' }
  /** The check itself failed: nothing is known. */
  | { state: 'unchecked'; why: string }

/** The permission the refused call needs, and the zone it was for, as the user gave it. */
export interface Need {
  permission: 'Cache Purge' | 'Zone Read' | 'Zone Versioning Read'
  zone: string
}

/** An RFC 3339 time as the API gives it, or undefined for anything else. */
const timeOf = (value: unknown): { text: string; ms: number } | undefined => {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/.test(value)
  )
    return undefined
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? { text: value, ms } : undefined
}

/** Reads the check's answer: `result.status` is `active`, `disabled` or `expired`. */
export const readTokenCheck = (reply: Reply, now: number): TokenState => {
  const where = `GET ${VERIFY_PATH}`
  if (reply.type === 'unreachable') return { state: 'unchecked', why: unreachable(reply.detail) }
  if (reply.type === 'garbled') return { state: 'unchecked', why: reply.detail }
  if (reply.type === 'refused') {
    if (reply.errors.some((e) => e.code === INVALID_TOKEN)) return { state: 'unknown' }
    return {
      state: 'unchecked',
      why: `${where} answered ${formatApiErrors(reply.status, reply.errors)}`
    }
  }
  const result = (reply.result ?? {}) as {
    status?: unknown
    expires_on?: unknown
    not_before?: unknown
  }
  const expiresOn = timeOf(result.expires_on)
  const notBefore = timeOf(result.not_before)
  switch (result.status) {
    case 'expired':
      return { state: 'expired', ...(expiresOn === undefined ? {} : { expiresOn: expiresOn.text }) }
    case 'disabled':
      return { state: 'disabled' }
    case 'active':
      // Cloudflare says active; its own times may still say the token cannot be used yet, or
      // any more.
      if (notBefore !== undefined && notBefore.ms > now)
        return { state: 'not yet valid', notBefore: notBefore.text }
      if (expiresOn !== undefined && expiresOn.ms <= now)
        return { state: 'expired', expiresOn: expiresOn.text }
      return { state: 'active' }
    default:
      return {
        state: 'unchecked',
        why: `${where} answered without a status it documents (${flattenLine(JSON.stringify(result.status) ?? 'none', 40)})`
      }
  }
}

const PERMISSION: Record<Need['permission'], string> = {
  'Cache Purge': '"Cache Purge" (Zone > Cache Purge > Purge)',
  'Zone Read': '"Zone Read" (Zone > Zone > Read)',
  'Zone Versioning Read': '"Zone Versioning Read" (Zone > Zone Versioning > Read)'
}

/** A new token's permissions: what purging needs, and the one refused when that was another. */
const newToken = (need: Need): string =>
  `make a new one (My Profile > API Tokens > Create Token) with ${need.permission === 'Cache Purge' ? PERMISSION['Cache Purge'] : `${PERMISSION['Cache Purge']} and ${PERMISSION[need.permission]}`} on zone ${need.zone}, and store it in the secret that the \`token\` input reads`

/** What to do, for the annotation: one sentence that starts with what the check found. */
export const diagnosis = (token: TokenState, need: Need): string => {
  switch (token.state) {
    case 'active':
      return `Token check: the token is valid and active, so it lacks a permission: give it ${PERMISSION[need.permission]} on zone ${need.zone}, with that zone among its zone resources (My Profile > API Tokens > Edit).`
    case 'expired':
      return `Token check: the token expired${token.expiresOn === undefined ? '' : ` on ${token.expiresOn}`}: ${newToken(need)}.`
    case 'disabled':
      return `Token check: the token is disabled: ${newToken(need)}.`
    case 'not yet valid':
      return `Token check: the token is not valid before ${token.notBefore} (the start time it was made with): wait until then, or ${newToken(need)}.`
    case 'unknown':
      return `Token check: Cloudflare does not know this token (error ${INVALID_TOKEN}, invalid token): it is mistyped, or was deleted or rolled. Copy it into the secret again, or ${newToken(need)}. (A token owned by an account, not a user, is unknown to ${VERIFY_PATH}: if this is one, check its permissions in the account's API Tokens.)`
    case 'unchecked':
      return `Token check not possible (${token.why}): the error above stands.`
  }
}

/** Said instead of a check for a Global API Key, which the verify endpoint does not take. */
export interface CheckOptions {
  clock: Clock
  /** The step's deadline. */
  deadline: number
  requestTimeoutMs: number
}

/** Whether Cloudflare refused the call for the token's sake: 10000 or 9109. */
export const isRefusedToken = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.codes.some((code) => NOT_ALLOWED.includes(code))

/** One more sentence after the error's own ("... (HTTP 403)" ends without a full stop). */
const append = (error: Error, sentence: string): void => {
  error.message += `${/[.!?]$/.test(error.message) ? '' : '.'} ${sentence}`
}

/**
 * Explains refusals of the token, asking the token check at most once per run (through `get`,
 * the run's paced GET, bounded by CHECK_TIMEOUT_MS and the timeout). Never throws.
 */
export class TokenCheck {
  private state: Promise<TokenState> | undefined
  private readonly explained = new WeakSet<Error>()

  constructor(
    private readonly token: string | undefined,
    private readonly get: (path: string, timeout: TimeLimit) => Promise<Reply>,
    private readonly options: CheckOptions
  ) {}

  /** Adds what to do to a refusal with 10000 or 9109, once; leaves any other error as it is. */
  async explain(error: unknown, need: Need): Promise<void> {
    if (!isRefusedToken(error) || this.explained.has(error)) return
    this.explained.add(error)
    if (this.token === undefined) return
    this.state ??= this.check()
    append(error, diagnosis(await this.state, need))
  }

  /** The one request: what the check says, or why it could not say. */
  private async check(): Promise<TokenState> {
    const { clock, deadline, requestTimeoutMs } = this.options
    if (deadline - clock.now() <= 0) return { state: 'unchecked', why: 'the timeout ran out' }
    try {
      const reply = await this.get(VERIFY_PATH, () =>
        Math.max(1, Math.min(CHECK_TIMEOUT_MS, requestTimeoutMs, deadline - clock.now()))
      )
      return readTokenCheck(reply, Date.now())
    } catch (error) {
      // The pacer refuses to wait past the timeout.
      return {
        state: 'unchecked',
        why: `${VERIFY_PATH} was not asked: ${flattenLine((error as Error).message, 200)}`
      }
    }
  }
}
