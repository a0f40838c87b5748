/**
 * The review rows of a points scheme (SCS-0007): one per referenced environment and scoring criterion that
 * the applicant claims, or whose role the environment has. Pure; the evidence rows of each environment come
 * from reconciling its compliance reports against the reference scope.
 */
import type { CriterionRow, Finding } from './reconcile'
import { worstOf } from './reconcile'
import type { PointsRules } from './rules'
import type { Submission } from './submission'

export function scoringRows(
  rules: PointsRules,
  submission: Submission | null,
  findings: readonly Finding[]
): CriterionRow[] {
  if (!submission) return []
  const answers = new Map(submission.answers.map((a) => [`${a.criterion}\u0000${a.subject}`, a]))
  const rows: CriterionRow[] = []
  for (const s of submission.subjects) {
    for (const c of rules.criteria) {
      const a = answers.get(`${c.id}\u0000${s.id}`)
      const roleFits =
        (c.applies.role === undefined || c.applies.role === s.role) &&
        (c.applies.thirdParty === undefined || c.applies.thirdParty === s.thirdParty)
      if (!a && !roleFits) continue
      const own = findings.filter((f) => f.criterion === c.id && f.subject === s.id)
      rows.push({
        criterion: c.id,
        name: c.name,
        url: rules.url,
        manual: true,
        subject: s.id,
        claim: a
          ? { claim: a.claim, statement: a.statement, evidence: a.evidence, figures: a.figures }
          : null,
        testcases: [],
        findingIds: own.map((f) => f.id),
        worst: worstOf(own.map((f) => f.severity))
      })
    }
  }
  return rows
}
