import { usePick } from '../stores'
import { ReasonList } from './ReasonList'

/** The one message line under the top bar: an error (alert) or a success (status), until the next action. */
export function NoticeBar(): React.JSX.Element | null {
  const { notice, dismissNotice } = usePick('notice', 'dismissNotice')
  if (!notice) return null
  return (
    <div
      className={`banner ${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <div className="banner-text">
        <span>
          {notice.text}
          {notice.items.length > 0 && ` (${notice.items.length} reasons)`}
        </span>
        {notice.items.length > 0 && <ReasonList items={notice.items} label="Reasons" />}
      </div>
      <button onClick={dismissNotice} aria-label="Dismiss">
        ×
      </button>
    </div>
  )
}
