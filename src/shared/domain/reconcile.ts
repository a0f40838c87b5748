/**
 * Reconciliation: every claim held against the evidence. Pure: the same input always gives the same
 * findings, so the UI, the CLI and the tests agree. One pass over the results builds an index; each rule
 * then looks up what it needs, so 1,000 criteria × 50,000 results stay well under 50 ms.
 */
import type { CheckResult, Lifetime, ResultValue, ScopeDef, SignatureState } from './types'
import type { Claim, EvidenceLink, Submission } from './submission'
import { expiryDate } from './evaluate'
import { versionStatusAt } from './scope'
import { confusableGroups, skeleton, visible } from './confusables'

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

export const FINDING_TYPES: Readonly<Record<FindingType, string>> = {
  'claim-contradicted': 'claimed met, but a check of the criterion fails or did not finish',
  'claim-unproven':
    'claimed met, but a required check has no result, or a manual criterion has no evidence entry',
  'claim-understated': 'claimed not met or not applicable, but the checks pass',
  'evidence-stale': 'the check result is past its lifetime at the decision date (within 7 days: a warning)',
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
  'claim-missing': 'a criterion of the version applied for has no answer for a subject'
}

export const GRACE_DAYS = 7

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
  /** fresh | grace (expired, inside the 7-day grace period) | stale | none */
  readonly freshness: 'fresh' | 'grace' | 'stale' | 'none'
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
}

export interface Reconciliation {
  readonly rows: readonly CriterionRow[]
  readonly findings: readonly Finding[]
  readonly subjects: readonly string[]
}

