import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '../../stores'
import type { DecisionKind } from '../../../../shared/domain/decisions'

const AUDITOR_KEY = 'aw-auditor'

/** Accept, reject or waive one criterion and subject. Ctrl+Enter records, Esc cancels. */
export function DecisionForm({
  criterion,
  subject,
  kind,
  onDone
}: {
  criterion: string
  subject: string
  kind: DecisionKind
  onDone: () => void
}): React.JSX.Element {
  const { selectedCaseId, recordDecision } = useAppStore()
  const [decision, setDecision] = useState<DecisionKind>(kind)
  const [comment, setComment] = useState('')
  const [auditor, setAuditor] = useState(() => localStorage.getItem(AUDITOR_KEY) ?? '')
  const [owner, setOwner] = useState('')
  const [expires, setExpires] = useState('')
  const first = useRef<HTMLTextAreaElement>(null)
  useEffect(() => first.current?.focus(), [])

  const submit = async (): Promise<void> => {
    if (!selectedCaseId) return
    localStorage.setItem(AUDITOR_KEY, auditor)
    const ok = await recordDecision({
      caseId: selectedCaseId,
      criterion,
      subject,
      decision,
      comment,
      auditor,
      ...(decision === 'waive' ? { waiverOwner: owner, waiverExpires: expires } : {})
    })
    if (ok) onDone()
  }

  return (
    <form
      className={`decision-form d-${decision}`}
      aria-label="Decision"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault()
          void submit()
        } else if (e.key === 'Escape') {
          e.preventDefault()
          e.stopPropagation()
          onDone()
        }
      }}
    >
      <div className="decision-kinds" role="radiogroup" aria-label="Decision">
        {(['accept', 'reject', 'waive'] as const).map((k) => (
          <label key={k} className={decision === k ? 'on' : ''}>
            <input
              type="radio"
              name="decision"
              value={k}
              checked={decision === k}
              onChange={() => setDecision(k)}
            />{' '}
            {k}
          </label>
        ))}
        <span className="dim small">
          {criterion}
          {subject ? ` · ${subject}` : ''}
        </span>
      </div>
      <label>
        Comment {decision !== 'accept' ? '(required)' : '(required over a major or blocker finding)'}
        <textarea
          ref={first}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={3}
          aria-label="Comment"
        />
      </label>
      {decision === 'waive' && (
        <div className="row">
          <label>
            Owner
            <input
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
              aria-label="Waiver owner"
              placeholder="who resolves it"
            />
          </label>
          <label>
            Expires
            <input
              type="date"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              aria-label="Waiver expires"
            />
          </label>
        </div>
      )}
      <div className="row">
        <label>
          Auditor
          <input
            value={auditor}
            onChange={(e) => setAuditor(e.target.value)}
            aria-label="Auditor"
            placeholder="your name"
          />
        </label>
        <button type="submit" className="primary">
          Record {decision} (Ctrl+Enter)
        </button>
        <button type="button" onClick={onDone}>
          Cancel (Esc)
        </button>
      </div>
    </form>
  )
}
