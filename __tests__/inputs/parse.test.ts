import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { InputError } from '../../src/errors.js'
import { planPurge } from '../../src/plan/plan.js'
import {
  INPUT_NAMES,
  parseInputs,
  type ParseOptions,
  type RawInputs
} from '../../src/inputs/parse.js'

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353'
const TOKEN = 'secret-token-value-1234567890'

const raw = (overrides: Partial<RawInputs> = {}): RawInputs => ({
  ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
  token: TOKEN,
  zone: ZONE,
  ...overrides
})

const ROOT = realpathSync(mkdtempSync(join(tmpdir(), 'inputs-')))
const parse = (overrides: Partial<RawInputs>, options: ParseOptions = {}) =>
  parseInputs(raw(overrides), { roots: [ROOT], ...options })

const issuesOf = (overrides: Partial<RawInputs>, options: ParseOptions = {}) => {
  try {
    parse(overrides, options)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).issues
  }
  throw new Error('expected an InputError')
}

const file = (name: string, text: string | Uint8Array): string => {
  const path = join(mkdtempSync(join(ROOT, 'f-')), name)
  writeFileSync(path, text)
  return path
}

describe('parseInputs', () => {
  it('names, with every other mistake, an item in none of several zones given by name', () => {
    const issues = issuesOf({
      zone: 'example.com, example.org',
      environment: '7c5dae5552338874e5053f2534d2767a',
      urls: 'https://www.example.com/a\nhttps://www.other.net/x',
      prefixes: 'cdn.example.org/img/'
    })
    expect(issues.map((i) => [i.input, i.value])).toEqual([
      ['environment', '7c5dae5552338874e5053f2534d2767a'],
      ['urls', 'https://www.other.net/x']
    ])
    expect(issues[1]!.problem).toContain('has the host www.other.net, in none of the zones')
  })

  it('reads a minimal purge by URL with the defaults', () => {
    const inputs = parseInputs(raw({ urls: 'https://example.com/a' }))
    expect(inputs).toMatchObject({
      token: TOKEN,
      zones: [{ by: 'id', given: ZONE, id: ZONE }],
      environments: [],
      items: { files: ['https://example.com/a'], tags: [], hosts: [], prefixes: [] },
      purgeEverything: false,
      mode: 'purge',
      dryRun: false,
      apiUrl: 'https://api.cloudflare.com/client/v4',
      timeoutMs: 300_000,
      requestTimeoutMs: 30_000,
      batchSize: 100
    })
  })

  it('reads every input', () => {
    const inputs = parseInputs(
      raw({
        token: '',
        zone: 'Example.COM',
        environment: '7c5dae5552338874e5053f2534d2767a',
        tags: 'a,b',
        hosts: 'www.example.com',
        prefixes: 'www.example.com/blog/',
        mode: 'invalidate',
        dry_run: 'True',
        api_url: 'http://127.0.0.1:8787/client/v4/',
        timeout: '12.5'
      })
    )
    expect(inputs).toMatchObject({
      token: undefined,
      zones: [{ by: 'name', given: 'Example.COM', name: 'example.com' }],
      environments: [
        {
          by: 'id',
          given: '7c5dae5552338874e5053f2534d2767a',
          id: '7c5dae5552338874e5053f2534d2767a'
        }
      ],
      items: { tags: ['a', 'b'], hosts: ['www.example.com'], prefixes: ['www.example.com/blog/'] },
      mode: 'invalidate',
      dryRun: true,
      apiUrl: 'http://127.0.0.1:8787/client/v4',
      timeoutMs: 12_500,
      requestTimeoutMs: 12_500,
      batchSize: 100
    })
  })

  it('needs no token for a dry run', () => {
    expect(
      parseInputs(raw({ token: '', dry_run: 'true', purge_everything: 'true' })).token
    ).toBeUndefined()
  })

  it('names every bad input at once, quoting the bad values', () => {
    const issues = issuesOf({
      token: '',
      zone: 'https://example.com',
      environment: 'x'.repeat(201),
      urls: 'example.com/a',
      tags: 'two words',
      hosts: 'https://www.example.com',
      prefixes: 'www.example.com/?q',
      dry_run: 'yes',
      timeout: '0',
      mode: 'delete',
      api_url: 'http://api.example.com'
    })
    expect(issues.map((i) => i.input).sort()).toEqual(
      [
        'api_url',
        'dry_run',
        'environment',
        'hosts',
        'mode',
        'prefixes',
        'tags',
        'timeout',
        'token',
        'urls',
        'zone'
      ].sort()
    )
    const message = new InputError(issues).message
    expect(message).toContain('Input "tags": "two words" contains a space')
    expect(message).toContain(
      'Input "dry_run": "yes" must be true or false: write true (or True, TRUE) instead of "yes"'
    )
    expect(message).toContain('Input "mode": "delete" must be "purge" or "invalidate"')
    expect(message).toContain('Input "api_url": "http://api.example.com" must use https://')
  })

  it('recognizes a YAML list written into a block scalar', () => {
    expect(issuesOf({ urls: '- https://a.com/\n- https://b.com/' })).toEqual([
      expect.objectContaining({
        input: 'urls',
        value: '- https://a.com/',
        problem: expect.stringContaining('YAML list item')
      }),
      expect.objectContaining({ input: 'urls', value: '- https://b.com/' })
    ])
  })

  it('says when there is nothing to purge', () => {
    expect(issuesOf({})).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('nothing to purge') })
    ])
  })

  it('refuses purge_everything with lists', () => {
    expect(issuesOf({ purge_everything: 'true', tags: 'a', hosts: 'a.com' })).toEqual([
      expect.objectContaining({
        input: 'purge_everything',
        problem: expect.stringContaining('cannot be combined with tags, hosts')
      })
    ])
  })

  it('refuses credentials that cannot travel in an HTTP header, without quoting them', () => {
    const issues = issuesOf({ token: 'tökén', tags: 'a' })
    expect(issues).toEqual([
      {
        input: 'token',
        value: '',
        problem:
          'contains a character that cannot be sent in an HTTP header; copy the API token again'
      }
    ])
  })

  it('never quotes a secret back', () => {
    const issues = issuesOf({ token: 'abc def', github_token: 'x y', tags: 'a', changed: 'true' })
    expect(JSON.stringify(issues)).not.toContain('abc def')
    expect(JSON.stringify(issues)).not.toContain('x y')
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ input: 'token', value: '' }),
        expect.objectContaining({ input: 'github_token', value: '' })
      ])
    )
  })

  it('stops listing bad entries after twenty and counts the rest', () => {
    const issues = issuesOf({
      tags: Array.from({ length: 25 }, (_, i) => `bad tag ${i}`).join('\n')
    })
    expect(issues).toHaveLength(21)
    expect(issues[20]!.problem).toContain('and 5 more bad entries')
  })

  it('rejects any boolean spelling but true and false', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), (value) => {
        fc.pre(!['', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(value.trim()))
        expect(issuesOf({ dry_run: value, tags: 'a' }).map((i) => i.input)).toEqual(['dry_run'])
      })
    )
  })

  it('accepts any number of seconds from 1 to 21600 and rejects the rest', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -5, max: 30_000 }).map(String),
          fc.string({ maxLength: 6 }),
          fc.constantFrom('1e400', 'Infinity', '9'.repeat(400), '21600.5', '0.0', '0.5', '1.25')
        ),
        (value) => {
          const good =
            /^\d+(\.\d{1,3})?$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 21_600
          const call = () => parseInputs(raw({ timeout: value, tags: 'a' }))
          if (good || value.trim() === '')
            expect(call().timeoutMs).toBe(Math.round((Number(value) || 300) * 1000))
          else expect(call).toThrow('Input "timeout"')
        }
      )
    )
  })

  it('gives one request 30 s, or the whole timeout when that is shorter', () => {
    expect(parse({ timeout: '21600', tags: 'a' })).toMatchObject({
      timeoutMs: 21_600_000,
      requestTimeoutMs: 30_000
    })
    expect(parse({ timeout: '20', tags: 'a' }).requestTimeoutMs).toBe(20_000)
    expect(issuesOf({ timeout: '21601', tags: 'a' })).toEqual([
      expect.objectContaining({
        input: 'timeout',
        problem: expect.stringContaining('from 1 to 21,600')
      })
    ])
  })

  it('refuses a Global API Key in token, saying what to do, without quoting it', () => {
    for (const key of ['c2547eb745079dac9320b638f5e225cf483cc', `cfk_${'A1b2'.repeat(10)}`]) {
      const issues = issuesOf({ token: key, tags: 'a' })
      expect(issues).toEqual([
        {
          input: 'token',
          value: '',
          problem: expect.stringContaining(
            'looks like a Global API Key, not an API token: v1 takes API tokens only'
          )
        }
      ])
      expect(new InputError(issues).message).not.toContain(key)
    }
    const key = 'c2547eb745079dac9320b638f5e225cf483cc'
    expect(parse({ token: key.slice(0, 36) + 'xyzX', tags: 'a' }).token).toBe(
      key.slice(0, 36) + 'xyzX'
    )
    for (const token of [`cfut_${'x'.repeat(40)}`, `cfat_${'x'.repeat(40)}`])
      expect(parse({ token, tags: 'a' }).token).toBe(token)
  })
})

