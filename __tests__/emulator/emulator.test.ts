import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import {
  ACCOUNT,
  ACCOUNT_TOKEN,
  DEFAULT_KEY,
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  NO_VERSIONING_TOKEN,
  DISABLED_TOKEN,
  EXPIRED_TOKEN,
  OTHER_ZONE,
  PURGE_ONLY_TOKEN,
  READ_ONLY_TOKEN,
  startEmulator
} from '../../emulator/server.js'
import type { Emulator } from '../__fixtures__/helpers.js'

let api: Emulator | undefined
/** The emulator's clock in these tests: it moves only when a test moves it. */
const clock = { at: 0, now: () => clock.at }
const start = async (options: Parameters<typeof startEmulator>[0] = {}) =>
  (api = await startEmulator({ clock, ...options }))
afterEach(async () => {
  await api?.close()
  api = undefined
})

const call = async (
  emulator: Emulator,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token = DEFAULT_TOKEN
) => {
  const reply = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await reply.text()
  let json: { success?: boolean; errors?: { code: number }[]; result?: unknown } | undefined
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: reply.status, headers: reply.headers, text, json }
}
const purge = (emulator: Emulator, body: unknown, zone = DEFAULT_ZONE.id) =>
  call(emulator, 'POST', `/zones/${zone}/purge_cache`, body)
/** The parameters of a `"name";r=1;t=2` header, as numbers. */
const params = (value: string | null) =>
  Object.fromEntries(
    (value ?? '')
      .split(';')
      .slice(1)
      .map((p) => p.split('='))
      .map(([k, v]) => [k, Number(v)])
  )
// Headers any HTTP answer may have; anything else would describe something Cloudflare does not.
const PLAIN = [
  'connection',
  'content-length',
  'content-type',
  'date',
  'keep-alive',
  'transfer-encoding'
]

type Child = ReturnType<typeof spawn>
const cli = (args: string[]) =>
  spawn(process.execPath, ['emulator/cli.js', ...args], { cwd: new URL('../..', import.meta.url) })
const finished = (child: Child) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => (stdout += chunk))
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })

describe('the emulator command line', () => {
  it('starts the way CI starts it, and answers on the printed api_url with the API-wide headers', async () => {
    const child = cli(['--port', '0', '--plan', 'free'])
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (chunk) => {
          out += chunk
          if (out.includes('Ctrl-C')) resolve(out)
        })
        child.on('exit', (code) => reject(new Error(`exited ${code}`)))
      })
      const apiUrl = /api_url: (\S+)/.exec(printed)![1]!
      // Environments are given by name or ID: the banner shows both, and which takes no URLs.
      expect(printed).toContain('environments of example.com (give "environment" a name or an ID):')
      expect(printed).toMatch(/\n {4}Production +4f8b2c6d1e9a7b3c5d0e2f4a6b8c9d +production/)
      expect(printed).toMatch(/\n {4}Staging +7c5dae5552338874e5053f2534d2767a /)
      expect(printed).toMatch(
        /\n {4}Office +b2f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7 +selected by IP, no purges by URL/
      )
      expect(printed).toContain(`${NO_VERSIONING_TOKEN} (no Zone Versioning Read)`)
      // Every test token, and the edge that verify and warm ask, with the tag its pages carry.
      for (const token of [READ_ONLY_TOKEN, EXPIRED_TOKEN, DISABLED_TOKEN])
        expect(printed).toContain(token)
      expect(printed).toMatch(/\n {2}edge: +http:\/\/127\.0\.0\.1:\d+\/edge .*cache tag "all"/)
      const reply = await fetch(`${apiUrl}/zones/${DEFAULT_ZONE.id}/purge_cache`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
        body: '{"tags": ["a"]}'
      })
      expect(reply.status).toBe(200)
      expect(reply.headers.get('ratelimit-policy')).toBe('"default";q=1200;w=300')
      expect(reply.headers.get('ratelimit')).toBe('"default";r=1199;t=300')
    } finally {
      child.kill()
    }
  })

  it('says in one line, without a stack trace, that a plan is unknown, and exits 2', async () => {
    const { code, stdout, stderr } = await finished(cli(['--port', '0', '--plan', 'gold']))
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      'emulator: unknown --plan "gold"; plans: free, pro, business, enterprise, legacy, unlimited (see --help)\n'
    )
  })

  it('says in one line that the port is busy, and exits 2', async () => {
    const busy = await start()
    const port = new URL(busy.url).port
    const { code, stderr } = await finished(cli(['--port', port]))
    expect(code).toBe(2)
    expect(stderr).toBe(
      `emulator: port ${port} is already in use; choose another with --port (see --help)\n`
    )
  })

  it('refuses a malformed --api-limit and --rate-headers in one line', async () => {
    const limit = await finished(cli(['--port', '0', '--api-limit', '30']))
    expect([limit.code, limit.stderr.split('\n').length]).toEqual([2, 2])
    expect(limit.stderr).toContain('--api-limit must be N/S')
    const headers = await finished(cli(['--port', '0', '--rate-headers', 'purge']))
    expect([headers.code, headers.stderr.split('\n').length]).toEqual([2, 2])
    expect(headers.stderr).toContain('--rate-headers must be documented or none')
  })
})

