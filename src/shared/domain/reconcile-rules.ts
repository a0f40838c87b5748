/**
 * The rules of reconciliation, one small named function each, in four tables by what they look at: a report,
 * the case, a subject of the self-assessment, a criterion × subject row. `reconcile()` (reconcile.ts) runs
 * the tables in this order and each table in its listed order, which fixes the order of the findings.
 * Figures a rule compares against come from rule data (the scheme rule files), not from literals here.
 */
import type { Lifetime, ResultValue, VersionStatus } from './types'
import type { Claim, SubmissionAnswer, SubmissionSubject } from './submission'
import { isIntegratorScheme } from './submission'
import type { CriterionDef } from './types'
import type {
  Finding,
  OpcRun,
  ReconcileInput,
  ReconcileReport,
  Severity,
  TestcaseState
} from './reconcile-types'
import { checkInstant, datePart, existsAt } from './evaluate'
import { versionStatusAt } from './scope-status'
import { confusableGroups, skeleton, visible } from './confusables'
import { checkCondition, describeSize, sizeCondition } from './conditions'
import { msg } from '../text/messages'
import { refFindings } from './documents'

/** A finding as a rule states it; reconcile() gives it its id and its English message. */
export type FindingDraft = Omit<Finding, 'id' | 'message'> & { readonly about?: string }

export interface Latest {
  readonly value: ResultValue
  readonly checkedAt: string
  /** checkInstant(checkedAt): which result is the latest compares instants */
  readonly instant: number
  readonly reportId: number
}

/** What every rule may look at: the input, and the indexes built once per reconciliation. */
export interface CaseFacts {
  readonly input: ReconcileInput
  /** the reports that exist at the decision date (one checked after it did not exist for this decision) */
  readonly reports: readonly ReconcileReport[]
  /** RefStack runs of reports that exist at the decision date */
  readonly opcRuns: readonly OpcRun[]
  /** the submission's subject ids */
  readonly claimedSubjects: readonly string[]
  /** the subjects of the reports of the case's scheme, sorted */
  readonly reportSubjects: readonly string[]
  /** the submission's answers by `criterion\0subject` */
  readonly answers: ReadonlyMap<string, SubmissionAnswer>
  /** latest result per subject and testcase among the reports of the case's scheme */
  readonly latestBySubject: ReadonlyMap<string, ReadonlyMap<string, Latest>>
  readonly lifetimes: ReadonlyMap<string, Lifetime | null>
  readonly versionStatus: VersionStatus
  /** the version reconciled is in the scope */
  readonly versionKnown: boolean
}

/** One criterion × subject: its claim and the state of its testcases at the decision date. */
export interface RowFacts {
  readonly module: CriterionDef
  readonly subject: string
  readonly answer: SubmissionAnswer | null
  readonly claim: Claim | null
  readonly states: readonly TestcaseState[]
  /** the `main` testcases among `states` */
  readonly main: readonly TestcaseState[]
  /** no `main` testcases: checked by an auditor on evidence */
  readonly manual: boolean
  /** the OpenStack Powered Compute module, proven by RefStack runs of its guideline */
  readonly isOpc: boolean
}

export interface Rule<T> {
  readonly name: string
  readonly check: (on: T, facts: CaseFacts) => readonly FindingDraft[]
}

const key = (criterion: string, subject: string): string => `${criterion}\u0000${subject}`
const isMetClaim = (claim: Claim | null): claim is 'met' | 'partially-met' =>
  claim === 'met' || claim === 'partially-met'

