/**
 * Each rule of reconciliation on its own (reconcile-rules.ts): what makes it fire, and the nearest case where
 * it does not. reconcile.test.ts checks the rules together through `reconcile()`.
 */
import { describe, expect, it } from 'vitest'
import {
  caseFacts,
  CASE_RULES,
  checkContradicts,
  checksMissing,
  claimMissing,
  claimUnderstated,
  confusableSubjects,
  customersOverWorkloads,
  duplicateClaim,
  evidenceReferences,
  evidenceStale,
  forcedVersion,
  jointShareMissing,
  manualClaimWithoutEvidence,
  manualEvidenceMissing,
  noStressEvidence,
  publicCloudNotPublic,
  publicCloudTooSmall,
  refstackFailed,
  REPORT_RULES,
  reportSubjectNotNamed,
  roleAfterSubmission,
  ROW_RULES,
  signatureInvalid,
  signerSubjectMismatch,
  subjectVersion,
  subjectWithoutReport,
  submissionVersion,
  SUBJECT_RULES,
  versionDeprecated,
  type CaseFacts,
  type RowFacts
} from '../../../src/shared/domain/reconcile-rules'
import type {
  ReconcileInput,
  ReconcileReport,
  TestcaseState
} from '../../../src/shared/domain/reconcile-types'
import type { ScopeDef } from '../../../src/shared/domain/types'
import type { PointsRules } from '../../../src/shared/domain/rules'
import {
  isIntegratorScheme,
  type Submission,
  type SubmissionAnswer,
  type SubmissionSubject
} from '../../../src/shared/domain/submission'
import { shippedPointsRules } from '../../helpers/scheme-rules'
import { testSubject } from '../../helpers/submission'
import { say } from '../../../src/shared/text/messages'

const scope: ScopeDef = {
  name: 'Test scope',
  uuid: '',
  url: '',
  variables: [],
  testcases: [{ id: 't1', description: '', url: '', lifetime: 'week', section: null }],
  modules: [
    { id: 'auto', name: 'Automated', url: '', targets: { main: ['t1'] }, parameters: {} },
    { id: 'manual', name: 'Manual', url: '', targets: {}, parameters: {} }
  ],
  versions: [
    { version: 'v2', stabilizedAt: '2026-01-01', criteria: ['auto', 'manual'], parameters: {} },
    { version: 'v1', stabilizedAt: '2025-01-01', criteria: ['auto'], parameters: {} }
  ],
  timeline: [{ date: '2026-01-01', versions: { v2: 'effective', v1: 'deprecated' } }]
}

const subject = (over: Partial<SubmissionSubject> = {}): SubmissionSubject =>
  testSubject({ scopeVersion: 'v2', ...over })
const answer = (criterion: string, over: Partial<SubmissionAnswer> = {}): SubmissionAnswer => ({
  criterion,
  subject: 'cloud-a',
  claim: 'met',
  statement: '',
  evidence: [],
  figures: {},
  extra: {},
  ...over
})
const submission = (over: Partial<Submission> = {}): Submission => ({
  formatVersion: 1,
  scheme: 'test',
  schemeVersion: 'v2',
  tier: null,
  submittedAt: '2026-11-01',
  applicant: { name: 'A', id: null, address: null, contact: null },
  partners: [],
  subjects: [subject()],
  answers: [],
  extra: {},
  ...over
})
const report = (over: Partial<ReconcileReport> = {}): ReconcileReport => ({
  id: 1,
  file: 'r1.yaml',
  schemeId: 'test',
  subject: 'cloud-a',
  checkedAt: '2026-11-20T10:00:00',
  signature: 'unsigned',
  forcedVersion: null,
  ...over
})
const facts = (over: Partial<ReconcileInput> = {}): CaseFacts =>
  caseFacts({
    caseId: 'c',
    schemeId: 'test',
    schemeVersion: 'v2',
    scope,
    evidenceRules: { freshness: 'required', manual: 'accepted-decision' },
    decisionDate: '2026-11-25',
    submission: submission(),
    reports: [report()],
    results: [],
    claimedElsewhere: new Map(),
    ...over
  })
