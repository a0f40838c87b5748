import { useEffect, useState } from 'react'
import { usePick, useSigner } from '../../stores'
import { TextField } from '../../components/FormFields'

/** One list of the body's register: a small table under its column heads. */
function RegisterList({
  columns,
  children
}: {
  columns: readonly string[]
  children: React.ReactNode
}): React.JSX.Element {
  return (
    <table className="small register-list">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}

/**
 * The body's register for this case (README: The register): its URL, Push, Pull (the register's copy opened
 * here as a bundle is), Check out and Check in, the queued pushes when offline (sent in the background), and
 * the body's cases and certificates when online.
 */
export function RegisterPanel({ caseId }: { caseId: string }): React.JSX.Element {
  const {
    register,
    registerStatus: status,
    loadRegister: load,
    configureRegister: configure,
    pushCase: push,
    flushRegister: flush,
    holdCase: hold,
    pullCase: pull
  } = usePick(
    'register',
    'registerStatus',
    'loadRegister',
    'configureRegister',
    'pushCase',
    'flushRegister',
    'holdCase',
    'pullCase'
  )
  const signer = useSigner()
  // the typed URL until it is saved; the saved one otherwise
  const [draft, setDraft] = useState<string | null>(null)
  const url = draft ?? register?.settings.url ?? ''
  useEffect(() => {
    void load()
  }, [load])
  const here = register?.cases.find((c) => c.caseId === caseId) ?? null
  const queued = register?.settings.queued ?? []
  const busy = status === 'loading'
  const configured = !!register?.settings.url
  return (
    <section className="register-panel" aria-label="Register">
      <form
        className="flow-form"
        onSubmit={(e) => {
          e.preventDefault()
          void configure(url.trim() || null).then(() => setDraft(null))
        }}
      >
        <TextField
          label="Register URL"
          value={url}
          onValue={setDraft}
          placeholder="https://register.body.example"
          size={36}
        />
        <button type="submit">Save</button>
      </form>
      {configured && (
        <>
          <p className="small" role="status" data-testid="register-state">
            <span className={`badge ${register?.online ? 'st-accepted' : 'st-submitted'}`}>
              {register?.online ? 'online' : 'offline'}
            </span>{' '}
            {register?.message}{' '}
            {here
              ? `The register holds this case up to entry ${here.headSeq}; ${here.holder ? `checked out by ${here.holder}` : 'nobody holds it'}.`
              : register?.online
                ? 'The register does not hold this case yet.'
                : ''}
            {queued.length > 0 &&
              ` ${queued.length} push${queued.length === 1 ? '' : 'es'} queued (${queued.map((q) => q.caseId).join(', ')}).`}
          </p>
          <div className="flow-bar" role="group" aria-label="Register actions">
            <button disabled={busy || !signer} onClick={() => void push(caseId)}>
              Push
            </button>
            <button disabled={busy || !signer || !register?.online} onClick={() => void pull(caseId)}>
              Pull
            </button>
            {here?.holder && here.holder === signer?.name ? (
              <button disabled={busy} onClick={() => void hold(caseId, 'checkin')}>
                Check in
              </button>
            ) : (
              <button
                disabled={busy || !signer || !here || !!here.holder || !register?.online}
                onClick={() => void hold(caseId, 'checkout')}
              >
                Check out
              </button>
            )}
            {queued.length > 0 && (
              <button disabled={busy} onClick={() => void flush()}>
                Send queued
              </button>
            )}
            <button disabled={busy} onClick={() => void load()}>
              Refresh
            </button>
            {!signer && <span className="small dim">Open your key (Identity) to sign requests.</span>}
          </div>
          {register?.online && (
            <details>
              <summary className="small">
                The body&apos;s register: {register.cases.length} case(s), {register.certificates.length}{' '}
                certificate(s)
              </summary>
              <RegisterList columns={['Case', 'Head', 'Holder']}>
                {register.cases.map((c) => (
                  <tr key={c.caseId}>
                    <td className="mono">{c.caseId}</td>
                    <td>entry {c.headSeq}</td>
                    <td>{c.holder ?? '—'}</td>
                  </tr>
                ))}
              </RegisterList>
              <RegisterList columns={['Certificate', 'Outcome', 'Valid until']}>
                {register.certificates.length === 0 && (
                  <tr>
                    <td colSpan={3} className="dim">
                      No certificate is registered yet.
                    </td>
                  </tr>
                )}
                {register.certificates.map((c) => (
                  <tr key={c.verdictId}>
                    <td className="mono">{c.verdictId}</td>
                    <td>{c.outcomeName}</td>
                    <td>{c.revoked ? 'revoked' : c.validUntil}</td>
                  </tr>
                ))}
              </RegisterList>
            </details>
          )}
        </>
      )}
    </section>
  )
}
