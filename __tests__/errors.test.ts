import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { describeIssue, InputError } from '../src/errors.js'
import { escapeLine, hideInValues, quote } from '../src/text.js'

// Anything a log viewer or the runner could take for the end of a line.
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/

const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc
    .array(
      fc.constantFrom('\n', '\r', '::', 'error', '%0A', '\u2028', '\u0085', 'a', ' ', '\u202e')
    )
    .map((parts) => parts.join(''))
)

describe('describeIssue', () => {
  it('escapes line breaks and control characters in the value and the problem', () => {
    expect(
      describeIssue({
        input: 'urls',
        value: 'https://a.com/\n::error::pwned\r\u001b[31m',
        problem: 'is bad (\n::warning::x)'
      })
    ).toBe('Input "urls": "https://a.com/\\n::error::pwned\\r\\u001b[31m" is bad (\\n::warning::x)')
  })

  it('cuts a long value short', () => {
    const line = describeIssue({ input: 'urls', value: 'x'.repeat(10_000), problem: 'is bad' })
    expect(line).toBe(`Input "urls": "${'x'.repeat(120)}..." is bad`)
  })

  it('never yields a line break, so no line it writes can start with "::"', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (input, value, problem) => {
        const text = new InputError([{ input, value, problem }]).message
        expect(text).not.toMatch(LINE_BREAK)
        expect(text.startsWith('Input "')).toBe(true)
        expect(text).not.toMatch(/\p{Cc}|\p{Cs}/u)
      })
    )
  })

  it('keeps each issue on its own line', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, hostile), { minLength: 1, maxLength: 5 }), (pairs) => {
        const lines = new InputError(
          pairs.map(([value, problem]) => ({ input: 'tags', value, problem }))
        ).message.split('\n')
        expect(lines).toHaveLength(pairs.length)
        for (const line of lines) expect(line.startsWith('Input "tags": ')).toBe(true)
      })
    )
  })
})

describe('escapeLine and quote', () => {
  it('keeps printable text, emoji and backslashes as they are', () => {
    expect(escapeLine('C:\\work\\urls.txt 🙂 café')).toBe('C:\\work\\urls.txt 🙂 café')
  })

  it('escapes a lone surrogate and bidirectional overrides', () => {
    expect(escapeLine('a\ud800b\u202ec')).toBe('a\\ud800b\\u202ec')
  })

  it('never cuts an escape or a surrogate pair in two', () => {
    expect(quote('ab\ncd', 3)).toBe('"ab..."')
    expect(quote('a🙂b', 2)).toBe('"a..."')
  })
})

describe('a credential inside a value cut to length', () => {
  it('is hidden before the cut, so no part of it is shown', () => {
    const token = 'test-token-0123456789abcdefghijklmnopqrstuv'
    hideInValues([token])
    try {
      const message = describeIssue({
        input: 'urls',
        value: `http://127.0.0.1/${'a'.repeat(80)}?t=${token}`,
        problem: 'is odd'
      })
      expect(message).not.toContain('test-token')
      expect(message).not.toContain('0123456789abcdef')
    } finally {
      hideInValues([])
    }
  })
})
