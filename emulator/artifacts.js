// @ts-check
/**
 * GitHub's artifact services as the official `@actions/artifact` (6.x) speaks them, for the tests
 * and for trying `changed: build` locally (two builds in a row: the second compares with the
 * manifest the first stored). What each call sends and expects, with references into the
 * package, is in docs/build-diff.md. Three families of routes, which GitHub serves from three
 * hosts and this module from whatever host mounts it:
 *
 * - the runtime's artifact service (ACTIONS_RESULTS_URL, with ACTIONS_RUNTIME_TOKEN as Bearer):
 *   Twirp over JSON, `POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>` for
 *   CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL and DeleteArtifact;
 * - blob storage behind the signed URLs it hands out: `PUT ...?comp=block&blockid=` and
 *   `PUT ...?comp=blocklist` (the Azure SDK's uploadStream), a plain `PUT` (Put Blob), `GET`;
 * - the REST API (GITHUB_API_URL, with a GitHub token): `GET /repos/{owner}/{repo}/actions/runs/
 *   {run_id}/artifacts` (optionally `?name=`, paginated) and `GET /repos/{owner}/{repo}/actions/
 *   artifacts/{artifact_id}/zip`, a 302 to a signed blob URL (410 once expired).
 *
 * Usage: `const artifacts = createArtifactService({ repository: 'acme/site', githubToken })`,
 * then in any `http.createServer((req, res) => { if (artifacts.handle(req, res)) return; ... })`.
 * A run's runtime token comes from `artifacts.runtimeToken(runId)`: give it to the action as
 * ACTIONS_RUNTIME_TOKEN, with ACTIONS_RESULTS_URL set to the server's origin.
 *
 * Where GitHub documents nothing (Twirp error codes other than not_found, the blob store's
 * headers), this module answers as the package's source expects and no kinder: an unknown run,
 * a wrong token, a second artifact of the same name in a run, a bad signature or an expired
 * signed URL are refused.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

export const SERVICE = 'github.actions.results.api.v1.ArtifactService'
const TWIRP = `/twirp/${SERVICE}/`
const BLOB = '/_blob/'
/** GitHub: "The URL expires after 1 minute" (REST download); the runtime's are similar. */
const SIGNED_URL_TTL_MS = 60_000
/** Artifacts are kept 90 days unless the repository says otherwise (1 to 400). */
const RETENTION_DAYS = 90
/** The most one request body may hold here: 64 MiB, far beyond a manifest. */
const MAX_BODY = 64 * 1024 * 1024

/**
 * @typedef {{
 *   id: number, runId: number, runBackendId: string, jobBackendId: string, name: string,
 *   mimeType: string, createdAt: Date, expiresAt: Date, sig: string,
 *   blocks: Map<string, Buffer>, content: Buffer | undefined, finalized: boolean,
 *   digest: string | undefined, expired: boolean
 * }} StoredArtifact
 * @typedef {{ method: string, path: string, query: URLSearchParams,
 *   headers: import('node:http').IncomingHttpHeaders }} Logged
 * @typedef {{ repository?: string, githubToken?: string, headBranch?: string,
 *   now?: () => number, signedUrlTtlMs?: number, storageOrigin?: string, apiPath?: string,
 *   knownRun?: (id: number) => boolean, actionsForbidden?: boolean }} ArtifactOptions
 *   `githubToken`: the REST API's token (any token when unset); `now`: epoch ms, for expiries;
 *   `storageOrigin`: where signed URLs point (by default the host that was asked), for a blob
 *   store on another host than the API, as GitHub's is; `apiPath`: the REST API's path on the
 *   host, in the URLs its answers give (the emulator's `/github`); `knownRun`: whether the
 *   repository has that run (GitHub answers 404 for the artifacts of one it has not; every run
 *   when unset); `actionsForbidden`: the REST routes answer 403, as the other Actions endpoints
 *   do for a token without `actions: read`.
 */

/** Base64url without padding, as JWTs use. @param {string} text */
const b64url = (text) => Buffer.from(text).toString('base64url')

