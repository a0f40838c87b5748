/** Rounds (renewal): the diff between rounds per criterion, and accepted decisions carried where unchanged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestWorkspace } from '../helpers/workspace'
import { openWorkspace } from '../../src/main/workspace'
import { fixedClock } from '../../src/main/clock'
import { actorOf } from '../helpers/identity'
import { FIXTURES, RESOURCES } from '../helpers/paths'
import { runCli } from '../../src/main/cli'
import type { Workspace } from '../../src/main/workspace'
import { tamper } from '../helpers/insider'

const DIR = join(FIXTURES, 'cases/consistent')
const report = readFileSync(join(DIR, 'report-acme-cloud.yaml'), 'utf8')
const submission = readFileSync(join(DIR, 'self-assessment.yaml'), 'utf8')
let ws: Workspace & { dir: string }

beforeAll(async () => {
  ws = createTestWorkspace()
  ws.createCase({ id: 'r1', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await ws.importOne('r1', { name: 'report.yaml', bytes: Buffer.from(report) })
  await ws.importOne('r1', { name: 'self-assessment.yaml', bytes: Buffer.from(submission) })
  for (const criterion of ['scs-0100-v3.1', 'scs-0101-v1', 'scs-0102-v1', 'scs-0302-v1'])
    ws.decide(
      {
        caseId: 'r1',
        criterion,
        subject: 'acme-cloud',
        decision: 'accept',
        comment: 'checked'
      },
      actorOf(ws, 'A. Auditor')
    )
  ws.review('r1', 'submit', actorOf(ws, 'A. Auditor'))
  ws.review('r1', 'accept', actorOf(ws, 'B. Reviewer'))

  // the renewal: one check now fails, one statement is rewritten, one evidence link replaced
  ws.createCase({ id: 'r2', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1', previousCaseId: 'r1' })
  await ws.importOne('r2', {
    name: 'report-2.yaml',
    bytes: Buffer.from(
      report
        .replace('scs-0100-semantics-check: 1', 'scs-0100-semantics-check: -1')
        .replace('0c0a5a1e-1111-4aaa-8bbb-000000000001', '0c0a5a1e-1111-4aaa-8bbb-000000000002')
    )
  })
  await ws.importOne('r2', {
    name: 'self-assessment-2.yaml',
    bytes: Buffer.from(
      submission
        .replace(
          'Entropy v1.1 is implemented and monitored.',
          'Entropy is provided by virtio-rng on every host.'
        )
        .replace(
          'https://docs.acme-cloud.example/scs-0302-v1',
          'https://docs.acme-cloud.example/scs-0302-v1-2026'
        )
    )
  })
})
afterAll(() => ws.close())

describe('rounds', () => {
  it('a renewal is round 2 of its previous case; another scheme is refused', () => {
    expect(ws.cases.get('r2')).toMatchObject({ round: 2, previousCaseId: 'r1' })
    expect(() =>
      ws.createCase({ id: 'r3', schemeId: 'scs-compatible-kaas', schemeVersion: 'v1', previousCaseId: 'r1' })
    ).toThrow(/same scheme/)
  })

  it('the diff names, per criterion, the rewritten claim, the replaced evidence and the changed check', () => {
    const d = ws.roundDiff('r2')
    const row = (c: string) => d.rows.find((r) => r.criterion === c && r.subject === 'acme-cloud')!
    expect(row('scs-0101-v1').changes).toContainEqual({
      kind: 'claim-rewritten',
      before: 'Entropy v1.1 is implemented and monitored.',
      after: 'Entropy is provided by virtio-rng on every host.'
    })
    // (scs-0302-v1 is a manual check: repeated in each round, never carried)
    expect(row('scs-0302-v1').changes.map((c) => c.kind)).toEqual([
      'evidence-replaced',
      'manual-check-repeat'
    ])
    expect(row('scs-0100-v3.1').changes).toContainEqual({
      kind: 'testcase-changed',
      before: 'scs-0100-semantics-check: PASS',
      after: 'scs-0100-semantics-check: FAIL'
    })
    expect(row('scs-0102-v1')).toMatchObject({ unchanged: true, previousDecision: { decision: 'accept' } })
    expect(d.counts.changed).toBe(3)
  })

  it('carries only the accepted decisions whose claim and evidence are unchanged, logged as decisions of round 2', () => {
    const carried = ws.carryForward('r2', actorOf(ws, 'C. Auditor'))
    expect(carried.map((d) => d.criterion)).toEqual(['scs-0102-v1'])
    expect(carried[0]!.comment).toMatch(
      /carried forward from round 1 \(case r1\): claim and evidence unchanged; accepted there by A. Auditor/
    )
    expect(ws.carryForward('r2', actorOf(ws, 'C. Auditor'))).toEqual([])
    const log = ws.audit.listForCase('r2').filter((e) => e.action === 'decision')
    expect(log).toHaveLength(1)
  })

  it('carrying forward is one command: a failure at the third decision leaves none recorded (issue 11 §5)', async () => {
    ws.createCase({ id: 'r2b', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1', previousCaseId: 'r1' })
    await ws.importOne('r2b', { name: 'report.yaml', bytes: Buffer.from(report) })
    await ws.importOne('r2b', { name: 'self-assessment.yaml', bytes: Buffer.from(submission) })
    // the disk fills up (say) while the third carried decision is written
    tamper(
      ws,
      `CREATE TRIGGER third_fails BEFORE INSERT ON decisions
      WHEN (SELECT count(*) FROM decisions WHERE case_id = 'r2b') >= 2
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`
    )
    try {
      expect(() => ws.carryForward('r2b', actorOf(ws, 'C. Auditor'))).toThrow(/disk is full/)
    } finally {
      tamper(ws, 'DROP TRIGGER third_fails')
    }
    expect(ws.caseReview('r2b').decisions).toEqual([])
    expect(ws.audit.listForCase('r2b').filter((e) => e.action === 'decision')).toEqual([])
    // and once the disk has room, the same command carries all three (the manual check scs-0302-v1 is repeated)
    expect(ws.carryForward('r2b', actorOf(ws, 'C. Auditor'))).toHaveLength(3)
  })

  it('CLI: round diff --json and a text diff', async () => {
    const out: string[] = []
    const io = { out: (s: string) => out.push(s), err: () => {} }
    const db = join(ws.dir, 'workspace.sqlite')
    expect(await runCli(['round', 'diff', '--db', db, '--case', 'r2', '--json'], io)).toBe(0)
    expect(JSON.parse(out.join('\n'))).toMatchObject({ caseId: 'r2', previousCaseId: 'r1', round: 2 })
    out.length = 0
    expect(await runCli(['round', 'diff', '--db', db, '--case', 'r2'], io)).toBe(0)
    expect(out.join('\n')).toMatch(
      /CHANGED {3}scs-0100-v3.1 \/ acme-cloud\n {2}testcase-changed: scs-0100-semantics-check: PASS → scs-0100-semantics-check: FAIL/
    )
    expect(await runCli(['round', 'diff', '--db', db, '--case', 'r1'], io)).toBe(2)
  })
})

describe('a renewal months later: an accepted manual check is repeated, not carried', () => {
  it('carrying forward leaves the manual check to be repeated, so the verdict never dates a check that was not done', async () => {
    // round 1 accepted on the tests' day (2026-11-24), its manual check scs-0302-v1 among its decisions
    const w1 = createTestWorkspace()
    w1.createCase({ id: 'm1', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await w1.importOne('m1', { name: 'report.yaml', bytes: Buffer.from(report) })
    await w1.importOne('m1', { name: 'self-assessment.yaml', bytes: Buffer.from(submission) })
    for (const criterion of ['scs-0102-v1', 'scs-0302-v1'])
      w1.decide(
        { caseId: 'm1', criterion, subject: 'acme-cloud', decision: 'accept', comment: 'checked' },
        actorOf(w1, 'A. Auditor')
      )
    w1.review('m1', 'submit', actorOf(w1, 'A. Auditor'))
    w1.review('m1', 'accept', actorOf(w1, 'B. Reviewer'))
    w1.close()
    // the renewal, on 2027-04-12: a fresh run, the same self-assessment
    const later = openWorkspace({
      dbPath: join(w1.dir, 'workspace.sqlite'),
      resourcesDir: RESOURCES,
      actor: 'test-auditor',
      clock: fixedClock('2027-04-12T09:00:00.000Z')
    })
    try {
      later.createCase({
        id: 'm2',
        schemeId: 'scs-compatible-iaas',
        schemeVersion: 'v5.1',
        previousCaseId: 'm1'
      })
      await later.importOne('m2', {
        name: 'report-2.yaml',
        bytes: Buffer.from(
          report
            .replace(/^checked_at: .*$/m, 'checked_at: 2027-04-10 09:30:00')
            .replace('0c0a5a1e-1111-4aaa-8bbb-000000000001', '0c0a5a1e-1111-4aaa-8bbb-000000000003')
        )
      })
      await later.importOne('m2', { name: 'self-assessment.yaml', bytes: Buffer.from(submission) })
      // the earlier round's own review says its manual check is no longer fresh today
      expect(
        later
          .caseReview('m1', '2027-04-12')
          .findings.some((f) => f.type === 'evidence-stale' && f.criterion === 'scs-0302-v1')
      ).toBe(true)
      const row = later.roundDiff('m2').rows.find((r) => r.criterion === 'scs-0302-v1')!
      expect(row.unchanged).toBe(false)
      expect(row.changes.map((c) => c.kind)).toContain('manual-check-repeat')
      const carried = later.carryForward('m2', actorOf(later, 'C. Auditor'))
      expect(carried.map((d) => d.criterion)).toEqual(['scs-0102-v1'])
      // the renewal's review and verdict: the manual check waits for the auditor who repeats it
      expect(later.caseReview('m2').rows.find((r) => r.criterion === 'scs-0302-v1')!.decision).toBeNull()
      const v = later.verdict('m2')
      expect(v.criteria.find((c) => c.criterion === 'scs-0302-v1')!.status).toBe('pending')
      expect(v.manualChecks ?? []).toEqual([])
    } finally {
      later.close()
    }
  })
})
