import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { onFile } from '../helpers/insider'
import { EXIT } from '../../src/main/cli'
import { cli, decideArgv, demoCaseDb } from '../helpers/cli'
import { openWorkspace } from '../../src/main/workspace'
import { FIXTURES, RESOURCES, tempDir } from '../helpers/paths'
import { keyFile } from '../helpers/identity'
import { sampleReport } from '../helpers/workspace'
import { testClock } from '../helpers/clock'
import { writeFileSync } from 'node:fs'

let cleanup: (() => void)[] = []
afterEach(() => {
  cleanup.forEach((f) => f())
  cleanup = []
})

/** `identity add` through the CLI: a colleague's public key joins the roster. */
async function register(db: string, name: string): Promise<string> {
  const k = keyFile(name)
  const r = await cli('identity', 'add', '--db', db, '--name', name, '--pubkey', `${k.file}.pub`)
  if (r.code !== EXIT.ok) throw new Error(r.err)
  return k.file
}

describe('four-eyes review through the CLI', () => {
  it('submit, refuse the submitter, accept by a second auditor, lock, reopen', async () => {
    const db = await demoCaseDb()
    const ann = await register(db, 'Ann')
    const bob = await register(db, 'Bob')
    expect((await cli('review', 'submit', '--db', db, '--case', 'c', '--key', ann)).code).toBe(EXIT.ok)
    const self = await cli('review', 'accept', '--db', db, '--case', 'c', '--key', ann)
    expect(self.code).toBe(EXIT.usage)
    expect(self.err).toMatch(/a second auditor must accept it/)
    const ok = await cli('review', 'accept', '--db', db, '--case', 'c', '--key', bob)
    expect(ok.out).toMatch(/accepted \(locked; submitted by Ann, accepted by Bob\)/)
    // locked: decisions and imports are refused
    const d = await cli(...decideArgv(db, ann, 'accept'))
    expect(d.err).toMatch(/read-only until it is reopened/)
    const imp = await cli('import', '--db', db, '--case', 'c', join(FIXTURES, 'junit/tempest-demo-cloud.xml'))
    expect(imp.code).toBe(EXIT.rejected)
    expect(imp.err).toMatch(/accepted; nothing can be imported/)
    // reopening needs a reason, and is logged
    expect((await cli('review', 'reopen', '--db', db, '--case', 'c', '--key', bob)).err).toMatch(/say why/)
    expect(
      (await cli('review', 'reopen', '--db', db, '--case', 'c', '--key', bob, '--comment', 'new evidence'))
        .code
    ).toBe(EXIT.ok)
    expect((await cli(...decideArgv(db, ann, 'accept'))).code).toBe(EXIT.ok)
    const ws = openWorkspace({ dbPath: db, resourcesDir: RESOURCES, actor: 't' })
    cleanup.push(() => ws.close())
    expect(ws.audit.listForCase('c').map((e) => e.action)).toEqual([
      'case.create',
      'import',
      'import',
      'review.submit',
      'review.accept',
      'review.reopen',
      'decision'
    ])
  })
})

