export interface Clock {
  now(): number
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/**
 * The longest delay a Node timer keeps. Past it, setTimeout fires after 1 ms (with a warning),
 * and so does AbortSignal.timeout, which also throws on a negative or fractional delay ("The
 * value of "delay" is out of range") before anything is sent.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * A delay every timer takes as meant: whole milliseconds from 0 to MAX_TIMER_MS. A negative
 * delay (a deadline passed) is 0; NaN, which no caller means, is 0 too, so it never hangs.
 * Every timer in src/ goes through this (or `timeoutSignal`).
 */
export const timerMs = (ms: number): number =>
  Number.isNaN(ms) ? 0 : Math.min(MAX_TIMER_MS, Math.max(0, Math.round(ms)))

/** AbortSignal.timeout for any delay: at least 1 ms, at most MAX_TIMER_MS, never a throw. */
export const timeoutSignal = (ms: number): AbortSignal =>
  AbortSignal.timeout(Math.max(1, timerMs(ms)))

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, timerMs(ms))
      signal?.addEventListener('abort', done, { once: true })
    })
}

/** The clock of epoch milliseconds, which deadlines given as `Date.now() + ms` are measured on. */
export const epochClock: Clock = { now: () => Date.now(), sleep: realClock.sleep }
