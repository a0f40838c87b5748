import { useState } from 'react'
import { useAppStore } from '../../stores'
import type { ReviewAction } from '../../../../shared/domain/review-flow'
import type { CaseStatus } from '../../../../shared/domain/types'

const ACTIONS: Record<CaseStatus, readonly ReviewAction[]> = {
  open: ['submit'],
  submitted: ['accept', 'return'],
  accepted: ['reopen']
}
const LABEL: Record<ReviewAction, string> = {
  submit: 'Submit for review',
  accept: 'Accept (second auditor)',
  return: 'Return with comments',
  reopen: 'Reopen'
}

/** The four-eyes review of the case: its status, and the next step. */
export function ReviewFlowBar(): React.JSX.Element | null {
  const { detail, runReviewAction } = useAppStore()
  const signer = useAppStore((s) => s.identity?.current ?? null)
  const [action, setAction] = useState<ReviewAction | null>(null)
  const [comment, setComment] = useState('')
  if (!detail) return null
  const c = detail.case
  return (
    <div className={`flow-bar st-${c.status}`} aria-label="Four-eyes review">
      <span className={`badge st-${c.status}`} data-testid="case-status">
        {c.status}
      </span>
      <span className="small dim">
        {c.status === 'submitted' &&
          `submitted by ${c.submittedBy ?? '?'}; a second auditor accepts or returns it`}
        {c.status === 'accepted' &&
          `locked: submitted by ${c.submittedBy ?? '?'}, accepted by ${c.acceptedBy ?? '?'}`}
        {c.status === 'open' && 'decisions and imports are open'}
      </span>
      {ACTIONS[c.status].map((a) => (
        <button key={a} onClick={() => setAction(a)} className={action === a ? 'on' : ''}>
          {LABEL[a]}
        </button>
      ))}
      {action && (
        <form
          className="flow-form"
          onSubmit={(e) => {
            e.preventDefault()
            void runReviewAction(action, comment).then((ok) => ok && (setAction(null), setComment('')))
          }}
        >
          <span className="small" data-testid="review-signer">
            {signer ? `signed by ${signer.name}` : 'no auditor key open'}
          </span>
          {(action === 'return' || action === 'reopen') && (
            <input
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder="why"
              aria-label="Review comment"
              required
            />
          )}
          <button type="submit" className="primary">
            {LABEL[action]}
          </button>
        </form>
      )}
    </div>
  )
}