const state = (over: Partial<TestcaseState> = {}): TestcaseState => ({
  testcase: 't1',
  target: 'main',
  result: 'PASS',
  effective: 'PASS',
  checkedAt: '2026-11-20T10:00:00',
  expiresAt: '2026-12-01',
  freshness: 'fresh',
  reportId: 1,
  ...over
})
const row = (over: Partial<RowFacts> = {}): RowFacts => {
  const states = over.states ?? [state()]
  return {
    module: scope.modules[0]!,
    subject: 'cloud-a',
    answer: answer('auto'),
    claim: 'met',
    states,
    main: states.filter((x) => x.target === 'main'),
    manual: false,
    isOpc: false,
    ...over
  }
}
const manualRow = (over: Partial<RowFacts> = {}): RowFacts =>
  row({ module: scope.modules[1]!, states: [], manual: true, ...over })
const types = (xs: readonly { type: string }[]) => xs.map((x) => x.type)

describe('the tables', () => {
  it('name every rule once', () => {
    const names = [...REPORT_RULES, ...CASE_RULES, ...SUBJECT_RULES, ...ROW_RULES].map((r) => r.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toHaveLength(25)
  })
})

describe('per report', () => {
  it.each([
    ['invalid', 'blocker'],
    ['unknown-key', 'major'],
    ['not-allowed', 'major']
  ] as const)('signatureInvalid: %s → %s', (signature, severity) => {
    expect(signatureInvalid(report({ signature }))).toMatchObject([
      { type: 'report-signature-invalid', severity, evidence: 'r1.yaml' }
    ])
  })
  it.each(['valid', 'unsigned', 'wrong-subject'] as const)('signatureInvalid: not for %s', (signature) => {
    expect(signatureInvalid(report({ signature }))).toEqual([])
  })
  it('signerSubjectMismatch: a trusted key that may not sign for the subject', () => {
    expect(signerSubjectMismatch(report({ signature: 'wrong-subject' }))).toMatchObject([
      { type: 'signer-subject-mismatch', severity: 'major' }
    ])
    expect(signerSubjectMismatch(report({ signature: 'valid' }))).toEqual([])
  })
  it('reportSubjectNotNamed: once per cloud the submission does not name', () => {
    const a = report({ id: 1, subject: 'shadow' })
    const b = report({ id: 2, subject: 'shadow', file: 'r2.yaml' })
    const f = facts({ reports: [a, b] })
    expect(reportSubjectNotNamed(a, f)).toMatchObject([{ type: 'subject-mismatch', subject: 'shadow' }])
    expect(reportSubjectNotNamed(b, f)).toEqual([])
  })
  it('reportSubjectNotNamed: not for a named cloud, nor without a submission', () => {
    const named = report()
    expect(reportSubjectNotNamed(named, facts({ reports: [named] }))).toEqual([])
    const shadow = report({ subject: 'shadow' })
    expect(reportSubjectNotNamed(shadow, facts({ reports: [shadow], submission: null }))).toEqual([])
  })
  it('forcedVersion: a run forced to another version of the scope', () => {
    expect(forcedVersion(report({ forcedVersion: 'v1' }), facts())).toMatchObject([
      { type: 'version-mismatch', severity: 'major' }
    ])
    expect(forcedVersion(report({ forcedVersion: 'v2' }), facts())).toEqual([])
    expect(forcedVersion(report({ forcedVersion: 'v1', schemeId: 'other' }), facts())).toEqual([])
  })
})

describe('the case', () => {
  it('confusableSubjects: look-alike clouds across the submission and the reports', () => {
    const f = facts({ reports: [report({ subject: 'c1oud-a' })] })
    expect(confusableSubjects(null, f)).toMatchObject([{ type: 'subject-confusable', evidence: 'r1.yaml' }])
    expect(confusableSubjects(null, facts())).toEqual([])
  })
  it('submissionVersion: the submission answers another version', () => {
    expect(submissionVersion(null, facts({ submission: submission({ schemeVersion: 'v1' }) }))).toMatchObject(
      [{ type: 'version-mismatch', subject: '' }]
    )
    expect(submissionVersion(null, facts())).toEqual([])
  })
  it('versionDeprecated: the version applied for is deprecated at the decision date', () => {
    expect(versionDeprecated(null, facts({ schemeVersion: 'v1' }))).toMatchObject([
      { type: 'version-mismatch', severity: 'blocker' }
    ])
    expect(versionDeprecated(null, facts())).toEqual([])
    expect(versionDeprecated(null, facts({ schemeVersion: 'v9' }))).toEqual([])
  })
})

describe('per subject', () => {
  it('subjectWithoutReport: a named cloud of the scope without a report', () => {
    expect(subjectWithoutReport(subject(), facts({ reports: [] }))).toMatchObject([
      { type: 'subject-mismatch', evidence: '' }
    ])
    expect(subjectWithoutReport(subject(), facts())).toEqual([])
    expect(subjectWithoutReport(subject({ scope: 'other' }), facts({ reports: [] }))).toEqual([])
  })
  it('subjectVersion: claimed for another version, a blocker when that one is deprecated', () => {
    expect(subjectVersion(subject({ scopeVersion: 'v1' }), facts())).toMatchObject([
      { type: 'version-mismatch', severity: 'blocker' }
    ])
    expect(subjectVersion(subject({ scopeVersion: 'v2' }), facts())).toEqual([])
  })
  it('jointShareMissing: partners without an own share', () => {
    expect(jointShareMissing(subject({ joint: { partners: ['P'], ownShare: null } }))).toMatchObject([
      { type: 'joint-share-missing' }
    ])
    expect(jointShareMissing(subject({ joint: { partners: ['P'], ownShare: 'network' } }))).toEqual([])
    expect(jointShareMissing(subject({ joint: { partners: [], ownShare: null } }))).toEqual([])
  })
  it('duplicateClaim: the cloud is claimed in another case', () => {
    const f = facts({ claimedElsewhere: new Map([['cloud-a', ['case-2']]]) })
    expect(duplicateClaim(subject(), f)).toMatchObject([{ type: 'duplicate-claim', evidence: 'case-2' }])
    expect(duplicateClaim(subject({ id: 'cloud-b' }), f)).toEqual([])
  })
  it('roleAfterSubmission: a role that starts after the submission', () => {
    expect(roleAfterSubmission(subject({ since: '2026-11-02' }), facts())).toMatchObject([
      { type: 'implausible-figure', about: 'since' }
    ])
    expect(roleAfterSubmission(subject({ since: '2026-11-01' }), facts())).toEqual([])
  })

  describe('the size of a public cloud, read from the rule file', () => {
    const iaas = shippedPointsRules('scs-integrator-iaas.rules.yaml')
    const claimed = (scoring: PointsRules | undefined, claim: SubmissionAnswer['claim'] = 'met') =>
      facts({
        scoring,
        submission: submission({ answers: [answer('scoring.public-iaas-operated', { claim })] })
      })
    it.each([
      [{ regions: 1, availabilityZones: 2 }, 1],
      [{ regions: null, availabilityZones: null }, 1],
      [{ regions: 2, availabilityZones: null }, 0],
      [{ regions: null, availabilityZones: 3 }, 0]
    ])('publicCloudTooSmall: %o → %i finding(s)', (size, n) => {
      expect(publicCloudTooSmall(subject(size), claimed(iaas))).toHaveLength(n)
    })
    it('publicCloudTooSmall: with the shipped rule file, the message reads as it always did', () => {
      const [f] = publicCloudTooSmall(subject({ regions: 1, availabilityZones: null }), claimed(iaas))
      expect(say(f!.msg, 'en')).toBe(
        '"cloud-a" is claimed as a public IaaS with ≥ 2 regions or ≥ 3 availability zones, but the submission gives 1 region(s) and no zone(s).'
      )
      expect(say(f!.msg, 'de')).toBe(
        '„cloud-a“ wird als öffentliche IaaS mit ≥ 2 Regionen oder ≥ 3 Verfügbarkeitszonen angegeben, die Einreichung nennt aber 1 Region(en) und keine Zone(n).'
      )
    })
    it('publicCloudTooSmall: the thresholds are the rule file’s, not the code’s', () => {
      // the same scheme with 4 regions or 6 zones asked for: 2 regions and 3 zones no longer do
      const stricter: PointsRules = {
        ...iaas,
        criteria: iaas.criteria.map((c) =>
          c.id === 'scoring.public-iaas-operated'
            ? {
                ...c,
                applies: { ...c.applies, anyOf: [{ regions: { min: 4 } }, { availabilityZones: { min: 6 } }] }
              }
            : c
        )
      }
      const s = subject({ regions: 2, availabilityZones: 3 })
      expect(publicCloudTooSmall(s, claimed(iaas))).toEqual([])
      const [f] = publicCloudTooSmall(s, claimed(stricter))
      expect(f).toMatchObject({
        type: 'implausible-figure',
        criterion: 'scoring.public-iaas-operated',
        about: 'regions'
      })
      // the message names the rule file's sizes too
      expect(say(f!.msg, 'en')).toBe(
        '"cloud-a" is claimed as a public IaaS with ≥ 4 regions or ≥ 6 availability zones, but the submission gives 2 region(s) and 3 zone(s).'
      )
      expect(say(f!.msg, 'de')).toContain('mit ≥ 4 Regionen oder ≥ 6 Verfügbarkeitszonen angegeben')
    })
    it('publicCloudTooSmall: only when the criterion is claimed, and only for criteria with a size', () => {
      const small = subject({ regions: 1 })
      expect(publicCloudTooSmall(small, claimed(iaas, 'not-met'))).toEqual([])
      expect(publicCloudTooSmall(small, claimed(undefined))).toEqual([])
      const kaas = shippedPointsRules('scs-integrator-kaas.rules.yaml')
      const f = facts({
        scoring: kaas,
        submission: submission({ answers: [answer('scoring.public-kaas-operated')] })
      })
      expect(publicCloudTooSmall(small, f)).toEqual([])
    })
    it('publicCloudNotPublic: claimed as a public cloud, marked not public', () => {
      expect(publicCloudNotPublic(subject({ regions: 2, publicCloud: false }), claimed(iaas))).toMatchObject([
        { type: 'implausible-figure', about: 'public' }
      ])
      expect(publicCloudNotPublic(subject({ regions: 2, publicCloud: true }), claimed(iaas))).toEqual([])
      expect(publicCloudNotPublic(subject({ publicCloud: false }), claimed(iaas, 'not-applicable'))).toEqual(
        []
      )
    })
  })

  describe('usage figures', () => {
    const busy = subject({ figures: { customers: 10, workloads: 100 } })
    const integrator = facts({ submission: submission({ scheme: 'scs-integrator-iaas', subjects: [busy] }) })
    it('noStressEvidence: an integrator environment with customers but no stress test', () => {
      expect(noStressEvidence(busy, integrator)).toMatchObject([
        { type: 'implausible-figure', about: 'stress' }
      ])
    })
    it('noStressEvidence: not with a stress-test figure or evidence, nor outside integrator schemes', () => {
      const withPeak = subject({ figures: { customers: 10, workloads: 100, stressTestPeakRps: 900 } })
      expect(noStressEvidence(withPeak, integrator)).toEqual([])
      const withEvidence = facts({
        submission: submission({
          scheme: 'scs-integrator-kaas',
          subjects: [busy],
          answers: [answer('x', { evidence: [{ title: 'Load test 2026', ref: 'doc', date: null }] })]
        })
      })
      expect(noStressEvidence(busy, withEvidence)).toEqual([])
      expect(noStressEvidence(busy, facts({ submission: submission({ subjects: [busy] }) }))).toEqual([])
    })
    it('one definition of an integrator scheme', () => {
      expect(isIntegratorScheme('scs-integrator-kaas')).toBe(true)
      expect(isIntegratorScheme('scs-compatible-iaas')).toBe(false)
    })
    it('customersOverWorkloads: more customers than workloads', () => {
      expect(customersOverWorkloads(subject({ figures: { customers: 10, workloads: 5 } }))).toMatchObject([
        { type: 'implausible-figure', about: 'ratio' }
      ])
      expect(customersOverWorkloads(subject({ figures: { customers: 5, workloads: 5 } }))).toEqual([])
      expect(customersOverWorkloads(subject({ figures: { customers: 5 } }))).toEqual([])
    })
  })
})

describe('per criterion × subject', () => {
  const docs = [{ name: 'a.pdf', sha256: 'a'.repeat(64) }]
  it('evidenceReferences: an attachment that is not in the case', () => {
    const r = row({
      answer: answer('auto', { evidence: [{ title: 'x', ref: 'attachment:b.pdf', date: null }] })
    })
    expect(types(evidenceReferences(r, facts({ documents: docs })))).toEqual(['evidence-unresolved'])
    const ok = row({
      answer: answer('auto', { evidence: [{ title: 'x', ref: 'attachment:a.pdf', date: null }] })
    })
    expect(evidenceReferences(ok, facts({ documents: docs }))).toEqual([])
  })
  it('claimMissing: no answer; major on a manual criterion', () => {
    expect(claimMissing(row({ answer: null, claim: null }), facts())).toMatchObject([
      { type: 'claim-missing', severity: 'minor' }
    ])
    expect(claimMissing(manualRow({ answer: null, claim: null }), facts())).toMatchObject([
      { severity: 'major' }
    ])
    expect(claimMissing(row(), facts())).toEqual([])
    expect(claimMissing(row({ answer: null, claim: null }), facts({ expectClaims: false }))).toEqual([])
  })
  it('checkContradicts: a main FAIL is a blocker, a main ABORT major, a preview one minor', () => {
    const r = row({
      states: [
        state({ testcase: 'a', result: 'FAIL', effective: 'FAIL' }),
        state({ testcase: 'b', result: 'ABORT', effective: 'ABORT' }),
        state({ testcase: 'c', target: 'preview', result: 'FAIL', effective: 'FAIL' })
      ]
    })
    expect(checkContradicts(r).map((f) => f.severity)).toEqual(['blocker', 'major', 'minor'])
    expect(checkContradicts({ ...r, claim: 'not-met' })).toEqual([])
    expect(checkContradicts(row())).toEqual([])
  })
  it('checksMissing: a met claim whose main result is absent (not an expired one)', () => {
    const absent = row({ states: [state({ result: 'MISSING', effective: 'MISSING', freshness: 'none' })] })
    expect(checksMissing(absent)).toMatchObject([{ type: 'claim-unproven', evidence: 't1' }])
    const expired = row({ states: [state({ effective: 'MISSING', freshness: 'stale' })] })
    expect(checksMissing(expired)).toEqual([])
  })
  const opc = { reportId: 7, file: 'rs.json', subject: 'cloud-a', guideline: '2022.11', passed: 3 }
  it('refstackFailed: a RefStack run that did not pass every required test', () => {
    const r = row({ isOpc: true, manual: true, states: [] })
    const f = facts({ opcRuns: [{ ...opc, failed: ['tempest.x'] }] })
    expect(refstackFailed(r, f)).toMatchObject([{ type: 'claim-contradicted', severity: 'blocker' }])
    expect(refstackFailed(r, facts({ opcRuns: [{ ...opc, failed: [] }] }))).toEqual([])
    expect(refstackFailed({ ...r, isOpc: false }, f)).toEqual([])
  })
  it('manualClaimWithoutEvidence: a met manual claim listing no evidence', () => {
    expect(manualClaimWithoutEvidence(manualRow(), facts())).toMatchObject([
      { type: 'claim-unproven', about: 'no-evidence' }
    ])
    const listed = manualRow({
      answer: answer('manual', { evidence: [{ title: 'd', ref: 'x', date: null }] })
    })
    expect(manualClaimWithoutEvidence(listed, facts())).toEqual([])
    // a RefStack run proves the OpenStack Powered Compute module instead
    const opcRow = manualRow({ isOpc: true })
    expect(manualClaimWithoutEvidence(opcRow, facts({ opcRuns: [{ ...opc, failed: [] }] }))).toEqual([])
  })
  it('claimUnderstated: claimed not met, but every main check passes', () => {
    expect(claimUnderstated(row({ claim: 'not-met' }))).toMatchObject([{ type: 'claim-understated' }])
    expect(
      claimUnderstated(row({ claim: 'not-applicable', states: [state({ effective: 'MISSING' })] }))
    ).toEqual([])
    expect(claimUnderstated(row({ claim: 'not-met', states: [] }))).toEqual([])
  })
  it('evidenceStale: an expired result, major for main and minor for preview', () => {
    const r = row({
      states: [state({ freshness: 'stale' }), state({ testcase: 'p', target: 'preview', freshness: 'stale' })]
    })
    expect(evidenceStale(r).map((f) => f.severity)).toEqual(['major', 'minor'])
    expect(evidenceStale(row())).toEqual([])
  })
  it('manualEvidenceMissing: a manual criterion not claimed met, without evidence', () => {
    expect(manualEvidenceMissing(manualRow({ answer: null, claim: null }), facts())).toMatchObject([
      { type: 'manual-evidence-missing' }
    ])
    // claimed met without evidence: that is manualClaimWithoutEvidence's finding
    expect(manualEvidenceMissing(manualRow(), facts())).toEqual([])
    expect(manualEvidenceMissing(row({ claim: 'not-met' }), facts())).toEqual([])
  })
})
