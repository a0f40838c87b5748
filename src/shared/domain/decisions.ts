/**
 * Auditor decisions per criterion and subject: accept, reject or waive. Pure rules; the workspace stores
 * decisions append-only (a new decision supersedes the previous one) and logs each in the audit chain.
 */
import { isIsoDate } from '../dates'
import type { Finding } from './reconcile'

export type DecisionKind = 'accept' | 'reject' | 'waive'
export type FindingState = 'open' | 'resolved' | 'waived'

export interface DecisionInput {
  readonly caseId: string
  readonly criterion: string
  /** '' for a criterion of the whole case */
  readonly subject: string
  readonly decision: DecisionKind
  readonly comment: string
  readonly auditor: string
  readonly waiverOwner?: string | null
  readonly waiverExpires?: string | null
  /** SHA-256 of the attached evidence documents the decision rests on (an accept of a manual criterion cites them) */
  readonly documents?: readonly string[]
}

/** A decision as an auditor asks for it: the auditor is the holder of the signing key, named by the roster. */
export type DecisionRequest = Omit<DecisionInput, 'auditor'>

export interface Decision extends Required<Omit<DecisionInput, 'documents'>> {
  readonly id: number
  readonly decidedAt: string
  /** the cited evidence documents (SHA-256); absent on decisions read where documents are not known */
  readonly documents?: readonly string[]
  /**
   * an accepted manual check is fresh until this date (SCS-0004: repeated every quarter; add_period semantics
   * of the rule file's `manualLifetime`, `quarter` by default); from it on the check is `evidence-stale`
   */
  readonly freshUntil?: string | null
  /**
   * the ids of the findings its criterion and subject had when it was recorded (its signed log entry names
   * them): it decides those, and a finding that arises later stays open. Null for a decision recorded before
   * v110, which covers every finding of its criterion and subject
   */
  readonly findings?: readonly string[] | null
}

/** The form field a problem belongs to, so a form can show it next to that field. */
export type DecisionField = 'comment' | 'auditor' | 'waiverOwner' | 'waiverExpires'

/**
 * What is wrong with a decision, in plain words, each with the field that causes it; empty when it may be
 * recorded. An empty criterion decides the case-level findings of the subject (the workspace checks that the
 * case has such findings).
 */
export function checkDecisionFields(
  d: DecisionInput,
  findings: readonly Finding[],
  today: string,
  /** what `today` is to the reader: the log check passes the day the decision was recorded */
  todayIs = 'today'
): { readonly field: DecisionField; readonly message: string }[] {
  const problems: { field: DecisionField; message: string }[] = []
  const comment = d.comment.trim()
  if (!d.auditor.trim()) problems.push({ field: 'auditor', message: 'name the auditor who decides' })
  if ((d.decision === 'reject' || d.decision === 'waive') && !comment)
    problems.push({ field: 'comment', message: `a ${d.decision} needs a comment that says why` })
  const serious = findings.filter(
    (f) =>
      f.criterion === d.criterion &&
      f.subject === d.subject &&
      (f.severity === 'blocker' || f.severity === 'major')
  )
  if (d.decision === 'accept' && serious.length > 0 && !comment) {
    problems.push({
      field: 'comment',
      message: `accepting over ${serious.length} open major or blocker finding(s) (${[...new Set(serious.map((f) => f.type))].join(', ')}) needs a comment that says why`
    })
  }
  if (d.decision === 'waive') {
    if (!d.waiverOwner?.trim())
      problems.push({ field: 'waiverOwner', message: 'a waiver needs an owner (who must resolve it)' })
    if (!d.waiverExpires || !isIsoDate(d.waiverExpires))
      problems.push({ field: 'waiverExpires', message: 'a waiver needs an expiry date (YYYY-MM-DD)' })
    else if (d.waiverExpires <= today)
      problems.push({
        field: 'waiverExpires',
        message: `the waiver's expiry ${d.waiverExpires} is not after ${todayIs} (${today})`
      })
  }
  return problems
}

/** What is wrong with a decision, in plain words; empty when it may be recorded. */
export function checkDecision(d: DecisionInput, findings: readonly Finding[], today: string): string[] {
  return checkDecisionFields(d, findings, today).map((p) => p.message)
}

/**
 * The state of a finding under the current decisions at a date: an expired waiver no longer counts, and a
 * decision counts only for the findings it names (Decision.findings).
 */
export function findingState(
  f: Finding,
  decisions: ReadonlyMap<string, Decision>,
  at: string
): { state: FindingState; decision: Decision | null } {
  const d = decisions.get(`${f.criterion}\u0000${f.subject}`) ?? null
  if (!d) return { state: 'open', decision: null }
  // a finding the decision never saw (a FAIL imported after an accept) is not decided by it
  if (d.findings && !d.findings.includes(f.id)) return { state: 'open', decision: d }
  if (d.decision === 'waive')
    return d.waiverExpires && d.waiverExpires > at
      ? { state: 'waived', decision: d }
      : { state: 'open', decision: d }
  return { state: 'resolved', decision: d }
}
