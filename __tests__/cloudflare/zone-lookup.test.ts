import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { callApi, msOf } from '../../src/cloudflare/client.js'
import { ApiError, InputError, TimeoutError } from '../../src/errors.js'
import { realClock } from '../../src/clock.js'
import { pickZone, resolveZone } from '../../src/cloudflare/zone-lookup.js'
import {
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  PURGE_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import type { Emulator } from '../__fixtures__/helpers.js'

let api: Emulator
beforeAll(async () => {
  api = await startEmulator()
})
afterAll(() => api.close())

const lookup = (name: string, token = DEFAULT_TOKEN, timeoutMs = 5000) =>
  resolveZone(
    name,
    (path, requestTimeoutMs) =>
      callApi(
        { apiUrl: api.apiUrl, token, userAgent: 'test' },
        { method: 'GET', path },
        msOf(requestTimeoutMs)
      ),
    {
      clock: realClock,
      backoff: { baseMs: 5, capMs: 20 },
      deadline: realClock.now() + timeoutMs,
      requestTimeoutMs: 200
    }
  )

describe('resolveZone', () => {
  it('finds the zone ID of a domain name', async () => {
    await expect(lookup('example.com')).resolves.toMatchObject({ id: DEFAULT_ZONE.id })
  })

  it('says when no zone of that name is visible', async () => {
    const error = await lookup('example.org').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toContain('Input "zone": "example.org" was not found')
  })

  it('says the token needs Zone Read when the lookup is refused', async () => {
    const error = await lookup('example.com', PURGE_ONLY_TOKEN).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).codes).toEqual([9109])
    expect((error as ApiError).message).toContain('needs the "Zone Read" permission')
  })

  it('retries a lookup that failed for a passing reason', async () => {
    const replies: string[] = []
    const id = await resolveZone(
      'example.com',
      async (path, timeoutMs) => {
        if (replies.push(path) === 1)
          return {
            type: 'refused',
            status: 503,
            errors: [{ code: 10001, message: 'Unavailable' }],
            rate: {}
          }
        return callApi(
          {
            apiUrl: api.apiUrl,
            token: DEFAULT_TOKEN,
            userAgent: 'test'
          },
          { method: 'GET', path },
          msOf(timeoutMs)
        )
      },
      {
        clock: realClock,
        backoff: { baseMs: 5, capMs: 20 },
        deadline: realClock.now() + 5000,
        requestTimeoutMs: 200
      }
    )
    expect(id.id).toBe(DEFAULT_ZONE.id)
    expect(replies).toHaveLength(2)
  })

  it('stops when the timeout runs out', async () => {
    const error = await resolveZone(
      'example.com',
      async () => ({ type: 'unreachable', detail: 'no answer', timedOut: true }),
      {
        clock: realClock,
        backoff: { baseMs: 100, capMs: 100 },
        deadline: realClock.now() + 150,
        requestTimeoutMs: 50
      }
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toBe(
      'Timed out looking up the zone "example.com": the timeout ran out (last answer: could not reach the Cloudflare API (no answer))'
    )
  })

  it('refuses to guess between zones of one name that are both active, or neither', () => {
    const twins = (status: string) => [
      { id: 'a'.repeat(32), name: 'example.com', status },
      { id: 'b'.repeat(32), name: 'example.com', status }
    ]
    for (const status of ['active', 'pending'])
      expect(() => pickZone('example.com', twins(status))).toThrow(
        `matches 2 zones visible to this token (${'a'.repeat(32)} ${status}, ${'b'.repeat(32)} ${status})`
      )
  })
})
