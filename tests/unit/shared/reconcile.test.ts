import { describe, expect, it } from 'vitest'
import {
  reconcile,
  type ReconcileInput,
  type FindingType,
  type ReconcileReport,
  type ReconcileResult
} from '../../../src/shared/domain/reconcile'
import type { ScopeDef } from '../../../src/shared/domain/types'
import type { Submission, SubmissionAnswer, SubmissionSubject } from '../../../src/shared/domain/submission'
import { shippedPointsRules } from '../../helpers/scheme-rules'
import { testSubject } from '../../helpers/submission'

const scope: ScopeDef = {
  name: 'Test scope',
  uuid: '00000000-0000-0000-0000-000000000001',
  url: '',
  variables: [],
  testcases: [
    { id: 't1', description: '', url: '', lifetime: 'week', section: null },
    { id: 't2', description: '', url: '', lifetime: 'month', section: null },
    { id: 'p1', description: '', url: '', lifetime: null, section: null },
    { id: 'p2', description: '', url: '', lifetime: null, section: null }
  ],
  modules: [
    {
      id: 'auto',
      name: 'Automated standard',
      url: '',
      targets: { main: ['t1', 't2'], preview: ['p1'] },
      parameters: {}
    },
    { id: 'manual', name: 'Manual standard', url: '', targets: {}, parameters: {} },
    { id: 'prev-only', name: 'Preview-only standard', url: '', targets: { preview: ['p2'] }, parameters: {} }
  ],
  versions: [
    { version: 'v1', stabilizedAt: '2026-01-01', criteria: ['auto', 'manual', 'prev-only'], parameters: {} },
    { version: 'v0', stabilizedAt: '2025-01-01', criteria: ['auto'], parameters: {} }
  ],
  timeline: [{ date: '2026-01-01', versions: { v1: 'effective' } }]
}

const subject = testSubject
const answer = (
  criterion: string,
  claim: SubmissionAnswer['claim'],
  over: Partial<SubmissionAnswer> = {}
): SubmissionAnswer => ({
  criterion,
  subject: 'cloud-a',
  claim,
  statement: 'how',
  evidence: [],
  figures: {},
  extra: {},
  ...over
})
const submission = (
  answers: SubmissionAnswer[],
  subjects = [subject()],
  over: Partial<Submission> = {}
): Submission => ({
  formatVersion: 1,
  scheme: 'test',
  schemeVersion: 'v1',
  tier: null,
  submittedAt: '2026-11-01',
  applicant: { name: 'A', id: null, address: null, contact: null },
  partners: [],
  subjects,
  answers,
  extra: {},
  ...over
})
const evidence = [{ title: 'doc', ref: 'https://example.test/doc', date: null }]
const ALL_MET = [
  answer('auto', 'met'),
  answer('manual', 'met', { evidence }),
  answer('prev-only', 'met', { evidence })
]

function input(
  over: {
    submission?: Submission | null
    results?: Record<string, -1 | 0 | 1>
    checkedAt?: string
    reports?: Partial<ReconcileReport>[]
    at?: string
    elsewhere?: Record<string, string[]>
    version?: string
  } = {}
): ReconcileInput {
  const reports: ReconcileReport[] = (over.reports ?? [{}]).map((r, i) => ({
    id: i + 1,
    file: `r${i + 1}.yaml`,
    schemeId: 'test',
    subject: 'cloud-a',
    checkedAt: over.checkedAt ?? '2026-11-20T10:00:00',
    signature: 'unsigned',
    forcedVersion: null,
    ...r
  }))
  const results: ReconcileResult[] = Object.entries(over.results ?? { t1: 1, t2: 1, p1: 1, p2: 1 }).map(
    ([testcase, value]) => ({ reportId: 1, testcase, value: value as -1 | 0 | 1 })
  )
  return {
    caseId: 'case-1',
    schemeId: 'test',
    schemeVersion: over.version ?? 'v1',
    scope,
    evidenceRules: { freshness: 'required', manual: 'accepted-decision' },
    decisionDate: over.at ?? '2026-11-25',
    submission: over.submission === undefined ? submission(ALL_MET) : over.submission,
    reports,
    results,
    claimedElsewhere: new Map(Object.entries(over.elsewhere ?? {}))
  }
}
const types = (i: ReconcileInput): FindingType[] => reconcile(i).findings.map((f) => f.type)
const of = (i: ReconcileInput, t: FindingType) => reconcile(i).findings.filter((f) => f.type === t)

