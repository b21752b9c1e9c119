import * as z from 'zod/mini'
import {
  DEFAULTS,
  MAX_BATCH_SIZE,
  MAX_REQUEST_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  type DefaultedInput
} from './names.js'
import type { Reading } from './reading.js'
import { flagProblem } from './rules.js'
import type { Mode } from '../model.js'

/** How the run goes: what the request asks Cloudflare to do, and its bounds in time and size. */
export interface Settings {
  mode: Mode
  timeoutMs: number
  /** Never more than timeoutMs: no request may outlast the step. */
  requestTimeoutMs: number
  batchSize: number
}

const boolean = z.enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
const numeral = (pattern: RegExp, number: z.ZodMiniNumber<number>) =>
  z.pipe(z.pipe(z.string().check(z.regex(pattern)), z.transform(Number)), number)
// Digits only: no "1e400", "Infinity" or "0x10"; the maximum also catches 400 digits.
const seconds = (max: number) =>
  numeral(/^\d+(\.\d+)?$/, z.number().check(z.positive(), z.maximum(max)))
const wholeNumber = numeral(
  /^\d+$/,
  z.number().check(z.int(), z.minimum(1), z.maximum(MAX_BATCH_SIZE))
)
const mode = z.enum(['purge', 'invalidate'])

export const readFlag = (read: Reading, name: 'dry_run' | 'purge_everything'): boolean => {
  const parsed = boolean.safeParse(read.orDefault(name))
  if (parsed.success) return parsed.data.toLowerCase() === 'true'
  read.issues.push({ input: name, value: read.value(name), problem: flagProblem(read.value(name)) })
  return false
}

/** The number, or the default's when it is not one (an issue says so). */
const readNumber = (
  read: Reading,
  name: DefaultedInput,
  schema: ReturnType<typeof seconds>,
  rule: string
): number => {
  const parsed = schema.safeParse(read.orDefault(name))
  if (parsed.success) return parsed.data
  read.issues.push({ input: name, value: read.value(name), problem: rule })
  return Number(DEFAULTS[name])
}

/** Reads `mode`, `timeout`, `request_timeout` and `batch_size`, in that order. */
export const readSettings = (read: Reading): Settings => {
  const parsedMode = mode.safeParse(read.orDefault('mode'))
  if (!parsedMode.success)
    read.issues.push({
      input: 'mode',
      value: read.value('mode'),
      problem: 'must be "purge" or "invalidate"'
    })
  const timeoutMs =
    readNumber(
      read,
      'timeout',
      seconds(MAX_TIMEOUT_SECONDS),
      `must be a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS} (6 hours, a job's limit on GitHub-hosted runners)`
    ) * 1000
  // A request is cut at the time left anyway: a longer request_timeout is not worth an error.
  const requestTimeoutMs = Math.min(
    timeoutMs,
    readNumber(
      read,
      'request_timeout',
      seconds(MAX_REQUEST_TIMEOUT_SECONDS),
      `must be a positive number of seconds, at most ${MAX_REQUEST_TIMEOUT_SECONDS} (10 minutes)`
    ) * 1000
  )
  const batchSize = readNumber(
    read,
    'batch_size',
    wholeNumber,
    `must be a whole number from 1 to ${MAX_BATCH_SIZE}`
  )
  return {
    mode: parsedMode.success ? parsedMode.data : DEFAULTS.mode,
    timeoutMs,
    requestTimeoutMs,
    batchSize
  }
}
