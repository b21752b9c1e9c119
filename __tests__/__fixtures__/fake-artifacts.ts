/**
 * GitHub's artifact services over real HTTP on 127.0.0.1, speaking what `@actions/artifact` 6
 * speaks (emulator/artifacts.js, docs/build-diff.md), on three hosts as GitHub's are: the REST
 * API (`apiUrl`: a run's artifacts, the zip's redirect), the runtime's Twirp service
 * (`resultsUrl`, for ACTIONS_RESULTS_URL) and blob storage (`storageUrl`, where the signed URLs
 * point). `play` makes one of them hostile; `zip()` builds the artifacts to plant with `put`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createArtifactService } from '../../emulator/artifacts.js'
import { zip, type ZipEntrySpec } from '../../emulator/zip.js'

/**
 * - `huge-list`: the REST list of a run's artifacts is an endless JSON body;
 * - `huge-zip`: storage streams far more bytes than any manifest, with no Content-Length;
 * - `truncated-zip`: storage sends the first half of the zip and ends;
 * - `redirect-away`: storage answers a further redirect to `elsewhereUrl` (which logs what reaches it);
 * - `redirect-downgrade`: the REST download redirects to an `ftp:` URL, not http(s);
 * - `slow-list`, `slow-download`, `slow-storage`: headers, then nothing (or no answer at all);
 * - `forbidden`: the REST calls answer 403 as to a job without `actions: read`;
 * - `rate-limited`: 403 with `x-ratelimit-remaining: 0`;
 * - `not-a-list`: the list answers 200 with `{"artifacts": "no"}`;
 * - `download-200`: the REST download answers 200 with a body instead of a redirect;
 * - `twirp-500`: the runtime service answers 500 to everything;
 * - `twirp-hang`: the runtime service never answers.
 */
export type Play =
  | 'huge-list'
  | 'huge-zip'
  | 'truncated-zip'
  | 'redirect-away'
  | 'redirect-downgrade'
  | 'slow-list'
  | 'slow-download'
  | 'slow-storage'
  | 'forbidden'
  | 'rate-limited'
  | 'not-a-list'
  | 'download-200'
  | 'twirp-500'
  | 'twirp-hang'

export const FAKE_GITHUB_TOKEN = 'ghs_fakeArtifactsToken0123456789abcdefgh'

export interface FakeArtifactsOptions {
  repository?: string
  play?: Play
  /** The token the REST routes take: FAKE_GITHUB_TOKEN by default. */
  githubToken?: string
}

const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/** Answers a hostile `play` for the route, or returns false to let the service answer. */
const hostile = (
  play: Play | undefined,
  route: 'list' | 'download' | 'storage' | 'twirp',
  req: IncomingMessage,
  res: ServerResponse,
  elsewhere: string,
  service: ReturnType<typeof createArtifactService> | undefined
): boolean => {
  const is = (p: Play, r: typeof route) => play === p && route === r
  const rest = route === 'list' || route === 'download'
  if ((play === 'forbidden' || play === 'rate-limited') && rest) {
    res.writeHead(403, {
      'content-type': 'application/json',
      ...(play === 'rate-limited' ? { 'x-ratelimit-remaining': '0' } : {})
    })
    res.end(
      JSON.stringify({
        message:
          play === 'forbidden'
            ? 'Resource not accessible by integration'
            : 'API rate limit exceeded',
        status: '403'
      })
    )
    return true
  }
  if (is('huge-list', 'list') || is('huge-zip', 'storage')) {
    res.writeHead(200, {
      'content-type': route === 'list' ? 'application/json' : 'application/zip'
    })
    if (route === 'list') res.write('{"total_count":1,"artifacts":[')
    const chunk = Buffer.alloc(64 * 1024, route === 'list' ? ' ' : 0)
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump)
    }
    pump()
    return true
  }
  if (is('slow-list', 'list') || is('slow-storage', 'storage') || play === 'slow-download') {
    if (play === 'slow-download' && route !== 'download') return false
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write(route === 'storage' ? 'PK' : '{')
    return true
  }
  if (play === 'twirp-hang' && route === 'twirp') return true
  if (is('twirp-500', 'twirp')) {
    res.writeHead(500, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ code: 'internal', msg: 'injected' }))
    return true
  }
  if (is('not-a-list', 'list')) {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"total_count":1,"artifacts":"no"}')
    return true
  }
  if (is('download-200', 'download')) {
    res.writeHead(200, { 'content-type': 'application/zip' })
    res.end('PK')
    return true
  }
  if (is('redirect-downgrade', 'download')) {
    res.writeHead(302, { location: 'ftp://127.0.0.1/artifact.zip' })
    res.end()
    return true
  }
  if (is('truncated-zip', 'storage')) {
    const id = Number(/\/_blob\/(\d+)\//.exec(req.url ?? '')?.[1])
    const content = service?.artifacts.find((a) => a.id === id)?.content ?? Buffer.alloc(0)
    res.writeHead(200, { 'content-type': 'application/zip' })
    res.end(content.subarray(0, Math.floor(content.length / 2)))
    return true
  }
  if (is('redirect-away', 'storage')) {
    res.writeHead(302, { location: `${elsewhere}/stolen?sig=x` })
    res.end()
    return true
  }
  return false
}