/** Builds the indexes the rules share: one pass over the results. */
export function caseFacts(input: ReconcileInput): CaseFacts {
  const { decisionDate, submission, scope } = input
  const reports = input.reports.filter((r) => existsAt(r.checkedAt, decisionDate))
  const reportById = new Map(reports.map((r) => [r.id, r]))
  const latestBySubject = new Map<string, Map<string, Latest>>()
  let lastReport: ReconcileReport | undefined
  let lastMap: Map<string, Latest> | undefined
  let instantOf: ReconcileReport | undefined
  let instant = 0
  for (const r of input.results) {
    // results arrive grouped by report: look the report and its subject's map up once per run of rows
    if (!lastReport || lastReport.id !== r.reportId) {
      lastReport = reportById.get(r.reportId)
      lastMap = undefined
      if (lastReport && lastReport.schemeId === input.schemeId) {
        lastMap = latestBySubject.get(lastReport.subject)
        if (!lastMap) latestBySubject.set(lastReport.subject, (lastMap = new Map()))
      }
    }
    if (!lastMap || !lastReport) continue
    const prev = lastMap.get(r.testcase)
    // evaluate.ts `supersedes`, inlined: 50,000 results should not cost 50,000 objects (the instant is the
    // report's, read once per run of its rows)
    const checkedAt = lastReport.checkedAt
    if (instantOf !== lastReport) {
      instantOf = lastReport
      instant = checkInstant(checkedAt)
    }
    if (!prev || instant > prev.instant || (instant === prev.instant && r.value < prev.value))
      lastMap.set(r.testcase, { value: r.value, checkedAt, instant, reportId: r.reportId })
  }
  const later = new Set(input.reports.filter((r) => !existsAt(r.checkedAt, decisionDate)).map((r) => r.id))
  const answers = new Map<string, SubmissionAnswer>()
  for (const a of submission?.answers ?? []) answers.set(key(a.criterion, a.subject), a)
  return {
    input,
    reports,
    opcRuns: (input.opcRuns ?? []).filter((run) => !later.has(run.reportId)),
    claimedSubjects: submission ? submission.subjects.map((s) => s.id) : [],
    reportSubjects: [
      ...new Set(reports.filter((r) => r.schemeId === input.schemeId).map((r) => r.subject))
    ].sort(),
    answers,
    latestBySubject,
    lifetimes: new Map(scope.testcases.map((t) => [t.id, t.lifetime])),
    versionStatus: versionStatusAt(scope, input.schemeVersion, decisionDate),
    versionKnown: scope.versions.some((v) => v.version === input.schemeVersion)
  }
}

// --- per report ------------------------------------------------------------------------------------------

/** A report whose signature is invalid, or whose key is unknown or not allowed to sign it. */
export function signatureInvalid(rep: ReconcileReport): FindingDraft[] {
  if (rep.signature !== 'invalid' && rep.signature !== 'unknown-key' && rep.signature !== 'not-allowed')
    return []
  return [
    {
      type: 'report-signature-invalid',
      severity: rep.signature === 'invalid' ? 'blocker' : 'major',
      criterion: '',
      subject: rep.subject,
      claim: null,
      evidence: rep.file,
      about: String(rep.id),
      msg: msg(
        rep.signature === 'invalid'
          ? 'finding.signature-invalid'
          : rep.signature === 'not-allowed'
            ? 'finding.signature-not-allowed'
            : 'finding.signature-unknown-key',
        { file: rep.file }
      )
    }
  ]
}

/** A report signed by a trusted key whose principals do not include the report's subject. */
export function signerSubjectMismatch(rep: ReconcileReport): FindingDraft[] {
  if (rep.signature !== 'wrong-subject') return []
  return [
    {
      type: 'signer-subject-mismatch',
      severity: 'major',
      criterion: '',
      subject: rep.subject,
      claim: null,
      evidence: rep.file,
      about: String(rep.id),
      msg: msg('finding.signer-subject-mismatch', { file: rep.file, subject: visible(rep.subject) })
    }
  ]
}

