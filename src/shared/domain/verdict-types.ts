/**
 * The verdict: what `verdict --json` prints, what the review screen shows, and what the signed PDF renders
 * and embeds. JSON-safe; dates are ISO strings. The computation lives in verdict.ts.
 */
import type { VerdictDocument } from './documents'
import type { Claim } from './submission'
import type { DecisionKind, FindingState } from './decisions'
import type { FindingType, Severity } from './reconcile'
import type { ImportKind, Lifetime } from './types'
import type { Msg } from '../text/messages'

export const VERDICT_FORMAT = 'auditor-workbench/verdict@1'

/** How a scheme scores: a scope (pass/tentative/fail), SCS-0007 points and tiers, or an interop guideline. */
export type RuleModel = 'scope' | 'points' | 'guideline'

/** Status of one criterion and subject. `pass`/`waived` count towards a pass; `pending` makes it tentative. */
export type CriterionStatus =
  | 'pass'
  | 'waived'
  | 'tentative'
  /** a main check did not finish (ABORT; the monitor's "inconclusive"), none failed or is missing: it does not certify */
  | 'inconclusive'
  | 'pending'
  | 'fail'
  | 'rejected'
  /** points schemes: the reference scores points */
  | 'counted'
  /** points schemes: the reference scores nothing (the why says which condition failed) */
  | 'not-counted'

/**
 * The rule applied and the facts it used: testcases, dates, decisions. No opaque score. `msg` holds the same
 * as codes and parameters (text/messages.ts puts them into English or German); `rule` and `facts` are the
 * English text. Verdicts written before the codes existed have no `msg`.
 */
export interface Why {
  readonly rule: string
  readonly facts: readonly string[]
  readonly msg?: { readonly rule: Msg; readonly facts: readonly Msg[] }
}

export interface VerdictDecision {
  readonly decision: DecisionKind
  readonly auditor: string
  readonly comment: string
  readonly decidedAt: string
  readonly waiverOwner: string | null
  readonly waiverExpires: string | null
}

export interface VerdictCriterion {
  readonly criterion: string
  readonly name: string
  readonly subject: string
  readonly status: CriterionStatus
  /** points schemes only */
  readonly points?: number
  readonly claim: Claim | null
  readonly statement: string
  /** the evidence in one line, e.g. "12/12 main checks PASS, the first expires 2026-12-01" */
  readonly evidence: string
  /** `evidence` as a code and its parameters */
  readonly evidenceMsg?: Msg
  /** some of its evidence has expired at the decision date (a stale check result or a stale reference) */
  readonly stale: boolean
  readonly decision: VerdictDecision | null
  readonly why: Why
}

export interface VerdictSubject {
  readonly id: string
  readonly name: string | null
  /** scope/guideline: pass | tentative | fail of the subject; points: counted | not-counted */
  readonly outcome: string
  readonly points?: number
  readonly why: Why
}

/**
 * An accepted manual check the verdict rests on (SCS-0004: manual checks are repeated), as the review holds
 * it: the register's surveillance lists it as due from `freshUntil`, and a later accepting decision on the
 * same criterion and subject renews it for another `lifetime`.
 */
export interface VerdictManualCheck {
  readonly criterion: string
  readonly subject: string
  readonly decidedAt: string
  /** the rule file's `manualLifetime` (add_period semantics, as a result's lifetime) */
  readonly lifetime: Lifetime
  /** when it is due again: expiryDate(decidedAt, lifetime) */
  readonly freshUntil: string
}

export interface VerdictWaiver {
  readonly criterion: string
  readonly subject: string
  readonly owner: string
  readonly rationale: string
  readonly expires: string
  readonly auditor: string
  /** false once expired at the decision date: it no longer counts */
  readonly active: boolean
}

export interface VerdictFinding {
  readonly id: string
  readonly type: FindingType
  readonly severity: Severity
  readonly criterion: string
  readonly subject: string
  readonly state: FindingState
  readonly message: string
  /** the finding as a code and its parameters */
  readonly msg?: Msg
  /** how it was resolved: the decision, in words; '' while open */
  readonly resolution: string
  readonly resolutionMsg?: Msg
}

