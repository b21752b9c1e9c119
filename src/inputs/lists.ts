import { nestsDeeper } from '../text.js'

/**
 * The deepest JSON any input needs is 4 levels (a from_file object of lists of `{url, headers}`
 * objects); past this, a value is refused before it is parsed. Deeper values would overflow the
 * stack of whatever walks them (the schema check, JSON.stringify for a message).
 */
export const MAX_JSON_DEPTH = 16

/**
 * Turns a list-valued input into its entries. Lists come one per line, comma-separated, or as a
 * JSON array (the only form that can carry `{url, headers}` objects).
 */
export type ListEntries = { entries: unknown[] } | { error: string }
export type ListKind = 'urls' | 'names'

// Commas may appear inside URL paths, so for URLs a comma only separates when a new URL starts.
const URL_SEPARATOR = /,\s*(?=[a-z][a-z0-9+.-]*:\/\/)/i

export const parseList = (raw: string, kind: ListKind): ListEntries => {
  const text = raw.trim()
  if (text === '') return { entries: [] }
  if (text.startsWith('[')) return parseJsonArray(text, kind)
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
  if (nestsDeeper(text, MAX_JSON_DEPTH))
    return {
      error: `is JSON nested more than ${MAX_JSON_DEPTH} levels deep (arrays or objects inside each other); a list needs at most 4`
    }
  try {
    return { value: JSON.parse(text) }
  } catch (error) {
    return { error: `starts with "${text[0]}" but is not valid JSON (${jsonMistake(error, text)})` }
  }
}

/**
 * What the parser found wrong, and where, in our words: its own message may quote a window of
 * the text around the mistake, cut anywhere (between a password and its "@"), so none of the
 * text is repeated, only the place.
 */
const jsonMistake = (error: unknown, text: string): string => {
  const message = String((error as Error).message)
  const what = message
    .split('"')[0]!
    .replace(/\s+in JSON at position \d+.*$/, '')
    .trim()
  const at = /position (\d+)/.exec(message)
  if (at === null) return what.replace(/,$/, '')
  const position = Number(at[1])
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  const column = position - start + 1
  return `${what} at line ${line}, column ${column}`
}

// `urls: [a, b]` in a workflow is a YAML flow list only when unquoted YAML: with `|` or quotes
// around it, the action gets the text `[a, b]`, which is not JSON because its strings lack quotes.
const YAML_FLOW_LIST = /^\[\s*[^\s"{[\]][^]*\]$/

export const parseJsonArray = (text: string, kind: ListKind = 'urls'): ListEntries => {
  const parsed = parseJson(text)
  if ('error' in parsed)
    return YAML_FLOW_LIST.test(text)
      ? {
          error: `looks like a YAML flow list; write one ${kind === 'urls' ? 'URL' : 'entry'} per line, or a JSON array with quoted strings`
        }
      : parsed
  if (!Array.isArray(parsed.value)) return { error: 'is JSON but not an array' }
  return { entries: parsed.value }
}

/**
 * The entries of a one-value-per-line-or-comma input (`zone`, `environment`, glob patterns):
 * trimmed, without blank entries and `#` comments.
 */
export const splitEntries = (text: string): string[] =>
  text
    .split(/\r?\n|,/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'))

/**
 * Plain-text URL files: one per line; blank lines and `#` comments are skipped. `lines` holds the
 * line number (from 1) of each entry, so a problem can name the line instead of quoting it.
 */
export const parseLines = (text: string): { entries: string[]; lines: number[] } => {
  const entries: string[] = []
  const lines: number[] = []
  text.split(/\r?\n/).forEach((line, index) => {
    const entry = line.trim()
    if (entry === '' || entry.startsWith('#')) return
    entries.push(entry)
    lines.push(index + 1)
  })
  return { entries, lines }
}
