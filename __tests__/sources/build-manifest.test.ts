/**
 * `changed: build`'s manifest: the hashes of a real folder (links, pipes and sockets skipped and
 * counted, never followed), the format written and read back (every malformed line refused with
 * its reason word), and the comparison, checked against a plain model with fast-check.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { hashTree, TreeError } from '../../src/sources/build-tree.js'
import {
  compareManifests,
  compareWithManifest,
  diffAsChangedFiles,
  manifestLines,
  MANIFEST_LIMITS,
  readManifest,
  writeManifest,
  type Manifest
} from '../../src/sources/build-manifest.js'

const sha = (text: string) => createHash('sha256').update(text).digest('base64url')
const HASH = sha('x')
const COMMIT = 'a'.repeat(40)

let root: string
let outside: string
let socket: Server | undefined
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'build-tree-'))
  outside = mkdtempSync(join(tmpdir(), 'outside-'))
  writeFileSync(join(outside, 'secret.txt'), 'not the site')
  mkdirSync(join(root, 'site/blog/post'), { recursive: true })
  writeFileSync(join(root, 'site/index.html'), '<h1>home</h1>')
  writeFileSync(join(root, 'site/blog/post/index.html'), '<h1>post</h1>')
  writeFileSync(join(root, 'site/empty.txt'), '')
  writeFileSync(join(root, 'site/big.bin'), Buffer.alloc(300 * 1024, 7))
  // One read's worth, and two: the edges between hashing in one call and as a stream.
  writeFileSync(join(root, 'site/one.bin'), Buffer.alloc(64 * 1024, 1))
  writeFileSync(join(root, 'site/two.bin'), Buffer.alloc(128 * 1024, 2))
  symlinkSync(join(outside, 'secret.txt'), join(root, 'site/leak.txt'))
  symlinkSync(outside, join(root, 'site/leak-dir'))
  symlinkSync('index.html', join(root, 'site/alias.html'))
  execFileSync('mkfifo', [join(root, 'site/pipe')])
  socket = createServer()
  await new Promise<void>((resolve) => socket!.listen(join(root, 'site/sock'), resolve))
})
afterAll(async () => {
  await new Promise((resolve) => socket?.close(resolve))
  rmSync(root, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

describe('hashTree', () => {
  it('hashes every regular file by its path under the folder, and skips and counts the rest', async () => {
    const tree = await hashTree(join(root, 'site'))
    expect(Object.fromEntries(tree.files)).toEqual({
      'index.html': sha('<h1>home</h1>'),
      'blog/post/index.html': sha('<h1>post</h1>'),
      'empty.txt': sha(''),
      'big.bin': createHash('sha256')
        .update(Buffer.alloc(300 * 1024, 7))
        .digest('base64url'),
      'one.bin': createHash('sha256')
        .update(Buffer.alloc(64 * 1024, 1))
        .digest('base64url'),
      'two.bin': createHash('sha256')
        .update(Buffer.alloc(128 * 1024, 2))
        .digest('base64url')
    })
    // Three links (out to a file, out to a folder, inside to a file); a pipe and a socket.
    expect(tree.skipped).toEqual({ symlinks: 3, special: 2, vanished: 0 })
    expect(tree.bytes).toBe(13 + 13 + (300 + 64 + 128) * 1024)
  })

  it('never opens the named pipe (it would block) nor what a link points to', async () => {
    const tree = await hashTree(join(root, 'site'), { concurrency: 1 })
    expect([...tree.files.keys()].some((path) => path.startsWith('leak'))).toBe(false)
  })

  it('refuses a folder that is missing, a file given as the folder, and too many files', async () => {
    await expect(hashTree(join(root, 'nope'))).rejects.toThrow(TreeError)
    await expect(hashTree(join(root, 'nope'))).rejects.toThrow(/does not exist/)
    await expect(hashTree(join(root, 'site/index.html'))).rejects.toThrow(/is not a folder/)
    await expect(hashTree(join(root, 'site'), { maxFiles: 5 })).rejects.toThrow(
      /holds more than 5 files/
    )
    await expect(hashTree(join(root, 'site'), { maxFiles: 6 })).resolves.toBeDefined()
  })

  it('stops when the signal aborts, with its reason', async () => {
    const controller = new AbortController()
    const reason = new Error('cancelled')
    controller.abort(reason)
    await expect(hashTree(join(root, 'site'), { signal: controller.signal })).rejects.toBe(reason)
  })
})

const manifestOf = (files: Record<string, string>): Manifest => ({
  createdAt: '2026-12-07T10:00:00.000Z',
  commit: COMMIT,
  files: new Map(Object.entries(files))
})

async function* chunksOf(text: string | Buffer, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text)
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

const header = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'cloudflare-purge-manifest',
    version: 1,
    algorithm: 'sha256',
    createdAt: '2026-12-07T10:00:00.000Z',
    commit: COMMIT,
    files: 1,
    ...extra
  })

describe('the manifest format', () => {
  it('is read back as written, whatever the paths and however the bytes are cut', async () => {
    const segment = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 6 })
      .filter((s) => s !== '.' && s !== '..' && !/[/\\\0]/.test(s))
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'))
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(path, fc.constantFrom(sha('a'), sha('b')), { maxKeys: 30 }),
        fc.integer({ min: 1, max: 50 }),
        async (files, cut) => {
          const manifest = manifestOf(files)
          const text = [...manifestLines(manifest)].join('')
          const read = await readManifest(chunksOf(text, cut))
          expect(read).toEqual({ ...manifest, files: new Map(Object.entries(files)) })
        }
      )
    )
  })

  it('writes sorted lines to a file, its header first', async () => {
    const file = join(root, 'manifest.jsonl')
    await writeManifest(manifestOf({ 'b.html': HASH, 'a.html': HASH }), file)
    const lines = readFileSync(file, 'utf8').split('\n')
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'cloudflare-purge-manifest', files: 2 })
    expect(lines.slice(1)).toEqual([`["a.html","${HASH}"]`, `["b.html","${HASH}"]`, ''])
    // Never over an existing file.
    await expect(writeManifest(manifestOf({}), file)).rejects.toThrow(/EEXIST/)
  })

  const reasonOf = async (text: string | Buffer, limits = MANIFEST_LIMITS) => {
    const read = await readManifest(chunksOf(text, 64), limits)
    return 'reason' in read ? `${read.reason}: ${read.detail}` : 'manifest'
  }

  it.each([
    ['', /^malformed: it is empty/],
    ['not json\n', /^malformed: its first line is not JSON/],
    ['{"format":"other"}\n', /^malformed: .*does not name the format/],
    [`${header({ version: 0 })}\n`, /^old-format: it is version "0"/],
    [`${header({ version: 2 })}\n`, /^old-format/],
    [`${header({ algorithm: 'md5' })}\n`, /^old-format/],
    [`${header({ createdAt: 'yesterday' })}\n`, /^malformed: its createdAt/],
    [`${header({ commit: 'HEAD' })}\n`, /^malformed: its commit/],
    [`${header({ files: -1 })}\n`, /^malformed: its count/],
    [`${header({ files: 1e9 })}\n`, /^too-large: it lists 1,000,000,000 files/],
    [`${header()}\n["a.html"]\n`, /^malformed: line 2 is not a \[path, hash\] pair/],
    [`${header()}\n["a.html","short"]\n`, /^malformed: line 2 is not a path and a SHA-256/],
    [`${header()}\n["../etc/passwd","${HASH}"]\n`, /^malformed: .*"\.\." folder name/],
    [`${header()}\n["/etc/passwd","${HASH}"]\n`, /^malformed: .*is absolute/],
    [`${header()}\n["a\\\\b","${HASH}"]\n`, /^malformed: .*backslash/],
    [`${header()}\n["a\\ud800","${HASH}"]\n`, /^malformed: .*lone surrogate/],
    [`${header({ files: 2 })}\n["a","${HASH}"]\n["a","${HASH}"]\n`, /second time/],
    [`${header({ files: 2 })}\n["b","${HASH}"]\n["a","${HASH}"]\n`, /"a" out of order/],
    [`${header()}\n["a","${HASH}"]\n["b","${HASH}"]\n`, /more files than the 1/],
    [`${header({ files: 2 })}\n["a","${HASH}"]\n`, /lists 1 files where .* says 2 \(cut short\)/],
    [`${header()}\n["a","${HASH}"]`, /^malformed: its last line is cut short/],
    [`${header()}\n${'x'.repeat(40_000)}`, /^malformed: it has a line longer than any path/]
  ])('refuses a manifest with its reason: %#', async (text, reason) => {
    expect(await reasonOf(text)).toMatch(reason)
  })

  it('stops reading past the byte bound', async () => {
    const text = `${header({ files: 3 })}\n${['a', 'b', 'c'].map((p) => `["${p}","${HASH}"]\n`).join('')}`
    expect(await reasonOf(text, { ...MANIFEST_LIMITS, maxManifestBytes: 100 })).toMatch(
      /^too-large: it is larger than/
    )
    expect(await reasonOf(text, { ...MANIFEST_LIMITS, maxEntries: 2 })).toMatch(/^too-large/)
    expect(await reasonOf(text)).toBe('manifest')
  })
})

describe('compareManifests', () => {
  it('sorts each path into changed, added, removed or unchanged, as a plain model does', () => {
    const files = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f/g', 'f/h'),
      fc.constantFrom(sha('1'), sha('2'))
    )
    fc.assert(
      fc.property(files, files, (before, after) => {
        const diff = compareManifests(
          new Map(Object.entries(before)),
          new Map(Object.entries(after))
        )
        const all = new Set([...Object.keys(before), ...Object.keys(after)])
        for (const path of all) {
          const expected = !(path in before)
            ? 'added'
            : !(path in after)
              ? 'removed'
              : before[path] === after[path]
                ? 'unchanged'
                : 'changed'
          expect([path, diff[expected].includes(path)]).toEqual([path, true])
        }
        const total =
          diff.added.length + diff.removed.length + diff.changed.length + diff.unchanged.length
        expect(total).toBe(all.size)
      })
    )
  })

  it('compares as the earlier manifest streams in, exactly as compareManifests, or says why not', async () => {
    const files = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f/g', 'f/h', 'é', '😀'),
      fc.constantFrom(sha('1'), sha('2'))
    )
    await fc.assert(
      fc.asyncProperty(files, files, async (before, after) => {
        const previous = manifestOf(before)
        const current = new Map(Object.entries(after))
        const streamed = await compareWithManifest(current)(
          chunksOf([...manifestLines(previous)].join(''), 5),
          MANIFEST_LIMITS
        )
        const sort = (d: Record<string, string[]>) =>
          Object.fromEntries(Object.entries(d).map(([k, v]) => [k, [...v].sort()]))
        expect('diff' in streamed && sort({ ...streamed.diff })).toEqual(
          sort({ ...compareManifests(previous.files, current) })
        )
      })
    )
    const broken = await compareWithManifest(new Map())(chunksOf(`${header()}\n`), MANIFEST_LIMITS)
    expect(broken).toMatchObject({
      reason: 'malformed',
      detail: expect.stringMatching(/cut short/)
    })
  })

  it('gives the compare API shape under site_dir: a renamed bundle is removed and added', () => {
    const diff = compareManifests(
      new Map([
        ['index.html', sha('1')],
        ['app.1234.js', sha('js')]
      ]),
      new Map([
        ['index.html', sha('2')],
        ['app.5678.js', sha('js')]
      ])
    )
    expect(diffAsChangedFiles(diff, 'public')).toEqual([
      { path: 'public/index.html', status: 'modified' },
      { path: 'public/app.5678.js', status: 'added' },
      { path: 'public/app.1234.js', status: 'removed' }
    ])
    expect(diffAsChangedFiles(diff, '')[0]).toEqual({ path: 'index.html', status: 'modified' })
  })
})
