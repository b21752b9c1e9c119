/**
 * Turns a list-valued input into its entries. Lists come one per line, comma-separated, or as a
 * JSON array (the only form that can carry `{url, headers}` objects).
 */
export type ListEntries = { entries: unknown[] } | { error: string }

// Commas may appear inside URL paths, so for URLs a comma only separates when a new URL starts.
const URL_SEPARATOR = /,\s*(?=[a-z][a-z0-9+.-]*:\/\/)/i

export const parseList = (raw: string, kind: 'urls' | 'names'): ListEntries => {
  const text = raw.trim()
  if (text === '') return { entries: [] }
  if (text.startsWith('[')) return parseJsonArray(text)
  const separator = kind === 'urls' ? URL_SEPARATOR : ','
  const entries = text
    .split(/\r?\n/)
    .flatMap((line) => line.split(separator))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  return { entries }
}

/** JSON.parse whose error says what the text looked like and why it is not JSON. */
export const parseJson = (text: string): { value: unknown } | { error: string } => {
  try {
    return { value: JSON.parse(text) }
  } catch (error) {
    return { error: `starts with "${text[0]}" but is not valid JSON (${(error as Error).message})` }
  }
}

export const parseJsonArray = (text: string): ListEntries => {
  const parsed = parseJson(text)
  if ('error' in parsed) return parsed
  if (!Array.isArray(parsed.value)) return { error: 'is JSON but not an array' }
  return { entries: parsed.value }
}

/** Plain-text URL files: one per line; blank lines and `#` comments are skipped. */
export const parseLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
