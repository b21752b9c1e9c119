/**
 * `changed: build`: this run's manifest kept as an artifact of the run, and the manifest an
 * earlier run kept, read back. Loaded only when `changed: build` is used.
 *
 * Storing goes through the official `@actions/artifact` (its runtime service calls, the upload to
 * blob storage, the finalize; see docs/build-diff.md), loaded with import() on first use. Reading
 * speaks the same REST calls as the package's `findBy` (list the run's artifacts by name; the zip
 * through a redirect to storage), but through the project's bounded Octokit and fetch: the
 * package's reading cannot be bounded (no abort signal, no size limit, five retries with waits,
 * and an unzip to disk of whatever the storage sends), and here every answer is bounded in size
 * and time, and every failure ends in a reason word, never a crash.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { timeoutSignal, timerMs } from '../clock.js'
import { readBounded, TooLarge } from '../http.js'
import { flattenLine, quote, redactAll } from '../text.js'
import {
  MANIFEST_LIMITS,
  writeManifest,
  type Manifest,
  type ManifestLimits,
  type ManifestReader,
  type NoManifest
} from './build-manifest.js'
import { ZipFault, zipEntry } from './build-zip.js'
import type { SinceRun } from './found.js'
import { boundedOctokit, type GitHubConfig, type Octokit } from './github.js'
import type { RunsApi } from './github-runs.js'
import { findLastSuccess, rateLimited, type RunFacts } from './last-success.js'

/** The artifact's name (the lead names it in action.yml); unique within a run. */
export const MANIFEST_ARTIFACT = 'cloudflare-purge-manifest'
/** The one file inside the artifact's zip. */
export const MANIFEST_FILE = 'build-manifest.jsonl'
/** A list of a run's artifacts by name is a few KB; anything near this is not one. */
const MAX_LIST_BYTES = 4 * 1024 * 1024

/** Where to read another run's artifacts: GitHub's REST API, with github_token. */
export interface ReadConfig extends Omit<GitHubConfig, 'maxAnswerBytes'> {
  /** The run's cancel: aborting it stops every request; its reason is thrown. */
  signal?: AbortSignal
  /** MANIFEST_ARTIFACT by default. */
  name?: string
  limits?: ManifestLimits
}

/**
 * What the reader made of the manifest (the manifest itself with `readManifest`, or the
 * comparison with this build with `compareWithManifest`), and the artifact it came from.
 */
export interface ManifestFound<T> {
  read: T
  artifact: { id: number; size: number; createdAt: string | undefined }
}

/** A request's signal: the run's cancel, the deadline, and request_timeout, whichever is first. */
const signalFor = (config: ReadConfig): AbortSignal => {
  const timeout = timeoutSignal(Math.min(config.requestTimeoutMs, config.deadline - Date.now()))
  return config.signal === undefined ? timeout : AbortSignal.any([config.signal, timeout])
}

/** What a failed request means, as a reason word; `what` names the call in the detail. */
const failure = (error: unknown, what: string, config: ReadConfig): NoManifest => {
  if (config.signal?.aborted) throw config.signal.reason
  const status = (error as { status?: unknown }).status
  const text = flattenLine(
    redactAll(String((error as Error).message ?? error), [config.token]),
    200
  )
  if (error instanceof TooLarge || (error as { cause?: unknown }).cause instanceof TooLarge)
    return { reason: 'too-large', detail: `${what}: ${text}` }
  if (Date.now() >= config.deadline)
    return { reason: 'unreachable', detail: `${what}: no answer within the step's timeout` }
  const answered = typeof status === 'number' && (status !== 500 || 'response' in (error as object))
  if (answered && (status === 401 || (status === 403 && !rateLimited(error, text))))
    return {
      reason: 'no-permission',
      detail: `${what}: GitHub answered HTTP ${status} (${text}); reading another run's artifacts needs the job permission "actions: read"`
    }
  if (answered && (status === 404 || status === 410))
    return { reason: 'expired', detail: `${what}: GitHub answered HTTP ${status} (${text})` }
  return {
    reason: 'unreachable',
    detail: answered ? `${what}: GitHub answered HTTP ${status} (${text})` : `${what}: ${text}`
  }
}

