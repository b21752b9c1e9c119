/**
 * The one file of a downloaded artifact's zip, inflated as a stream under a byte bound. An
 * artifact's zip is outside bytes: the central directory is read first and every field checked
 * (one entry, the expected name, no encryption, no ZIP64, stored or deflated, sizes within the
 * bounds and a believable compression ratio) before a byte is inflated; while inflating, the
 * count of bytes is bounded again (the sizes a zip declares may lie), and the CRC-32 checked.
 */
import { createInflateRaw } from 'node:zlib'
import * as zlib from 'node:zlib'
import { count, quote } from '../text.js'
import type { ManifestLimits, NoManifest } from './build-manifest.js'

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const EOCD_SIZE = 22
const MAX_COMMENT = 0xffff
/** A directory entry or two may sit beside the file (some zip writers add them); no more. */
const MAX_ENTRIES = 4

interface Entry {
  name: string
  flags: number
  method: number
  crc: number
  compressed: number
  size: number
  offset: number
}

const malformed = (detail: string): NoManifest => ({ reason: 'malformed', detail })

/** The End Of Central Directory record's offset, searched back over a comment's length. */
const findEnd = (zip: Buffer): number => {
  for (
    let at = zip.length - EOCD_SIZE;
    at >= Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT);
    at--
  )
    if (zip.readUInt32LE(at) === EOCD) return at
  return -1
}

/** The central directory's entries, or why the zip is not one this reader trusts. */
const readDirectory = (zip: Buffer): Entry[] | NoManifest => {
  const end = findEnd(zip)
  if (end < 0) return malformed('it is not a zip file (or is cut short)')
  const entries = zip.readUInt16LE(end + 10)
  const size = zip.readUInt32LE(end + 12)
  const start = zip.readUInt32LE(end + 16)
  if (entries === 0xffff || size === 0xffffffff || start === 0xffffffff)
    return { reason: 'too-large', detail: 'it is a ZIP64 archive, which no manifest needs' }
  if (entries === 0) return malformed('its zip is empty')
  if (entries > MAX_ENTRIES)
    return malformed(`its zip holds ${count(entries)} entries, not one manifest`)
  if (start + size > end) return malformed('its zip directory lies outside the file')
  const list: Entry[] = []
  for (let at = start, i = 0; i < entries; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL)
      return malformed('its zip directory is broken')
    const nameLength = zip.readUInt16LE(at + 28)
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
    if (next > end) return malformed('its zip directory is broken')
    list.push({
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength)
    })
    at = next
  }
  return list
}

/** The entry named `name` (a leading `/` allowed), alone beside folders, checked against the bounds. */
const pickEntry = (entries: Entry[], name: string, limits: ManifestLimits): Entry | NoManifest => {
  const files = entries.filter((entry) => !entry.name.endsWith('/'))
  const entry = files.find((e) => e.name === name || e.name === `/${name}`)
  if (files.length !== 1 || entry === undefined)
    return malformed(
      `its zip holds ${files.map((e) => quote(e.name, 80)).join(', ') || 'no file'}, not ${quote(name)} alone`
    )
  if ((entry.flags & 1) !== 0) return malformed('its zip entry is encrypted')
  if (entry.method !== 0 && entry.method !== 8)
    return malformed(`its zip entry is compressed with method ${entry.method}, not deflate`)
  if (entry.size > limits.maxManifestBytes)
    return {
      reason: 'too-large',
      detail: `its manifest says it inflates to ${count(entry.size)} bytes, more than the ${count(limits.maxManifestBytes)} read`
    }
  if (entry.size > Math.max(entry.compressed, 1) * limits.maxRatio)
    return {
      reason: 'too-large',
      detail: `its manifest says it inflates ${Math.round(entry.size / Math.max(entry.compressed, 1))} times over, as a zip bomb does (a manifest is near 3)`
    }
  if (entry.method === 0 && entry.size !== entry.compressed)
    return malformed('its stored zip entry has two sizes')
  return entry
}

/** The entry's compressed bytes, found through its local header. */
const dataOf = (zip: Buffer, entry: Entry): Buffer | NoManifest => {
  const at = entry.offset
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL)
    return malformed('its zip entry is broken')
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28)
  if (zip.toString('utf8', at + 30, at + 30 + zip.readUInt16LE(at + 26)) !== entry.name)
    return malformed('its zip entry has two names')
  if (start + entry.compressed > zip.length) return malformed('its zip entry is cut short')
  return zip.subarray(start, start + entry.compressed)
}

/** Thrown inside the inflating stream, turned into a NoManifest by zipEntry's reader. */
export class ZipFault extends Error {
  constructor(readonly fault: NoManifest) {
    super(fault.detail)
    this.name = 'ZipFault'
  }
}

/** Inflates `data`, yielding at most `entry.size` bytes, then checks the CRC-32 (Node >= 20.15). */
async function* inflate(data: Buffer, entry: Entry): AsyncGenerator<Uint8Array> {
  const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32
  let crc = 0
  let size = 0
  const check = (chunk: Uint8Array) => {
    size += chunk.byteLength
    if (size > entry.size)
      throw new ZipFault(malformed('its zip entry inflates past the size it declares'))
    if (crc32 !== undefined) crc = crc32(chunk, crc)
  }
  if (entry.method === 0) {
    check(data)
    yield data
  } else {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 })
    inflater.end(data)
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        check(chunk)
        yield chunk
      }
    } catch (error) {
      if (error instanceof ZipFault) throw error
      throw new ZipFault(malformed(`its zip entry does not inflate (${(error as Error).message})`))
    } finally {
      inflater.destroy()
    }
  }
  if (size !== entry.size)
    throw new ZipFault(malformed('its zip entry inflates short of the size it declares'))
  if (crc32 !== undefined && crc >>> 0 !== entry.crc >>> 0)
    throw new ZipFault(malformed('its zip entry fails its CRC-32 check'))
}

/**
 * The inflated bytes of the zip's one file `name`, as a stream that throws a ZipFault when the
 * bytes turn out other than declared; or, before any inflating, why the zip is refused.
 */
export const zipEntry = (
  zip: Buffer,
  name: string,
  limits: ManifestLimits
): AsyncGenerator<Uint8Array> | NoManifest => {
  if (zip.length > limits.maxZipBytes)
    return {
      reason: 'too-large',
      detail: `its zip is larger than ${count(limits.maxZipBytes)} bytes`
    }
  const entries = readDirectory(zip)
  if ('reason' in entries) return entries
  const entry = pickEntry(entries, name, limits)
  if ('reason' in entry) return entry
  const data = dataOf(zip, entry)
  if ('reason' in data) return data
  return inflate(data, entry)
}