/** A report for a cloud the submission does not name (once per cloud: its first report). */
export function reportSubjectNotNamed(rep: ReconcileReport, facts: CaseFacts): FindingDraft[] {
  const { claimedSubjects } = facts
  if (!facts.input.submission || claimedSubjects.includes(rep.subject)) return []
  if (facts.reports.find((r) => r.subject === rep.subject) !== rep) return []
  return [
    {
      type: 'subject-mismatch',
      severity: 'major',
      criterion: '',
      subject: rep.subject,
      claim: null,
      evidence: rep.file,
      msg: msg('finding.subject-not-named', { file: rep.file, subject: rep.subject, named: claimedSubjects })
    }
  ]
}

/** A run forced to another version of the case's scope. */
export function forcedVersion(rep: ReconcileReport, facts: CaseFacts): FindingDraft[] {
  const { schemeId, schemeVersion } = facts.input
  if (!rep.forcedVersion || rep.schemeId !== schemeId || rep.forcedVersion === schemeVersion) return []
  return [
    {
      type: 'version-mismatch',
      severity: 'major',
      criterion: '',
      subject: rep.subject,
      claim: null,
      evidence: rep.file,
      about: String(rep.id),
      msg: msg('finding.forced-version', {
        file: rep.file,
        forced: rep.forcedVersion,
        version: schemeVersion
      })
    }
  ]
}

// --- the case ---------------------------------------------------------------------------------------------

/** Look-alike subjects across the submission and every report of the case (Unicode TR39 skeleton). */
export function confusableSubjects(_: null, facts: CaseFacts): FindingDraft[] {
  const { input } = facts
  return confusableGroups([...facts.claimedSubjects, ...input.reports.map((r) => r.subject)]).map(
    (group) => ({
      type: 'subject-confusable',
      severity: 'major',
      criterion: '',
      subject: group[0]!,
      claim: null,
      evidence: input.reports
        .filter((r) => group.includes(r.subject))
        .map((r) => r.file)
        .join(', '),
      about: skeleton(group[0]!),
      msg: msg('finding.subject-confusable', {
        subjects: group.map((g) => visible(g)),
        skeleton: visible(skeleton(group[0]!))
      })
    })
  )
}

/** The submission answers another version of the case's scope. */
export function submissionVersion(_: null, facts: CaseFacts): FindingDraft[] {
  const { submission, schemeId, schemeVersion } = facts.input
  if (!submission || submission.scheme !== schemeId || submission.schemeVersion === schemeVersion) return []
  return [
    {
      type: 'version-mismatch',
      severity: 'major',
      criterion: '',
      subject: '',
      claim: null,
      evidence: 'self-assessment',
      msg: msg('finding.submission-version', { submitted: submission.schemeVersion, version: schemeVersion })
    }
  ]
}

/**
 * The version applied for is deprecated, or still a draft, at the decision date: no certificate can be issued
 * for it (SCS-0003: a version is certified against once stabilized, until it is obsoleted).
 */
export function versionDeprecated(_: null, facts: CaseFacts): FindingDraft[] {
  const { input } = facts
  if (!facts.versionKnown || (facts.versionStatus !== 'deprecated' && facts.versionStatus !== 'draft'))
    return []
  return [
    {
      type: 'version-mismatch',
      severity: 'blocker',
      criterion: '',
      subject: '',
      claim: null,
      evidence: 'scope timeline',
      msg: msg(facts.versionStatus === 'draft' ? 'finding.version-draft' : 'finding.version-deprecated', {
        version: input.schemeVersion,
        scope: input.scope.name,
        date: input.decisionDate
      })
    }
  ]
}

// --- per subject of the self-assessment --------------------------------------------------------------------

/** A cloud of the case's scope that the submission names, but no report covers. */
export function subjectWithoutReport(s: SubmissionSubject, facts: CaseFacts): FindingDraft[] {
  const isScopeSubject = !s.scope || s.scope === facts.input.schemeId
  if (!isScopeSubject || facts.reportSubjects.includes(s.id)) return []
  return [
    {
      type: 'subject-mismatch',
      severity: 'major',
      criterion: '',
      subject: s.id,
      claim: null,
      evidence: '',
      msg: msg('finding.no-report', { subject: s.id })
    }
  ]
}

