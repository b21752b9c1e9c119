import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../src/errors.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../src/inputs.js'

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353'
const TOKEN = 'secret-token-value-1234567890'

const raw = (overrides: Partial<RawInputs> = {}): RawInputs => ({
  ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
  token: TOKEN,
  zone: ZONE,
  ...overrides
})

const issuesOf = (overrides: Partial<RawInputs>, readFile?: (path: string) => string) => {
  try {
    parseInputs(raw(overrides), readFile)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).issues
  }
  throw new Error('expected an InputError')
}

const file = (name: string, text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'inputs-')), name)
  writeFileSync(path, text)
  return path
}

describe('parseInputs', () => {
  it('reads a minimal purge by URL with the defaults', () => {
    const inputs = parseInputs(raw({ urls: 'https://example.com/a' }))
    expect(inputs).toMatchObject({
      credentials: { kind: 'token', token: TOKEN },
      zone: { id: ZONE },
      environment: undefined,
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
        email: 'ops@example.com',
        api_key: 'key123',
        zone: 'Example.COM',
        environment: '7c5dae5552338874e5053f2534d2767a',
        tags: 'a,b',
        hosts: 'www.example.com',
        prefixes: 'www.example.com/blog/',
        mode: 'invalidate',
        dry_run: 'True',
        api_url: 'http://127.0.0.1:8787/client/v4/',
        timeout: '12.5',
        request_timeout: '2',
        batch_size: '30'
      })
    )
    expect(inputs).toMatchObject({
      credentials: { kind: 'key', email: 'ops@example.com', key: 'key123' },
      zone: { name: 'example.com' },
      environment: '7c5dae5552338874e5053f2534d2767a',
      items: { tags: ['a', 'b'], hosts: ['www.example.com'], prefixes: ['www.example.com/blog/'] },
      mode: 'invalidate',
      dryRun: true,
      apiUrl: 'http://127.0.0.1:8787/client/v4',
      timeoutMs: 12_500,
      requestTimeoutMs: 2000,
      batchSize: 30
    })
  })

  it('prefers the token and warns when a Global API Key is also set', () => {
    const inputs = parseInputs(raw({ email: 'a@b.c', api_key: 'k', urls: 'https://a.com/' }))
    expect(inputs.credentials).toEqual({ kind: 'token', token: TOKEN })
    expect(inputs.warnings).toEqual([expect.stringContaining('the token is used')])
  })

  it('needs no credentials for a dry run', () => {
    expect(
      parseInputs(raw({ token: '', dry_run: 'true', purge_everything: 'true' })).credentials
    ).toBeUndefined()
  })

  it('names every bad input at once, quoting the bad values', () => {
    const issues = issuesOf({
      token: '',
      zone: 'https://example.com',
      environment: 'x'.repeat(33),
      urls: 'example.com/a',
      tags: 'two words',
      hosts: 'https://www.example.com',
      prefixes: 'www.example.com/?q',
      dry_run: 'yes',
      timeout: '0',
      request_timeout: 'ten',
      batch_size: '501',
      mode: 'delete',
      api_url: 'http://api.example.com'
    })
    expect(issues.map((i) => i.input).sort()).toEqual(
      [
        'api_url',
        'batch_size',
        'dry_run',
        'environment',
        'hosts',
        'mode',
        'prefixes',
        'request_timeout',
        'tags',
        'timeout',
        'token',
        'urls',
        'zone'
      ].sort()
    )
    const message = new InputError(issues).message
    expect(message).toContain('Input "tags": "two words" contains a space')
    expect(message).toContain('Input "dry_run": "yes" must be true or false')
    expect(message).toContain('Input "batch_size": "501" must be a whole number from 1 to 500')
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

  it('asks for the other half of a Global API Key', () => {
    expect(issuesOf({ token: '', email: 'a@b.c', tags: 'a' })).toEqual([
      expect.objectContaining({ input: 'api_key' })
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
    expect(issuesOf({ token: '', email: 'a@b.c', api_key: 'k\u0000', tags: 'a' })).toEqual([
      expect.objectContaining({ input: 'api_key', value: '' })
    ])
  })

  it('never quotes a secret back', () => {
    const issues = issuesOf({ token: 'abc def', api_key: 'k e y', email: 'x', tags: 'a' })
    expect(JSON.stringify(issues)).not.toContain('abc def')
    expect(issues).toEqual([expect.objectContaining({ input: 'token', value: '' })])
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

  it('accepts any positive number of seconds and rejects the rest', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 10_000 }).map(String), fc.string({ maxLength: 6 })),
        (value) => {
          const good = /^\d+(\.\d+)?$/.test(value.trim()) && Number(value) > 0
          const call = () => parseInputs(raw({ timeout: value, tags: 'a' }))
          if (good || value.trim() === '')
            expect(call().timeoutMs).toBe((Number(value) || 300) * 1000)
          else expect(call).toThrow('Input "timeout"')
        }
      )
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
    expect(parseInputs(raw({ urls: 'https://a.com/0', from_file: path })).items).toEqual({
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

  it('reads a JSON array of URLs and plain text with comments', () => {
    expect(
      parseInputs(raw({ from_file: file('a.json', '["https://a.com/"]') })).items.files
    ).toEqual(['https://a.com/'])
    expect(
      parseInputs(
        raw({ from_file: file('a.txt', '# changed\nhttps://a.com/x,y\n\nhttps://b.com/\n') })
      ).items.files
    ).toEqual(['https://a.com/x,y', 'https://b.com/'])
  })

  it('reads purge_everything from the file', () => {
    expect(
      parseInputs(raw({ from_file: file('e.json', '{"purge_everything": true}') })).purgeEverything
    ).toBe(true)
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
        problem: expect.stringContaining(`(entry 2 in ${path})`)
      }
    ])
  })

  it('says when the file is missing or a folder', () => {
    expect(issuesOf({ from_file: '/nonexistent/purge.txt' })).toEqual([
      expect.objectContaining({ problem: 'does not exist' })
    ])
    expect(issuesOf({ from_file: tmpdir() })).toEqual([
      expect.objectContaining({ problem: 'is a folder, not a file' })
    ])
  })
})
