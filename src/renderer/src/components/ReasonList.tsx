import { usePick } from '../stores'
import { deskRows, rowKey, rowLabel } from '../stores/review.slice'
import { criterionOfReason } from '../format'

/** Reasons, one per line; a reason about a criterion of the open case links to that criterion's review row. */
export function ReasonList({
  items,
  label,
  limit = 200
}: {
  items: readonly string[]
  label: string
  limit?: number
}): React.JSX.Element {
  const { review, selectedCaseId: caseId, selectCase } = usePick('review', 'selectedCaseId', 'selectCase')
  const known = new Set(deskRows(review).map((r) => rowKey(r.criterion, r.subject)))
  return (
    <ul className="reasons" aria-label={label}>
      {items.slice(0, limit).map((line, i) => {
        const c = criterionOfReason(line)
        const key = c ? rowKey(c.criterion, c.subject) : ''
        return (
          <li key={i}>
            {c && caseId && known.has(key) ? (
              <>
                <button
                  className="link mono"
                  onClick={() => void selectCase(caseId, { tab: 'review', rowKey: key })}
                  title="Open this criterion in the review"
                >
                  {rowLabel(c.criterion, c.subject)}
                </button>
                : {c.rest}
              </>
            ) : (
              line
            )}
          </li>
        )
      })}
      {items.length > limit && <li className="dim">… and {items.length - limit} more</li>}
    </ul>
  )
}
