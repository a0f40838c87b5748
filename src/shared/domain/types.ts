/** Domain types shared by main, renderer and CLI. Every field is JSON-safe (ISO dates as strings). */

export type CheckResult = 'PASS' | 'FAIL' | 'ABORT' | 'MISSING'
/** Raw values in scs-compliance-check reports: 1 PASS, 0 ABORT (did not finish), -1 FAIL. */
export type ResultValue = -1 | 0 | 1

export type VersionStatus = 'draft' | 'effective' | 'warn' | 'deprecated'
/** a testcase's lifetime, and how long an accepted manual check holds (add_period periods) */
export const LIFETIMES = ['day', 'week', 'month', 'quarter', 'year'] as const
export type Lifetime = (typeof LIFETIMES)[number]
/** `scoring`: a points scheme (SCS-0007) defined only by its rule file */
export type SchemeKind = 'scs-scope' | 'interop-guideline' | 'scoring'

export interface SchemeSummary {
  readonly id: string
  readonly kind: SchemeKind
  readonly name: string
  readonly uuid: string
  readonly url: string
  readonly builtin: boolean
  readonly versions: readonly string[]
  readonly updatedAt: string
  /** SHA-256 of the stored definition: a verdict records it to name the exact scheme it used */
  readonly sha256: string
}

export interface TestcaseDef {
  readonly id: string
  readonly description: string
  readonly url: string
  readonly lifetime: Lifetime | null
  readonly section: string | null
  /** tempest's idempotent id (`id-…`), for interop guideline tests */
  readonly uuid?: string | null
}

/** A criterion of a scope version is one included module. Its testcases are the module's targets. */
export interface CriterionDef {
  readonly id: string
  readonly name: string
  readonly url: string
  /** target name (`main`, `preview`, …) → testcase ids */
  readonly targets: Readonly<Record<string, readonly string[]>>
  readonly parameters: Readonly<Record<string, unknown>>
}

export interface SchemeVersionDef {
  readonly version: string
  readonly stabilizedAt: string | null
  readonly criteria: readonly string[]
  /** per-version parameters of `ref` includes, keyed by module id */
  readonly parameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>
}

export interface TimelineEntry {
  readonly date: string
  readonly versions: Readonly<Record<string, VersionStatus>>
}

/** A certificate scope as read from `Tests/scs-compatible-*.yaml`. */
export interface ScopeDef {
  readonly name: string
  readonly uuid: string
  readonly url: string
  readonly variables: readonly string[]
  readonly testcases: readonly TestcaseDef[]
  readonly modules: readonly CriterionDef[]
  readonly versions: readonly SchemeVersionDef[]
  readonly timeline: readonly TimelineEntry[]
  /** points schemes (SCS-0007): the scope whose compliance reports the referenced environments bring */
  readonly reference?: string
}

/** What `scheme import FILE` would change (a preview) or did change. */
export interface SchemeImportResult {
  readonly file: string
  readonly sha256: string
  readonly kind: 'scs-scope' | 'interop-guideline'
  readonly schemeId: string
  readonly name: string
  /** added | updated | unchanged (same file, or same content) | older (the workspace holds a newer copy) */
  readonly outcome: 'added' | 'updated' | 'unchanged' | 'older'
  readonly changes: readonly {
    readonly version: string | null
    readonly text: string
    /** a stable version's requirements (or a past timeline entry) change: refused unless forced */
    readonly stable: boolean
  }[]
  /** SHA-256 of the stored definition before, and of the one stored after (or that would be) */
  readonly definitionBefore: string | null
  readonly definitionAfter: string
  /** false for a preview, and when nothing needed writing */
  readonly applied: boolean
  /** the reason given to force a change of a stable version; it is in the audit log */
  readonly forcedReason: string | null
}

export interface SchemeDetail extends SchemeSummary {
  readonly scope: ScopeDef
}

export type CaseStatus = 'open' | 'submitted' | 'accepted'

export interface CaseSummary {
  readonly id: string
  readonly title: string
  readonly schemeId: string
  readonly schemeVersion: string
  /** open → submitted (for review) → accepted (locked); returned goes back to open, reopened too */
  readonly status: CaseStatus
  readonly submittedBy: string | null
  readonly acceptedBy: string | null
  readonly createdAt: string
  /** 1 for a first certification; a renewal is the next round of `previousCaseId` */
  readonly round: number
  readonly previousCaseId: string | null
  readonly fileCount: number
  readonly resultCount: number
}

