/**
 * `changed` and `sitemap`: what the deploy changed, as URLs, added to what is purged. Loaded only
 * when one of them is used (main imports it lazily), with Octokit and the sitemap reader: a plain
 * purge never pays their start-up time.
 */
import { InputError } from '../errors.js'
import type { ChangeInputs, ChangedInputs } from '../inputs/changed.js'
import type { Inputs } from '../inputs/parse.js'
import type { Log } from '../log.js'
import type { Items } from '../model.js'
import { count, escapeLine, quote } from '../text.js'
import { applyRules, nothingChanged, purgeSummary, ruleLog } from './apply-rules.js'
import { filesBetween } from './both-ways.js'
import type { ChangedFile, ComparePage } from './compare.js'
import { buildCounts, type ChangesFound } from './found.js'
import { octokitCompare, type GitHubConfig } from './github.js'
import { octokitRuns, type RunsApi } from './github-runs.js'
import { lastSuccessRange, type RunFacts } from './last-success.js'
import type { FileRow } from './map-files.js'
import { findRange, shortSha, type EventInfo, type Range } from './range.js'
import { readSitemaps, SitemapError, type Sitemaps } from './sitemap.js'

export type { ChangesFound } from './found.js'

export interface ChangeEnv {
  event: EventInfo
  /** GITHUB_REPOSITORY */
  repository: string
  /** GITHUB_API_URL */
  githubApiUrl: string
  userAgent: string
  /** Folders a sitemap file may be read from. */
  roots: readonly string[]
  /** Epoch ms by which the step must be done. */
  deadline: number
  /** The compare API; by default Octokit's (tests may give another). */
  compare?: ComparePage
  /** GITHUB_RUN_ID, GITHUB_REF and GITHUB_SERVER_URL: for `changed: last-success`. */
  runId?: string
  ref?: string
  serverUrl?: string
  /** The Actions API; by default Octokit's (tests may give another). */
  runs?: RunsApi
  /** The step's cancel (runner/cancel.ts): matching the changed files stops when it aborts. */
  signal?: AbortSignal
}

/** What collectChanges says, and how: the parts of the action's Log it uses. */
export type ChangeLog = Pick<Log, 'info' | 'notice' | 'warning' | 'group'>

export interface Changes {
  /** The inputs with what was found merged in: URLs, the fallback, or the reason for nothing. */
  inputs: Inputs
  /** What was found, for the job summary: `changedSections(found)` in report/changes.ts. */
  found: ChangesFound
  /** With `changed: build`: this build's files and hashes, kept once the step succeeded. */
  tree?: ReadonlyMap<string, string>
}

type Changed = ChangedInputs

/** What is found so far, and the lists it grows. */
interface Collected {
  found: ChangesFound
  items: Items
  purgeEverything: boolean
}

const TITLE = { title: 'Cloudflare purge' }

/** Where the run's facts come from on a runner: the event payload and GITHUB_* variables. */
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

class ChangeSetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ChangeSetError'
  }
}

const logRows = (rows: FileRow[], log: ChangeLog) => {
  for (const row of rows) {
    const head = `${row.change.split(' ')[0]!.padEnd(8)} ${escapeLine(row.path, 300)}`
    if (row.rule !== undefined) log.info(ruleLog(head, row.rule))
    else if (row.ignored !== undefined) log.info(`${head}  (not purged: ${row.ignored})`)
    else
      log.info(
        `${head}\n${row.urls.map((url) => `         -> ${escapeLine(url, 400)}`).join('\n')}`
      )
  }
}

/** GitHub's API for the run, with github_token. */
const githubOf = (changed: Changed, requestTimeoutMs: number, env: ChangeEnv): GitHubConfig => ({
  apiUrl: env.githubApiUrl,
  token: changed.githubToken,
  repository: env.repository,
  userAgent: env.userAgent,
  requestTimeoutMs,
  deadline: env.deadline
})

/** What finding this workflow's last successful run needs from the run. */
const factsOf = (env: ChangeEnv, token: string): RunFacts => ({
  event: env.event,
  runId: env.runId,
  ref: env.ref,
  serverUrl: env.serverUrl,
  repository: env.repository,
  deadline: env.deadline,
  token
})

