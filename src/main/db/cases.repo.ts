import type { Db } from './connection'
import type { CaseStatus, CaseSummary } from '../../shared/domain/types'
import { DomainError } from '../errors'
import { systemClock, type Clock } from '../clock'

/** A case's scheme and review state as its row stores them (the log check compares them with the log). */
export interface StoredCaseReview {
  readonly title: string
  readonly schemeId: string
  readonly schemeVersion: string
  readonly round: number
  readonly previousCaseId: string | null
  readonly status: string
  readonly submittedBy: string | null
  readonly submittedAt: string | null
  readonly acceptedBy: string | null
  readonly acceptedAt: string | null
}

interface CaseRow {
  id: string
  title: string
  scheme_id: string
  scheme_version: string
  status: string
  submitted_by: string | null
  accepted_by: string | null
  created_at: string
  round: number
  previous_case_id: string | null
  file_count: number
  result_count: number
}

const SELECT = `SELECT c.id, c.title, c.scheme_id, c.scheme_version, c.status, c.submitted_by, c.accepted_by, c.created_at,
    c.round, c.previous_case_id,
    (SELECT count(*) FROM imported_files f WHERE f.case_id = c.id) AS file_count,
    (SELECT count(*) FROM testcase_results t JOIN reports r ON r.id = t.report_id WHERE r.case_id = c.id) AS result_count
  FROM cases c`

const toCase = (r: CaseRow): CaseSummary => ({
  id: r.id,
  title: r.title,
  schemeId: r.scheme_id,
  schemeVersion: r.scheme_version,
  status: r.status as CaseStatus,
  submittedBy: r.submitted_by,
  acceptedBy: r.accepted_by,
  createdAt: r.created_at,
  round: r.round,
  previousCaseId: r.previous_case_id,
  fileCount: r.file_count,
  resultCount: r.result_count
})

export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export function createCasesRepo(db: Db, clock: Clock = systemClock) {
  const list = db.prepare<[], CaseRow>(`${SELECT} ORDER BY c.created_at DESC, c.id`)
  const byId = db.prepare<[string], CaseRow>(`${SELECT} WHERE c.id = ?`)
  const insert = db.prepare(
    'INSERT INTO cases (id, title, scheme_id, scheme_version, round, previous_case_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const storedReview = db.prepare<[string], StoredCaseReview>(
    `SELECT title, scheme_id AS schemeId, scheme_version AS schemeVersion, round,
      previous_case_id AS previousCaseId, status, submitted_by AS submittedBy,
      submitted_at AS submittedAt, accepted_by AS acceptedBy, accepted_at AS acceptedAt FROM cases WHERE id = ?`
  )
  const touch = db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?')
  const decided = db.prepare<[string], { at: string }>(
    'SELECT coalesce(accepted_at, updated_at) AS at FROM cases WHERE id = ?'
  )
  const setReview =
    db.prepare(`UPDATE cases SET status = @status, submitted_by = @submittedBy, submitted_at = @submittedAt,
    accepted_by = @acceptedBy, accepted_at = @acceptedAt, updated_at = @now WHERE id = @id`)
  return {
    list: (): CaseSummary[] => list.all().map(toCase),
    find: (id: string): CaseSummary | null => {
      const r = byId.get(id)
      return r ? toCase(r) : null
    },
    get(id: string): CaseSummary {
      const r = byId.get(id)
      if (!r) throw new DomainError('NOT_FOUND', `No case "${id}".`)
      return toCase(r)
    },
    insert(
      c: {
        id: string
        title: string
        schemeId: string
        schemeVersion: string
        round?: number
        previousCaseId?: string | null
      },
      now: string
    ): void {
      insert.run(c.id, c.title, c.schemeId, c.schemeVersion, c.round ?? 1, c.previousCaseId ?? null, now, now)
    },
    /** the scheme and review state as the row stores them, or null when there is no such case */
    storedReview: (id: string): StoredCaseReview | null => storedReview.get(id) ?? null,
    touch: (id: string, now: string): void => void touch.run(now, id),
    /** the date a round was decided: its acceptance, else its last change */
    decidedOn: (id: string): string => (decided.get(id)?.at ?? clock().toISOString()).slice(0, 10),
    setReview(
      id: string,
      r: {
        status: CaseStatus
        submittedBy: string | null
        submittedAt: string | null
        acceptedBy: string | null
        acceptedAt: string | null
      },
      now: string
    ): void {
      setReview.run({ id, now, ...r })
    }
  }
}
export type CasesRepo = ReturnType<typeof createCasesRepo>