/**
 * valid: the trust list allows the key for the report's subject; invalid: the bytes do not verify;
 * unknown-key: the key is not in the trust list; not-allowed: its trust-list line refuses this signature
 * (namespaces, valid-after/-before, cert-authority); wrong-subject: the key is listed for other subjects.
 */
export type SignatureState =
  'valid' | 'invalid' | 'unsigned' | 'unknown-key' | 'not-allowed' | 'wrong-subject'
export type ImportKind =
  | 'scs-report'
  | 'scs-scope'
  | 'self-assessment'
  | 'xlsx-questionnaire'
  | 'interop-guideline'
  | 'refstack-results'
  | 'junit-xml'
  | 'evidence-document'

/** What the auditor and the CLI see after each file. */
export interface ImportReceipt {
  readonly file: string
  readonly sha256: string
  readonly size: number
  readonly kind: ImportKind
  /** true when the same bytes were already in this case; nothing new was stored */
  readonly alreadyImported: boolean
  readonly importedAt: string
  readonly scheme: { readonly id: string; readonly name: string } | null
  readonly subjects: readonly string[]
  readonly documents: number
  readonly counts: {
    readonly accepted: number
    readonly unknown: number
    readonly missing: number
    readonly duplicate: number
  }
  readonly unknownTestcases: readonly string[]
  readonly missingTestcases: readonly string[]
  readonly versionMismatches: readonly string[]
  readonly signature: SignatureState
  /** who signed (trust-list identity) or the unknown key's fingerprint */
  readonly signer: string | null
  readonly notes: readonly string[]
}

export interface ImportedFileInfo {
  readonly id: number
  readonly file: string
  readonly sha256: string
  readonly size: number
  readonly kind: ImportKind
  readonly importedAt: string
  readonly receipt: ImportReceipt
}

export interface ReportInfo {
  readonly id: number
  readonly fileId: number
  readonly subject: string
  readonly schemeId: string
  readonly checkedAt: string
  readonly referenceDate: string
  readonly runUuid: string | null
  readonly signature: SignatureState
}

/** One row of the results table. */
export interface ResultRow {
  readonly id: number
  readonly reportId: number
  readonly subject: string
  readonly testcase: string
  readonly result: CheckResult
  readonly checkedAt: string
  readonly expiresAt: string | null
  /** fresh at the decision date the rows were computed for */
  readonly fresh: boolean
  readonly criteria: string
}

export interface VersionEvaluation {
  readonly version: string
  readonly status: VersionStatus
  readonly subject: string
  readonly outcome: CheckResult
  readonly counts: Readonly<Record<CheckResult, number>>
  /** main testcases whose result has expired at the decision date */
  readonly expired: number
}

export interface CaseDetail {
  readonly case: CaseSummary
  readonly scheme: SchemeSummary
  readonly versions: readonly {
    readonly version: string
    readonly status: VersionStatus
    readonly stabilizedAt: string | null
  }[]
  readonly files: readonly ImportedFileInfo[]
  readonly reports: readonly ReportInfo[]
  readonly evaluations: readonly VersionEvaluation[]
  readonly decisionDate: string
  /** the audit chain, checked whenever a case is opened */
  readonly audit: {
    readonly entries: number
    readonly head: string
    readonly broken: { readonly seq: number; readonly position: number; readonly reason: string } | null
    /** the case's tables replayed from the log and its signed acts checked: empty when the log is the truth */
    readonly problems: readonly LogProblem[]
  }
}

export interface AuditEntry {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly caseId: string | null
  readonly payload: unknown
  readonly hash: string
  readonly prevHash: string
  /** the actor's SSHSIG over the entry (namespace auditor-workbench), for signed acts */
  readonly signature: string | null
  /** its place in its case's own chain (v80): the portable name of the entry; null for entries of no case */
  readonly caseSeq: number | null
  readonly casePrev: string | null
  readonly caseHash: string | null
  /** 1: signed over the global chain (before v80); 2: signed over the case chain */
  readonly format: number
}

/** A difference between the log and the workspace's tables, or an act whose signature does not hold. */
export interface LogProblem {
  /** the audit entry concerned, if any */
  readonly entry: number | null
  /** the table row concerned, e.g. "decisions#12", "cases/c1", "reports#3 (file r.yaml)" */
  readonly row: string | null
  readonly message: string
}

export interface LogExcerpt {
  readonly file: string
  readonly checkedAt: string
  readonly cmd: string
  readonly rc: number | null
  readonly lines: readonly string[]
}
