/**
 * emulator/artifacts.js refuses what GitHub's artifact services refuse: it is a witness of the
 * protocol @actions/artifact speaks (build-artifact.test.ts shows the package working with it),
 * never kinder than the real services.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createArtifactService, SERVICE } from '../../emulator/artifacts.js'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  server = undefined
})

const start = async (options: Parameters<typeof createArtifactService>[0] = {}) => {
  const service = createArtifactService({ githubToken: 'ghs_rest', ...options })
  server = createServer((req, res) => {
    if (!service.handle(req, res)) res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { service, origin }
}

/** The backend IDs a runtime token names, as @actions/artifact reads them. */
const idsOf = (token: string) => {
  const scp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).scp as string
  const [, run, job] = scp
    .split(' ')
    .find((s) => s.startsWith('Actions.Results:'))!
    .split(':')
  return { workflow_run_backend_id: run, workflow_job_run_backend_id: job }
}

const twirp = (origin: string, method: string, token: string, body: object) =>
  fetch(`${origin}/twirp/${SERVICE}/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })

describe('the runtime artifact service', () => {
  it('refuses another token, another run’s IDs, a taken name and a wrong size', async () => {
    const { service, origin } = await start()
    const token = service.runtimeToken(7)
    const ids = idsOf(token)
    const create = { ...ids, name: 'm', mime_type: 'application/zip', version: 7 }
    expect((await twirp(origin, 'CreateArtifact', 'forged', create)).status).toBe(401)
    const other = idsOf(service.runtimeToken(8))
    expect((await twirp(origin, 'CreateArtifact', token, { ...create, ...other })).status).toBe(403)
    const made = await twirp(origin, 'CreateArtifact', token, create)
    const { signed_upload_url: url } = (await made.json()) as { signed_upload_url: string }
    const again = await twirp(origin, 'CreateArtifact', token, create)
    expect([again.status, await again.json()]).toEqual([
      409,
      expect.objectContaining({ code: 'already_exists' })
    ])
    expect((await fetch(url, { method: 'PUT', body: 'PK' })).status).toBe(201)
    const wrong = await twirp(origin, 'FinalizeArtifact', token, { ...ids, name: 'm', size: '3' })
    expect(wrong.status).toBe(400)
    const done = await twirp(origin, 'FinalizeArtifact', token, { ...ids, name: 'm', size: '2' })
    expect(await done.json()).toEqual({ ok: true, artifact_id: expect.any(String) })
    expect((await twirp(origin, 'Nope', token, ids)).status).toBe(404)
  })
})

describe('storage and the REST API', () => {
  it('serves a run’s artifacts and the zip through a signed URL that expires', async () => {
    let now = Date.UTC(2026, 11, 7)
    const { service, origin } = await start({ now: () => now })
    const artifact = service.put(41, 'manifest', Buffer.from('PK zip'))
    service.put(41, 'old', Buffer.from('PK'), { expired: true })
    const auth = { authorization: 'token ghs_rest' }
    expect((await fetch(`${origin}/repos/acme/site/actions/runs/41/artifacts`)).status).toBe(401)
    const list = await fetch(`${origin}/repos/acme/site/actions/runs/41/artifacts?name=manifest`, {
      headers: auth
    })
    expect(await list.json()).toMatchObject({
      total_count: 1,
      artifacts: [{ id: artifact.id, name: 'manifest', size_in_bytes: 6, expired: false }]
    })
    const zip = `${origin}/repos/acme/site/actions/artifacts/${artifact.id}/zip`
    const redirect = await fetch(zip, { headers: auth, redirect: 'manual' })
    expect(redirect.status).toBe(302)
    const location = redirect.headers.get('location')!
    const blob = await fetch(location)
    expect([blob.status, blob.headers.get('content-type'), await blob.text()]).toEqual([
      200,
      'application/zip',
      'PK zip'
    ])
    const forged = location.replace(/sig=[^&]+/, 'sig=forged')
    expect((await fetch(forged)).status).toBe(403)
    now += 61_000
    expect((await fetch(location)).status).toBe(403)
    const gone = `${origin}/repos/acme/site/actions/artifacts/${artifact.id + 1}/zip`
    expect((await fetch(gone, { headers: auth, redirect: 'manual' })).status).toBe(410)
    const unknown = `${origin}/repos/acme/site/actions/artifacts/99999/zip`
    expect((await fetch(unknown, { headers: auth, redirect: 'manual' })).status).toBe(404)
    expect(
      (await fetch(`${origin}/repos/other/repo/actions/runs/41/artifacts`, { headers: auth }))
        .status
    ).toBe(404)
  })
})

describe('the REST routes, as GitHub answers a token and a run', () => {
  const auth = { Authorization: 'Bearer ghs_rest' }
  const list = (origin: string, run: number) =>
    fetch(`${origin}/repos/acme/site/actions/runs/${run}/artifacts`, { headers: auth })

  it('answer 404 for the artifacts of a run the repository does not have, not an empty list', async () => {
    const { origin } = await start({ repository: 'acme/site', knownRun: (id) => id === 41 })
    expect((await list(origin, 41)).status).toBe(200)
    expect((await list(origin, 42)).status).toBe(404)
  })

  it('answer 403 to a token without actions: read, as the runs endpoint does', async () => {
    const { origin } = await start({ repository: 'acme/site', actionsForbidden: true })
    expect((await list(origin, 41)).status).toBe(403)
  })
})
