/**
 * The hostile corpus: files an applicant we do not control might send. Each is refused with a typed
 * error naming the file, the place and the reason, and the workspace is exactly as it was before:
 * through the import service inline, and through the real import worker of the built app (which parses and
 * writes on its own connection to the same SQLite file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  createTestWorkspace,
  createWorkerTestWorkspace,
  dumpDb,
  reportYaml,
  sampleReport
} from '../helpers/workspace'
import { FIXTURES, tempDir } from '../helpers/paths'
import { rejection } from '../helpers/errors'
import { deflatedZip } from '../helpers/hand-zip'
import { MAX_FILE_BYTES } from '../../src/main/import/parse'
import type { Workspace } from '../../src/main/workspace'

const H = join(FIXTURES, 'hostile')
const file = (name: string) => (): Uint8Array => readFileSync(join(H, name))

const CORPUS: [name: string, bytes: () => Uint8Array, reason: RegExp][] = [
  ['alias-bomb.yaml', file('alias-bomb.yaml'), /alias|nodes/],
  ['deep-nesting.yaml', file('deep-nesting.yaml'), /nesting/],
  ['js-function.yaml', file('js-function.yaml'), /unknown tag/],
  ['proto-key.yaml', file('proto-key.yaml'), /__proto__/],
  ['constructor-key.yaml', file('constructor-key.yaml'), /not a recognised format/],
  ['duplicate-keys.yaml', file('duplicate-keys.yaml'), /duplicated mapping key/],
  ['entity-bomb.xml', file('entity-bomb.xml'), /DOCTYPE and ENTITY/],
  ['external-entity.xml', file('external-entity.xml'), /DOCTYPE and ENTITY/],
  [
    'nested-tags.xml',
    () =>
      Buffer.from(
        '<testsuites>' + '<testsuite>'.repeat(20_000) + '</testsuite>'.repeat(20_000) + '</testsuites>'
      ),
    /nest|depth|deep/i
  ],
  ['invalid-utf8.yaml', file('invalid-utf8.yaml'), /not valid UTF-8/],
  ['bom.yaml', file('bom.yaml'), /byte-order mark/],
  ['truncated-report.yaml', file('truncated-report.yaml'), /./],
  ['empty.yaml', file('empty.yaml'), /empty/],
  ['wrong-format-version.yaml', file('wrong-format-version.yaml'), /format version 2 is newer/],
  ['unknown-testcases-report.yaml', file('unknown-testcases-report.yaml'), /none of the 3 testcase ids fits/],
  [
    'zip-bomb.xlsx',
    () =>
      deflatedZip([
        { name: 'xl/workbook.xml', content: Buffer.alloc(1_000_000), declared: 300 * 1024 * 1024 }
      ]),
    /zip bomb/
  ],
  [
    'zip-slip.xlsx',
    () => deflatedZip([{ name: '../evil.sh', content: Buffer.from('rm -rf /') }]),
    /outside the archive/
  ],
  [
    'not-a-workbook.xlsx',
    () => deflatedZip([{ name: 'hello.txt', content: Buffer.from('hello') }]),
    /not an XLSX workbook/
  ]
]

let ws: Workspace
/** the same kind of workspace as the app's: imports go through the built import worker */
let viaWorker: Workspace
beforeAll(async () => {
  ws = createTestWorkspace()
  ws.createCase({ id: 'h', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await ws.importOne('h', { name: 'good.yaml', bytes: sampleReport() })
  viaWorker = createWorkerTestWorkspace()
  viaWorker.createCase({ id: 'w', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await viaWorker.importOne('w', { name: 'good.yaml', bytes: sampleReport() })
})
afterAll(() => {
  viaWorker.close()
  ws.close()
})

describe('the hostile corpus', () => {
  it.each(CORPUS)(
    '%s is refused with file, place and reason; the workspace is unchanged',
    async (name, bytes, reason) => {
      const before = dumpDb(ws)
      const e = await rejection(ws.importOne('h', { name, bytes: bytes() }))
      expect(e.file).toBe(name)
      expect(e.place.length).toBeGreaterThan(0)
      expect(e.reason).toMatch(reason)
      expect(dumpDb(ws)).toEqual(before)
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    }
  )

  let run = 0
  it.each(CORPUS)(
    '%s through the real import worker: the same typed refusal, the file unchanged, and the worker lives on',
    async (name, bytes, reason) => {
      const before = dumpDb(viaWorker)
      const e = await rejection(viaWorker.importOne('w', { name, bytes: bytes() }))
      expect(e.file).toBe(name)
      expect(e.reason).toMatch(reason)
      expect(dumpDb(viaWorker)).toEqual(before)
      // a new good report (another run) still imports through the same worker
      run += 1
      const good = reportYaml({
        runUuid: `00000000-0000-4000-8000-${String(run).padStart(12, '0')}`,
        results: { 'scs-0100-syntax-check': 1 }
      })
      const ok = await viaWorker.importOne('w', { name: `good-${run}.yaml`, bytes: Buffer.from(good) })
      expect(ok.kind).toBe('scs-report')
      expect(ok.alreadyImported).toBe(false)
    }
  )

  it('an oversize file is refused before anything reads it', async () => {
    const before = dumpDb(ws)
    const path = join(tempDir(), 'huge.yaml')
    writeFileSync(path, Buffer.alloc(MAX_FILE_BYTES + 1, 0x61))
    const e = await rejection(ws.importOne('h', { name: 'huge.yaml', bytes: readFileSync(path) }))
    expect(e.reason).toMatch(/the limit is/)
    expect(dumpDb(ws)).toEqual(before)
  })
})