/**
 * A cloud claimed for another version of the case's scope (a blocker if that version is deprecated). In an
 * integrator case (SCS-0007) the scope is the reference scope and the version the one the environment's
 * evidence is held against: a version not in force there is a major finding on that environment, which then
 * scores only with evidence of the current version (the review's scoring row and the verdict say so).
 */
export function subjectVersion(s: SubmissionSubject, facts: CaseFacts): FindingDraft[] {
  const { schemeId, schemeVersion, scope, decisionDate, scoring } = facts.input
  if (s.scope !== schemeId || !s.scopeVersion || s.scopeVersion === schemeVersion) return []
  const st = versionStatusAt(scope, s.scopeVersion, decisionDate)
  const params = {
    subject: s.id,
    claimed: s.scopeVersion,
    status: st,
    date: decisionDate,
    version: schemeVersion
  }
  return [
    {
      type: 'version-mismatch',
      severity: st === 'deprecated' && !scoring ? 'blocker' : 'major',
      criterion: '',
      subject: s.id,
      claim: null,
      evidence: 'self-assessment',
      msg: scoring
        ? msg('finding.reference-version', { ...params, scope: scope.name })
        : msg('finding.subject-version', params)
    }
  ]
}

/** A jointly run environment without a statement of the applicant's own share. */
export function jointShareMissing(s: SubmissionSubject): FindingDraft[] {
  if (!s.joint || s.joint.partners.length === 0 || s.joint.ownShare) return []
  return [
    {
      type: 'joint-share-missing',
      severity: 'major',
      criterion: '',
      subject: s.id,
      claim: null,
      evidence: 'self-assessment',
      msg: msg('finding.joint-share', { subject: s.id, partners: s.joint.partners })
    }
  ]
}

/** The same cloud claimed in another case of the workspace. */
export function duplicateClaim(s: SubmissionSubject, facts: CaseFacts): FindingDraft[] {
  const others = facts.input.claimedElsewhere.get(s.id)
  if (!others || others.length === 0) return []
  return [
    {
      type: 'duplicate-claim',
      severity: 'major',
      criterion: '',
      subject: s.id,
      claim: null,
      evidence: others.join(', '),
      msg: msg('finding.duplicate-claim', { subject: s.id, cases: others })
    }
  ]
}

/** A role that starts after the submission was signed off. */
export function roleAfterSubmission(s: SubmissionSubject, facts: CaseFacts): FindingDraft[] {
  const { submission } = facts.input
  if (!submission || !s.since || s.since <= submission.submittedAt) return []
  return [
    {
      type: 'implausible-figure',
      severity: 'major',
      criterion: '',
      subject: s.id,
      claim: null,
      evidence: 'self-assessment',
      about: 'since',
      msg: msg('finding.role-after-submission', {
        subject: s.id,
        since: s.since,
        submittedAt: submission.submittedAt
      })
    }
  ]
}

/**
 * The scoring criteria of the case's points scheme that ask for a size of public cloud (`regions`,
 * `availabilityZones` in their `applies`, e.g. SCS-0007's public IaaS: ≥ 2 regions or ≥ 3 availability zones),
 * with the subject's answer when it claims them met or partially met.
 */
function claimedSizedCriteria(s: SubmissionSubject, facts: CaseFacts) {
  return (facts.input.scoring?.criteria ?? []).flatMap((c) => {
    const size = sizeCondition(c.applies)
    const answer = facts.answers.get(key(c.id, s.id))
    return size && answer && isMetClaim(answer.claim) ? [{ criterion: c, size, claim: answer.claim }] : []
  })
}

