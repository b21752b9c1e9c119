/**
 * `changed: build`'s artifact: this run's manifest stored through the official @actions/artifact
 * and an earlier run's read back, against fakes of GitHub's artifact services over real HTTP
 * (which the package itself is first shown to speak with). Every hostile answer (huge, cut
 * short, slow, a redirect elsewhere, a zip bomb, another file, a refusal) ends in its reason
 * word before the deadline, never in a crash, and no token reaches the storage host.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  fetchManifest,
  MANIFEST_ARTIFACT,
  MANIFEST_FILE,
  previousManifest,
  storeManifest,
  type ReadConfig
} from '../../src/sources/build-artifact.js'
import {
  compareWithManifest,
  MANIFEST_LIMITS,
  manifestLines,
  readManifest,
  type Manifest
} from '../../src/sources/build-manifest.js'
import { octokitRuns } from '../../src/sources/github-runs.js'
import type { RunFacts } from '../../src/sources/last-success.js'
import {
  FAKE_GITHUB_TOKEN,
  startFakeArtifacts,
  zip,
  type FakeArtifacts,
  type Play
} from '../__fixtures__/fake-artifacts.js'
import { sha, startFakeGitHub, type FakeGitHub } from '../__fixtures__/fake-github.js'

const HASH = (n: number) => String(n).padStart(43, 'A')
const MANIFEST: Manifest = {
  createdAt: '2026-12-07T10:00:00.000Z',
  commit: sha('c'),
  files: new Map([
    ['index.html', HASH(1)],
    ['blog/index.html', HASH(2)],
    ['assets/app.1234.js', HASH(3)]
  ])
}
const manifestZip = (manifest: Manifest = MANIFEST) =>
  zip([{ name: MANIFEST_FILE, data: Buffer.from([...manifestLines(manifest)].join('')) }])

let fake: FakeArtifacts | undefined
let github: FakeGitHub | undefined
const saved = { ...process.env }
beforeEach(() => {
  // @actions/artifact reports its progress through @actions/core, to stdout: kept out of the
  // test's output (what it says is not what these tests check).
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  for (const key of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL'])
    delete process.env[key]
})
afterEach(async () => {
  jest.restoreAllMocks()
  await fake?.close()
  await github?.close()
  fake = github = undefined
  process.env = { ...saved }
})

const start = async (play?: Play) => {
  fake = await startFakeArtifacts(play === undefined ? {} : { play })
  return fake
}

const config = (extra: Partial<ReadConfig> = {}): ReadConfig => ({
  apiUrl: fake!.apiUrl,
  token: FAKE_GITHUB_TOKEN,
  repository: 'acme/site',
  userAgent: 'test-agent/1.0',
  requestTimeoutMs: 5000,
  deadline: Date.now() + 10_000,
  ...extra
})

/** The runtime's variables for run `runId`, as the runner gives them to a JavaScript action. */
const onRunner = (runId: number) => {
  process.env.ACTIONS_RUNTIME_TOKEN = fake!.service.runtimeToken(runId)
  process.env.ACTIONS_RESULTS_URL = `${fake!.resultsUrl}/`
}

describe('the fake speaks what @actions/artifact speaks', () => {
  it('takes an upload from the package, and gives it back to its findBy', async () => {
    await start()
    onRunner(41)
    process.env.GITHUB_API_URL = fake!.apiUrl
    const dir = mkdtempSync(join(tmpdir(), 'artifact-in-'))
    const stored = await storeManifest(MANIFEST, { deadline: Date.now() + 10_000, tempDir: dir })
    expect(stored).toMatchObject({ stored: true, id: expect.any(Number) })
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const client = new DefaultArtifactClient()
    const findBy = {
      token: FAKE_GITHUB_TOKEN,
      workflowRunId: 41,
      repositoryOwner: 'acme',
      repositoryName: 'site'
    }
    const { artifact } = await client.getArtifact(MANIFEST_ARTIFACT, { findBy })
    const out = mkdtempSync(join(tmpdir(), 'artifact-out-'))
    await client.downloadArtifact(artifact.id, { path: out, findBy })
    expect(readdirSync(out)).toEqual([MANIFEST_FILE])
    expect(readFileSync(join(out, MANIFEST_FILE), 'utf8')).toBe(
      [...manifestLines(MANIFEST)].join('')
    )
    // The temporary folder the manifest was written to is gone.
    expect(readdirSync(dir)).toEqual([])
    // What each host saw: Twirp with the runtime token, blobs with none, REST with the token.
    const byPath = fake!.service.requests.map((r) => [r.method, r.path.split('/')[1]])
    expect(byPath.slice(0, 4)).toEqual([
      ['POST', 'twirp'],
      ['PUT', '_blob'],
      ['PUT', '_blob'],
      ['POST', 'twirp']
    ])
  })
})

