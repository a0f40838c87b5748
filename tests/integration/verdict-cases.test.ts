/**
 * Verdicts of the three schemes on realistic fixture cases: an SCS scope case, an SCS-0007 integrator case
 * and an OpenStack Powered Compute case, through the workspace and the CLI (`verdict --json`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestWorkspace } from '../helpers/workspace'
import { actorOf } from '../helpers/identity'
import { SHARED_FIXTURES } from '../helpers/paths'
import { fixtureCase } from '../helpers/fixture-cases'
import { runCli } from '../../src/main/cli'
import type { Workspace } from '../../src/main/workspace'
import type { Verdict } from '../../src/shared/domain/verdict-types'

const AT = '2026-11-20'
let ws: Workspace & { dir: string }

const row = (v: Verdict, criterion: string, subject: string) => {
  const r = v.criteria.find((c) => c.criterion === criterion && c.subject === subject)
  if (!r) throw new Error(`no row ${criterion} / ${subject}`)
  return r
}
const decide = (
  caseId: string,
  criterion: string,
  subject: string,
  decision: 'accept' | 'reject' | 'waive',
  comment = ''
) =>
  ws.decide(
    {
      caseId,
      criterion,
      subject,
      decision,
      comment,
      waiverOwner: decision === 'waive' ? 'K. Kühl' : null,
      waiverExpires: decision === 'waive' ? '2027-01-31' : null
    },
    actorOf(ws, 'A. Auditor')
  )

beforeAll(async () => {
  ws = createTestWorkspace()
  await fixtureCase(ws, 'scope', 'consistent')
  await fixtureCase(ws, 'contra', 'inconsistent', (f) => f !== 'other-application.yaml')
  await fixtureCase(ws, 'integrator', 'integrator')
  ws.createCase({ id: 'opc', schemeId: 'openstack-powered-compute', schemeVersion: '2020.06' })
  await ws.importOne('opc', {
    name: 'refstack-results-demo-cloud.json',
    bytes: readFileSync(join(SHARED_FIXTURES, 'format-samples/refstack-results-demo-cloud.json'))
  })
})
afterAll(() => ws.close())

describe('SCS-compatible IaaS (scope rules)', () => {
  it('is tentative while manual criteria wait for an evidence decision, with the why naming them', () => {
    const v = ws.verdict('scope', AT)
    expect(v.model).toBe('scope')
    expect(v.outcome).toBe('tentative')
    expect(v.validUntil).toBeNull()
    const manual = row(v, 'scs-0302-v1', 'acme-cloud')
    expect(manual.status).toBe('pending')
    expect(manual.why.rule).toMatch(/accepted evidence decision/)
    const auto = row(v, 'scs-0100-v3.1', 'acme-cloud')
    expect(auto.status).toBe('pass')
    expect(auto.why.facts[0]).toMatch(
      /^\d+ of \d+ main testcases PASS; 0 expired at 2026-11-20 \(latest check 2026-11-17\)$/
    )
    expect(v.blocking.some((b) => b.startsWith('scs-0302-v1 / acme-cloud: pending'))).toBe(true)
  })

  it('passes once every manual criterion is accepted; valid for one year from the decision', () => {
    for (const c of ws.verdict('scope', AT).criteria.filter((x) => x.status === 'pending'))
      decide('scope', c.criterion, c.subject, 'accept', 'evidence checked')
    const v = ws.verdict('scope', AT)
    expect(v.outcome).toBe('pass')
    expect(v.outcomeName).toBe('SCS-compatible IaaS')
    expect(v.validUntil).toBe('2027-11-20')
    expect(v.blocking).toEqual([])
    expect(v.subjects).toEqual([expect.objectContaining({ id: 'acme-cloud', outcome: 'pass' })])
  })

  it('is tentative once a result expires (a later decision date): expired = MISSING, no grace; the why names it', () => {
    // changed with issue 12: an expired result counts as MISSING from the instant of expiry (DOMAIN.md,
    // corrected 2026-12-01), so the version and the verdict are tentative, not fail
    const v = ws.verdict('scope', '2026-12-20')
    expect(v.outcome).toBe('tentative')
    expect(v.validUntil).toBeNull()
    const r = row(v, 'scs-0100-v3.1', 'acme-cloud')
    expect(r.status).toBe('tentative')
    expect(r.stale).toBe(true)
    expect(r.why.facts.join('\n')).toMatch(/expired 2026-11-30: counts as MISSING/)
    expect(ws.verdict('scope', '2026-11-30').outcome).toBe('tentative')
    expect(ws.verdict('scope', '2026-11-29').outcome).toBe('pass')
  })

  it('fails an applicant whose checks fail, and a waiver lets one criterion count until it expires', () => {
    const v = ws.verdict('contra', AT)
    expect(v.outcome).toBe('fail')
    const r = row(v, 'scs-0101-v1', 'contra-cloud')
    expect(r.status).toBe('fail')
    expect(r.why.facts.join('\n')).toMatch(/FAIL, checked 2026-11-17/)
    decide('contra', 'scs-0101-v1', 'contra-cloud', 'waive', 'entropy fix scheduled')
    const w = ws.verdict('contra', AT)
    expect(row(w, 'scs-0101-v1', 'contra-cloud').status).toBe('waived')
    expect(w.waivers).toEqual([
      expect.objectContaining({
        criterion: 'scs-0101-v1',
        owner: 'K. Kühl',
        expires: '2027-01-31',
        active: true
      })
    ])
    const later = ws.verdict('contra', '2027-02-01')
    // the waiver no longer counts; by then the FAIL itself has expired, and an expired result is MISSING
    expect(row(later, 'scs-0101-v1', 'contra-cloud').status).toBe('tentative')
    expect(later.waivers[0]!.active).toBe(false)
  })
})

describe('SCS-0007 v2 integrator (points rules)', () => {
  it('counts the operated public cloud, holds back the joint one and the stale one: bronze', () => {
    const v = ws.verdict('integrator', AT)
    expect(v.model).toBe('points')
    expect(row(v, 'scoring.public-iaas-operated', 'nord-public')).toMatchObject({
      status: 'counted',
      points: 2
    })
    const joint = row(v, 'scoring.third-party-production', 'stadtwerk-cloud')
    expect(joint).toMatchObject({ status: 'not-counted', points: 0 })
    expect(joint.why.facts.join('\n')).toMatch(/own share stated, not yet accepted/)
    const stale = row(v, 'scoring.third-party-managed', 'klinik-cloud')
    expect(stale).toMatchObject({ status: 'not-counted', points: 0 })
    expect(stale.why.facts.join('\n')).toMatch(/held for 6 months: since 2026-04-10/)
    expect(stale.why.facts.join('\n')).toMatch(/expired/)
    expect(v).toMatchObject({ outcome: 'bronze', points: 2, validUntil: '2027-11-20' })
    expect(v.outcomeName).toBe('Certified SCS IaaS Integrator Bronze')
    expect(v.why.facts[1]).toBe('the applicant asked for silver; the score reaches bronze')
    expect(
      v.blocking.some((b) => b.startsWith('scoring.third-party-managed / klinik-cloud: the environment'))
    ).toBe(true)
  })

  it('reaches silver once the auditor accepts the own share, and drops back when a reference is rejected', () => {
    decide(
      'integrator',
      'scoring.third-party-production',
      'stadtwerk-cloud',
      'accept',
      'share confirmed by the partner'
    )
    expect(ws.verdict('integrator', AT)).toMatchObject({ outcome: 'silver', points: 4 })
    decide('integrator', 'scoring.public-iaas-operated', 'nord-public', 'reject', 'regions share one site')
    const v = ws.verdict('integrator', AT)
    expect(v).toMatchObject({ outcome: 'bronze', points: 2 })
    expect(row(v, 'scoring.public-iaas-operated', 'nord-public').status).toBe('rejected')
  })

  it('scores nothing before the environments were compliant, and lists the reasons', () => {
    const v = ws.verdict('integrator', '2026-02-01')
    expect(v.outcome).toBe('not-granted')
    expect(v.validUntil).toBeNull()
    expect(row(v, 'scoring.third-party-production', 'stadtwerk-cloud').why.facts.join('\n')).toMatch(
      /the role starts 2026-03-01, after the decision date 2026-02-01/
    )
  })
})

describe('OpenStack Powered Compute (guideline rules)', () => {
  it('scores the RefStack run against the required tests; freshness is not required', () => {
    // the run is checked when imported (the tests' clock, 2026-11-24): an earlier decision has no evidence
    expect(ws.verdict('opc', AT).outcome).toBe('tentative')
    const v = ws.verdict('opc', '2026-11-24')
    expect(v.model).toBe('guideline')
    const failing = v.criteria.filter((c) => c.status === 'fail')
    expect(v.outcome).toBe(failing.length ? 'fail' : 'pass')
    expect(v.criteria.length).toBeGreaterThan(10)
    for (const c of failing) expect(c.why.facts.join('\n')).toMatch(/: FAIL/)
    expect(ws.verdict('opc', '2027-06-01').outcome).toBe(v.outcome)
  })
})

describe('CLI verdict', () => {
  it('prints the verdict as JSON with the fields the issue names', async () => {
    const out: string[] = []
    const code = await runCli(
      ['verdict', '--db', join(ws.dir, 'workspace.sqlite'), '--case', 'integrator', '--at', AT, '--json'],
      { out: (s) => out.push(s), err: () => {} }
    )
    expect(code).toBe(0)
    const v = JSON.parse(out.join('\n')) as Verdict
    for (const k of [
      'scheme',
      'schemeVersion',
      'decisionDate',
      'outcome',
      'points',
      'validUntil',
      'criteria'
    ])
      expect(v).toHaveProperty(k)
    expect(v.criteria[0]).toEqual(
      expect.objectContaining({
        criterion: expect.any(String),
        subject: expect.any(String),
        status: expect.any(String),
        points: expect.any(Number),
        why: expect.objectContaining({ rule: expect.any(String) })
      })
    )
  })

  it('prints a why per criterion as text, and refuses a scheme without a rule file', async () => {
    const out: string[] = []
    expect(
      await runCli(['verdict', '--db', join(ws.dir, 'workspace.sqlite'), '--case', 'scope', '--at', AT], {
        out: (s) => out.push(s),
        err: () => {}
      })
    ).toBe(0)
    const text = out.join('\n')
    expect(text).toMatch(/Outcome: pass \(SCS-compatible IaaS\), valid until 2027-11-20/)
    expect(text).toMatch(/pass +scs-0100-v3.1 \/ acme-cloud\n {2}why: every main testcase PASSes/)
  })
})
