import type { Db } from './connection'
import { entryProblem, type AuditRepo, type AuditRow } from './audit.repo'
import { CASE_GENESIS } from './case-chain'
import { createFileWatch, type FileStamp } from './file-watch'

export type ChainCheck = ReturnType<AuditRepo['check']>

/**
 * The audit chain's verified prefix, cached for one connection, so that a case view or a verdict costs
 * nothing when nothing was appended (the whole chain was re-hashed on every read before).
 *
 * - Nothing written to the file since the last check (same stamp, same head): the last result stands.
 * - Only this connection wrote (another connection's commit and a schema change would show in the stamp):
 *   the app appends through the repository, and the append-only triggers are still in place (dropping them
 *   changes the schema version), so the verified prefix cannot have changed. The entries after its head are
 *   verified, and the prefix's head row must still be in place; anything unexpected falls back to the
 *   full check.
 * - Another connection committed, or the schema changed: the whole chain is checked again. That is the
 *   insider with write access to the file: an edit of an already-verified entry is reported as before.
 */
export function withVerifiedChain(db: Db, audit: AuditRepo): AuditRepo {
  const watch = createFileWatch(db)
  const after = db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq')
  const caseLast = db.prepare<[string, number], { seq: number; hash: string }>(
    'SELECT case_seq AS seq, case_hash AS hash FROM audit_log WHERE case_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1'
  )
  let verified: { stamp: FileStamp; result: ChainCheck } | null = null

  /** The chain extended by the entries after an intact prefix; null when anything does not fit. */
  function extend(prefix: ChainCheck): ChainCheck | null {
    // an intact chain numbers its entries 1…n: the prefix's head is entry `entries`
    if (prefix.entries > 0 && audit.hashAt(prefix.entries) !== prefix.head) return null
    let head = prefix.head
    let entries = prefix.entries
    for (const r of after.iterate(prefix.entries)) {
      // a case's entry continues its case's chain: the last entry of that case before it (verified already)
      const ch =
        r.case_id === null ? null : (caseLast.get(r.case_id, r.seq) ?? { seq: 0, hash: CASE_GENESIS })
      if (entryProblem(r, head, entries + 1, ch) !== null) return null
      head = r.hash
      entries += 1
    }
    return { entries, head, broken: null }
  }

  const isHead = (r: ChainCheck): boolean => {
    const h = audit.head()
    return h.seq === r.entries && h.hash === r.head
  }

  function check(): ChainCheck {
    const stamp = watch.stamp()
    const last = verified
    if (last && last.stamp.others === stamp.others) {
      // the head must still be the one verified: a transaction of this connection that appended, was
      // checked and then rolled back leaves the counters as they were, but not the head
      if (last.stamp.own === stamp.own && (last.result.broken || isHead(last.result))) return last.result
      const extended = last.result.broken ? null : extend(last.result)
      if (extended) {
        verified = { stamp, result: extended }
        return extended
      }
    }
    const result = audit.check()
    verified = { stamp, result }
    return result
  }

  return {
    ...audit,
    check,
    verifyChain: () => check().broken?.seq ?? null
  }
}
