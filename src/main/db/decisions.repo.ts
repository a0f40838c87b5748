import type { Db } from './connection'
import { numberRowId } from './row-id'
import type { Decision, DecisionInput } from '../../shared/domain/decisions'

interface DecisionRow {
  id: number
  case_id: string
  criterion_id: string
  subject_key: string
  decision: Decision['decision']
  comment: string
  auditor: string
  waiver_owner: string | null
  waiver_expires: string | null
  decided_at: string
  findings: string | null
}

const toDecision = (r: DecisionRow): Decision => ({
  id: r.id,
  caseId: r.case_id,
  criterion: r.criterion_id,
  subject: r.subject_key,
  decision: r.decision,
  comment: r.comment,
  auditor: r.auditor,
  waiverOwner: r.waiver_owner,
  waiverExpires: r.waiver_expires,
  decidedAt: r.decided_at,
  findings: r.findings === null ? null : (JSON.parse(r.findings) as string[])
})

/** A stored decision row, every column as stored (the log check compares them field by field with the log). */
export type StoredDecisionRow = Readonly<Record<string, unknown>> & {
  readonly id: number
  readonly case_seq: number | null
}

/** Decisions are never changed: a new one supersedes the current one for the same criterion and subject. */
export function createDecisionsRepo(db: Db) {
  const current = db.prepare<[string], DecisionRow>(
    'SELECT * FROM decisions WHERE case_id = ? AND superseded_by IS NULL ORDER BY id'
  )
  const currentFor = db.prepare<[string, string, string], { id: number }>(
    'SELECT id FROM decisions WHERE case_id = ? AND criterion_id = ? AND subject_key = ? AND superseded_by IS NULL'
  )
  const ins =
    db.prepare(`INSERT INTO decisions (case_id, criterion_id, subject_key, decision, comment, auditor, waiver_owner, waiver_expires, decided_at, case_seq, findings)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const supersede = db.prepare('UPDATE decisions SET superseded_by = ? WHERE id = ?')
  const allOfCase = db.prepare<[string], StoredDecisionRow>(
    'SELECT * FROM decisions WHERE case_id = ? ORDER BY id'
  )
  const currentSeqs = db.prepare<[string], number>(
    'SELECT case_seq FROM decisions WHERE case_id = ? AND superseded_by IS NULL AND case_seq IS NOT NULL'
  )
  return {
    /** every row of a case, superseded ones too, with all their columns */
    storedRows: (caseId: string): StoredDecisionRow[] => allOfCase.all(caseId),
    /**
     * Call inside a transaction. `caseSeq`: the case_seq of the audit entry that records the decision, its
     * portable name (the log is checked against it). `findings`: the ids of the findings it decides, as its
     * entry names them (null: an entry from before v110, which names none and decides them all).
     */
    insert(d: DecisionInput, at: string, caseSeq: number, findings: readonly string[] | null): Decision {
      const prev = currentFor.get(d.caseId, d.criterion, d.subject)
      const id = numberRowId(
        ins.run(
          d.caseId,
          d.criterion,
          d.subject,
          d.decision,
          d.comment.trim(),
          d.auditor.trim(),
          d.waiverOwner ?? null,
          d.waiverExpires ?? null,
          at,
          caseSeq,
          findings === null ? null : JSON.stringify(findings)
        ),
        'decisions',
        'the decision was not recorded'
      )
      if (prev) supersede.run(id, prev.id)
      return {
        ...d,
        comment: d.comment.trim(),
        auditor: d.auditor.trim(),
        waiverOwner: d.waiverOwner ?? null,
        waiverExpires: d.waiverExpires ?? null,
        id,
        decidedAt: at,
        findings
      }
    },
    current: (caseId: string): Decision[] => current.all(caseId).map(toDecision),
    /** the case_seq of the entries that recorded the current decisions (their names in every workspace) */
    currentEntries: (caseId: string): Set<number> => new Set(currentSeqs.pluck().all(caseId))
  }
}
export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>
