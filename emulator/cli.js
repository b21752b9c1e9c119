#!/usr/bin/env node
// @ts-check
/** Runs the emulator in the foreground: `npm run emulator -- --plan pro --latency 100 --port 8787`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  ACCOUNT,
  ACCOUNT_TOKEN,
  DEFAULT_TOKEN,
  DEFAULT_ZONE,
  DISABLED_TOKEN,
  EXPIRED_TOKEN,
  NO_VERSIONING_TOKEN,
  OTHER_ZONE,
  PURGE_ONLY_TOKEN,
  READ_ONLY_TOKEN,
  startEmulator
} from './server.js'
import { describeEnvironment } from './environments.js'
import { API_LIMIT, PLANS } from './limits.js'

const USAGE = `Usage: npm run emulator -- [options]
  --port N                      port on 127.0.0.1 (default 8787; 0 picks a free one)
  --plan ${Object.keys(PLANS).join('|')}
                                purge limits of the account (default pro)
  --latency MS                  delay before each answer (default 0)
  --rate-headers documented|none
                                documented: Ratelimit and Ratelimit-Policy describe the API-wide
                                quota on every answer; none: no such headers (default documented)
  --api-limit N/S               API-wide quota: N requests per S seconds per token
                                (default ${API_LIMIT.requests}/${API_LIMIT.windowS})
  --origin VERSION[@SECONDS]    also serve an origin mid-deploy under /origin/ (for wait_for_url):
                                {"version": "previous"} for SECONDS (default 30) from the first
                                request it receives, then VERSION; and /origin/sitemap.xml
  --github DIR                  also serve GitHub's compare and Actions runs API under /github
                                (GITHUB_API_URL), comparing commits of the git repository in DIR
                                (relative to where npm was run); add runs with
                                POST /__emulator/github/runs; and GitHub's artifact
                                services (changed: build)
  --help                        this text

POST /__emulator/reset forgets every purge and request, refills the limits and restarts the
origin's clock: each try starts as on a fresh emulator.`

/** A usage mistake is one line and exit code 2, never a stack trace. @param {string} problem @returns {never} */
const usage = (problem) => {
  console.error(`emulator: ${problem} (see --help)`)
  process.exit(2)
}

const parse = () => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        plan: { type: 'string', default: 'pro' },
        latency: { type: 'string', default: '0' },
        'rate-headers': { type: 'string', default: 'documented' },
        'api-limit': { type: 'string', default: `${API_LIMIT.requests}/${API_LIMIT.windowS}` },
        origin: { type: 'string' },
        github: { type: 'string' },
        help: { type: 'boolean', default: false }
      }
    }).values
  } catch (error) {
    return usage(/** @type {Error} */ (error).message)
  }
}

const values = parse()
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usage(`--port must be a whole number from 0 to 65535, not "${values.port}"`)
const plan = values.plan
if (!(plan in PLANS)) usage(`unknown --plan "${plan}"; plans: ${Object.keys(PLANS).join(', ')}`)
const latencyMs = Number(values.latency)
if (!Number.isFinite(latencyMs) || latencyMs < 0)
  usage(`--latency must be a number of milliseconds, not "${values.latency}"`)
const rateHeaders = values['rate-headers']
if (rateHeaders !== 'documented' && rateHeaders !== 'none')
  usage(`--rate-headers must be documented or none, not "${rateHeaders}"`)
const limitMatch = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(values['api-limit'])
const apiLimit = limitMatch && { requests: Number(limitMatch[1]), windowS: Number(limitMatch[2]) }
if (apiLimit === null || apiLimit.requests < 1 || apiLimit.windowS <= 0)
  usage(`--api-limit must be N/S (N requests per S seconds), not "${values['api-limit']}"`)

const originMatch =
  values.origin === undefined ? undefined : /^([^@\s]+)(?:@(\d+(?:\.\d+)?))?$/.exec(values.origin)
if (originMatch === null)
  usage(`--origin must be VERSION or VERSION@SECONDS, such as 5f0c6e1@30, not "${values.origin}"`)