describe('a consistent applicant', () => {
  it('has no findings', () => {
    expect(reconcile(input()).findings).toEqual([])
  })
})

describe('claim-contradicted', () => {
  it.each([
    ['a main FAIL is a blocker', { t1: -1, t2: 1, p1: 1, p2: 1 }, 'blocker', 't1'],
    ['a main ABORT is major', { t1: 1, t2: 0, p1: 1, p2: 1 }, 'major', 't2'],
    ['a preview FAIL is minor', { t1: 1, t2: 1, p1: -1, p2: 1 }, 'minor', 'p1']
  ] as const)('%s', (_n, results, severity, tc) => {
    const f = of(input({ results }), 'claim-contradicted')
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ severity, criterion: 'auto', subject: 'cloud-a', claim: 'met' })
    expect(f[0]!.message).toContain(tc)
  })
  it('not when the claim is not-met', () => {
    const sub = submission([answer('auto', 'not-met'), ALL_MET[1]!, ALL_MET[2]!])
    expect(of(input({ submission: sub, results: { t1: -1, t2: 1 } }), 'claim-contradicted')).toEqual([])
  })
})

describe('claim-unproven', () => {
  it('a met claim with a required check without result', () => {
    const f = of(input({ results: { t1: 1, p1: 1, p2: 1 } }), 'claim-unproven')
    expect(f).toMatchObject([{ severity: 'major', criterion: 'auto', evidence: 't2' }])
  })
  it('a met claim on a manual criterion without evidence entry', () => {
    const sub = submission([ALL_MET[0]!, answer('manual', 'met'), ALL_MET[2]!])
    expect(of(input({ submission: sub }), 'claim-unproven')).toMatchObject([{ criterion: 'manual' }])
    expect(of(input({ submission: sub }), 'manual-evidence-missing')).toEqual([])
  })
  it('not when every required check has a result (even a preview one missing)', () => {
    expect(of(input({ results: { t1: 1, t2: 1 } }), 'claim-unproven')).toEqual([])
  })
})

describe('claim-understated', () => {
  it.each(['not-met', 'not-applicable'] as const)('claimed %s while all required checks pass', (claim) => {
    const sub = submission([answer('auto', claim), ALL_MET[1]!, ALL_MET[2]!])
    expect(of(input({ submission: sub }), 'claim-understated')).toMatchObject([
      { severity: 'minor', criterion: 'auto', claim }
    ])
  })
  it('not when a required check fails', () => {
    const sub = submission([answer('auto', 'not-met'), ALL_MET[1]!, ALL_MET[2]!])
    expect(of(input({ submission: sub, results: { t1: -1, t2: 1 } }), 'claim-understated')).toEqual([])
  })
})

describe('evidence-stale (week lifetime: checked Friday 2026-11-06 expires Monday 2026-11-16)', () => {
  // no grace period (DOMAIN.md, corrected 2026-12-01): an expired main result is MISSING at once, so major
  it.each([
    ['fresh the day before expiry', '2026-11-15', null],
    ['expired on the expiry day: major at once (no grace)', '2026-11-16', 'major'],
    ['6 days after (the old grace period): major', '2026-11-22', 'major'],
    ['7 days after: major', '2026-11-23', 'major']
  ] as const)('%s', (_n, at, severity) => {
    const f = of(
      input({ results: { t1: 1, t2: 1, p1: 1, p2: 1 }, checkedAt: '2026-11-06T10:00:00', at }),
      'evidence-stale'
    ).filter((x) => x.evidence.startsWith('t1'))
    if (severity === null) expect(f).toEqual([])
    else expect(f).toMatchObject([{ severity, criterion: 'auto' }])
  })
})

describe('subject-mismatch', () => {
  it('a report for a cloud the submission does not name', () => {
    const i = input({ reports: [{}, { id: 2, subject: 'cloud-z' }] })
    expect(of(i, 'subject-mismatch')).toMatchObject([{ subject: 'cloud-z', severity: 'major' }])
  })
  it('a claimed cloud without report', () => {
    const sub = submission(ALL_MET, [subject(), subject({ id: 'cloud-b' })])
    expect(of(input({ submission: sub }), 'subject-mismatch').map((f) => f.subject)).toEqual(['cloud-b'])
  })
  it('not without a submission (the reports define the subjects)', () => {
    expect(
      of(input({ submission: null, reports: [{}, { id: 2, subject: 'cloud-z' }] }), 'subject-mismatch')
    ).toEqual([])
  })
})

