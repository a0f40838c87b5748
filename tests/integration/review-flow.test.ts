import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { onFile } from '../helpers/insider'
import { EXIT } from '../../src/main/cli'
import { cli, decideArgv, demoCaseDb } from '../helpers/cli'
import { openWorkspace } from '../../src/main/workspace'
import { FIXTURES, RESOURCES, tempDir } from '../helpers/paths'
import { keyFile } from '../helpers/identity'

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
