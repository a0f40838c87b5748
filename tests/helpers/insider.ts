/**
 * The malicious insider with write access to the workspace file: raw SQL on it (the append-only triggers
 * can be dropped), and a log whose hashes are recomputed after an edit so that the chain is intact again.
 */
import Database from 'better-sqlite3'
import { rowHash, type AuditRow } from '../../src/main/db/audit.repo'
import { CASE_GENESIS, caseEntryHash } from '../../src/main/db/case-chain'
import type { Db } from '../../src/main/db/connection'
import type { Workspace } from '../../src/main/workspace'

/**
 * Runs `fn` on a connection of its own to the workspace file, as anyone with the file can (the workspace never
 * hands out its connection), and closes it. What it writes, the workspace sees as another connection's commit.
 */
export function onFile<T>(ws: { readonly dbPath: string }, fn: (db: Db) => T): T {
  const raw = new Database(ws.dbPath)
  try {
    return fn(raw)
  } finally {
    raw.close()
  }
}

export function tamper(ws: Workspace, sql: string): void {
  onFile(ws, (raw) => raw.exec(sql))
}

/** Rewrites every hash from `seq` on, as an attacker who dropped the triggers can (the chain is then intact). */
export function rechain(ws: Workspace, from: number): void {
  onFile(ws, (raw) => {
    raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update')
    let prev = raw
      .prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?')
      .get(from - 1)!.hash
    const rows = raw
      .prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq')
      .all(from)
    const caseHead = raw.prepare<[string, number], { case_hash: string }>(
      'SELECT case_hash FROM audit_log WHERE case_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1'
    )
    const upd = raw.prepare(
      'UPDATE audit_log SET prev_hash = ?, hash = ?, case_prev = ?, case_hash = ? WHERE seq = ?'
    )
    for (const r of rows) {
      // the insider recomputes the case chain too (the per-case hashes, v80)
      if (r.case_id !== null) {
        r.case_prev = caseHead.get(r.case_id, r.seq)?.case_hash ?? CASE_GENESIS
        r.case_hash = caseEntryHash({
          caseId: r.case_id,
          caseSeq: r.case_seq!,
          casePrev: r.case_prev,
          at: r.at,
          actor: r.actor,
          action: r.action,
          payload: r.payload,
          signature: r.signature
        })
      }
      const hash = rowHash(prev, r)
      upd.run(prev, hash, r.case_prev, r.case_hash, r.seq)
      prev = hash
    }
  })
}
