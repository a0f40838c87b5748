import { usePick, useSigner } from '../../stores'
import { formatDateTime } from '../../format'
import { TextField } from '../../components/FormFields'
import { useStepForm } from '../../useStepForm'

/**
 * Who holds the case (issue 15): held here or handed over, the newest head of its log (which act, by whom,
 * when), the last bundle received (from whom, exported and opened when), and the hand-over and take-back.
 */
export function HolderBar(): React.JSX.Element | null {
  const { holder, handOver, takeBack } = usePick('holder', 'handOver', 'takeBack')
  const signer = useSigner()
  const step = useStepForm<'hand-over' | 'take-back'>(
    !holder ? [] : holder.handedOver ? ['take-back'] : ['hand-over']
  )
  if (!holder) return null
  const form = step.open
  const h = holder.head
  const r = holder.received
  // "the other side has acted since": the newest head is not the one the last bundle brought
  const actedHere = r && h && h.caseSeq > r.caseSeq
  return (
    <div
      className={`holder-bar ${holder.handedOver ? 'handed-over' : ''}`}
      role="group"
      aria-label="Holder of the case"
      data-testid="holder-bar"
    >
      <span className={`badge ${holder.handedOver ? 's-warn' : 'info'}`} data-testid="holder-state">
        {holder.handedOver ? 'handed over' : 'held here'}
      </span>
      <span className="small">
        {holder.handedOver && h
          ? `handed over by ${h.actor} on ${formatDateTime(h.at)}: read-only here until its bundle comes back`
          : h
            ? `newest head: entry ${h.caseSeq}, ${h.action} by ${h.actor}, ${formatDateTime(h.at)}`
            : ''}
        {r && (
          <>
            {' · '}
            last bundle from <strong>{r.from}</strong> (exported {formatDateTime(r.exportedAt)}, opened{' '}
            {formatDateTime(r.importedAt)}, up to entry {r.caseSeq})
            {actedHere ? ` · ${h!.caseSeq - r.caseSeq} act(s) here since` : ''}
          </>
        )}
      </span>
      {holder.handedOver ? (
        <button onClick={() => step.toggle('take-back')} aria-expanded={form === 'take-back'}>
          Take back…
        </button>
      ) : (
        <button onClick={() => step.toggle('hand-over')} aria-expanded={form === 'hand-over'}>
          Hand over…
        </button>
      )}
      {form && (
        <form
          className="flow-form"
          aria-label={form === 'hand-over' ? 'Hand over' : 'Take back'}
          onSubmit={(e) => {
            e.preventDefault()
            step.submit((s, text) => (s === 'hand-over' ? handOver(text) : takeBack(text)))
          }}
        >
          <span className="small">
            {form === 'hand-over'
              ? 'Writes the case bundle (.awcase), signed by your key; the case is then read-only here.'
              : 'Acts are recorded here again; when the bundle comes back, it is refused as a divergence.'}{' '}
            {signer ? `Signed by ${signer.name}.` : 'No auditor key is open.'}
          </span>
          <TextField
            label={form === 'hand-over' ? 'Note for the reviewer' : 'Reason'}
            value={step.text}
            onValue={step.setText}
            placeholder={form === 'hand-over' ? 'optional' : 'why'}
            required={form === 'take-back'}
          />
          <button type="submit" className="primary">
            {form === 'hand-over' ? 'Hand over' : 'Take back'}
          </button>
        </form>
      )}
    </div>
  )
}
