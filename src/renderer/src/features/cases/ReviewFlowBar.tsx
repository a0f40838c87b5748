import { useAppStore, usePick, useSigner } from '../../stores'
import { deskRows } from '../../stores/review.slice'
import { TextField } from '../../components/FormFields'
import { useStepForm } from '../../useStepForm'
import type { ReviewAction } from '../../../../shared/domain/review-flow'
import type { CaseStatus } from '../../../../shared/domain/types'
import type { CaseReview } from '../../../../shared/ipc/contract'

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

/** What is still open in a review: open blocker and major findings, and rows that wait for a decision. */
export function openWork(review: CaseReview | null): { blockers: number; majors: number; pending: number } {
  const open = (review?.findings ?? []).filter((f) => f.state === 'open')
  return {
    blockers: open.filter((f) => f.severity === 'blocker').length,
    majors: open.filter((f) => f.severity === 'major').length,
    pending: deskRows(review).filter((r) => !r.decision && (r.worst !== null || r.manual)).length
  }
}

function OpenSummary({ review }: { review: CaseReview | null }): React.JSX.Element {
  const w = openWork(review)
  const clear = w.blockers + w.majors + w.pending === 0
  return (
    <p className={`open-summary small ${clear ? 'clear' : ''}`} role="note" aria-label="Still open">
      {clear ? (
        'Nothing is open: every finding is decided.'
      ) : (
        <>
          Still open: <strong>{w.blockers}</strong> blocker{w.blockers === 1 ? '' : 's'},{' '}
          <strong>{w.majors}</strong> major finding{w.majors === 1 ? '' : 's'}, <strong>{w.pending}</strong>{' '}
          row{w.pending === 1 ? '' : 's'} pending a decision.
        </>
      )}
    </p>
  )
}

/** The four-eyes review of the case: its status, and the next step. */
export function ReviewFlowBar(): React.JSX.Element | null {
  const { detail, review, runReviewAction } = usePick('detail', 'review', 'runReviewAction')
  const handedOver = useAppStore((s) => s.holder?.handedOver ?? false)
  const signer = useSigner()
  const offered = detail && !handedOver ? ACTIONS[detail.case.status] : []
  const form = useStepForm(offered)
  if (!detail) return null
  const c = detail.case
  const action = form.open
  return (
    <div className={`flow-bar st-${c.status}`} role="group" aria-label="Four-eyes review">
      <span className={`badge st-${c.status}`} data-testid="case-status">
        {c.status}
      </span>
      <span className="small dim">
        {c.status === 'submitted' &&
          `submitted by ${c.submittedBy ?? '?'}; a second auditor accepts or returns it`}
        {c.status === 'accepted' &&
          `locked: submitted by ${c.submittedBy ?? '?'}, accepted by ${c.acceptedBy ?? '?'}`}
        {c.status === 'open' &&
          (handedOver ? 'handed over: nothing is recorded here' : 'decisions and imports are open')}
      </span>
      {offered.map((a) => (
        <button
          key={a}
          onClick={() => form.toggle(a)}
          className={action === a ? 'on' : ''}
          aria-expanded={action === a}
        >
          {LABEL[a]}
        </button>
      ))}
      {action && (
        <form
          className="flow-form"
          aria-label={LABEL[action]}
          onSubmit={(e) => {
            e.preventDefault()
            form.submit(runReviewAction)
          }}
        >
          {(action === 'submit' || action === 'accept') && <OpenSummary review={review} />}
          <span className="small" data-testid="review-signer">
            {signer ? `signed by ${signer.name}` : 'no auditor key open'}
          </span>
          {(action === 'return' || action === 'reopen') && (
            <TextField
              label="Review comment"
              value={form.text}
              onValue={form.setText}
              placeholder="why"
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
