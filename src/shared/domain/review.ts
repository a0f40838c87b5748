/** A case's review as the review screen, the CLI and the verdict see it: reconciled rows and findings with decisions. */
import type { CriterionRow, Finding, FindingType, Severity } from './reconcile'
import type { Decision, FindingState } from './decisions'

export type ReviewFinding = Finding & { readonly state: FindingState }
export type ReviewRow = CriterionRow & { readonly decision: Decision | null }

export interface CaseReview {
  readonly rows: readonly ReviewRow[]
  readonly findings: readonly ReviewFinding[]
  readonly subjects: readonly string[]
  readonly caseId: string
  readonly decisionDate: string
  readonly counts: {
    readonly bySeverity: Readonly<Record<Severity, number>>
    readonly byType: Readonly<Partial<Record<FindingType, number>>>
    readonly open: number
  }
  readonly decisions: readonly Decision[]
}