describe('the API-wide limit', () => {
  it('counts every call of a token, whatever the endpoint or answer, and says so on each', async () => {
    const emulator = await start({ apiLimit: { requests: 5, windowS: 60 } })
    const answers = [
      await call(emulator, 'GET', '/zones?name=example.com'),
      await call(emulator, 'GET', '/user/tokens/verify'),
      await call(emulator, 'GET', '/no/such/route'),
      await call(emulator, 'GET', `/zones/${OTHER_ZONE.id}`),
      await purge(emulator, { tags: ['a'] })
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200, 200])
    expect(answers.map((a) => params(a.headers.get('ratelimit')).r)).toEqual([4, 3, 2, 1, 0])
    for (const answer of answers) {
      expect(answer.headers.get('ratelimit')).toMatch(/^"default";r=\d+;t=\d+$/)
      expect(params(answer.headers.get('ratelimit')).t).toBeLessThanOrEqual(60)
      expect(answer.headers.get('ratelimit-policy')).toBe('"default";q=5;w=60')
      expect(answer.headers.get('retry-after')).toBeNull()
    }
  })

  it('answers every call past the quota with 429 and Retry-After to the end of the window', async () => {
    const emulator = await start({ apiLimit: { requests: 2, windowS: 60 } })
    await call(emulator, 'GET', '/zones?name=example.com')
    await purge(emulator, { tags: ['a'] })
    // 1.5 s into the window: 58.5 s are left, 59 rounded up and 58 down.
    clock.at += 1500
    for (const over of [
      await purge(emulator, { tags: ['b'] }),
      await call(emulator, 'GET', '/zones?name=example.com'),
      await call(emulator, 'GET', '/no/such/route')
    ]) {
      expect(over.status).toBe(429)
      expect(over.json).toMatchObject({ success: false, errors: [{ code: 971 }] })
      const wait = Number(over.headers.get('retry-after'))
      // Whole seconds to the window's end, rounded up as documented; the header's `t` is
      // rounded down (undocumented, so the unkind way).
      expect(over.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(wait).toBe(59)
      expect(wait - params(over.headers.get('ratelimit')).t!).toBe(1)
      expect(params(over.headers.get('ratelimit')).r).toBe(0)
    }
    expect(emulator.state.throttledBy).toEqual({ purge: 0, api: 3 })
    expect(emulator.acceptedItems('tags')).toEqual(['a'])
    // Another token has its own quota.
    const other = await call(
      emulator,
      'POST',
      `/zones/${DEFAULT_ZONE.id}/purge_cache`,
      {
        tags: ['c']
      },
      PURGE_ONLY_TOKEN
    )
    expect(other.status).toBe(200)
  })

  it('opens a new window once the last one has ended', async () => {
    const emulator = await start({ apiLimit: { requests: 1, windowS: 0.2 } })
    expect((await purge(emulator, { tags: ['a'] })).status).toBe(200)
    const over = await purge(emulator, { tags: ['b'] })
    expect(over.status).toBe(429)
    expect(over.headers.get('retry-after')).toBe('1')
    clock.at += 300
    const again = await purge(emulator, { tags: ['c'] })
    expect(again.status).toBe(200)
    expect(again.headers.get('ratelimit')).toBe('"default";r=0;t=0')
  })
})

