/**
 * Rollbacks and diverged histories: GitHub's compare API against a fake GitHub over real HTTP,
 * where `base...head` of a rollback lists nothing and the files that differ are those of both
 * directions.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { filesBetween } from '../../src/sources/both-ways.js'
import { octokitCompare } from '../../src/sources/github.js'
import {
  FAKE_TOKEN,
  sha,
  startFakeGitHub,
  type Comparison,
  type FakeGitHub
} from '../__fixtures__/fake-github.js'

const OLD = sha('e')
const NEW = sha('f')

let github: FakeGitHub | undefined
afterEach(async () => {
  await github?.close()
  github = undefined
})

const compare = async (comparisons: Record<string, Comparison>) => {
  github = await startFakeGitHub({ comparisons })
  return octokitCompare({
    apiUrl: github.apiUrl,
    token: FAKE_TOKEN,
    repository: 'acme/site',
    userAgent: 'test',
    requestTimeoutMs: 5000,
    deadline: Date.now() + 20_000
  })
}

describe('filesBetween', () => {
  it('reads a rollback in both directions: what the rollback undoes, as a change to the site', async () => {
    // The site is at OLD (the last deploy); NEW, being deployed, is two commits behind it.
    const get = await compare({
      [`${OLD}...${NEW}`]: { status: 'behind', files: [] },
      [`${NEW}...${OLD}`]: {
        status: 'ahead',
        files: [
          { filename: 'public/new-page.html', status: 'added' },
          { filename: 'public/gone.html', status: 'removed' },
          { filename: 'public/blog/index.html', status: 'modified' },
          { filename: 'public/b.css', status: 'renamed', previous_filename: 'public/a.css' }
        ]
      }
    })
    expect(await filesBetween(get, { base: OLD, head: NEW }, Date.now() + 20_000)).toEqual({
      status: 'behind',
      files: [
        { path: 'public/new-page.html', status: 'removed' },
        { path: 'public/gone.html', status: 'added' },
        { path: 'public/blog/index.html', status: 'modified' },
        { path: 'public/a.css', status: 'renamed', previous: 'public/b.css' }
      ]
    })
    expect(github!.requests.map((r) => r.path)).toEqual([
      `/repos/acme/site/compare/${OLD}...${NEW}`,
      `/repos/acme/site/compare/${NEW}...${OLD}`
    ])
  })

  it('reads a diverged history in both directions, each path once', async () => {
    const get = await compare({
      [`${OLD}...${NEW}`]: {
        status: 'diverged',
        files: [
          { filename: 'public/index.html', status: 'modified' },
          { filename: 'public/only-new.html', status: 'added' }
        ]
      },
      [`${NEW}...${OLD}`]: {
        status: 'diverged',
        files: [
          { filename: 'public/index.html', status: 'modified' },
          { filename: 'public/only-old.html', status: 'added' }
        ]
      }
    })
    const result = await filesBetween(get, { base: OLD, head: NEW }, Date.now() + 20_000)
    expect(result).toEqual({
      status: 'diverged',
      files: [
        { path: 'public/index.html', status: 'modified' },
        { path: 'public/only-new.html', status: 'added' },
        { path: 'public/only-old.html', status: 'removed' }
      ]
    })
  })

  it('reads one direction when head is ahead, and nothing changed when they are one commit', async () => {
    const get = await compare({
      [`${OLD}...${NEW}`]: {
        status: 'ahead',
        files: [{ filename: 'public/x.html', status: 'modified' }]
      },
      [`${NEW}...${NEW}`]: { status: 'identical', files: [] }
    })
    expect(await filesBetween(get, { base: OLD, head: NEW }, Date.now() + 20_000)).toEqual({
      status: 'ahead',
      files: [{ path: 'public/x.html', status: 'modified' }]
    })
    expect(await filesBetween(get, { base: NEW, head: NEW }, Date.now() + 20_000)).toEqual({
      status: 'identical',
      files: []
    })
    expect(github!.requests).toHaveLength(2)
  })

  it('never says nothing changed for commits GitHub says differ', async () => {
    const get = await compare({
      [`${OLD}...${NEW}`]: { status: 'behind', files: [] },
      [`${NEW}...${OLD}`]: { status: 'ahead', files: [] }
    })
    expect(await filesBetween(get, { base: OLD, head: NEW }, Date.now() + 20_000)).toEqual({
      unknown:
        'GitHub compares eeeeeee...fffffff as "behind" but lists no file that differs, in either direction: the files that changed cannot be known'
    })
  })

  it('cannot know the files when the other direction fails, or the status is unknown', async () => {
    const get = await compare({ [`${OLD}...${NEW}`]: { status: 'behind', files: [] } })
    expect(await filesBetween(get, { base: OLD, head: NEW }, Date.now() + 20_000)).toEqual({
      unknown: expect.stringContaining('HTTP 404')
    })
    const odd = async () => ({ data: { status: 'sideways', files: [] }, headers: {} })
    expect(await filesBetween(odd, { base: OLD, head: NEW }, Date.now() + 20_000)).toEqual({
      unknown: expect.stringContaining('as "sideways"')
    })
  })
})
