/**
 * The token check: on a refusal with 10000 or 9109, one `GET /user/tokens/verify` (against the
 * emulator over real HTTP, or a hostile server) says whether the token is wrong, expired or
 * disabled, or works but lacks the permission; the fix goes into the refusal's own message.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { callApi, msOf, type Reply } from '../../src/cloudflare/client.js'
import {
  readTokenCheck,
  TokenCheck,
  type Need,
  type TokenState
} from '../../src/cloudflare/token-check.js'
import { realClock } from '../../src/clock.js'
import { Pacer } from '../../src/engine/pacer.js'
import { pacedGet } from '../../src/engine/settle.js'
import { ApiError, TimeoutError } from '../../src/errors.js'
import {
  ACCOUNT,
  DEFAULT_TOKEN,
  DISABLED_TOKEN,
  EXPIRED_TOKEN,
  READ_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import type { Emulator } from '../__fixtures__/helpers.js'
import { hostileApi, json, refusal } from '../__fixtures__/hostile.js'
import { FakeClock } from '../__fixtures__/sim.js'

const PURGE: Need = { permission: 'Cache Purge', zone: 'example.com' }
/** An account API token of the example account without "Cache Purge". */
const NO_PURGE_ACCOUNT_TOKEN = `cfat_${'n'.repeat(40)}`
const refusedWith = (code: number) => new ApiError(403, [{ code, message: 'Authentication error' }])

let api: Emulator
beforeAll(async () => {
  api = await startEmulator()
})
afterAll(() => api.close())

const checkAgainst = (apiUrl: string, token: string, requestTimeoutMs = 5000) => {
  const requests: string[] = []
  const get = async (path: string, timeout: number | (() => number)) => {
    requests.push(path)
    return callApi({ apiUrl, token, userAgent: 'test' }, { method: 'GET', path }, msOf(timeout))
  }
  const check = new TokenCheck(token, get, {
    clock: realClock,
    deadline: realClock.now() + 20_000,
    requestTimeoutMs
  })
  return { check, requests }
}

const explained = async (token: string, code = 10000, need = PURGE) => {
  const { check, requests } = checkAgainst(api.apiUrl, token)
  const error = refusedWith(code)
  await check.explain(error, need)
  expect(requests).toEqual(['/user/tokens/verify'])
  expect(error.message).toMatch(/^Cloudflare API error \d+: Authentication error \(HTTP 403\)\. /)
  return error.message
}