describe('api_url', () => {
  it('refuses credentials in the URL without quoting the password', () => {
    for (const url of [
      'https://user:s3cret@api.example.com/client/v4',
      'http://user:s3cret@api.example.com/client/v4',
      'https://user:s3cret@',
      'https://us@er:s3cret@api.example.com/'
    ]) {
      const issues = issuesOf({ api_url: url, tags: 'a' })
      expect(issues.length).toBeGreaterThan(0)
      expect(issues.every((i) => i.input === 'api_url')).toBe(true)
      const message = new InputError(issues).message
      expect(message).not.toContain('s3cret')
      expect(message).toContain('***@')
    }
    expect(
      new InputError(
        issuesOf({ api_url: 'https://user:s3cret@api.example.com/client/v4', tags: 'a' })
      ).message
    ).toBe(
      'Input "api_url": "https://***@api.example.com/client/v4" must not contain a user name or password (an "@" before the host): the credentials go in token'
    )
  })

  it('refuses a URL with a line break or a tab inside, which the URL parser would drop', () => {
    const issues = issuesOf({
      api_url: 'https://api.cloudflare.com/client\n::error::x/v4',
      tags: 'a'
    })
    expect(issues).toEqual([
      expect.objectContaining({ input: 'api_url', problem: expect.stringContaining('whitespace') })
    ])
    expect(new InputError(issues).message).not.toContain('\n')
  })
})