describe('the purge buckets', () => {
  it('answer 429 with 1134 and a whole-second Retry-After, and no header describes them', async () => {
    const emulator = await start({ plan: 'free' })
    const answers = []
    for (let i = 0; i < 26; i++) answers.push(await purge(emulator, { tags: [`t${i}`] }))
    expect(answers.slice(0, 25).every((a) => a.status === 200)).toBe(true)
    const limited = answers[25]!
    expect(limited.status).toBe(429)
    expect(limited.json).toMatchObject({ success: false, errors: [{ code: 1134 }] })
    // One token every 12 s on Free, rounded up to whole seconds.
    expect(limited.headers.get('retry-after')).toMatch(/^(11|12)$/)
    // The only rate-limit headers are the API-wide ones.
    expect(params(limited.headers.get('ratelimit')).r).toBe(1200 - 26)
    expect(limited.headers.get('ratelimit-policy')).toBe('"default";q=1200;w=300')
    for (const answer of answers)
      expect(
        [...answer.headers.keys()].filter(
          (name) =>
            !PLAIN.includes(name) &&
            !['ratelimit', 'ratelimit-policy', 'retry-after'].includes(name)
        )
      ).toEqual([])
    expect(emulator.state.throttledBy).toEqual({ purge: 1, api: 0 })
  })

  it('count URLs, and round a wait shorter than a second up to one', async () => {
    const emulator = await start({ plan: 'pro' })
    const urls = (n: number) =>
      Array.from({ length: 100 }, (_, i) => `https://www.example.com/${n}/${i}`)
    for (let n = 0; n < 15; n++)
      expect((await purge(emulator, { files: urls(n) })).status).toBe(200)
    const limited = await purge(emulator, { files: urls(15) })
    expect(limited.status).toBe(429)
    expect(limited.json).toMatchObject({ errors: [{ code: 1134 }] })
    expect(limited.headers.get('retry-after')).toBe('1')
  })

  it('are shared by every zone of the account', async () => {
    const emulator = await start({ plan: 'free' })
    for (let i = 0; i < 25; i++) await purge(emulator, { hosts: [`h${i}.example.com`] })
    const other = await purge(emulator, { hosts: ['www.example.net'] }, OTHER_ZONE.id)
    expect(other.status).toBe(429)
    expect(other.json).toMatchObject({ errors: [{ code: 1134 }] })
  })

  it('refuse more items than the plan allows per request with a plain HTTP 400', async () => {
    const emulator = await start({ plan: 'legacy' })
    const tags = Array.from({ length: 31 }, (_, i) => `t${i}`)
    const refused = await purge(emulator, { tags })
    expect(refused.status).toBe(400)
    expect(refused.json).toBeUndefined()
    expect((await purge(emulator, { tags: tags.slice(1) })).status).toBe(200)
  })
})

describe('without rate-limit headers', () => {
  it('sends no Ratelimit headers, but still Retry-After with each 429', async () => {
    const emulator = await start({
      plan: 'free',
      rateHeaders: 'none',
      apiLimit: { requests: 28, windowS: 60 }
    })
    const answers = [
      await call(emulator, 'GET', '/zones?name=example.com'),
      await call(emulator, 'GET', '/no/such/route')
    ]
    for (let i = 0; i < 26; i++) answers.push(await purge(emulator, { tags: [`t${i}`] }))
    const apiWide = await purge(emulator, { tags: ['last'] })
    answers.push(apiWide)
    for (const answer of answers) {
      expect(answer.headers.get('ratelimit')).toBeNull()
      expect(answer.headers.get('ratelimit-policy')).toBeNull()
    }
    const bucket = answers[answers.length - 2]!
    expect([bucket.status, bucket.json?.errors?.[0]?.code]).toEqual([429, 1134])
    expect(bucket.headers.get('retry-after')).toMatch(/^\d+$/)
    expect([apiWide.status, apiWide.json?.errors?.[0]?.code]).toEqual([429, 971])
    expect(Number(apiWide.headers.get('retry-after'))).toBeGreaterThanOrEqual(59)
  })
})

