/**
 * Issue 12 A: the same evidence gives the same answer everywhere. The version badges (caseDetail), the review
 * rows and their findings (caseReview), the verdict's statuses and its blocking list come from one evaluation
 * (evaluate.ts): checked on the fixture cases and the demo at dates around an expiry. Then the rules that feed
 * it: no grace period, ties, past decision dates, integrator reference checks and receipts, rounds, and a
 * waiver that caps the validity.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { actorOf } from '../helpers/identity'
import { createTestWorkspace, reportYaml } from '../helpers/workspace'
import { FIXTURES, RESOURCES, SHARED_FIXTURES, tempDir } from '../helpers/paths'
import { testClock } from '../helpers/clock'
import { openWorkspace } from '../../src/main/workspace'
import { fixtureCase } from '../helpers/fixture-cases'
import type { Workspace } from '../../src/main/workspace'
import { openDemoCase, DEMO_CASE_ID } from '../../src/main/services/demo'
import { expiryDate, SCS_EVIDENCE_RULES, worstResult } from '../../src/shared/domain/evaluate'
import { STATUS_OF_OUTCOME } from '../../src/shared/domain/verdict'
import { mainTestcases } from '../../src/shared/domain/scope'
import { manualCriteria } from '../../src/shared/domain/scope-status'
import { certificateState } from '../../src/shared/register/status'

const CASES = join(FIXTURES, 'cases')
let ws: Workspace & { dir: string }

const mains = mainTestcases(
  (() => {
    const w = createTestWorkspace()
    const s = w.schemes.get('scs-compatible-iaas').scope
    w.close()
    return s
  })(),
  'v5.1'
)
const allPass = Object.fromEntries(mains.map((t) => [t, 1]))

beforeAll(async () => {
  ws = createTestWorkspace()
  await fixtureCase(ws, 'consistent', 'consistent')
  await fixtureCase(ws, 'inconsistent', 'inconsistent', (f) => f !== 'other-application.yaml')
  await fixtureCase(ws, 'integrator', 'integrator')
  await openDemoCase(ws, RESOURCES)
  // an OpenStack Powered Compute case: its rule file lets no result expire and excludes all-flagged capabilities
  ws.createCase({ id: 'opc', schemeId: 'openstack-powered-compute', schemeVersion: '2020.06' })
  await ws.importFiles('opc', [
    {
      name: 'refstack.json',
      bytes: readFileSync(join(SHARED_FIXTURES, 'format-samples/refstack-results-demo-cloud.json'))
    }
  ])
})
afterAll(() => ws.close())

const DATES = ['2026-11-20', '2026-11-24', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-20']

describe('one evaluation feeds the badges, the review, the verdict and the blocking list', () => {
  for (const id of ['consistent', 'inconsistent', DEMO_CASE_ID, 'opc'])
    it.each(DATES)(`${id} at %s: version outcome, row outcomes, statuses and findings agree`, (at) => {
      const detail = ws.caseDetail(id, at)
      const review = ws.caseReview(id, at)
      const verdict = ws.verdict(id, at)
      let compared = 0
      for (const e of detail.evaluations.filter((x) => x.version === detail.case.schemeVersion)) {
        const rows = review.rows.filter((r) => r.subject === e.subject && r.outcome !== null)
        if (!rows.length) continue
        // the version badge is the worst of the review rows' outcomes
        expect(worstResult(rows.map((r) => r.outcome!)), `${e.subject} at ${at}`).toBe(e.outcome)
        compared++
      }
      for (const r of review.rows) {
        const c = verdict.criteria.find((x) => x.criterion === r.criterion && x.subject === r.subject)!
        if (r.outcome !== null && !r.decision)
          expect(c.status, r.criterion).toBe(STATUS_OF_OUTCOME[r.outcome])
        for (const t of r.testcases) {
          // expired = MISSING everywhere, and the review calls it major (no "minor, inside the grace period")
          expect(t.effective).toBe(t.freshness === 'fresh' ? t.result : 'MISSING')
          if (t.freshness === 'stale' && t.target === 'main')
            expect(
              review.findings.find(
                (f) =>
                  f.type === 'evidence-stale' &&
                  f.criterion === r.criterion &&
                  f.subject === r.subject &&
                  f.evidence.startsWith(`${t.testcase}:`)
              )?.severity
            ).toBe('major')
        }
      }
      // every criterion that does not pass is on the blocking list, with the status the verdict gives it
      for (const c of verdict.criteria.filter((x) => !['pass', 'waived'].includes(x.status)))
        expect(verdict.blocking.some((b) => b.startsWith(`${c.criterion} / ${c.subject}: ${c.status}`))).toBe(
          true
        )
      // (the demo's report is checked two days before the clock: an earlier decision date has no evidence)
      if (id === 'consistent') expect(compared).toBeGreaterThan(0)
    })

  it('the demo: the Evidence tab says ABORT and the verdict says inconclusive for the same check, not FAIL', () => {
    const at = '2026-11-24'
    const e = ws
      .caseDetail(DEMO_CASE_ID, at)
      .evaluations.find((x) => x.version === 'v5.1' && x.subject === 'demo-cloud')!
    expect(e.outcome).toBe('ABORT')
    const v = ws.verdict(DEMO_CASE_ID, at)
    const storage = v.criteria.filter((c) => c.evidence.includes('ABORT'))
    expect(storage.length).toBeGreaterThan(0)
    for (const c of storage) expect(c.status).toBe('inconclusive')
    expect(v.criteria.some((c) => c.status === 'fail')).toBe(false)
    expect(v.outcome).not.toBe('fail')
    expect(v.validUntil).toBeNull()
  })

  it('no grace: the consistent case is fully PASS the day before expiry, MISSING (tentative) at the instant of expiry', () => {
    const before = ws.caseDetail('consistent', '2026-11-29').evaluations.find((x) => x.version === 'v5.1')!
    const on = ws.caseDetail('consistent', '2026-11-30').evaluations.find((x) => x.version === 'v5.1')!
    expect(before.outcome).toBe('PASS')
    expect(on.outcome).toBe('MISSING')
    expect(on.expired).toBe(mains.length)
    const f = ws.caseReview('consistent', '2026-11-30').findings.filter((x) => x.type === 'evidence-stale')
    expect(f.length).toBeGreaterThan(0)
    expect(f.every((x) => x.severity === 'major')).toBe(true)
  })
})

describe('the day a check expires, in the words of every face', () => {
  it('the verdict names the day the review counts the check MISSING from as the day it expires, not as "fresh until"', () => {
    const c = ws.verdict('consistent', '2026-11-24').criteria.find((x) => x.criterion === 'scs-0100-v3.1')!
    const row = ws.caseReview('consistent', '2026-11-24').rows.find((r) => r.criterion === 'scs-0100-v3.1')!
    const day = row.testcases[0]!.expiresAt!
    // the Evidence tab and the review's check results: "Expires 2026-11-30"; on that day it is MISSING
    expect(ws.caseReview('consistent', day).rows.find((r) => r.criterion === 'scs-0100-v3.1')!.outcome).toBe(
      'MISSING'
    )
    // the verdict (Verdict tab, PDF, verdict --json) said "fresh until 2026-11-30", read as fresh on the 30th
    expect(c.evidence).toContain(`expires ${day}`)
    expect(c.evidence).not.toMatch(/fresh until/)
  })
})

describe('ties and past decision dates', () => {
  const tie = (a: number, b: number, runA: string, runB: string) => [
    reportYaml({
      subject: 'tie-cloud',
      checkedAt: '2026-11-18 10:00:00',
      runUuid: runA,
      results: { ...allPass, 'scs-0100-syntax-check': a }
    }),
    reportYaml({
      subject: 'tie-cloud',
      checkedAt: '2026-11-18 10:00:00',
      runUuid: runB,
      results: { ...allPass, 'scs-0100-syntax-check': b }
    })
  ]
  it.each([
    ['FAIL imported first', -1, 1],
    ['FAIL imported second', 1, -1],
    ['ABORT against PASS', 0, 1],
    ['PASS against ABORT', 1, 0]
  ])('two reports with the same checked_at: the worst wins everywhere (%s)', async (name, a, b) => {
    const id = `tie-${a}-${b}`
    ws.createCase({ id, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const [ra, rb] = tie(
      a,
      b,
      `aaaaaaaa-0000-4000-8000-00000000000${a + 2}`,
      `bbbbbbbb-0000-4000-8000-00000000000${b + 2}`
    )
    await ws.importOne(id, { name: 'a.yaml', bytes: Buffer.from(ra!) })
    await ws.importOne(id, { name: 'b.yaml', bytes: Buffer.from(rb!) })
    const want = Math.min(a, b) === -1 ? 'FAIL' : 'ABORT'
    const at = '2026-11-20'
    expect(ws.caseDetail(id, at).evaluations.find((x) => x.version === 'v5.1')!.outcome, name).toBe(want)
    const row = ws.caseReview(id, at).rows.find((r) => r.criterion === 'scs-0100-v3.1')!
    expect(row.testcases.find((t) => t.testcase === 'scs-0100-syntax-check')!.result).toBe(want)
    expect(row.outcome).toBe(want)
    expect(ws.verdict(id, at).criteria.find((c) => c.criterion === 'scs-0100-v3.1')!.status).toBe(
      STATUS_OF_OUTCOME[want]
    )
  })

  it('reports written in different time zones: the later instant counts, not the later-looking clock time', async () => {
    // 11:00 at +02:00 is 09:00 UTC: the body's run at 10:00 UTC came after it, and it fails
    ws.createCase({ id: 'zones', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    for (const [name, checkedAt, value, run] of [
      ['operator.yaml', '2026-11-23T11:00:00+02:00', 1, 'eeeeeeee-0000-4000-8000-000000000001'],
      ['body.yaml', '2026-11-23T10:00:00Z', -1, 'eeeeeeee-0000-4000-8000-000000000002']
    ] as const)
      await ws.importOne('zones', {
        name,
        bytes: Buffer.from(
          reportYaml({
            subject: 'zone-cloud',
            checkedAt,
            runUuid: run,
            results: { ...allPass, 'scs-0100-syntax-check': value }
          })
        )
      })
    const at = '2026-11-24'
    expect(ws.caseDetail('zones', at).evaluations.find((x) => x.version === 'v5.1')!.outcome).toBe('FAIL')
    const row = ws.caseReview('zones', at).rows.find((r) => r.criterion === 'scs-0100-v3.1')!
    expect(row.testcases.find((t) => t.testcase === 'scs-0100-syntax-check')).toMatchObject({
      result: 'FAIL',
      checkedAt: '2026-11-23T10:00:00Z'
    })
    expect(ws.verdict('zones', at).criteria.find((c) => c.criterion === 'scs-0100-v3.1')!.status).toBe('fail')
  })

  it('a report written east of UTC just after midnight exists on the UTC day it was checked: the results table, the badge and the review agree', async () => {
    // 00:30 on the 24th in Berlin (+01:00) is 23:30 UTC on the 23rd, the decision date of that evening
    ws.createCase({ id: 'east', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.importOne('east', {
      name: 'berlin.yaml',
      bytes: Buffer.from(
        reportYaml({
          subject: 'east-cloud',
          checkedAt: '2026-11-24T00:30:00+01:00',
          runUuid: 'edededed-0000-4000-8000-000000000001',
          results: allPass
        })
      )
    })
    const at = '2026-11-23'
    // the Evidence tab's results: every one PASS and fresh at that date
    expect(ws.caseResults('east', at).every((r) => r.result === 'PASS' && r.fresh)).toBe(true)
    // the version badge and the review say the same of them
    expect(ws.caseDetail('east', at).evaluations.find((x) => x.version === 'v5.1')?.outcome).toBe('PASS')
    const row = ws.caseReview('east', at).rows.find((r) => r.criterion === 'scs-0100-v3.1')!
    expect(row.outcome).toBe('PASS')
    expect(ws.verdict('east', at).criteria.find((c) => c.criterion === 'scs-0100-v3.1')!.status).toBe('pass')
  })

  it('--at a past date: a report checked after it does not count, in the badges, the review and the verdict', async () => {
    ws.createCase({ id: 'past', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.importOne('past', {
      name: 'early.yaml',
      bytes: Buffer.from(
        reportYaml({
          subject: 'past-cloud',
          checkedAt: '2026-11-17 09:00:00',
          runUuid: 'cccccccc-0000-4000-8000-000000000001',
          results: allPass
        })
      )
    })
    await ws.importOne('past', {
      name: 'late.yaml',
      bytes: Buffer.from(
        reportYaml({
          subject: 'past-cloud',
          checkedAt: '2026-11-23 09:00:00',
          runUuid: 'cccccccc-0000-4000-8000-000000000002',
          results: { ...allPass, 'scs-0100-syntax-check': -1 }
        })
      )
    })
    const before = '2026-11-20'
    expect(ws.caseDetail('past', before).evaluations.find((x) => x.version === 'v5.1')!.outcome).toBe('PASS')
    const row = ws.caseReview('past', before).rows.find((r) => r.criterion === 'scs-0100-v3.1')!
    expect(row.testcases.every((t) => t.target !== 'main' || t.checkedAt?.startsWith('2026-11-17'))).toBe(
      true
    )
    expect(ws.verdict('past', before).criteria.find((c) => c.criterion === 'scs-0100-v3.1')!.status).toBe(
      'pass'
    )
    // on the day of the later report (and after), it counts
    expect(ws.caseDetail('past', '2026-11-23').evaluations.find((x) => x.version === 'v5.1')!.outcome).toBe(
      'FAIL'
    )
    expect(
      ws.verdict('past', '2026-11-24').criteria.find((c) => c.criterion === 'scs-0100-v3.1')!.status
    ).toBe('fail')
    // a subject known only from a later report has no evidence yet
    await ws.importOne('past', {
      name: 'other.yaml',
      bytes: Buffer.from(
        reportYaml({
          subject: 'later-cloud',
          checkedAt: '2026-11-23 09:00:00',
          runUuid: 'cccccccc-0000-4000-8000-000000000003',
          results: allPass
        })
      )
    })
    expect(ws.caseDetail('past', before).evaluations.some((x) => x.subject === 'later-cloud')).toBe(false)
    expect(ws.caseReview('past', before).subjects).not.toContain('later-cloud')
  })
})

describe('integrator cases', () => {
  it('a report of the reference scope is no mismatch on its receipt', () => {
    const receipts = ws.evidence.listFiles('integrator').filter((f) => f.kind === 'scs-report')
    expect(receipts).toHaveLength(3)
    for (const f of receipts) expect(f.receipt.versionMismatches).toEqual([])
  })

  it('a scoring row shows the reference environment checks and their state; expired checks are a finding, and the verdict agrees', () => {
    const at = '2026-12-01'
    const review = ws.caseReview('integrator', at)
    const row = review.rows.find(
      (r) => r.criterion === 'scoring.public-iaas-operated' && r.subject === 'nord-public'
    )!
    expect(row.manual).toBe(false)
    expect(row.testcases).toHaveLength(mains.length)
    expect(row.testcases.every((t) => t.freshness === 'stale' && t.effective === 'MISSING')).toBe(true)
    expect(row.outcome).toBe('MISSING')
    const own = review.findings.filter((f) => row.findingIds.includes(f.id))
    expect(own).toEqual([
      expect.objectContaining({
        type: 'evidence-stale',
        severity: 'major',
        criterion: 'scoring.public-iaas-operated'
      })
    ])
    expect(own[0]!.message).toMatch(/0 of 54 main checks PASS and are fresh, 54 expired/)
    const c = ws
      .verdict('integrator', at)
      .criteria.find((x) => x.criterion === row.criterion && x.subject === 'nord-public')!
    expect(c.status).toBe('not-counted')
    // while the checks are fresh, the row shows them passing and has no such finding
    const fresh = ws
      .caseReview('integrator', '2026-11-20')
      .rows.find((r) => r.criterion === row.criterion && r.subject === 'nord-public')!
    expect(fresh.outcome).toBe('PASS')
    expect(fresh.findingIds.some((x) => x.endsWith('|reference'))).toBe(false)
  })

  it('a verdict that rests on a waiver names it and is valid no longer than the waiver', () => {
    return fixtureCase(ws, 'short-waiver', 'integrator').then(() => {
      const at = '2026-12-01'
      expect(ws.verdict('short-waiver', at).outcome).toBe('not-granted')
      ws.decide(
        {
          caseId: 'short-waiver',
          criterion: 'scoring.public-iaas-operated',
          subject: 'nord-public',
          decision: 'waive',
          comment: 'fresh run booked for 10 December',
          waiverOwner: 'K. Kühl',
          waiverExpires: '2026-12-15'
        },
        actorOf(ws, 'A. Auditor')
      )
      const v = ws.verdict('short-waiver', at)
      // valid through 2026-12-14: on its expiry date the waiver no longer counts
      expect(v).toMatchObject({ outcome: 'bronze', points: 2, validUntil: '2026-12-14' })
      expect(v.reliesOnWaivers).toEqual([
        expect.objectContaining({
          criterion: 'scoring.public-iaas-operated',
          subject: 'nord-public',
          expires: '2026-12-15'
        })
      ])
      expect(v.why.facts.at(-1)).toMatch(
        /rests on the waiver of scoring.public-iaas-operated \/ nord-public .* expires 2026-12-15/
      )
      // a scope case: a waived criterion caps the validity as well; a waiver that is not needed does not
      expect(ws.verdict('short-waiver', '2026-11-20').reliesOnWaivers).toEqual([])
    })
  })
})

describe('a case for a version that is still a draft (SCS-0003: only a stabilized version is certified against)', () => {
  it('gets no certificate, however its checks stand: the badge says draft, the review has a blocker, the verdict fails', async () => {
    const w = createTestWorkspace()
    try {
      const scope = w.schemes.get('scs-compatible-iaas').scope
      w.createCase({ id: 'draft', schemeId: 'scs-compatible-iaas', schemeVersion: 'next' })
      await w.importOne('draft', {
        name: 'r.yaml',
        bytes: Buffer.from(
          reportYaml({
            subject: 'draft-cloud',
            checkedAt: '2026-11-23 10:00:00',
            runUuid: 'abababab-0000-4000-8000-000000000001',
            results: Object.fromEntries(mainTestcases(scope, 'next').map((t) => [t, 1]))
          })
        )
      })
      for (const criterion of manualCriteria(scope, 'next', SCS_EVIDENCE_RULES))
        w.decide(
          {
            caseId: 'draft',
            criterion,
            subject: 'draft-cloud',
            decision: 'accept',
            comment: 'evidence seen'
          },
          actorOf(w, 'A. Auditor')
        )
      const at = '2026-11-24'
      const badge = w.caseDetail('draft', at).evaluations.find((e) => e.version === 'next')!
      expect(badge).toMatchObject({ status: 'draft', outcome: 'PASS' })
      const blocker = w
        .caseReview('draft', at)
        .findings.filter((f) => f.type === 'version-mismatch' && f.severity === 'blocker')
      expect(blocker).toHaveLength(1)
      expect(blocker[0]!.message).toMatch(/next .* draft at the decision date 2026-11-24/)
      // (before: pass, valid until 2027-11-24, a certificate for a version nobody can be certified against)
      const v = w.verdict('draft', at)
      expect(v.outcome).toBe('fail')
      expect(v.validUntil).toBeNull()
      expect(v.blocking[0]).toMatch(/version next is a draft at the decision date/)
    } finally {
      w.close()
    }
  })
})

describe('an integrator reference that names a version not in force (SCS-0007: the scope in its current version)', () => {
  const iaas = (() => {
    const w = createTestWorkspace()
    const s = w.schemes.get('scs-compatible-iaas').scope
    w.close()
    return s
  })()
  const passing = (v: string) => Object.fromEntries(mainTestcases(iaas, v).map((t) => [t, 1]))
  const naming = (version: string) =>
    readFileSync(join(CASES, 'integrator/self-assessment.yaml'), 'utf8').replace(
      /scopeVersion: v5\.1\n(\s+)role: operated/,
      `scopeVersion: ${version}\n$1role: operated`
    )
  const at = '2026-11-24'
  const face = (id: string) => {
    const review = ws.caseReview(id, at)
    const row = review.rows.find(
      (r) => r.criterion === 'scoring.public-iaas-operated' && r.subject === 'nord-public'
    )!
    const verdict = ws.verdict(id, at)
    const c = verdict.criteria.find((x) => x.criterion === row.criterion && x.subject === 'nord-public')!
    return { review, row, verdict, c }
  }

  it.each([
    ['v4', 'deprecated'],
    ['next', 'draft']
  ])(
    'a run passing only %s (%s) scores nothing: the scoring row, its finding and the verdict agree, and no case-wide finding speaks of another version',
    async (version, status) => {
      const id = `ref-${version}`
      ws.createCase({ id, schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
      await ws.importOne(id, { name: 'sa.yaml', bytes: Buffer.from(naming(version)) })
      const only = passing(version)
      for (const t of mainTestcases(iaas, 'v5.1')) if (!(t in only)) only[t] = -1
      await ws.importOne(id, {
        name: 'r.yaml',
        bytes: Buffer.from(
          reportYaml({
            subject: 'nord-public',
            checkedAt: '2026-11-23 10:00:00',
            runUuid: `dddddddd-0000-4000-8000-00000000000${version === 'v4' ? 1 : 2}`,
            results: only
          })
        )
      })
      const { review, row, c } = face(id)
      // the environment's evidence is held against the version in force, and there it does not pass
      expect(row.outcome).not.toBe('PASS')
      expect(c.status).toBe('not-counted')
      expect(c.points).toBe(0)
      expect(review.findings.some((f) => row.findingIds.includes(f.id) && f.severity === 'major')).toBe(true)
      // the version the applicant named is a finding on that environment, in words about it
      const named = review.findings.filter((f) => f.type === 'version-mismatch')
      expect(named).toEqual([
        expect.objectContaining({ subject: 'nord-public', criterion: '', severity: 'major' })
      ])
      expect(named[0]!.message).toContain(`${version} of SCS-compatible IaaS (${status} at 2026-11-24)`)
      expect(named[0]!.message).toContain('v5.1')
    }
  )

  it('a run that also passes the version in force counts, and the finding names the version the applicant named', async () => {
    const id = 'ref-v4-current'
    ws.createCase({ id, schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
    await ws.importOne(id, { name: 'sa.yaml', bytes: Buffer.from(naming('v4')) })
    await ws.importOne(id, {
      name: 'r.yaml',
      bytes: Buffer.from(
        reportYaml({
          subject: 'nord-public',
          checkedAt: '2026-11-23 10:00:00',
          runUuid: 'dddddddd-0000-4000-8000-000000000003',
          results: { ...passing('v4'), ...passing('v5.1') }
        })
      )
    })
    const { review, row, c } = face(id)
    expect(row.outcome).toBe('PASS')
    expect(row.testcases).toHaveLength(mains.length)
    expect(c).toMatchObject({ status: 'counted', points: 2 })
    expect(review.findings.filter((f) => f.type === 'version-mismatch')).toEqual([
      expect.objectContaining({ subject: 'nord-public', severity: 'major' })
    ])
  })
})

describe("an integrator's answers on its reference scope's manual checks", () => {
  it('the questionnaire asks for them, the receipt knows them, and the review reads them', async () => {
    const w = createTestWorkspace()
    try {
      w.createCase({ id: 'ask', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
      // the review asks each environment for evidence of the reference scope's manual checks
      const sa = readFileSync(join(CASES, 'integrator/self-assessment.yaml'), 'utf8')
      await w.importOne('ask', { name: 'self-assessment.yaml', bytes: Buffer.from(sa) })
      const asked = [
        ...new Set(
          w
            .caseReview('ask', '2026-11-24')
            .findings.filter((f) => f.type === 'manual-evidence-missing')
            .map((f) => f.criterion)
        )
      ].sort()
      expect(asked).toEqual(['opc-v2022.11', 'scs-0121-v1', 'scs-0302-v1'])
      // the questionnaire has a row for each
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await w.exportTemplate('ask')) as unknown as ExcelJS.Buffer)
      const rows = new Map<string, string>()
      wb.getWorksheet('Answers')!.eachRow((row, n) => {
        if (n > 1) rows.set(String(row.getCell(1).value), String(row.getCell(2).value))
      })
      for (const c of asked) expect(rows.get(c), c).toMatch(/manual: attach evidence/)
      // an answer with evidence for one of them is known to the receipt, as the review reads it
      const answered = `${sa}  - criterion: scs-0121-v1
    subject: nord-public
    claim: met
    statement: Two regions with two fire-separated zones each.
    evidence: [{ title: AZ design, ref: 'https://nordlicht.example/az.pdf', date: '2026-10-01' }]
`
      w.createCase({ id: 'ask-2', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
      const receipt = await w.importOne('ask-2', { name: 'sa.yaml', bytes: Buffer.from(answered) })
      expect(receipt.counts.unknown).toBe(0)
      expect(receipt.unknownTestcases).toEqual([])
      const review = w.caseReview('ask-2', '2026-11-24')
      expect(
        review.findings.some(
          (f) =>
            f.type === 'manual-evidence-missing' &&
            f.criterion === 'scs-0121-v1' &&
            f.subject === 'nord-public'
        )
      ).toBe(false)
    } finally {
      w.close()
    }
  })
})

describe("an integrator's scoring criteria: one answer to 'is this a manual check?'", () => {
  it('the questionnaire marks as manual exactly the criteria the review treats as manual checks', async () => {
    const w = createTestWorkspace()
    try {
      w.createCase({ id: 'score', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
      const sa = readFileSync(join(CASES, 'integrator/self-assessment.yaml'), 'utf8')
      await w.importOne('score', { name: 'self-assessment.yaml', bytes: Buffer.from(sa) })
      const review = w.caseReview('score', '2026-11-24')
      // a scoring criterion's evidence is the referenced environment's compliance reports and the applicant's
      // figures (SCS-0007 v2): the review scores it, it is no manual check and asks for no evidence decision
      const scoring = review.rows.filter((r) => r.criterion.startsWith('scoring.'))
      expect(scoring.length).toBeGreaterThan(0)
      expect(scoring.filter((r) => r.manual)).toEqual([])
      expect(
        review.findings.filter(
          (f) => f.type === 'manual-evidence-missing' && f.criterion.startsWith('scoring.')
        )
      ).toEqual([])
      const manualInReview = [...new Set(review.rows.filter((r) => r.manual).map((r) => r.criterion))].sort()
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await w.exportTemplate('score')) as unknown as ExcelJS.Buffer)
      const marked: string[] = []
      const listed: string[] = []
      wb.getWorksheet('Answers')!.eachRow((row, n) => {
        if (n === 1) return
        listed.push(String(row.getCell(1).value))
        if (String(row.getCell(2).value).includes('(manual: attach evidence)'))
          marked.push(String(row.getCell(1).value))
      })
      // the scoring criteria are still asked for (the applicant claims them), just not as manual checks
      for (const r of scoring) expect(listed).toContain(r.criterion)
      expect(marked.sort()).toEqual(manualInReview)
    } finally {
      w.close()
    }
  })
})

describe("an integrator's receipt and review on the reference scope's manual checks", () => {
  it('a manual check the review finds unanswered is missing on the receipt too', async () => {
    const w = createTestWorkspace()
    try {
      w.createCase({ id: 'rcpt', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
      const sa = readFileSync(join(CASES, 'integrator/self-assessment.yaml'), 'utf8')
      const receipt = await w.importOne('rcpt', { name: 'self-assessment.yaml', bytes: Buffer.from(sa) })
      const answered = new Set(
        w
          .caseReview('rcpt', '2026-11-24')
          .rows.filter((r) => r.claim)
          .map((r) => r.criterion)
      )
      const unanswered = [
        ...new Set(
          w
            .caseReview('rcpt', '2026-11-24')
            .findings.filter((f) => f.type === 'manual-evidence-missing' && !answered.has(f.criterion))
            .map((f) => f.criterion)
        )
      ].sort()
      expect(unanswered).toEqual(['opc-v2022.11', 'scs-0121-v1', 'scs-0302-v1'])
      expect(receipt.missingTestcases).toEqual(expect.arrayContaining(unanswered))
      expect(receipt.counts.missing).toBeGreaterThanOrEqual(unanswered.length)
    } finally {
      w.close()
    }
  })
})

describe("an integrator's reference manual checks are repeated as the reference scope's rules say", () => {
  it('a manualLifetime of the reference scope holds for the same check in an integrator case, in the review and the verdict', async () => {
    // a body that has SCS-compatible IaaS manual checks repeated every month
    const resources = tempDir('aw-rules-')
    cpSync(RESOURCES, resources, { recursive: true })
    const file = join(resources, 'schemes', 'scs-compatible-iaas.rules.yaml')
    writeFileSync(file, `${readFileSync(file, 'utf8')}manualLifetime: month\n`)
    const w = openWorkspace({
      dbPath: join(resources, 'workspace.sqlite'),
      resourcesDir: resources,
      actor: 'test-auditor',
      clock: testClock
    })
    try {
      w.createCase({ id: 'monthly', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
      const sa = readFileSync(join(CASES, 'integrator/self-assessment.yaml'), 'utf8')
      await w.importOne('monthly', { name: 'self-assessment.yaml', bytes: Buffer.from(sa) })
      w.decide(
        {
          caseId: 'monthly',
          criterion: 'scs-0121-v1',
          subject: 'nord-public',
          decision: 'accept',
          comment: 'evidence seen'
        },
        actorOf(w, 'A. Auditor')
      )
      const decided = w
        .caseReview('monthly', '2026-11-24')
        .decisions.find((d) => d.criterion === 'scs-0121-v1' && d.subject === 'nord-public')!
      const monthly = expiryDate(decided.decidedAt, 'month')
      expect(monthly < expiryDate(decided.decidedAt, 'quarter')).toBe(true)
      expect(decided.freshUntil).toBe(monthly)
      expect(
        w
          .caseReview('monthly', monthly)
          .findings.some(
            (f) => f.type === 'evidence-stale' && f.criterion === 'scs-0121-v1' && f.subject === 'nord-public'
          )
      ).toBe(true)
      expect(w.verdict('monthly', '2026-11-24').manualChecks).toEqual([
        expect.objectContaining({ criterion: 'scs-0121-v1', lifetime: 'month', freshUntil: monthly })
      ])
    } finally {
      w.close()
    }
  })
})

describe('a certificate signed over a waived blocker', () => {
  it('rests on that waiver: the verdict names it and is valid no longer than it, as for a waived criterion', async () => {
    const w = createTestWorkspace()
    try {
      const D = join(CASES, 'consistent')
      w.createCase({ id: 'wb', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      await w.importOne('wb', { name: 'r.yaml', bytes: readFileSync(join(D, 'report-acme-cloud.yaml')) })
      // the cloud is said to meet v4, deprecated: a blocker on the subject, which keeps the verdict unsigned
      const sa = readFileSync(join(D, 'self-assessment.yaml'), 'utf8').replace(
        /scopeVersion: v5\.1/,
        'scopeVersion: v4'
      )
      await w.importOne('wb', { name: 'sa.yaml', bytes: Buffer.from(sa) })
      const at = '2026-11-24'
      for (const c of w.verdict('wb', at).criteria.filter((x) => x.status === 'pending'))
        w.decide(
          { caseId: 'wb', criterion: c.criterion, subject: c.subject, decision: 'accept', comment: 'seen' },
          actorOf(w, 'A. Auditor')
        )
      expect(w.verdict('wb', at).blocking).toEqual([
        'case / acme-cloud: open blocker finding (version-mismatch)'
      ])
      w.decide(
        {
          caseId: 'wb',
          criterion: '',
          subject: 'acme-cloud',
          decision: 'waive',
          comment: 'moving to v5.1 this month',
          waiverOwner: 'K. Kühl',
          waiverExpires: '2026-12-08'
        },
        actorOf(w, 'A. Auditor')
      )
      const v = w.verdict('wb', at)
      expect(v.outcome).toBe('pass')
      expect(v.blocking).toEqual([])
      // without the waiver the blocker stands again (from 2026-12-08): the certificate may not outlast it
      expect(v.reliesOnWaivers).toEqual([
        expect.objectContaining({ criterion: '', subject: 'acme-cloud', expires: '2026-12-08' })
      ])
      expect(v.validUntil).toBe('2026-12-07')
    } finally {
      w.close()
    }
  })
})

describe('a certificate that rests on a waiver, on the last day of its validity', () => {
  it('is granted by the verdict of that day, as the register shows it valid then (validUntil is its last day)', async () => {
    await fixtureCase(ws, 'waiver-last-day', 'integrator')
    ws.decide(
      {
        caseId: 'waiver-last-day',
        criterion: 'scoring.public-iaas-operated',
        subject: 'nord-public',
        decision: 'waive',
        comment: 'fresh run booked for 10 December',
        waiverOwner: 'K. Kühl',
        waiverExpires: '2026-12-15'
      },
      actorOf(ws, 'A. Auditor')
    )
    const v = ws.verdict('waiver-last-day', '2026-12-01')
    expect(v.outcome).toBe('bronze')
    const last = v.validUntil!
    const facts = {
      verdictId: 'v',
      verdictSha256: '',
      caseId: 'waiver-last-day',
      scope: v.scheme,
      scopeName: v.schemeName,
      version: v.schemeVersion,
      outcome: v.outcome,
      outcomeName: v.outcomeName,
      subjects: ['nord-public'],
      validFrom: v.decisionDate,
      validUntil: last,
      signerFingerprint: '',
      pdfSha256: '',
      registeredAt: '2026-12-01T10:00:00.000Z',
      revocation: null
    }
    // the register: valid through its last day, expired the day after
    expect(certificateState(facts, new Date(`${last}T12:00:00Z`))).toBe('valid')
    // the workbench, on that same day, still counts the waiver the outcome rests on
    const then = ws.verdict('waiver-last-day', last)
    expect(then.outcome, `verdict on ${last}`).toBe('bronze')
    expect(then.reliesOnWaivers).toEqual([expect.objectContaining({ expires: '2026-12-15' })])
    // and on the waiver's expiry date it no longer does
    expect(ws.verdict('waiver-last-day', '2026-12-15').outcome).toBe('not-granted')
    expect(last).toBe('2026-12-14')
    // the why of the waived row names the expiry as the review does ("expires"), not "waived until" that day
    const row = v.criteria.find((c) => c.criterion === 'scoring.public-iaas-operated')!
    expect(row.why.facts.join('\n')).toContain('the waiver expires 2026-12-15')
    expect(row.why.facts.join('\n')).not.toMatch(/waived until/)
  })
})

describe('a scope certificate that rests on waivers', () => {
  it('is valid no longer than the earliest waiver it needs; an accepted manual criterion needs none', async () => {
    await fixtureCase(ws, 'scope-waived', 'consistent')
    const at = '2026-12-01'
    const before = ws.verdict('scope-waived', at)
    expect(before.outcome).toBe('tentative')
    before.criteria.forEach((c, i) =>
      ws.decide(
        {
          caseId: 'scope-waived',
          criterion: c.criterion,
          subject: c.subject,
          ...(c.status === 'pending'
            ? { decision: 'accept' as const, comment: 'evidence checked' }
            : {
                decision: 'waive' as const,
                comment: 'fresh run booked',
                waiverOwner: 'K. Kühl',
                waiverExpires: i === 3 ? '2026-12-08' : '2026-12-20'
              })
        },
        actorOf(ws, 'A. Auditor')
      )
    )
    const v = ws.verdict('scope-waived', at)
    expect(v.outcome).toBe('pass')
    expect(v.validUntil).toBe('2026-12-07')
    expect(v.reliesOnWaivers!.length).toBe(before.criteria.filter((c) => c.status !== 'pending').length)
    expect(v.reliesOnWaivers![0]!.expires).toBe('2026-12-08')
  })
})

describe('rounds', () => {
  it('a renewal and its earlier round are not duplicates, and a locked case keeps its findings', async () => {
    const sa = readFileSync(join(CASES, 'integrator/self-assessment.yaml'))
    await fixtureCase(ws, 'nl-1', 'integrator')
    const dup = (id: string) =>
      ws.caseReview(id, '2026-11-20').findings.filter((f) => f.type === 'duplicate-claim')
    // other cases of this workspace claim the same clouds: those are real duplicates
    const othersBefore = dup('nl-1').map((f) => f.id)
    ws.review('nl-1', 'submit', actorOf(ws, 'A. Auditor'))
    ws.review('nl-1', 'accept', actorOf(ws, 'B. Reviewer'))
    const locked = ws.caseReview('nl-1', '2026-11-20').findings.map((f) => `${f.id}:${f.state}`)

    ws.createCase({
      id: 'nl-2',
      schemeId: 'scs-integrator-iaas',
      schemeVersion: 'v2',
      previousCaseId: 'nl-1'
    })
    await ws.importOne('nl-2', { name: 'self-assessment.yaml', bytes: sa })
    expect(dup('nl-2').filter((f) => f.evidence.split(', ').includes('nl-1'))).toEqual([])
    expect(dup('nl-1').map((f) => f.id)).toEqual(othersBefore)
    expect(dup('nl-1').some((f) => f.evidence.includes('nl-2'))).toBe(false)
    // a third, unrelated case claiming the same clouds after the lock: a duplicate for it, not for the locked case
    ws.createCase({ id: 'stranger', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
    await ws.importOne('stranger', { name: 'self-assessment.yaml', bytes: sa })
    expect(dup('stranger').some((f) => f.evidence.split(', ').includes('nl-1'))).toBe(true)
    expect(ws.caseReview('nl-1', '2026-11-20').findings.map((f) => `${f.id}:${f.state}`)).toEqual(locked)
  })

  it('a locked case is reviewed at the day it was accepted: its findings and verdict stay as they were when the calendar moves on', async () => {
    let now = new Date('2026-11-24T09:00:00Z')
    const w = createTestWorkspace(() => now)
    try {
      await fixtureCase(w, 'locked', 'consistent')
      w.review('locked', 'submit', actorOf(w, 'A. Auditor'))
      w.review('locked', 'accept', actorOf(w, 'B. Reviewer'))
      const findings = w.caseReview('locked').findings.map((f) => `${f.id}:${f.state}`)
      const verdict = w.verdict('locked')
      now = new Date('2026-12-20T09:00:00Z') // every result has expired by now
      expect(w.caseReview('locked').decisionDate).toBe('2026-11-24')
      expect(w.caseReview('locked').findings.map((f) => `${f.id}:${f.state}`)).toEqual(findings)
      expect(w.verdict('locked')).toEqual(verdict)
      // an explicit date still replays any day, and a reopened case is reviewed today again
      expect(w.caseReview('locked', '2026-12-20').findings.length).toBeGreaterThan(findings.length)
      w.review('locked', 'reopen', actorOf(w, 'B. Reviewer'), 'new evidence expected')
      expect(w.caseReview('locked').decisionDate).toBe('2026-12-20')
    } finally {
      w.close()
    }
  })
})

/** an OpenStack Powered Compute case with the RefStack run of the shared format sample */
async function opcCase(): Promise<Workspace> {
  const w = createTestWorkspace()
  w.createCase({ id: 'opc', schemeId: 'openstack-powered-compute', schemeVersion: '2020.06' })
  const [out] = await w.importFiles('opc', [
    {
      name: 'refstack.json',
      bytes: readFileSync(join(SHARED_FIXTURES, 'format-samples/refstack-results-demo-cloud.json'))
    }
  ])
  expect(out).toMatchObject({ ok: true })
  return w
}

