/**
 * The audit chain's verified prefix (src/main/db/verified-chain.ts): a view re-hashes nothing when nothing
 * was appended, only the new entries after an append, and everything again when another connection wrote,
 * so an insider's edit of an entry that was already verified is still reported.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { openDatabase } from '../../src/main/db/connection'
import { createAuditRepo, type AuditRepo } from '../../src/main/db/audit.repo'
import { withVerifiedChain } from '../../src/main/db/verified-chain'
import { tempDir } from '../helpers/paths'
import { createTestWorkspace } from '../helpers/workspace'
import { testClock } from '../helpers/clock'

let open: Database.Database[] = []
const track = (db: Database.Database): Database.Database => (open.push(db), db)
afterEach(() => {
  open.forEach((db) => db.open && db.close())
  open = []
})

/** A workspace file with a few entries, the app's connection to it, and its full (uncached) chain check. */
function setup(): {
  file: string
  repo: AuditRepo
  fullChecks: ReturnType<typeof vi.spyOn>
  chain: AuditRepo
} {
  const file = join(tempDir(), 'w.sqlite')
  const db = track(openDatabase(file))
  const repo = createAuditRepo(db, testClock)
  for (let i = 1; i <= 5; i++) repo.append('ann', 'note', 'c', { n: i })
  const fullChecks = vi.spyOn(repo, 'check')
  return { file, repo, fullChecks, chain: withVerifiedChain(db, repo) }
}

/** The insider: a second connection to the workspace file, past the append-only triggers. */
function insider(file: string, sql: string): void {
  const raw = new Database(file)
  raw.exec(`DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; ${sql}`)
  raw.close()
}

describe('the verified prefix', () => {
  it('a second check with nothing appended re-hashes nothing and gives the same result', () => {
    const { fullChecks, chain } = setup()
    const first = chain.check()
    expect(first).toMatchObject({ entries: 5, broken: null })
    expect(chain.check()).toEqual(first)
    expect(chain.verifyChain()).toBeNull()
    expect(fullChecks).toHaveBeenCalledTimes(1)
  })

  it('after an append by the app, only the new entries are verified, and the result is the full check’s', () => {
    const { repo, fullChecks, chain } = setup()
    chain.check()
    const added = chain.append('ann', 'note', 'c', { n: 6 })
    const extended = chain.check()
    expect(fullChecks).toHaveBeenCalledTimes(1)
    expect(extended).toEqual({ entries: 6, head: added.hash, broken: null })
    fullChecks.mockRestore()
    expect(repo.check()).toEqual(extended)
  })

  it('entries checked inside a transaction that is then rolled back are not taken for verified', () => {
    const { file, repo, chain } = setup()
    chain.check()
    const own = open.find((d) => d.name === file)!
    const rolledBack = own.transaction(() => {
      chain.append('ann', 'note', 'c', { n: 6 })
      expect(chain.check()).toMatchObject({ entries: 6, broken: null })
      throw new Error('refused')
    })
    expect(rolledBack).toThrow('refused')
    expect(chain.check()).toEqual({ entries: 5, head: repo.head().hash, broken: null })
  })

  it('an insider’s edit of an already-verified entry, through a second connection, is still reported', () => {
    const { file, chain } = setup()
    expect(chain.check().broken).toBeNull()
    insider(file, `UPDATE audit_log SET payload = '{"n":99}' WHERE seq = 2`)
    expect(chain.check().broken).toMatchObject({ seq: 2, reason: expect.stringMatching(/edited/) })
  })

  it('also when the app appended after the edit (the only write this connection saw is its own)', () => {
    const { file, chain } = setup()
    chain.check()
    insider(file, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 1`)
    chain.append('ann', 'note', 'c', { n: 6 })
    expect(chain.check().broken).toMatchObject({ seq: 1 })
  })

  it('a deleted old entry, through a second connection, is reported', () => {
    const { file, chain } = setup()
    chain.check()
    insider(file, 'DELETE FROM audit_log WHERE seq = 3')
    expect(chain.check().broken).toMatchObject({ seq: 4, reason: expect.stringMatching(/missing/) })
  })

  it('an edit through the app’s own connection needs the triggers dropped, and is reported', () => {
    const { file, chain } = setup()
    chain.check()
    const own = open.find((d) => d.name === file)!
    own.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET payload = '{"n":0}' WHERE seq = 1`)
    expect(chain.check().broken).toMatchObject({ seq: 1 })
  })
})

describe('through the workspace', () => {
  it('a case view after an insider’s edit of an entry the previous view verified reports the break', () => {
    const ws = createTestWorkspace()
    try {
      ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      const before = ws.caseDetail('c').audit
      expect(before).toMatchObject({ broken: null, problems: [] })
      expect(ws.caseDetail('c').audit).toEqual(before)
      insider(ws.dbPath, `UPDATE audit_log SET payload = '{"schemeId":"x"}' WHERE seq = 1`)
      const after = ws.caseDetail('c').audit
      expect(after.broken).toMatchObject({ seq: 1 })
      expect(after.problems.map((p) => p.message).join('\n')).toMatch(/broken at entry 1/)
    } finally {
      ws.close()
    }
  })
})