describe('list entries', () => {
  it('looks an international zone name up in its ASCII form', () => {
    expect(parse({ zone: 'Bücher.example', tags: 'a' }).zones[0]).toEqual({
      by: 'name',
      given: 'Bücher.example',
      name: 'xn--bcher-kva.example'
    })
  })

  it('sends international hosts in ASCII, keeping paths as given', () => {
    expect(
      parse({
        urls: 'https://Bücher.example/Ä/B?c=D',
        hosts: 'bücher.example',
        prefixes: 'bücher.example/Blog/'
      }).items
    ).toEqual({
      files: ['https://xn--bcher-kva.example/%C3%84/B?c=D'],
      tags: [],
      hosts: ['xn--bcher-kva.example'],
      prefixes: ['xn--bcher-kva.example/Blog/']
    })
  })

  it('drops fragments with one warning, and the copies become duplicates', () => {
    const inputs = parse({ urls: 'https://a.com/x#one\nhttps://a.com/x#two\nhttps://a.com/y' })
    expect(inputs.items.files).toEqual(['https://a.com/x', 'https://a.com/x', 'https://a.com/y'])
    expect(inputs.warnings).toEqual([
      'Dropped the #fragment of 2 URL(s), such as "https://a.com/x#one": a browser never sends a fragment, so it is no part of a cache key.'
    ])
    expect(planPurge(inputs).kinds).toEqual([
      { kind: 'files', items: ['https://a.com/x', 'https://a.com/y'], duplicates: 1 }
    ])
  })

  it('refuses a URL with a user name or password, without quoting the password', () => {
    const issues = issuesOf({
      urls: JSON.stringify(['https://u:s3cret@a.com/', { url: 'https://u:s3cret@a.com/' }])
    })
    const message = new InputError(issues).message
    expect(message).toContain('Input "urls": "https://***@a.com/"')
    expect(message).toContain('Input "urls": "{"url":"https://***@a.com/"}"')
    expect(message).not.toContain('s3cret')
  })

  it('refuses text that was not valid UTF-8, naming the entry', () => {
    expect(
      issuesOf({ urls: 'https://a.com/\uFFFD', tags: 'a\uFFFD', hosts: 'a\uFFFD.com' })
    ).toEqual([
      expect.objectContaining({ input: 'urls', problem: expect.stringContaining('U+FFFD') }),
      expect.objectContaining({ input: 'tags' }),
      expect.objectContaining({ input: 'hosts', problem: expect.stringContaining('U+FFFD') })
    ])
  })

  it.each(['urls', 'tags', 'hosts', 'prefixes'] as const)(
    'hints that %s written as [a, b] is a YAML flow list',
    (input) => {
      expect(issuesOf({ [input]: '[a.com, b.com]' })).toEqual([
        {
          input,
          value: '[a.com, b.com]',
          problem: expect.stringContaining('looks like a YAML flow list')
        }
      ])
    }
  )

  it('never lets any input start a log line with "::"', () => {
    const hostile = fc
      .array(fc.constantFrom('\n', '\r', '::error::x', '#', 'https://a.com/', 'a', ',', '\u2028'))
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...INPUT_NAMES), hostile), (overrides) => {
        let lines: string[]
        try {
          lines = parse(overrides).warnings
        } catch (error) {
          if (!(error instanceof InputError)) throw error
          lines = [error.message]
        }
        for (const text of lines)
          for (const line of text.split(/\r\n|[\n\r\u0085\u2028\u2029]/))
            expect(
              line.startsWith('Input "') || line.startsWith('Dropped') || line.startsWith('Both')
            ).toBe(true)
      }),
      // Found by a run: the gate's and warming's "ignored" warnings were not in the Input "…" form.
      {
        examples: [
          [{ wait_for: '#', urls: 'https://a.com/' }],
          [{ warm_limit: 'a', urls: 'https://a.com/' }]
        ]
      }
    )
  })
})

