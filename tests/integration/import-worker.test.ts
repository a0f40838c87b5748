/**
 * The import worker of the built app writes on its own connection to the workspace file while the app's
 * connection goes on deciding: both take turns through IMMEDIATE transactions, nothing is lost, and the audit
 * chain stays one unbroken chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Workspace } from '../../src/main/workspace'
import { createWorkerTestWorkspace } from '../helpers/workspace'
import { actorOf } from '../helpers/identity'
import { RESOURCES, ROOT, tempDir } from '../helpers/paths'
import { TEST_NOW } from '../helpers/clock'
import { acceptInTurn } from '../helpers/decisions'
import { generateReport } from '../helpers/generate-report'
import { createWorkerImporter } from '../../src/main/import/worker-client'
import { InputError } from '../../src/shared/format/input-error'
import { DomainError } from '../../src/main/errors'
import { onFile } from '../helpers/insider'

let ws: Workspace
beforeAll(async () => {
  ws = createWorkerTestWorkspace()
  ws.createCase({ id: 'd', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await ws.importOne('d', {
    name: 'report.yaml',
    bytes: readFileSync(join(RESOURCES, 'demo/scs-report-demo-cloud.yaml'))
  })
})
afterAll(() => ws.close())

describe('the import worker', () => {
  it('writes the file on its own connection, with the time of the main thread’s clock', () => {
    const file = ws.evidence.listFiles('d')[0]!
    expect(file.importedAt).toBe(TEST_NOW)
    const entry = ws.audit.listForCase('d').find((e) => e.action === 'import')!
    expect(entry.at).toBe(TEST_NOW)
    expect(entry.actor).toBe('test-auditor')
  })

  it('keeps the bytes this thread hashed and deflated while the worker was still starting, under their hash', () => {
    // the file above was sent as the worker started: its SHA-256 and kept bytes were made on this thread
    const [kept] = ws.evidence.inputsOfCase('d')
    expect(Buffer.from(kept!.bytes!)).toEqual(
      readFileSync(join(RESOURCES, 'demo/scs-report-demo-cloud.yaml'))
    )
    expect(kept!.sha256).toBe(ws.evidence.listFiles('d')[0]!.sha256)
  })

  // The worker holds each parsed file until the test lets it write (holdAfterParse): the moment where the
  // app's connection works on while an import is under way is staged exactly, with no sleeps.
  const WORKER = join(ROOT, 'out/main/import-worker.js')
  const heldImporter = (onParsed: () => Promise<void>) =>
    createWorkerImporter(
      WORKER,
      {
        dbPath: ws.dbPath,
        actor: 'test-auditor',
        allowedSignersPath: '',
        holdAfterParse: true
      },
      { onParsed }
    )

  it('imports a large report while the main connection records decisions; both are complete, the chain intact', async () => {
    ws.createCase({ id: 'big', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const big = generateReport({ count: 20_000, subject: 'big-cloud' })
    const criteria = ws.caseReview('d').rows.map((r) => r.criterion)
    const decided: string[] = []
    // 40 decisions after the worker has read the file and before it writes it
    const client = heldImporter(async () => {
      for (let i = 0; i < 40; i++) {
        acceptInTurn(ws, 'd', criteria, i, actorOf(ws, 'A. Auditor'))
        decided.push(`checked ${i}`)
      }
    })
    try {
      const receipt = await client.importOne(
        'big',
        { name: 'big.yaml', bytes: new TextEncoder().encode(big.text) },
        TEST_NOW
      )
      expect(receipt.counts.accepted + receipt.counts.unknown).toBeGreaterThan(0)
    } finally {
      await client.close()
    }
    expect(decided).toHaveLength(40)
    expect(
      onFile(ws, (db) =>
        db
          .prepare(
            'SELECT count(*) AS n FROM testcase_results t JOIN reports r ON r.id = t.report_id WHERE r.case_id = ?'
          )
          .get('big')
      )
    ).toEqual({ n: 20_000 })
    const comments = onFile(ws, (db) =>
      db
        .prepare<[string], { comment: string }>('SELECT comment FROM decisions WHERE case_id = ? ORDER BY id')
        .all('d')
        .map((d) => d.comment)
    )
    expect(comments).toEqual(decided)
    const chain = ws.audit.check()
    expect(chain.broken).toBeNull()
    // one import entry for the big file, written after the decisions that were made while it was read
    const imports = ws.audit.listForCase('big').filter((e) => e.action === 'import')
    expect(imports).toHaveLength(1)
    const lastDecision = Math.max(...ws.audit.listForCase('d').map((e) => e.seq))
    expect(imports[0]!.seq).toBeGreaterThan(lastDecision)
  })

  it('refuses a file whose case was accepted while the worker read it, and stores nothing of it', async () => {
    ws.createCase({ id: 'late', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const big = generateReport({
      count: 5_000,
      subject: 'late-cloud',
      runUuid: '00000000-0000-4000-8000-00000000001a'
    })
    const client = heldImporter(async () => {
      ws.review('late', 'submit', actorOf(ws, 'A. Auditor'))
      ws.review('late', 'accept', actorOf(ws, 'B. Reviewer'))
    })
    try {
      const e = await client
        .importOne('late', { name: 'late.yaml', bytes: new TextEncoder().encode(big.text) }, TEST_NOW)
        .then(
          () => null,
          (x: unknown) => x
        )
      expect(e).toBeInstanceOf(DomainError)
      expect(String((e as Error).message)).toMatch(
        /Case late became accepted while late\.yaml was being read/
      )
    } finally {
      await client.close()
    }
    expect(ws.evidence.listFiles('late')).toEqual([])
  })
})

describe('the worker client', () => {
  const FAKE = join(ROOT, 'tests/helpers/crashing-import-worker.mjs')
  const file = (name: string) => ({ name, bytes: new TextEncoder().encode(name) })
  const outcome = (p: Promise<unknown>) =>
    p.then(
      (r) => ({ ok: (r as { file: string }).file }),
      (e: unknown) => ({ error: e instanceof InputError ? `${e.file}: ${e.reason}` : String(e) })
    )

  it.each(['die.yaml', 'throw.yaml'])(
    'when %s kills the worker, only that file is refused; the files queued behind it are imported by a new worker',
    async (killer) => {
      const client = createWorkerImporter(FAKE, { dbPath: '', actor: 't', allowedSignersPath: '' })
      try {
        const results = await Promise.all(
          ['a.yaml', killer, 'b.yaml', 'c.yaml'].map((n) => outcome(client.importOne('x', file(n), TEST_NOW)))
        )
        expect(results[0]).toEqual({ ok: 'a.yaml' })
        expect(results[1]).toMatchObject({
          error: expect.stringMatching(new RegExp(`^${killer}: the file could not be read safely`))
        })
        expect(results.slice(2)).toEqual([{ ok: 'b.yaml' }, { ok: 'c.yaml' }])
        // and the client goes on working
        expect(await outcome(client.importOne('x', file('d.yaml'), TEST_NOW))).toEqual({ ok: 'd.yaml' })
      } finally {
        await client.close()
      }
    }
  )

  it('once closed, refuses new files and the files still queued; a warm-up no longer starts a worker', async () => {
    const client = createWorkerImporter(FAKE, { dbPath: '', actor: 't', allowedSignersPath: '' })
    const queued = ['a.yaml', 'b.yaml', 'c.yaml'].map((n) =>
      outcome(client.importOne('x', file(n), TEST_NOW))
    )
    await client.close()
    client.warmUp()
    for (const r of await Promise.all(queued)) expect(r).toEqual({ error: expect.stringMatching(/closed/) })
    expect(await outcome(client.importOne('x', file('d.yaml'), TEST_NOW))).toEqual({
      error: expect.stringMatching(/The workspace is closed/)
    })
  })

  it('a worker that cannot open the workspace file fails every file at once with that reason, not the files', async () => {
    const notADatabase = join(tempDir(), 'workspace.sqlite')
    writeFileSync(notADatabase, 'this is not an SQLite file, but long enough to be read as one. '.repeat(20))
    const client = createWorkerImporter(join(ROOT, 'out/main/import-worker.js'), {
      dbPath: notADatabase,
      actor: 't',
      allowedSignersPath: ''
    })
    try {
      const results = await Promise.all(
        ['a.yaml', 'b.yaml'].map((n) => outcome(client.importOne('x', file(n), TEST_NOW)))
      )
      for (const r of results)
        expect(r).toEqual({
          error: expect.stringMatching(
            /^DomainError: The importer could not open the workspace file: .*not a database/
          )
        })
    } finally {
      await client.close()
    }
  })
})