const RANK: Record<Severity, number> = { blocker: 0, major: 1, minor: 2, info: 3 }
export const worstOf = (xs: readonly Severity[]): Severity | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b))

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
const NAME: Record<ResultValue, CheckResult> = { [1]: 'PASS', [0]: 'ABORT', [-1]: 'FAIL' }
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export function reconcile(input: ReconcileInput): Reconciliation {
  const { scope, decisionDate, submission } = input
  const findings: Finding[] = []
  const byRow = new Map<string, Finding[]>()
  const add = (f: Omit<Finding, 'id'> & { about?: string }): void => {
    const { about, ...rest } = f
    const finding: Finding = { id: `${f.type}|${f.criterion}|${f.subject}|${about ?? ''}`, ...rest }
    findings.push(finding)
    const key = `${f.criterion}\u0000${f.subject}`
    const list = byRow.get(key)
    if (list) list.push(finding)
    else byRow.set(key, [finding])
  }

  // --- index: latest result per (subject, testcase) among the reports of the case's scheme
  const reportById = new Map(input.reports.map((r) => [r.id, r]))
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
    const checkedAt = lastReport.checkedAt
    if (!prev || checkedAt > prev.checkedAt || (checkedAt === prev.checkedAt && r.value < prev.value)) {
      lastMap.set(r.testcase, { value: r.value, checkedAt, reportId: r.reportId })
    }
  }
  const EMPTY = new Map<string, Latest>()
  const opcRuns = input.opcRuns ?? []
  const lifetimes = new Map<string, Lifetime | null>(scope.testcases.map((t) => [t.id, t.lifetime]))
  const modules = new Map(scope.modules.map((m) => [m.id, m]))
  const version = scope.versions.find((v) => v.version === input.schemeVersion)
  const criteria = version?.criteria ?? []

  // --- subjects: the submission's; without one, the reports'
  const reportSubjects = [
    ...new Set(input.reports.filter((r) => r.schemeId === input.schemeId).map((r) => r.subject))
  ].sort()
  const claimedSubjects = submission ? submission.subjects.map((s) => s.id) : []
  const subjects = input.onlySubjects ?? (submission ? claimedSubjects : reportSubjects)
  const inScope = input.onlySubjects ? new Set(input.onlySubjects) : null
  const answers = new Map<string, Submission['answers'][number]>()
  for (const a of submission?.answers ?? []) answers.set(`${a.criterion}\u0000${a.subject}`, a)

  // --- per report: signatures, subjects not in the submission
  const seenSubjectMismatch = new Set<string>()
  for (const rep of input.reports) {
    if (rep.signature === 'invalid' || rep.signature === 'unknown-key' || rep.signature === 'not-allowed') {
      add({
        type: 'report-signature-invalid',
        severity: rep.signature === 'invalid' ? 'blocker' : 'major',
        criterion: '',
        subject: rep.subject,
        claim: null,
        evidence: rep.file,
        about: String(rep.id),
        message:
          rep.signature === 'invalid'
            ? `The signature of ${rep.file} does not verify: the report or its signature was changed after signing. Its results must not be relied on until the applicant sends a correctly signed copy.`
            : rep.signature === 'not-allowed'
              ? `${rep.file} is signed with a key in the trust list, but the key's options there (namespaces, valid-after/valid-before or cert-authority) do not allow this signature, as ssh-keygen -Y verify would refuse it. Treat the report as not vouched for.`
              : `${rep.file} is signed with a key that is not in the trust list. Confirm the key with the applicant before relying on the report, then add it to the allowed signers.`
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
        message: `${rep.file} is about the cloud "${visible(rep.subject)}", but it is signed by a key that the trust list names for other subjects only: a key of another provider signed it. Its results are not vouched for by the cloud's operator.`
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
        message: `The report ${rep.file} is for the cloud "${rep.subject}", which the self-assessment does not name (it names ${claimedSubjects.join(', ') || 'none'}). Either the wrong report was sent, or the cloud is missing from the submission.`
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
        message: `The checks in ${rep.file} were forced to version ${rep.forcedVersion}, but the application is for ${input.schemeVersion}.`
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
      message: `The subjects ${group.map((g) => `"${visible(g)}"`).join(' and ')} look alike (the same skeleton "${visible(skeleton(group[0]!))}" once look-alike characters and case are folded) but are different subjects. Confirm with the applicant which cloud each file is about; evidence for one must not pass for the other.`
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
      message: `The self-assessment answers for version ${submission.schemeVersion}, but the case is for ${input.schemeVersion}.`
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
      message: `Version ${input.schemeVersion} of ${scope.name} is deprecated at the decision date ${decisionDate}; no certificate can be issued for it.`
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
        message: `The self-assessment names the cloud "${s.id}", but no compliance report for it was imported.`
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
        message: `The cloud "${s.id}" is said to meet ${s.scopeVersion} (${st} at ${decisionDate}), but the case is for ${input.schemeVersion}.`
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
        message: `"${s.id}" is run jointly with ${s.joint.partners.join(', ')}, but the applicant does not state its own share. SCS-0007 asks the applicant to demonstrate it.`
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
        message: `"${s.id}" is also claimed in case${others.length > 1 ? 's' : ''} ${others.join(', ')}. Check that both applicants really share it (a joint reference) and that their shares do not overlap.`
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
        message: `The role on "${s.id}" is said to start on ${s.since}, after the submission was signed off (${submission.submittedAt}).`
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
          message: `"${s.id}" is claimed as a public IaaS with ≥ 2 regions or ≥ 3 availability zones, but the submission gives ${s.regions ?? 'no'} region(s) and ${s.availabilityZones ?? 'no'} zone(s).`
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
          message: `"${s.id}" is claimed as a public IaaS, but the submission marks it as not public.`
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
          message: `"${s.id}" reports ${f['customers'] ?? 0} customers and ${f['workloads'] ?? 0} workloads, but no stress test or workload evidence backs them. Ask for it to rule out a "scripted only" environment.`
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
          message: `"${s.id}" has more customers (${f['customers']}) than workloads (${f['workloads']}).`
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
  const graceCache = new Map<string, string>()
  const graceEnd = (expiry: string): string => {
    let g = graceCache.get(expiry)
    if (g === undefined) graceCache.set(expiry, (g = addDays(expiry, GRACE_DAYS)))
    return g
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
          if (!l) {
            states.push({
              testcase: tc,
              target,
              result: 'MISSING',
              checkedAt: null,
              expiresAt: null,
              freshness: 'none',
              reportId: null
            })
            continue
          }
          const expiresAt = expiryOf(l.checkedAt, lifetimes.get(tc) ?? null)
          const freshness =
            decisionDate < expiresAt ? 'fresh' : decisionDate < graceEnd(expiresAt) ? 'grace' : 'stale'
          states.push({
            testcase: tc,
            target,
            result: NAME[l.value],
            checkedAt: l.checkedAt,
            expiresAt,
            freshness,
            reportId: l.reportId
          })
        }
      }
      const base = { criterion: cid, subject, claim }
      const main = states.filter((x) => x.target === 'main')
      if (submission && !answer && input.expectClaims !== false) {
        add({
          ...base,
          type: 'claim-missing',
          severity: manual ? 'major' : 'minor',
          evidence: '',
          message: `The self-assessment does not answer ${cid} (${m.name}) for "${subject}".`
        })
      }
      if (claim === 'met' || claim === 'partially-met') {
        const bad = states.filter((x) => x.result === 'FAIL' || x.result === 'ABORT')
        for (const x of bad) {
          const severity: Severity = x.target !== 'main' ? 'minor' : x.result === 'FAIL' ? 'blocker' : 'major'
          add({
            ...base,
            type: 'claim-contradicted',
            severity,
            evidence: `${x.testcase}: ${x.result}`,
            about: x.testcase,
            message: `${cid} is claimed ${claim} for "${subject}", but the check ${x.testcase}${x.target !== 'main' ? ` (${x.target}, informative)` : ''} ${x.result === 'FAIL' ? 'fails' : 'did not finish (ABORT)'} (checked ${x.checkedAt?.slice(0, 10)}).`
          })
        }
        const missing = main.filter((x) => x.result === 'MISSING')
        if (missing.length > 0) {
          add({
            ...base,
            type: 'claim-unproven',
            severity: 'major',
            evidence: missing.map((x) => x.testcase).join(', '),
            about: 'missing',
            message: `${cid} is claimed ${claim} for "${subject}", but ${plural(missing.length, 'required check')} ha${missing.length === 1 ? 's' : 've'} no result: ${missing
              .slice(0, 5)
              .map((x) => x.testcase)
              .join(', ')}${missing.length > 5 ? ', …' : ''}.`
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
              message: `${cid} is claimed ${claim} for "${subject}", but the RefStack run ${run.file} (cloud ${run.subject}) did not pass ${plural(run.failed.length, 'required test')} of guideline ${run.guideline}: ${run.failed.slice(0, 3).join(', ')}${run.failed.length > 3 ? ', …' : ''}. Flagged tests are not required.`
            })
          }
        } else if (manual && (answer?.evidence.length ?? 0) === 0) {
          add({
            ...base,
            type: 'claim-unproven',
            severity: 'major',
            evidence: '',
            about: 'no-evidence',
            message: `${cid} has no automated check, and the claim for "${subject}" lists no evidence.`
          })
        }
      }
      if (
        (claim === 'not-met' || claim === 'not-applicable') &&
        main.length > 0 &&
        main.every((x) => x.result === 'PASS')
      ) {
        add({
          ...base,
          type: 'claim-understated',
          severity: 'minor',
          evidence: `${main.length} of ${main.length} required checks pass`,
          message: `${cid} is claimed ${claim} for "${subject}", but all ${plural(main.length, 'required check')} pass. Ask whether the claim or the checks are wrong.`
        })
      }
      for (const x of states) {
        if (x.freshness === 'grace' || x.freshness === 'stale') {
          add({
            ...base,
            type: 'evidence-stale',
            severity: x.freshness === 'grace' ? 'minor' : x.target === 'main' ? 'major' : 'minor',
            evidence: `${x.testcase}: expired ${x.expiresAt}`,
            about: x.testcase,
            message: `The result of ${x.testcase} for "${subject}" (checked ${x.checkedAt?.slice(0, 10)}) expired on ${x.expiresAt}${x.freshness === 'grace' ? `; it is inside the ${GRACE_DAYS}-day grace period until ${graceEnd(x.expiresAt!)}` : ` and is stale at ${decisionDate}`}. Ask for a fresh run.`
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
          message: `${cid} (${m.name}) is not covered by automated checks${mains.length === 0 && states.length ? ' (only informative ones)' : ''}; SCS-0007 w1 requires additional evidence, and none is given for "${subject}".`
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
        worst: worstOf(sev)
      })
    }
  }
  findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      a.criterion.localeCompare(b.criterion) ||
      a.subject.localeCompare(b.subject) ||
      a.type.localeCompare(b.type)
  )
  return { rows, findings, subjects }
}