const origin = originMatch && {
  before: 'previous',
  after: /** @type {string} */ (originMatch[1]),
  switchAfterMs: Number(originMatch[2] ?? 30) * 1000
}

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emulator
try {
  emulator = await startEmulator({
    port,
    plan,
    latencyMs,
    rateHeaders,
    apiLimit,
    ...(origin ? { origin } : {}),
    // npm runs scripts in the package's folder; INIT_CWD is where the person ran npm.
    ...(values.github === undefined
      ? {}
      : { github: { git: resolve(process.env.INIT_CWD ?? '.', values.github) } })
  })
} catch (error) {
  const { code, message } = /** @type {NodeJS.ErrnoException} */ (error)
  if (code === 'EADDRINUSE') usage(`port ${port} is already in use; choose another with --port`)
  if (code === 'EACCES') usage(`not allowed to listen on port ${port}; choose another with --port`)
  if (/not in a git repository/.test(message)) usage(`--github: ${message}`)
  console.error(`emulator: ${message}`)
  process.exit(1)
}

/** The GitHub companion's lines of the banner; writes an example push event to a folder of its own. */
const githubBanner = async () => {
  const github = emulator.github
  if (github?.git === undefined) return { text: '', folder: undefined }
  const { git, repository, token } = github
  const event = await git.pushEvent(repository)
  const folder = event && mkdtempSync(join(tmpdir(), 'cloudflare-purge-emulator-'))
  const eventPath = folder && join(folder, 'push-event.json')
  if (eventPath) writeFileSync(eventPath, `${JSON.stringify(event, null, 2)}\n`)
  const eventLine = event
    ? `    push event: ${eventPath} (GITHUB_EVENT_PATH; branch ${git.branch}, before ${event.before.slice(0, 7)} = HEAD~1, after ${event.after.slice(0, 7)} = HEAD)`
    : '    push event: none (HEAD has no parent commit)'
  return {
    folder,
    text: `  github:  ${emulator.githubUrl} (GITHUB_API_URL): GitHub's compare and Actions runs API for the git repository ${git.root}
    GITHUB_REPOSITORY=${repository}  github_token: ${token}
${eventLine}
    runs: none; add them with POST ${emulator.url}/__emulator/github/runs, such as {"head_sha": "HEAD~2"};
      PATCH ${emulator.url}/__emulator/github/runs/1 {"status": "completed"} ends one
    artifacts (changed: build): ACTIONS_RESULTS_URL=${emulator.url}; a run's ACTIONS_RUNTIME_TOKEN from
      GET ${emulator.url}/__emulator/github/runtime-env?run=1
`
  }
}
const github = await githubBanner()
console.log(`Cloudflare purge API emulator (${plan} plan) on ${emulator.apiUrl}
  api_url: ${emulator.apiUrl}
  token:   ${DEFAULT_TOKEN}
  zone:    ${DEFAULT_ZONE.id} (${DEFAULT_ZONE.name})
  zone:    ${OTHER_ZONE.id} (${OTHER_ZONE.name}, same account: shares the purge limits)
  environments of ${DEFAULT_ZONE.name} (give "environment" a name or an ID):
${DEFAULT_ZONE.environments.map((e) => `    ${e.name.padEnd(10)} ${e.ref.padEnd(32)} ${describeEnvironment(e)}`).join('\n')}
  tokens without some permission: ${PURGE_ONLY_TOKEN} (Cache Purge only), ${NO_VERSIONING_TOKEN} (no Zone Versioning Read), ${READ_ONLY_TOKEN} (Zone Read, no Cache Purge)
  tokens that no longer work: ${EXPIRED_TOKEN} (expired), ${DISABLED_TOKEN} (disabled)
  account API token: ${ACCOUNT_TOKEN} (checked at /accounts/${ACCOUNT.id}/tokens/verify only)
  edge:    ${emulator.edgeUrl} (for verify and warm: CLOUDFLARE_PURGE_EDGE_URL=${emulator.edgeUrl}; every page carries the cache tag "all")
  API-wide limit: ${apiLimit.requests} requests per ${apiLimit.windowS} s; rate-limit headers: ${rateHeaders}
${github.text}  reset:   POST ${emulator.url}/__emulator/reset (a fresh start for the next try)
${origin ? `  origin:  ${emulator.url}/origin/version.json ("${origin.before}" for ${origin.switchAfterMs / 1000} s from the first request, then "${origin.after}"); sitemap ${emulator.url}/origin/sitemap.xml\n` : ''}Ctrl-C stops it.`)
const stop = () =>
  emulator.close().then(() => {
    if (github.folder) rmSync(github.folder, { recursive: true, force: true })
    process.exit(0)
  })
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
