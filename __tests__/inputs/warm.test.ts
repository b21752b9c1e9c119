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

describe('the warm input', () => {
  it('is off by default; true warms at most 1,000 URLs; a number is the most to warm', () => {
    expect(parse({}).warm).toBeUndefined()
    for (const off of ['false', 'False', 'FALSE']) expect(parse({ warm: off }).warm).toBeUndefined()
    for (const on of ['true', 'True', 'TRUE'])
      expect(parse({ warm: on }).warm).toEqual({ limit: 1000 })
    expect(parse({ warm: '50' }).warm).toEqual({ limit: 50 })
    expect(parse({ warm: '1' }).warm).toEqual({ limit: 1 })
    expect(parse({ warm: '100000' }).warm).toEqual({ limit: 100_000 })
  })

  it.each([
    [{ warm: 'yes' }, /write true \(or True, TRUE\) instead of "yes"/],
    [{ warm: 'tRuE' }, /write true \(or True, TRUE\) instead of "tRuE"/],
    [{ warm: 'off' }, /write false \(or False, FALSE\) instead of "off"/],
    [{ warm: '0' }, /write false to warm nothing/],
    [{ warm: '100001' }, /1 to 100,000/],
    [{ warm: '2.5' }, /the most URLs to warm/],
    [{ warm: '-3' }, /the most URLs to warm/]
  ])('refuses %j, naming warm', (overrides, problem) => {
    expect(issuesOf(overrides)).toEqual([['warm', expect.stringMatching(problem)]])
  })
})