describe('a scheme whose rules let no result expire (OpenStack Powered Compute: freshness not-required)', () => {
  it('long after a week, every screen counts the RefStack run as reported: the results table, the version badge, the review and its findings agree with the verdict', async () => {
    const w = await opcCase()
    try {
      // a month after the run (checked on the test clock's day): an SCS result would have expired on 2026-12-07
      const at = '2026-12-24'
      const verdict = w.verdict('opc', at)
      const flavors = verdict.criteria.find((c) => c.criterion === 'compute-flavors-list')!
      expect(flavors.status).toBe('pass')

      const results = w.caseResults('opc', at)
      expect(results.length).toBeGreaterThan(0)
      expect(results.filter((r) => !r.fresh || r.expiresAt !== null)).toEqual([])

      const badge = w.caseDetail('opc', at).evaluations.find((e) => e.version === '2020.06')!
      expect(badge.expired).toBe(0)
      expect(badge.counts.MISSING).toBe(0)

      const review = w.caseReview('opc', at)
      expect(review.findings.filter((f) => f.type === 'evidence-stale')).toEqual([])
      const row = review.rows.find((r) => r.criterion === 'compute-flavors-list')!
      expect(row.testcases.map((t) => [t.freshness, t.effective, t.expiresAt])).toEqual([
        ['fresh', 'PASS', null],
        ['fresh', 'PASS', null]
      ])
    } finally {
      w.close()
    }
  })
})

