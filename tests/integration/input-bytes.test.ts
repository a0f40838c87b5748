/**
 * The bytes of imported files, which a case bundle carries to the other machine (v100): kept deflated, given
 * back as the file's own, and checked against the SHA-256 recorded at the import before a bundle carries
 * them. The insider of the threat model edits the kept bytes in the workspace file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { deflateRawSync } from 'node:zlib'
import { createTestWorkspace } from '../helpers/workspace'
import { generateReport } from '../helpers/generate-report'
import { testKeyActor } from '../helpers/identity'
import { exportCaseBundle } from '../../src/main/bundle/export'
import { readBundle } from '../../src/main/bundle/case-bundle'
import type { OpenedKey } from '../../src/main/identity/openssh-key'
import type { Workspace } from '../../src/main/workspace'

const report = new TextEncoder().encode(generateReport({ count: 2000 }).text)

let ws: Workspace
let key: OpenedKey
/** the insider's own connection to the workspace file */
let file: Database.Database

beforeEach(async () => {
  ws = createTestWorkspace()
  key = testKeyActor(ws, 'Ann').key
  ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await ws.importOne('c', { name: 'report.yaml', bytes: report })
  file = new Database(ws.dbPath)
})
afterEach(() => {
  file.close()
  ws.close()
})

const kept = (): { bytes: Buffer; encoding: string } =>
  file.prepare<[], { bytes: Buffer; encoding: string }>('SELECT bytes, encoding FROM input_files').get()!
const keep = (bytes: Uint8Array, encoding: string): void =>
  void file.prepare('UPDATE input_files SET bytes = ?, encoding = ?').run(bytes, encoding)
const bundledBytes = async (): Promise<Buffer> => {
  const bundle = await readBundle('c.awcase', exportCaseBundle(ws, 'c', key).bytes)
  return Buffer.from(bundle.files[0]!.bytes)
}

describe('the kept bytes of an imported file', () => {
  it('are deflated in the workspace file, and a bundle carries the very bytes imported', async () => {
    const row = kept()
    expect(row.encoding).toBe('deflate-raw')
    expect(row.bytes.length).toBeLessThan(report.length / 4)
    expect((await bundledBytes()).equals(Buffer.from(report))).toBe(true)
  })

  // each edit leaves the hash recorded at the import as it was: the bundle must not carry another file
  const otherReport = (): Uint8Array => {
    const other = Buffer.from(report)
    const at = other.indexOf('subject: ') + 'subject: '.length
    other[at] = other[at]! ^ 0x01 // one letter of the subject
    return other
  }
  it.each([
    [
      'another file of the same size, deflated',
      () => keep(deflateRawSync(otherReport()), 'deflate-raw'),
      /kept bytes of report\.yaml do not match the SHA-256 recorded at its import/
    ],
    [
      'another file of the same size, as it is',
      () => keep(otherReport(), 'identity'),
      /kept bytes of report\.yaml do not match the SHA-256 recorded at its import/
    ],
    [
      'the deflated bytes marked as kept as they are',
      () => keep(kept().bytes, 'identity'),
      /kept bytes of report\.yaml do not match the SHA-256/
    ],
    [
      'a deflate bomb: 64 MiB of zeros in the place of the file',
      () => keep(deflateRawSync(Buffer.alloc(64 << 20)), 'deflate-raw'),
      /kept bytes of report\.yaml do not inflate to the file imported/
    ],
    [
      'bytes that are not DEFLATE at all',
      () => keep(Buffer.from('not deflate'), 'deflate-raw'),
      /kept bytes of report\.yaml do not inflate to the file imported/
    ]
  ])('an insider who puts %s is refused at the export, naming the file', (_, edit, refusal) => {
    edit()
    expect(() => exportCaseBundle(ws, 'c', key)).toThrow(refusal)
    expect(() => exportCaseBundle(ws, 'c', key)).toThrow(/changed outside the app/)
  })
})
