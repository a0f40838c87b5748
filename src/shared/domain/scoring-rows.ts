/**
 * The review rows of a points scheme (SCS-0007): one per referenced environment and scoring criterion that
 * the applicant claims, or whose role the environment has. Pure; the evidence rows of each environment come
 * from reconciling its compliance reports against the reference scope. A scoring row shows the reference
 * environment's main checks and their state, and when that evidence does not hold for a claimed criterion it
 * carries a finding: the review, the verdict and the PDF say the same about the same checks.
 */
import type { CriterionRow, Finding, TestcaseState } from './reconcile'
import { worstOf } from './reconcile'
import { worstResult } from './evaluate'
import type { PointsRules } from './rules'
import type { Submission } from './submission'
import { msg, say } from '../text/messages'

/** The main testcases of an environment's reference rows, once each. */
export function referenceTestcases(rows: readonly CriterionRow[]): TestcaseState[] {
  const seen = new Map<string, TestcaseState>()
  for (const r of rows)
    for (const t of r.testcases) if (t.target === 'main' && !seen.has(t.testcase)) seen.set(t.testcase, t)
  return [...seen.values()]
}

export function scoringRows(
  rules: PointsRules,
  submission: Submission | null,
  findings: readonly Finding[],
  referenceRows: readonly CriterionRow[] = [],
  decisionDate = ''
): { rows: CriterionRow[]; findings: Finding[] } {
  if (!submission) return { rows: [], findings: [] }
  const answers = new Map(submission.answers.map((a) => [`${a.criterion}\u0000${a.subject}`, a]))
  const bySubject = new Map<string, CriterionRow[]>()
  for (const r of referenceRows) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r])
  const rows: CriterionRow[] = []
  const added: Finding[] = []
  for (const s of submission.subjects) {
    const tcs = referenceTestcases(bySubject.get(s.id) ?? [])
    const outcome = tcs.length ? worstResult(tcs.map((t) => t.effective)) : 'MISSING'
    for (const c of rules.criteria) {
      const a = answers.get(`${c.id}\u0000${s.id}`)
      const roleFits =
        (c.applies.role === undefined || c.applies.role === s.role) &&
        (c.applies.thirdParty === undefined || c.applies.thirdParty === s.thirdParty)
      if (!a && !roleFits) continue
      const own = findings.filter((f) => f.criterion === c.id && f.subject === s.id)
      if (a && (a.claim === 'met' || a.claim === 'partially-met') && outcome !== 'PASS') {
        const count = (pred: (t: TestcaseState) => boolean) => tcs.filter(pred).length
        const m = msg('finding.reference-evidence', {
          criterion: c.id,
          claim: a.claim,
          subject: s.id,
          scope: rules.reference.scope,
          date: decisionDate,
          pass: count((t) => t.effective === 'PASS'),
          total: tcs.length,
          expired: count((t) => t.freshness === 'stale'),
          fail: count((t) => t.effective === 'FAIL'),
          abort: count((t) => t.effective === 'ABORT'),
          missing: count((t) => t.freshness === 'none')
        })
        const expired = tcs.some((t) => t.freshness === 'stale')
        const f: Finding = {
          id: `${expired ? 'evidence-stale' : 'claim-unproven'}|${c.id}|${s.id}|reference`,
          type: expired ? 'evidence-stale' : 'claim-unproven',
          severity: 'major',
          criterion: c.id,
          subject: s.id,
          claim: a.claim,
          evidence: `${rules.reference.scope}: ${outcome}`,
          msg: m,
          message: say(m, 'en')
        }
        own.push(f)
        added.push(f)
      }
      rows.push({
        criterion: c.id,
        name: c.name,
        url: rules.url,
        // the row's evidence is the reference environment's compliance checks: a scoring criterion is no
        // manual check (isManualCheck says so for every points scheme)
        manual: false,
        subject: s.id,
        claim: a
          ? { claim: a.claim, statement: a.statement, evidence: a.evidence, figures: a.figures }
          : null,
        testcases: tcs,
        findingIds: own.map((f) => f.id),
        worst: worstOf(own.map((f) => f.severity)),
        outcome: tcs.length ? outcome : null
      })
    }
  }
  return { rows, findings: added }
}
