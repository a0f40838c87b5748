/**
 * Reads a ZIP's central directory (without inflating anything) to refuse zip bombs and path tricks
 * before a spreadsheet library touches the file.
 */
import { InputError } from '../../shared/format/input-error'

export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
export const MAX_ZIP_ENTRIES = 10_000
export const MAX_RATIO = 200

export const isZip = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

export function checkZip(file: string, bytes: Uint8Array): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0)
    throw new InputError(
      file,
      '(whole file)',
      'the ZIP container is truncated or damaged (no central directory)'
    )
  const entries = buf.readUInt16LE(eocd + 10)
  const cdOffset = buf.readUInt32LE(eocd + 16)
  if (entries > MAX_ZIP_ENTRIES)
    throw new InputError(
      file,
      '(whole file)',
      `the archive has ${entries} entries; the limit is ${MAX_ZIP_ENTRIES}`
    )
  let p = cdOffset
  let total = 0
  const names: string[] = []
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new InputError(file, `zip entry ${n + 1}`, 'the ZIP central directory is damaged')
    const compressed = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    if (name.includes('..') || name.startsWith('/') || name.includes('\\'))
      throw new InputError(file, `zip entry "${name}"`, 'an entry name points outside the archive')
    if (compressed === 0xffffffff || size === 0xffffffff)
      throw new InputError(file, `zip entry "${name}"`, 'ZIP64 entries are not accepted in a questionnaire')
    total += size
    if (total > MAX_UNZIPPED_BYTES)
      throw new InputError(
        file,
        `zip entry "${name}"`,
        `the archive unpacks to more than ${MAX_UNZIPPED_BYTES} bytes (zip bomb?)`
      )
    if (size > 1_000_000 && compressed > 0 && size / compressed > MAX_RATIO)
      throw new InputError(
        file,
        `zip entry "${name}"`,
        `entry compresses ${Math.round(size / compressed)}:1 (zip bomb?)`
      )
    names.push(name)
    p += 46 + nameLen + extraLen + commentLen
  }
  return names
}
