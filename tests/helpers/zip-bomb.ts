/**
 * A zip bomb added to a real ZIP: one more member, deflated, that declares 1,000 bytes and inflates to 50 MiB.
 * The ZIP is rebuilt by hand (local header, central directory entry, end record), because the project's ZIP
 * writer only stores.
 */
import { crc32, deflateRawSync } from 'node:zlib'

export function withZipBomb(z: Buffer, memberName = 'files/bomb'): Buffer {
  const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024))
  const name = Buffer.from(memberName)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(crc32(Buffer.alloc(1000)), 14)
  local.writeUInt32LE(bomb.length, 18)
  local.writeUInt32LE(1000, 22)
  local.writeUInt16LE(name.length, 26)
  const eocd = z.length - 22
  const cdOffset = z.readUInt32LE(eocd + 16)
  const count = z.readUInt16LE(eocd + 10)
  const cd = Buffer.alloc(46)
  cd.writeUInt32LE(0x02014b50, 0)
  cd.writeUInt16LE(8, 10)
  cd.writeUInt32LE(bomb.length, 20)
  cd.writeUInt32LE(1000, 24)
  cd.writeUInt16LE(name.length, 28)
  cd.writeUInt32LE(cdOffset, 42)
  const oldCd = z.subarray(cdOffset, eocd)
  const end = Buffer.from(z.subarray(eocd))
  end.writeUInt16LE(count + 1, 8)
  end.writeUInt16LE(count + 1, 10)
  end.writeUInt32LE(oldCd.length + cd.length + name.length, 12)
  end.writeUInt32LE(cdOffset + local.length + name.length + bomb.length, 16)
  return Buffer.concat([z.subarray(0, cdOffset), local, name, bomb, oldCd, cd, name, end])
}
