import * as core from '@actions/core'

/** The inputs that carry a credential. */
// api_key, removed in v1, is masked still: a workflow that passes one is refused, never shown.
const SECRET_INPUTS = ['token', 'api_key', 'github_token'] as const

/** The run's credentials, once maskSecrets has read them: what the log adapter redacts. */
let known: readonly string[] = []

/**
 * Masks every credential before anything can print it; runs before inputs are validated. Returns
 * them too: the runner's mask guards the log, but not an output a later step passes on.
 */
export const maskSecrets = (): string[] => {
  const secrets = new Set<string>()
  for (const name of SECRET_INPUTS) {
    const value = core.getInput(name, { trimWhitespace: false })
    for (const part of [value, ...value.split(/\r?\n/)].map((s) => s.trim())) {
      if (part === '') continue
      secrets.add(part)
      // `token: Bearer xyz` is refused as an input, but xyz is the credential: mask it alone too.
      const bare = /^(?:bearer|token)\s+(\S+)$/i.exec(part)?.[1]
      if (bare !== undefined) secrets.add(bare)
    }
  }
  for (const secret of secrets) core.setSecret(secret)
  // Longest first: a secret that contains another is redacted whole.
  known = [...secrets].sort((a, b) => b.length - a.length)
  return [...secrets]
}

/** The credentials maskSecrets found (none before it ran). */
export const knownSecrets = (): readonly string[] => known