/** A public cloud claimed for a criterion whose size condition (from the rule file) its figures do not meet. */
export function publicCloudTooSmall(s: SubmissionSubject, facts: CaseFacts): FindingDraft[] {
  return claimedSizedCriteria(s, facts)
    .filter(({ size }) => !checkCondition(size, s).ok)
    .map(({ criterion, size, claim }) => ({
      type: 'implausible-figure',
      severity: 'major',
      criterion: criterion.id,
      subject: s.id,
      claim,
      evidence: `regions ${s.regions ?? 'not given'}, availability zones ${s.availabilityZones ?? 'not given'}`,
      about: 'regions',
      msg: msg('finding.public-iaas-size', {
        subject: s.id,
        need: [describeSize(size)],
        regions: s.regions ?? null,
        zones: s.availabilityZones ?? null
      })
    }))
}

/** A cloud claimed for such a criterion, that the submission marks as not public. */
export function publicCloudNotPublic(s: SubmissionSubject, facts: CaseFacts): FindingDraft[] {
  if (s.publicCloud !== false) return []
  return claimedSizedCriteria(s, facts).map(({ criterion, claim }) => ({
    type: 'implausible-figure',
    severity: 'major',
    criterion: criterion.id,
    subject: s.id,
    claim,
    evidence: 'publicCloud: false',
    about: 'public',
    msg: msg('finding.public-iaas-not-public', { subject: s.id })
  }))
}

const STRESS_EVIDENCE = /stress|load[- ]?test|workload/i
const hasUsage = (s: SubmissionSubject): boolean =>
  (s.figures['customers'] ?? 0) > 0 || (s.figures['workloads'] ?? 0) > 0

/** An integrator's environment with customers or workloads but no stress test or workload evidence. */
export function noStressEvidence(s: SubmissionSubject, facts: CaseFacts): FindingDraft[] {
  const { submission } = facts.input
  if (!hasUsage(s) || !submission || !isIntegratorScheme(submission.scheme)) return []
  const f = s.figures
  const stress =
    f['stressTestPeakRps'] !== undefined ||
    submission.answers.some(
      (a) => a.subject === s.id && a.evidence.some((e) => STRESS_EVIDENCE.test(`${e.title} ${e.ref}`))
    )
  if (stress) return []
  return [
    {
      type: 'implausible-figure',
      severity: 'minor',
      criterion: '',
      subject: s.id,
      claim: null,
      evidence: `customers ${f['customers'] ?? '-'}, workloads ${f['workloads'] ?? '-'}`,
      about: 'stress',
      msg: msg('finding.no-stress-evidence', {
        subject: s.id,
        customers: f['customers'] ?? 0,
        workloads: f['workloads'] ?? 0
      })
    }
  ]
}

/** More customers than workloads. */
export function customersOverWorkloads(s: SubmissionSubject): FindingDraft[] {
  const f = s.figures
  const customers = f['customers'] ?? 0
  const workloads = f['workloads'] ?? 0
  if (workloads <= 0 || customers <= workloads) return []
  return [
    {
      type: 'implausible-figure',
      severity: 'minor',
      criterion: '',
      subject: s.id,
      claim: null,
      evidence: `customers ${f['customers']}, workloads ${f['workloads']}`,
      about: 'ratio',
      msg: msg('finding.customers-over-workloads', { subject: s.id, customers, workloads })
    }
  ]
}

// --- per criterion × subject -------------------------------------------------------------------------------

const rowBase = (row: RowFacts) => ({ criterion: row.module.id, subject: row.subject, claim: row.claim })

/** `attachment:NAME` evidence that names no document of the case, or whose SHA-256 differs. */
export function evidenceReferences(row: RowFacts, facts: CaseFacts): FindingDraft[] {
  const { documents } = facts.input
  if (!row.answer || !documents) return []
  return refFindings(row.answer.evidence, documents).map((f) => ({ ...rowBase(row), ...f }))
}

