/**
 * The runner's log adapter takes the run's credentials out of every line itself: the runner's
 * mask hides them in the log it shows, but the action must not depend on it.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { forgetWarnings, runnerLog, warningsSaid } from '../../src/runner/log.js'
import { maskSecrets } from '../../src/runner/secrets.js'

const TOKEN = 'cf-token-0123456789abcdefghijklmnopqrstu'
const GITHUB_TOKEN = 'ghs_echoedByAnApi0123456789abcdefghij'

let written: string[]
beforeEach(() => {
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
  process.env.INPUT_TOKEN = TOKEN
  process.env.INPUT_GITHUB_TOKEN = GITHUB_TOKEN
})
afterEach(() => {
  jest.restoreAllMocks()
  delete process.env.INPUT_TOKEN
  delete process.env.INPUT_GITHUB_TOKEN
})

describe('runnerLog', () => {
  it('redacts every known secret from each kind of line', async () => {
    maskSecrets()
    const masks = written.length
    const text = `token ${TOKEN} and ${GITHUB_TOKEN}`
    runnerLog.info(text)
    runnerLog.warning(text, { title: 'Cloudflare purge' })
    runnerLog.notice(text)
    await runnerLog.group(text, async () => undefined)
    const lines = written.slice(masks).join('')
    expect(lines).toContain('token *** and ***')
    expect(lines).not.toContain(TOKEN)
    expect(lines).not.toContain(GITHUB_TOKEN)
  })

  it('masks a multi-line token whole and each line long enough to be one, never a short line', () => {
    process.env.INPUT_TOKEN = `${TOKEN}\na\n  --  \n`
    maskSecrets()
    const masks = written.join('')
    expect(masks).toContain(`::add-mask::${TOKEN}%0Aa%0A  --\n`)
    expect(masks).toContain(`::add-mask::${TOKEN}\n`)
    expect(masks).not.toMatch(/::add-mask::(a|--)\n/)
    const before = written.length
    runnerLog.info(`a cat -- at a table, and ${TOKEN}`)
    expect(written.slice(before).join('')).toBe('a cat -- at a table, and ***\n')
  })

  it('masks a token given as "Bearer <token>" alone too', () => {
    process.env.INPUT_TOKEN = `Bearer ${TOKEN}`
    maskSecrets()
    expect(written).toContain(`::add-mask::${TOKEN}\n`)
    const masks = written.length
    runnerLog.info(`echoed ${TOKEN}`)
    expect(written.slice(masks).join('')).toBe('echoed ***\n')
  })

  it('opens no group inside another: GitHub would end the outer one there', async () => {
    const value = await runnerLog.group('outer', () =>
      runnerLog.group('inner', async () => {
        runnerLog.info('in both')
        return 7
      })
    )
    expect(value).toBe(7)
    const lines = written.join('').split('\n')
    expect(lines.filter((l) => l.startsWith('::group::'))).toEqual(['::group::outer'])
    expect(lines.filter((l) => l === '::endgroup::')).toHaveLength(1)
    expect(lines).toContain('inner')
    // And a group after it opens as usual.
    await runnerLog.group('next', async () => undefined)
    expect(written.join('')).toContain('::group::next')
  })

  it("keeps a warning the summary shows out of the summary's list, and says it all the same", () => {
    forgetWarnings()
    runnerLog.warning('listed', { title: 'T' })
    runnerLog.warning('in its section', { title: 'T', shown: true })
    expect(warningsSaid()).toEqual({ unshown: ['listed'], all: 2 })
    // An early failure's report has no section that shows it: every warning is listed.
    expect(warningsSaid(true)).toEqual({ unshown: ['listed', 'in its section'], all: 2 })
    expect(written.join('')).toContain('::warning title=T::in its section')
    expect(written.join('')).not.toContain('shown')
  })
})
