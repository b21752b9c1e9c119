/** changed_rules and changed_max_urls, read through parseInputs as the action reads them. */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { ruleTargets } from '../../src/inputs/changed-rules.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'

const raw = (overrides: Partial<RawInputs> = {}): RawInputs => ({
  ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
  token: 'secret-token-value-1234567890',
  zone: 'example.com',
  changed: 'true',
  site_url: 'https://www.example.com/',
  github_token: 'ghs_token',
  ...overrides
})

const rulesOf = (changed_rules: string, more: Partial<RawInputs> = {}) =>
  parseInputs(raw({ changed_rules, ...more })).changes!.changed!.rules

const issuesOf = (overrides: Partial<RawInputs>) => {
  try {
    parseInputs(raw(overrides))
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).issues
  }
  throw new Error('no InputError')
}

describe('changed_rules', () => {
  it('reads every kind of target, each checked and normalized as the same inline item', () => {
    const rules = rulesOf(
      [
        '# fingerprinted assets never need a purge',
        'assets/**/*.*.js: skip',
        '',
        'layouts/**: everything',
        'assets/*.css: tag:styles, tag: theme',
        'docs/**: prefix:WWW.Example.com/docs/, host:bücher.example.com',
        'feed/*.xml: url:https://www.example.com/feed.xml, url:https://www.example.com/a,b.html#top'
      ].join('\n')
    )
    expect(rules.map((r) => [r.line, r.text, r.skip, r.everything, r.items])).toEqual([
      [2, 'assets/**/*.*.js: skip', true, false, { files: [], tags: [], hosts: [], prefixes: [] }],
      [4, 'layouts/**: everything', false, true, { files: [], tags: [], hosts: [], prefixes: [] }],
      [
        5,
        'assets/*.css: tag:styles, tag: theme',
        false,
        false,
        { files: [], tags: ['styles', 'theme'], hosts: [], prefixes: [] }
      ],
      [
        6,
        'docs/**: prefix:WWW.Example.com/docs/, host:bücher.example.com',
        false,
        false,
        {
          files: [],
          tags: [],
          hosts: ['xn--bcher-kva.example.com'],
          prefixes: ['WWW.Example.com/docs/']
        }
      ],
      [
        7,
        expect.any(String),
        false,
        false,
        {
          // A comma inside a URL is part of it: only a new target starts after a comma.
          files: ['https://www.example.com/feed.xml', 'https://www.example.com/a,b.html'],
          tags: [],
          hosts: [],
          prefixes: []
        }
      ]
    ])
    expect(rules[0]!.glob.test('assets/app.3f9a1c.js')).toBe(true)
    expect(rules[0]!.glob.test('assets/app.js')).toBe(false)
    expect(rules[1]!.glob.test('layouts/partials/head.html')).toBe(true)
    expect(ruleTargets(rules[2]!)).toEqual(['tag styles', 'tag theme'])
    expect(ruleTargets(rules[0]!)).toEqual(['nothing (skip)'])
    expect(
      parseInputs(raw({ changed_rules: 'feed/*.xml: url:https://www.example.com/f#x' })).warnings
    ).toEqual([expect.stringContaining('dropped the #fragment of 1 URL(s)')])
  })

  it('names the line of each bad rule and quotes it', () => {
    const issues = issuesOf({
      changed_rules: [
        'assets/*.css: tag:two words',
        'x/**: skip, tag:a',
        '*.html: prefix:https://www.example.com/',
        'no separator here',
        '[ab].css: tag:x',
        'a/*: tags:x',
        'b/*: host:www.example.com/path',
        'c/*: url:ftp://x.example/',
        'd/*: everything, url:https://www.example.com/',
        'e/*: tag:',
        'f/*: url:https://user:pw@www.example.com/'
      ].join('\n')
    })
    expect(issues.map((i) => [i.input, i.value, i.problem])).toEqual([
      [
        'changed_rules',
        'assets/*.css: tag:two words',
        'has the target "tag:two words", which contains a space; tags cannot contain spaces: to give several tags, give each its own target, such as "tag:a, tag:b" (line 1)'
      ],
      [
        'changed_rules',
        'x/**: skip, tag:a',
        'combines skip with other targets: skip purges nothing, so give it alone (line 2)'
      ],
      [
        'changed_rules',
        '*.html: prefix:https://www.example.com/',
        expect.stringMatching(/^has the target .*, which must not have a scheme.*\(line 3\)$/)
      ],
      [
        'changed_rules',
        'no separator here',
        expect.stringMatching(/^is not a rule: write GLOB: TARGET.*\(line 4\)$/)
      ],
      [
        'changed_rules',
        '[ab].css: tag:x',
        expect.stringMatching(/^has the glob "\[ab\]\.css", which has brackets.*\(line 5\)$/)
      ],
      [
        'changed_rules',
        'a/*: tags:x',
        'has the target "tags:x", which is not a target: use skip, urls, everything, tag:NAME, prefix:HOST/PATH, host:HOST or url:URL (line 6)'
      ],
      [
        'changed_rules',
        'b/*: host:www.example.com/path',
        expect.stringMatching(/which must be a bare host name without a path.*\(line 7\)$/)
      ],
      [
        'changed_rules',
        'c/*: url:ftp://x.example/',
        expect.stringMatching(/which must be a full URL starting with http.*\(line 8\)$/)
      ],
      [
        'changed_rules',
        'd/*: everything, url:https://www.example.com/',
        expect.stringMatching(/^combines everything with other targets.*\(line 9\)$/)
      ],
      ['changed_rules', 'e/*: tag:', 'has the target "tag:", which names no tag (line 10)'],
      [
        'changed_rules',
        'f/*: url:https://user:pw@www.example.com/',
        expect.stringMatching(/^has the target "url:https:.*\(line 11\)$/)
      ]
    ])
    // The password is never shown, in the line or in the target.
    const last = new InputError(issues).message.split('\n').at(-1)!
    expect(last).toContain('"f/*: url:https://***@www.example.com/"')
    expect(last).toContain('has the target "url:https://***@www.example.com/"')
    expect(last).not.toContain('pw')
    expect(new InputError(issues).message.split('\n')[0]).toBe(
      'Input "changed_rules": "assets/*.css: tag:two words" has the target "tag:two words", which contains a space; tags cannot contain spaces: to give several tags, give each its own target, such as "tag:a, tag:b" (line 1)'
    )
  })

  it('routes targets as inline items: with several zones by name, one in none is an error', () => {
    const zone = 'example.com, example.org'
    expect(
      rulesOf('a/*: url:https://www.example.org/x, prefix:www.example.com/a/, tag:t', { zone })
    ).toHaveLength(1)
    expect(
      issuesOf({
        zone,
        changed_rules: 'a/*: tag:t\nb/*: host:cdn.other.net, url:https://x.example.net/'
      })
    ).toEqual([
      expect.objectContaining({
        input: 'changed_rules',
        value: 'b/*: host:cdn.other.net, url:https://x.example.net/',
        problem: expect.stringMatching(
          /^names "https:\/\/x\.example\.net\/", whose host x\.example\.net is in none of the zones .*\(line 2\)$/
        )
      }),
      expect.objectContaining({
        problem: expect.stringMatching(/^names "cdn\.other\.net".*\(line 2\)$/)
      })
    ])
  })

  it('takes at most 100 rules, and warns when changed is not true', () => {
    const many = Array.from({ length: 101 }, (_, i) => `p${i}/*: tag:t${i}`).join('\n')
    expect(issuesOf({ changed_rules: many })).toEqual([
      expect.objectContaining({
        input: 'changed_rules',
        problem: 'has 101 rules; at most 100 are allowed'
      })
    ])
    const plain = parseInputs(
      raw({
        changed: 'false',
        site_url: '',
        urls: 'https://www.example.com/',
        changed_rules: 'a: skip'
      })
    )
    expect(plain.warnings).toEqual([expect.stringMatching(/^Input "changed_rules": ignored/)])
  })
})

describe('changed_max_urls', () => {
  it('is 3000 by default, a whole number from 1 to 1,000,000', () => {
    expect(parseInputs(raw()).changes!.changed!.maxUrls).toBe(3000)
    expect(parseInputs(raw({ changed_max_urls: '25' })).changes!.changed!.maxUrls).toBe(25)
    for (const bad of ['0', '-1', '2.5', '1e3', '1000001', 'many'])
      expect(issuesOf({ changed_max_urls: bad })).toEqual([
        expect.objectContaining({
          input: 'changed_max_urls',
          value: bad,
          problem: 'must be a whole number from 1 to 1,000,000'
        })
      ])
  })
})