describe('from_file', () => {
  it('reads a JSON body with every kind and merges it with the inputs', () => {
    const path = file(
      'purge.json',
      JSON.stringify({
        files: [
          'https://a.com/1',
          { url: 'https://a.com/2', headers: { 'CF-Device-Type': 'mobile' } }
        ],
        tags: ['t'],
        hosts: ['h.com'],
        prefixes: ['h.com/p/']
      })
    )
    expect(parse({ urls: 'https://a.com/0', from_file: path }).items).toEqual({
      files: [
        'https://a.com/0',
        'https://a.com/1',
        { url: 'https://a.com/2', headers: { 'CF-Device-Type': 'mobile' } }
      ],
      tags: ['t'],
      hosts: ['h.com'],
      prefixes: ['h.com/p/']
    })
  })

  it('refuses a header value that no request can carry, naming the input and the header', () => {
    const path = file(
      'key.json',
      JSON.stringify({
        files: [{ url: 'https://a.com/2', headers: { 'Accept-Language': 'zh-\u4e2d\u6587' } }]
      })
    )
    expect(issuesOf({ from_file: path })).toEqual([
      expect.objectContaining({
        input: 'from_file',
        problem: expect.stringMatching(/headers\.Accept-Language: header values must be Latin-1/)
      })
    ])
  })

  it('reads a JSON array of URLs and plain text with comments', () => {
    expect(parse({ from_file: file('a.json', '["https://a.com/"]') }).items.files).toEqual([
      'https://a.com/'
    ])
    expect(
      parse({ from_file: file('a.txt', '# changed\nhttps://a.com/x,y\n\nhttps://b.com/\n') }).items
        .files
    ).toEqual(['https://a.com/x,y', 'https://b.com/'])
  })

  it('reads purge_everything from the file', () => {
    expect(parse({ from_file: file('e.json', '{"purge_everything": true}') }).purgeEverything).toBe(
      true
    )
  })

  it.each([
    ['{"urls": []}', 'unknown field(s) "urls"'],
    ['{"tags": "a"}', 'field "tags" must be a JSON array'],
    ['{"tags": [', 'starts with "{" but is not valid JSON'],
    ['[1', 'starts with "[" but is not valid JSON'],
    ['{"purge_everything": "yes"}', 'must be true or false']
  ])('says what is wrong with %s', (text, problem) => {
    expect(issuesOf({ from_file: file('bad.json', text) })).toEqual([
      expect.objectContaining({ input: 'from_file', problem: expect.stringContaining(problem) })
    ])
  })

  it('names the entry and the file of a bad item', () => {
    const path = file('urls.txt', 'https://a.com/\nwww.b.com/\n')
    expect(issuesOf({ from_file: path })).toEqual([
      {
        input: 'from_file',
        value: 'www.b.com/',
        problem: expect.stringContaining(`(line 2 of "${path}")`),
        shownMax: 60
      }
    ])
  })

  it('says when the file is missing or a folder', () => {
    expect(issuesOf({ from_file: join(ROOT, 'nonexistent/purge.txt') })).toEqual([
      expect.objectContaining({
        problem: expect.stringContaining('does not exist: there is no file at')
      })
    ])
    expect(issuesOf({ from_file: ROOT })).toEqual([
      expect.objectContaining({ problem: 'is a folder, not a file' })
    ])
  })
})

