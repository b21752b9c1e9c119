/**
 * Text on its way to the log, an output, an annotation or the summary. The runner reads any
 * stdout line that starts with `::` as a command, so outside text must never carry a line break,
 * and a URL's user name and password are never shown: both one-line makers below hide them
 * (`https://***@host/`) before they cut, so a cut can never leave half a password behind.
 * Two ways to make it one line, for two purposes:
 * - `escapeLine` shows each control character as an escape (`\n`): for a value the user gave,
 *   quoted back so they can see exactly what they typed;
 * - `flattenLine` turns them into spaces and cuts long text: for what an API or a server said.
 * Markdown is the report's business (`report/markdown.ts`).
 */

const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
const isSchemeChar = (c: number): boolean =>
  isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e
const isSlash = (c: number): boolean => c === 0x2f || c === 0x5c
// What ends the user info of a URL in running text: what ends an authority, a space, a quote.
const ENDS_USERINFO = /[/\\?#\s"]/

/**
 * Hides what could be a password in a URL before it is quoted: `https://***@host/`, wherever a
 * URL appears in the text. What `/([a-z][a-z0-9+.-]*:[/\\]*)[^/\\?#\s"]*@/gi` replaced with
 * `$1***@` (the tests hold it to that), by hand: that pattern is quadratic on a long text with
 * no "@" after its colons, and this reads each character at most twice.
 */
export const hideUserinfo = (text: string): string => {
  if (!text.includes('@')) return text
  const n = text.length
  // The run of characters that may be user info, from where the last lookup started: its end
  // and its last "@". Lookups only move forward, so each character is scanned once.
  let runFrom = -1
  let runEnd = -1
  let runAt = -1
  const lastAtFrom = (from: number): number => {
    if (from < runFrom || from > runEnd) {
      runFrom = from
      runAt = -1
      let k = from
      for (; k < n && !ENDS_USERINFO.test(text[k]!); k++) if (text[k] === '@') runAt = k
      runEnd = k
    }
    return runAt >= from ? runAt : -1
  }
  let out = ''
  let copied = 0
  let i = 0
  while (i < n) {
    if (!isLetter(text.charCodeAt(i))) {
      i++
      continue
    }
    // A scheme runs to the first character that cannot be in one; a start later in the same
    // run ends at the same place, so a failure here is a failure for the whole run.
    let j = i + 1
    while (j < n && isSchemeChar(text.charCodeAt(j))) j++
    if (text[j] !== ':') {
      i = j
      continue
    }
    let m = j + 1
    while (m < n && isSlash(text.charCodeAt(m))) m++
    const at = lastAtFrom(m)
    if (at === -1) {
      i = j
      continue
    }
    out += `${text.slice(copied, m)}***@`
    copied = at + 1
    i = at + 1
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** Whether a URL's text carries user info in any form the URL parser may not report. */
export const hasUserinfo = (text: string): boolean => text !== hideUserinfo(text)

/**
 * A value the user gave, as it may be quoted back. One that starts with a scheme and holds an "@"
 * but is not a URL without user info (it does not parse, or has a user name or password) may
 * hide a password anywhere up to its last "@": everything from the scheme to it is shown as `***`
 * (`https://***@host/path`). Any other value has the user info of its URL-like parts hidden.
 */
export const shownValue = (given: string): string => {
  // The run's credentials first: a value cut to length later would no longer match them whole.
  const text = hidden.length === 0 ? given : redactAll(given, hidden)
  const at = text.lastIndexOf('@')
  const scheme = /^[a-z][a-z0-9+.-]*:[/\\]*/i.exec(text)?.[0]
  if (at === -1 || scheme === undefined) return hideUserinfo(text)
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {
    url = undefined
  }
  if (url !== undefined && url.username === '' && url.password === '') return hideUserinfo(text)
  return `${scheme}***${text.slice(at)}`
}

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
  for (const char of hideUserinfo(text)) {
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
  const flat = hideUserinfo(text).replace(CONTROLS, ' ')
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Replaces every secret in `text` with `***`. */
export const redactAll = (text: string, secrets: readonly string[]): string =>
  secrets.reduce((out, secret) => (secret === '' ? out : out.split(secret).join('***')), text)

/** The run's credentials, hidden from every value a message shows (`shownValue`). */
let hidden: readonly string[] = []

/** Set once the credentials are known (runner/secrets.ts), before any input is read. */
export const hideInValues = (secrets: readonly string[]): void => {
  hidden = secrets
}

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
