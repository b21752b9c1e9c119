/**
 * scripts/release.sh, as the release workflow runs it, in a throwaway repository with a bare
 * remote and a stand-in `gh` that records what it was asked to publish.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('../../scripts/release.sh', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'release-'))
const work = join(dir, 'work')
const remote = join(dir, 'remote.git')
const published = join(dir, 'gh.log')
const env = {
  ...process.env,
  PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null'
}
const git = (...args: string[]): string =>
  execFileSync('git', args, { cwd: work, env, encoding: 'utf8' }).trim()
const release = (...args: string[]) =>
  spawnSync('bash', ['scripts/release.sh', ...args], { cwd: work, env, encoding: 'utf8' })

/** Sets the version in package.json and src/version.ts, with an optional changelog section. */
const bump = (version: string, notes?: string) => {
  writeFileSync(
    join(work, 'package.json'),
    `{\n  "name": "cloudflare-purge-action",\n  "version": "${version}",\n  "private": true\n}\n`
  )
  writeFileSync(join(work, 'src/version.ts'), `export const VERSION = '${version}'\n`)
  const changelog = readFileSync(join(work, 'CHANGELOG.md'), 'utf8')
  if (notes !== undefined)
    writeFileSync(
      join(work, 'CHANGELOG.md'),
      changelog.replace(
        '## [Unreleased]\n',
        `## [Unreleased]\n\n## [${version}] - 2026-12-02\n\n${notes}\n`
      )
    )
  git('commit', '-qam', version)
  return git('rev-parse', 'HEAD')
}

let first = ''
beforeAll(() => {
  mkdirSync(join(work, 'scripts'), { recursive: true })
  mkdirSync(join(work, 'src'))
  mkdirSync(join(dir, 'bin'))
  // A stand-in for gh: records its arguments and the notes file it was given.
  writeFileSync(
    join(dir, 'bin', 'gh'),
    `#!/bin/sh\necho "gh $*" >> '${published}'\nwhile [ $# -gt 0 ]; do [ "$1" = --notes-file ] && cat "$2" >> '${published}'; shift; done\n`
  )
  chmodSync(join(dir, 'bin', 'gh'), 0o755)
  execFileSync('git', ['init', '-q', '--bare', remote], { env })
  execFileSync('git', ['init', '-q', '-b', 'main', work], { env })
  copyFileSync(script, join(work, 'scripts/release.sh'))
  writeFileSync(
    join(work, 'CHANGELOG.md'),
    '# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2026-11-29\n\n### Added\n\n- Before.\n'
  )
  writeFileSync(join(work, 'package.json'), '')
  writeFileSync(join(work, 'src/version.ts'), '')
  git('add', '.')
  git('commit', '-qm', 'start')
  git('remote', 'add', 'origin', remote)
  first = bump('1.1.0')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const remoteTag = (tag: string): string =>
  execFileSync('git', ['rev-parse', `${tag}^{commit}`], {
    cwd: remote,
    env,
    encoding: 'utf8'
  }).trim()

describe('scripts/release.sh --publish --since BEFORE', () => {
  it('does nothing when the version did not change', () => {
    const result = release('--publish', '--since', first)
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('nothing to release')
    expect(git('tag')).toBe('')
  })

  it('refuses a new version without a CHANGELOG.md section, before tagging anything', () => {
    const head = bump('1.1.1')
    const result = release('--publish', '--since', first)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('CHANGELOG.md has no section "## [1.1.1] - date"')
    expect(git('tag')).toBe('')
    first = head
  })

  it('tags vX.Y.Z, moves vX to its commit, pushes both and publishes the section as notes', () => {
    const head = bump('1.2.0', '### Added\n\n- Something new.\n')
    const result = release('--publish', '--since', first)
    expect(result.stderr).not.toContain('release:')
    expect(result.status).toBe(0)
    expect(remoteTag('v1.2.0')).toBe(head)
    expect(remoteTag('v1')).toBe(head)
    const log = readFileSync(published, 'utf8')
    expect(log).toMatch(
      /^gh release create v1\.2\.0 --title v1\.2\.0 --verify-tag --notes-file \S+\n/
    )
    expect(log.split('\n').slice(1).join('\n')).toBe('### Added\n\n- Something new.\n')
  })

  it('is a no-op when run again on the same commit', () => {
    const result = release('--publish', '--since', first)
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('v1.2.0 already tags this commit')
    expect(readFileSync(published, 'utf8').match(/^gh /gm)).toHaveLength(1)
  })

  it('moves the major tag on the next minor release', () => {
    const before = git('rev-parse', 'HEAD')
    const head = bump('1.3.0', '### Fixed\n\n- A bug.\n')
    expect(release('--publish', '--since', before).status).toBe(0)
    expect(remoteTag('v1')).toBe(head)
    expect(remoteTag('v1.2.0')).not.toBe(head)
  })
})