describe('purge bodies', () => {
  it('refuse a files array that mixes URLs and {url, headers} objects', async () => {
    const emulator = await start()
    const object = { url: 'https://www.example.com/', headers: { 'CF-Device-Type': 'mobile' } }
    const mixed = await purge(emulator, { files: ['https://www.example.com/a', object] })
    expect(mixed.status).toBe(400)
    expect(mixed.json).toMatchObject({ success: false, errors: [{ code: 1012 }] })
    expect((await purge(emulator, { files: ['https://www.example.com/a'] })).status).toBe(200)
    expect((await purge(emulator, { files: [object] })).status).toBe(200)
    expect(emulator.state.accepted).toHaveLength(2)
  })
})

describe('zones', () => {
  it('are found by name with their status and plan, and one by one by ID', async () => {
    const emulator = await start({ plan: 'business' })
    const byName = await call(emulator, 'GET', '/zones?name=EXAMPLE.net')
    expect(byName.json?.result).toEqual([
      expect.objectContaining({
        id: OTHER_ZONE.id,
        name: 'example.net',
        status: 'active',
        plan: expect.objectContaining({ legacy_id: 'business' })
      })
    ])
    const byId = await call(emulator, 'GET', `/zones/${DEFAULT_ZONE.id}`)
    expect(byId.json?.result).toMatchObject({
      id: DEFAULT_ZONE.id,
      name: 'example.com',
      plan: { legacy_id: 'business' }
    })
    const all = await call(emulator, 'GET', '/zones')
    expect((all.json?.result as { name: string }[]).map((z) => z.name)).toEqual([
      'example.com',
      'example.net'
    ])
  })

  it('report each zone its own plan and status when given', async () => {
    const emulator = await start({
      plan: 'pro',
      zones: [
        { id: DEFAULT_ZONE.id, name: 'example.com' },
        { id: OTHER_ZONE.id, name: 'example.net', plan: 'enterprise', status: 'pending' }
      ]
    })
    const other = await call(emulator, 'GET', `/zones/${OTHER_ZONE.id}`)
    expect(other.json?.result).toMatchObject({
      status: 'pending',
      plan: { legacy_id: 'enterprise' }
    })
    const first = await call(emulator, 'GET', '/zones?name=example.com')
    expect(first.json?.result).toEqual([
      expect.objectContaining({ plan: expect.objectContaining({ legacy_id: 'pro' }) })
    ])
  })

  it('need Zone Read, like the list', async () => {
    const emulator = await start()
    for (const path of [`/zones/${DEFAULT_ZONE.id}`, '/zones?name=example.com']) {
      const refused = await call(emulator, 'GET', path, undefined, PURGE_ONLY_TOKEN)
      expect(refused.status).toBe(403)
      expect(refused.json).toMatchObject({ errors: [{ code: 9109 }] })
    }
    const unknown = await call(emulator, 'GET', `/zones/${'f'.repeat(32)}`)
    expect([unknown.status, unknown.json?.errors?.[0]?.code]).toEqual([400, 7003])
  })
})

