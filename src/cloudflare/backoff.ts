export interface Backoff {
  baseMs: number
  capMs: number
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, capMs: 8000 }

/** Exponential backoff with jitter, so that workers which failed together do not retry together. */
export const backoffMs = (
  attempt: number,
  backoff: Backoff,
  random: () => number = Math.random
): number => Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt) * (0.75 + 0.25 * random())
