/**
 * The scheme files the app ships (resources/schemes) and a hash of them, against the hash a workspace stored
 * when it last seeded them (builtin-schemes.ts). Cheap: the files are not parsed, only run through CRC-32
 * with their names and sizes. That detects a changed file; the files are the app's own, so nothing here
 * needs a cryptographic hash. The CRC-32 is zlib's, computed here (crc32 below): loading node:zlib (and the
 * streams it brings) would cost every start more than the sum itself, as would node:crypto.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from './db/connection'
import { createBuiltinResourcesRepo } from './db/builtin-resources.repo'

/** Bump when seeding itself changes, so that every workspace seeds again once. */
const SEEDING_VERSION = 1

export interface ShippedSchemes {
  readonly dir: string
  /** scope files and interop guidelines, sorted */
  readonly schemeFiles: readonly string[]
  /** over every seeded file and every rule file: names and contents */
  readonly hash: string
}

export function shippedSchemes(resourcesDir: string): ShippedSchemes {
  const dir = join(resourcesDir, 'schemes')
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
  let crc = crc32(`seeding ${SEEDING_VERSION}\n`)
  for (const f of files) {
    const bytes = readFileSync(join(dir, f))
    crc = crc32(bytes, crc32(`${f}\u0000${bytes.length}\u0000`, crc))
  }
  const hash = `crc32:${(crc >>> 0).toString(16).padStart(8, '0')}:${files.length}`
  return { dir, schemeFiles: files.filter((f) => !f.endsWith('.rules.yaml')), hash }
}

/** CRC-32 tables for four bytes at a time (slicing by 4): the first is the classic byte table */
let tables: readonly Int32Array[] | null = null
function crcTables(): readonly Int32Array[] {
  const t = Array.from({ length: 4 }, () => new Int32Array(256))
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[0]![n] = c
  }
  for (let n = 0; n < 256; n++)
    for (let k = 1; k < 4; k++) t[k]![n] = (t[k - 1]![n]! >>> 8) ^ t[0]![t[k - 1]![n]! & 0xff]!
  return t
}

/** zlib's crc32(data, value): the same results (tests/unit/main/shipped-schemes.test.ts holds it to that) */
export function crc32(data: string | Uint8Array, value = 0): number {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data
  const [t0, t1, t2, t3] = (tables ??= crcTables()) as [Int32Array, Int32Array, Int32Array, Int32Array]
  let c = ~value
  let i = 0
  for (const end = bytes.length - 3; i < end; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)
    c = t3[c & 0xff]! ^ t2[(c >>> 8) & 0xff]! ^ t1[(c >>> 16) & 0xff]! ^ t0[c >>> 24]!
  }
  for (; i < bytes.length; i++) c = t0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

/** the hash of the scheme files the workspace last seeded, or null */
export function storedSchemesHash(db: Db): string | null {
  return createBuiltinResourcesRepo(db).storedHash('schemes')
}
