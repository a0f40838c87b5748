import type { Db } from './connection'
import { writtenRow, type WrittenRows } from './evidence-digest'
import { createRowIds } from './row-id'
import type { Submission } from '../../shared/domain/submission'

/** Self-assessments: one submission row, its subjects and its claims. Call inside the file's transaction. */
export function createSubmissionsRepo(db: Db) {
  // the new rows' ids exactly (createRowIds), whatever ids SQLite picks
  const rowId = createRowIds(db)
  const insSubmission = db.prepare(`INSERT INTO submissions
    (case_id, file_id, format_version, scheme_id, scheme_version, tier, submitted_at, applicant, partners, extra)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insSubject = db.prepare(`INSERT INTO subjects
    (submission_id, subject_key, name, kind, scope, scope_version, role, third_party, public_cloud, since, until, regions,
     availability_zones, joint, figures, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insClaim = db.prepare(`INSERT INTO claims
    (submission_id, criterion_id, subject_key, claim, statement, evidence, figures, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  // Subjects that other cases claim. Not another case: the case's own rounds (earlier and later ones, a
  // renewal and the round it renews). And a locked (accepted) case sees only the submissions imported before
  // it was accepted (by audit-log order), so its findings never change after locking.
  const subjectsOfCase = db.prepare<{ id: string }, { subject_key: string; case_id: string }>(
    `WITH RECURSIVE rounds(id) AS (
       SELECT @id
       UNION SELECT c.previous_case_id FROM cases c JOIN rounds r ON c.id = r.id WHERE c.previous_case_id IS NOT NULL
       UNION SELECT c.id FROM cases c JOIN rounds r ON c.previous_case_id = r.id
     ),
     locked(seq) AS (
       SELECT max(a.seq) FROM audit_log a JOIN cases c ON c.id = a.case_id
       WHERE a.case_id = @id AND a.action = 'review.accept' AND c.status = 'accepted'
     )
     SELECT s.subject_key, su.case_id FROM subjects s
       JOIN submissions su ON su.id = s.submission_id
       JOIN imported_files f ON f.id = su.file_id
     WHERE su.case_id NOT IN (SELECT id FROM rounds)
       AND ((SELECT seq FROM locked) IS NULL OR (
         SELECT min(a.seq) FROM audit_log a
         WHERE a.case_id = su.case_id AND a.action = 'import' AND a.payload ->> '$.sha256' = f.sha256
       ) < (SELECT seq FROM locked))`
  )
  const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0)
  const fromBool = (b: number | null): boolean | null => (b === null ? null : b === 1)
  // the id exactly (a bigint): bound back to find the submission's subjects and claims, and an insider who
  // planted a large row id makes SQLite give ids beyond 2^53, which a number rounds to no submission's id
  const latest = db
    .prepare<
      [string],
      {
        id: bigint
        scheme_id: string
        scheme_version: string
        tier: string | null
        submitted_at: string
        applicant: string
        partners: string
        extra: string
      }
    >(
      'SELECT id, scheme_id, scheme_version, tier, submitted_at, applicant, partners, extra FROM submissions WHERE case_id = ? ORDER BY submitted_at DESC, id DESC LIMIT 1'
    )
    .safeIntegers(true)
  const subjectsOf = db.prepare<[bigint], Record<string, unknown>>(
    'SELECT * FROM subjects WHERE submission_id = ? ORDER BY id'
  )
  const claimsOf = db.prepare<[bigint], Record<string, unknown>>(
    'SELECT * FROM claims WHERE submission_id = ? ORDER BY id'
  )
  return {
    /**
     * Writes a self-assessment, and puts each row as bound into `written`, from which the import's evidence
     * digest is made (evidence-digest.ts).
     */
    insert(caseId: string, fileId: number, s: Submission, written: WrittenRows): number | bigint {
      const submission = {
        case_id: caseId,
        file_id: fileId,
        format_version: s.formatVersion,
        scheme_id: s.scheme,
        scheme_version: s.schemeVersion,
        tier: s.tier,
        submitted_at: s.submittedAt,
        applicant: JSON.stringify(s.applicant),
        partners: JSON.stringify(s.partners),
        extra: JSON.stringify(s.extra)
      }
      const id = rowId(insSubmission.run(...Object.values(submission)), 'submissions')
      writtenRow(written, 'submissions', { id, ...submission })
      for (const x of s.subjects) {
        const row = {
          submission_id: id,
          subject_key: x.id,
          name: x.name,
          kind: x.kind,
          scope: x.scope,
          scope_version: x.scopeVersion,
          role: x.role,
          third_party: bool(x.thirdParty),
          public_cloud: bool(x.publicCloud),
          since: x.since,
          until: x.until,
          regions: x.regions,
          availability_zones: x.availabilityZones,
          joint: x.joint ? JSON.stringify(x.joint) : null,
          figures: JSON.stringify(x.figures),
          extra: JSON.stringify(x.extra)
        }
        writtenRow(written, 'subjects', {
          id: rowId(insSubject.run(...Object.values(row)), 'subjects'),
          ...row
        })
      }
      for (const a of s.answers) {
        const row = {
          submission_id: id,
          criterion_id: a.criterion,
          subject_key: a.subject,
          claim: a.claim,
          statement: a.statement,
          evidence: JSON.stringify(a.evidence),
          figures: JSON.stringify(a.figures),
          extra: JSON.stringify(a.extra)
        }
        writtenRow(written, 'claims', { id: rowId(insClaim.run(...Object.values(row)), 'claims'), ...row })
      }
      return id
    },
    /** The case's current self-assessment: the latest by submission date (a resubmission replaces it). */
    latestForCase(caseId: string): Submission | null {
      const s = latest.get(caseId)
      if (!s) return null
      return {
        formatVersion: 1,
        scheme: s.scheme_id,
        schemeVersion: s.scheme_version,
        tier: s.tier,
        submittedAt: s.submitted_at,
        applicant: JSON.parse(s.applicant) as Submission['applicant'],
        partners: JSON.parse(s.partners) as Submission['partners'],
        extra: JSON.parse(s.extra) as Submission['extra'],
        subjects: subjectsOf.all(s.id).map((x) => ({
          id: x['subject_key'] as string,
          name: x['name'] as string | null,
          kind: x['kind'] as 'iaas' | 'kaas',
          scope: x['scope'] as string | null,
          scopeVersion: x['scope_version'] as string | null,
          role: x['role'] as Submission['subjects'][number]['role'],
          thirdParty: fromBool(x['third_party'] as number | null),
          publicCloud: fromBool(x['public_cloud'] as number | null),
          since: x['since'] as string | null,
          until: x['until'] as string | null,
          regions: x['regions'] as number | null,
          availabilityZones: x['availability_zones'] as number | null,
          joint: x['joint']
            ? (JSON.parse(x['joint'] as string) as Submission['subjects'][number]['joint'])
            : null,
          figures: JSON.parse(x['figures'] as string) as Record<string, number>,
          extra: JSON.parse(x['extra'] as string) as Record<string, unknown>
        })),
        answers: claimsOf.all(s.id).map((x) => ({
          criterion: x['criterion_id'] as string,
          subject: x['subject_key'] as string,
          claim: x['claim'] as Submission['answers'][number]['claim'],
          statement: x['statement'] as string,
          evidence: JSON.parse(x['evidence'] as string) as Submission['answers'][number]['evidence'],
          figures: JSON.parse(x['figures'] as string) as Record<string, number>,
          extra: JSON.parse(x['extra'] as string) as Record<string, unknown>
        }))
      }
    },
    /** subject ids claimed in other cases of the workspace (joint references across applications) */
    claimedElsewhere(caseId: string): Map<string, string[]> {
      const out = new Map<string, string[]>()
      for (const r of subjectsOfCase.all({ id: caseId }))
        if (!out.get(r.subject_key)?.includes(r.case_id))
          out.set(r.subject_key, [...(out.get(r.subject_key) ?? []), r.case_id])
      return out
    }
  }
}
export type SubmissionsRepo = ReturnType<typeof createSubmissionsRepo>
