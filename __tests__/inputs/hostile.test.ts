/**
 * Huge and hostile input values, and the slips a first-time user makes: each is one InputError
 * naming its input, in time linear in its size, with no password or token quoted back.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { InputError, type InputIssue } from '../../src/errors.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { reportEarlyFailure } from '../../src/report/early.js'
import { renderSummary } from '../../src/report/summary.js'

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353'
const TOKEN = 'secret-token-value-1234567890'
const ROOT = realpathSync(mkdtempSync(join(tmpdir(), 'hostile-')))

const raw = (overrides: Partial<RawInputs> = {}): RawInputs => ({
  ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
  token: TOKEN,
  zone: ZONE,
  ...overrides
})

const issuesOf = (overrides: Partial<RawInputs>): InputIssue[] => {
  try {
    parseInputs(raw(overrides), { roots: [ROOT] })
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).issues
  }
  throw new Error('expected an InputError')
}

const file = (name: string, text: string): string => {
  const path = join(mkdtempSync(join(ROOT, 'f-')), name)
  writeFileSync(path, text)
  return path
}

/** Inputs that take URLs need some changed: true around them to be read. */
const CHANGED = { changed: 'true', github_token: 'ghs_token', site_url: 'https://www.example.com/' }

// Cheap to build, and linear to check now; a backtracking check took minutes or overflowed.
const DEPTH = 30_000
const deepArray = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`
const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`
/** Whatever is read, never faster than this: jest cannot stop a synchronous loop, but says so. */
const LONG = 5_000

