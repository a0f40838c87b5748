/**
 * Who holds a case (issue 15, holder and lock). A case has one holder at a time. `bundle export --hand-over`
 * appends a signed `case.hand-over` entry to the case's chain and writes the bundle: from then on the local
 * copy is handed over and every local act on the case (any entry of its chain) is refused, until a bundle of
 * the case comes back (its import is recorded as a `bundle.import` entry of the workspace's own chain, outside
 * the case's chain, so that the case chains on both sides stay identical) or the holder takes it back with a
 * signed `case.take-back` entry, which the other side sees as a divergence. State is read from the log alone.
 */
import type { Db } from './connection'
import type { CaseHolder } from '../../shared/ipc/contract'

/** who holds a case, as the contract shows it */
export type HolderState = CaseHolder

export function createHolderRepo(db: Db) {
  const newest = db.prepare<
    [string],
    { case_seq: number; case_hash: string; at: string; actor: string; action: string }
  >(
    'SELECT case_seq, case_hash, at, actor, action FROM audit_log WHERE case_id = ? ORDER BY seq DESC LIMIT 1'
  )
  const imports = db.prepare<[string], { at: string; payload: string }>(
    "SELECT at, payload FROM audit_log WHERE case_id IS NULL AND action = 'bundle.import' AND json_extract(payload, '$.case') = ? ORDER BY seq DESC"
  )
  const receivedHead = db.prepare<[string, string], { seq: number }>(
    "SELECT seq FROM audit_log WHERE case_id IS NULL AND action = 'bundle.import' AND json_extract(payload, '$.case') = ? AND json_extract(payload, '$.head.caseHash') = ? LIMIT 1"
  )
  /** the lock alone, as every append asks it: one indexed read unless the newest entry is a hand-over */
  function handedOver(caseId: string): { actor: string; at: string; caseSeq: number } | null {
    const h = newest.get(caseId)
    return h && h.action === 'case.hand-over' && !receivedHead.get(caseId, h.case_hash)
      ? { actor: h.actor, at: h.at, caseSeq: h.case_seq }
      : null
  }
  function state(caseId: string): HolderState {
    const h = newest.get(caseId)
    const last = imports.get(caseId)
    const p = last
      ? (JSON.parse(last.payload) as {
          exporter: string
          exportedAt: string
          outcome: string
          head: { caseSeq: number }
        })
      : null
    return {
      handedOver: !!h && h.action === 'case.hand-over' && !receivedHead.get(caseId, h.case_hash),
      head: h
        ? { caseSeq: h.case_seq, caseHash: h.case_hash, at: h.at, actor: h.actor, action: h.action }
        : null,
      received:
        p && last
          ? {
              from: p.exporter,
              exportedAt: p.exportedAt,
              importedAt: last.at,
              caseSeq: p.head.caseSeq,
              outcome: p.outcome
            }
          : null
    }
  }
  return { state, handedOver }
}
export type HolderRepo = ReturnType<typeof createHolderRepo>
