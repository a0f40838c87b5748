/**
 * The review stage: every claim of a case held against its evidence (reconciliation), the auditors' signed
 * decisions on what it finds, and the four-eyes review that locks the case. Owns its SQL through the
 * repositories it is given; each acting command is one write transaction.
 */
import { isIsoDate } from '../../shared/dates'
import { writeTransaction, type Db } from '../db/connection'
import type { Repos } from '../db/repos'
import { DomainError } from '../errors'
import { expiryDate } from '../../shared/domain/evaluate'
import { currentVersion, versionStatusAt } from '../../shared/domain/scope-status'
import type { CaseSummary } from '../../shared/domain/types'
import type { CaseReview } from '../../shared/ipc/contract'
import {
  reconcile,
  type CriterionRow,
  type Finding,
  type FindingType,
  type Reconciliation
} from '../../shared/domain/reconcile'
import {
  checkDecision,
  findingState,
  type Decision,
  type DecisionInput,
  type DecisionRequest
} from '../../shared/domain/decisions'
import { isLocked, reviewTransition, type ReviewAction } from '../../shared/domain/review-flow'
import type { Actor } from '../identity/identities'
import { applyReviewAct, OPEN_REVIEW } from '../log-truth'
import type { PointsRules } from '../../shared/domain/rules'
import { evidenceRulesOf, manualLifetimeFor, type RuleRegistry } from '../scheme-rules'
import { scoringRows } from '../../shared/domain/scoring-rows'
import type { Submission } from '../../shared/domain/submission'
import { isoNow, isoToday, type Clock } from '../clock'
import { manualFreshness } from '../../shared/domain/documents'

export function checkDate(value: string | undefined, today: string, what = 'date'): string {
  if (value === undefined) return today
  if (!isIsoDate(value))
    throw new DomainError(
      'USAGE',
      `The ${what} must be a day of the calendar written YYYY-MM-DD, not "${value}".`
    )
  return value
}

export interface ReviewDeps extends Pick<
  Repos,
  'schemes' | 'cases' | 'evidence' | 'audit' | 'submissions' | 'decisions' | 'documents'
> {
  readonly db: Db
  readonly clock: Clock
  /** the rule files, read on first use */
  readonly rules: () => RuleRegistry
}

export interface ReviewService {
  /** the decision date when none is given: today, or the day an accepted case was accepted */
  defaultDate(id: string): string
  /** every claim held against its evidence at the decision date; `onlyCriterion` narrows it to one */
  caseReview(id: string, at?: string, onlyCriterion?: string): CaseReview
  /** one signed decision: checked against the review, then one transaction with its audit entry */
  decide(request: DecisionRequest, actor: Actor): Decision
  /** several decisions as one command: all recorded, or none (one transaction) */
  decideMany(requests: readonly DecisionRequest[], actor: Actor): Decision[]
  /** a step of the four-eyes review, signed, in one transaction */
  review(caseId: string, action: ReviewAction, actor: Actor, comment?: string): CaseSummary
}