export interface VerdictFile {
  readonly file: string
  readonly kind: ImportKind
  readonly sha256: string
  readonly importedAt: string
}

export interface Verdict {
  readonly format: typeof VERDICT_FORMAT
  readonly caseId: string
  readonly title: string
  readonly round: number
  readonly scheme: string
  readonly schemeName: string
  readonly schemeVersion: string
  readonly model: RuleModel
  readonly decisionDate: string
  /** scope/guideline: pass | tentative | fail; points: a tier id (silver, bronze) or not-granted */
  readonly outcome: string
  /** the tier's or outcome's display name, e.g. "Certified SCS IaaS Integrator Silver" */
  readonly outcomeName: string
  /** points schemes only */
  readonly points?: number
  /** one year (the rule file's validity) from the decision date, when a certificate can be issued */
  readonly validUntil: string | null
  readonly why: Why
  readonly applicant: { readonly name: string; readonly id: string | null } | null
  readonly partners: readonly { readonly name: string; readonly role: string }[]
  readonly subjects: readonly VerdictSubject[]
  readonly criteria: readonly VerdictCriterion[]
  readonly findings: readonly VerdictFinding[]
  readonly waivers: readonly VerdictWaiver[]
  /**
   * the waivers the outcome rests on (without them it would be lower), earliest expiry first: the certificate
   * page names them, and `validUntil` is no later than the first one's expiry
   */
  readonly reliesOnWaivers?: readonly VerdictWaiver[]
  /**
   * the accepted manual checks it rests on, each with when it is due again (absent in verdicts computed
   * before 2026-12-02: the register's surveillance takes every accepting decision of those for one)
   */
  readonly manualChecks?: readonly VerdictManualCheck[]
  readonly files: readonly VerdictFile[]
  /** the evidence documents attached to the case, with the criteria whose decisions cite them (absent when none) */
  readonly documents?: readonly VerdictDocument[]
  readonly review: {
    readonly status: 'open' | 'submitted' | 'accepted'
    readonly submittedBy: string | null
    readonly acceptedBy: string | null
  }
  /** the audit log at the time of the verdict: the signed PDF binds the whole history */
  readonly audit: VerdictAudit
  /**
   * the auditors whose signed acts the verdict rests on, with their key fingerprints, and the reviewer's
   * signed acceptance (its entry and SSHSIG, which binds the head at acceptance); absent before v40
   */
  readonly auditors?: readonly VerdictAuditor[]
  readonly acceptance?: {
    /** its number in the log of the workspace that computed the verdict (workspace-local) */
    readonly entry: number
    /** its place and hash in the case's own chain (portable; absent in verdicts from before v80) */
    readonly caseSeq?: number
    readonly caseHash?: string
    readonly at: string
    readonly by: string
    readonly fingerprint: string
    readonly signature: string
  } | null
  /** the rule file the verdict was computed with */
  readonly rules: { readonly file: string; readonly sha256: string }
  /**
   * the scheme definitions the verdict used (the case's scheme, and for a points scheme the scope its
   * references must pass), each with the SHA-256 of the stored definition: a later change is visible
   */
  readonly schemeDefinitions: readonly { readonly id: string; readonly sha256: string }[]
  /** what stands between this case and a signed certificate, one line per blocking criterion */
  readonly blocking: readonly string[]
  /** `blocking` as codes and parameters */
  readonly blockingMsgs?: readonly Msg[]
}

/**
 * The audit log a verdict was computed over. `head` and `entries` name the whole log of the workspace that
 * computed it (workspace-local). `caseHead` (absent before v80 verdicts) is the case chain's newest entry:
 * its `caseSeq` and `caseHash` are the same in every workspace that holds the case (case bundles), its
 * `entry` and `hash` are that entry's number and hash in the computing workspace's log.
 */
export interface VerdictAudit {
  readonly head: string
  readonly entries: number
  readonly caseHead?: {
    readonly caseSeq: number
    readonly caseHash: string
    readonly entry: number
    readonly hash: string
  }
}

export interface VerdictAuditor {
  readonly name: string
  readonly fingerprint: string
  /** what they signed: "decisions", "submitted", "accepted" */
  readonly acts: readonly string[]
}