describe('from_file, hardened', () => {
  const posix = process.platform === 'win32' ? it.skip : it

  posix('refuses a named pipe instead of waiting on it', () => {
    const path = join(mkdtempSync(join(ROOT, 'f-')), 'urls.fifo')
    execFileSync('mkfifo', [path])
    expect(issuesOf({ from_file: path })).toEqual([
      { input: 'from_file', value: path, problem: 'is a named pipe (FIFO), not a regular file' }
    ])
  })

  posix('refuses /dev/zero instead of reading it until the memory runs out', () => {
    expect(issuesOf({ from_file: '/dev/zero' }, { roots: ['/dev'] })).toEqual([
      expect.objectContaining({ problem: 'is a device, not a regular file' })
    ])
  })

  it('refuses a file outside the workspace and RUNNER_TEMP', () => {
    const outside = join(realpathSync(mkdtempSync(join(tmpdir(), 'outside-'))), 'urls.txt')
    writeFileSync(outside, 'https://a.com/\n')
    expect(issuesOf({ from_file: outside })).toEqual([
      expect.objectContaining({
        input: 'from_file',
        problem: expect.stringContaining('is outside the workspace')
      })
    ])
    expect(parse({ from_file: outside }, { roots: [ROOT, dirname(outside)] }).items.files).toEqual([
      'https://a.com/'
    ])
  })

  it('reads through an injected reader, which gets the roots', () => {
    const calls: unknown[] = []
    const inputs = parse(
      { from_file: 'urls.txt' },
      {
        roots: ['/w'],
        readFile: (path, roots) => {
          calls.push([path, roots])
          return { bytes: Buffer.from('https://a.com/') }
        }
      }
    )
    expect(inputs.items.files).toEqual(['https://a.com/'])
    expect(calls).toEqual([['urls.txt', ['/w']]])
  })

  it('names the line that is not UTF-8, and quotes none of it', () => {
    const bytes = Buffer.concat([
      Buffer.from('https://a.com/\n# note\nhttps://b.com/'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\nhttps://c.com/\n')
    ])
    expect(issuesOf({ from_file: file('urls.txt', bytes) })).toEqual([
      expect.objectContaining({
        input: 'from_file',
        problem: 'is not valid UTF-8: line 3 has bytes that are not UTF-8; save it as UTF-8'
      })
    ])
    const utf16 = Buffer.from('\ufeffhttps://a.com/\n', 'utf16le')
    expect(issuesOf({ from_file: file('urls.txt', utf16) })).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('looks like UTF-16') })
    ])
  })

  it('reads a UTF-8 file that starts with a byte order mark', () => {
    const path = file('urls.txt', '\ufeffhttps://a.com/\n')
    expect(parse({ from_file: path }).items.files).toEqual(['https://a.com/'])
  })

  it('names bad entries by line or place, quoting little of them, escaped', () => {
    const long = `https://a.com/${'x'.repeat(5000)} y`
    const path = file('urls.txt', `https://ok.com/\n\n${long}\nhttps://a.com/\u001b]::error::x\n`)
    const issues = issuesOf({ from_file: path })
    expect(issues.map((i) => [i.input, i.problem])).toEqual([
      [
        'from_file',
        `contains whitespace: write a space inside a URL as %20, and put one URL per line, or separate them by commas (line 3 of "${path}")`
      ],
      ['from_file', `contains a control character (line 4 of "${path}")`]
    ])
    // Where the value is said, a file's entry is quoted short, and escaped.
    const [first, second] = new InputError(issues).message.split('\n')
    expect(first).toMatch(/^Input "from_file": "https:\/\/a\.com\/x{46}\.\.\." contains whitespace/)
    expect(second).toContain('"https://a.com/\\u001b]::error::x" contains a control character')
    const json = file('p.json', JSON.stringify({ tags: ['ok', 'two words'], files: [1] }))
    expect(issuesOf({ from_file: json })).toEqual([
      expect.objectContaining({
        problem: expect.stringContaining(`(entry 1 of "files" in "${json}")`)
      }),
      expect.objectContaining({
        problem: expect.stringContaining(`(entry 2 of "tags" in "${json}")`)
      })
    ])
  })

  it('quotes unknown fields of a JSON body short and escaped', () => {
    const path = file('p.json', JSON.stringify({ ['a\n::error::x'.repeat(20)]: [] }))
    const [issue] = issuesOf({ from_file: path })
    expect(issue!.problem).not.toMatch(/\n/)
    expect(issue!.problem.length).toBeLessThan(200)
  })

  it.each([
    ['empty', ''],
    ['blank', '\n  \n'],
    ['comments only', '# nothing changed\n\n# really\n'],
    ['an empty JSON array', '[]'],
    ['an empty JSON object', '{}'],
    ['a JSON body with empty lists', '{"files": [], "tags": [], "purge_everything": false}']
  ])('purges nothing, without an error, when the file is %s', (_, text) => {
    const path = file('list.txt', text)
    const inputs = parse({ from_file: path })
    expect(inputs.items).toEqual({ files: [], tags: [], hosts: [], prefixes: [] })
    expect(inputs.purgeEverything).toBe(false)
    expect(inputs.emptyReason).toBe(`from_file "${path}" lists nothing to purge`)
    expect(planPurge(inputs).kinds).toEqual([])
  })

  it('purges the other lists when the file is empty, and says nothing of it', () => {
    const path = file('list.txt', '')
    expect(parse({ from_file: path, tags: 'a' })).toMatchObject({
      items: { tags: ['a'] },
      emptyReason: undefined
    })
    expect(parse({ from_file: path, purge_everything: 'true' })).toMatchObject({
      purgeEverything: true,
      emptyReason: undefined
    })
  })

  it('still fails a step with no list input at all, or one whose file cannot be read', () => {
    expect(issuesOf({ urls: '', tags: ' ' })).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('nothing to purge') })
    ])
    expect(issuesOf({ from_file: join(ROOT, 'missing.txt') })).toEqual([
      expect.objectContaining({
        input: 'from_file',
        problem: expect.stringContaining('does not exist: there is no file at')
      })
    ])
  })
})

