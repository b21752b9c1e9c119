import * as core from '@actions/core'
import { hideInValues } from '../text.js'

/** The inputs that carry a credential. */
// api_key, removed in v1, is masked still: a workflow that passes one is refused, never shown.
const SECRET_INPUTS = ['token', 'api_key', 'github_token'] as const

/** The run's credentials, once maskSecrets has read them: what the log adapter redacts. */
let known: readonly string[] = []

/**
 * The shortest line of a multi-line value (or the credential after `Bearer `) masked on its own.
 * Every credential the action takes is far longer (API tokens 40 characters, Global API Keys 37,
 * GitHub's tokens 40 and more), so a shorter line is a fragment of a pasting slip (`a`, `---`,
 * `Bearer`), not a secret; masked, it would turn every message that holds it into `***` soup.
 * Eight characters still covers any credential cut in two lines.
 */
export const MIN_SECRET_LINE = 8

/** The parts of a credential input to mask: the whole value, and each line long enough. */
const partsOf = (value: string): string[] => {
  const parts = [value.trim()]
  const lines = value.split(/\r?\n/).map((line) => line.trim())
  for (const line of lines.length > 1 ? lines : [])
    if (line.length >= MIN_SECRET_LINE) parts.push(line)
  // `token: Bearer xyz` is refused as an input, but xyz is the credential: mask it alone too.
  for (const line of lines) {
    const bare = /^(?:bearer|token)\s+(\S+)$/i.exec(line)?.[1]
    if (bare !== undefined && bare.length >= MIN_SECRET_LINE) parts.push(bare)
  }
  return parts.filter((part) => part !== '')
}

/**
 * Masks every credential before anything can print it; runs before inputs are validated. Returns
 * them too: the runner's mask guards the log, but not an output a later step passes on.
 */
export const maskSecrets = (): string[] => {
  const secrets = new Set<string>()
  for (const name of SECRET_INPUTS)
    for (const part of partsOf(core.getInput(name, { trimWhitespace: false }))) secrets.add(part)
  for (const secret of secrets) core.setSecret(secret)
  // Longest first: a secret that contains another is redacted whole.
  known = [...secrets].sort((a, b) => b.length - a.length)
  hideInValues(known)
  return [...secrets]
}

/** The credentials maskSecrets found (none before it ran). */
export const knownSecrets = (): readonly string[] => known