describe('environments', () => {
  const [production, staging, office] = DEFAULT_ZONE.environments
  const envPurge = (emulator: Emulator, ref: string, body: unknown) =>
    call(emulator, 'POST', `/zones/${DEFAULT_ZONE.id}/environments/${ref}/purge_cache`, body)

  it("are listed with the fields of Cloudflare's guide, refs of 28 to 32 hex characters", async () => {
    const emulator = await start()
    const listed = await call(emulator, 'GET', `/zones/${DEFAULT_ZONE.id}/environments`)
    expect(listed.status).toBe(200)
    expect(listed.json).toMatchObject({ success: true, errors: [] })
    const { environments } = listed.json!.result as { environments: Record<string, unknown>[] }
    expect(environments.map((e) => e.name)).toEqual(['Production', 'Staging', 'Office'])
    for (const e of environments) {
      expect(Object.keys(e).sort()).toEqual(
        ['expression', 'locked_on_deployment', 'name', 'position', 'ref', 'version'].sort()
      )
      expect(e.ref).toMatch(/^[0-9a-f]{28,32}$/)
    }
    expect(environments[0]).toMatchObject({
      expression: '(cf.zone.name eq "example.com")',
      position: { before: staging!.ref }
    })
    expect(environments[1]!.position).toEqual({ before: office!.ref, after: production!.ref })
    expect(environments[2]!.expression).toContain('ip.src in {')
  })

  it('are not listed without "Zone Versioning Read", nor for a zone that does not exist', async () => {
    const emulator = await start()
    for (const token of [PURGE_ONLY_TOKEN, NO_VERSIONING_TOKEN]) {
      const refused = await call(
        emulator,
        'GET',
        `/zones/${DEFAULT_ZONE.id}/environments`,
        undefined,
        token
      )
      expect([refused.status, refused.json?.errors?.[0]?.code]).toEqual([403, 9109])
    }
    // Purging needs only "Cache Purge".
    const purged = await call(
      emulator,
      'POST',
      `/zones/${DEFAULT_ZONE.id}/environments/${staging!.ref}/purge_cache`,
      { tags: ['a'] },
      NO_VERSIONING_TOKEN
    )
    expect(purged.status).toBe(200)
    const unknown = await call(emulator, 'GET', `/zones/${'f'.repeat(32)}/environments`)
    expect([unknown.status, unknown.json?.errors?.[0]?.code]).toEqual([400, 7003])
    const none = await call(emulator, 'GET', `/zones/${OTHER_ZONE.id}/environments`)
    expect(none.json?.result).toEqual({ environments: [] })
  })

  it('refuse URL purges with 1136 in the one selected by IP, and take its tags', async () => {
    const emulator = await start()
    const urls = { files: ['https://www.example.com/a'] }
    const refused = await envPurge(emulator, office!.ref, urls)
    expect([refused.status, refused.json?.errors?.[0]?.code]).toEqual([400, 1136])
    expect((await envPurge(emulator, office!.ref, { tags: ['a'] })).status).toBe(200)
    expect((await envPurge(emulator, staging!.ref, urls)).status).toBe(200)
    expect((await envPurge(emulator, production!.ref, urls)).status).toBe(200)
    const missing = await envPurge(emulator, 'f'.repeat(32), { tags: ['a'] })
    expect([missing.status, missing.json?.errors?.[0]?.code]).toEqual([400, 7003])
    expect(emulator.state.accepted.map((a) => [a.environment, a.kind])).toEqual([
      [office!.ref, 'tags'],
      [staging!.ref, 'files'],
      [production!.ref, 'files']
    ])
  })

  it('are not what the edge serves visitors: only a purge of production (or the zone) shows there', async () => {
    const emulator = await start()
    const page = () =>
      fetch(`${emulator.edgeUrl}/a`, { headers: { 'x-forwarded-host': 'www.example.com' } }).then(
        (r) => r.headers.get('cf-cache-status')
      )
    const urls = { files: ['https://www.example.com/a'] }
    expect((await envPurge(emulator, staging!.ref, urls)).status).toBe(200)
    expect(await page()).toBe('HIT')
    expect((await envPurge(emulator, production!.ref, urls)).status).toBe(200)
    expect(await page()).toBe('MISS')
  })

  it('count the edge IP as selecting by IP: the stricter guess where the docs are silent', async () => {
    const emulator = await start({
      zones: [
        {
          ...DEFAULT_ZONE,
          environments: [
            {
              ...staging!,
              expression: '((cf.edge.server_ip in {1.2.3.4})) and (cf.zone.name eq "example.com")'
            }
          ]
        }
      ]
    })
    const refused = await envPurge(emulator, staging!.ref, { files: ['https://www.example.com/'] })
    expect(refused.json?.errors?.[0]?.code).toBe(1136)
  })
})

