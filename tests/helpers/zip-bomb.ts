/**
 * ZIPs built by hand (local header, central directory entry, end record) for the hostile-input tests: a zip
 * bomb added to a real ZIP (one more member, deflated, that declares 1,000 bytes and inflates to 50 MiB), and
 * a one-entry ZIP. By hand, because the project's ZIP writer only stores.
 */
import { crc32, deflateRawSync } from 'node:zlib'

/** The local header of a deflated member: `stored` bytes in the archive, `size` declared when inflated. */
function localHeader(name: Buffer, stored: number, size: number, crc = 0): Buffer {
  const h = Buffer.alloc(30)
  h.writeUInt32LE(0x04034b50, 0)
  h.writeUInt16LE(8, 8)
  h.writeUInt32LE(crc, 14)
  h.writeUInt32LE(stored, 18)
  h.writeUInt32LE(size, 22)
  h.writeUInt16LE(name.length, 26)
  return h
}

/** The central directory entry of the same member, whose local header is at `offset`. */
function centralEntry(name: Buffer, stored: number, size: number, offset = 0): Buffer {
  const cd = Buffer.alloc(46)
  cd.writeUInt32LE(0x02014b50, 0)
  cd.writeUInt16LE(8, 10)
  cd.writeUInt32LE(stored, 20)
  cd.writeUInt32LE(size, 24)
  cd.writeUInt16LE(name.length, 28)
  cd.writeUInt32LE(offset, 42)
  return cd
}

export function withZipBomb(z: Buffer, memberName = 'files/bomb'): Buffer {
  const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024))
  const name = Buffer.from(memberName)
  const local = localHeader(name, bomb.length, 1000, crc32(Buffer.alloc(1000)))
  const eocd = z.length - 22
  const cdOffset = z.readUInt32LE(eocd + 16)
  const count = z.readUInt16LE(eocd + 10)
  const cd = centralEntry(name, bomb.length, 1000, cdOffset)
  const oldCd = z.subarray(cdOffset, eocd)
  const end = Buffer.from(z.subarray(eocd))
  end.writeUInt16LE(count + 1, 8)
  end.writeUInt16LE(count + 1, 10)
  end.writeUInt32LE(oldCd.length + cd.length + name.length, 12)
  end.writeUInt32LE(cdOffset + local.length + name.length + bomb.length, 16)
  return Buffer.concat([z.subarray(0, cdOffset), local, name, bomb, oldCd, cd, name, end])
}

/** A ZIP of one deflated member `memberName` holding `content` (no CRC: a reader must not get that far). */
export function oneEntryZip(memberName: string, content: Buffer): Buffer {
  const data = deflateRawSync(content)
  const name = Buffer.from(memberName)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(1, 8)
  eocd.writeUInt16LE(1, 10)
  eocd.writeUInt32LE(46 + name.length, 12)
  eocd.writeUInt32LE(30 + name.length + data.length, 16)
  return Buffer.concat([
    localHeader(name, data.length, content.length),
    name,
    data,
    centralEntry(name, data.length, content.length),
    name,
    eocd
  ])
}
