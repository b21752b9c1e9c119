/**
 * Why Cloudflare refused the token, asked of its token check once per run when a call is refused
 * with 10000 (authentication) or 9109 (unauthorized): the same two codes come back for a token
 * that is wrong, expired or disabled and for one that works but lacks a permission on the zone,
 * and the fix differs. A user's token is checked at `GET /user/tokens/verify`; an account's
 * (`cfat_`), which that endpoint does not know, at `GET /accounts/{account_id}/tokens/verify`
 * when a zone lookup gave the account, and never at the user's. The answer goes into the
 * refusal's own message, so that the annotation says what to do, not only the job summary.
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

/** Cloudflare's prefix of an account API token ("Token formats"): only its account knows it. */
export const ACCOUNT_TOKEN_PREFIX = 'cfat_'

/** Where an account's token is checked. */
export const accountVerifyPath = (accountId: string): string =>
  `/accounts/${accountId}/tokens/verify`

/** Where an account's tokens are seen in the dashboard. */
const ACCOUNT_TOKENS = 'Manage Account > API Tokens'

/** What the token check said of the token. */
export type TokenState =
  | { state: 'active' }
  | { state: 'expired'; expiresOn?: string }
  | { state: 'disabled' }
  | { state: 'not yet valid'; notBefore: string }
  /**
   * Error 1000: the endpoint asked does not know the token: a user's (mistyped, deleted, rolled,
   * or owned by an account), or, with `account`, that account's.
   */
  | { state: 'unknown'; account?: string }
  /** An account's token (`cfat_`) whose account the run did not learn: not asked. */
  | { state: 'account not known' }
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

/**
 * Reads the check's answer: `result.status` is `active`, `disabled` or `expired`. `account`: the
 * account whose token check was asked, when it was an account's.
 */
export const readTokenCheck = (reply: Reply, now: number, account?: string): TokenState => {
  const where = `GET ${account === undefined ? VERIFY_PATH : accountVerifyPath(account)}`
  if (reply.type === 'unreachable') return { state: 'unchecked', why: unreachable(reply.detail) }
  if (reply.type === 'garbled') return { state: 'unchecked', why: reply.detail }
  if (reply.type === 'refused') {
    if (reply.errors.some((e) => e.code === INVALID_TOKEN))
      return account === undefined ? { state: 'unknown' } : { state: 'unknown', account }
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

/** The permissions purging needs, and the one refused when that was another. */
const permissions = (need: Need): string =>
  need.permission === 'Cache Purge'
    ? PERMISSION['Cache Purge']
    : `${PERMISSION['Cache Purge']} and ${PERMISSION[need.permission]}`

/** A new token's permissions, made where tokens of its kind are made. */
const newToken = (need: Need, where = 'My Profile > API Tokens'): string =>
  `make a new one (${where} > Create Token) with ${permissions(need)} on zone ${need.zone}, and store it in the secret that the \`token\` input reads`

/** What the check found of an account's token, or undefined for any other finding. */
const accountDiagnosis = (token: TokenState, need: Need): string | undefined => {
  if (token.state === 'account not known')
    return `Token check: this is an account API token (${ACCOUNT_TOKEN_PREFIX}), which only its account's token check knows (GET /accounts/{account_id}/tokens/verify), and the step did not learn the account (no zone could be read with this token). Check in the dashboard (${ACCOUNT_TOKENS}) that it is active and has ${permissions(need)} on zone ${need.zone}.`
  if (token.state === 'unknown' && token.account !== undefined)
    return `Token check: the token check of account ${token.account} does not know this account API token (error ${INVALID_TOKEN}, invalid token): it is mistyped, was deleted or rolled, or belongs to another account. Copy it into the secret again, or ${newToken(need, ACCOUNT_TOKENS)}.`
  return undefined
}

/** What to do, for the annotation: one sentence that starts with what the check found. */
export const diagnosis = (token: TokenState, need: Need): string => {
  switch (token.state) {
    case 'active':
      return `Token check: the token is valid and active, so it lacks a permission: give it ${PERMISSION[need.permission]} on zone ${need.zone}, with that zone among its zone resources (My Profile > API Tokens > Edit, or ${ACCOUNT_TOKENS} for an account's token).`
    case 'expired':
      return `Token check: the token expired${token.expiresOn === undefined ? '' : ` on ${token.expiresOn}`}: ${newToken(need)}.`
    case 'disabled':
      return `Token check: the token is disabled: ${newToken(need)}.`
    case 'not yet valid':
      return `Token check: the token is not valid before ${token.notBefore} (the start time it was made with): wait until then, or ${newToken(need)}.`
    case 'unknown':
    case 'account not known':
      return (
        accountDiagnosis(token, need) ??
        `Token check: Cloudflare does not know this token (error ${INVALID_TOKEN}, invalid token): it is mistyped, or was deleted or rolled. Copy it into the secret again, or ${newToken(need)}. (A token owned by an account, not a user, is unknown to ${VERIFY_PATH}: if this is one, check its permissions in ${ACCOUNT_TOKENS}.)`
      )
    case 'unchecked':
      return `Token check not possible (${token.why}): the error above stands.`
  }
}

/** What the token check is bounded by. */
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
export const append = (error: Error, sentence: string): void => {
  error.message += `${/[.!?]$/.test(error.message) ? '' : '.'} ${sentence}`
}

/**
 * Explains refusals of the token, asking the token check at most once per run (through `get`,
 * the run's paced GET, bounded by CHECK_TIMEOUT_MS and the timeout). Never throws.
 */
export class TokenCheck {
  private state: Promise<TokenState> | undefined
  private readonly explained = new WeakSet<Error>()
  /** The account a zone lookup named: where an account's token is checked. */
  private account: string | undefined

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

  /** The account of a zone the token read (`account.id` of a zone lookup), once known. */
  learnAccount(accountId: string | undefined): void {
    this.account ??= accountId
  }

  /** The one request: what the check says, or why it could not say. */
  private async check(): Promise<TokenState> {
    const { clock, deadline, requestTimeoutMs } = this.options
    const owned = this.token?.startsWith(ACCOUNT_TOKEN_PREFIX) === true
    // The user endpoint does not know an account's token: it is never asked about one.
    if (owned && this.account === undefined) return { state: 'account not known' }
    const account = owned ? this.account : undefined
    const path = account === undefined ? VERIFY_PATH : accountVerifyPath(account)
    if (deadline - clock.now() <= 0) return { state: 'unchecked', why: 'the timeout ran out' }
    try {
      const reply = await this.get(path, () =>
        Math.max(1, Math.min(CHECK_TIMEOUT_MS, requestTimeoutMs, deadline - clock.now()))
      )
      return readTokenCheck(reply, Date.now(), account)
    } catch (error) {
      // The pacer refuses to wait past the timeout.
      return {
        state: 'unchecked',
        why: `${path} was not asked: ${flattenLine((error as Error).message, 200)}`
      }
    }
  }
}
