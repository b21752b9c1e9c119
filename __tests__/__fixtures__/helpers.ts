import { callApi } from '../../src/cloudflare/client.js'
import { purgeBody, purgePath } from '../../src/plan/plan.js'
import { execute, type ExecuteOptions, type Progress } from '../../src/engine/purge-run.js'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { type Item, type Kind, type Plan, type RunPlan } from '../../src/model.js'
import { realClock, type Clock } from '../../src/clock.js'

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export const ZONE_ID = DEFAULT_ZONE.id

/** The run plan of one zone, as planPurge makes it. */
export const runOf = (plan: Plan): RunPlan => {
  const { zone, environment, mode, batchSize, kinds } = plan
  return {
    mode,
    batchSize,
    kinds,
    zones: [zone],
    environments:
      environment === undefined ? [] : [{ by: 'id', given: environment, id: environment }]
  }
}

export const planOf = (
  kinds: Partial<Record<Kind, Item[]>>,
  batchSize = 100,
  environment?: string
): Plan => ({
  zone: { by: 'id', given: ZONE_ID, id: ZONE_ID },
  environment,
  mode: 'purge',
  batchSize,
  kinds: Object.entries(kinds).map(([kind, items]) => ({
    kind: kind as Kind,
    items: items!,
    duplicates: 0
  }))
})

export const FAST: ExecuteOptions = {
  concurrency: 4,
  maxAttempts: 8,
  backoff: { baseMs: 5, capMs: 50 },
  timeoutMs: 20_000,
  requestTimeoutMs: 2000,
  progressEveryMs: 60_000
}

/** Runs the executor against an emulator over real HTTP, as main does. */
export const executeAgainst = (
  emulator: Emulator,
  plan: Plan,
  options: Partial<ExecuteOptions> = {},
  token = DEFAULT_TOKEN,
  /** The engine's clock: a FakeClock makes what it measures independent of the machine's speed. */
  clock: Clock = realClock
) => {
  const notices: string[] = []
  const progress: Progress[] = []
  const config = {
    apiUrl: emulator.apiUrl,
    token,
    userAgent: 'test'
  }
  const path = purgePath(ZONE_ID, plan.environment, plan.mode)
  return execute(
    plan,
    { ...FAST, ...options },
    {
      clock,
      send: (kind, items, timeoutMs) =>
        callApi(config, { method: 'POST', path, body: purgeBody(kind, items) }, timeoutMs),
      log: { info: () => undefined, notice: (message) => void notices.push(message) },
      progress: (p) => progress.push(p)
    }
  ).then((outcome) => ({ ...outcome, notices, progress }))
}

export const range = (n: number, f: (i: number) => string): string[] =>
  Array.from({ length: n }, (_, i) => f(i))
