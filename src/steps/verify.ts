/**
 * After a purge: asks the edge whether it took, and why not where it did not (doctor.ts). This
 * module and what it imports load only when `verify` is on.
 */
import { assetsOf } from '../edge/assets.js'
import type { Diagnosis } from '../edge/doctor.js'
import { EDGE_OVERRIDE, fetchThroughEdge } from '../edge/fetch.js'
import { markerOf } from '../edge/needle.js'
import { inspector } from '../edge/page.js'
import { spread, verify, type Check, type ToCheck } from '../edge/verify.js'
import { edgeKey } from '../edge/warm.js'
import type { Inputs } from '../inputs/parse.js'
import { VERIFY_SAMPLE } from '../inputs/verify.js'
import type { Amendment } from '../report/amend.js'
import { doctorLines, doctorSection, isStale, rulesLogLines } from '../report/doctor.js'
import { reportVerify } from '../report/verify.js'
import { diagnose } from './doctor.js'
import { deadlineOf, failing, type Run, type Stage, type State } from './stage.js'

const TITLE = { title: 'Cloudflare purge' }

/** What the check of the edge adds to the report, and the cache keys it fetched. */
export interface Checked {
  amendment: Amendment | undefined
  fetched: ReadonlySet<string>
}

/** Whether an asset's host is the page's own or one of the run's zones': requested through the edge. */
const sameSite =
  (state: State) =>
  (page: URL) =>
  (url: URL): boolean =>
    url.host === page.host ||
    (state.purged?.zones ?? []).some(
      (z) =>
        z.name !== undefined && (url.hostname === z.name || url.hostname.endsWith(`.${z.name}`))
    )

/** Checks the pages through the edge, reading what each shows; `items` again for an extra round. */
const checker = (state: State, run: Run) => {
  const marker = markerOf(state.inputs.gate, run.ctx.sha)
  const inspect = inspector(marker, sameSite(state), assetsOf)
  const fetchEdge = fetchThroughEdge(run.userAgent, process.env[EDGE_OVERRIDE], inspect)
  const check = (items: readonly ToCheck[]) =>
    verify(items, {
      mode: state.inputs.mode,
      deadline: deadlineOf(state),
      clock: run.clock,
      fetchEdge
    })
  return { marker, check }
}

/** What the checks and the doctor add to the report: a section, outputs, the failure. */
const amendmentOf = async (
  checks: Check[],
  d: Diagnosis,
  inputs: Inputs,
  run: Run
): Promise<Amendment> => {
  const { log } = run
  const result = reportVerify(checks, inputs.verify.mode as 'warn' | 'fail', d)
  log.info(result.line)
  // Every check in the log: the summary may have to leave some out to stay under GitHub's limit.
  await log.group(`Each URL checked at the edge (${checks.length})`, async () => {
    for (const line of result.lines) log.info(line)
  })
  for (const line of [...doctorLines(d), ...rulesLogLines(d)]) log.info(line)
  for (const warning of result.warnings)
    log.warning(warning, { title: 'Stale at the edge', shown: true })
  const doctor = doctorSection(d)
  const section = doctor === undefined ? result.section : { ...result.section, sections: [doctor] }
  const stale = d.pages.some(isStale)
  const what = stale ? 'Stale at the edge' : 'Broken at the edge'
  return {
    section,
    outputs: { verified: result.verified },
    ...(result.failure === undefined
      ? {}
      : { failure: { message: result.failure, title: what, titled: what.toLowerCase() } })
  }
}

/**
 * Checks every URL `verify_urls` names, then a sample of the purged ones spread evenly over them;
 * says why any is not fresh, mends what can be mended, and returns what goes into the report.
 */
export const checkEdge = async (
  candidates: { named: ToCheck[]; purged: ToCheck[] },
  state: State,
  run: Run
): Promise<Checked> => {
  const { log } = run
  const chosen = [...candidates.named, ...spread(candidates.purged, VERIFY_SAMPLE)]
  if (chosen.length === 0) {
    log.notice(
      'verify is on, but nothing names a URL to check: list some in verify_urls after a tag, host, prefix or everything purge.',
      TITLE
    )
    return { amendment: undefined, fetched: new Set() }
  }
  const { marker, check } = checker(state, run)
  const checks = await log.group(`Checking ${chosen.length} URL(s) at the edge`, () =>
    check(chosen)
  )
  const diagnosis = await diagnose(chosen, checks, {
    inputs: state.inputs,
    run,
    state,
    marker,
    edge: process.env[EDGE_OVERRIDE],
    recheck: (items) => log.group(`Checking ${items.length} URL(s) again`, () => check(items))
  })
  const amendment = await amendmentOf(checks, diagnosis, state.inputs, run)
  // A check that got an answer fetched the page: warming need not fetch it again.
  const fetched = new Set(
    checks
      .filter((c) => c.status !== '' || c.verdict !== 'could not check')
      .map((c) => edgeKey(c.url, c.headers))
  )
  return { amendment, fetched }
}

/** Why the edge is not checked after this purge, or undefined when it is. */
const notChecked = (state: State): { why: string; loud: boolean } | undefined => {
  const { purged } = state
  if (state.inputs.dryRun || purged === undefined) return { why: '', loud: false }
  if (!purged.seen)
    return {
      why: 'Not checking the edge: it answers visitors from the production environment, so what it serves says nothing of the environments purged here.',
      // With verify: fail the step promised a check it cannot make: said louder than a notice.
      loud: state.inputs.verify.mode === 'fail'
    }
  if (failing(state))
    return { why: 'Not checking the edge: the purge itself did not succeed.', loud: false }
  return undefined
}

export const verifyStage: Stage = async (run, state) => {
  const skip = notChecked(state)
  if (skip !== undefined) {
    if (skip.why !== '' && skip.loud) run.log.warning(skip.why, TITLE)
    else if (skip.why !== '' && !state.purged!.seen) run.log.notice(skip.why, TITLE)
    else if (skip.why !== '') run.log.info(skip.why)
    return state
  }
  const purged = state.purged!
  const named = state.inputs.verify.urls.map((item) => ({
    item,
    purgedAt: purged.otherAt ?? Date.now()
  }))
  const checked = await checkEdge({ named, purged: purged.urls }, state, run)
  return {
    ...state,
    amendments:
      checked.amendment === undefined ? state.amendments : [...state.amendments, checked.amendment],
    fetched: checked.fetched
  }
}
