import type { Database } from 'better-sqlite3'
import { CASE_GENESIS, caseEntryHash } from '../case-chain'

/**
 * v80: a chain per case inside the audit log, so that a case's entries can travel to another workspace (case
 * bundles) with their hashes and signatures intact. Every entry of a case gets `case_seq`, `case_prev` and
 * `case_hash` (case-chain.ts), computed here for the entries written before, in their order; `format` is 1 for
 * those (their signatures keep covering the global seq and prev hash, their global hash is unchanged) and 2
 * for entries written since (signed over the case chain; the global hash covers `case_hash`). `decisions`
 * gets `case_seq`, the case_seq of the entry that recorded the decision: the portable name of a decision, the
 * same in every workspace the case is replayed into (row ids are not).
 */
export default function migrate0080(db: Database): void {
  db.exec(`
    DROP TRIGGER audit_log_no_update;
    ALTER TABLE audit_log ADD COLUMN case_seq INTEGER;
    ALTER TABLE audit_log ADD COLUMN case_prev TEXT;
    ALTER TABLE audit_log ADD COLUMN case_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
    ALTER TABLE decisions ADD COLUMN case_seq INTEGER;
  `)
  const heads = new Map<string, { seq: number; hash: string }>()
  const set = db.prepare('UPDATE audit_log SET case_seq = ?, case_prev = ?, case_hash = ? WHERE seq = ?')
  const rows = db
    .prepare<
      [],
      {
        seq: number
        at: string
        actor: string
        action: string
        case_id: string
        payload: string
        signature: string | null
      }
    >(
      'SELECT seq, at, actor, action, case_id, payload, signature FROM audit_log WHERE case_id IS NOT NULL ORDER BY seq'
    )
    .all()
  for (const r of rows) {
    const head = heads.get(r.case_id) ?? { seq: 0, hash: CASE_GENESIS }
    const fields = {
      caseId: r.case_id,
      caseSeq: head.seq + 1,
      casePrev: head.hash,
      at: r.at,
      actor: r.actor,
      action: r.action,
      payload: r.payload,
      signature: r.signature
    }
    const hash = caseEntryHash(fields)
    set.run(fields.caseSeq, fields.casePrev, hash, r.seq)
    heads.set(r.case_id, { seq: fields.caseSeq, hash })
  }
  db.exec(`
    UPDATE decisions SET case_seq = (
      SELECT a.case_seq FROM audit_log a
      WHERE a.case_id = decisions.case_id AND a.action = 'decision' AND json_extract(a.payload, '$.id') = decisions.id
    );
    CREATE UNIQUE INDEX audit_log_by_case_seq ON audit_log (case_id, case_seq);
    CREATE UNIQUE INDEX decisions_by_case_seq ON decisions (case_id, case_seq);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `)
}