describe('storeManifest', () => {
  it('stores the manifest, which fetchManifest then reads back whole', async () => {
    await start()
    onRunner(41)
    const stored = await storeManifest(MANIFEST, { deadline: Date.now() + 10_000 })
    expect(stored).toMatchObject({ stored: true })
    const read = await fetchManifest(41, config(), readManifest)
    expect('read' in read && read.read).toEqual(MANIFEST)
  })

  it('says why when it cannot store: no runtime variables, a name taken, no answer', async () => {
    await start('twirp-hang')
    expect(await storeManifest(MANIFEST, { deadline: Date.now() + 5000 })).toEqual({
      stored: false,
      detail: expect.stringMatching(/ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set/)
    })
    onRunner(41)
    expect(await storeManifest(MANIFEST, { deadline: Date.now() + 300 })).toEqual({
      stored: false,
      detail: "the artifact service did not finish within the step's timeout",
      abandoned: true
    })
    await fake!.close()
    fake = await startFakeArtifacts()
    onRunner(41)
    fake.service.put(41, MANIFEST_ARTIFACT, manifestZip())
    expect(
      await storeManifest(MANIFEST, { deadline: Date.now() + 10_000, tempDir: '/nonexistent/x' })
    ).toEqual({ stored: false, detail: expect.stringMatching(/^no folder to write it to/) })
    const again = await storeManifest(MANIFEST, { deadline: Date.now() + 10_000 })
    expect(again).toEqual({ stored: false, detail: expect.stringMatching(/already exists/) })
    expect(JSON.stringify(again)).not.toContain(process.env.ACTIONS_RUNTIME_TOKEN)
  })

  it('throws the cancel, not a reason', async () => {
    await start('twirp-hang')
    onRunner(41)
    const controller = new AbortController()
    const stored = storeManifest(MANIFEST, {
      deadline: Date.now() + 10_000,
      signal: controller.signal
    })
    const reason = new Error('cancelled')
    setTimeout(() => controller.abort(reason), 50)
    await expect(stored).rejects.toBe(reason)
  })
})