describe('the token check (GET /user/tokens/verify)', () => {
  it("answers each token's status in the documented shape, whatever its permissions", async () => {
    const emulator = await start()
    const verify = (token: string) => call(emulator, 'GET', '/user/tokens/verify', undefined, token)
    const active = await verify(DEFAULT_TOKEN)
    expect([active.status, active.json]).toEqual([
      200,
      {
        success: true,
        errors: [],
        messages: [{ code: 10000, message: 'This API Token is valid and active', type: null }],
        result: { id: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'active' }
      }
    ])
    for (const token of [PURGE_ONLY_TOKEN, READ_ONLY_TOKEN])
      expect((await verify(token)).json?.result).toMatchObject({ status: 'active' })
    expect((await verify(EXPIRED_TOKEN)).json?.result).toMatchObject({
      status: 'expired',
      expires_on: '2024-01-01T00:00:00Z'
    })
    expect((await verify(DISABLED_TOKEN)).json?.result).toMatchObject({ status: 'disabled' })
    const unknown = await verify('no-such-token')
    expect([unknown.status, unknown.json?.errors]).toEqual([
      401,
      [{ code: 1000, message: 'Invalid API Token' }]
    ])
  })

  it('refuses every other call of an expired or disabled token, and purges of one without Cache Purge, with 10000', async () => {
    const emulator = await start()
    for (const token of [EXPIRED_TOKEN, DISABLED_TOKEN]) {
      const lookup = await call(emulator, 'GET', '/zones?name=example.com', undefined, token)
      expect([lookup.status, lookup.json?.errors?.[0]?.code]).toEqual([403, 10000])
    }
    const path = `/zones/${DEFAULT_ZONE.id}/purge_cache`
    for (const token of [EXPIRED_TOKEN, DISABLED_TOKEN, READ_ONLY_TOKEN]) {
      const refused = await call(emulator, 'POST', path, { tags: ['a'] }, token)
      expect([refused.status, refused.json?.errors?.[0]?.code]).toEqual([403, 10000])
    }
    const read = await call(emulator, 'GET', '/zones?name=example.com', undefined, READ_ONLY_TOKEN)
    expect(read.status).toBe(200)
    expect(emulator.state.accepted).toEqual([])
  })

  it("checks an account's token (cfat_) at its account's endpoint only, and a user's at the user's only", async () => {
    const emulator = await start()
    const ask = (path: string, token: string) => call(emulator, 'GET', path, undefined, token)
    const account = `/accounts/${ACCOUNT.id}/tokens/verify`
    const owned = await ask(account, ACCOUNT_TOKEN)
    expect([owned.status, owned.json?.result]).toEqual([
      200,
      { id: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'active' }
    ])
    for (const [path, token] of [
      ['/user/tokens/verify', ACCOUNT_TOKEN],
      [account, DEFAULT_TOKEN],
      [account, `cfat_${'z'.repeat(40)}`]
    ] as const) {
      const unknown = await ask(path, token)
      expect([unknown.status, unknown.json?.errors]).toEqual([
        401,
        [{ code: 1000, message: 'Invalid API Token' }]
      ])
    }
    const elsewhere = await ask(`/accounts/${'f'.repeat(32)}/tokens/verify`, ACCOUNT_TOKEN)
    expect([elsewhere.status, elsewhere.json?.errors?.[0]?.code]).toEqual([400, 7003])
    // It purges and reads as the default token does, and its zones name their account.
    const zone = await ask(`/zones/${DEFAULT_ZONE.id}`, ACCOUNT_TOKEN)
    expect(zone.json?.result).toMatchObject({ account: { id: ACCOUNT.id } })
    expect(ACCOUNT_TOKEN).toMatch(/^cfat_[A-Za-z0-9]{40}$/)
  })

  it('wants a token, not a Global API Key', async () => {
    const emulator = await start()
    const reply = await fetch(`${emulator.apiUrl}/user/tokens/verify`, {
      headers: { 'x-auth-email': DEFAULT_KEY.email, 'x-auth-key': DEFAULT_KEY.key }
    })
    expect(reply.status).toBe(400)
    expect(await reply.json()).toMatchObject({ errors: [{ code: 1001 }] })
  })
})