export function createReviewService(deps: ReviewDeps): ReviewService {
  const { db, clock, schemes, cases, evidence, audit, submissions, decisions, rules } = deps
  const documentsRepo = deps.documents

  /**
   * The decision date when none is given: today, but for an accepted (locked) case the day it was accepted,
   * so that a locked case's review, findings and verdict do not change as the calendar moves on.
   */
  function defaultDate(id: string): string {
    return cases.get(id).status === 'accepted' ? cases.decidedOn(id) : isoToday(clock)
  }

  /** Every claim of the case held against its evidence, at the decision date (today unless given). */
  function caseReview(id: string, at?: string, onlyCriterion?: string): CaseReview {
    const decisionDate = checkDate(at, defaultDate(id), 'decision date')
    const c = cases.get(id)
    const scheme = schemes.get(c.schemeId)
    const points = rules().get(c.schemeId)?.rules
    if (scheme.kind === 'scoring' && points?.model === 'points') return pointsReview(id, decisionDate, points)
    // narrowed to one criterion (a decision's check): its testcases only, and the version holds just it
    const module = onlyCriterion ? scheme.scope.modules.find((m) => m.id === onlyCriterion) : undefined
    const scope = onlyCriterion
      ? {
          ...scheme.scope,
          versions: scheme.scope.versions.map((v) =>
            v.version === c.schemeVersion
              ? { ...v, criteria: v.criteria.filter((x) => x === onlyCriterion) }
              : v
          )
        }
      : scheme.scope
    const { reports, results } = evidence.reviewInput(
      id,
      onlyCriterion ? Object.values(module?.targets ?? {}).flat() : undefined
    )
    const r = reconcile({
      caseId: id,
      schemeId: c.schemeId,
      schemeVersion: c.schemeVersion,
      scope,
      evidenceRules: evidenceRulesOf(rules(), c.schemeId),
      decisionDate,
      submission: submissions.latestForCase(id),
      reports,
      results,
      claimedElsewhere: submissions.claimedElsewhere(id),
      opcRuns: opcRunsOf(reports, results),
      documents: attachments(id)
    })
    return withDecisions(id, decisionDate, r)
  }

  /** what `attachment:NAME` may name: the case's evidence documents and the files imported into it */
  const attachments = (id: string) => [
    ...documentsRepo.list(id),
    ...evidence.listFiles(id).map((f) => ({ name: f.file, sha256: f.sha256 }))
  ]

  type ReviewInput = ReturnType<typeof evidence.reviewInput>
  const opcRunsOf = (reports: ReviewInput['reports'], results: ReviewInput['results']) =>
    reports
      .filter((rep) => rep.kind === 'refstack')
      .map((rep) => ({
        reportId: rep.id,
        file: rep.file,
        subject: rep.subject,
        guideline: rep.guideline ?? '',
        passed: results.filter((x) => x.reportId === rep.id && x.value === 1).length,
        failed: results.filter((x) => x.reportId === rep.id && x.value === -1).map((x) => x.testcase)
      }))

  /**
   * An SCS-0007 case: each referenced environment's reports reconciled against the reference scope (in the
   * version the environment claims while that is in force, else the version effective at the decision date), plus one row per
   * scoring criterion the applicant claims or the environment's role fits.
   */
  function pointsReview(id: string, decisionDate: string, r: PointsRules): CaseReview {
    const ref = schemes.find(r.reference.scope)
    if (!ref)
      throw new DomainError(
        'NOT_FOUND',
        `The reference scope ${r.reference.scope} of ${r.scheme} is not in this workspace.`
      )
    const submission: Submission | null = submissions.latestForCase(id)
    const { reports, results } = evidence.reviewInput(id)
    const current = currentVersion(ref.scope, decisionDate)
    // SCS-0007 counts an environment that meets the scope "in its current version": a version the applicant
    // names is honoured only while it is in force (effective or warn) at the decision date; a deprecated or
    // draft one is held against the current version instead (subjectVersion names the discrepancy)
    const inForce = (v: string) => ['effective', 'warn'].includes(versionStatusAt(ref.scope, v, decisionDate))
    const groups = new Map<string, string[]>()
    for (const s of submission?.subjects ?? []) {
      const v =
        s.scopeVersion && ref.versions.includes(s.scopeVersion) && inForce(s.scopeVersion)
          ? s.scopeVersion
          : current
      groups.set(v, [...(groups.get(v) ?? []), s.id])
    }
    if (!submission) groups.set(current, [])
    const rows: CriterionRow[] = []
    const findings = new Map<string, Finding>()
    const subjects: string[] = []
    const claimedElsewhere = submissions.claimedElsewhere(id)
    const opcRuns = opcRunsOf(reports, results)
    for (const [version, only] of groups) {
      const g = reconcile({
        caseId: id,
        schemeId: ref.id,
        schemeVersion: version,
        scope: ref.scope,
        evidenceRules: evidenceRulesOf(rules(), ref.id),
        decisionDate,
        submission,
        reports,
        results,
        claimedElsewhere,
        opcRuns,
        documents: attachments(id),
        expectClaims: false,
        scoring: r,
        ...(submission ? { onlySubjects: only } : {})
      })
      rows.push(...g.rows)
      for (const f of g.findings) findings.set(f.id, f)
      subjects.push(...g.subjects)
    }
    const all = [...findings.values()]
    const scored = scoringRows(r, submission, all, rows, decisionDate)
    return withDecisions(id, decisionDate, {
      rows: [...scored.rows, ...rows],
      findings: [...scored.findings, ...all],
      subjects
    })
  }

  function withDecisions(id: string, decisionDate: string, r: Reconciliation): CaseReview {
    // decisions carry the documents they cite; an accepted manual check is fresh for a quarter (SCS-0004)
    const lifetime = manualLifetimeFor(rules(), cases.get(id).schemeId)
    const manual = manualFreshness(
      r.rows,
      decisions.current(id),
      documentsRepo.citations(id),
      (at) => expiryDate(at, lifetime),
      decisionDate
    )
    const current = manual.decisions
    const byKey = new Map(current.map((d) => [`${d.criterion}\u0000${d.subject}`, d]))
    const staleManual = manual.stale.map(({ about, ...f }) => ({
      ...f,
      id: `${f.type}|${f.criterion}|${f.subject}|${about}`,
      claim: r.rows.find((x) => x.criterion === f.criterion && x.subject === f.subject)?.claim?.claim ?? null,
      state: 'open' as const
    }))
    const findings = [
      ...r.findings.map((f) => ({ ...f, state: findingState(f, byKey, decisionDate).state })),
      ...staleManual
    ]
    const bySeverity = { blocker: 0, major: 0, minor: 0, info: 0 }
    const byType: Partial<Record<FindingType, number>> = {}
    for (const f of findings) {
      bySeverity[f.severity] += 1
      byType[f.type] = (byType[f.type] ?? 0) + 1
    }
    return {
      subjects: r.subjects,
      rows: r.rows.map((row) => {
        const own = staleManual.filter((f) => f.criterion === row.criterion && f.subject === row.subject)
        return {
          ...row,
          ...(own.length ? { findingIds: [...row.findingIds, ...own.map((f) => f.id)] } : {}),
          decision: byKey.get(`${row.criterion}\u0000${row.subject}`) ?? null
        }
      }),
      findings,
      decisions: current,
      caseId: id,
      decisionDate,
      counts: { bySeverity, byType, open: findings.filter((f) => f.state === 'open').length }
    }
  }

  /**
   * Records an auditor's decision on a criterion and subject. Durable when this returns (one transaction,
   * synchronous=FULL) and appended to the hash-chained audit log, signed with the actor's key; the auditor's
   * name is the roster's name of that key.
   */
  function decide(request: DecisionRequest, actor: Actor): Decision {
    const input: DecisionInput = { ...request, auditor: actor.name }
    const today = isoToday(clock)
    const review = caseReview(input.caseId, undefined, input.criterion)
    const problems = checkDecision(
      input,
      review.findings.filter((f) => f.state === 'open'),
      today
    )
    if (problems.length > 0)
      throw new DomainError('USAGE', `The decision was not recorded: ${problems.join('; ')}.`)
    const known =
      review.rows.some((r) => r.criterion === input.criterion && r.subject === input.subject) ||
      review.findings.some((f) => f.criterion === input.criterion && f.subject === input.subject)
    if (!known)
      throw new DomainError(
        'USAGE',
        input.criterion
          ? `Case ${input.caseId} has no criterion "${input.criterion}"${input.subject ? ` for subject "${input.subject}"` : ''}.`
          : `Case ${input.caseId} has no case-level finding${input.subject ? ` for subject "${input.subject}"` : ''} to decide; name a criterion.`
      )
    const cited = [...new Set(input.documents ?? [])]
    const attached = documentsRepo.list(input.caseId)
    for (const h of cited)
      if (!attached.some((d) => d.sha256 === h))
        throw new DomainError(
          'USAGE',
          `The decision was not recorded: ${h} is not an evidence document attached to case ${input.caseId}.`
        )
    const isManual = review.rows.some(
      (r) => r.criterion === input.criterion && r.subject === input.subject && r.manual
    )
    if (input.decision === 'accept' && isManual && attached.length > 0 && cited.length === 0)
      throw new DomainError(
        'USAGE',
        `The decision was not recorded: accepting the manual criterion ${input.criterion} must cite the evidence documents it rests on (${attached.length} attached to the case).`
      )
    const c = cases.get(input.caseId)
    if (isLocked(c.status)) {
      throw new DomainError(
        'CONFLICT',
        `Case ${c.id} is ${c.status}${c.status === 'accepted' ? ` (accepted by ${c.acceptedBy ?? 'a reviewer'})` : ' for review'}; decisions are read-only until it is ${c.status === 'accepted' ? 'reopened' : 'returned'}.`
      )
    }
    // the findings it decides: those its criterion and subject have now, open or decided before (a finding
    // that arises later is not decided by it, findingState)
    const seen = review.findings
      .filter((f) => f.criterion === input.criterion && f.subject === input.subject)
      .map((f) => f.id)
      .sort()
    const now = isoNow(clock)
    return writeTransaction(db, () => {
      const d = decisions.insert(input, now, audit.caseHead(input.caseId).seq + 1, seen)
      documentsRepo.cite(d.id, cited)
      audit.append(
        actor.name,
        'decision',
        input.caseId,
        {
          ...(cited.length ? { documents: cited } : {}),
          id: d.id,
          criterion: d.criterion,
          subject: d.subject,
          decision: d.decision,
          comment: d.comment,
          waiverOwner: d.waiverOwner,
          waiverExpires: d.waiverExpires,
          findings: seen
        },
        now,
        actor.sign
      )
      cases.touch(input.caseId, now)
      return { ...d, documents: cited }
    })
  }

  /** The case's review state replayed from its review entries (the log, not the cases row, is the truth). */
  function replayedReview(caseId: string) {
    return audit
      .listForCase(caseId)
      .filter((e) => e.action.startsWith('review.'))
      .reduce(applyReviewAct, OPEN_REVIEW)
  }

  /**
   * The four-eyes review: submit, accept (a second auditor with a second key), return, reopen. Each step is a
   * signed entry of the audit chain; the accept signature binds the head at acceptance (its previous hash).
   * The cases row is set from the log replayed after the step.
   */
  function review(caseId: string, action: ReviewAction, actor: Actor, comment = ''): CaseSummary {
    return writeTransaction(db, () => {
      const c = cases.get(caseId)
      const logged = replayedReview(caseId)
      const next = reviewTransition(logged, action, actor.name, comment)
      if ('refused' in next)
        throw new DomainError('CONFLICT', `Cannot ${action} case ${caseId}: ${next.refused}.`)
      if (action === 'accept' && logged.submittedKey === actor.fingerprint)
        throw new DomainError(
          'CONFLICT',
          `Cannot accept case ${caseId}: it was submitted with this key (${actor.fingerprint}); a second auditor with their own key must accept it (four eyes).`
        )
      const now = isoNow(clock)
      const entry = audit.append(
        actor.name,
        `review.${action}`,
        caseId,
        { from: c.status, to: next.status, comment: comment.trim() },
        now,
        actor.sign
      )
      const after = applyReviewAct(logged, entry)
      const { status, submittedBy, submittedAt, acceptedBy, acceptedAt } = after
      cases.setReview(caseId, { status, submittedBy, submittedAt, acceptedBy, acceptedAt }, now)
      return cases.get(caseId)
    })
  }

  function decideMany(requests: readonly DecisionRequest[], actor: Actor): Decision[] {
    return writeTransaction(db, () => requests.map((r) => decide(r, actor)))
  }

  return { defaultDate, caseReview, decide, decideMany, review }
}
