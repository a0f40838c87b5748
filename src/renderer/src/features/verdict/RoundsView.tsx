import { useEffect, useState } from 'react'
import { useAppStore } from '../../stores'
import { call } from '../../api'
import type { RoundDiff } from '../../../../shared/domain/rounds'

/** A renewal: what changed per criterion since the earlier round, and carrying unchanged acceptances forward. */
export function RoundsView({ caseId }: { caseId: string }): React.JSX.Element {
  const { showError, loadReview, review } = useAppStore()
  const [diff, setDiff] = useState<RoundDiff | null>(null)
  const [message, setMessage] = useState('')
  useEffect(() => {
    call('cases:roundDiff', caseId).then(setDiff, showError)
  }, [caseId, review, showError])
  if (!diff) return <p className="loading">Comparing rounds…</p>
  const changed = diff.rows.filter((r) => !r.unchanged)
  const carry = diff.rows.filter((r) => r.unchanged && r.previousDecision?.decision === 'accept')
  return (
    <section className="panel" aria-label="Changes since the earlier round">
      <div className="panel-head">
        <h3>
          Round {diff.round} against round {diff.round - 1} ({diff.previousCaseId}): {diff.counts.changed}{' '}
          changed, {diff.counts.unchanged} unchanged
        </h3>
      </div>
      <form
        className="carry"
        onSubmit={(e) => {
          e.preventDefault()
          call('cases:carryForward', caseId).then((list) => {
            setMessage(`Carried forward ${list.length} accepted decision(s).`)
            void loadReview()
          }, showError)
        }}
      >
        <span>{carry.length} accepted decision(s) of the earlier round concern unchanged criteria.</span>
        <button type="submit">Carry them forward</button>
        {message && <span role="status">{message}</span>}
      </form>
      <table className="round-diff">
        <thead>
          <tr>
            <th>Criterion / subject</th>
            <th>What changed</th>
            <th>Earlier decision</th>
          </tr>
        </thead>
        <tbody>
          {changed.map((r) => (
            <tr key={`${r.criterion}\u0000${r.subject}`} data-testid="round-change">
              <td className="mono">
                {r.criterion}
                {r.subject && <span className="dim"> / {r.subject}</span>}
              </td>
              <td>
                <ul>
                  {r.changes.map((c, i) => (
                    <li key={i}>
                      <strong>{c.kind}</strong>: <del>{c.before || '—'}</del> → <ins>{c.after || '—'}</ins>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                {r.previousDecision ? `${r.previousDecision.decision} (${r.previousDecision.auditor})` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
