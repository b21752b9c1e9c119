/**
 * Text that came from outside (API answers, headers) on its way to the log, an output or the job
 * summary. The runner reads any stdout line that starts with `::` as a command, and GitHub renders
 * the summary as markdown: outside text must carry neither a line break nor markup.
 */

// C0 and C1 controls, line and paragraph separators, and the bidi controls that reorder text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** One line of plain text, at most `max` characters, with every control character made a space. */
export const oneLine = (text: string, max = 300): string => {
  const flat = text.replace(CONTROLS, ' ')
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Replaces every secret in `text` with `***`. */
export const redactAll = (text: string, secrets: readonly string[]): string =>
  secrets.reduce((out, secret) => (secret === '' ? out : out.split(secret).join('***')), text)

/**
 * Markdown-inert HTML text: every ASCII character that is not a letter, digit or space becomes a
 * numeric entity, so `[x](y)`, `#`, `|`, `*`, `<img>` and bare URLs all render as the characters
 * they are, inside a table cell too.
 */
export const inertHtml = (text: string): string =>
  oneLine(text, Infinity).replace(/[^A-Za-z0-9 \u0080-\uffff]/g, (c) => `&#${c.charCodeAt(0)};`)

/** Outside text in the summary: code-styled, never markup, never a link. */
export const codeHtml = (text: string): string => `<code>${inertHtml(text)}</code>`
