/**
 * The score stage, on top of the review stage: the scheme's rule file applied to a case (the verdict, with
 * the documents its decisions cite), the diff between rounds, and acceptances carried forward.
 */
import type { Repos } from '../db/repos'
import type { ReviewService } from '../review/review.service'
import type { Decision } from '../../shared/domain/decisions'
import type { Actor } from '../identity/identities'
import type { Verdict } from '../../shared/domain/verdict-types'
import { computeVerdict } from '../../shared/domain/verdict'
import { carryable, diffRounds, type RoundDiff } from '../../shared/domain/rounds'
import { versionStatusAt } from '../../shared/domain/scope-status'
import { manualLifetimeFor, rulesFor, type RuleRegistry } from '../scheme-rules'
import { DomainError } from '../errors'
import type { VerdictAudit, VerdictAuditor } from '../../shared/domain/verdict-types'
import { applyReviewAct, OPEN_REVIEW } from '../log-truth'
import { fingerprint, signatureKey } from '../import/sshsig'

export interface ScoringDeps extends Pick<
  Repos,
  'schemes' | 'cases' | 'evidence' | 'submissions' | 'decisions' | 'audit' | 'documents'
> {
  /** the rule files, read on first use */
  readonly rules: () => RuleRegistry
  /** the stage below: a verdict scores the case's review; carrying forward records decisions */
  readonly review: Pick<ReviewService, 'caseReview' | 'decideMany'>
}

export interface ScoringService {
  /** the scheme's rule file applied to the case at the decision date (today unless given) */
  verdict(id: string, at?: string): Verdict
  /** what changed per criterion since the earlier round */
  roundDiff(id: string): RoundDiff
  /** the earlier round's accepted decisions carried forward where unchanged: all of them, or none */
  carryForward(id: string, actor: Actor): Decision[]
}