type Files =
  | { files: ChangedFile[]; tree?: ReadonlyMap<string, string> }
  | { unknown: string; expected: boolean; tree?: ReadonlyMap<string, string> }

/**
 * A ref the user named in `changed` that GitHub does not know (a typo of a tag or a branch) is
 * their mistake, said before any purge: a fallback would purge the whole site on every deploy,
 * green. The fallback stays for what the event or the run history cannot tell.
 */
const unknownRef = (ref: string, repository: string, answer: string): InputError =>
  new InputError([
    {
      input: 'changed',
      value: ref,
      problem: `is not a commit, tag or branch GitHub knows in ${repository}: ${answer}. Check its spelling, or set changed to true or last-success`
    }
  ])

/**
 * The files that changed, or why that cannot be known (`expected` when the event says so
 * itself, not when something failed): between the event's commits or from a ref (git), or
 * between this build and the last one kept (`changed: build`, with this build's hashes).
 */
const changedFiles = async (
  changed: Changed,
  requestTimeoutMs: number,
  env: ChangeEnv,
  found: ChangesFound,
  log: ChangeLog
): Promise<Files> => {
  if (!REPOSITORY.test(env.repository))
    return { unknown: 'GITHUB_REPOSITORY is not set to "owner/name"', expected: false }
  const github = githubOf(changed, requestTimeoutMs, env)
  if (changed.from.kind === 'build') {
    const { builtFiles } = await import('./build-changes.js')
    return builtFiles(
      changed,
      {
        workspace: env.roots[0] ?? process.cwd(),
        runs: env.runs ?? octokitRuns(github),
        facts: { ...factsOf(env, changed.githubToken), sameCommit: true },
        read: { ...github, ...(env.signal === undefined ? {} : { signal: env.signal }) },
        signal: env.signal
      },
      found
    )
  }
  const range: Range =
    changed.from.kind === 'last-success'
      ? await lastSuccessRange(
          env.runs ?? octokitRuns(github),
          factsOf(env, changed.githubToken),
          found,
          log
        )
      : findRange(env.event, changed.from.kind === 'ref' ? changed.from.ref : undefined)
  if ('unknown' in range) return range
  const named = changed.from.kind === 'ref' ? changed.from.ref : undefined
  return gitFiles(range, github, env, { found, log, named })
}

/**
 * The files that differ between the range's commits, from GitHub's compare API, both ways; a
 * ref the user `named` that GitHub does not know is an input error.
 */
const gitFiles = async (
  range: Extract<Range, { base: string }>,
  github: GitHubConfig,
  env: ChangeEnv,
  { found, log, named }: { found: ChangesFound; log: ChangeLog; named: string | undefined }
): Promise<Files> => {
  found.range = { base: range.base, head: range.head }
  const result = await filesBetween(env.compare ?? octokitCompare(github), range, env.deadline)
  if ('unknown' in result) {
    if (result.missing === true && named !== undefined)
      throw unknownRef(named, env.repository, result.unknown)
    return { unknown: result.unknown, expected: false }
  }
  if (result.status === 'behind' || result.status === 'diverged') {
    found.range.status = result.status
    const [base, head] = [shortSha(range.base), shortSha(range.head)]
    log.info(
      result.status === 'behind'
        ? `GitHub compares ${base}...${head} as "behind": ${head} is older than ${base} (a rollback), so the files of ${head}...${base} are purged, the files that differ between them.`
        : `GitHub compares ${base}...${head} as "diverged": neither is an ancestor of the other, so the files of both ${base}...${head} and ${head}...${base} are purged, every file that differs between them.`
    )
  }
  return { files: result.files }
}

/** What the changed files are between, in words: two commits, or this build and a run's. */
const span = (found: ChangesFound): string =>
  found.build !== undefined && found.since !== undefined
    ? `since the build of run #${found.since.number} (${shortSha(found.since.sha)})`
    : found.range === undefined
      ? ''
      : `between ${shortSha(found.range.base)} and ${shortSha(found.range.head)}`

