/**
 * The register's pure parts (issue 17 §2, §4, §5): how two case logs compare (v1 `hash`, v2 `caseHash`),
 * a certificate's state, the surveillance list, and the escaping of the published pages.
 */
import { describe, expect, it } from 'vitest'
import { compareLogs, entryKey, requestMessage } from '../../../src/shared/register/protocol'
import {
  addMonths,
  certificateState,
  certificateStatus,
  manualChecks,
  manualChecksProblem,
  surveillance,
  type CertificateFacts,
  type HistoryResult
} from '../../../src/shared/register/status'
import { crlPage, statusPage } from '../../../src/shared/register/site'

describe('compareLogs', () => {
  it('same, fast-forward, behind and diverged, with the common prefix', () => {
    expect(compareLogs(['a', 'b'], ['a', 'b'])).toEqual({ kind: 'same' })
    expect(compareLogs(['a', 'b'], ['a', 'b', 'c'])).toEqual({ kind: 'fast-forward', common: 2 })
    expect(compareLogs([], ['a'])).toEqual({ kind: 'fast-forward', common: 0 })
    expect(compareLogs(['a', 'b', 'c'], ['a', 'b'])).toEqual({ kind: 'behind', common: 2 })
    expect(compareLogs(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual({ kind: 'diverged', common: 1 })
    expect(compareLogs(['a'], ['x'])).toEqual({ kind: 'diverged', common: 0 })
  })
  it('compares v2 entries by their portable caseHash, v1 entries by hash', () => {
    expect(entryKey({ seq: 1, hash: 'h' })).toBe('h')
    expect(entryKey({ seq: 1, hash: 'h', caseHash: 'c' })).toBe('c')
    // the same case exported from two workspaces: workspace hashes differ, case hashes agree
    const a = [
      { seq: 3, hash: 'w1-3', caseHash: 'c1' },
      { seq: 9, hash: 'w1-9', caseHash: 'c2' }
    ].map(entryKey)
    const b = [
      { seq: 1, hash: 'w2-1', caseHash: 'c1' },
      { seq: 2, hash: 'w2-2', caseHash: 'c2' },
      { seq: 4, hash: 'w2-4', caseHash: 'c3' }
    ].map(entryKey)
    expect(compareLogs(a, b)).toEqual({ kind: 'fast-forward', common: 2 })
  })
  it('the signed request text names every part on its own line', () => {
    expect(
      requestMessage({ method: 'put', path: '/cases/x/bundle?y=1', date: 'D', nonce: 'N', bodySha256: 'S' })
    ).toBe(
      'auditor-workbench register request v1\nmethod: PUT\npath: /cases/x/bundle?y=1\ndate: D\nnonce: N\nbody-sha256: S\n'
    )
  })
})

const cert: CertificateFacts = {
  verdictId: 'AW-c-2026-11-24-abc',
  verdictSha256: 'f'.repeat(64),
  caseId: 'c',
  scope: 'scs-compatible-iaas',
  scopeName: 'SCS-compatible IaaS',
  version: 'v5.1',
  outcome: 'pass',
  outcomeName: 'Certified',
  subjects: ['cloud-a'],
  validFrom: '2026-11-24',
  validUntil: '2027-11-24',
  signerFingerprint: 'AB:CD',
  pdfSha256: 'e'.repeat(64),
  registeredAt: '2026-11-24T10:00:00.000Z',
  revocation: null
}
const result = (over: Partial<HistoryResult>): HistoryResult => ({
  subject: 'cloud-a',
  scopeName: 'SCS-compatible IaaS',
  testcase: 'scs-0100-flavor-naming',
  value: 1,
  checkedAt: '2026-12-10T03:00:00Z',
  fileSha256: 'later',
  ...over
})

describe('certificate state and surveillance', () => {
  it('state by the day: not yet valid, valid to its last day, expired; revoked from the revocation on', () => {
    expect(certificateState(cert, new Date('2026-11-23T23:00:00Z'))).toBe('not-yet-valid')
    expect(certificateState(cert, new Date('2027-11-24T23:00:00Z'))).toBe('valid')
    expect(certificateState(cert, new Date('2027-11-25T00:00:00Z'))).toBe('expired')
    const revoked = { ...cert, revocation: { reason: 'r', by: 'Bob', at: '2027-01-05T00:00:00Z' } }
    expect(certificateState(revoked, new Date('2027-01-04T00:00:00Z'))).toBe('valid')
    expect(certificateState(revoked, new Date('2027-01-05T00:00:00Z'))).toBe('revoked')
  })

  it('a failed result after issuance is listed; one from the evidence it was issued on, another subject, or a pass is not', () => {
    const now = new Date('2027-01-10T00:00:00Z')
    const results = [
      result({ value: -1, testcase: 'late-fail' }),
      result({ value: -1, testcase: 'issued-on', fileSha256: 'evidence' }),
      result({ value: -1, testcase: 'other', subject: 'cloud-b' }),
      result({ value: -1, testcase: 'before', checkedAt: '2026-11-01T00:00:00Z' }),
      result({ value: 1, testcase: 'pass' })
    ]
    const due = surveillance(cert, results, new Set(['evidence']), [], now)
    expect(due).toEqual([expect.objectContaining({ kind: 'failed-after-issuance', testcase: 'late-fail' })])
  })

  /** a manual check of cloud-a, accepted at the test clock's instant: due a quarter's add_period later */
  const manualCheck = (criterion: string) => ({
    criterion,
    subject: 'cloud-a',
    decidedAt: '2026-11-24T09:00:00.000Z',
    lifetime: 'quarter' as const,
    freshUntil: '2027-04-01'
  })

  it("a verdict's own manual checks are due when the review holds them due; a later accept renews one; an accept the verdict does not name is none", () => {
    const declared = [manualCheck('scs-0121-v1'), manualCheck('scs-0302-v1')]
    const decisions = [
      { criterion: 'scs-0121-v1', subject: 'cloud-a', decision: 'accept', at: '2026-11-24T09:00:00.000Z' },
      // renewed after issuance, in the case's registered log
      { criterion: 'scs-0302-v1', subject: 'cloud-a', decision: 'accept', at: '2027-03-10T09:00:00.000Z' },
      // an accept of an automated or a scoring criterion: no manual check, in the review as here
      {
        criterion: 'scoring.third-party-production',
        subject: 'cloud-a',
        decision: 'accept',
        at: '2026-11-24T09:00:00.000Z'
      }
    ]
    const checks = manualChecks(decisions, declared)
    expect(checks.map((c) => [c.criterion, c.lastDone.slice(0, 10), c.dueOn])).toEqual([
      ['scs-0121-v1', '2026-11-24', '2027-04-01'],
      ['scs-0302-v1', '2027-03-10', '2027-07-01']
    ])
    const kinds = (at: string) =>
      surveillance(cert, [], new Set(), checks, new Date(at)).map((d) =>
        d.kind === 'manual-check-due' ? `${d.criterion} ${d.dueOn}` : d.kind
      )
    // three months after the accept is not yet a quarter's add_period
    expect(kinds('2027-03-31T23:00:00Z')).toEqual([])
    expect(kinds('2027-04-01T00:00:00Z')).toEqual(['scs-0121-v1 2027-04-01'])
    expect(kinds('2027-07-01T00:00:00Z')).toEqual(['scs-0121-v1 2027-04-01', 'scs-0302-v1 2027-07-01'])
    // a verdict that names no manual check (an OpenStack Powered Compute one): nothing is ever due
    expect(manualChecks(decisions, [])).toEqual([])
  })

  it('a later reject or waive in the log ends a renewal: the check is due from that day; a decision for another subject changes nothing', () => {
    const declared = [manualCheck('scs-0121-v1')]
    const accept = {
      criterion: 'scs-0121-v1',
      subject: 'cloud-a',
      decision: 'accept',
      at: '2026-11-24T09:00:00.000Z'
    }
    const renewed = { ...accept, at: '2027-03-10T09:00:00.000Z' }
    const due = (log: (typeof accept)[]) => manualChecks([accept, ...log], declared).map((c) => c.dueOn)
    expect(due([renewed])).toEqual(['2027-07-01'])
    // the repeat after the renewal failed: not held fresh until July
    expect(due([renewed, { ...renewed, decision: 'reject', at: '2027-05-02T09:00:00.000Z' }])).toEqual([
      '2027-05-02'
    ])
    expect(due([{ ...accept, decision: 'waive', at: '2027-01-15T09:00:00.000Z' }])).toEqual(['2027-01-15'])
    // a reject after the due day leaves it due from the due day; a renewal after a reject renews
    expect(due([{ ...accept, decision: 'reject', at: '2027-06-01T09:00:00.000Z' }])).toEqual(['2027-04-01'])
    expect(due([{ ...accept, decision: 'reject', at: '2027-02-01T09:00:00.000Z' }, renewed])).toEqual([
      '2027-07-01'
    ])
    // two decisions at one time (a clock's millisecond): the later in the log holds
    const rejected = { ...renewed, decision: 'reject' }
    expect(due([rejected, renewed])).toEqual(['2027-07-01'])
    expect(due([renewed, rejected])).toEqual(['2027-03-10'])
    // another subject's decisions are its own
    expect(
      due([
        { ...renewed, subject: 'cloud-b' },
        { ...accept, subject: 'cloud-b', decision: 'reject', at: '2027-05-01T09:00:00.000Z' }
      ])
    ).toEqual(['2027-04-01'])
  })

  it("a verdict's manualChecks the register cannot read is named: not a list, a bad lifetime, a malformed or inconsistent freshUntil", () => {
    const ok = manualCheck('scs-0121-v1')
    expect(manualChecksProblem(undefined)).toBeNull()
    expect(manualChecksProblem([])).toBeNull()
    expect(manualChecksProblem([ok])).toBeNull()
    expect(manualChecksProblem('x')).toBe('manualChecks is not a list')
    expect(manualChecksProblem({ length: 1 })).toBe('manualChecks is not a list')
    expect(manualChecksProblem([ok, null])).toBe('manualChecks[1] is not an object')
    expect(manualChecksProblem([{ ...ok, lifetime: 'decade' }])).toMatch(
      /^manualChecks\[0\]\.lifetime is not one of day, week/
    )
    expect(manualChecksProblem([{ ...ok, freshUntil: '<script>' }])).toBe(
      'manualChecks[0].freshUntil is not a date YYYY-MM-DD'
    )
    expect(manualChecksProblem([{ ...ok, freshUntil: '9999-12-31' }])).toMatch(
      /freshUntil 9999-12-31 is not quarter's expiry/
    )
    expect(manualChecksProblem([{ ...ok, decidedAt: 20261124 }])).toMatch(/decidedAt is not an ISO date-time/)
    expect(manualChecksProblem([{ ...ok, criterion: 7 }])).toMatch(/criterion is not/)
  })

  it('a verdict from before it named its manual checks: every accepting decision is taken for one, due three months after the newest; expiry from 60 days before', () => {
    const checks = manualChecks([
      { criterion: 'scs-0121', subject: '', decision: 'accept', at: '2026-11-24T09:00:00Z' },
      { criterion: 'scs-0302', subject: '', decision: 'accept', at: '2026-11-24T09:00:00Z' },
      { criterion: 'scs-0302', subject: '', decision: 'accept', at: '2027-01-10T09:00:00Z' },
      { criterion: 'scs-0400', subject: '', decision: 'reject', at: '2026-11-24T09:00:00Z' }
    ])
    expect(checks.map((c) => [c.criterion, c.lastDone.slice(0, 10)])).toEqual([
      ['scs-0121', '2026-11-24'],
      ['scs-0302', '2027-01-10']
    ])
    expect(surveillance(cert, [], new Set(), checks, new Date('2027-02-23T12:00:00Z'))).toEqual([])
    expect(surveillance(cert, [], new Set(), checks, new Date('2027-02-24T00:00:00Z'))).toEqual([
      expect.objectContaining({ kind: 'manual-check-due', criterion: 'scs-0121', dueOn: '2027-02-24' })
    ])
    expect(surveillance(cert, [], new Set(), [], new Date('2027-09-24T00:00:00Z'))).toEqual([])
    expect(surveillance(cert, [], new Set(), [], new Date('2027-09-25T00:00:00Z'))).toEqual([
      expect.objectContaining({ kind: 'expiring', daysLeft: 60 })
    ])
    // a revoked certificate is watched no longer
    const revoked = { ...cert, revocation: { reason: 'r', by: 'Bob', at: '2027-01-05T00:00:00Z' } }
    expect(surveillance(revoked, [], new Set(), checks, new Date('2027-10-01T00:00:00Z'))).toEqual([])
  })

  it('months add by the calendar, clamped to the month end', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28')
    expect(addMonths('2027-11-24', 3)).toBe('2028-02-24')
    expect(addMonths('2028-05-31', -18)).toBe('2026-11-30')
  })

  it('the history keeps 18 months of the subjects’ results; the page escapes what the register holds', () => {
    const now = new Date('2027-01-10T00:00:00Z')
    const s = certificateStatus(
      { ...cert, subjects: ['<script>alert(1)</script>'] },
      [
        result({
          subject: '<script>alert(1)</script>',
          checkedAt: '2025-06-01T00:00:00Z',
          testcase: 'too-old'
        }),
        result({ subject: '<script>alert(1)</script>', testcase: 'kept' })
      ],
      new Set(),
      [],
      now
    )
    expect(s.history.map((h) => h.testcase)).toEqual(['kept'])
    expect(s.keepOnlineUntil).toBe('2028-02-24')
    const html = statusPage(s)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    // the register holds instants (timestamptz): its times are UTC, and say so, as the workbench's do; a report
    // written at +02:00 shows its check on the day before there, which the page must not leave unexplained
    const row = /<tr><td>([^<]*)<\/td><td>&lt;script/.exec(html)
    expect(row?.[1]).toBe(`${s.history[0]!.checkedAt.slice(0, 16).replace('T', ' ')} UTC`)
    expect(
      crlPage(
        [
          {
            verdictId: 'x',
            verdictSha256: 'y',
            scope: 's',
            version: 'v',
            subjects: [],
            revokedAt: '2027-01-01',
            reason: '"><img src=x onerror=alert(1)>'
          }
        ],
        'now'
      )
    ).not.toContain('<img')
  })
})
