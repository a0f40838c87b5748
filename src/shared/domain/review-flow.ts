/**
 * The four-eyes review of a case. open → submit → submitted → accept (by a different auditor) → accepted,
 * which locks the case; a submitted case can be returned (with comments) to open; an accepted case can be
 * reopened (with a reason), which is logged.
 */
import type { CaseStatus } from './types'

export type ReviewAction = 'submit' | 'accept' | 'return' | 'reopen'
export const REVIEW_ACTIONS: readonly ReviewAction[] = ['submit', 'accept', 'return', 'reopen']

export interface ReviewState {
  readonly status: CaseStatus
  readonly submittedBy: string | null
  readonly acceptedBy: string | null
}

/** The next state, or the reason the action is refused. */
export function reviewTransition(
  s: ReviewState,
  action: ReviewAction,
  auditor: string,
  comment: string
): ReviewState | { refused: string } {
  const who = auditor.trim()
  if (!who) return { refused: 'act with an auditor key (--key)' }
  switch (action) {
    case 'submit':
      if (s.status !== 'open')
        return { refused: `the case is ${s.status}; only an open case can be submitted for review` }
      return { status: 'submitted', submittedBy: who, acceptedBy: null }
    case 'accept':
      if (s.status !== 'submitted')
        return { refused: `the case is ${s.status}; only a submitted case can be accepted` }
      if (s.submittedBy && s.submittedBy.toLowerCase() === who.toLowerCase()) {
        return { refused: `${who} submitted the case; a second auditor must accept it (four eyes)` }
      }
      return { status: 'accepted', submittedBy: s.submittedBy, acceptedBy: who }
    case 'return':
      if (s.status !== 'submitted')
        return { refused: `the case is ${s.status}; only a submitted case can be returned` }
      if (!comment.trim()) return { refused: 'say what must change (--comment)' }
      return { status: 'open', submittedBy: null, acceptedBy: null }
    case 'reopen':
      if (s.status !== 'accepted')
        return { refused: `the case is ${s.status}; only an accepted case can be reopened` }
      if (!comment.trim()) return { refused: 'say why the accepted case is reopened (--comment)' }
      return { status: 'open', submittedBy: null, acceptedBy: null }
  }
}

/** Decisions and imports change a case only while it is open. */
export const isLocked = (status: CaseStatus): boolean => status !== 'open'