describe('a scheme whose rules say a criterion without required tests has nothing to prove (manual: excluded)', () => {
  it('a capability whose tests are all flagged is no manual check in the review, as in the verdict: no finding asks for evidence', async () => {
    const w = await opcCase()
    try {
      const at = '2026-11-24'
      const resize = w.caseReview('opc', at).rows.find((r) => r.criterion === 'compute-servers-resize')!
      // its tests are all flagged in the 2020.06 guideline
      expect(resize.testcases.length).toBeGreaterThan(0)
      expect(resize.testcases.filter((t) => t.target === 'main')).toEqual([])
      expect(resize.manual).toBe(false)
      const review = w.caseReview('opc', at)
      expect(review.findings.filter((f) => f.criterion === 'compute-servers-resize')).toEqual([])
      expect(review.findings.filter((f) => f.type === 'manual-evidence-missing')).toEqual([])
      const verdict = w.verdict('opc', at).criteria.find((c) => c.criterion === 'compute-servers-resize')!
      expect(verdict.status).toBe('pass')
      // an auditor's accept of it is no manual check the register's surveillance would ask to repeat
      w.decide(
        {
          caseId: 'opc',
          criterion: 'compute-servers-resize',
          subject: resize.subject,
          decision: 'accept',
          comment: 'nothing to prove'
        },
        actorOf(w, 'dana')
      )
      expect(w.verdict('opc', at).manualChecks).toEqual([])
    } finally {
      w.close()
    }
  })

  it("the case's questionnaire (export-template) does not ask for evidence of a capability whose tests are all flagged", async () => {
    const w = await opcCase()
    try {
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await w.exportTemplate('opc')) as unknown as ExcelJS.Buffer)
      const names = new Map<string, string>()
      wb.getWorksheet('Answers')!.eachRow((row, n) => {
        if (n > 1) names.set(String(row.getCell(1).value), String(row.getCell(2).value))
      })
      expect(names.get('compute-servers-resize')).toBeDefined()
      // the verdict passes it (manual: excluded); the questionnaire asked "(manual: attach evidence)"
      expect([...names.values()].filter((n) => n.includes('manual'))).toEqual([])
    } finally {
      w.close()
    }
  })
})
