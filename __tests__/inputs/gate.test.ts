import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353'

const parse = (overrides: Partial<RawInputs>) =>
  parseInputs({
    ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
    token: 'secret-token-value-1234567890',
    zone: ZONE,
    urls: 'https://www.example.com/',
    ...overrides
  })

const issuesOf = (overrides: Partial<RawInputs>) => {
  try {
    parse(overrides)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).issues.map((i) => [i.input, i.problem])
  }
  throw new Error('expected an InputError')
}

describe('the deploy gate inputs', () => {
  it('are off without wait_for_url, and default as action.yml says with one', () => {
    expect(parse({}).gate).toBeUndefined()
    expect(parse({ wait_for_url: 'https://origin.example.com/version.json' }).gate).toEqual({
      urls: ['https://origin.example.com/version.json'],
      waitFor: undefined,
      timeoutMs: 600_000,
      onTimeout: 'fail'
    })
  })

  it('reads several URLs, one per line or comma-separated, each once', () => {
    const gate = parse({
      wait_for_url:
        'https://eu.example.com/v.json, https://us.example.com/v.json?a=1,2\nhttps://eu.example.com/v.json',
      wait_for: 'build 42',
      wait_timeout: '1.5',
      wait_on_timeout: 'PURGE'
    }).gate
    expect(gate).toEqual({
      urls: ['https://eu.example.com/v.json', 'https://us.example.com/v.json?a=1,2'],
      waitFor: 'build 42',
      timeoutMs: 1500,
      onTimeout: 'purge'
    })
  })

  it.each([
    [{ wait_for_url: 'origin.example.com/version.json' }, 'wait_for_url', /full URL/],
    [{ wait_for_url: 'https://user:pw@origin.example.com/' }, 'wait_for_url', /password/],
    [{ wait_for_url: '[{"url": "https://a.example/"}]' }, 'wait_for_url', /URL string/],
    [
      {
        wait_for_url: Array.from({ length: 21 }, (_, i) => `https://o${i}.example.com/`).join('\n')
      },
      'wait_for_url',
      /at most 20/
    ],
    [{ wait_for_url: 'https://o.example/', wait_for: 'a\u001b[31mb' }, 'wait_for', /control/],
    [{ wait_for_url: 'https://o.example/', wait_for: 'x'.repeat(257) }, 'wait_for', /at most 256/],
    [{ wait_for_url: 'https://o.example/', wait_timeout: '0' }, 'wait_timeout', /from 1 to 3,600/],
    // Under a second, no poll could be made: B9 of round four.
    [{ wait_for_url: 'https://o.example/', wait_timeout: '0.4' }, 'wait_timeout', /from 1 to/],
    [{ wait_for_url: 'https://o.example/', wait_timeout: '3601' }, 'wait_timeout', /to 3,600/],
    [{ wait_for_url: 'https://o.example/', wait_timeout: '1e3' }, 'wait_timeout', /seconds/],
    [{ wait_for_url: 'https://o.example/', wait_on_timeout: 'PURGE' }, 'none', /none/],
    [{ wait_for_url: 'https://o.example/', wait_on_timeout: 'maybe' }, 'wait_on_timeout', /fail/]
  ])('refuses %j, naming %s', (overrides, input, problem) => {
    if (input === 'none') expect(parse(overrides).gate!.onTimeout).toBe('purge')
    else expect(issuesOf(overrides)).toEqual([[input, expect.stringMatching(problem)]])
  })

  it('quotes a URL with a password back without it', () => {
    try {
      parse({ wait_for_url: 'https://user:s3cret@origin.example.com/v.json' })
    } catch (error) {
      expect((error as Error).message).toContain('https://***@origin.example.com/v.json')
      expect((error as Error).message).not.toContain('s3cret')
      return
    }
    throw new Error('expected an InputError')
  })

  it('takes the longest wait_timeout, an hour', () => {
    expect(
      parse({ wait_for_url: 'https://o.example/', wait_timeout: '3600' }).gate!.timeoutMs
    ).toBe(3_600_000)
  })

  it('says nothing of the defaults the runner passes without wait_for_url', () => {
    expect(parse({ wait_timeout: '600', wait_on_timeout: 'fail' }).warnings).toEqual([])
  })

  it('warns, rather than fails, when wait_for is set without wait_for_url', () => {
    const inputs = parse({ wait_for: 'v2', wait_on_timeout: 'purge' })
    expect(inputs.gate).toBeUndefined()
    expect(inputs.warnings).toEqual([
      'Input "wait_for, wait_on_timeout": ignored, because wait_for_url is empty: they are used only with wait_for_url.'
    ])
  })
})
