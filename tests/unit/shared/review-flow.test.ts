import { describe, expect, it } from 'vitest'
import { reviewTransition, type ReviewAction, type ReviewState } from '../../../src/shared/domain/review-flow'

const open: ReviewState = { status: 'open', submittedBy: null, acceptedBy: null }
const submitted: ReviewState = { status: 'submitted', submittedBy: 'Ann', acceptedBy: null }
const accepted: ReviewState = { status: 'accepted', submittedBy: 'Ann', acceptedBy: 'Bob' }

describe('the four-eyes review', () => {
  it.each([
    ['open → submit', open, 'submit', 'Ann', '', { status: 'submitted', submittedBy: 'Ann' }],
    [
      'submitted → accept by a second auditor',
      submitted,
      'accept',
      'Bob',
      '',
      { status: 'accepted', acceptedBy: 'Bob' }
    ],
    [
      'submitted → return with comments',
      submitted,
      'return',
      'Bob',
      'evidence for scs-0302 missing',
      { status: 'open' }
    ],
    ['accepted → reopen with a reason', accepted, 'reopen', 'Bob', 'a new report arrived', { status: 'open' }]
  ] as const)('%s', (_n, from, action, who, comment, to) => {
    expect(reviewTransition(from, action as ReviewAction, who, comment)).toMatchObject(to)
  })
  it.each([
    [
      'the submitter cannot accept (whatever the case of the name)',
      submitted,
      'accept',
      'ann',
      '',
      /second auditor/
    ],
    ['an open case cannot be accepted', open, 'accept', 'Bob', '', /only a submitted case/],
    ['a submitted case cannot be submitted again', submitted, 'submit', 'Ann', '', /only an open case/],
    ['a return needs a comment', submitted, 'return', 'Bob', ' ', /say what must change/],
    ['a reopen needs a reason', accepted, 'reopen', 'Bob', '', /say why/],
    ['an open case cannot be reopened', open, 'reopen', 'Bob', 'x', /only an accepted case/],
    ['an auditor is needed', open, 'submit', '  ', '', /act with an auditor key/]
  ] as const)('refuses: %s', (_n, from, action, who, comment, reason) => {
    const r = reviewTransition(from, action as ReviewAction, who, comment)
    expect('refused' in r && r.refused).toMatch(reason)
  })
})