describe('JSON nested 30,000 deep', () => {
  it.each([
    ['urls', `[${deepArray}]`],
    ['urls', `[{"url": "https://a.com/", "headers": ${deepObject}}]`],
    ['tags', `[${deepArray}]`],
    ['hosts', deepArray],
    ['prefixes', `[${deepObject}]`]
  ] as const)('in %s is an input error naming it', (input, value) => {
    expect(issuesOf({ [input]: value })).toEqual([
      {
        input,
        value: expect.any(String),
        problem: expect.stringContaining('nested more than 16 levels deep')
      }
    ])
  })

  it('in verify_urls is an input error naming it', () => {
    const issues = issuesOf({ urls: 'https://a.com/', verify: 'warn', verify_urls: deepArray })
    expect(issues).toEqual([
      expect.objectContaining({
        input: 'verify_urls',
        problem: expect.stringContaining('nested more than 16 levels deep')
      })
    ])
  })

  it.each([
    ['an array', deepArray],
    ['an object of lists', `{"files": ${deepArray}}`],
    ['an object with a deep field', `{"files": [], "tags": [${deepObject}]}`]
  ])('in a from_file that is %s is an input error naming from_file', (_, body) => {
    const path = file('deep.json', body)
    expect(issuesOf({ from_file: path })).toEqual([
      {
        input: 'from_file',
        value: path,
        problem: expect.stringContaining('nested more than 16 levels deep')
      }
    ])
  })

  it('counts brackets inside strings as text, and takes every list shape there is', () => {
    const path = file(
      'ok.json',
      JSON.stringify({
        files: [
          { url: 'https://a.com/[[[[[[[[[[[[[[[[[[[[', headers: { Origin: 'https://a.com' } }
        ],
        tags: ['a{{{{{{{{{{{{{{{{{{{{{{b', 'q"\\"[[[[[[[[[[[[[[[[[[[[[[[[['.replace(/"/g, '')]
      })
    )
    expect(parseInputs(raw({ from_file: path }), { roots: [ROOT] }).items.files).toHaveLength(1)
  })
})

/** Where input issues become text: the annotation's message, and the summary's table of inputs. */
const shownText = (issues: InputIssue[]): string => {
  const error = new InputError(issues)
  const summary = renderSummary(
    reportEarlyFailure(error, undefined, { repository: '', sha: '', runUrl: undefined }).summary
  )
  return `${error.message}\n${summary}`
}

describe('credentials in a URL input', () => {
  it.each([
    'http://user:PASS@example.com/sitemap.xml',
    'https://user:PASS@example.com/sitemap.xml',
    'https://PASS@example.com/sitemap.xml',
    'https://us@er:PASS@example.com/sitemap.xml',
    'https://user:PA SS@example.com/sitemap.xml'
  ])('are refused in sitemap %s, and the password is never quoted', (sitemap) => {
    const issues = issuesOf({ sitemap })
    expect(issues).toEqual([expect.objectContaining({ input: 'sitemap' })])
    expect(issues[0]!.problem).toMatch(/user name or password|whitespace/)
    const shown = shownText(issues)
    expect(shown).toContain('***@')
    expect(shown).not.toContain('PASS')
    expect(shown).not.toContain('PA SS')
  })

  it('say that credentials are not allowed, with the URL shown without them', () => {
    expect(
      new InputError(issuesOf({ sitemap: 'https://user:PASS@example.com/sitemap.xml' })).message
    ).toBe(
      'Input "sitemap": "https://***@example.com/sitemap.xml" must not contain a user name or password (an "@" before the host): the sitemap is fetched without credentials; make it public, or put the file in the workspace'
    )
  })

  it.each([
    ['site_url', { ...CHANGED, site_url: 'https://user:PASS@www.example.com/' }],
    ['site_url', { ...CHANGED, site_url: 'https://user:PA/SS@www.example.com/' }],
    ['urls', { urls: 'https://user:PA SS@a.com/' }],
    ['urls', { urls: 'https://user:PA/SS@a.com/' }],
    ['api_url', { api_url: 'https://user:PASS@api.example.com/', tags: 'a' }],
    [
      'verify_urls',
      { urls: 'https://a.com/', verify: 'warn', verify_urls: 'https://u:PASS@a.com/' }
    ],
    [
      'verify_urls',
      { urls: 'https://a.com/', verify: 'warn', verify_urls: '[{"url": "https://u:PASS@a.com/"}]' }
    ]
  ] as const)('are refused in %s the same way, never quoted', (input, overrides) => {
    const issues = issuesOf(overrides)
    expect(issues.map((i) => i.input)).toEqual([input])
    const shown = shownText(issues)
    expect(shown).not.toMatch(/PASS|PA SS|PA\/SS/)
    expect(shown).toContain('***@')
  })
})

describe('credentials in a list that is not valid JSON', () => {
  it.each([
    ['urls', { urls: '[https://u:PASS@a.com/]' }],
    ['urls', { urls: '["https://u:PASS@a.com/", nope]' }],
    [
      'verify_urls',
      { urls: 'https://a.com/', verify: 'warn', verify_urls: '["https://u:PASS@a.com/" x]' }
    ]
  ] as const)("are not quoted back from %s, nor from the parser's message", (input, overrides) => {
    const issues = issuesOf(overrides)
    expect(issues.map((i) => i.input)).toEqual([input])
    expect(shownText(issues)).not.toContain('PASS')
  })

  it('are not quoted back from a from_file the parser refuses', () => {
    // V8's message quotes the text around the mistake: here, all of it.
    const path = file('bad.json', '[https://u:PASS@a]x')
    const issues = issuesOf({ from_file: path })
    expect(issues).toEqual([expect.objectContaining({ input: 'from_file' })])
    expect(shownText(issues)).not.toContain('PASS')
  })
})

describe('the scheme of a sitemap URL', () => {
  it.each([
    'http://www.example.com/sitemap.xml',
    'http://127.0.0.2.example.com/sitemap.xml',
    'http://169.254.169.254/sitemap.xml',
    'http://10.0.0.1/sitemap.xml',
    'http://0.0.0.0/sitemap.xml',
    'ftp://www.example.com/sitemap.xml',
    'file:///etc/passwd'
  ])('refuses %s: https only, as the README says', (sitemap) => {
    expect(issuesOf({ sitemap })).toEqual([
      {
        input: 'sitemap',
        value: sitemap,
        problem:
          'must be a file in the workspace or an https:// URL (plain http:// is allowed only for loopback addresses, such as a local test server)'
      }
    ])
  })

  it.each([
    'https://www.example.com/sitemap.xml',
    'https://www.example.com/sitemap.php?page=2',
    'http://127.0.0.1:8080/sitemap.xml',
    'http://localhost/sitemap.xml',
    'http://[::1]:3000/sitemap.xml',
    // Loopback in every form the URL parser takes (src/address.ts).
    'http://127.1:8080/sitemap.xml',
    'http://0x7f.1/sitemap.xml',
    'http://[::ffff:127.0.0.1]/sitemap.xml',
    'http://app.localhost:3000/sitemap.xml',
    'public/sitemap.xml'
  ])('takes %s, as api_url takes loopback http', (sitemap) => {
    expect(parseInputs(raw({ sitemap }), { roots: [ROOT] }).changes?.sitemap).toBe(sitemap)
  })
})

describe('in time linear in the size of the value', () => {
  it(
    'refuses a from_file whose one line of 400 KB is not a URL, naming the line',
    () => {
      const path = file('bad.txt', `https://a.com/${'a'.repeat(400_000)} x\nhttps://a.com/ok`)
      expect(issuesOf({ from_file: path })).toEqual([
        expect.objectContaining({
          input: 'from_file',
          problem: expect.stringMatching(/^contains whitespace.*\(line 1 of /)
        })
      ])
    },
    LONG
  )

  it.each([
    ['a:', 'a:'],
    ['colons', ':'],
    ['slashes', '/'],
    ['at signs after text', 'a@'],
    ['schemes', 'a://']
  ])(
    'refuses 120 KB of %s in site_url, sitemap, api_url and urls',
    (_, unit) => {
      const long = `https://${unit.repeat(Math.ceil(120_000 / unit.length))}x`
      const issues = issuesOf({
        ...CHANGED,
        site_url: long,
        sitemap: long,
        api_url: long.replace('https://', 'https://a.com/'),
        urls: `${long} y`
      })
      // https:////x is a fine site_url (the parser drops the extra slashes); the rest is not.
      expect(issues.map((i) => i.input)).toEqual(expect.arrayContaining(['sitemap', 'urls']))
      for (const issue of issues) expect(issue.value.length).toBeLessThan(130_000)
    },
    LONG
  )

  it(
    'reads an api_url whose path ends in 100,000 slashes and a letter as it is',
    () => {
      const apiUrl = `https://api.example.com${'/'.repeat(100_000)}v4`
      expect(parseInputs(raw({ api_url: apiUrl, tags: 'a' })).apiUrl).toBe(apiUrl)
      expect(parseInputs(raw({ api_url: `${apiUrl}///`, tags: 'a' })).apiUrl).toBe(apiUrl)
    },
    LONG
  )
})

describe('hints for common slips', () => {
  it.each([
    'Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCD',
    'bearer  abcdef',
    'Authorization: Bearer abc'
  ])('say to drop "Bearer " from the token, and never quote it: %s', (token) => {
    const issues = issuesOf({ token, tags: 'a' })
    expect(issues).toEqual([
      {
        input: 'token',
        value: '',
        problem:
          'starts with "Bearer ": give the token alone, without "Bearer " (the action sends the header itself)'
      }
    ])
    expect(new InputError(issues).message).not.toContain('abc')
  })

  it('say the same of a github_token given as "token ghs_..."', () => {
    const issues = issuesOf({ ...CHANGED, github_token: 'token ghs_abcdef0123456789' })
    expect(issues).toEqual([
      expect.objectContaining({
        input: 'github_token',
        value: '',
        problem: expect.stringContaining('without "token "')
      })
    ])
    expect(new InputError(issues).message).not.toContain('ghs_abcdef')
  })

  it('say to separate tags with commas or put one per line', () => {
    expect(issuesOf({ tags: 'homepage navigation' })).toEqual([
      {
        input: 'tags',
        value: 'homepage navigation',
        problem:
          'contains a space; tags cannot contain spaces: to give several tags, separate them with commas or put one per line (one per entry in a JSON list)'
      }
    ])
    expect(parseInputs(raw({ tags: 'homepage, navigation' })).items.tags).toEqual([
      'homepage',
      'navigation'
    ])
  })

  it.each([
    ['yes', 'true'],
    ['on', 'true'],
    ['No', 'false'],
    ['maybe', undefined]
  ])('give one error for purge_everything: %s, saying what to write', (value, meant) => {
    expect(issuesOf({ purge_everything: value })).toEqual([
      {
        input: 'purge_everything',
        value,
        problem:
          meant === undefined
            ? 'must be true or false'
            : `must be true or false: write ${meant} (or ${meant[0]!.toUpperCase()}${meant.slice(1)}, ${meant.toUpperCase()}) instead of "${value}"`
      }
    ])
  })

  it('read every flag one way: dry_run, changed, warm and purge_everything alike', () => {
    const flags = ['dry_run', 'changed', 'warm', 'purge_everything'] as const
    const base = { ...CHANGED, changed: 'false', tags: 'a' }
    for (const flag of flags)
      for (const value of ['true', 'True', 'TRUE', 'false', 'False', 'FALSE']) {
        const overrides = { ...base, [flag]: value }
        // purge_everything: true goes alone.
        if (flag === 'purge_everything' && value.toLowerCase() === 'true') continue
        expect(() => parseInputs(raw(overrides))).not.toThrow()
      }
    for (const value of ['tRuE', 'yes', 'Y', 'on', 'ON', 'fAlSe', 'no', 'off', 'N'])
      for (const flag of flags) {
        const problems = issuesOf({ ...base, [flag]: value }).filter((i) => i.input === flag)
        const meant = ['tRuE', 'yes', 'Y', 'on', 'ON'].includes(value) ? 'True' : 'False'
        expect([flag, problems.map((i) => i.problem.replace(/^.*: write /, 'write '))]).toEqual([
          flag,
          [
            `write ${meant.toLowerCase()} (or ${meant}, ${meant.toUpperCase()}) instead of "${value}"`
          ]
        ])
      }
  })

  it('say where a missing from_file was looked for, and what usually went wrong', () => {
    const cwd = process.cwd()
    const given = relative(cwd, join(ROOT, 'out', 'purge.txt'))
    const [issue] = issuesOf({ from_file: given })
    expect(issue).toEqual({ input: 'from_file', value: given, problem: expect.any(String) })
    expect(issue!.problem).toContain(
      `does not exist: there is no file at "${join(ROOT, 'out', 'purge.txt')}"`
    )
    expect(issue!.problem).toContain(
      `a relative path is read from the step's working directory, "${cwd}"`
    )
    expect(issue!.problem).toContain('GITHUB_WORKSPACE')
    expect(issue!.problem).toContain(
      'Write it in an earlier step of this job, or check out the repository'
    )
    const absolute = issuesOf({ from_file: join(ROOT, 'gone.txt') })[0]!.problem
    expect(absolute).not.toContain('relative path')
  })
})