type Listed = { id: number; size: number; expired: boolean; createdAt: string | undefined }

/** The newest artifact of that name in the answer (as the package picks it), checked. */
const pickArtifact = (data: unknown, name: string): Listed | undefined | NoManifest => {
  const list = (data as { artifacts?: unknown } | null)?.artifacts
  if (!Array.isArray(list))
    return { reason: 'unreachable', detail: "GitHub's list of the run's artifacts is not a list" }
  let best: Listed | undefined
  for (const entry of list.slice(0, 1000) as Record<string, unknown>[]) {
    const { id, size_in_bytes: size, expired, created_at: createdAt } = entry ?? {}
    if (entry?.name !== name || typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0)
      continue
    if (best !== undefined && best.id > id) continue
    best = {
      id,
      size: typeof size === 'number' && size >= 0 ? size : 0,
      expired: expired === true,
      createdAt: typeof createdAt === 'string' ? createdAt.slice(0, 40) : undefined
    }
  }
  return best
}

/** The artifact of run `runId` named `name`, or why there is none to read. */
const findArtifact = async (
  octokit: Octokit,
  runId: number,
  config: ReadConfig,
  limits: ManifestLimits
): Promise<Listed | NoManifest> => {
  const name = config.name ?? MANIFEST_ARTIFACT
  const [owner, repo] = config.repository.split('/')
  const what = `listing the artifacts of run ${runId}`
  let data: unknown
  try {
    const response = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
      {
        owner: owner!,
        repo: repo!,
        run_id: runId,
        name,
        per_page: 100,
        request: { signal: signalFor(config) }
      }
    )
    data = response.data
  } catch (error) {
    const fault = failure(error, what, config)
    // A run GitHub does not know (404) has no manifest: deleted, or the token cannot see it.
    return fault.reason === 'expired' ? { reason: 'unreachable', detail: fault.detail } : fault
  }
  const artifact = pickArtifact(data, name)
  if (artifact === undefined)
    return {
      reason: 'first-run',
      detail: `run ${runId} kept no artifact named ${quote(name)} (it did not use changed: build, or its artifact was deleted)`
    }
  if ('reason' in artifact) return artifact
  if (artifact.expired)
    return { reason: 'expired', detail: `the artifact ${quote(name)} of run ${runId} has expired` }
  if (artifact.size > limits.maxZipBytes)
    return {
      reason: 'too-large',
      detail: `the artifact ${quote(name)} of run ${runId} is ${artifact.size} bytes, more than the ${limits.maxZipBytes} read`
    }
  return artifact
}

/** Where the REST API redirects the download: an http(s) URL, no user info, no https downgrade. */
const storageUrl = (location: unknown, apiUrl: string): URL | undefined => {
  if (typeof location !== 'string') return undefined
  let url: URL
  try {
    url = new URL(location)
  } catch {
    return undefined
  }
  if (url.username !== '' || url.password !== '') return undefined
  if (url.protocol === 'https:') return url
  return url.protocol === 'http:' && apiUrl.startsWith('http:') ? url : undefined
}

/** The redirect to storage the REST API answers for the artifact's zip, or why not. */
const downloadUrl = async (
  octokit: Octokit,
  id: number,
  config: ReadConfig
): Promise<URL | NoManifest> => {
  const [owner, repo] = config.repository.split('/')
  const what = `downloading artifact ${id}`
  let answer: { status: number; headers: Record<string, unknown> }
  try {
    answer = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
      {
        owner: owner!,
        repo: repo!,
        artifact_id: id,
        archive_format: 'zip',
        request: { redirect: 'manual', signal: signalFor(config) }
      }
    )
  } catch (error) {
    return failure(error, what, config)
  }
  if (answer.status !== 302)
    return {
      reason: 'unreachable',
      detail: `${what}: GitHub answered HTTP ${answer.status}, not a redirect to storage`
    }
  const url = storageUrl(answer.headers.location, config.apiUrl)
  if (url === undefined)
    return {
      reason: 'unreachable',
      detail: `${what}: GitHub redirected to a location that is not an https URL`
    }
  return url
}