describe('TokenCheck against the emulator', () => {
  it('says an expired token expired, when, and to make a new one', async () => {
    expect(await explained(EXPIRED_TOKEN)).toContain(
      'Token check: the token expired on 2024-01-01T00:00:00Z: make a new one (My Profile > API Tokens > Create Token) with "Cache Purge" (Zone > Cache Purge > Purge) on zone example.com, and store it in the secret that the `token` input reads.'
    )
  })

  it('says a disabled token is disabled', async () => {
    expect(await explained(DISABLED_TOKEN, 9109)).toContain(
      'Token check: the token is disabled: make a new one'
    )
  })

  it('names the permission and the zone an active token lacks', async () => {
    expect(await explained(READ_ONLY_TOKEN)).toContain(
      'Token check: the token is valid and active, so it lacks a permission: give it "Cache Purge" (Zone > Cache Purge > Purge) on zone example.com, with that zone among its zone resources'
    )
    expect(
      await explained(DEFAULT_TOKEN, 9109, { permission: 'Zone Read', zone: 'example.org' })
    ).toContain('give it "Zone Read" (Zone > Zone > Read) on zone example.org')
  })

  it('says Cloudflare does not know an unknown token, and that an account token may be one', async () => {
    const message = await explained('no-such-token-0123456789')
    expect(message).toContain('Token check: Cloudflare does not know this token (error 1000')
    expect(message).toContain('A token owned by an account, not a user, is unknown to')
  })

  it("checks an account's token (cfat_) at its account's endpoint, never the user's, and never calls it unknown", async () => {
    const account = await startEmulator({
      tokens: [{ token: NO_PURGE_ACCOUNT_TOKEN, account: ACCOUNT.id, purge: false }]
    })
    try {
      const asked = async (token: string, known: string | undefined) => {
        const { check, requests } = checkAgainst(account.apiUrl, token)
        check.learnAccount(known)
        const error = refusedWith(10000)
        await check.explain(error, PURGE)
        return { requests, message: error.message }
      }
      const lacking = await asked(NO_PURGE_ACCOUNT_TOKEN, ACCOUNT.id)
      expect(lacking.requests).toEqual([`/accounts/${ACCOUNT.id}/tokens/verify`])
      expect(lacking.message).toContain(
        'Token check: the token is valid and active, so it lacks a permission: give it "Cache Purge"'
      )
      // Not known to its account: mistyped, deleted, rolled, or another account's.
      const stranger = await asked(`cfat_${'z'.repeat(40)}`, ACCOUNT.id)
      expect(stranger.message).toContain(
        `Token check: the token check of account ${ACCOUNT.id} does not know this account API token (error 1000`
      )
      expect(stranger.message).toContain('(Manage Account > API Tokens > Create Token)')
      // No zone was read, so no account: nothing is asked, and the dashboard is named.
      const unread = await asked(NO_PURGE_ACCOUNT_TOKEN, undefined)
      expect(unread.requests).toEqual([])
      expect(unread.message).toContain(
        "Token check: this is an account API token (cfat_), which only its account's token check knows"
      )
      expect(unread.message).toContain('Check in the dashboard (Manage Account > API Tokens)')
      for (const { message } of [lacking, stranger, unread])
        expect(message).not.toContain('Cloudflare does not know this token')
    } finally {
      await account.close()
    }
  })

  it('asks once per run, whatever the number of refusals, and explains each error once', async () => {
    const { check, requests } = checkAgainst(api.apiUrl, EXPIRED_TOKEN)
    const errors = [refusedWith(10000), refusedWith(9109), refusedWith(10000)]
    await Promise.all(errors.map((e) => check.explain(e, PURGE)))
    await check.explain(errors[0], PURGE)
    expect(requests).toHaveLength(1)
    for (const error of errors) expect(error.message.match(/Token check/g)).toHaveLength(1)
  })

  it('leaves any other error alone, and asks nothing', async () => {
    const { check, requests } = checkAgainst(api.apiUrl, EXPIRED_TOKEN)
    const others = [
      new ApiError(400, [{ code: 7003, message: 'Could not route' }]),
      new TimeoutError('Timed out'),
      new Error('plain'),
      undefined
    ]
    for (const error of others) await check.explain(error, PURGE)
    expect(requests).toEqual([])
    expect(others.map((e) => e?.message)).toEqual([
      'Cloudflare API error 7003: Could not route (HTTP 400)',
      'Timed out',
      'plain',
      undefined
    ])
  })
})

