import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestWorkspace } from '../helpers/workspace'
import { actorOf, registeredKeyFile } from '../helpers/identity'
import { SHARED_FIXTURES } from '../helpers/paths'
import { fixtureCase } from '../helpers/fixture-cases'
import { cli } from '../helpers/cli'
import type { Workspace } from '../../src/main/workspace'
import { ARG_SCHEMAS } from '../../src/main/ipc/args'
import type { Finding, FindingType } from '../../src/shared/domain/reconcile'
import { onFile } from '../helpers/insider'

const AT = '2026-11-20'
let ws: Workspace

beforeAll(async () => {
  ws = createTestWorkspace()
  await fixtureCase(ws, 'consistent', 'consistent')
  await fixtureCase(ws, 'inconsistent', 'inconsistent', (f) => f !== 'other-application.yaml')
  await fixtureCase(ws, 'reseller', 'inconsistent', (f) => f === 'other-application.yaml')
})
afterAll(() => ws.close())

describe('fixture cases built from the real scope and real-format reports', () => {
  it('a consistent applicant has no findings beyond info', () => {
    const r = ws.caseReview('consistent', AT)
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([])
    expect(r.rows).toHaveLength(13)
    expect(r.rows.every((row) => row.claim?.claim === 'met')).toBe(true)
  })

  describe('an inconsistent applicant shows every inconsistency type', () => {
    let findings: Finding[]
    beforeAll(() => {
      findings = [...ws.caseReview('inconsistent', AT).findings]
    })
    const expected: [FindingType, Partial<Finding>][] = [
      ['claim-contradicted', { severity: 'blocker', criterion: 'scs-0101-v1', subject: 'contra-cloud' }],
      ['claim-contradicted', { severity: 'major', criterion: 'scs-0123-v1', subject: 'contra-cloud' }],
      [
        'claim-unproven',
        { criterion: 'scs-0114-v1', subject: 'contra-cloud', evidence: 'scs-0114-syntax-check' }
      ],
      ['claim-unproven', { criterion: 'opc-v2022.11', subject: 'contra-cloud' }],
      ['claim-understated', { criterion: 'scs-0117-v1', claim: 'not-applicable' }],
      ['evidence-stale', { criterion: 'scs-0116-v1', severity: 'major' }],
      ['subject-mismatch', { subject: 'shadow-cloud' }],
      ['subject-mismatch', { subject: 'dr-cloud' }],
      ['version-mismatch', { subject: 'shadow-cloud' }],
      ['version-mismatch', { subject: 'dr-cloud', severity: 'blocker' }],
      ['manual-evidence-missing', { criterion: 'scs-0302-v1', subject: 'contra-cloud' }],
      ['joint-share-missing', { subject: 'dr-cloud' }],
      ['duplicate-claim', { subject: 'contra-cloud', evidence: 'reseller' }],
      ['implausible-figure', { subject: 'contra-cloud' }]
    ]
    it.each(expected)('%s %o', (type, shape) => {
      expect(findings.filter((f) => f.type === type)).toEqual(
        expect.arrayContaining([expect.objectContaining(shape)])
      )
    })
    it('every finding has a message a person understands', () => {
      for (const f of findings) expect(f.message.length).toBeGreaterThan(30)
    })
  })

  it('the CLI prints the same findings as JSON', async () => {
    const { code, out } = await cli(
      'findings',
      '--db',
      ws.dbPath,
      '--case',
      'inconsistent',
      '--at',
      AT,
      '--json'
    )
    expect(code).toBe(0)
    const printed = JSON.parse(out) as Finding[]
    expect(printed).toEqual(ws.caseReview('inconsistent', AT).findings)
    for (const f of printed)
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['type', 'severity', 'criterion', 'subject', 'message'])
      )
  })

  it('a RefStack run that misses required tests contradicts the OpenStack Powered Compute claim', async () => {
    await fixtureCase(ws, 'with-refstack', 'consistent')
    await ws.importOne('with-refstack', {
      name: 'refstack.json',
      bytes: readFileSync(join(SHARED_FIXTURES, 'format-samples/refstack-results-demo-cloud.json'))
    })
    // a RefStack run carries no date: it is checked when imported (the tests' clock, 2026-11-24), so it is
    // evidence for decisions from that day on, not for an earlier decision date
    const opc = ws
      .caseReview('with-refstack', '2026-11-24')
      .findings.filter((f) => f.criterion === 'opc-v2022.11')
    expect(
      ws
        .caseReview('with-refstack', AT)
        .findings.filter((f) => f.type === 'claim-contradicted' && f.criterion === 'opc-v2022.11')
    ).toEqual([])
    expect(opc).toMatchObject([{ type: 'claim-contradicted', severity: 'blocker', subject: 'acme-cloud' }])
    expect(opc[0]!.message).toMatch(/did not pass \d+ required tests of guideline 2020.06/)
  })

  it('a review narrowed to one criterion (what a decision checks) finds exactly what the full review finds there', () => {
    const full = ws.caseReview('inconsistent', AT)
    for (const row of full.rows) {
      const narrowed = ws.caseReview('inconsistent', AT, row.criterion)
      const pick = (r: typeof full) =>
        r.findings.filter((f) => f.criterion === row.criterion && f.subject === row.subject)
      expect(pick(narrowed), `${row.criterion} / ${row.subject}`).toEqual(pick(full))
    }
  })

  it('the decision date moves freshness: the consistent case is stale a month later', () => {
    const later = ws.caseReview('consistent', '2026-12-20')
    expect(later.findings.some((f) => f.type === 'evidence-stale' && f.severity === 'major')).toBe(true)
  })
})

