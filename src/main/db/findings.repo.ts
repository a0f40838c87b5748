import type { Db } from './connection'

export type Severity = 'blocker' | 'major' | 'minor' | 'info'

export interface NewFinding {
  readonly fingerprint: string
  readonly type: string
  readonly severity: Severity
  readonly criterion: string
  readonly subject: string
  readonly message: string
  readonly claim?: string | null
  readonly evidence?: string | null
}

/** Findings raised at import time (for example an invalid report signature). Idempotent by fingerprint. */
export function createFindingsRepo(db: Db) {
  const ins = db.prepare(`INSERT OR IGNORE INTO findings
    (case_id, fingerprint, type, severity, criterion_id, subject_key, message, claim, evidence, computed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const list = db.prepare<
    [string],
    { type: string; severity: string; subject_key: string; message: string; state: string }
  >('SELECT type, severity, subject_key, message, state FROM findings WHERE case_id = ? ORDER BY id')
  return {
    insert(caseId: string, f: NewFinding, now: string): void {
      ins.run(
        caseId,
        f.fingerprint,
        f.type,
        f.severity,
        f.criterion,
        f.subject,
        f.message,
        f.claim ?? null,
        f.evidence ?? null,
        now
      )
    },
    listForCase: (caseId: string) => list.all(caseId)
  }
}
export type FindingsRepo = ReturnType<typeof createFindingsRepo>
