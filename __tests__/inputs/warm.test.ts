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

describe('the warming inputs', () => {
  it('are off by default, and default as action.yml says when on', () => {
    expect(parse({}).warm).toBeUndefined()
    expect(parse({ warm: 'true' }).warm).toEqual({ limit: 1000, concurrency: 8 })
    expect(parse({ warm: 'TRUE', warm_limit: '100000', warm_concurrency: '64' }).warm).toEqual({
      limit: 100_000,
      concurrency: 64
    })
  })

  it.each([
    [{ warm: 'yes' }, 'warm', /true or false/],
    [{ warm: 'true', warm_limit: '0' }, 'warm_limit', /1 to 100,000/],
    [{ warm: 'true', warm_limit: '100001' }, 'warm_limit', /1 to 100,000/],
    [{ warm: 'true', warm_concurrency: '65' }, 'warm_concurrency', /1 to 64/],
    [{ warm: 'true', warm_concurrency: '2.5' }, 'warm_concurrency', /whole number/]
  ])('refuses %j, naming %s', (overrides, input, problem) => {
    expect(issuesOf(overrides)).toEqual([[input, expect.stringMatching(problem)]])
  })

  it('says nothing of the defaults the runner passes with warming off', () => {
    expect(parse({ warm: 'false', warm_limit: '1000', warm_concurrency: '8' }).warnings).toEqual([])
  })

  it('warns when a limit is set with warming off', () => {
    expect(parse({ warm_limit: '5' }).warnings).toEqual([
      'Input "warm_limit": ignored, because warm is off: nothing is warmed.'
    ])
  })
})
