/**
 * The downloaded artifact's zip: its one manifest inflated under every bound, and each hostile
 * zip (a bomb, honest or lying about its size; another file; several; cut short; encrypted;
 * ZIP64; a failed CRC) refused with its reason word before it can cost memory.
 */
import { describe, expect, it } from '@jest/globals'
import { MANIFEST_LIMITS, readManifest } from '../../src/sources/build-manifest.js'
import { ZipFault, zipEntry } from '../../src/sources/build-zip.js'
import { zip } from '../__fixtures__/fake-artifacts.js'

const NAME = 'build-manifest.jsonl'
const HASH = 'A'.repeat(43)
const MANIFEST = Buffer.from(
  `${JSON.stringify({ format: 'cloudflare-purge-manifest', version: 1, algorithm: 'sha256', createdAt: '2026-12-07T10:00:00.000Z', commit: 'a'.repeat(40), files: 1 })}\n["index.html","${HASH}"]\n`
)

/** The bytes inflated, or the reason word and detail. */
const open = async (bytes: Buffer, limits = MANIFEST_LIMITS): Promise<string> => {
  const entry = zipEntry(bytes, NAME, limits)
  if ('reason' in entry) return `${entry.reason}: ${entry.detail}`
  try {
    const chunks: Buffer[] = []
    for await (const chunk of entry) chunks.push(Buffer.from(chunk))
    return Buffer.concat(chunks).toString()
  } catch (error) {
    if (error instanceof ZipFault) return `${error.fault.reason}: ${error.fault.detail}`
    throw error
  }
}

describe('zipEntry', () => {
  it('inflates the manifest, deflated or stored, named with or without a leading slash', async () => {
    expect(await open(zip([{ name: NAME, data: MANIFEST }]))).toBe(String(MANIFEST))
    expect(await open(zip([{ name: NAME, data: MANIFEST, method: 'store' }]))).toBe(
      String(MANIFEST)
    )
    expect(await open(zip([{ name: `/${NAME}`, data: MANIFEST }]))).toBe(String(MANIFEST))
    // A folder entry beside it is allowed: some zip writers add one.
    expect(
      await open(
        zip([
          { name: 'dir/', data: Buffer.alloc(0), method: 'store' },
          { name: NAME, data: MANIFEST }
        ])
      )
    ).toBe(String(MANIFEST))
  })

  it('feeds readManifest, which reads the manifest out of it', async () => {
    const entry = zipEntry(zip([{ name: NAME, data: MANIFEST }]), NAME, MANIFEST_LIMITS)
    if ('reason' in entry) throw new Error(entry.detail)
    const manifest = await readManifest(entry)
    expect('files' in manifest && [...manifest.files]).toEqual([['index.html', HASH]])
  })

  it('refuses an honest zip bomb before inflating it (its declared ratio)', async () => {
    const bomb = zip([{ name: NAME, data: Buffer.alloc(8 * 1024 * 1024) }])
    expect(bomb.length).toBeLessThan(20_000)
    expect(await open(bomb)).toMatch(/^too-large: its manifest says it inflates \d+ times over/)
  })

  it('stops a lying zip bomb at the size it declared', async () => {
    const liar = zip([{ name: NAME, data: Buffer.alloc(8 * 1024 * 1024), size: 1000 }])
    expect(await open(liar)).toMatch(/^malformed: its zip entry inflates past the size it declares/)
  })

  it('refuses a manifest declared larger than the bound', async () => {
    const limits = { ...MANIFEST_LIMITS, maxManifestBytes: 100 }
    expect(await open(zip([{ name: NAME, data: MANIFEST }]), limits)).toMatch(
      /^too-large: its manifest says it inflates to \d+ bytes/
    )
    expect(
      await open(zip([{ name: NAME, data: MANIFEST }]), { ...limits, maxZipBytes: 10 })
    ).toMatch(/^too-large: its zip is larger than 10 bytes/)
  })

  it.each([
    ['another file', zip([{ name: 'evil.sh', data: MANIFEST }]), /holds "evil.sh", not "build/],
    [
      'the manifest and another file',
      zip([
        { name: NAME, data: MANIFEST },
        { name: 'x', data: MANIFEST }
      ]),
      /holds "build-manifest.jsonl", "x", not/
    ],
    [
      'a file in a folder',
      zip([{ name: `sub/${NAME}`, data: MANIFEST }]),
      /holds "sub\/build-manifest.jsonl"/
    ],
    ['not a zip', Buffer.from('{"hello": 1}'), /is not a zip file/],
    ['an empty file', Buffer.alloc(0), /is not a zip file/],
    ['half a zip', zip([{ name: NAME, data: MANIFEST }]).subarray(0, 60), /is not a zip file/],
    [
      'a zip cut inside its data',
      (() => {
        const whole = zip([{ name: NAME, data: MANIFEST }])
        const end = whole.subarray(whole.length - 22 - 46 - NAME.length)
        return Buffer.concat([whole.subarray(0, 40), end])
      })(),
      /broken|cut short|outside/
    ],
    [
      'a lie about the size, short',
      zip([{ name: NAME, data: MANIFEST, size: MANIFEST.length + 5 }]),
      /inflates short of the size it declares/
    ],
    [
      'a failed CRC',
      (() => {
        const bytes = zip([{ name: NAME, data: MANIFEST, method: 'store' }])
        bytes[30 + NAME.length + 3]! ^= 1
        return bytes
      })(),
      /fails its CRC-32 check/
    ]
  ])('refuses %s as malformed', async (_what, bytes, detail) => {
    const result = await open(bytes)
    expect(result).toMatch(/^malformed: /)
    expect(result).toMatch(detail)
  })

  it('refuses an encrypted entry, another method, and ZIP64', async () => {
    const encrypted = zip([{ name: NAME, data: MANIFEST }])
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    encrypted.writeUInt16LE(1, central + 8)
    expect(await open(encrypted)).toMatch(/^malformed: its zip entry is encrypted/)
    const bzip = zip([{ name: NAME, data: MANIFEST }])
    bzip.writeUInt16LE(12, bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10)
    expect(await open(bzip)).toMatch(/^malformed: .*method 12, not deflate/)
    const zip64 = zip([{ name: NAME, data: MANIFEST }])
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10)
    expect(await open(zip64)).toMatch(/^too-large: it is a ZIP64 archive/)
  })
})
