/**
 * The import worker of the built app writes on its own connection to the workspace file while the app's
 * connection goes on deciding: both take turns through IMMEDIATE transactions, nothing is lost, and the audit
 * chain stays one unbroken chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openWorkspace, type Workspace } from '../../src/main/workspace'
import { RESOURCES, ROOT, tempDir } from '../helpers/paths'
import { testClock, TEST_NOW } from '../helpers/clock'
import { generateReport } from '../helpers/generate-report'

let ws: Workspace
beforeAll(async () => {
  ws = openWorkspace({
    dbPath: join(tempDir(), 'workspace.sqlite'),
    resourcesDir: RESOURCES,
    actor: 'test-auditor',
    clock: testClock,
    importWorkerFile: join(ROOT, 'out/main/import-worker.js')
  })
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

  it('imports a large report while the main connection records decisions; both are complete, the chain intact', async () => {
    ws.createCase({ id: 'big', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const big = generateReport({ count: 20_000, subject: 'big-cloud' })
    const importing = ws.importOne('big', { name: 'big.yaml', bytes: new TextEncoder().encode(big.text) })
    const criteria = ws.caseReview('d').rows.map((r) => r.criterion)
    const decided: string[] = []
    // decisions while the worker parses and writes: each waits for the write lock when it must
    for (let i = 0; i < 40; i++) {
      ws.decide({
        caseId: 'd',
        criterion: criteria[i % criteria.length]!,
        subject: 'demo-cloud',
        decision: 'accept',
        comment: `checked ${i}`,
        auditor: 'A. Auditor'
      })
      decided.push(`checked ${i}`)
      await new Promise((r) => setTimeout(r, 5))
    }
    const receipt = await importing
    expect(receipt.counts.accepted + receipt.counts.unknown).toBeGreaterThan(0)
    expect(
      ws.db
        .prepare(
          'SELECT count(*) AS n FROM testcase_results t JOIN reports r ON r.id = t.report_id WHERE r.case_id = ?'
        )
        .get('big')
    ).toEqual({ n: 20_000 })
    const comments = ws.db
      .prepare<[string], { comment: string }>('SELECT comment FROM decisions WHERE case_id = ? ORDER BY id')
      .all('d')
      .map((d) => d.comment)
    expect(comments).toEqual(decided)
    const chain = ws.audit.check()
    expect(chain.broken).toBeNull()
    // one import entry for the big file, between or after the decisions, never lost
    expect(ws.audit.listForCase('big').filter((e) => e.action === 'import')).toHaveLength(1)
  })
})