/**
 * A token shaped as the runtime's: a JWT whose `scp` claim names the run's and job's backend IDs
 * (`Actions.Results:<run>:<job>`), which @actions/artifact decodes (shared/util.js). Unsigned:
 * the package never checks a signature, and this module compares the whole string.
 * @param {string} runBackendId @param {string} jobBackendId
 */
const jwt = (runBackendId, jobBackendId) =>
  [
    b64url(JSON.stringify({ typ: 'JWT', alg: 'none' })),
    b64url(
      JSON.stringify({
        scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runBackendId}:${jobBackendId}`
      })
    ),
    'emulator'
  ].join('.')

/**
 * The body of a request, at most `limit` bytes (else undefined).
 * @param {import('node:http').IncomingMessage} req @param {number} limit
 * @returns {Promise<Buffer | undefined>}
 */
const readBody = (req, limit) =>
  new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > limit) {
        resolve(undefined)
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** Twirp's error shape: `{"code": "...", "msg": "..."}` (the package reads `msg`). */
const TWIRP_STATUS = /** @type {Record<string, number>} */ ({
  bad_route: 404,
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 412
})
/** @param {import('node:http').ServerResponse} res @param {string} code @param {string} msg */
const twirpError = (res, code, msg) => json(res, TWIRP_STATUS[code] ?? 500, { code, msg })

/** A protobuf Timestamp in its JSON form (RFC 3339, UTC). @param {Date} date */
const timestamp = (date) => date.toISOString()

/** @param {ArtifactOptions} [options] */
export const createArtifactService = (options = {}) => {
  const repository = options.repository ?? 'acme/site'
  const now = options.now ?? Date.now
  const ttl = options.signedUrlTtlMs ?? SIGNED_URL_TTL_MS
  /** @type {StoredArtifact[]} */
  const artifacts = []
  /** runtime token -> its run and backend IDs */
  const tokens = new Map()
  /** @type {Logged[]} */
  const requests = []
  let nextId = 1000

  /** The runtime token of a run's job: the same for the same run and job. */
  const runtimeToken = (/** @type {number} */ runId, jobId = 1) => {
    for (const [token, ids] of tokens) if (ids.runId === runId && ids.jobId === jobId) return token
    const runBackendId =
      [...tokens.values()].find((ids) => ids.runId === runId)?.runBackendId ?? randomUUID()
    const jobBackendId = randomUUID()
    const token = jwt(runBackendId, jobBackendId)
    tokens.set(token, { runId, jobId, runBackendId, jobBackendId })
    return token
  }

  /** A signed URL of the blob store, on the host that was asked. @param {string} host @param {StoredArtifact} artifact */
  const signedUrl = (host, artifact) => {
    const expires = new Date(now() + ttl).toISOString()
    return `${options.storageOrigin ?? `http://${host}`}${BLOB}${artifact.id}/${encodeURIComponent(artifact.name)}.zip?sv=2024-08-04&se=${encodeURIComponent(expires)}&sr=b&sp=rcw&sig=${encodeURIComponent(artifact.sig)}`
  }

  /**
   * Plants a finalized artifact in a run, as an earlier run would have uploaded it: for tests
   * (hostile contents) and demos. @param {number} runId @param {string} name @param {Buffer} content
   */
  const put = (runId, name, content, { expired = false, mimeType = 'application/zip' } = {}) => {
    runtimeToken(runId)
    const ids = [...tokens.values()].find((t) => t.runId === runId)
    /** @type {StoredArtifact} */
    const artifact = {
      id: nextId++,
      runId,
      runBackendId: ids.runBackendId,
      jobBackendId: ids.jobBackendId,
      name,
      mimeType,
      createdAt: new Date(now()),
      expiresAt: new Date(now() + RETENTION_DAYS * 86_400_000),
      sig: randomBytes(24).toString('base64'),
      blocks: new Map(),
      content,
      finalized: true,
      digest: `sha256:${createHash('sha256').update(content).digest('hex')}`,
      expired
    }
    artifacts.push(artifact)
    return artifact
  }

  /**
   * @typedef {{ runId: number, jobId: number, runBackendId: string, jobBackendId: string }} Ids
   * @typedef {(body: Record<string, unknown>, ids: Ids, host: string, res: import('node:http').ServerResponse) => void} Method
   */
  /** @param {Ids} ids */
  const ofRun = (ids) => artifacts.filter((a) => a.runBackendId === ids.runBackendId)

  /** @type {Method} */
  const createArtifact = (body, ids, host, res) => {
    const name = typeof body.name === 'string' ? body.name : ''
    if (name === '' || /[":<>|*?\r\n\\/]/.test(name))
      return twirpError(res, 'invalid_argument', 'invalid artifact name')
    if (body.version !== 7 && body.version !== 4)
      return twirpError(res, 'invalid_argument', 'unsupported artifact version')
    if (ofRun(ids).some((a) => a.name === name))
      return twirpError(res, 'already_exists', `an artifact named ${name} already exists`)
    const artifact = put(ids.runId, name, Buffer.alloc(0))
    Object.assign(artifact, {
      jobBackendId: ids.jobBackendId,
      mimeType: typeof body.mime_type === 'string' ? body.mime_type : 'application/zip',
      content: undefined,
      finalized: false,
      digest: undefined,
      ...(typeof body.expires_at === 'string' ? { expiresAt: new Date(body.expires_at) } : {})
    })
    json(res, 200, { ok: true, signed_upload_url: signedUrl(host, artifact) })
  }

  /** @type {Method} */
  const finalizeArtifact = (body, ids, _host, res) => {
    const artifact = ofRun(ids).find((a) => a.name === body.name && !a.finalized)
    if (artifact === undefined) return twirpError(res, 'not_found', 'no such artifact')
    if (artifact.content === undefined)
      return twirpError(res, 'failed_precondition', 'nothing was uploaded')
    if (String(body.size) !== String(artifact.content.length))
      return twirpError(res, 'invalid_argument', 'the size differs from what was uploaded')
    const hash = `sha256:${createHash('sha256').update(artifact.content).digest('hex')}`
    if (body.hash !== undefined && body.hash !== hash)
      return twirpError(res, 'invalid_argument', 'the hash differs from what was uploaded')
    artifact.finalized = true
    artifact.digest = hash
    json(res, 200, { ok: true, artifact_id: String(artifact.id) })
  }

  /** @type {Method} */
  const listArtifacts = (body, ids, _host, res) => {
    const listed = ofRun(ids).filter(
      (a) =>
        a.finalized &&
        !a.expired &&
        (body.name_filter === undefined || a.name === body.name_filter) &&
        (body.id_filter === undefined || String(a.id) === String(body.id_filter))
    )
    json(res, 200, {
      artifacts: listed.map((a) => ({
        workflow_run_backend_id: a.runBackendId,
        workflow_job_run_backend_id: a.jobBackendId,
        database_id: String(a.id),
        name: a.name,
        size: String(a.content?.length ?? 0),
        created_at: timestamp(a.createdAt),
        ...(a.digest === undefined ? {} : { digest: a.digest })
      }))
    })
  }

  /** @param {Method} answer @returns {Method} */
  const existing = (answer) => (body, ids, host, res) => {
    const artifact = ofRun(ids).find((a) => a.name === body.name && a.finalized && !a.expired)
    if (artifact === undefined) return twirpError(res, 'not_found', 'no such artifact')
    answer({ ...body, artifact }, ids, host, res)
  }

  /** @type {Record<string, Method>} */
  const METHODS = {
    CreateArtifact: createArtifact,
    FinalizeArtifact: finalizeArtifact,
    ListArtifacts: listArtifacts,
    GetSignedArtifactURL: existing((body, _ids, host, res) =>
      json(res, 200, { signed_url: signedUrl(host, /** @type {StoredArtifact} */ (body.artifact)) })
    ),
    DeleteArtifact: existing((body, _ids, _host, res) => {
      const artifact = /** @type {StoredArtifact} */ (body.artifact)
      artifacts.splice(artifacts.indexOf(artifact), 1)
      json(res, 200, { ok: true, artifact_id: String(artifact.id) })
    })
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} method */
  const twirp = async (req, res, method) => {
    const ids = tokens.get(String(req.headers.authorization ?? '').replace(/^Bearer /, ''))
    if (ids === undefined) return twirpError(res, 'unauthenticated', 'invalid runtime token')
    const answer = METHODS[method]
    if (answer === undefined) return twirpError(res, 'bad_route', `no method ${method}`)
    const raw = await readBody(req, 1024 * 1024)
    /** @type {Record<string, unknown>} */
    let body
    try {
      body = JSON.parse(String(raw))
    } catch {
      return twirpError(res, 'invalid_argument', 'the body is not JSON')
    }
    if (
      body.workflow_run_backend_id !== ids.runBackendId ||
      body.workflow_job_run_backend_id !== ids.jobBackendId
    )
      return twirpError(res, 'permission_denied', 'the backend IDs are not the token’s')
    answer(body, ids, String(req.headers.host), res)
  }

  /** Blob storage behind the signed URLs. @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  const blob = async (req, res, url) => {
    const id = Number(url.pathname.slice(BLOB.length).split('/')[0])
    const artifact = artifacts.find((a) => a.id === id)
    const se = Date.parse(url.searchParams.get('se') ?? '')
    if (artifact === undefined || url.searchParams.get('sig') !== artifact.sig || !(se > now())) {
      res.writeHead(403, {
        'content-type': 'application/xml',
        'x-ms-error-code': 'AuthenticationFailed'
      })
      return res.end(
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>'
      )
    }
    const created = {
      etag: `"0x${id.toString(16)}"`,
      'last-modified': new Date(now()).toUTCString(),
      'x-ms-version': '2024-08-04',
      'x-ms-request-server-encrypted': 'true'
    }
    if (req.method === 'GET') {
      if (artifact.content === undefined || !artifact.finalized) {
        res.writeHead(404, { 'x-ms-error-code': 'BlobNotFound' })
        return res.end()
      }
      res.writeHead(200, {
        'content-type': artifact.mimeType,
        'content-length': String(artifact.content.length),
        'content-disposition': `attachment; filename="${artifact.name}.zip"; filename*=UTF-8''${encodeURIComponent(artifact.name)}.zip`
      })
      return res.end(artifact.content)
    }
    if (req.method !== 'PUT' || artifact.finalized) {
      res.writeHead(409, { 'x-ms-error-code': 'BlobImmutable' })
      return res.end()
    }
    const body = await readBody(req, MAX_BODY)
    if (body === undefined) {
      res.writeHead(413, { 'x-ms-error-code': 'RequestBodyTooLarge' })
      return res.end()
    }
    const comp = url.searchParams.get('comp')
    if (comp === 'block') {
      artifact.blocks.set(url.searchParams.get('blockid') ?? '', body)
      res.writeHead(201, {
        ...created,
        'content-md5': createHash('md5').update(body).digest('base64')
      })
      return res.end()
    }
    if (comp === 'blocklist') {
      const ids = [...String(body).matchAll(/<(?:Latest|Uncommitted)>([^<]*)<\//g)].map(
        (m) => m[1] ?? ''
      )
      if (ids.some((block) => !artifact.blocks.has(block))) {
        res.writeHead(400, { 'x-ms-error-code': 'InvalidBlockList' })
        return res.end()
      }
      artifact.content = Buffer.concat(
        ids.map((block) => /** @type {Buffer} */ (artifact.blocks.get(block)))
      )
      artifact.blocks.clear()
    } else artifact.content = body
    const type = req.headers['x-ms-blob-content-type']
    if (typeof type === 'string') artifact.mimeType = type
    res.writeHead(201, created)
    return res.end()
  }

  /** The REST API: a run's artifacts, and an artifact's zip. @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {RegExpExecArray} match @param {URL} url */
  const rest = (req, res, match, url) => {
    const auth = String(req.headers.authorization ?? '').replace(/^(?:token|bearer) /i, '')
    if (options.githubToken !== undefined && auth !== options.githubToken)
      return json(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401'
      })
    if (match[1] !== repository) return json(res, 404, { message: 'Not Found', status: '404' })
    if (options.actionsForbidden === true)
      return json(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/actions/artifacts',
        status: '403'
      })
    const [, , kind, idText] = match
    if (kind === 'runs' && options.knownRun !== undefined && !options.knownRun(Number(idText)))
      return json(res, 404, { message: 'Not Found', status: '404' })
    const host = String(req.headers.host)
    const base = `http://${host}${options.apiPath ?? ''}/repos/${repository}/actions/artifacts`
    if (kind === 'runs') {
      const name = url.searchParams.get('name')
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100)
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
      const listed = artifacts
        .filter(
          (a) => a.finalized && a.runId === Number(idText) && (name === null || a.name === name)
        )
        .sort((a, b) => b.id - a.id)
      return json(res, 200, {
        total_count: listed.length,
        artifacts: listed.slice((page - 1) * perPage, page * perPage).map((a) => ({
          id: a.id,
          node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
          name: a.name,
          size_in_bytes: a.content?.length ?? 0,
          url: `${base}/${a.id}`,
          archive_download_url: `${base}/${a.id}/zip`,
          expired: a.expired,
          created_at: a.createdAt.toISOString(),
          updated_at: a.createdAt.toISOString(),
          expires_at: a.expiresAt.toISOString(),
          digest: a.digest ?? null,
          workflow_run: {
            id: a.runId,
            repository_id: 1,
            head_repository_id: 1,
            head_branch: options.headBranch ?? 'main',
            head_sha: '0'.repeat(40)
          }
        }))
      })
    }
    const artifact = artifacts.find((a) => a.id === Number(idText) && a.finalized)
    if (artifact === undefined) return json(res, 404, { message: 'Not Found', status: '404' })
    if (artifact.expired) return json(res, 410, { message: 'Artifact has expired', status: '410' })
    res.writeHead(302, { location: signedUrl(host, artifact), 'content-length': '0' })
    return res.end()
  }

  /**
   * Answers the request when it is one of the routes above, and says whether it did.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @returns {boolean}
   */
  const handle = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    const restMatch =
      /^(?:\/api\/v3)?\/repos\/([^/]+\/[^/]+)\/actions\/(?:(runs)\/(\d+)\/artifacts|(artifacts)\/(\d+)\/zip)$/.exec(
        path
      )
    const route =
      req.method === 'POST' && path.startsWith(TWIRP)
        ? 'twirp'
        : path.startsWith(BLOB)
          ? 'blob'
          : req.method === 'GET' && restMatch !== null
            ? 'rest'
            : undefined
    if (route === undefined) return false
    requests.push({ method: req.method ?? '', path, query: url.searchParams, headers: req.headers })
    const fail = (/** @type {unknown} */ error) => {
      if (!res.headersSent) json(res, 500, { code: 'internal', msg: String(error) })
      else res.destroy()
    }
    if (route === 'twirp') twirp(req, res, path.slice(TWIRP.length)).catch(fail)
    else if (route === 'blob') blob(req, res, url).catch(fail)
    else {
      const m = /** @type {RegExpExecArray} */ (restMatch)
      // Normalise to [, repo, kind, id] whichever of the two paths matched.
      const normal = /** @type {RegExpExecArray} */ (
        Object.assign([m[0], m[1], m[2] ?? m[4], m[3] ?? m[5]], { index: 0, input: path })
      )
      rest(req, res, normal, url)
    }
    return true
  }

  return { handle, runtimeToken, put, artifacts, requests, repository }
}

/** @typedef {ReturnType<typeof createArtifactService>} ArtifactService */
