import { useState } from 'react'
import { useAppStore } from '../../stores'
import { call } from '../../api'
import { toBase64 } from '../../files'
import { useDropTarget } from '../../drop-target'
import type { VerdictCheck } from '../../../../shared/domain/verdict-types'

/** Drop a verdict PDF: its signature, its embedded verdict against the document, its audit head against the chain. */
export function VerifyView(): React.JSX.Element {
  const { showError } = useAppStore()
  const [check, setCheck] = useState<VerdictCheck | null>(null)
  const verify = async (file: File | undefined): Promise<void> => {
    if (!file) return
    try {
      setCheck(await call('verdict:verify', { name: file.name, base64: toBase64(await file.arrayBuffer()) }))
    } catch (error) {
      showError(error)
    }
  }
  const s = check?.signature
  const { over, handlers } = useDropTarget((files) => void verify(files[0]))
  return (
    <div className="verify" aria-label="Verify a verdict">
      <h2>Verify a verdict</h2>
      <div className={`dropzone ${over ? 'over' : ''}`} {...handlers}>
        Drop a verdict PDF here, or{' '}
        <label className="link">
          choose a file…
          <input
            type="file"
            accept="application/pdf,.pdf"
            hidden
            data-testid="verify-input"
            onChange={(e) => void verify(e.target.files?.[0])}
          />
        </label>
      </div>
      {check && s && (
        <section className={`panel verify-result ${check.ok ? 'ok' : 'no'}`} aria-label="Verification result">
          <h3 data-testid="verify-outcome">{check.ok ? 'Valid' : 'Not valid'}</h3>
          <table>
            <tbody>
              <tr>
                <th>File</th>
                <td>{check.file}</td>
              </tr>
              <tr>
                <th>Signature</th>
                <td>
                  {s.signed ? (s.valid ? 'valid' : 'invalid') : 'none'}
                  {s.subFilter && <span className="dim"> ({s.subFilter})</span>}
                  {s.signed &&
                    (s.coversWholeDocument ? ', covers the whole file' : ', does not cover the whole file')}
                </td>
              </tr>
              {s.signer && (
                <tr>
                  <th>Signer</th>
                  <td>
                    {s.signer.subject}
                    <div className="small dim">issued by {s.signer.issuer}</div>
                  </td>
                </tr>
              )}
              {s.signingTime && (
                <tr>
                  <th>Signed at</th>
                  <td>{s.signingTime}</td>
                </tr>
              )}
              <tr>
                <th>Verdict</th>
                <td>
                  {check.verdict.id ?? '—'}
                  {check.verdict.caseId && (
                    <div className="small dim">
                      case {check.verdict.caseId}, outcome {check.verdict.outcome}, decision date{' '}
                      {check.verdict.decisionDate}; the embedded JSON{' '}
                      {check.verdict.matches ? 'matches' : 'does not match'} the document
                    </div>
                  )}
                </td>
              </tr>
              <tr>
                <th>Audit log</th>
                <td>{check.audit.message}</td>
              </tr>
            </tbody>
          </table>
          {check.problems.length > 0 && (
            <ul className="problems">
              {check.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  )
}
