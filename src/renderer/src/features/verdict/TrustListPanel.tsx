import { useEffect, useState } from 'react'
import { usePick } from '../../stores'
import { FileLink } from '../../components/FormFields'

/**
 * The trust list of assessment bodies (trusted-bodies.pem beside the workspace): which CA or signer
 * certificates make a verdict VALID rather than UNTRUSTED. Add a body's certificate as PEM; remove an entry.
 */
export function TrustListPanel({ onChange }: { onChange?: () => void }): React.JSX.Element {
  const {
    trustList: list,
    loadTrustList,
    addTrust,
    removeTrust
  } = usePick('trustList', 'loadTrustList', 'addTrust', 'removeTrust')
  const [pem, setPem] = useState('')
  useEffect(() => {
    void loadTrustList()
  }, [loadTrustList])
  const run = async (changed: Promise<boolean>): Promise<void> => {
    if (!(await changed)) return
    setPem('')
    onChange?.()
  }
  const readFile = async (file: File): Promise<void> => setPem(await file.text())
  return (
    <section className="panel trust-list" aria-label="Trust list of assessment bodies">
      <h3>Trusted assessment bodies</h3>
      <p className="small dim">
        A verdict is VALID only when its signer&apos;s certificate chains to one of these certificates. The
        list is the file <code>{list?.path || '(none: an in-memory workspace)'}</code>; the CLI uses it too
        (or <code>--trust FILE</code>, or <code>AUDITOR_WORKBENCH_TRUSTED_BODIES</code>). Compare each
        fingerprint with the one the body publishes before you add it.
      </p>
      {list && list.entries.length === 0 && (
        <p className="dim">The list is empty: every verdict is UNTRUSTED.</p>
      )}
      {list && list.entries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Subject</th>
              <th>SHA-256 fingerprint</th>
              <th>Valid until</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.entries.map((e) => (
              <tr key={e.fingerprint} data-testid="trust-entry">
                <td>
                  {e.subject}
                  <div className="small dim">
                    {e.ca ? 'CA' : 'signer'}, issued by {e.issuer}
                  </div>
                </td>
                <td className="mono small fingerprint">{e.fingerprint}</td>
                <td>{e.notAfter.slice(0, 10)}</td>
                <td>
                  <button
                    onClick={() => void run(removeTrust(e.fingerprint))}
                    aria-label={`Remove ${e.subject}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="trust-add">
        <label>
          Add a body&apos;s certificate (PEM)
          <textarea
            value={pem}
            onChange={(e) => setPem(e.target.value)}
            rows={4}
            placeholder="-----BEGIN CERTIFICATE-----"
            data-testid="trust-pem"
          />
        </label>
        <div className="row">
          <FileLink
            label="or choose a .pem file…"
            accept=".pem,.crt,.cer,application/x-pem-file"
            data-testid="trust-file"
            onFile={(f) => void readFile(f)}
          />
          <button className="primary" disabled={!pem.trim()} onClick={() => void run(addTrust(pem))}>
            Add to the trust list
          </button>
        </div>
      </div>
    </section>
  )
}
