/** The inputs of `changed` and `sitemap`, read through parseInputs as the action reads them. */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'

const raw = (overrides: Partial<RawInputs> = {}): RawInputs => ({
  ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
  token: 'secret-token-value-1234567890',
  zone: 'example.com',
  site_dir: '.',
  changed_fallback: 'prefix',
  github_token: 'ghs_token',
  ...overrides
})

const CHANGED = { changed: 'true', site_url: 'https://www.example.com/' }

const issuesOf = (overrides: Partial<RawInputs>) => {
  try {
    parseInputs(raw(overrides))
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).issues
  }
  throw new Error('no InputError')
}

describe('changed and sitemap inputs', () => {
  it('accept a step whose only purge input is changed: true, or a sitemap', () => {
    const changed = parseInputs(raw({ ...CHANGED, site_dir: './public/' }))
    expect(changed.changes?.changed).toEqual(
      expect.objectContaining({
        mapping: expect.objectContaining({ siteUrl: 'https://www.example.com/', dir: 'public' }),
        prefix: 'www.example.com/',
        fallback: 'prefix',
        githubToken: 'ghs_token'
      })
    )
    expect(changed.emptyReason).toBeUndefined()
    expect(parseInputs(raw({ sitemap: 'public/sitemap.xml' })).changes).toEqual({
      changed: undefined,
      sitemap: 'public/sitemap.xml'
    })
    expect(parseInputs(raw({ urls: 'https://www.example.com/' })).changes).toBeUndefined()
    expect(issuesOf({})).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('changed: true, a sitemap') })
    ])
  })

  it('read site_url as a folder: a trailing slash, the host in ASCII, the path encoded', () => {
    const read = (site_url: string) => parseInputs(raw({ ...CHANGED, site_url })).changes!.changed!
    expect(read('https://WWW.Example.com/docs')).toEqual(
      expect.objectContaining({
        mapping: expect.objectContaining({ siteUrl: 'https://www.example.com/docs/' }),
        prefix: 'www.example.com/docs/'
      })
    )
    expect(read('https://bücher.example/ä/').mapping.siteUrl).toBe(
      'https://xn--bcher-kva.example/%C3%A4/'
    )
    expect(issuesOf({ ...CHANGED, site_url: 'https://www.example.com/a b/' })).toEqual([
      expect.objectContaining({ input: 'site_url', problem: 'contains whitespace' })
    ])
  })

  it('name each bad input and quote its value, a password never', () => {
    expect(issuesOf({ changed: 'yes' }).map((i) => [i.input, i.value])).toEqual([
      ['changed', 'yes']
    ])
    const error = (() => {
      try {
        parseInputs(
          raw({
            ...CHANGED,
            site_url: 'https://user:pw@www.example.com:8443/?q#f',
            site_dir: '../up',
            github_token: '',
            changed_fallback: 'skip',
            changed_rules: '[ab].css: skip\n!*.map: skip'
          })
        )
      } catch (caught) {
        return caught as InputError
      }
      throw new Error('no InputError')
    })()
    expect(error.issues.map((i) => i.input)).toEqual([
      'site_url',
      'site_dir',
      'github_token',
      'changed_fallback',
      'changed_rules',
      'changed_rules'
    ])
    expect(error.message).toContain('Input "site_url": "https://***@www.example.com:8443/?q#f"')
    expect(error.message).not.toContain('pw')
    expect(error.message).toContain(
      'Input "changed_fallback": "skip" must be "prefix", "everything" or "fail"'
    )
    expect(issuesOf({ changed: 'true' })).toEqual([
      expect.objectContaining({
        input: 'site_url',
        problem: expect.stringContaining('is needed with changed')
      })
    ])
    for (const site_url of ['www.example.com/', 'ftp://x.example/', 'https://x.example:8080/'])
      expect(issuesOf({ ...CHANGED, site_url })).toEqual([
        expect.objectContaining({ input: 'site_url' })
      ])
  })

  it('refuse purge_everything with changed or sitemap', () => {
    expect(issuesOf({ ...CHANGED, purge_everything: 'true' })).toEqual([
      expect.objectContaining({
        input: 'purge_everything',
        problem: expect.stringContaining('changed or sitemap')
      })
    ])
  })

  it('warn about inputs of changed given without changed: true', () => {
    const inputs = parseInputs(
      raw({ urls: 'https://www.example.com/', site_url: 'https://www.example.com/' })
    )
    expect(inputs.warnings).toEqual([expect.stringMatching(/^Input "site_url": ignored/)])
    expect(inputs.changes).toBeUndefined()
  })

  it('take changed as true, last-success in any case, or a SHA, tag or branch', () => {
    const from = (changed: string) =>
      parseInputs(raw({ ...CHANGED, changed })).changes!.changed!.from
    for (const flag of ['true', 'True', 'TRUE']) expect(from(flag)).toEqual({ kind: 'push' })
    for (const word of ['last-success', 'Last-Success', 'LAST-SUCCESS'])
      expect(from(word)).toEqual({ kind: 'last-success' })
    for (const word of ['build', 'Build', 'BUILD'])
      expect(
        parseInputs(raw({ ...CHANGED, changed: word, site_dir: 'public' })).changes!.changed!.from
      ).toEqual({ kind: 'build' })
    expect(from('refs/heads/build')).toEqual({ kind: 'ref', ref: 'refs/heads/build' })
    for (const ref of ['v1.4.0', 'release/2024-01', 'a1b2c3d', 'f'.repeat(40), 'main'])
      expect(from(ref)).toEqual({ kind: 'ref', ref })
    for (const off of ['false', 'False', 'FALSE'])
      expect(parseInputs(raw({ urls: 'https://www.example.com/', changed: off })).changes).toBe(
        undefined
      )
    for (const ref of ['-x', 'a b', 'a..b', 'x.lock', 'a//b', 'x/', 'a@{1}', '~1', 'a:b'])
      expect(issuesOf({ ...CHANGED, changed: ref })).toEqual([
        expect.objectContaining({ input: 'changed', value: ref })
      ])
  })

  it('refuse the repository root as site_dir with changed: build, once', () => {
    for (const site_dir of ['.', './', ''])
      expect(issuesOf({ ...CHANGED, changed: 'build', site_dir })).toEqual([
        expect.objectContaining({
          input: 'site_dir',
          problem: expect.stringContaining('is the repository root: changed: build hashes')
        })
      ])
    expect(() =>
      parseInputs(raw({ ...CHANGED, changed: 'build', site_dir: 'public' }))
    ).not.toThrow()
    // A site_dir refused for what it is: its own issue, not a second one.
    expect(issuesOf({ ...CHANGED, changed: 'build', site_dir: '../x' })).toEqual([
      expect.objectContaining({ input: 'site_dir', problem: 'must not contain ".."' })
    ])
  })

  it('refuse a near miss of true or false as every flag does, with the same hint', () => {
    for (const [value, meant] of [
      ['tRuE', 'true'],
      ['yes', 'true'],
      ['On', 'true'],
      ['no', 'false'],
      ['OFF', 'false']
    ])
      expect(issuesOf({ ...CHANGED, changed: value })).toEqual([
        expect.objectContaining({
          input: 'changed',
          problem: expect.stringContaining(`write ${meant} (or `)
        })
      ])
  })
})
