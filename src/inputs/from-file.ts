import { TextDecoder } from 'node:util'
import * as z from 'zod/mini'
import type { InputIssue } from '../errors.js'
import { quote } from '../text.js'
import type { Entries } from './items.js'
import { parseJson, parseJsonArray, parseLines } from './lists.js'
import { quoteKeys } from './rules.js'
import type { FileReader } from './workspace-file.js'

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The file's text, or which line is not UTF-8 (a file decoded with U+FFFD would purge garbage). */
export const decode = (bytes: Uint8Array): { text: string } | { problem: string } => {
  try {
    return { text: decoder.decode(bytes) }
  } catch {
    const utf16 =
      (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
    let line = 1
    for (let start = 0; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start)
      if (end === -1) end = bytes.length
      try {
        decoder.decode(bytes.subarray(start, end))
      } catch {
        break
      }
      start = end + 1
    }
    return {
      problem: `is not valid UTF-8: line ${line} has bytes that are not UTF-8${utf16 ? ' (the file looks like UTF-16)' : ''}; save it as UTF-8`
    }
  }
}

const list = z.optional(z.array(z.unknown()))
const fileBody = z.strictObject({
  files: list,
  tags: list,
  hosts: list,
  prefixes: list,
  purge_everything: z.optional(z.boolean())
})

/** A JSON object of lists (and purge_everything): its lists into `entries`, or why not. */
const readObject = (
  body: string,
  file: string,
  entries: Entries
): { everything: boolean } | { problem: string } => {
  const json = parseJson(body)
  if ('error' in json) return { problem: json.error }
  const parsed = fileBody.safeParse(json.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return {
      problem:
        issue.code === 'unrecognized_keys'
          ? `has unknown field(s) ${quoteKeys(issue.keys)}; the fields are "files", "tags", "hosts", "prefixes" and "purge_everything"`
          : `field ${quote(issue.path.map(String).join('.'), 40)} must be ${issue.path[0] === 'purge_everything' ? 'true or false' : 'a JSON array'}`
    }
  }
  for (const kind of ['files', 'tags', 'hosts', 'prefixes'] as const) {
    const list = parsed.data[kind]
    if (list !== undefined)
      entries[kind].push({
        input: 'from_file',
        entries: list,
        at: (index) => `entry ${index + 1} of "${kind}" in ${file}`
      })
  }
  return { everything: parsed.data.purge_everything === true }
}

/**
 * Reads `from_file`: a JSON array of URLs, a JSON object of lists, or URLs one per line. Returns
 * whether the file asks to purge everything; its lists go into `entries`.
 */
export const readFromFile = (
  path: string,
  roots: readonly string[],
  readFile: FileReader,
  entries: Entries,
  issues: InputIssue[]
): boolean => {
  if (path === '') return false
  const refuse = (problem: string) => {
    issues.push({ input: 'from_file', value: path, problem })
    return false
  }
  const read = readFile(path, roots, 'from_file')
  if ('problem' in read) return refuse(read.problem)
  const decoded = decode(read.bytes)
  if ('problem' in decoded) return refuse(decoded.problem)
  const { text } = decoded
  const file = quote(path, 80)
  const body = text.trim()
  if (body.startsWith('[')) {
    const parsed = parseJsonArray(body, 'urls')
    if ('error' in parsed) return refuse(parsed.error)
    entries.files.push({
      input: 'from_file',
      entries: parsed.entries,
      at: (index) => `entry ${index + 1} of ${file}`
    })
    return false
  }
  if (body.startsWith('{')) {
    const object = readObject(body, file, entries)
    return 'problem' in object ? refuse(object.problem) : object.everything
  }
  const { entries: lines, lines: numbers } = parseLines(text)
  entries.files.push({
    input: 'from_file',
    entries: lines,
    at: (index) => `line ${numbers[index]} of ${file}`
  })
  return false
}
