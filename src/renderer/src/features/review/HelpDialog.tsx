import { useRef } from 'react'
import { Dialog } from '../../components/Dialog'

const KEYS: readonly [string, string][] = [
  ['j  or  ↓', 'next open finding (in the criteria list: next row)'],
  ['k  or  ↑', 'previous open finding (in the criteria list: previous row)'],
  ['Enter', 'show the current finding’s message'],
  ['a  r  w', 'accept, reject or waive what the queue bar shows (Ctrl+Enter records)'],
  ['/', 'search'],
  ['Esc', 'close this help, leave a field, cancel a decision'],
  ['?', 'show these keys']
]

/** The keys of the desk, as a modal dialog that takes the focus and gives it back when closed. */
export function HelpDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const close = useRef<HTMLButtonElement>(null)
  return (
    <Dialog
      backdropClassName="help-overlay"
      className="panel"
      labelledBy="help-title"
      initialFocus={close}
      closeKeys={['Escape', '?']}
      onClose={onClose}
    >
      <h3 id="help-title">Keyboard shortcuts</h3>
      <dl>
        {KEYS.map(([k, what]) => (
          <div key={k}>
            <dt className="mono">{k}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button ref={close} onClick={onClose}>
        Close (Esc)
      </button>
    </Dialog>
  )
}