/** changed_fallback, when the change set cannot be known: fail, or purge the prefix or all. */
const fallBack = (
  changed: Changed,
  why: { unknown: string; expected: boolean },
  collected: Collected,
  log: ChangeLog
): void => {
  const reason = why.unknown
  collected.found.fallback = {
    reason,
    rule: changed.fallback,
    prefix: changed.prefix,
    expected: why.expected
  }
  const message = `changed: ${reason}.`
  if (changed.fallback === 'fail')
    throw new ChangeSetError(`${message} changed_fallback is "fail", so nothing was purged.`)
  const instead =
    changed.fallback === 'prefix'
      ? `purging the prefix ${changed.prefix} (site_url) instead`
      : 'purging everything in the zone instead'
  const text = `${message} Falling back to changed_fallback "${changed.fallback}": ${instead}.`
  if (why.expected) log.notice(text, TITLE)
  else log.warning(text, { ...TITLE, shown: true })
  if (changed.fallback === 'prefix') collected.items.prefixes.push(changed.prefix)
  else collected.purgeEverything = true
}

/** What the changed files purge, each file logged with what it purges in a group. */
const addFiles = async (
  changed: Changed,
  files: ChangedFile[],
  env: ChangeEnv,
  collected: Collected,
  log: ChangeLog
): Promise<void> => {
  const { found } = collected
  const ruled = await applyRules(files, changed, { deadline: env.deadline, signal: env.signal })
  found.rows = ruled.rows
  if (changed.rules.length > 0) found.rules = true
  const where = changed.mapping.dir === '' ? 'the repository' : `${changed.mapping.dir}/`
  if (found.build !== undefined)
    log.info(
      `Built site (${escapeLine(where, 100)}): ${count(found.build.files)} file(s), ${buildCounts(found.build)} ${span(found)}.`
    )
  await log.group(
    `Changed files: ${found.rows.length} ${span(found)} (${escapeLine(where, 100)} served at ${changed.mapping.siteUrl}): ${purgeSummary(ruled)}`,
    async () => logRows(found.rows, log)
  )
  warnRefused(found.rows, log)
  const { items, everything } = ruled
  if (everything !== undefined) {
    // Everything purges the rest too: it is the step's only purge.
    found.everything = everything
    collected.purgeEverything = true
    log.info(
      `changed_rules line ${everything.line} matched ${quote(everything.path, 200)}: purging everything in the zone, and nothing else.`
    )
    return
  }
  let urls = items.files
  if (urls.length > changed.maxUrls) {
    fallBack(
      changed,
      {
        unknown: `the changed files map to ${count(urls.length)} URLs, more than changed_max_urls (${count(changed.maxUrls)}), past which one purge of the site costs less than a purge of each URL`,
        expected: true
      },
      collected,
      log
    )
    // site_url's prefix covers the URLs under it; the rest, and what rules name, still go.
    urls = urls.filter(
      (url) =>
        typeof url !== 'string' || !url.replace(/^https?:\/\//, '').startsWith(changed.prefix)
    )
  }
  // One at a time: a spread of a long list into push() overflows the stack.
  for (const url of urls) collected.items.files.push(url)
  for (const kind of ['tags', 'hosts', 'prefixes'] as const)
    for (const item of items[kind]) collected.items[kind].push(item)
}

const SHOWN_REFUSED = 5

/** Changed files no valid URL could be made of: not purged, so said in a warning, never dropped. */
const warnRefused = (rows: FileRow[], log: ChangeLog): void => {
  const refused = rows.filter((row) => row.refused === true)
  if (refused.length === 0) return
  const shown = refused
    .slice(0, SHOWN_REFUSED)
    .map((row) => `${quote(row.path, 100)} (${escapeLine(row.ignored ?? '', 300)})`)
  const more = refused.length - shown.length
  log.warning(
    `Changed files: ${refused.length} file(s) not purged, because no valid URL can be made of them: ${shown.join('; ')}${more > 0 ? `; and ${more} more, listed in the log` : ''}.`,
    { ...TITLE, shown: true }
  )
}

/**
 * The sitemap's URLs; not read when everything is purged anyway. A sitemap that cannot be read
 * (transient failures were tried again already) is noted in `found.sitemapFailure`: the run goes
 * on with the other items, and the step fails at the end, saying so. A purge never waits on a
 * site's sitemap, and never loses it silently either.
 */
const addSitemap = async (
  source: string,
  inputs: Inputs,
  env: ChangeEnv,
  collected: Collected,
  log: ChangeLog
): Promise<void> => {
  if (collected.purgeEverything) {
    log.info('The sitemap is not read: everything in the zone is purged.')
    return
  }
  let sitemap: Sitemaps
  try {
    sitemap = await readSitemaps(source, {
      roots: env.roots,
      userAgent: env.userAgent,
      requestTimeoutMs: inputs.requestTimeoutMs,
      deadline: env.deadline
    })
  } catch (error) {
    if (!(error instanceof SitemapError)) throw error
    if (!/^https?:\/\//i.test(source)) {
      // A workspace file is no network's hazard: what is wrong with it is an input mistake (a
      // step order, a path, a generator), said before anything is purged.
      const own = `Sitemap ${quote(source)} `
      const problem = error.message.startsWith(own)
        ? error.message.slice(own.length)
        : error.message
      throw new InputError([{ input: 'sitemap', value: source, problem }])
    }
    collected.found.sitemapFailure = error.message
    log.info(
      `${error.message}. The run goes on without the sitemap's URLs, and the step will fail.`
    )
    return
  }
  for (const url of sitemap.urls) collected.items.files.push(url)
  collected.found.sitemap = {
    source,
    urls: sitemap.urls.length,
    documents: sitemap.documents.length
  }
  log.info(
    `Sitemap ${quote(source)}: ${sitemap.urls.length} URL(s) from ${sitemap.documents.length} sitemap file(s).`
  )
}

/** The inputs with what was collected; emptyReason says why when that is nothing. */
const merge = (inputs: Inputs, { found, items, purgeEverything }: Collected): Inputs => {
  const merged: Inputs = purgeEverything
    ? {
        ...inputs,
        purgeEverything,
        items: { files: [], tags: [], hosts: [], prefixes: [] }
      }
    : { ...inputs, items }
  const nothing = !purgeEverything && Object.values(merged.items).every((list) => list.length === 0)
  const refused = found.rows.filter((row) => row.refused === true).length
  if (nothing)
    merged.emptyReason =
      span(found) === ''
        ? 'the sitemap lists no URL'
        : `${refused === 0 ? nothingChanged(found.rows) : `no changed file could be purged by URL (${refused} refused, see the warning)`} ${span(found)}${found.sitemap === undefined ? '' : ', and the sitemap lists no URL'}`
  return merged
}

/**
 * Finds what `changed` and `sitemap` add and merges it into the inputs. Logs each changed file with
 * its URLs; a fallback is a notice (or a warning, when something failed) titled "Cloudflare
 * purge". Throws when changed_fallback is "fail" and the change set cannot be known, and when the
 * sitemap cannot be read and nothing else is to be purged.
 */
export const collectChanges = async (
  inputs: Inputs,
  env: ChangeEnv,
  log: ChangeLog
): Promise<Changes> => {
  const options = inputs.changes as ChangeInputs
  const collected: Collected = {
    found: { rows: [] },
    items: {
      files: [...inputs.items.files],
      tags: [...inputs.items.tags],
      hosts: [...inputs.items.hosts],
      prefixes: [...inputs.items.prefixes]
    },
    purgeEverything: inputs.purgeEverything
  }
  const changed = options.changed
  let tree: ReadonlyMap<string, string> | undefined
  if (changed !== undefined) {
    const result = await changedFiles(changed, inputs.requestTimeoutMs, env, collected.found, log)
    tree = result.tree
    if ('unknown' in result) fallBack(changed, result, collected, log)
    else await addFiles(changed, result.files, env, collected, log)
  }
  if (options.sitemap !== undefined) await addSitemap(options.sitemap, inputs, env, collected, log)
  const { found } = collected
  const merged = merge(inputs, collected)
  // Nothing else to purge: fail now, as before any purge, rather than report an empty run.
  if (found.sitemapFailure !== undefined && merged.emptyReason !== undefined)
    throw new SitemapError(found.sitemapFailure)
  return { inputs: merged, found, ...(tree === undefined ? {} : { tree }) }
}