export const startFakeArtifacts = async (options: FakeArtifactsOptions = {}) => {
  const seen: { host: 'elsewhere'; headers: IncomingMessage['headers'] }[] = []
  const elsewhere = await listen((req, res) => {
    seen.push({ host: 'elsewhere', headers: req.headers })
    res.writeHead(200, { 'content-type': 'application/zip' })
    res.end(zip([{ name: 'build-manifest.jsonl', data: Buffer.from('stolen\n') }]))
  })
  // Made once the storage server's port is known; the handlers run only after that.
  const made: { service?: ReturnType<typeof createArtifactService> } = {}
  const routed =
    (route: (req: IncomingMessage) => 'list' | 'download' | 'storage' | 'twirp') =>
    (req: IncomingMessage, res: ServerResponse) => {
      if (hostile(options.play, route(req), req, res, elsewhere.url, made.service)) return
      if (!made.service!.handle(req, res)) {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end('{"message":"Not Found"}')
      }
    }
  const api = await listen(
    routed((req) => (/\/runs\/\d+\/artifacts/.test(req.url ?? '') ? 'list' : 'download'))
  )
  const results = await listen(routed(() => 'twirp'))
  const storage = await listen(routed(() => 'storage'))
  const storageUrl = storage.url
  const service = createArtifactService({
    repository: options.repository ?? 'acme/site',
    githubToken: options.githubToken ?? FAKE_GITHUB_TOKEN,
    storageOrigin: storageUrl
  })
  made.service = service
  const restRoute = (req: IncomingMessage) =>
    /\/runs\/\d+\/artifacts/.test(req.url ?? '') ? 'list' : 'download'
  return {
    service,
    /** The REST routes, to mount on the fake GitHub beside the runs (its `routes` option). */
    routes: (req: IncomingMessage, res: ServerResponse): boolean => {
      if (!/\/actions\/(?:runs\/\d+\/artifacts|artifacts\/\d+\/zip)/.test(req.url ?? ''))
        return false
      return (
        hostile(options.play, restRoute(req), req, res, elsewhere.url, service) ||
        service.handle(req, res)
      )
    },
    apiUrl: api.url,
    resultsUrl: results.url,
    storageUrl,
    elsewhereUrl: elsewhere.url,
    /** What reached the `redirect-away` target. */
    seen,
    close: async () => {
      for (const s of [api, results, storage, elsewhere]) await close(s.server)
    }
  }
}

export type FakeArtifacts = Awaited<ReturnType<typeof startFakeArtifacts>>

export { zip, type ZipEntrySpec }