/** A criterion of the version applied for without an answer for the subject. */
export function claimMissing(row: RowFacts, facts: CaseFacts): FindingDraft[] {
  const { submission, expectClaims } = facts.input
  if (!submission || row.answer || expectClaims === false) return []
  return [
    {
      ...rowBase(row),
      type: 'claim-missing',
      severity: row.manual ? 'major' : 'minor',
      evidence: '',
      msg: msg('finding.claim-missing', {
        criterion: row.module.id,
        name: row.module.name,
        subject: row.subject
      })
    }
  ]
}

/** Claimed met, but a check fails or did not finish (a blocker for a main FAIL, major for a main ABORT). */
export function checkContradicts(row: RowFacts): FindingDraft[] {
  const { claim } = row
  if (!isMetClaim(claim)) return []
  return row.states
    .filter((x) => x.effective === 'FAIL' || x.effective === 'ABORT')
    .map((x) => {
      const severity: Severity = x.target !== 'main' ? 'minor' : x.result === 'FAIL' ? 'blocker' : 'major'
      return {
        ...rowBase(row),
        type: 'claim-contradicted',
        severity,
        evidence: `${x.testcase}: ${x.result}`,
        about: x.testcase,
        msg: msg('finding.check-contradicts', {
          criterion: row.module.id,
          claim,
          subject: row.subject,
          testcase: x.testcase,
          target: x.target,
          result: x.result,
          checked: datePart(x.checkedAt ?? '')
        })
      }
    })
}

/** Claimed met, but main results are missing altogether (an expired one is `evidenceStale`). */
export function checksMissing(row: RowFacts): FindingDraft[] {
  const { claim } = row
  const missing = row.main.filter((x) => x.freshness === 'none')
  if (!isMetClaim(claim) || missing.length === 0) return []
  return [
    {
      ...rowBase(row),
      type: 'claim-unproven',
      severity: 'major',
      evidence: missing.map((x) => x.testcase).join(', '),
      about: 'missing',
      msg: msg('finding.checks-missing', {
        criterion: row.module.id,
        claim,
        subject: row.subject,
        count: missing.length,
        testcases: missing.map((x) => x.testcase)
      })
    }
  ]
}

/** The OpenStack Powered Compute module is proven by RefStack runs of its guideline. */
const provenByRefstack = (row: RowFacts, facts: CaseFacts): boolean => row.isOpc && facts.opcRuns.length > 0

/** Claimed met, but a RefStack run of the case did not pass every required test of its guideline. */
export function refstackFailed(row: RowFacts, facts: CaseFacts): FindingDraft[] {
  const { claim } = row
  if (!isMetClaim(claim) || !provenByRefstack(row, facts)) return []
  return facts.opcRuns
    .filter((run) => run.failed.length > 0)
    .map((run) => ({
      ...rowBase(row),
      type: 'claim-contradicted',
      severity: 'blocker',
      evidence: `${run.file}: ${run.failed.length} required test(s) not passed`,
      about: String(run.reportId),
      msg: msg('finding.refstack-failed', {
        criterion: row.module.id,
        claim,
        subject: row.subject,
        file: run.file,
        cloud: run.subject,
        count: run.failed.length,
        tests: run.failed.slice(0, 4),
        guideline: run.guideline
      })
    }))
}

/** Claimed met, on a manual criterion, with no evidence listed. */
export function manualClaimWithoutEvidence(row: RowFacts, facts: CaseFacts): FindingDraft[] {
  if (!isMetClaim(row.claim) || provenByRefstack(row, facts) || !row.manual) return []
  if ((row.answer?.evidence.length ?? 0) > 0) return []
  return [
    {
      ...rowBase(row),
      type: 'claim-unproven',
      severity: 'major',
      evidence: '',
      about: 'no-evidence',
      msg: msg('finding.manual-no-evidence-listed', { criterion: row.module.id, subject: row.subject })
    }
  ]
}