export function createScoring(d: ScoringDeps): ScoringService {
  /** The scheme's rule file applied to the case at the decision date (today unless given), with why-traces. */
  function verdict(id: string, at?: string): Verdict {
    const review = d.review.caseReview(id, at)
    const c = d.cases.get(id)
    const scheme = d.schemes.get(c.schemeId)
    const r = rulesFor(d.rules(), c.schemeId)
    const chain = d.audit.check()
    const v = computeVerdict({
      rules: r.rules,
      rulesFile: { file: r.file, sha256: r.sha256 },
      manualLifetime: manualLifetimeFor(d.rules(), c.schemeId),
      schemeDefinitions: [
        { id: scheme.id, sha256: scheme.sha256 },
        ...(r.rules.model === 'points'
          ? [d.schemes.get(r.rules.reference.scope)].map((s) => ({ id: s.id, sha256: s.sha256 }))
          : [])
      ],
      caseInfo: c,
      round: c.round,
      schemeName: scheme.name,
      versionStatus:
        scheme.kind === 'scoring'
          ? null
          : versionStatusAt(scheme.scope, c.schemeVersion, review.decisionDate),
      review,
      submission: d.submissions.latestForCase(id),
      files: d.evidence
        .listFiles(id)
        .map((f) => ({ file: f.file, kind: f.kind, sha256: f.sha256, importedAt: f.importedAt })),
      audit: { head: chain.head, entries: chain.entries, ...caseHeadOf(id) }
    })
    return withDocuments({ ...v, ...signedActs(id) })
  }

  /** the verdict lists every attached document with the criteria whose current decisions cite it */
  function withDocuments(v: Verdict): Verdict {
    const docs = d.documents.list(v.caseId)
    if (docs.length === 0) return v
    const citations = d.documents.citations(v.caseId)
    const current = d.decisions.current(v.caseId)
    return {
      ...v,
      documents: docs.map((d) => ({
        name: d.name,
        sha256: d.sha256,
        size: d.size,
        mediaType: d.mediaType,
        citedBy: current
          .filter((x) => (citations.get(x.id) ?? []).includes(d.sha256))
          .map((x) => [x.criterion, x.subject].filter(Boolean).join(' / '))
      }))
    }
  }

  /**
   * The case chain's newest entry: its place and hash in the case chain (the same in every workspace holding
   * the case) and in this workspace's log. Absent for a case without entries of the case chain (before v80).
   */
  function caseHeadOf(id: string): Pick<VerdictAudit, 'caseHead'> {
    const last = d.audit.rowsOfCase(id).at(-1)
    return last && last.case_seq !== null && last.case_hash !== null
      ? { caseHead: { caseSeq: last.case_seq, caseHash: last.case_hash, entry: last.seq, hash: last.hash } }
      : {}
  }

  /** Who signed what the verdict rests on (the current decisions, the review), read from the log. */
  function signedActs(id: string): Pick<Verdict, 'auditors' | 'acceptance'> {
    const entries = d.audit.listForCase(id)
    const keyOf = (sig: string | null): string => {
      const blob = sig ? signatureKey(sig) : null
      return blob ? fingerprint(blob) : 'unsigned'
    }
    const acts = new Map<string, { name: string; fingerprint: string; acts: Set<string> }>()
    const note = (name: string, fp: string, act: string): void => {
      const k = `${name}\u0000${fp}`
      if (!acts.has(k)) acts.set(k, { name, fingerprint: fp, acts: new Set() })
      acts.get(k)!.acts.add(act)
    }
    // decisions are named by their entry's place in the case chain (row ids differ between workspaces)
    const current = d.decisions.currentEntries(id)
    for (const e of entries)
      if (e.action === 'decision' && e.caseSeq !== null && current.has(e.caseSeq))
        note(e.actor, keyOf(e.signature), 'decisions')
    let review = OPEN_REVIEW
    let accept: (typeof entries)[number] | null = null
    for (const e of entries)
      if (e.action.startsWith('review.')) {
        review = applyReviewAct(review, e)
        accept = e.action === 'review.accept' ? e : e.action === 'review.submit' ? accept : null
      }
    if (review.submittedBy) note(review.submittedBy, review.submittedKey ?? 'unsigned', 'submitted')
    if (review.acceptedBy) note(review.acceptedBy, review.acceptedKey ?? 'unsigned', 'accepted')
    return {
      auditors: [...acts.values()].map((a) => ({ ...a, acts: [...a.acts] }) satisfies VerdictAuditor),
      acceptance:
        review.status === 'accepted' && accept?.signature
          ? {
              entry: accept.seq,
              ...(accept.caseSeq !== null && accept.caseHash !== null
                ? { caseSeq: accept.caseSeq, caseHash: accept.caseHash }
                : {}),
              at: accept.at,
              by: accept.actor,
              fingerprint: keyOf(accept.signature),
              signature: accept.signature
            }
          : null
    }
  }

  /** What changed per criterion since the earlier round: each round reviewed at its own decision date. */
  function roundDiff(id: string): RoundDiff {
    const c = d.cases.get(id)
    if (!c.previousCaseId)
      throw new DomainError(
        'USAGE',
        `Case ${id} is a first round; start a renewal with an earlier case as its previous round.`
      )
    const before = d.review.caseReview(c.previousCaseId, d.cases.decidedOn(c.previousCaseId))
    return diffRounds(id, c.previousCaseId, c.round, before.rows, d.review.caseReview(id).rows)
  }

  /**
   * Carries the earlier round's accepted decisions forward where claim and evidence are unchanged. Each is
   * recorded as a decision of this round (same checks, same audit log), naming where it came from.
   */
  function carryForward(id: string, actor: Actor): Decision[] {
    const diff = roundDiff(id)
    const decided = new Set(d.decisions.current(id).map((x) => `${x.criterion}\u0000${x.subject}`))
    // one command, one transaction: a refused decision leaves none of the others recorded
    return d.review.decideMany(
      carryable(diff, decided).map((r) => ({
        caseId: id,
        criterion: r.criterion,
        subject: r.subject,
        decision: 'accept',
        comment: `carried forward from round ${diff.round - 1} (case ${diff.previousCaseId}): claim and evidence unchanged; accepted there by ${r.previousDecision!.auditor}${r.previousDecision!.comment ? `: "${r.previousDecision!.comment}"` : ''}`
      })),
      actor
    )
  }

  return { verdict, roundDiff, carryForward }
}