/** The zip from storage: no token sent, no further redirect followed, at most maxZipBytes. */
const downloadZip = async (
  url: URL,
  config: ReadConfig,
  limits: ManifestLimits
): Promise<Buffer | NoManifest> => {
  // The signed URL's query is a credential: the detail names the host alone.
  const what = `downloading the artifact from ${url.host}`
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { 'user-agent': config.userAgent },
      signal: signalFor(config)
    })
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined)
      const again = response.status >= 300 && response.status < 400
      return {
        reason: response.status === 404 || response.status === 410 ? 'expired' : 'unreachable',
        detail: `${what}: storage answered HTTP ${response.status}${again ? ', a second redirect, which is not followed' : ''}`
      }
    }
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > limits.maxZipBytes) {
      await response.body?.cancel().catch(() => undefined)
      return {
        reason: 'too-large',
        detail: `${what}: it is ${declared} bytes, more than the ${limits.maxZipBytes} read`
      }
    }
    return Buffer.from(await readBounded(response, limits.maxZipBytes))
  } catch (error) {
    return failure(error, what, config)
  }
}

const isNoManifest = (value: unknown): value is NoManifest =>
  typeof value === 'object' && value !== null && 'reason' in value && 'detail' in value

/** What `read` makes of the manifest inside the zip, or why it is not one. */
const manifestIn = async <T>(
  zip: Buffer,
  limits: ManifestLimits,
  read: ManifestReader<T>
): Promise<{ read: T } | NoManifest> => {
  const entry = zipEntry(zip, MANIFEST_FILE, limits)
  if ('reason' in entry) return entry
  try {
    const result = await read(entry, limits)
    return isNoManifest(result) ? result : { read: result }
  } catch (error) {
    if (error instanceof ZipFault) return error.fault
    throw error
  } finally {
    await entry.return(undefined).catch(() => undefined)
  }
}

/**
 * The manifest run `runId` kept, found and downloaded as `@actions/artifact`'s findBy does,
 * every answer bounded, and given to `read`; or the reason word it cannot be used. Throws only
 * the signal's reason (a cancel).
 */
export const fetchManifest = async <T>(
  runId: number,
  config: ReadConfig,
  read: ManifestReader<T>
): Promise<ManifestFound<T> | NoManifest> => {
  const limits = config.limits ?? MANIFEST_LIMITS
  let octokit: Octokit
  try {
    octokit = await boundedOctokit({ ...config, maxAnswerBytes: MAX_LIST_BYTES })
  } catch (error) {
    return failure(error, 'loading the GitHub client', config)
  }
  const artifact = await findArtifact(octokit, runId, config, limits)
  if ('reason' in artifact) return artifact
  const url = await downloadUrl(octokit, artifact.id, config)
  if ('reason' in url) return url
  const zip = await downloadZip(url, config, limits)
  if ('reason' in zip) return zip
  const result = await manifestIn(zip, limits, read)
  if ('reason' in result)
    return { reason: result.reason, detail: `the manifest of run ${runId}: ${result.detail}` }
  return {
    read: result.read,
    artifact: { id: artifact.id, size: zip.length, createdAt: artifact.createdAt }
  }
}

/**
 * The manifest of the last successful run of this workflow on this branch, found as
 * `last-success` finds that run (sources/last-success.ts); or the reason word there is none.
 */
export const previousManifest = async <T>(
  runs: RunsApi,
  facts: RunFacts,
  config: ReadConfig,
  read: ManifestReader<T>
): Promise<(ManifestFound<T> & { run: SinceRun }) | NoManifest> => {
  const found = await findLastSuccess(runs, facts)
  config.signal?.throwIfAborted()
  if ('forbidden' in found)
    return {
      reason: 'no-permission',
      detail: `${found.forbidden}; listing this workflow's runs and reading their artifacts needs the job permission "actions: read"`
    }
  if ('unknown' in found)
    return { reason: found.expected ? 'first-run' : 'unreachable', detail: found.unknown }
  const fetched = await fetchManifest(found.since.id, config, read)
  return 'reason' in fetched ? fetched : { ...fetched, run: found.since }
}

