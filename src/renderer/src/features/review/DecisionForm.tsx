import { useEffect, useRef, useState } from 'react'
import { useAppStore, usePick, useSigner } from '../../stores'
import { rowLabel } from '../../stores/review.slice'
import {
  checkDecisionFields,
  type DecisionField,
  type DecisionKind
} from '../../../../shared/domain/decisions'
import type { ReviewFinding, ReviewRow } from '../../../../shared/ipc/contract'
import { CiteDocuments, claimDocumentHashes } from '../documents/ClaimDocuments'

/** A field's label, its control, and its problem in plain words right under it. */
function Field({
  id,
  label,
  error,
  children
}: {
  id: string
  label: string
  error: string | undefined
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode
}): React.JSX.Element {
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, ...(error ? { 'aria-describedby': `${id}-error` } : {}) })}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error[0]!.toUpperCase() + error.slice(1)}.
        </span>
      )}
    </div>
  )
}

/** Accept, reject or waive one row (a criterion and subject, or a subject's case-level findings). */
export function DecisionForm({
  row,
  findings,
  kind,
  onDone
}: {
  row: ReviewRow
  findings: readonly ReviewFinding[]
  kind: DecisionKind
  onDone: () => void
}): React.JSX.Element {
  const { selectedCaseId: caseId, recordDecision } = usePick('selectedCaseId', 'recordDecision')
  const today = useAppStore((s) => s.review?.decisionDate ?? '')
  const signer = useSigner()
  const [decision, setDecision] = useState<DecisionKind>(kind)
  const [comment, setComment] = useState('')
  const [owner, setOwner] = useState('')
  const [expires, setExpires] = useState('')
  const [documents, setDocuments] = useState<readonly string[]>(() =>
    claimDocumentHashes(row.criterion, row.subject)
  )
  const [errors, setErrors] = useState<Partial<Record<DecisionField, string>>>({})
  const [busy, setBusy] = useState(false)
  const first = useRef<HTMLTextAreaElement>(null)
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => first.current?.focus(), [])

  const submit = async (): Promise<void> => {
    if (!caseId || busy) return
    const input = {
      caseId,
      criterion: row.criterion,
      subject: row.subject,
      decision,
      comment,
      ...(decision === 'accept' && documents.length ? { documents } : {}),
      ...(decision === 'waive' ? { waiverOwner: owner, waiverExpires: expires } : {})
    }
    // the same rules main applies, checked here first so each problem sits next to its field
    // the auditor is the holder of the open key: the same rules, with the signer's name
    const problems = checkDecisionFields(
      { ...input, auditor: signer?.name ?? '' },
      findings.filter((f) => f.state === 'open'),
      today
    )
    const byField: Partial<Record<DecisionField, string>> = {}
    for (const p of problems) byField[p.field] ??= p.message
    setErrors(byField)
    if (problems.length > 0) {
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    setBusy(true)
    const ok = await recordDecision(input)
    setBusy(false)
    if (ok) onDone()
  }

  return (
    <form
      ref={form}
      className={`decision-form d-${decision}`}
      aria-label="Decision"
      noValidate
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
        <span className="small">
          on <strong className="mono">{rowLabel(row.criterion, row.subject)}</strong>
          {!row.criterion && ` (${findings.length} case-level finding${findings.length === 1 ? '' : 's'})`}
        </span>
      </div>
      <Field
        id="decision-comment"
        label={`Comment ${decision !== 'accept' ? '(required)' : '(required over a major or blocker finding)'}`}
        error={errors.comment}
      >
        {(p) => (
          <textarea
            ref={first}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={2}
            {...p}
          />
        )}
      </Field>
      {decision === 'accept' && <CiteDocuments value={documents} onChange={setDocuments} />}
      {decision === 'waive' && (
        <div className="row">
          <Field id="decision-owner" label="Waiver owner" error={errors.waiverOwner}>
            {(p) => (
              <input
                value={owner}
                onChange={(e) => setOwner(e.target.value)}
                placeholder="who resolves it"
                {...p}
              />
            )}
          </Field>
          <Field id="decision-expires" label="Waiver expires (YYYY-MM-DD)" error={errors.waiverExpires}>
            {(p) => (
              <input
                value={expires}
                onChange={(e) => setExpires(e.target.value.trim())}
                placeholder="YYYY-MM-DD"
                inputMode="numeric"
                maxLength={10}
                pattern="\d{4}-\d{2}-\d{2}"
                {...p}
              />
            )}
          </Field>
        </div>
      )}
      <div className="row">
        <span
          className={`small ${errors.auditor ? 'field-error' : ''}`}
          data-testid="decision-signer"
          role={errors.auditor ? 'alert' : undefined}
        >
          {signer
            ? `signed by ${signer.name}`
            : 'No auditor key is open: open yours (top bar) to sign the decision.'}
        </span>
        <button type="submit" className="primary" disabled={busy}>
          Record {decision} (Ctrl+Enter)
        </button>
        <button type="button" onClick={onDone}>
          Cancel (Esc)
        </button>
      </div>
    </form>
  )
}
