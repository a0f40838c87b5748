/**
 * Reconciliation: every claim held against the evidence. Pure: the same input always gives the same
 * findings, so the UI, the CLI and the tests agree. One pass over the results builds an index
 * (`caseFacts`); the rules (reconcile-rules.ts, a table of small named functions) then look up what they
 * need, so 1,000 criteria × 50,000 results stay well under 50 ms.
 */
import type { Lifetime } from './types'
import { expiryUnder, testcaseOutcome, worstResult } from './evaluate'
import { FINDING_TYPE_NAMES, say } from '../text/messages'
import { compareIds } from '../text/compare-ids'
import { isManualCheck } from './scope-status'
import type {
  CriterionRow,
  Finding,
  FindingType,
  ReconcileInput,
  Reconciliation,
  Severity,
  TestcaseState
} from './reconcile-types'
import {
  caseFacts,
  CASE_RULES,
  REPORT_RULES,
  ROW_RULES,
  SUBJECT_RULES,
  type FindingDraft,
  type Latest,
  type RowFacts
} from './reconcile-rules'

export type {
  CriterionRow,
  Finding,
  FindingType,
  OpcRun,
  ReconcileInput,
  ReconcileReport,
  ReconcileResult,
  Reconciliation,
  Severity,
  TestcaseState
} from './reconcile-types'

export const SEVERITIES: readonly Severity[] = ['blocker', 'major', 'minor', 'info']

/** What each type means (English; the names in both languages are FINDING_TYPE_NAMES of text/messages). */
export const FINDING_TYPES: Readonly<Record<FindingType, string>> = {
  'claim-contradicted': 'claimed met, but a check of the criterion fails or did not finish',
  'claim-unproven':
    'claimed met, but a required check has no result, or a manual criterion has no evidence entry',
  'claim-understated': 'claimed not met or not applicable, but the checks pass',
  'evidence-stale':
    'the check result is past its lifetime at the decision date: it counts as MISSING from the instant of expiry',
  'subject-mismatch': 'a report is for a cloud the submission does not name, or a named cloud has no report',
  'version-mismatch': 'the checks or the claim concern another, or a deprecated, version of the scope',
  'manual-evidence-missing': 'a standard without automated checks has no evidence (SCS-0007 w1)',
  'joint-share-missing': 'a jointly run environment has no statement of the applicant’s own share',
  'duplicate-claim': 'the same cloud is claimed in another case of the workspace',
  'implausible-figure': 'figures contradict each other or the evidence',
  'report-signature-invalid':
    'the report’s signature is invalid, or its key is not in the trust list or not allowed to sign it',
  'signer-subject-mismatch':
    'the report is signed by a trusted key whose principals do not include the report’s subject',
  'subject-confusable': 'two subjects of the case look alike but are different (Unicode TR39 skeleton)',
  'claim-missing': 'a criterion of the version applied for has no answer for a subject',
  'evidence-unresolved': 'an attachment:NAME evidence reference names no document attached to the case',
  'evidence-hash-mismatch': 'the attached document differs from the SHA-256 the self-assessment gives for it'
}

export { FINDING_TYPE_NAMES }

const RANK: Record<Severity, number> = { blocker: 0, major: 1, minor: 2, info: 3 }
export const worstOf = (xs: readonly Severity[]): Severity | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b))

export function reconcile(input: ReconcileInput): Reconciliation {
  const { scope, decisionDate, submission } = input
  const facts = caseFacts(input)
  const findings: Finding[] = []
  const byRow = new Map<string, Finding[]>()
  const add = (drafts: readonly FindingDraft[]): void => {
    for (const f of drafts) {
      const { about, ...rest } = f
      const finding: Finding = {
        id: `${f.type}|${f.criterion}|${f.subject}|${about ?? ''}`,
        ...rest,
        message: say(f.msg, 'en')
      }
      findings.push(finding)
      const key = `${f.criterion}\u0000${f.subject}`
      const list = byRow.get(key)
      if (list) list.push(finding)
      else byRow.set(key, [finding])
    }
  }

  for (const rep of facts.reports) for (const rule of REPORT_RULES) add(rule.check(rep, facts))
  for (const rule of CASE_RULES) add(rule.check(null, facts))
  const inScope = input.onlySubjects ? new Set(input.onlySubjects) : null
  for (const s of submission?.subjects ?? []) {
    if (inScope && !inScope.has(s.id)) continue
    for (const rule of SUBJECT_RULES) add(rule.check(s, facts))
  }

  // --- per criterion × subject: the subjects are the submission's; without one, the reports'
  const subjects = input.onlySubjects ?? (submission ? facts.claimedSubjects : facts.reportSubjects)
  const modules = new Map(scope.modules.map((m) => [m.id, m]))
  const criteria = scope.versions.find((v) => v.version === input.schemeVersion)?.criteria ?? []
  const EMPTY = new Map<string, Latest>()
  const rows: CriterionRow[] = []
  // expiry depends only on the check date and the lifetime: a handful of distinct values per case
  const expiryCache = new Map<string, Map<Lifetime | null, string | null>>()
  const expiryOf = (checkedAt: string, lifetime: Lifetime | null): string | null => {
    let byLifetime = expiryCache.get(checkedAt)
    if (!byLifetime) expiryCache.set(checkedAt, (byLifetime = new Map()))
    let e = byLifetime.get(lifetime)
    if (e === undefined)
      byLifetime.set(lifetime, (e = expiryUnder(input.evidenceRules.freshness, checkedAt, lifetime)))
    return e
  }
  for (const subject of subjects) {
    const latest = facts.latestBySubject.get(subject) ?? EMPTY
    for (const cid of criteria) {
      const m = modules.get(cid)
      if (!m) continue
      const answer = facts.answers.get(`${cid}\u0000${subject}`) ?? null
      const states: TestcaseState[] = []
      for (const [target, ids] of Object.entries(m.targets)) {
        for (const tc of ids) {
          const l = latest.get(tc)
          const o = testcaseOutcome(
            l,
            l ? expiryOf(l.checkedAt, facts.lifetimes.get(tc) ?? null) : null,
            decisionDate
          )
          states.push({
            testcase: tc,
            target,
            result: o.result,
            effective: o.effective,
            checkedAt: o.checkedAt,
            expiresAt: o.expiresAt,
            freshness: o.freshness,
            reportId: l?.reportId ?? null
          })
        }
      }
      const main = states.filter((x) => x.target === 'main')
      const row: RowFacts = {
        module: m,
        subject,
        answer,
        claim: answer?.claim ?? null,
        states,
        main,
        // without required testcases: a manual check, unless the scheme's rules say it has nothing to prove
        manual: isManualCheck(input.scope, cid, input.evidenceRules),
        isOpc: cid.startsWith('opc-')
      }
      for (const rule of ROW_RULES) add(rule.check(row, facts))
      const own = byRow.get(`${cid}\u0000${subject}`) ?? []
      rows.push({
        criterion: cid,
        name: m.name,
        url: m.url,
        manual: row.manual,
        subject,
        claim: answer
          ? {
              claim: answer.claim,
              statement: answer.statement,
              evidence: answer.evidence,
              figures: answer.figures
            }
          : null,
        testcases: states,
        findingIds: own.map((f) => f.id),
        worst: worstOf(own.map((f) => f.severity)),
        outcome: main.length ? worstResult(main.map((x) => x.effective)) : null
      })
    }
  }
  findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      compareIds(a.criterion, b.criterion) ||
      compareIds(a.subject, b.subject) ||
      compareIds(a.type, b.type)
  )
  return { rows, findings, subjects }
}
