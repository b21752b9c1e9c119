import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  symlinkSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { defaultRoots, MAX_FILE_BYTES, readWorkspaceFile } from '../../src/inputs/workspace-file.js'

const linux = process.platform === 'linux' ? it : it.skip
const posix = process.platform === 'win32' ? it.skip : it

const folder = () => realpathSync(mkdtempSync(join(tmpdir(), 'ws-')))
const text = (read: ReturnType<typeof readWorkspaceFile>) =>
  'bytes' in read ? Buffer.from(read.bytes).toString('utf8') : read

describe('readWorkspaceFile', () => {
  it('reads a regular file inside a root, by absolute or relative path', () => {
    const root = folder()
    writeFileSync(join(root, 'urls.txt'), 'https://a.com/\n')
    expect(text(readWorkspaceFile(join(root, 'urls.txt'), [root], 'from_file'))).toBe(
      'https://a.com/\n'
    )
    const relative = join(root, 'sub', '..', 'urls.txt')
    expect(text(readWorkspaceFile(relative, [root], 'from_file'))).toBe('https://a.com/\n')
  })

  posix('never waits on a named pipe (FIFO)', () => {
    const root = folder()
    const fifo = join(root, 'urls.fifo')
    execFileSync('mkfifo', [fifo])
    expect(readWorkspaceFile(fifo, [root], 'from_file')).toEqual({
      problem: 'is a named pipe (FIFO), not a regular file'
    })
  })

  posix('refuses a socket', async () => {
    const root = folder()
    const path = join(root, 's.sock')
    const server = createServer()
    await new Promise<void>((done) => server.listen(path, done))
    try {
      expect(readWorkspaceFile(path, [root], 'from_file')).toEqual({
        problem: 'is a socket, not a regular file'
      })
    } finally {
      server.close()
    }
  })

  posix('refuses a device such as /dev/zero instead of reading it forever', () => {
    expect(readWorkspaceFile('/dev/zero', ['/dev'], 'from_file')).toEqual({
      problem: 'is a device, not a regular file'
    })
  })

  it('refuses a folder and a missing file', () => {
    const root = folder()
    mkdirSync(join(root, 'dir'))
    expect(readWorkspaceFile(join(root, 'dir'), [root], 'from_file')).toEqual({
      problem: 'is a folder, not a file'
    })
    expect(readWorkspaceFile(join(root, 'none.txt'), [root], 'from_file')).toEqual({
      problem: expect.stringContaining('does not exist: there is no file at')
    })
  })

  it('refuses a file larger than the limit, naming the limit', () => {
    const root = folder()
    const path = join(root, 'big.txt')
    writeFileSync(path, '')
    truncateSync(path, MAX_FILE_BYTES + 1)
    expect(readWorkspaceFile(path, [root], 'from_file')).toEqual({
      problem: 'is larger than 64 MiB, the most from_file reads: split the list into several steps'
    })
    truncateSync(path, 11)
    expect(readWorkspaceFile(path, [root], 'from_file', 10)).toEqual({
      problem: expect.stringContaining('is larger than 10 bytes')
    })
    expect(readWorkspaceFile(path, [root], 'from_file', 11)).toEqual({
      bytes: expect.any(Uint8Array)
    })
  })

  linux('stops reading at the limit when the size on disk says nothing', () => {
    // /proc files claim a size of 0 and hold more.
    expect(readWorkspaceFile('/proc/self/status', ['/proc'], 'from_file', 16)).toEqual({
      problem: expect.stringContaining('is larger than 16 bytes')
    })
    expect(text(readWorkspaceFile('/proc/self/status', ['/proc'], 'from_file'))).toContain('Name:')
  })

  it('refuses a path outside every root, naming where it resolves', () => {
    const root = folder()
    const outside = join(folder(), 'secret.txt')
    writeFileSync(outside, 'x')
    expect(readWorkspaceFile(outside, [root], 'from_file')).toEqual({
      problem: `is outside the workspace: it resolves to "${outside}", and from_file reads only files under "${root}" (GITHUB_WORKSPACE and RUNNER_TEMP)`
    })
    const dotted = join(root, '..', basename(dirname(outside)), 'secret.txt')
    expect(readWorkspaceFile(dotted, [root], 'from_file')).toEqual({
      problem: expect.stringContaining(`it resolves to "${outside}"`)
    })
    writeFileSync(join(root, '..', `${root.split('/').pop()}-sibling`), 'x')
    expect(readWorkspaceFile(`${root}-sibling`, [root], 'from_file')).toEqual({
      problem: expect.stringContaining('is outside the workspace')
    })
  })

  it('names the input it reads for, and nothing else, in its refusals', () => {
    const root = folder()
    // A path that holds the word "from_file" keeps it: only the input's name changes.
    const outside = join(folder(), 'from_file.xml')
    writeFileSync(outside, 'x')
    expect(readWorkspaceFile(outside, [root], 'sitemap')).toEqual({
      problem: `is outside the workspace: it resolves to "${outside}", and sitemap reads only files under "${root}" (GITHUB_WORKSPACE and RUNNER_TEMP)`
    })
    const big = join(root, 'big.xml')
    writeFileSync(big, '12345678901')
    expect(readWorkspaceFile(big, [root], 'sitemap', 10)).toEqual({
      problem: 'is larger than 10 bytes, the most sitemap reads: split the list into several steps'
    })
  })

  posix('follows symbolic links before deciding', () => {
    const root = folder()
    const outside = join(folder(), 'secret.txt')
    writeFileSync(outside, 'x')
    symlinkSync(outside, join(root, 'link.txt'))
    expect(readWorkspaceFile(join(root, 'link.txt'), [root], 'from_file')).toEqual({
      problem: expect.stringContaining(`it resolves to "${outside}"`)
    })
    // A link into a root is fine, and so is a root reached through a link.
    const inside = join(root, 'urls.txt')
    writeFileSync(inside, 'ok')
    const elsewhere = folder()
    symlinkSync(inside, join(elsewhere, 'link.txt'))
    expect(text(readWorkspaceFile(join(elsewhere, 'link.txt'), [root], 'from_file'))).toBe('ok')
    symlinkSync(root, join(elsewhere, 'workspace'))
    expect(text(readWorkspaceFile(inside, [join(elsewhere, 'workspace')], 'from_file'))).toBe('ok')
  })

  posix('refuses a loop of links', () => {
    const root = folder()
    symlinkSync(join(root, 'b'), join(root, 'a'))
    symlinkSync(join(root, 'a'), join(root, 'b'))
    expect(readWorkspaceFile(join(root, 'a'), [root], 'from_file')).toEqual({
      problem: 'is a loop of symbolic links'
    })
  })

  it('reads from any of several roots', () => {
    const [a, b] = [folder(), folder()]
    writeFileSync(join(b, 'urls.txt'), 'ok')
    expect(text(readWorkspaceFile(join(b, 'urls.txt'), [a, b], 'from_file'))).toBe('ok')
    expect(text(readWorkspaceFile(join(b, 'urls.txt'), [join(a, 'missing'), b], 'from_file'))).toBe(
      'ok'
    )
  })
})

describe('defaultRoots', () => {
  it('is the workspace, else the current folder, and RUNNER_TEMP', () => {
    expect(defaultRoots({ GITHUB_WORKSPACE: '/w', RUNNER_TEMP: '/t' }, '/cwd')).toEqual([
      '/w',
      '/t'
    ])
    expect(defaultRoots({}, '/cwd')).toEqual(['/cwd'])
    expect(defaultRoots({ GITHUB_WORKSPACE: '', RUNNER_TEMP: '' }, '/cwd')).toEqual(['/cwd'])
  })
})