describe('TokenCheck when the check itself fails', () => {
  it('says the diagnosis was not possible and keeps the error, on a 500, a hang and a 403', async () => {
    for (const [answer, why] of [
      [
        (res: Parameters<typeof json>[0]) => json(res, 500, refusal(10001, 'Internal')),
        'Cloudflare API error 10001: Internal (HTTP 500)'
      ],
      [() => undefined, 'could not reach the Cloudflare API (no answer within 0.3 s)'],
      [
        (res: Parameters<typeof json>[0]) => json(res, 403, refusal(10000, 'Authentication error')),
        'Cloudflare API error 10000'
      ]
    ] as const) {
      const hostile = await hostileApi((_req, res) => answer(res))
      try {
        const { check, requests } = checkAgainst(hostile.apiUrl, DEFAULT_TOKEN, 300)
        const error = refusedWith(10000)
        await check.explain(error, PURGE)
        expect(requests).toHaveLength(1)
        expect(error.message).toMatch(
          /^Cloudflare API error 10000: Authentication error \(HTTP 403\)\. Token check not possible \(.+\): the error above stands\.$/
        )
        expect(error.message).toContain(why)
        expect(error.message).not.toContain('Cache Purge')
      } finally {
        await hostile.close()
      }
    }
  })

  it('goes through the run’s pacer, and asks nothing the timeout leaves no room for', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    // The API-wide quota is spent until long after the step's deadline.
    const first = await clock.run(pacer.acquire('urls', 1))
    pacer.settle(first, { api: { remaining: 0, resetMs: 120_000 } }, 'accepted')
    const calls: number[] = []
    const get = pacedGet(pacer, async (_path, timeoutMs): Promise<Reply> => {
      calls.push(timeoutMs)
      return { type: 'ok', status: 200, result: { status: 'active' }, rate: {} }
    })
    const check = new TokenCheck(DEFAULT_TOKEN, get, {
      clock,
      deadline: 60_000,
      requestTimeoutMs: 30_000
    })
    const error = refusedWith(10000)
    await clock.run(check.explain(error, PURGE))
    expect(calls).toEqual([])
    expect(error.message).toContain('Token check not possible (/user/tokens/verify was not asked: ')
  })

  it('bounds the check by 10 s, the request timeout and the time left', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(clock, 60_000)
    const limits: number[] = []
    const get = pacedGet(pacer, async (_path, timeoutMs): Promise<Reply> => {
      limits.push(timeoutMs)
      return { type: 'ok', status: 200, result: { status: 'active' }, rate: {} }
    })
    for (const [deadline, requestTimeoutMs] of [
      [60_000, 30_000],
      [60_000, 4000],
      [2500, 30_000]
    ] as const)
      await clock.run(
        new TokenCheck(DEFAULT_TOKEN, get, {
          clock,
          deadline,
          requestTimeoutMs
        }).explain(refusedWith(10000), PURGE)
      )
    expect(limits).toEqual([10_000, 4000, 2500])
  })
})

describe('readTokenCheck', () => {
  const ok = (result: unknown): Reply => ({ type: 'ok', status: 200, result, rate: {} })
  const NOW = Date.parse('2025-06-01T00:00:00Z')
  it.each<[string, Reply, TokenState]>([
    ['active', ok({ id: 'x', status: 'active' }), { state: 'active' }],
    [
      'expired, with its date',
      ok({ status: 'expired', expires_on: '2025-01-01T00:00:00Z' }),
      { state: 'expired', expiresOn: '2025-01-01T00:00:00Z' }
    ],
    ['disabled', ok({ status: 'disabled' }), { state: 'disabled' }],
    [
      'active but past its expires_on',
      ok({ status: 'active', expires_on: '2025-05-01T00:00:00Z' }),
      { state: 'expired', expiresOn: '2025-05-01T00:00:00Z' }
    ],
    [
      'active but before its not_before',
      ok({ status: 'active', not_before: '2026-01-01T00:00:00Z' }),
      { state: 'not yet valid', notBefore: '2026-01-01T00:00:00Z' }
    ],
    [
      'expired, with a date that is not one',
      ok({ status: 'expired', expires_on: '2025-01-01\n::error::forged' }),
      { state: 'expired' }
    ],
    [
      'error 1000',
      {
        type: 'refused',
        status: 401,
        errors: [{ code: 1000, message: 'Invalid API Token' }],
        rate: {}
      },
      { state: 'unknown' }
    ]
  ])('reads %s', (_, reply, state) => {
    expect(readTokenCheck(reply, NOW)).toEqual(state)
  })

  it('cannot say anything of a status it does not document, nor of a garbled answer', () => {
    expect(readTokenCheck(ok({ status: 'revoked\n::x' }), NOW)).toEqual({
      state: 'unchecked',
      why: 'GET /user/tokens/verify answered without a status it documents ("revoked\\n::x")'
    })
    expect(readTokenCheck(ok(null), NOW)).toMatchObject({ state: 'unchecked' })
    expect(
      readTokenCheck({ type: 'garbled', status: 200, detail: 'an HTML page', rate: {} }, NOW)
    ).toEqual({ state: 'unchecked', why: 'an HTML page' })
  })
})
