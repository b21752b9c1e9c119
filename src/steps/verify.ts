/**
 * After a purge: asks the edge whether it took. This module and what it imports load only when
 * `verify` is on.
 */
import { fetchThroughEdge } from '../edge/fetch.js'
import { spread, verify, type ToCheck } from '../edge/verify.js'
import { edgeKey } from '../edge/warm.js'
import type { Inputs } from '../inputs/parse.js'
import { VERIFY_SAMPLE } from '../inputs/verify.js'
import type { Log } from '../log.js'
import type { Amendment } from '../report/amend.js'
import { reportVerify } from '../report/verify.js'
import { deadlineOf, failing, type Run, type Stage, type State } from './stage.js'

const TITLE = { title: 'Cloudflare purge' }

/** What the check of the edge adds to the report, and the cache keys it fetched. */
export interface Checked {
  amendment: Amendment | undefined
  fetched: ReadonlySet<string>
}

/**
 * Checks every URL `verify_urls` names, then a sample of the purged ones spread evenly over them;
 * says what it found in the log, and returns what goes into the report.
 */
export const checkEdge = async (
  candidates: { named: ToCheck[]; purged: ToCheck[] },
  inputs: Inputs,
  options: { deadline: number; userAgent: string; log: Log; run: Run }
): Promise<Checked> => {
  const { log } = options
  const mode = inputs.verify.mode as 'warn' | 'fail'
  const chosen = [...candidates.named, ...spread(candidates.purged, VERIFY_SAMPLE)]
  if (chosen.length === 0) {
    log.notice(
      'verify is on, but nothing names a URL to check: list some in verify_urls after a tag, host, prefix or everything purge.',
      TITLE
    )
    return { amendment: undefined, fetched: new Set() }
  }
  const checks = await log.group(`Checking ${chosen.length} URL(s) at the edge`, () =>
    verify(chosen, {
      mode: inputs.mode,
      deadline: options.deadline,
      clock: options.run.clock,
      fetchEdge: fetchThroughEdge(options.userAgent)
    })
  )
  const result = reportVerify(checks, mode)
  log.info(result.line)
  // Every check in the log: the summary may have to leave some out to stay under GitHub's limit.
  await log.group(`Each URL checked at the edge (${checks.length})`, async () => {
    for (const line of result.lines) log.info(line)
  })
  for (const warning of result.warnings) log.warning(warning, { title: 'Stale at the edge' })
  const amendment: Amendment = {
    section: result.section,
    outputs: { verified: result.verified },
    ...(result.failure === undefined
      ? {}
      : {
          failure: {
            message: result.failure,
            title: 'Stale at the edge',
            titled: 'stale at the edge'
          }
        })
  }
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
  const checked = await checkEdge({ named, purged: purged.urls }, state.inputs, {
    deadline: deadlineOf(state),
    userAgent: run.userAgent,
    log: run.log,
    run
  })
  return {
    ...state,
    amendments:
      checked.amendment === undefined ? state.amendments : [...state.amendments, checked.amendment],
    fetched: checked.fetched
  }
}
