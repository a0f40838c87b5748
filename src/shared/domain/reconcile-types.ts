/**
 * The types of reconciliation (reconcile.ts runs it, reconcile-rules.ts holds its rules): a module of its own,
 * so the rules and the runner both import them without importing each other.
 */
import type { CheckResult, ResultValue, ScopeDef, SignatureState } from './types'
import type { Claim, EvidenceLink, Submission } from './submission'
import type { NamedBytes } from './documents'
import type { PointsRules } from './rules'
import type { Msg } from '../text/messages'
import type { EvidenceRules } from './evaluate'

export type Severity = 'blocker' | 'major' | 'minor' | 'info'

export type FindingType =
  | 'claim-contradicted'
  | 'claim-unproven'
  | 'claim-understated'
  | 'evidence-stale'
  | 'subject-mismatch'
  | 'version-mismatch'
  | 'manual-evidence-missing'
  | 'joint-share-missing'
  | 'duplicate-claim'
  | 'implausible-figure'
  | 'report-signature-invalid'
  | 'signer-subject-mismatch'
  | 'subject-confusable'
  | 'claim-missing'
  | 'evidence-unresolved'
  | 'evidence-hash-mismatch'

export interface ReconcileReport {
  readonly id: number
  readonly file: string
  readonly schemeId: string | null
  readonly subject: string
  readonly checkedAt: string
  readonly signature: SignatureState
  /** a version the run was forced to (`run.forced_version`), if any */
  readonly forcedVersion: string | null
}

export interface ReconcileResult {
  readonly reportId: number
  readonly testcase: string
  readonly value: ResultValue
}

export interface ReconcileInput {
  readonly caseId: string
  readonly schemeId: string
  readonly schemeVersion: string
  readonly scope: ScopeDef
  /** how the scheme's evidence counts (its rule file): whether results expire, what a manual criterion needs */
  readonly evidenceRules: EvidenceRules
  readonly decisionDate: string
  readonly submission: Submission | null
  readonly reports: readonly ReconcileReport[]
  readonly results: readonly ReconcileResult[]
  /** subject id → other cases that claim it */
  readonly claimedElsewhere: ReadonlyMap<string, readonly string[]>
  /**
   * RefStack runs imported into the case, already scored against their guideline: the evidence of the
   * OpenStack Powered Compute module (`opc-…`) of an SCS scope.
   */
  readonly opcRuns?: readonly OpcRun[]
  /** only these subjects get rows and per-subject checks (an integrator case reconciles one scope version at a time) */
  readonly onlySubjects?: readonly string[]
  /** false when the submission answers other criteria (SCS-0007 scoring items), not the scope's modules */
  readonly expectClaims?: boolean
  /** the evidence documents and imported files of the case: `attachment:NAME` references resolve against them */
  readonly documents?: readonly NamedBytes[]
  /**
   * The rule file of the case's points scheme (SCS-0007), when it has one: the plausibility rules read the
   * conditions of its scoring criteria (e.g. the regions and availability zones a public IaaS needs) from it.
   */
  readonly scoring?: PointsRules | undefined
}

export interface OpcRun {
  readonly reportId: number
  readonly file: string
  /** the run's cpid */
  readonly subject: string
  readonly guideline: string
  readonly passed: number
  /** required tests the run did not pass (flagged tests are never required) */
  readonly failed: readonly string[]
}

export interface TestcaseState {
  readonly testcase: string
  readonly target: string
  readonly result: CheckResult
  readonly checkedAt: string | null
  readonly expiresAt: string | null
  /** fresh | stale (expired: counts as MISSING from the instant of expiry; there is no grace) | none */
  readonly freshness: 'fresh' | 'stale' | 'none'
  /** what the result counts as at the decision date (evaluate.ts testcaseOutcome): MISSING once expired */
  readonly effective: CheckResult
  readonly reportId: number | null
}

export interface Finding {
  /** stable across recomputations: type, criterion, subject and what it is about */
  readonly id: string
  readonly type: FindingType
  readonly severity: Severity
  readonly criterion: string
  readonly subject: string
  readonly claim: Claim | null
  readonly evidence: string
  /** the finding as a code and its parameters: the review screen and the PDF put it into words */
  readonly msg: Msg
  /** `msg` in English (the CLI, the JSON) */
  readonly message: string
}

export interface CriterionRow {
  readonly criterion: string
  readonly name: string
  readonly url: string
  readonly manual: boolean
  readonly subject: string
  readonly claim: {
    readonly claim: Claim
    readonly statement: string
    readonly evidence: readonly EvidenceLink[]
    readonly figures: Readonly<Record<string, number>>
  } | null
  readonly testcases: readonly TestcaseState[]
  readonly findingIds: readonly string[]
  readonly worst: Severity | null
  /** the outcome of its main testcases at the decision date (the worst, FAIL > MISSING > ABORT > PASS); null when it has none */
  readonly outcome: CheckResult | null
}

export interface Reconciliation {
  readonly rows: readonly CriterionRow[]
  readonly findings: readonly Finding[]
  readonly subjects: readonly string[]
}
