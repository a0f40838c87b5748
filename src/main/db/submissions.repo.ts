import type { Db } from './connection'
import type { Submission } from '../../shared/domain/submission'

/** Self-assessments: one submission row, its subjects and its claims. Call inside the file's transaction. */
export function createSubmissionsRepo(db: Db) {
  const insSubmission = db.prepare(`INSERT INTO submissions
    (case_id, file_id, format_version, scheme_id, scheme_version, tier, submitted_at, applicant, partners, extra)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insSubject = db.prepare(`INSERT INTO subjects
    (submission_id, subject_key, name, kind, scope, scope_version, role, third_party, public_cloud, since, until, regions,
     availability_zones, joint, figures, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insClaim = db.prepare(`INSERT INTO claims
    (submission_id, criterion_id, subject_key, claim, statement, evidence, figures, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const subjectsOfCase = db.prepare<[string], { subject_key: string; case_id: string }>(
    'SELECT s.subject_key, su.case_id FROM subjects s JOIN submissions su ON su.id = s.submission_id WHERE su.case_id <> ?'
  )
  const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0)
  return {
    insert(caseId: string, fileId: number, s: Submission): number {
      const id = Number(
        insSubmission.run(
          caseId,
          fileId,
          s.formatVersion,
          s.scheme,
          s.schemeVersion,
          s.tier,
          s.submittedAt,
          JSON.stringify(s.applicant),
          JSON.stringify(s.partners),
          JSON.stringify(s.extra)
        ).lastInsertRowid
      )
      for (const x of s.subjects) {
        insSubject.run(
          id,
          x.id,
          x.name,
          x.kind,
          x.scope,
          x.scopeVersion,
          x.role,
          bool(x.thirdParty),
          bool(x.publicCloud),
          x.since,
          x.until,
          x.regions,
          x.availabilityZones,
          x.joint ? JSON.stringify(x.joint) : null,
          JSON.stringify(x.figures),
          JSON.stringify(x.extra)
        )
      }
      for (const a of s.answers) {
        insClaim.run(
          id,
          a.criterion,
          a.subject,
          a.claim,
          a.statement,
          JSON.stringify(a.evidence),
          JSON.stringify(a.figures),
          JSON.stringify(a.extra)
        )
      }
      return id
    },
    /** subject ids claimed in other cases of the workspace (joint references across applications) */
    claimedElsewhere(caseId: string): Map<string, string[]> {
      const out = new Map<string, string[]>()
      for (const r of subjectsOfCase.all(caseId))
        out.set(r.subject_key, [...(out.get(r.subject_key) ?? []), r.case_id])
      return out
    }
  }
}
export type SubmissionsRepo = ReturnType<typeof createSubmissionsRepo>
