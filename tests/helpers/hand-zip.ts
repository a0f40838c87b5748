/**
 * ZIPs built by hand for the hostile-input tests: local headers, central directory and end record written
 * here, so that a test can make the central directory say what it wants (a declared size that lies, a
 * name that escapes, a member that is not deflated at all). The project's ZIP writer only stores honestly.
 */
import { crc32, deflateRawSync } from 'node:zlib'

export interface HandZipEntry {
  readonly name: string
  /** the member's bytes as stored in the archive: already deflated when `method` is 8 */
  readonly data: Buffer
  /** 8 (deflate, the default) or 0 (stored) */
  readonly method?: 0 | 8
  /** the inflated size the headers declare */
  readonly declared: number
  readonly crc?: number
}

/** The local header of `e` (30 bytes; its name follows it). */
function localHeader(e: HandZipEntry, name: Buffer): Buffer {
  const h = Buffer.alloc(30)
  h.writeUInt32LE(0x04034b50, 0)
  h.writeUInt16LE(20, 4)
  h.writeUInt16LE(e.method ?? 8, 8)
  h.writeUInt32LE(e.crc ?? 0, 14)
  h.writeUInt32LE(e.data.length, 18)
  h.writeUInt32LE(e.declared, 22)
  h.writeUInt16LE(name.length, 26)
  return h
}

/** The central directory entry of `e` (46 bytes; its name follows it), whose local header is at `offset`. */
function centralEntry(e: HandZipEntry, name: Buffer, offset: number): Buffer {
  const c = Buffer.alloc(46)
  c.writeUInt32LE(0x02014b50, 0)
  c.writeUInt16LE(20, 4)
  c.writeUInt16LE(20, 6)
  c.writeUInt16LE(e.method ?? 8, 10)
  c.writeUInt32LE(e.data.length, 20)
  c.writeUInt32LE(e.declared, 24)
  c.writeUInt16LE(name.length, 28)
  c.writeUInt32LE(offset, 42)
  return c
}

/** The end record: `count` entries, a central directory of `size` bytes at `offset`. */
function endRecord(count: number, size: number, offset: number): Buffer {
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(count, 8)
  end.writeUInt16LE(count, 10)
  end.writeUInt32LE(size, 12)
  end.writeUInt32LE(offset, 16)
  return end
}

/** A ZIP of `entries`, each stored as given, with the sizes it declares. */
export function handZip(entries: readonly HandZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name)
    locals.push(localHeader(e, name), name, e.data)
    central.push(centralEntry(e, name, offset), name)
    offset += 30 + name.length + e.data.length
  }
  const cd = Buffer.concat(central)
  return Buffer.concat([...locals, cd, endRecord(entries.length, cd.length, offset)])
}

/** A ZIP of `entries`, each deflated here, declaring its true size unless `declared` says otherwise. */
export function deflatedZip(
  entries: readonly { name: string; content: Buffer; declared?: number }[]
): Buffer {
  return handZip(
    entries.map((e) => ({
      name: e.name,
      data: deflateRawSync(e.content),
      declared: e.declared ?? e.content.length
    }))
  )
}

/**
 * A zip bomb added to a real ZIP: one more member, `memberName`, deflated, that declares 1,000 bytes and
 * inflates to 50 MiB.
 */
export function withZipBomb(z: Buffer, memberName = 'files/bomb'): Buffer {
  const zero = Buffer.alloc(1000)
  const bomb: HandZipEntry = {
    name: memberName,
    data: deflateRawSync(Buffer.alloc(50 * 1024 * 1024)),
    declared: zero.length,
    crc: crc32(zero)
  }
  const name = Buffer.from(memberName)
  const eocd = z.length - 22
  const cdOffset = z.readUInt32LE(eocd + 16)
  const count = z.readUInt16LE(eocd + 10)
  const oldCd = z.subarray(cdOffset, eocd)
  const cd = Buffer.concat([oldCd, centralEntry(bomb, name, cdOffset), name])
  const local = Buffer.concat([localHeader(bomb, name), name, bomb.data])
  return Buffer.concat([
    z.subarray(0, cdOffset),
    local,
    cd,
    endRecord(count + 1, cd.length, cdOffset + local.length)
  ])
}
