/**
 * Text on its way to the log, an output, an annotation or the summary. The runner reads any
 * stdout line that starts with `::` as a command, so outside text must never carry a line break.
 * Two ways to make it one line, for two purposes:
 * - `escapeLine` shows each control character as an escape (`\n`): for a value the user gave,
 *   quoted back so they can see exactly what they typed;
 * - `flattenLine` turns them into spaces and cuts long text: for what an API or a server said.
 * Markdown is the report's business (`report/markdown.ts`).
 */

// Line breaks, control characters, lone surrogates and bidirectional overrides: anything that
// could start a new log line (and so a `::` workflow command) or make a quote read differently.
const UNSAFE = /[\p{Cc}\p{Cs}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** One code point as it is safe to show: itself, or an escape such as `\n` or `\u001b`. */
const escapeCodePoint = (char: string): string =>
  UNSAFE.test(char)
    ? (NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : char

/**
 * Text made safe for one log line: control characters and line breaks escaped,
 * and cut after `max` characters (counted after escaping) with "...".
 */
export const escapeLine = (text: string, max = Infinity): string => {
  let shown = ''
  for (const char of text) {
    const safe = escapeCodePoint(char)
    if (shown.length + safe.length > max) return `${shown}...`
    shown += safe
  }
  return shown
}

/** A value from outside, quoted for a message: escaped, at most `max` characters, in quotes. */
export const quote = (text: string, max = 120): string => `"${escapeLine(text, max)}"`

// C0 and C1 controls, line and paragraph separators, and the bidi controls that reorder text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** One line of plain text, at most `max` characters, with every control character made a space. */
export const flattenLine = (text: string, max = 300): string => {
  const flat = text.replace(CONTROLS, ' ')
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Replaces every secret in `text` with `***`. */
export const redactAll = (text: string, secrets: readonly string[]): string =>
  secrets.reduce((out, secret) => (secret === '' ? out : out.split(secret).join('***')), text)

/**
 * `text` without the copies of `char` it ends with. `replace(/\/+$/, '')` is quadratic on a long
 * run of them that does not end the text: each start in the run scans it to its end.
 */
export const trimEnd = (text: string, char: string): string => {
  let end = text.length
  while (end > 0 && text[end - 1] === char) end--
  return end === text.length ? text : text.slice(0, end)
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`: one pass, no recursion, so it
 * can be asked before parsing a value that would overflow the stack of whatever walks it.
 */
export const nestsDeeper = (text: string, max: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/** Thousands separators without Intl, whose locale data costs start-up time. */
export const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** Milliseconds as seconds with one decimal: "2.5". */
export const seconds = (ms: number): string => (Math.round(ms / 100) / 10).toString()