describe('decisions', () => {
  it('are recorded durably, supersede each other, resolve or waive findings, and are audited', async () => {
    const ann = registeredKeyFile(ws, 'ann')
    /** `decide` on the blocker of contra-cloud's scs-0101-v1, by Ann */
    const decide = (...flags: string[]) =>
      cli(
        'decide',
        '--db',
        ws.dbPath,
        '--case',
        'inconsistent',
        '--criterion',
        'scs-0101-v1',
        '--subject',
        'contra-cloud',
        '--key',
        ann,
        ...flags
      )
    // accepting over the blocker without a comment is refused, and nothing is stored
    const refused = await decide('--decision', 'accept')
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/needs a comment/)
    expect(ws.caseReview('inconsistent', AT).decisions).toEqual([])
    // reject with a comment
    expect((await decide('--decision', 'reject', '--comment', 'FIPS test fails', '--json')).code).toBe(0)
    let review = ws.caseReview('inconsistent', AT)
    expect(
      review.findings
        .filter((f) => f.criterion === 'scs-0101-v1' && f.subject === 'contra-cloud')
        .every((f) => f.state === 'resolved')
    ).toBe(true)
    // then a waiver supersedes it
    const waiver = await decide(
      '--decision',
      'waive',
      '--comment',
      'fix scheduled',
      '--owner',
      'ops team',
      '--expires',
      '2099-01-31'
    )
    expect(waiver.code).toBe(0)
    review = ws.caseReview('inconsistent', AT)
    expect(review.decisions.filter((d) => d.criterion === 'scs-0101-v1')).toMatchObject([
      { decision: 'waive', waiverOwner: 'ops team', waiverExpires: '2099-01-31' }
    ])
    expect(
      review.rows.find((r) => r.criterion === 'scs-0101-v1' && r.subject === 'contra-cloud')!.decision
        ?.decision
    ).toBe('waive')
    expect(
      review.findings
        .filter((f) => f.criterion === 'scs-0101-v1' && f.subject === 'contra-cloud')
        .every((f) => f.state === 'waived')
    ).toBe(true)
    expect(
      onFile(ws, (db) =>
        db.prepare("SELECT count(*) AS n FROM decisions WHERE case_id = 'inconsistent'").get()
      )
    ).toEqual({ n: 2 })
    expect(ws.audit.listForCase('inconsistent').filter((e) => e.action === 'decision')).toHaveLength(2)
    expect(ws.audit.verifyChain()).toBeNull()
  })
  it('refuse an unknown criterion', () => {
    expect(() =>
      ws.decide(
        {
          caseId: 'inconsistent',
          criterion: 'nope',
          subject: '',
          decision: 'accept',
          comment: ''
        },
        actorOf(ws, 'a')
      )
    ).toThrow(/no criterion "nope"/)
  })
  it('decides the case-level findings of a subject (criterion ""), and refuses one where there are none', () => {
    const before = ws
      .caseReview('inconsistent')
      .findings.filter((f) => !f.criterion && f.subject === 'dr-cloud')
    expect(before.length).toBeGreaterThan(0)
    expect(before.every((f) => f.state === 'open')).toBe(true)
    // the channel's argument check lets an empty criterion through to the workspace's own check
    const input = {
      caseId: 'inconsistent',
      criterion: '',
      subject: 'dr-cloud',
      decision: 'reject' as const,
      comment: 'dr-cloud is checked against a deprecated version'
    }
    expect(ARG_SCHEMAS['decisions:record'].safeParse([input]).success).toBe(true)
    const cleo = actorOf(ws, 'Cleo Caselevel')
    ws.decide(input, cleo)
    const after = ws
      .caseReview('inconsistent')
      .findings.filter((f) => !f.criterion && f.subject === 'dr-cloud')
    expect(after.map((f) => f.state)).toEqual(before.map(() => 'resolved'))
    expect(() => ws.decide({ ...input, subject: 'contra-cloud-nope' }, cleo)).toThrow(
      /has no case-level finding for subject "contra-cloud-nope"/
    )
  })
})