/** A PDF signature as our verifier sees it (src/main/pdf/pdf-verify.ts, trust.ts, tsp.ts). */
export interface SignatureCheck {
  /** the signature field's full name */
  readonly field: string
  /** an approval signature (ETSI.CAdES.detached) or a document timestamp (ETSI.RFC3161) */
  readonly kind: 'signature' | 'document-timestamp'
  readonly signed: boolean
  /** the cryptography: the digest over the signed ranges and the signature value */
  readonly valid: boolean
  /** the signed ranges reach the end of the file */
  readonly coversWholeDocument: boolean
  /** something other than a document timestamp was added to the file after this signature */
  readonly modifiedAfter: boolean
  /** where the signed ranges end */
  readonly signedBytes: number
  readonly digestOk: boolean
  readonly signatureOk: boolean
  readonly subFilter: string | null
  readonly signer: {
    readonly commonName: string
    readonly subject: string
    readonly issuer: string
    readonly serial: string
    /** SHA-256 of the signer certificate, AB:CD:… */
    readonly fingerprint: string
  } | null
  /** the time the signature dictionary claims (M); only a timestamp proves it */
  readonly signingTime: string | null
  /** the signature timestamp (PAdES-B-T) or the document timestamp's own token */
  readonly timestamp: TimestampCheck | null
  readonly trust: TrustCheck | null
  readonly pades: {
    readonly signingCertificateV2: boolean
    readonly signingTimeAttribute: boolean
    readonly digest: string
  }
  readonly problems: readonly string[]
}

/** An RFC 3161 timestamp token: its time, whether it fits what it stamps, whether its TSA is trusted. */
export interface TimestampCheck {
  readonly time: string | null
  readonly tsa: string | null
  /** the message imprint matches and the token's signature verifies */
  readonly ok: boolean
  /** the TSA certificate chains to the trust list and has the timeStamping extended key usage */
  readonly trusted: boolean
  readonly problems: readonly string[]
}

/** The certificate path from a signer to the trust list, judged at one time. */
export interface TrustCheck {
  /** the path was built to an anchor in the trust list */
  readonly chained: boolean
  /** chained, and every certificate on the path passes at checkedAt */
  readonly ok: boolean
  /** subjects, signer first, anchor last */
  readonly path: readonly string[]
  readonly checkedAt: string
  /** a timestamp's time, or the verification time when no trusted timestamp exists */
  readonly timeSource: 'timestamp' | 'verification time'
  readonly problems: readonly string[]
}

/** VALID: sound, whole file, trusted body, matching verdict. UNTRUSTED: sound, but not a trusted body. */
export type VerifyOutcome = 'VALID' | 'UNTRUSTED' | 'INVALID'

/** `verify FILE.pdf` and the "Verify a verdict" screen. */
export interface VerdictCheck {
  readonly file: string
  readonly outcome: VerifyOutcome
  /** one sentence: why this outcome */
  readonly reason: string
  /** SHA-256 of the certificate of the signature that certifies the verdict, AB:CD:…; null when unsigned */
  readonly fingerprint: string | null
  /** outcome === 'VALID' */
  readonly ok: boolean
  /** the approval signature that certifies the verdict: the last one (every one is in `signatures`) */
  readonly signature: SignatureCheck
  /** every signature and document timestamp of the file, oldest first */
  readonly signatures: readonly SignatureCheck[]
  readonly trustList: { readonly source: string; readonly entries: number }
  readonly verdict: {
    readonly id: string | null
    readonly sha256: string | null
    readonly caseId: string | null
    readonly outcome: string | null
    readonly decisionDate: string | null
    /** the last day of the certificate the verdict states (its valid until), or null */
    readonly validUntil: string | null
    /** the verification time is past that day: genuine, but no longer a current certificate */
    readonly lapsed: boolean
    readonly matches: boolean
  }
  readonly audit: {
    readonly checked: boolean
    readonly ok: boolean
    readonly message: string
    /** what the log check could not establish in this workspace, though the verdict holds (absent when none) */
    readonly note?: string
  }
  readonly problems: readonly string[]
}