describe('verify: fail', () => {
  it('is refused when the step purges no URL and verify_urls names none: it could only pass', () => {
    for (const what of [{ tags: 'homepage' }, { purge_everything: 'true' }, { hosts: 'a.com' }])
      expect(issuesOf({ ...what, verify: 'fail' })).toEqual([
        expect.objectContaining({
          input: 'verify',
          problem: expect.stringContaining('has no URL to check')
        })
      ])
  })

  it('is taken with URLs to purge or to check, or with changed and sitemap, which may add some', () => {
    expect(
      parse({ tags: 'homepage', verify: 'fail', verify_urls: 'https://a.com/' }).verify.mode
    ).toBe('fail')
    expect(parse({ urls: 'https://a.com/', verify: 'fail' }).verify.mode).toBe('fail')
    expect(parse({ tags: 'homepage', verify: 'warn' }).verify.mode).toBe('warn')
    expect(
      parse({ verify: 'fail', sitemap: 'https://www.example.com/sitemap.xml' }).verify.mode
    ).toBe('fail')
  })
})

describe('items on a host no visitor reaches through Cloudflare', () => {
  it('are a warning naming each, never an error: loopback, private, link-local', () => {
    const inputs = parse({
      urls: 'http://localhost:3000/\nhttps://www.example.com/\nhttp://[::1]/x',
      hosts: '10.1.2.3',
      prefixes: '169.254.169.254/latest/'
    })
    expect(inputs.items.files).toHaveLength(3)
    expect(inputs.warnings).toEqual([
      'Input "urls": "http://localhost:3000/" is on a loopback host (this machine), which cannot be behind Cloudflare: Cloudflare accepts the purge and removes nothing (a test server or an emulator is fine).',
      'Input "urls": "http://[::1]/x" is on a loopback host (this machine), which cannot be behind Cloudflare: Cloudflare accepts the purge and removes nothing (a test server or an emulator is fine).',
      expect.stringMatching(/^Input "hosts": "10\.1\.2\.3" is on a host on a private network/),
      '... and 1 more items on such hosts, in the same inputs.'
    ])
    expect(parse({ urls: 'https://www.example.com/' }).warnings).toEqual([])
  })
})