/** Where and how to store this run's manifest. */
export interface StoreConfig {
  /** Epoch ms by which the upload must be done; past it, the run goes on without it. */
  deadline: number
  signal?: AbortSignal
  /** MANIFEST_ARTIFACT by default. */
  name?: string
  /** Days to keep it; the repository's setting (GITHUB_RETENTION_DAYS) by default. */
  retentionDays?: number
  /** Where the file is written before upload: RUNNER_TEMP, else the system's. */
  tempDir?: string
  env?: Record<string, string | undefined>
}

/** `abandoned`: the upload is still under way (it has no timeout of its own) and holds the process. */
export type Stored =
  { stored: true; id: number; size: number } | { stored: false; detail: string; abandoned?: true }

/** Waits for `work`, at most until the deadline or the signal; a late rejection is swallowed. */
const within = async <T>(
  work: Promise<T>,
  deadline: number,
  signal?: AbortSignal
): Promise<T | 'late'> => {
  work.catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timerMs(deadline - Date.now()))
    onAbort = () => resolve('late')
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
  }
}

/** Lets the package's blob upload give up when it stalls past the time left (its own setting). */
const stallBound = (env: Record<string, string | undefined>, deadline: number): (() => void) => {
  const KEY = 'ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS'
  const before = env[KEY]
  const own = Number.parseInt(before ?? '', 10)
  const left = Math.max(1000, deadline - Date.now())
  env[KEY] = String(Number.isFinite(own) && own > 0 ? Math.min(own, left) : left)
  return () => {
    if (before === undefined) delete env[KEY]
    else env[KEY] = before
  }
}

/** Writes the manifest to a fresh folder and uploads it through @actions/artifact. */
const upload = (manifest: Manifest, dir: string, config: StoreConfig) =>
  (async () => {
    await writeManifest(manifest, join(dir, MANIFEST_FILE))
    const { DefaultArtifactClient } = await import('@actions/artifact')
    return new DefaultArtifactClient().uploadArtifact(
      config.name ?? MANIFEST_ARTIFACT,
      [join(dir, MANIFEST_FILE)],
      dir,
      {
        ...(config.retentionDays === undefined ? {} : { retentionDays: config.retentionDays }),
        compressionLevel: 6
      }
    )
  })()

/**
 * Keeps `manifest` as an artifact of this run, through @actions/artifact (which reads
 * ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL, given to JavaScript actions only). Never
 * throws but the signal's reason: a manifest not stored is said, and the next run falls back.
 */
export const storeManifest = async (manifest: Manifest, config: StoreConfig): Promise<Stored> => {
  config.signal?.throwIfAborted()
  const env = config.env ?? process.env
  const token = env.ACTIONS_RUNTIME_TOKEN ?? ''
  if (token === '' || (env.ACTIONS_RESULTS_URL ?? '') === '')
    return {
      stored: false,
      detail:
        "ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set: the runner gives them to a JavaScript action's own process, not to run: steps"
    }
  let dir: string
  try {
    dir = await mkdtemp(join(config.tempDir ?? env.RUNNER_TEMP ?? tmpdir(), 'cf-purge-manifest-'))
  } catch (error) {
    return {
      stored: false,
      detail: `no folder to write it to (${flattenLine(String(error), 200)})`
    }
  }
  const restore = stallBound(env, config.deadline)
  const uploaded = upload(manifest, dir, config)
  // Once the upload settles, however late, its file goes and the setting is put back.
  void uploaded
    .then(restore, restore)
    .finally(() => rm(dir, { recursive: true, force: true }).catch(() => undefined))
  try {
    const done = await within(uploaded, config.deadline, config.signal)
    config.signal?.throwIfAborted()
    if (done === 'late')
      return {
        stored: false,
        detail: "the artifact service did not finish within the step's timeout",
        abandoned: true
      }
    if (typeof done.id !== 'number')
      return { stored: false, detail: 'the artifact service gave no artifact ID' }
    return { stored: true, id: done.id, size: done.size ?? 0 }
  } catch (error) {
    config.signal?.throwIfAborted()
    const text = String((error as Error).message ?? error)
    return { stored: false, detail: flattenLine(redactAll(text, [token]), 300) }
  }
}
