/**
 * The run's context without @actions/github's Context: the event file is read only when asked
 * for, bounded, and a file that is not an event payload is an error that names GITHUB_EVENT_PATH.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  EventFileError,
  lazyEvent,
  MAX_EVENT_BYTES,
  readEventPayload
} from '../../src/runner/context.js'

const file = (content: string | Buffer): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
  writeFileSync(path, content)
  return path
}

const problem = (path: string): string => {
  const error = (() => {
    try {
      readEventPayload(path)
    } catch (e) {
      return e
    }
    return undefined
  })()
  expect(error).toBeInstanceOf(EventFileError)
  const message = (error as Error).message
  expect(message).toContain(`GITHUB_EVENT_PATH names "${path}", which `)
  expect(message).not.toMatch(/[\n\r]/)
  return message
}

describe('readEventPayload', () => {
  it('reads the JSON object of an event file', () => {
    expect(readEventPayload(file('{"before": "a", "after": "b"}'))).toEqual({
      before: 'a',
      after: 'b'
    })
  })

  it('gives an empty payload when GITHUB_EVENT_PATH is unset or names no file, as a local run has', () => {
    expect(readEventPayload(undefined)).toEqual({})
    expect(readEventPayload(join(tmpdir(), 'no-such-dir-4242', 'event.json'))).toEqual({})
  })

  it('names the file and the problem when it is not JSON, not an object, or not UTF-8', () => {
    expect(problem(file('{"before": "1111'))).toMatch(
      /which is not JSON \(.{1,130}\)\. changed reads/
    )
    expect(problem(file('<html>\n::error::forged\n</html>'))).toContain('which is not JSON')
    expect(problem(file('[1, 2]'))).toContain('holds JSON that is not an object')
    expect(problem(file('null'))).toContain('holds JSON that is not an object')
    expect(problem(file(Buffer.from([0x7b, 0xff, 0x7d])))).toContain('is not UTF-8 text')
  })

  it('refuses a file larger than an event payload can be without reading it', () => {
    const path = file('')
    // Sparse: the size is there, the bytes are not.
    truncateSync(path, MAX_EVENT_BYTES + 1)
    expect(problem(path)).toContain(`holds ${MAX_EVENT_BYTES + 1} bytes, more than the 25 MiB`)
  })

  it('refuses a folder and a FIFO at once, without waiting for a writer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-'))
    expect(problem(dir)).toContain('is not a regular file')
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    expect(problem(fifo)).toContain('is not a regular file')
  })
})

describe('lazyEvent', () => {
  it('reads the payload the first time it is asked for, and only once', () => {
    let reads = 0
    const event = lazyEvent(() => ({ n: ++reads }))
    expect(reads).toBe(0)
    expect(event.payload).toEqual({ n: 1 })
    expect(event.payload).toEqual({ n: 1 })
    expect(reads).toBe(1)
  })
})