describe('a URL not written as a browser requests it', () => {
  const warningsFor = (urls: string) =>
    parseInputs({
      ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
      token: 'secret-token-value-1234567890',
      zone: 'example.com',
      urls
    }).warnings

  it('is purged as written, with a warning giving the form a browser requests', () => {
    expect(
      warningsFor(
        'https://www.example.com:443/p, https://www.example.com/x/../y, https://www.example.com/<b>'
      )
    ).toContain(
      '3 URL(s) to purge are not written as a browser requests them: "https://www.example.com:443/p" (a browser requests "https://www.example.com/p"), "https://www.example.com/x/../y" (a browser requests "https://www.example.com/y"), "https://www.example.com/<b>" (a browser requests "https://www.example.com/%3Cb%3E"). Each is purged as written, which may not be the cache entry visitors get: write the form a browser requests.'
    )
  })

  it('says nothing of URLs a browser requests as written, or of an empty path', () => {
    expect(
      warningsFor(
        'https://www.example.com, https://www.example.com:8443/a, https://www.example.com/a.b/..c?x=1'
      ).filter((w) => w.includes('browser requests'))
    ).toEqual([])
  })
})

describe('the problems said of one input', () => {
  it('stop at 20, then one line counts the rest, as for the lists to purge', () => {
    const bad = Array.from({ length: 5000 }, (_, i) => `ftp://bad.example/${i}`).join('\n')
    let message = ''
    try {
      parseInputs({
        ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
        token: 'secret-token-value-1234567890',
        zone: 'example.com',
        urls: 'https://www.example.com/',
        verify: 'warn',
        verify_urls: bad
      })
    } catch (error) {
      message = (error as Error).message
    }
    const lines = message.split('\n').filter((l) => l.startsWith('Input "verify_urls"'))
    expect(lines).toHaveLength(21)
    expect(lines[20]).toBe('Input "verify_urls": and 4,980 more problem(s) like the ones above')
    expect(message.length).toBeLessThan(10_000)
  })
})
