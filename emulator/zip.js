// @ts-check
/**
 * A zip as `archiver` (what `@actions/artifact` uploads with) writes one: local headers, the
 * central directory, the end record. For the tests' fake artifact storage and the bench; an entry
 * may be stored or deflated, and may declare another inflated size than its data's (a lie the
 * reader must catch).
 */
import { crc32, deflateRawSync } from 'node:zlib'

/** @typedef {{ name: string, data: Buffer, method?: 'deflate' | 'store', size?: number }} ZipEntrySpec */

/** @param {ZipEntrySpec[]} entries @returns {Buffer} */
export const zip = (entries) => {
  /** @type {Buffer[]} */
  const locals = []
  /** @type {Buffer[]} */
  const centrals = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name)
    const stored = entry.method === 'store'
    const body = stored ? entry.data : deflateRawSync(entry.data)
    const crc = crc32(entry.data)
    const size = entry.size ?? entry.data.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(stored ? 0 : 8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(stored ? 0 : 8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, body)
    centrals.push(central, name)
    offset += local.length + name.length + body.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}