describe('fetchManifest', () => {
  const plant = (content: Buffer, options: { expired?: boolean } = {}) =>
    fake!.service.put(41, MANIFEST_ARTIFACT, content, options)

  it('reads the newest manifest of the run, downloaded without the token', async () => {
    await start()
    plant(manifestZip({ ...MANIFEST, files: new Map() }))
    plant(manifestZip())
    const read = await fetchManifest(41, config(), readManifest)
    expect(read).toMatchObject({ read: MANIFEST, artifact: { id: expect.any(Number) } })
    const storage = fake!.service.requests.filter((r) => r.path.startsWith('/_blob/'))
    expect(storage).toHaveLength(1)
    expect(storage[0]!.headers.authorization).toBeUndefined()
  })

  const reasonOf = async (play: Play | undefined, content?: Buffer, extra = {}) => {
    await start(play)
    if (content !== undefined) plant(content)
    // Only the answers that never end wait for the deadline; the endless zip meets a small bound.
    const slow = play?.startsWith('slow') === true
    const read = await fetchManifest(
      41,
      config({
        deadline: Date.now() + (slow ? 1500 : 15_000),
        ...(play === 'huge-zip'
          ? { limits: { ...MANIFEST_LIMITS, maxZipBytes: 1024 * 1024 } }
          : {}),
        ...extra
      }),
      readManifest
    )
    return 'reason' in read ? `${read.reason}: ${read.detail}` : 'manifest'
  }

  it.each<[string, Play | undefined, Buffer | undefined, RegExp]>([
    ['no artifact in the run', undefined, undefined, /^first-run: run 41 kept no artifact/],
    [
      'a job without actions: read',
      'forbidden',
      manifestZip(),
      /^no-permission: .*"actions: read"/
    ],
    ['the rate limit', 'rate-limited', manifestZip(), /^unreachable: .*HTTP 403/],
    ['an endless list', 'huge-list', manifestZip(), /^too-large: listing the artifacts/],
    ['a list that is not one', 'not-a-list', manifestZip(), /^unreachable: .*is not a list/],
    ['a list that never ends', 'slow-list', manifestZip(), /^unreachable: .*step's timeout/],
    ['a download that never ends', 'slow-download', manifestZip(), /^unreachable: .*timeout/],
    ['storage that never ends', 'slow-storage', manifestZip(), /^unreachable: .*timeout/],
    ['a 200 for the download', 'download-200', manifestZip(), /^unreachable: .*not a redirect/],
    ['a redirect to ftp:', 'redirect-downgrade', manifestZip(), /^unreachable: .*not an https/],
    ['a second redirect', 'redirect-away', manifestZip(), /^unreachable: .*not followed/],
    ['endless storage', 'huge-zip', manifestZip(), /^too-large: .*larger than/],
    ['a zip cut short', 'truncated-zip', manifestZip(), /^malformed: .*not a zip file/],
    [
      'a zip bomb',
      undefined,
      zip([{ name: MANIFEST_FILE, data: Buffer.alloc(4 * 1024 * 1024) }]),
      /^too-large: .*inflates \d+ times over/
    ],
    [
      'an entry that is not the manifest',
      undefined,
      zip([{ name: 'payload.exe', data: Buffer.from('MZ') }]),
      /^malformed: .*holds "payload.exe"/
    ],
    [
      'a manifest of another version',
      undefined,
      zip([
        {
          name: MANIFEST_FILE,
          data: Buffer.from('{"format":"cloudflare-purge-manifest","version":9}\n')
        }
      ]),
      /^old-format: /
    ],
    [
      'a manifest with a path out of the folder',
      undefined,
      zip([
        {
          name: MANIFEST_FILE,
          data: Buffer.from(
            [...manifestLines({ ...MANIFEST, files: new Map([['../x', HASH(1)]]) })].join('')
          )
        }
      ]),
      /^malformed: the manifest of run 41: line 2 has the path "\.\.\/x"/
    ]
  ])('ends %s in its reason word', async (_what, play, content, reason) => {
    expect(await reasonOf(play, content)).toMatch(reason)
    // Nothing reached the host a second redirect pointed to.
    expect(fake!.seen).toEqual([])
  })

  it('says expired for an expired artifact, and too-large for one listed too large', async () => {
    expect(await reasonOf(undefined, manifestZip())).toBe('manifest')
    await fake!.close()
    await start()
    plant(manifestZip(), { expired: true })
    const expired = await fetchManifest(41, config(), readManifest)
    expect('reason' in expired && expired.reason).toBe('expired')
    const small = {
      limits: { maxZipBytes: 10, maxManifestBytes: 100, maxEntries: 10, maxRatio: 50 }
    }
    await fake!.close()
    expect(await reasonOf(undefined, manifestZip(), small)).toMatch(
      /^too-large: the artifact .* is \d+ bytes/
    )
  })

  it('throws the cancel, not a reason', async () => {
    await start('slow-storage')
    plant(manifestZip())
    const controller = new AbortController()
    const reason = new Error('cancelled')
    setTimeout(() => controller.abort(reason), 100)
    await expect(
      fetchManifest(41, config({ signal: controller.signal }), readManifest)
    ).rejects.toBe(reason)
  })
})

describe('previousManifest', () => {
  const HEAD = sha('d')
  const facts = (extra: Partial<RunFacts> = {}): RunFacts => ({
    event: {
      name: 'push',
      payload: { ref: 'refs/heads/main', before: sha('c'), after: HEAD },
      sha: HEAD
    },
    runId: '100',
    ref: 'refs/heads/main',
    serverUrl: 'https://github.com',
    repository: 'acme/site',
    deadline: Date.now() + 10_000,
    token: FAKE_GITHUB_TOKEN,
    ...extra
  })
  const startBoth = async (options: Parameters<typeof startFakeGitHub>[0] = {}) => {
    await start()
    github = await startFakeGitHub({
      token: FAKE_GITHUB_TOKEN,
      runs: [
        { id: 100, head_sha: HEAD, status: 'in_progress' },
        { id: 95, head_sha: sha('e'), conclusion: 'failure' },
        { id: 90, head_sha: sha('c') }
      ],
      routes: fake!.routes,
      ...options
    })
    const shared = { apiUrl: github.apiUrl, token: FAKE_GITHUB_TOKEN, repository: 'acme/site' }
    return {
      runs: octokitRuns({
        ...shared,
        userAgent: 'test',
        requestTimeoutMs: 5000,
        deadline: Date.now() + 10_000
      }),
      read: config({ apiUrl: github.apiUrl })
    }
  }

  it('reads the manifest of the last successful run, found as last-success finds it', async () => {
    const { runs, read } = await startBoth()
    fake!.service.put(95, MANIFEST_ARTIFACT, manifestZip({ ...MANIFEST, files: new Map() }))
    fake!.service.put(90, MANIFEST_ARTIFACT, manifestZip())
    const found = await previousManifest(runs, facts(), read, readManifest)
    expect(found).toMatchObject({ read: MANIFEST, run: { id: 90, sha: sha('c') } })
    // The same, compared as it streams in with this build (one page changed, one added).
    const current = new Map(MANIFEST.files)
    current.set('index.html', HASH(9))
    current.set('new/index.html', HASH(4))
    const compared = await previousManifest(runs, facts(), read, compareWithManifest(current))
    expect(compared).toMatchObject({
      read: {
        previous: { commit: sha('c'), files: 3 },
        diff: {
          changed: ['index.html'],
          added: ['new/index.html'],
          removed: [],
          unchanged: ['blog/index.html', 'assets/app.1234.js']
        }
      }
    })
  })

  it('says first-run without an earlier run, and no-permission without actions: read', async () => {
    const first = await startBoth({ runs: [{ id: 100, head_sha: HEAD, status: 'in_progress' }] })
    expect(await previousManifest(first.runs, facts(), first.read, readManifest)).toMatchObject({
      reason: 'first-run'
    })
    await github!.close()
    await fake!.close()
    const forbidden = await startBoth({ actionsForbidden: true })
    expect(
      await previousManifest(forbidden.runs, facts(), forbidden.read, readManifest)
    ).toMatchObject({
      reason: 'no-permission',
      detail: expect.stringMatching(/"actions: read"/)
    })
  })
})
