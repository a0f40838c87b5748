/**
 * DomainError.details survive the import service and the worker boundary (issue 11 §3): a worker's refusal
 * with details reaches the import's outcome whole.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { createWorkerImporter } from '../../src/main/import/worker-client'
import { createImportService } from '../../src/main/import/service'
import { inlineParser } from '../../src/main/import/parser'
import { createRepos } from '../../src/main/db/repos'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { DomainError, ImporterUnavailableError } from '../../src/main/errors'
import { createTestWorkspace } from '../helpers/workspace'
import { ROOT } from '../helpers/paths'
import { TEST_NOW, testClock } from '../helpers/clock'

const FAKE = join(ROOT, 'tests/helpers/crashing-import-worker.mjs')
const details = { file: 'refuse.yaml', place: 'run.uuid', reason: 'held by a test' }
const client = createWorkerImporter(FAKE, { dbPath: '', actor: 't', allowedSignersPath: '' })
afterAll(() => client.close())
const file = (name: string) => ({ name, bytes: new TextEncoder().encode(name) })

/** the import service on a connection of its own to the workspace file, as the import worker has */
const importerOn = (db: Db, runOne: NonNullable<Parameters<typeof createImportService>[0]['runOne']>) =>
  createImportService({
    db,
    ...createRepos(db, testClock),
    parse: inlineParser,
    actor: 't',
    clock: testClock,
    trustedSigners: () => [],
    runOne
  })

describe('error details across the worker boundary', () => {
  it('the worker client rejects with the DomainError the worker refused with, details and all', async () => {
    const e = await client.importOne('x', file('refuse.yaml'), TEST_NOW).then(
      () => null,
      (x: unknown) => x
    )
    expect(e).toBeInstanceOf(DomainError)
    expect(e).toMatchObject({ code: 'CONFLICT', message: 'refuse.yaml is held', details })
  })

  it('the import service keeps them in the file’s outcome', async () => {
    const ws = createTestWorkspace()
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const db = openDatabase(ws.dbPath)
    try {
      const importer = importerOn(db, (caseId, f) => client.importOne(caseId, f, TEST_NOW))
      const outcomes = await importer.importMany('c', [file('a.yaml'), file('refuse.yaml')])
      expect(outcomes[1]).toEqual({
        file: 'refuse.yaml',
        ok: false,
        error: { code: 'CONFLICT', message: 'refuse.yaml is held', details }
      })
    } finally {
      db.close()
      ws.close()
    }
  })

  it('a failure of the importer itself is no file’s refusal: the batch fails with it, no file is blamed', async () => {
    const ws = createTestWorkspace()
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const db = openDatabase(ws.dbPath)
    const tried: string[] = []
    try {
      // what the worker client says when its worker could not open the workspace file
      const importer = importerOn(db, (_caseId, f) => {
        tried.push(f.name)
        return Promise.reject(new ImporterUnavailableError('file is not a database'))
      })
      await expect(importer.importMany('c', [file('a.yaml'), file('b.yaml')])).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringMatching(/could not open the workspace file/)
      })
      expect(tried).toEqual(['a.yaml'])
    } finally {
      db.close()
      ws.close()
    }
  })
})
