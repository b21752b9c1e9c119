import { describe, expect, it } from '@jest/globals'
import { InputError, type InputIssue } from '../../src/errors.js'
import { ENVIRONMENT_ID, readEnvironments } from '../../src/inputs/environments.js'
import { fieldOf } from '../../src/inputs/kit.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'

const read = (text: string) => {
  const out = { issues: [] as InputIssue[], warnings: [] as string[] }
  const environments = readEnvironments(fieldOf('environment', text.trim(), true, out))
  return { environments, issues: out.issues }
}

describe('environment', () => {
  it('is none when not given', () => {
    expect(read('')).toEqual({ environments: [], issues: [] })
  })

  it('takes 28 to 32 hex characters as an ID, in lower case, and anything else as a name', () => {
    expect(read('7C5DAE5552338874E5053F2534D2767A').environments).toEqual([
      {
        by: 'id',
        given: '7C5DAE5552338874E5053F2534D2767A',
        id: '7c5dae5552338874e5053f2534d2767a'
      }
    ])
    // The docs' own examples are 28 and 30 characters long.
    expect(ENVIRONMENT_ID.test('49f0bad299687c62334182178bfd')).toBe(true)
    expect(ENVIRONMENT_ID.test('12abcd3e45f678940a573f51834a54')).toBe(true)
    expect(ENVIRONMENT_ID.test('49f0bad299687c62334182178bf')).toBe(false)
    expect(ENVIRONMENT_ID.test('7c5dae5552338874e5053f2534d2767a0')).toBe(false)
    expect(read('staging').environments).toEqual([
      { by: 'name', given: 'staging', name: 'staging' }
    ])
    // Letters beyond f make a name, whatever its length: looked up, not sent as an ID.
    expect(read('x'.repeat(32)).environments).toEqual([
      { by: 'name', given: 'x'.repeat(32), name: 'x'.repeat(32) }
    ])
  })

  it('lists several, one per line or comma-separated, names and IDs mixed, each once', () => {
    const { environments, issues } = read(
      'Staging, Production\n# a comment\n7c5dae5552338874e5053f2534d2767a\nstaging\n\n'
    )
    expect(issues).toEqual([])
    expect(environments).toEqual([
      { by: 'name', given: 'Staging', name: 'Staging' },
      { by: 'name', given: 'Production', name: 'Production' },
      {
        by: 'id',
        given: '7c5dae5552338874e5053f2534d2767a',
        id: '7c5dae5552338874e5053f2534d2767a'
      }
    ])
  })

  it('keeps a name with spaces as written', () => {
    expect(read('  Canary EU  ').environments).toEqual([
      { by: 'name', given: 'Canary EU', name: 'Canary EU' }
    ])
  })

  it('refuses an entry with control characters or of more than 200 characters, quoting it', () => {
    const { issues } = read(`Stag\u0007ing, ${'a'.repeat(201)}`)
    expect(issues).toEqual([
      { input: 'environment', value: 'Stag\u0007ing', problem: 'contains a control character' },
      {
        input: 'environment',
        value: 'a'.repeat(201),
        problem: expect.stringContaining('has 201 characters')
      }
    ])
  })

  it('with several zones is an input error that says why', () => {
    let issues: InputIssue[] = []
    try {
      parseInputs({
        ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
        token: 'secret-token-value-1234567890',
        zone: 'example.com\nexample.org',
        environment: 'Staging',
        tags: 'a'
      })
    } catch (error) {
      issues = (error as InputError).issues
    }
    expect(issues).toEqual([
      {
        input: 'environment',
        value: 'Staging',
        problem: expect.stringContaining(
          'names environments of one zone, but "zone" lists 2: an environment (its name or its ID) belongs to one zone'
        )
      }
    ])
  })
})
