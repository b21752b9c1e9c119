/** Inputs v1 removed: a workflow that still sets one fails before any request, told what to write. */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { REMOVED } from '../../src/inputs/removed.js'

const raw: RawInputs = {
  ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
  token: 'secret-token-value-1234567890',
  zone: 'example.com',
  urls: 'https://www.example.com/'
}

const messageOf = (removed: Record<string, string>): string => {
  try {
    parseInputs(raw, { removed: (name) => removed[name] ?? '' })
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).message
  }
  throw new Error('no InputError')
}

describe('an input v1 removed', () => {
  it('fails the step, naming the input and what replaces it', () => {
    expect(messageOf({ changed_since: 'last-success' })).toBe(
      'Input "changed_since": "last-success" was removed in v1 (see changed): write changed: last-success instead (changed takes false, true, last-success, or a commit SHA or ref)'
    )
    expect(messageOf({ warm_limit: '50' })).toContain('write warm: 50 instead')
    expect(messageOf({ request_timeout: '10' })).toContain('(see timeout)')
  })

  it('turns changed_include and changed_exclude into the changed_rules lines to write', () => {
    expect(messageOf({ changed_exclude: '**/*.map, drafts/**' })).toContain(
      'add the lines "**/*.map: skip", "drafts/**: skip" before your other rules'
    )
    expect(messageOf({ changed_include: '*.html\nassets/**' })).toContain(
      'add the lines "*.html: urls", "assets/**: urls", "**: skip" after your other rules'
    )
  })

  it('is said for every removed input at once, with the other mistakes', () => {
    const message = messageOf(Object.fromEntries(Object.keys(REMOVED).map((name) => [name, 'x'])))
    for (const name of Object.keys(REMOVED)) expect(message).toContain(`Input "${name}"`)
  })

  it('never quotes a Global API Key given in api_key', () => {
    const key = 'c2547eb745079dac9320b638f5e225cf483cc'
    const message = messageOf({ api_key: key, email: 'ops@example.com' })
    expect(message).toContain('Input "api_key": was removed in v1 (see token)')
    expect(message).not.toContain(key)
  })

  it('is not there when the variable is empty, as for an input never set', () => {
    expect(() => parseInputs(raw, { removed: () => '' })).not.toThrow()
    expect(() => parseInputs(raw, { removed: () => '  ' })).not.toThrow()
  })

  it('is none of the inputs v1 declares', () => {
    for (const name of Object.keys(REMOVED)) expect(INPUT_NAMES).not.toContain(name)
  })
})

const parseInputsMessage = (overrides: Partial<RawInputs>, others: string[]): string => {
  try {
    parseInputs({ ...raw, ...overrides }, { others })
  } catch (error) {
    return (error as InputError).message
  }
  return ''
}

describe('an input the action never had', () => {
  const parsed = (others: string[]) => {
    try {
      return { inputs: parseInputs(raw, { others }), message: '' }
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      return { inputs: undefined, message: (error as InputError).message }
    }
  }

  it('fails the step when it reads as a known input misspelt, naming the input to write', () => {
    for (const [given, meant] of [
      ['dry-run', 'dry_run'],
      ['dryrun', 'dry_run'],
      ['verifyurls', 'verify_urls'],
      ['purge-everything', 'purge_everything'],
      ['site_urls', 'site_url'],
      ['chnaged', 'changed'],
      ['url', 'urls']
    ])
      expect(parsed([given!]).message).toBe(
        `Input "${given}": is not an input of this action: write ${meant} (inputs are spelt with "_"; docs/inputs.md lists them)`
      )
  })

  it('says what replaced a removed input it reads as', () => {
    expect(parsed(['warm-limit']).message).toContain(
      'Input "warm-limit": is not an input of this action: it reads as warm_limit, which v1 removed (see warm)'
    )
  })

  it('is a warning naming it when it reads as no input, since it may be set for something else', () => {
    const { inputs, message } = parsed(['deploy_target'])
    expect(message).toBe('')
    expect(inputs!.warnings).toContain(
      'Input "deploy_target": not an input of this action, ignored; docs/inputs.md lists them.'
    )
  })

  it('stands for the list input it reads as: no second error says there is nothing to purge', () => {
    expect(parseInputsMessage({ urls: '' }, ['url'])).toBe(
      'Input "url": is not an input of this action: write urls (inputs are spelt with "_"; docs/inputs.md lists them)'
    )
  })

  it('is only a warning when it is near a short name, as ordinary words are', () => {
    for (const [given, near] of [
      ['node', 'zone'],
      ['tone', 'token'],
      ['wait', 'warm'],
      ['modes', 'mode']
    ]) {
      const { inputs, message } = parsed([given!])
      if (given === 'modes') {
        // A plural of an input is surely that input.
        expect(message).toContain('write mode')
        continue
      }
      expect(message).toBe('')
      expect(inputs!.warnings).toContain(
        `Input "${given}": not an input of this action, ignored (if you meant ${near}, write that); docs/inputs.md lists them.`
      )
    }
    for (const given of ['args', 'page', 'verify_tls', 'changed_files', 'zone_id', 'api_token'])
      expect(parsed([given]).message).toBe('')
  })

  it('is reported with every other mistake at once', () => {
    const message = parsed(['dry-run', 'verifyurls']).message
    expect(message.split('\n')).toHaveLength(2)
  })
})
