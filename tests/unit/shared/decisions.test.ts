import { describe, expect, it } from 'vitest'
import {
  checkDecision,
  findingState,
  type Decision,
  type DecisionInput
} from '../../../src/shared/domain/decisions'
import type { Finding } from '../../../src/shared/domain/reconcile'

const finding = (severity: Finding['severity'], over: Partial<Finding> = {}): Finding => ({
  id: 'f',
  type: 'claim-contradicted',
  severity,
  criterion: 'c1',
  subject: 's',
  claim: 'met',
  evidence: '',
  msg: { code: 'label.case', params: {} },
  message: 'm',
  ...over
})
const input = (over: Partial<DecisionInput> = {}): DecisionInput => ({
  caseId: 'k',
  criterion: 'c1',
  subject: 's',
  decision: 'accept',
  comment: '',
  auditor: 'ann',
  ...over
})
const TODAY = '2026-11-25'

describe('checkDecision', () => {
  it.each([
    ['accept without findings, no comment', input(), [], []],
    ['accept over a minor finding, no comment', input(), [finding('minor')], []],
    ['accept over a major finding needs a comment', input(), [finding('major')], [/needs a comment/]],
    [
      'accept over a blocker with a comment',
      input({ comment: 'fixed, confirmed by phone' }),
      [finding('blocker')],
      []
    ],
    [
      'a major finding of another criterion does not count',
      input(),
      [finding('major', { criterion: 'c2' })],
      []
    ],
    ['reject needs a comment', input({ decision: 'reject' }), [], [/reject needs a comment/]],
    [
      'waive needs comment, owner and expiry',
      input({ decision: 'waive' }),
      [],
      [/comment/, /owner/, /expiry/]
    ],
    [
      'a waiver expiring today is refused',
      input({ decision: 'waive', comment: 'c', waiverOwner: 'ops', waiverExpires: TODAY }),
      [],
      [/not after today/]
    ],
    [
      'a complete waiver',
      input({ decision: 'waive', comment: 'c', waiverOwner: 'ops', waiverExpires: '2027-01-31' }),
      [],
      []
    ],
    ['an auditor is needed', input({ auditor: ' ' }), [], [/auditor/]]
  ] as const)('%s', (_n, d, findings, problems) => {
    const out = checkDecision(d, findings, TODAY)
    expect(out).toHaveLength(problems.length)
    problems.forEach((p, i) => expect(out[i]).toMatch(p))
  })
})

describe('findingState', () => {
  const d = (over: Partial<Decision>): Map<string, Decision> =>
    new Map([
      [
        'c1\u0000s',
        {
          id: 1,
          caseId: 'k',
          criterion: 'c1',
          subject: 's',
          decision: 'accept',
          comment: '',
          auditor: 'a',
          waiverOwner: null,
          waiverExpires: null,
          decidedAt: 'now',
          ...over
        }
      ]
    ])
  it.each([
    ['no decision: open', new Map<string, Decision>(), 'open'],
    ['accepted: resolved', d({}), 'resolved'],
    ['rejected: resolved', d({ decision: 'reject' }), 'resolved'],
    ['waived until later: waived', d({ decision: 'waive', waiverExpires: '2026-12-31' }), 'waived'],
    [
      'an expired waiver no longer counts: open',
      d({ decision: 'waive', waiverExpires: '2026-11-01' }),
      'open'
    ]
  ] as const)('%s', (_n, decisions, state) => {
    expect(findingState(finding('major'), decisions, TODAY).state).toBe(state)
  })
})
