/**
 * The scheme files the app ships (resources/schemes) and a hash of them, against the hash a workspace stored
 * when it last seeded them (builtin-schemes.ts). Cheap: the files are not parsed, only run through CRC-32
 * (zlib's, native) with their names and sizes. That detects a changed file; the files are the app's own, so
 * nothing here needs a cryptographic hash, and loading node:crypto would cost every start more than this.
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
  const { crc32 } = process.getBuiltinModule('node:zlib')
  let crc = crc32(`seeding ${SEEDING_VERSION}\n`)
  for (const f of files) {
    const bytes = readFileSync(join(dir, f))
    crc = crc32(bytes, crc32(`${f}\u0000${bytes.length}\u0000`, crc))
  }
  const hash = `crc32:${(crc >>> 0).toString(16).padStart(8, '0')}:${files.length}`
  return { dir, schemeFiles: files.filter((f) => !f.endsWith('.rules.yaml')), hash }
}

/** the hash of the scheme files the workspace last seeded, or null */
export function storedSchemesHash(db: Db): string | null {
  return createBuiltinResourcesRepo(db).storedHash('schemes')
}
