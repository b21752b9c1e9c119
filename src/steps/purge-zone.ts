/**
 * One part of a purge (a zone, or an environment of it): its requests sent through the run's
 * client and pacer, and every item accounted for.
 */
import { callApi, type ClientConfig } from '../cloudflare/client.js'
import { append, isRefusedToken, type Need, type TokenCheck } from '../cloudflare/token-check.js'
import { CancelledError } from '../errors.js'
import type { ToCheck } from '../edge/verify.js'
import type { Pacer } from '../engine/pacer.js'
import { execute, type ExecuteOptions, type Progress } from '../engine/purge-run.js'
import type { Log } from '../log.js'
import { countLabel, type Item, type Kind, type Plan } from '../model.js'
import { purgeBody, purgePath } from '../plan/plan.js'
import { unsentOutcome, type ZoneRun } from '../report/zones.js'
import { realClock } from '../clock.js'
import { count, seconds } from '../text.js'
import { unlessCancelled } from './stage.js'
import type { Found } from './zones.js'

/** One part of the step: what it sends, where, and how its log lines are marked. */
export interface Part {
  plan: Plan
  found: Found
  say: (message: string) => string
}

/** Accepted URLs and when, and when the rest was accepted: what the checks after it look at. */
export class Accepted {
  readonly urls: ToCheck[] = []
  otherAt: number | undefined
  readonly record = (kind: Kind, items: Item[]): void => {
    if (kind === 'files') for (const item of items) this.urls.push({ item, purgedAt: Date.now() })
    else this.otherAt = Date.now()
  }
}

/** What every part sends with; only the parts the edge shows record what they purged. */
export interface Shared {
  client: ClientConfig
  pacer: Pacer
  options: ExecuteOptions
  tokens: TokenCheck
  accepted?: Accepted
  signal?: AbortSignal
}

const progressLine = (p: Progress): string =>
  `${count(p.done)} / ${count(p.total)} items done in ${seconds(p.elapsedMs)} s ` +
  `(${Math.round(p.done / Math.max(p.elapsedMs / 1000, 0.001))} items/s); waited ${seconds(p.waitedMs)} s for the rate limit; ${p.throttled} × 429`

/** Sends one part's requests and accounts for every item. */
export const purgeZone = async (part: Part, shared: Shared, log: Log): Promise<ZoneRun> => {
  const { plan, found, say } = part
  if (!found.ok)
    return {
      plan,
      zoneId: plan.zone.by === 'id' ? plan.zone.id : '',
      outcome: unsentOutcome(plan, found.error)
    }
  const path = purgePath(found.id, plan.environment, plan.mode)
  const send = async (kind: Kind, items: Item[], timeoutMs: number, abandon: AbortSignal) => {
    const started = realClock.now()
    const body = purgeBody(kind, items)
    const reply = await callApi(shared.client, { method: 'POST', path, body }, timeoutMs, abandon)
    const answer =
      reply.type === 'unreachable' ? reply.detail : `HTTP ${reply.status} ${reply.type}`
    log.debug(
      `POST ${path} ${countLabel(kind, items.length)}: ${answer} in ${Math.round(realClock.now() - started)} ms`
    )
    return reply
  }
  const outcome = await execute(plan, shared.options, {
    clock: realClock,
    send,
    progress: (p) => log.info(say(progressLine(p))),
    log: {
      info: (message) => log.info(say(message)),
      notice: (message) => log.notice(say(message), { title: 'Cloudflare purge' })
    },
    pacer: shared.pacer,
    ...(shared.accepted === undefined ? {} : { accepted: shared.accepted.record }),
    ...(shared.signal === undefined ? {} : { signal: shared.signal })
  })
  const named = found.name !== undefined && found.name !== plan.zone.given
  await explainUnlessCancelled(outcome.failure, shared, {
    permission: 'Cache Purge',
    zone: named ? `${found.name} (${plan.zone.given})` : plan.zone.given
  })
  return { plan, zoneId: found.id, outcome }
}

/**
 * The token check's word on a refusal, raced against the cancel: the refusal was known before the
 * signal, so a cancel during the check (one GET, up to 10 s) reports it at once, saying the check
 * was cut short, rather than leave the runner's next signal to end the step with no report.
 */
const explainUnlessCancelled = async (
  failure: Error | undefined,
  shared: Shared,
  need: Need
): Promise<void> => {
  const explained = shared.tokens.explain(failure, need)
  // Only a refusal of the token is checked; anything else is left as it is, at once.
  if (shared.signal === undefined || !isRefusedToken(failure)) return explained
  try {
    await unlessCancelled(explained, shared.signal, 'during the token check')
  } catch (error) {
    if (!(error instanceof CancelledError) || failure === undefined) throw error
    append(failure, `${error.message}, so it could not say why Cloudflare refused the token.`)
  }
}