describe('version-mismatch', () => {
  it('a claimed version deprecated at the decision date', () => {
    expect(of(input({ version: 'v0', submission: null }), 'version-mismatch')).toMatchObject([
      { severity: 'blocker' }
    ])
  })
  it('a run forced to another version', () => {
    expect(of(input({ reports: [{ forcedVersion: 'v0' }] }), 'version-mismatch')).toMatchObject([
      { severity: 'major' }
    ])
  })
  it('a subject said to meet another version', () => {
    const sub = submission(ALL_MET, [subject({ scopeVersion: 'v0' })])
    expect(of(input({ submission: sub }), 'version-mismatch')).toMatchObject([
      { subject: 'cloud-a', severity: 'blocker' }
    ])
  })
  it('not for the version applied for', () => {
    expect(of(input(), 'version-mismatch')).toEqual([])
  })
})

describe('manual-evidence-missing', () => {
  it.each([
    [
      'a manual criterion claimed not-met without evidence',
      [ALL_MET[0]!, answer('manual', 'not-met'), ALL_MET[2]!],
      'manual'
    ],
    [
      'a preview-only criterion without evidence',
      [ALL_MET[0]!, ALL_MET[1]!, answer('prev-only', 'not-applicable')],
      'prev-only'
    ]
  ])('%s', (_n, answers, criterion) => {
    expect(of(input({ submission: submission(answers) }), 'manual-evidence-missing')).toMatchObject([
      { criterion, severity: 'major' }
    ])
  })
  it('not when evidence is given', () => {
    expect(of(input(), 'manual-evidence-missing')).toEqual([])
  })
})

describe('joint-share-missing', () => {
  it('partners without own share', () => {
    const sub = submission(ALL_MET, [subject({ joint: { partners: ['P AG'], ownShare: null } })])
    expect(of(input({ submission: sub }), 'joint-share-missing')).toMatchObject([
      { subject: 'cloud-a', severity: 'major' }
    ])
  })
  it('not with an own share', () => {
    const sub = submission(ALL_MET, [subject({ joint: { partners: ['P AG'], ownShare: 'the network' } })])
    expect(of(input({ submission: sub }), 'joint-share-missing')).toEqual([])
  })
})

describe('duplicate-claim', () => {
  it('a cloud claimed in another case', () => {
    expect(of(input({ elsewhere: { 'cloud-a': ['case-2'] } }), 'duplicate-claim')).toMatchObject([
      { subject: 'cloud-a', evidence: 'case-2' }
    ])
  })
  it('not for other clouds', () => {
    expect(of(input({ elsewhere: { 'cloud-q': ['case-2'] } }), 'duplicate-claim')).toEqual([])
  })
})

describe('implausible-figure', () => {
  const publicIaas = (s: Partial<SubmissionSubject>) =>
    submission([...ALL_MET, answer('scoring.public-iaas-operated', 'met')], [subject(s)], { scheme: 'test' })
  it.each([
    ['a public IaaS with 1 region and 2 zones', { regions: 1, availabilityZones: 2, publicCloud: true }, 1],
    ['a public IaaS that is marked not public', { regions: 2, publicCloud: false }, 1],
    ['2 regions is plausible', { regions: 2, availabilityZones: 1, publicCloud: true }, 0],
    ['3 zones is plausible', { regions: 1, availabilityZones: 3, publicCloud: true }, 0]
  ])('%s', (_n, s, n) => {
    // the size a public IaaS needs is rule data: the integrator scheme's rule file
    const scoring = shippedPointsRules('scs-integrator-iaas.rules.yaml')
    expect(of({ ...input({ submission: publicIaas(s) }), scoring }, 'implausible-figure')).toHaveLength(n)
  })
  it('a role that starts after the submission', () => {
    const sub = submission(ALL_MET, [subject({ since: '2026-12-01' })])
    expect(of(input({ submission: sub }), 'implausible-figure')).toMatchObject([{ severity: 'major' }])
  })
  it('customers without stress-test evidence, for integrator schemes', () => {
    const sub = submission(ALL_MET, [subject({ figures: { customers: 10, workloads: 100 } })], {
      scheme: 'scs-integrator-iaas'
    })
    expect(of(input({ submission: sub }), 'implausible-figure')).toMatchObject([{ severity: 'minor' }])
    const withStress = submission(
      ALL_MET,
      [subject({ figures: { customers: 10, workloads: 100, stressTestPeakRps: 900 } })],
      { scheme: 'scs-integrator-iaas' }
    )
    expect(of(input({ submission: withStress }), 'implausible-figure')).toEqual([])
  })
})

