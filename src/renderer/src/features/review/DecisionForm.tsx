import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '../../stores'
import type { DecisionKind } from '../../../../shared/domain/decisions'
import { CiteDocuments, claimDocumentHashes } from '../documents/ClaimDocuments'

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
  const signer = useAppStore((s) => s.identity?.current ?? null)
  const [decision, setDecision] = useState<DecisionKind>(kind)
  const [comment, setComment] = useState('')
  const [owner, setOwner] = useState('')
  const [expires, setExpires] = useState('')
  const [documents, setDocuments] = useState<readonly string[]>(() => claimDocumentHashes(criterion, subject))
  const first = useRef<HTMLTextAreaElement>(null)
  useEffect(() => first.current?.focus(), [])

  const submit = async (): Promise<void> => {
    if (!selectedCaseId) return
    const ok = await recordDecision({
      caseId: selectedCaseId,
      criterion,
      subject,
      decision,
      comment,
      ...(decision === 'accept' && documents.length ? { documents } : {}),
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
      {decision === 'accept' && <CiteDocuments value={documents} onChange={setDocuments} />}
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
        <span className="small" data-testid="decision-signer">
          {signer ? `signed by ${signer.name}` : 'no auditor key open: open yours (top bar) to sign'}
        </span>
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