/** Claimed not met or not applicable, but every main check passes. */
export function claimUnderstated(row: RowFacts): FindingDraft[] {
  const { claim, main } = row
  if (claim !== 'not-met' && claim !== 'not-applicable') return []
  if (main.length === 0 || !main.every((x) => x.effective === 'PASS')) return []
  return [
    {
      ...rowBase(row),
      type: 'claim-understated',
      severity: 'minor',
      evidence: `${main.length} of ${main.length} required checks pass`,
      msg: msg('finding.claim-understated', {
        criterion: row.module.id,
        claim,
        subject: row.subject,
        count: main.length
      })
    }
  ]
}

/** An expired result: MISSING from the instant of expiry, as serious as a missing one for a main check. */
export function evidenceStale(row: RowFacts): FindingDraft[] {
  return row.states
    .filter((x) => x.freshness === 'stale')
    .map((x) => ({
      ...rowBase(row),
      type: 'evidence-stale',
      severity: x.target === 'main' ? 'major' : 'minor',
      evidence: `${x.testcase}: expired ${x.expiresAt}`,
      about: x.testcase,
      msg: msg('finding.evidence-stale', {
        testcase: x.testcase,
        subject: row.subject,
        target: x.target,
        checked: datePart(x.checkedAt ?? ''),
        expired: x.expiresAt
      })
    }))
}

/**
 * A manual criterion without the additional evidence SCS-0007 w1 asks for. A met claim without evidence is
 * already `manualClaimWithoutEvidence`.
 */
export function manualEvidenceMissing(row: RowFacts, facts: CaseFacts): FindingDraft[] {
  const { answer, claim } = row
  if (!row.manual || provenByRefstack(row, facts) || isMetClaim(claim)) return []
  if (answer && answer.evidence.length > 0) return []
  return [
    {
      ...rowBase(row),
      type: 'manual-evidence-missing',
      severity: 'major',
      evidence: '',
      msg: msg('finding.manual-evidence-missing', {
        criterion: row.module.id,
        name: row.module.name,
        subject: row.subject,
        previewOnly: row.states.length > 0
      })
    }
  ]
}

// --- the tables, in the order reconcile() runs them ---------------------------------------------------------

export const REPORT_RULES: readonly Rule<ReconcileReport>[] = [
  { name: 'report-signature-invalid', check: signatureInvalid },
  { name: 'signer-subject-mismatch', check: signerSubjectMismatch },
  { name: 'report-subject-not-named', check: reportSubjectNotNamed },
  { name: 'forced-version', check: forcedVersion }
]

export const CASE_RULES: readonly Rule<null>[] = [
  { name: 'confusable-subjects', check: confusableSubjects },
  { name: 'submission-version', check: submissionVersion },
  { name: 'version-deprecated', check: versionDeprecated }
]

export const SUBJECT_RULES: readonly Rule<SubmissionSubject>[] = [
  { name: 'subject-without-report', check: subjectWithoutReport },
  { name: 'subject-version', check: subjectVersion },
  { name: 'joint-share-missing', check: jointShareMissing },
  { name: 'duplicate-claim', check: duplicateClaim },
  { name: 'role-after-submission', check: roleAfterSubmission },
  { name: 'public-cloud-too-small', check: publicCloudTooSmall },
  { name: 'public-cloud-not-public', check: publicCloudNotPublic },
  { name: 'no-stress-evidence', check: noStressEvidence },
  { name: 'customers-over-workloads', check: customersOverWorkloads }
]

export const ROW_RULES: readonly Rule<RowFacts>[] = [
  { name: 'evidence-references', check: evidenceReferences },
  { name: 'claim-missing', check: claimMissing },
  { name: 'check-contradicts', check: checkContradicts },
  { name: 'checks-missing', check: checksMissing },
  { name: 'refstack-failed', check: refstackFailed },
  { name: 'manual-claim-without-evidence', check: manualClaimWithoutEvidence },
  { name: 'claim-understated', check: claimUnderstated },
  { name: 'evidence-stale', check: evidenceStale },
  { name: 'manual-evidence-missing', check: manualEvidenceMissing }
]