describe('report-signature-invalid', () => {
  it.each([
    ['invalid', 'blocker'],
    ['unknown-key', 'major']
  ] as const)('%s → %s', (signature, severity) => {
    expect(of(input({ reports: [{ signature }] }), 'report-signature-invalid')).toMatchObject([{ severity }])
  })
  it.each(['valid', 'unsigned'] as const)('not for %s', (signature) => {
    expect(of(input({ reports: [{ signature }] }), 'report-signature-invalid')).toEqual([])
  })
})

describe('claim-missing', () => {
  it('a criterion of the version without an answer', () => {
    const sub = submission([ALL_MET[0]!, ALL_MET[1]!])
    expect(types(input({ submission: sub }))).toContain('claim-missing')
  })
})

describe('rows', () => {
  it('one row per criterion and subject, with testcase states and the worst severity', () => {
    const r = reconcile(input({ results: { t1: -1, t2: 1 } }))
    expect(r.rows.map((x) => x.criterion)).toEqual(['auto', 'manual', 'prev-only'])
    const auto = r.rows[0]!
    expect(auto.worst).toBe('blocker')
    expect(auto.testcases.map((t) => [t.testcase, t.result])).toEqual([
      ['t1', 'FAIL'],
      ['t2', 'PASS'],
      ['p1', 'MISSING']
    ])
    expect(auto.findingIds.length).toBeGreaterThan(0)
  })
  it('the latest result of a testcase wins across reports', () => {
    const i = input({
      reports: [{ checkedAt: '2026-11-20T10:00:00' }, { id: 2, checkedAt: '2026-11-21T10:00:00' }]
    })
    const res = [...i.results, { reportId: 2, testcase: 't1', value: -1 as const }]
    expect(of({ ...i, results: res }, 'claim-contradicted')).toHaveLength(1)
  })
})

describe('OpenStack Powered Compute module: RefStack runs as its evidence', () => {
  const withOpc: ScopeDef = {
    ...scope,
    modules: [
      ...scope.modules,
      { id: 'opc-v2022.11', name: 'OpenStack Powered Compute', url: '', targets: {}, parameters: {} }
    ],
    versions: [
      { ...scope.versions[0]!, criteria: [...scope.versions[0]!.criteria, 'opc-v2022.11'] },
      scope.versions[1]!
    ]
  }
  const run = (failed: string[]) => ({
    reportId: 9,
    file: 'refstack.json',
    subject: 'cpid-1',
    guideline: '2022.11',
    passed: 200,
    failed
  })
  const opcInput = (claim: SubmissionAnswer['claim'], runs: ReturnType<typeof run>[]) => ({
    ...input({ submission: submission([...ALL_MET, answer('opc-v2022.11', claim)]) }),
    scope: withOpc,
    opcRuns: runs
  })
  it('a run that misses required tests contradicts a met claim (blocker)', () => {
    const f = of(opcInput('met', [run(['tempest.a', 'tempest.b'])]), 'claim-contradicted')
    expect(f).toMatchObject([{ criterion: 'opc-v2022.11', severity: 'blocker' }])
    expect(f[0]!.message).toContain('2 required tests')
  })
  it('a complete run is the evidence: no claim-unproven, no manual-evidence-missing', () => {
    const t = types(opcInput('met', [run([])]))
    expect(t).not.toContain('claim-unproven')
    expect(t).not.toContain('manual-evidence-missing')
  })
  it('without a run, a met claim without evidence is unproven', () => {
    expect(of(opcInput('met', []), 'claim-unproven')).toMatchObject([{ criterion: 'opc-v2022.11' }])
  })
})
