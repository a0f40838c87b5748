import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { addMonths, parseRules, type PointsRules } from '../../../src/shared/domain/rules'
import { computeVerdict, stepHolds } from '../../../src/shared/domain/verdict'
import { loadYamlDocuments } from '../../../src/shared/format/safe-yaml'
import { InputError } from '../../../src/shared/format/input-error'
import type { ReviewRow } from '../../../src/shared/ipc/contract'
import type { Submission, SubmissionSubject } from '../../../src/shared/domain/submission'
import type { TestcaseState } from '../../../src/shared/domain/reconcile'
import { RESOURCES } from '../../helpers/paths'

const SCHEMES = join(RESOURCES, 'schemes')
const load = (f: string) => parseRules(f, loadYamlDocuments(f, readFileSync(join(SCHEMES, f), 'utf8'))[0])

describe('calendar months', () => {
  it.each([
    ['2025-11-20', 12, '2026-11-20'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2026-11-20', -12, '2025-11-20'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -1, '2025-12-15']
  ])('%s + %i months = %s', (d, n, want) => expect(addMonths(d, n)).toBe(want))
})

describe('SCS-0007 month boundaries (stepHolds)', () => {
  const held = (n: number) => ({ heldForMonths: n })
  const within = (n: number) => ({ startedWithinMonths: n })
  it.each([
    ['exactly 12 months', held(12), '2025-11-20', null, '2026-11-20', true],
    ['a day short of 12 months', held(12), '2025-11-21', null, '2026-11-20', false],
    ['exactly 6 months', held(6), '2026-05-20', null, '2026-11-20', true],
    ['a day short of 6 months', held(6), '2026-05-21', null, '2026-11-20', false],
    ['6 months from a 31st, on the 28th of February', held(6), '2025-08-31', null, '2026-02-28', true],
    ['6 months from a 31st, a day before', held(6), '2025-08-31', null, '2026-02-27', false],
    ['since in the future', held(6), '2026-11-21', null, '2026-11-20', false],
    ['ended before the decision date', held(6), '2025-01-01', '2026-11-19', '2026-11-20', false],
    ['ending on the decision date', held(6), '2025-01-01', '2026-11-20', '2026-11-20', true],
    ['ending after the decision date', held(12), '2025-01-01', '2027-01-01', '2026-11-20', true],
    ['brought into production exactly 12 months ago', within(12), '2025-11-20', null, '2026-11-20', true],
    ['brought into production 12 months and a day ago', within(12), '2025-11-19', null, '2026-11-20', false],
    ['brought into production on the decision date', within(12), '2026-11-20', null, '2026-11-20', true],
    ['brought into production in the future', within(12), '2026-12-01', null, '2026-11-20', false]
  ])('%s', (_name, step, since, until, at, ok) => {
    const r = stepHolds(step, since, until, at)
    expect(r.ok).toBe(ok)
    expect(r.fact).toContain(
      since > at ? 'after the decision date' : until && until < at ? `ended on ${until}` : since
    )
  })
})

describe('rule files', () => {
  it('every shipped rule file parses, one per scheme', () => {
    const files = readdirSync(SCHEMES).filter((f) => f.endsWith('.rules.yaml'))
    expect(files.map((f) => load(f).scheme).sort()).toEqual([
      'openstack-powered-compute',
      'scs-compatible-iaas',
      'scs-compatible-kaas',
      'scs-integrator-iaas',
      'scs-integrator-kaas'
    ])
  })
  it.each([
    [{ formatVersion: 2 }, 'formatVersion'],
    [
      {
        model: 'points',
        tiers: [
          { id: 'bronze', name: 'B', minPoints: 2 },
          { id: 'silver', name: 'S', minPoints: 4 }
        ]
      },
      'tiers'
    ],
    [
      {
        model: 'points',
        criteria: [
          {
            id: 'x',
            name: 'X',
            applies: {},
            points: [{ points: 2, heldForMonths: 12, startedWithinMonths: 12 }]
          }
        ]
      },
      'criteria[0].points[0]'
    ],
    [
      {
        model: 'points',
        criteria: [
          { id: 'x', name: 'X', applies: { colour: 'red' }, points: [{ points: 2, heldForMonths: 12 }] }
        ]
      },
      'criteria[0].applies'
    ],
    [{ model: 'scope', freshness: 'sometimes' }, 'freshness']
  ])('a bad rule file is refused with the place (%#)', (patch, place) => {
    const base = load('scs-integrator-iaas.rules.yaml') as Record<string, unknown>
    const bad = {
      ...base,
      ...('model' in patch && patch.model === 'scope'
        ? {
            model: 'scope',
            outcomes: undefined,
            versions: undefined,
            reference: undefined,
            perEnvironment: undefined,
            criteria: undefined,
            tiers: undefined,
            otherwise: undefined
          }
        : {}),
      ...patch
    }
    try {
      parseRules('bad.rules.yaml', JSON.parse(JSON.stringify(bad)))
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      expect((e as InputError).file).toBe('bad.rules.yaml')
      expect((e as InputError).place.startsWith(place)).toBe(true)
    }
  })
})

describe('points and tiers (computeVerdict over synthetic references)', () => {
  const rules = load('scs-integrator-iaas.rules.yaml') as PointsRules
  const AT = '2026-11-20'
  const env = (
    id: string,
    role: SubmissionSubject['role'],
    since: string,
    extra: Partial<SubmissionSubject> = {}
  ): SubmissionSubject => ({
    id,
    name: null,
    kind: 'iaas',
    scope: 'scs-compatible-iaas',
    scopeVersion: 'v5.1',
    role,
    thirdParty: role !== 'operated',
    publicCloud: role === 'operated',
    since,
    until: null,
    regions: 2,
    availabilityZones: 3,
    joint: null,
    figures: {},
    extra: {},
    ...extra
  })
  const tc = (result: TestcaseState['result'], freshness: TestcaseState['freshness']): TestcaseState => ({
    testcase: 't',
    target: 'main',
    result,
    effective: freshness === 'fresh' ? result : 'MISSING',
    checkedAt: '2026-11-17T09:30:00',
    expiresAt: '2026-11-30',
    freshness,
    reportId: 1
  })
  const criterionOf: Record<string, string> = {
    operated: 'scoring.public-iaas-operated',
    managed: 'scoring.third-party-managed',
    'brought-into-production': 'scoring.third-party-production'
  }
  function verdictOf(envs: SubmissionSubject[], evidence: Record<string, TestcaseState[]> = {}) {
    const submission: Submission = {
      formatVersion: 1,
      scheme: 'scs-integrator-iaas',
      schemeVersion: 'v2',
      tier: null,
      submittedAt: AT,
      applicant: { name: 'A', id: null, address: null, contact: null },
      partners: [],
      subjects: envs,
      answers: envs.map((e) => ({
        criterion: criterionOf[e.role!]!,
        subject: e.id,
        claim: 'met',
        statement: '',
        evidence: [],
        figures: {},
        extra: {}
      })),
      extra: {}
    }
    const rows: ReviewRow[] = envs.flatMap((e) => [
      {
        criterion: criterionOf[e.role!]!,
        name: '',
        url: '',
        manual: true,
        subject: e.id,
        claim: { claim: 'met', statement: '', evidence: [], figures: {} },
        testcases: [],
        findingIds: [],
        worst: null,
        outcome: null,
        decision: null
      },
      {
        criterion: 'scs-0100-v3.1',
        name: '',
        url: '',
        manual: false,
        subject: e.id,
        claim: null,
        testcases: evidence[e.id] ?? [tc('PASS', 'fresh')],
        findingIds: [],
        worst: null,
        outcome: null,
        decision: null
      }
    ])
    return computeVerdict({
      rules,
      rulesFile: { file: 'x', sha256: 'y' },
      schemeDefinitions: [],
      round: 1,
      schemeName: rules.name,
      versionStatus: null,
      submission,
      files: [],
      audit: { head: 'h', entries: 1 },
      caseInfo: {
        id: 'c',
        title: 't',
        schemeId: rules.scheme,
        schemeVersion: 'v2',
        status: 'open',
        submittedBy: null,
        acceptedBy: null,
        createdAt: AT,
        round: 1,
        previousCaseId: null,
        fileCount: 0,
        resultCount: 0
      },
      review: {
        rows,
        findings: [],
        subjects: envs.map((e) => e.id),
        caseId: 'c',
        decisionDate: AT,
        counts: { bySeverity: { blocker: 0, major: 0, minor: 0, info: 0 }, byType: {}, open: 0 },
        decisions: []
      }
    })
  }
  it.each([
    ['nothing held long enough', 0, 'not-granted', [env('a', 'managed', '2026-06-01')]],
    ['one 6-month management', 1, 'not-granted', [env('a', 'managed', '2026-05-20')]],
    ['one 12-month public cloud', 2, 'bronze', [env('a', 'operated', '2025-11-20')]],
    ['6 + 12 months', 3, 'bronze', [env('a', 'managed', '2026-05-01'), env('b', 'operated', '2025-01-01')]],
    [
      'two 2-point references',
      4,
      'silver',
      [env('a', 'brought-into-production', '2026-01-01'), env('b', 'operated', '2025-01-01')]
    ],
    [
      'a public cloud with 1 region and 2 zones scores nothing',
      0,
      'not-granted',
      [env('a', 'operated', '2025-01-01', { regions: 1, availabilityZones: 2 })]
    ],
    [
      'an ended management scores nothing',
      0,
      'not-granted',
      [env('a', 'managed', '2025-01-01', { until: '2026-10-01' })]
    ]
  ])('%s → %i points, %s', (_n, points, outcome, envs) => {
    const v = verdictOf(envs)
    expect(v.points).toBe(points)
    expect(v.outcome).toBe(outcome)
    expect(v.validUntil).toBe(outcome === 'not-granted' ? null : '2027-11-20')
  })
  it('an environment whose main testcase fails, is missing or stale scores nothing', () => {
    for (const bad of [tc('FAIL', 'fresh'), tc('MISSING', 'none'), tc('PASS', 'stale')]) {
      const v = verdictOf([env('a', 'operated', '2025-01-01')], { a: [tc('PASS', 'fresh'), bad] })
      expect(v.points).toBe(0)
      expect(v.criteria[0]!.status).toBe('not-counted')
    }
  })
})
