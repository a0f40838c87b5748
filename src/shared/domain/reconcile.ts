/**
 * Reconciliation: every claim held against the evidence. Pure: the same input always gives the same
 * findings, so the UI, the CLI and the tests agree. One pass over the results builds an index; each rule
 * then looks up what it needs, so 1,000 criteria × 50,000 results stay well under 50 ms.
 */
import type { CheckResult, Lifetime, ResultValue, ScopeDef, SignatureState } from './types'
import type { Claim, EvidenceLink, Submission } from './submission'
import { datePart, existsAt, expiryDate, testcaseOutcome, worstResult } from './evaluate'
import { versionStatusAt } from './scope-status'
import { confusableGroups, skeleton, visible } from './confusables'
import { msg, say, FINDING_TYPE_NAMES, type Msg } from '../text/messages'
import { refFindings, type NamedBytes } from './documents'
import { compareIds } from '../text/compare-ids'

export type Severity = 'blocker' | 'major' | 'minor' | 'info'
export const SEVERITIES: readonly Severity[] = ['blocker', 'major', 'minor', 'info']

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

const RANK: Record<Severity, number> = { blocker: 0, major: 1, minor: 2, info: 3 }
export const worstOf = (xs: readonly Severity[]): Severity | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b))

export function reconcile(input: ReconcileInput): Reconciliation {
  const { scope, decisionDate, submission } = input
  const findings: Finding[] = []
  const byRow = new Map<string, Finding[]>()
  const add = (f: Omit<Finding, 'id' | 'message'> & { about?: string }): void => {
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

  // --- evidence that exists at the decision date: a report checked after it did not exist for this decision
  const reports = input.reports.filter((r) => existsAt(r.checkedAt, decisionDate))
  // --- index: latest result per (subject, testcase) among the reports of the case's scheme
  const reportById = new Map(reports.map((r) => [r.id, r]))
  type Latest = { value: ResultValue; checkedAt: string; reportId: number }
  const latestBySubject = new Map<string, Map<string, Latest>>()
  let lastReport: ReconcileReport | undefined
  let lastMap: Map<string, Latest> | undefined
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
    // evaluate.ts `supersedes`, inlined: 50,000 results should not cost 50,000 objects
    const checkedAt = lastReport.checkedAt
    if (!prev || checkedAt > prev.checkedAt || (checkedAt === prev.checkedAt && r.value < prev.value))
      lastMap.set(r.testcase, { value: r.value, checkedAt, reportId: r.reportId })
  }
  const EMPTY = new Map<string, Latest>()
  const later = new Set(input.reports.filter((r) => !existsAt(r.checkedAt, decisionDate)).map((r) => r.id))
  const opcRuns = (input.opcRuns ?? []).filter((run) => !later.has(run.reportId))
  const lifetimes = new Map<string, Lifetime | null>(scope.testcases.map((t) => [t.id, t.lifetime]))
  const modules = new Map(scope.modules.map((m) => [m.id, m]))
  const version = scope.versions.find((v) => v.version === input.schemeVersion)
  const criteria = version?.criteria ?? []

  // --- subjects: the submission's; without one, the reports'
  const reportSubjects = [
    ...new Set(reports.filter((r) => r.schemeId === input.schemeId).map((r) => r.subject))
  ].sort()
  const claimedSubjects = submission ? submission.subjects.map((s) => s.id) : []
  const subjects = input.onlySubjects ?? (submission ? claimedSubjects : reportSubjects)
  const inScope = input.onlySubjects ? new Set(input.onlySubjects) : null
  const answers = new Map<string, Submission['answers'][number]>()
  for (const a of submission?.answers ?? []) answers.set(`${a.criterion}\u0000${a.subject}`, a)

  // --- per report: signatures, subjects not in the submission
  const seenSubjectMismatch = new Set<string>()
  for (const rep of reports) {
    if (rep.signature === 'invalid' || rep.signature === 'unknown-key' || rep.signature === 'not-allowed') {
      add({
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
      })
    }
    if (rep.signature === 'wrong-subject') {
      add({
        type: 'signer-subject-mismatch',
        severity: 'major',
        criterion: '',
        subject: rep.subject,
        claim: null,
        evidence: rep.file,
        about: String(rep.id),
        msg: msg('finding.signer-subject-mismatch', { file: rep.file, subject: visible(rep.subject) })
      })
    }
    if (submission && !claimedSubjects.includes(rep.subject) && !seenSubjectMismatch.has(rep.subject)) {
      seenSubjectMismatch.add(rep.subject)
      add({
        type: 'subject-mismatch',
        severity: 'major',
        criterion: '',
        subject: rep.subject,
        claim: null,
        evidence: rep.file,
        msg: msg('finding.subject-not-named', {
          file: rep.file,
          subject: rep.subject,
          named: claimedSubjects
        })
      })
    }
    if (rep.forcedVersion && rep.schemeId === input.schemeId && rep.forcedVersion !== input.schemeVersion) {
      add({
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
          version: input.schemeVersion
        })
      })
    }
  }

  // --- look-alike subjects across the submission and every report of the case
  for (const group of confusableGroups([...claimedSubjects, ...input.reports.map((r) => r.subject)])) {
    add({
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
  }

  // --- per subject
  const versionStatus = versionStatusAt(scope, input.schemeVersion, decisionDate)
  if (
    submission &&
    submission.scheme === input.schemeId &&
    submission.schemeVersion !== input.schemeVersion
  ) {
    add({
      type: 'version-mismatch',
      severity: 'major',
      criterion: '',
      subject: '',
      claim: null,
      evidence: 'self-assessment',
      msg: msg('finding.submission-version', {
        submitted: submission.schemeVersion,
        version: input.schemeVersion
      })
    })
  }
  if (version && versionStatus === 'deprecated') {
    add({
      type: 'version-mismatch',
      severity: 'blocker',
      criterion: '',
      subject: '',
      claim: null,
      evidence: 'scope timeline',
      msg: msg('finding.version-deprecated', {
        version: input.schemeVersion,
        scope: scope.name,
        date: decisionDate
      })
    })
  }
  for (const s of submission?.subjects ?? []) {
    if (inScope && !inScope.has(s.id)) continue
    const isScopeSubject = !s.scope || s.scope === input.schemeId
    if (isScopeSubject && !reportSubjects.includes(s.id)) {
      add({
        type: 'subject-mismatch',
        severity: 'major',
        criterion: '',
        subject: s.id,
        claim: null,
        evidence: '',
        msg: msg('finding.no-report', { subject: s.id })
      })
    }
    if (s.scope === input.schemeId && s.scopeVersion && s.scopeVersion !== input.schemeVersion) {
      const st = versionStatusAt(scope, s.scopeVersion, decisionDate)
      add({
        type: 'version-mismatch',
        severity: st === 'deprecated' ? 'blocker' : 'major',
        criterion: '',
        subject: s.id,
        claim: null,
        evidence: 'self-assessment',
        msg: msg('finding.subject-version', {
          subject: s.id,
          claimed: s.scopeVersion,
          status: st,
          date: decisionDate,
          version: input.schemeVersion
        })
      })
    }
    if (s.joint && s.joint.partners.length > 0 && !s.joint.ownShare) {
      add({
        type: 'joint-share-missing',
        severity: 'major',
        criterion: '',
        subject: s.id,
        claim: null,
        evidence: 'self-assessment',
        msg: msg('finding.joint-share', { subject: s.id, partners: s.joint.partners })
      })
    }
    const others = input.claimedElsewhere.get(s.id)
    if (others && others.length) {
      add({
        type: 'duplicate-claim',
        severity: 'major',
        criterion: '',
        subject: s.id,
        claim: null,
        evidence: others.join(', '),
        msg: msg('finding.duplicate-claim', { subject: s.id, cases: others })
      })
    }
    if (submission && s.since && s.since > submission.submittedAt) {
      add({
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
      })
    }
    const publicIaas = answers.get(`scoring.public-iaas-operated\u0000${s.id}`)
    if (publicIaas && (publicIaas.claim === 'met' || publicIaas.claim === 'partially-met')) {
      const regions = s.regions ?? 0
      const azs = s.availabilityZones ?? 0
      if (regions < 2 && azs < 3) {
        add({
          type: 'implausible-figure',
          severity: 'major',
          criterion: 'scoring.public-iaas-operated',
          subject: s.id,
          claim: publicIaas.claim,
          evidence: `regions ${s.regions ?? 'not given'}, availability zones ${s.availabilityZones ?? 'not given'}`,
          about: 'regions',
          msg: msg('finding.public-iaas-size', {
            subject: s.id,
            regions: s.regions ?? null,
            zones: s.availabilityZones ?? null
          })
        })
      }
      if (s.publicCloud === false) {
        add({
          type: 'implausible-figure',
          severity: 'major',
          criterion: 'scoring.public-iaas-operated',
          subject: s.id,
          claim: publicIaas.claim,
          evidence: 'publicCloud: false',
          about: 'public',
          msg: msg('finding.public-iaas-not-public', { subject: s.id })
        })
      }
    }
    const f = s.figures
    if ((f['customers'] ?? 0) > 0 || (f['workloads'] ?? 0) > 0) {
      const stress =
        f['stressTestPeakRps'] !== undefined ||
        (submission?.answers ?? []).some(
          (a) =>
            a.subject === s.id &&
            a.evidence.some((e) => /stress|load[- ]?test|workload/i.test(`${e.title} ${e.ref}`))
        )
      if (!stress && submission && submission.scheme.startsWith('scs-integrator')) {
        add({
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
        })
      }
      if ((f['workloads'] ?? 0) > 0 && (f['customers'] ?? 0) > (f['workloads'] ?? 0)) {
        add({
          type: 'implausible-figure',
          severity: 'minor',
          criterion: '',
          subject: s.id,
          claim: null,
          evidence: `customers ${f['customers']}, workloads ${f['workloads']}`,
          about: 'ratio',
          msg: msg('finding.customers-over-workloads', {
            subject: s.id,
            customers: f['customers'] ?? 0,
            workloads: f['workloads'] ?? 0
          })
        })
      }
    }
  }

  // --- per criterion × subject
  const rows: CriterionRow[] = []
  // expiry depends only on the check date and the lifetime: a handful of distinct values per case
  const expiryCache = new Map<string, Map<Lifetime | null, string>>()
  const expiryOf = (checkedAt: string, lifetime: Lifetime | null): string => {
    let byLifetime = expiryCache.get(checkedAt)
    if (!byLifetime) expiryCache.set(checkedAt, (byLifetime = new Map()))
    let e = byLifetime.get(lifetime)
    if (e === undefined) byLifetime.set(lifetime, (e = expiryDate(checkedAt, lifetime)))
    return e
  }
  for (const subject of subjects) {
    const latest = latestBySubject.get(subject) ?? EMPTY
    for (const cid of criteria) {
      const m = modules.get(cid)
      if (!m) continue
      const mains = m.targets['main'] ?? []
      const manual = mains.length === 0
      // the OpenStack Powered Compute module is proven by RefStack runs of its guideline
      const isOpc = cid.startsWith('opc-')
      const answer = answers.get(`${cid}\u0000${subject}`) ?? null
      const claim = answer?.claim ?? null
      const states: TestcaseState[] = []
      for (const [target, ids] of Object.entries(m.targets)) {
        for (const tc of ids) {
          const l = latest.get(tc)
          const o = testcaseOutcome(
            l,
            l ? expiryOf(l.checkedAt, lifetimes.get(tc) ?? null) : null,
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
      const base = { criterion: cid, subject, claim }
      const main = states.filter((x) => x.target === 'main')
      if (answer && input.documents)
        for (const f of refFindings(answer.evidence, input.documents)) add({ ...base, ...f })
      if (submission && !answer && input.expectClaims !== false) {
        add({
          ...base,
          type: 'claim-missing',
          severity: manual ? 'major' : 'minor',
          evidence: '',
          msg: msg('finding.claim-missing', { criterion: cid, name: m.name, subject })
        })
      }
      if (claim === 'met' || claim === 'partially-met') {
        const bad = states.filter((x) => x.effective === 'FAIL' || x.effective === 'ABORT')
        for (const x of bad) {
          const severity: Severity = x.target !== 'main' ? 'minor' : x.result === 'FAIL' ? 'blocker' : 'major'
          add({
            ...base,
            type: 'claim-contradicted',
            severity,
            evidence: `${x.testcase}: ${x.result}`,
            about: x.testcase,
            msg: msg('finding.check-contradicts', {
              criterion: cid,
              claim,
              subject,
              testcase: x.testcase,
              target: x.target,
              result: x.result,
              checked: datePart(x.checkedAt ?? '')
            })
          })
        }
        // results that are missing altogether; an expired one is an evidence-stale finding of its own
        const missing = main.filter((x) => x.freshness === 'none')
        if (missing.length > 0) {
          add({
            ...base,
            type: 'claim-unproven',
            severity: 'major',
            evidence: missing.map((x) => x.testcase).join(', '),
            about: 'missing',
            msg: msg('finding.checks-missing', {
              criterion: cid,
              claim,
              subject,
              count: missing.length,
              testcases: missing.map((x) => x.testcase)
            })
          })
        }
        if (isOpc && opcRuns.length > 0) {
          for (const run of opcRuns) {
            if (run.failed.length === 0) continue
            add({
              ...base,
              type: 'claim-contradicted',
              severity: 'blocker',
              evidence: `${run.file}: ${run.failed.length} required test(s) not passed`,
              about: String(run.reportId),
              msg: msg('finding.refstack-failed', {
                criterion: cid,
                claim,
                subject,
                file: run.file,
                cloud: run.subject,
                count: run.failed.length,
                tests: run.failed.slice(0, 4),
                guideline: run.guideline
              })
            })
          }
        } else if (manual && (answer?.evidence.length ?? 0) === 0) {
          add({
            ...base,
            type: 'claim-unproven',
            severity: 'major',
            evidence: '',
            about: 'no-evidence',
            msg: msg('finding.manual-no-evidence-listed', { criterion: cid, subject })
          })
        }
      }
      if (
        (claim === 'not-met' || claim === 'not-applicable') &&
        main.length > 0 &&
        main.every((x) => x.effective === 'PASS')
      ) {
        add({
          ...base,
          type: 'claim-understated',
          severity: 'minor',
          evidence: `${main.length} of ${main.length} required checks pass`,
          msg: msg('finding.claim-understated', { criterion: cid, claim, subject, count: main.length })
        })
      }
      for (const x of states) {
        // an expired main result is MISSING (the version is tentative): as serious as a missing one
        if (x.freshness === 'stale') {
          add({
            ...base,
            type: 'evidence-stale',
            severity: x.target === 'main' ? 'major' : 'minor',
            evidence: `${x.testcase}: expired ${x.expiresAt}`,
            about: x.testcase,
            msg: msg('finding.evidence-stale', {
              testcase: x.testcase,
              subject,
              target: x.target,
              checked: datePart(x.checkedAt ?? ''),
              expired: x.expiresAt
            })
          })
        }
      }
      // a met claim without evidence on a manual criterion is already claim-unproven; otherwise the
      // criterion still lacks the additional evidence SCS-0007 w1 asks for
      if (
        manual &&
        !(isOpc && opcRuns.length > 0) &&
        (!answer || answer.evidence.length === 0) &&
        claim !== 'met' &&
        claim !== 'partially-met'
      ) {
        add({
          ...base,
          type: 'manual-evidence-missing',
          severity: 'major',
          evidence: '',
          msg: msg('finding.manual-evidence-missing', {
            criterion: cid,
            name: m.name,
            subject,
            previewOnly: mains.length === 0 && states.length > 0
          })
        })
      }
      const own = byRow.get(`${cid}\u0000${subject}`) ?? []
      const ids = own.map((f) => f.id)
      const sev = own.map((f) => f.severity)
      rows.push({
        criterion: cid,
        name: m.name,
        url: m.url,
        manual,
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
        findingIds: ids,
        worst: worstOf(sev),
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