describe('a decision decides the findings it saw', () => {
  /** case c (demoCaseDb) with Ann's accept of scs-0100-v3.1 / demo-cloud while its checks pass, then a later
   * report in which scs-0100-syntax-check FAILs, imported after the accept */
  async function failAfterAccept(): Promise<{ db: string; ann: string }> {
    const db = await demoCaseDb()
    const ann = await register(db, 'Ann')
    expect((await cli(...decideArgv(db, ann, 'accept', '--comment', 'flavor names checked'))).code).toBe(
      EXIT.ok
    )
    const later = new TextDecoder()
      .decode(sampleReport())
      .replace('checked_at: 2026-11-17 08:12:44.120533', 'checked_at: 2026-11-24 08:00:00')
      .replace('uuid: 877f77b2-2c5c-6316-f266-f24a7a44668e', 'uuid: 877f77b2-2c5c-6316-f266-f24a7a446699')
      .replace('        scs-0100-syntax-check: 1', '        scs-0100-syntax-check: -1')
    const file = join(tempDir(), 'later-run.yaml')
    writeFileSync(file, later)
    expect((await cli('import', '--db', db, '--case', 'c', file)).code).toBe(EXIT.ok)
    return { db, ann }
  }
  const contradiction = 'claim-contradicted|scs-0100-v3.1|demo-cloud|scs-0100-syntax-check'

  it('a FAIL imported after an accept is an open blocker, not one the accept resolved; a new accept decides it', async () => {
    const { db, ann } = await failAfterAccept()
    const ws = openWorkspace({ dbPath: db, resourcesDir: RESOURCES, actor: 't', clock: testClock })
    cleanup.push(() => ws.close())
    const review = ws.caseReview('c', '2026-11-24')
    expect(review.findings.find((f) => f.id === contradiction)).toMatchObject({
      severity: 'blocker',
      state: 'open'
    })
    // the row still shows the accept, which decided what was there when it was made: nothing
    const row = review.rows.find((r) => r.criterion === 'scs-0100-v3.1' && r.subject === 'demo-cloud')!
    expect(row.decision).toMatchObject({ decision: 'accept', auditor: 'Ann', findings: [] })
    expect(review.counts.open).toBeGreaterThan(0)
    // an accept made now names it, and decides it
    expect(
      (await cli(...decideArgv(db, ann, 'accept', '--comment', 'the FAIL is a known test bug'))).code
    ).toBe(EXIT.ok)
    const again = ws.caseReview('c', '2026-11-24')
    expect(again.findings.find((f) => f.id === contradiction)?.state).toBe('resolved')
    expect(
      again.rows.find((r) => r.criterion === 'scs-0100-v3.1' && r.subject === 'demo-cloud')!.decision
    ).toMatchObject({ findings: [contradiction] })
  })

  it('an insider who widens a decision to every finding (its findings set to NULL, as before v110) is named by the log check', async () => {
    const { db } = await failAfterAccept()
    onFile({ dbPath: db }, (raw) => raw.exec('UPDATE decisions SET findings = NULL'))
    const r = await cli('audit-log', 'verify', '--db', db, '--case', 'c', '--json')
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.out).toMatch(/decision #1: findings is empty in the table, but entry \d+ says/)
  })
})

describe('audit-log verify', () => {
  it('reports an intact chain', async () => {
    const db = await demoCaseDb()
    const r = await cli('audit-log', 'verify', '--db', db, '--case', 'c', '--json')
    expect(r.code).toBe(EXIT.ok)
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, caseEntries: 3, broken: null })
  })
  it.each([
    [
      'an edited entry',
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 5",
      5,
      /edited/
    ],
    [
      'a deleted entry',
      'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4',
      5,
      /missing \(deleted\)/
    ],
    [
      'two entries swapped (reordered)',
      'DROP TRIGGER audit_log_no_update; UPDATE audit_log SET seq = 1000 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 1000',
      4,
      /broken|edited/
    ]
  ])('detects %s, with its position (exit 4)', async (_n, tamper, seq, reason) => {
    const db = await demoCaseDb()
    onFile({ dbPath: db }, (raw) => raw.exec(tamper))
    const r = await cli('audit-log', 'verify', '--db', db, '--case', 'c', '--json')
    expect(r.code).toBe(EXIT.verifyFailed)
    const out = JSON.parse(r.out) as {
      ok: boolean
      broken: { seq: number; position: number; reason: string }
    }
    expect(out.ok).toBe(false)
    expect(out.broken.seq).toBe(seq)
    expect(out.broken.reason).toMatch(reason)
  })
})

describe('backup', () => {
  it('writes a checked copy that opens as a workspace with the same data', async () => {
    const db = await demoCaseDb()
    const out = join(tempDir(), 'copy.sqlite')
    const r = await cli('backup', '--db', db, '--out', out, '--json')
    expect(r.code).toBe(EXIT.ok)
    expect(JSON.parse(r.out)).toMatchObject({ file: out, auditEntries: expect.any(Number) })
    const restored = openWorkspace({ dbPath: out, resourcesDir: RESOURCES, actor: 't' })
    cleanup.push(() => restored.close())
    expect(restored.caseResults('c')).toHaveLength(54)
    expect(restored.audit.verifyChain()).toBeNull()
    expect((await cli('backup', '--db', db, '--out', out)).code).toBe(EXIT.usage) // never overwrites
  })
})
