import { useEffect } from 'react'
import { usePick } from '../../stores'

/** A renewal: what changed per criterion since the earlier round, and carrying unchanged acceptances forward. */
export function RoundsView(): React.JSX.Element {
  const {
    roundDiff: diff,
    loadRoundDiff,
    carryForward,
    review
  } = usePick('roundDiff', 'loadRoundDiff', 'carryForward', 'review')
  useEffect(() => {
    void loadRoundDiff()
  }, [review, loadRoundDiff])
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
          void carryForward()
        }}
      >
        <span>{carry.length} accepted decision(s) of the earlier round concern unchanged criteria.</span>
        <button type="submit">Carry them forward</button>
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
