/**
 * Guards a ZIP (an XLSX questionnaire) before a spreadsheet library touches it: the central directory is
 * read for path tricks and declared sizes, then every entry is inflated once, streaming, and the bytes
 * that actually come out are counted. Nothing inflated is kept. An entry that inflates to more than it
 * declares is refused as soon as it passes its declaration, so a central directory that lies ("1,000
 * bytes" for 1.5 GB) costs one 64 KiB chunk, not the 1.5 GB.
 */
// node:zlib (and the streams it brings) loads with the first ZIP, not with every start of the CLI
const zlib = () => process.getBuiltinModule('node:zlib')
import { InputError } from '../../shared/format/input-error'

export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
export const MAX_ZIP_ENTRIES = 10_000
export const MAX_RATIO = 200
const CHUNK = 64 * 1024

export const isZip = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

/** Inflates `data` streaming and counts the output; stops as soon as it passes `limit`. */
function inflatedSize(data: Uint8Array, limit: number): Promise<{ bytes: number; over: boolean }> {
  return new Promise((resolve, reject) => {
    const inflate = zlib().createInflateRaw({ chunkSize: CHUNK })
    let bytes = 0
    let settled = false
    const settle = (over: boolean): void => {
      if (settled) return
      settled = true
      if (over) inflate.destroy()
      resolve({ bytes, over })
    }
    inflate.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes > limit) settle(true)
    })
    inflate.on('end', () => settle(false))
    inflate.on('error', (error) => {
      if (!settled) {
        settled = true
        reject(error)
      }
    })
    inflate.end(data)
  })
}

interface Entry {
  readonly name: string
  readonly method: number
  readonly flags: number
  readonly compressed: number
  readonly size: number
  readonly localOffset: number
}

function readDirectory(file: string, buf: Buffer): Entry[] {
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
  const count = buf.readUInt16LE(eocd + 10)
  const cdOffset = buf.readUInt32LE(eocd + 16)
  if (count > MAX_ZIP_ENTRIES)
    throw new InputError(
      file,
      '(whole file)',
      `the archive has ${count} entries; the limit is ${MAX_ZIP_ENTRIES}`
    )
  let p = cdOffset
  let declared = 0
  const entries: Entry[] = []
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new InputError(file, `zip entry ${n + 1}`, 'the ZIP central directory is damaged')
    const flags = buf.readUInt16LE(p + 8)
    const method = buf.readUInt16LE(p + 10)
    const compressed = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const localOffset = buf.readUInt32LE(p + 42)
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    if (name.includes('..') || name.startsWith('/') || name.includes('\\'))
      throw new InputError(file, `zip entry "${name}"`, 'an entry name points outside the archive')
    if (compressed === 0xffffffff || size === 0xffffffff)
      throw new InputError(file, `zip entry "${name}"`, 'ZIP64 entries are not accepted in a questionnaire')
    declared += size
    if (declared > MAX_UNZIPPED_BYTES)
      throw new InputError(
        file,
        `zip entry "${name}"`,
        `the archive declares more than ${MAX_UNZIPPED_BYTES} bytes unpacked (zip bomb?)`
      )
    if (size > 1_000_000 && compressed > 0 && size / compressed > MAX_RATIO)
      throw new InputError(
        file,
        `zip entry "${name}"`,
        `entry compresses ${Math.round(size / compressed)}:1 (zip bomb?)`
      )
    entries.push({ name, method, flags, compressed, size, localOffset })
    p += 46 + nameLen + extraLen + commentLen
  }
  return entries
}

/**
 * Checks the archive and returns its entry names. Every entry is inflated (streaming, counted, thrown
 * away): it must give exactly the bytes its directory entry declares, and all of them together at most
 * MAX_UNZIPPED_BYTES.
 */
export async function checkZip(file: string, bytes: Uint8Array): Promise<string[]> {
  return (await checkedEntries(file, bytes)).map((e) => e.name)
}

/**
 * Reads a ZIP under the same guards as checkZip (every entry inflated once, counted, under the cap) and
 * returns its members' bytes by name; a name given twice is refused.
 */
export async function readZip(file: string, bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  for (const e of await checkedEntries(file, bytes)) {
    if (out.has(e.name))
      throw new InputError(file, `zip entry "${e.name}"`, 'the archive holds this name twice')
    // checked: the entry inflates to exactly its declared size, within the cap
    out.set(
      e.name,
      e.method === 0 ? Buffer.from(e.data) : zlib().inflateRawSync(e.data, { maxOutputLength: e.size + 1 })
    )
  }
  return out
}

async function checkedEntries(
  file: string,
  bytes: Uint8Array
): Promise<(Entry & { readonly data: Buffer })[]> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const entries = readDirectory(file, buf)
  const checked: (Entry & { readonly data: Buffer })[] = []
  let total = 0
  for (const e of entries) {
    const place = `zip entry "${e.name}"`
    if (e.flags & 1) throw new InputError(file, place, 'encrypted entries are not accepted')
    const at = e.localOffset
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50)
      throw new InputError(file, place, 'the entry’s local header is missing or damaged')
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28)
    if (start + e.compressed > buf.length)
      throw new InputError(file, place, 'the entry’s data runs past the end of the file')
    const data = buf.subarray(start, start + e.compressed)
    let actual: number
    if (e.method === 0) actual = e.compressed
    else if (e.method === 8) {
      // one byte more than declared is enough to know the declaration is false
      const limit = Math.min(e.size, MAX_UNZIPPED_BYTES - total) + 1
      let r: { bytes: number; over: boolean }
      try {
        r = await inflatedSize(data, limit)
      } catch (error) {
        throw new InputError(file, place, `the entry cannot be inflated (${(error as Error).message})`)
      }
      if (r.over)
        throw new InputError(
          file,
          place,
          total + r.bytes > MAX_UNZIPPED_BYTES
            ? `the archive inflates to more than the cap of ${MAX_UNZIPPED_BYTES} bytes (zip bomb); inflating stopped there`
            : `the entry declares ${e.size} bytes but inflates to more (zip bomb?); inflating stopped after ${r.bytes} bytes`
        )
      actual = r.bytes
    } else
      throw new InputError(
        file,
        place,
        `compression method ${e.method} is not accepted (only stored and deflate)`
      )
    if (actual !== e.size)
      throw new InputError(
        file,
        place,
        `the entry declares ${e.size} bytes but holds ${actual}; the archive is damaged`
      )
    total += actual
    checked.push({ ...e, data })
  }
  return checked
}
