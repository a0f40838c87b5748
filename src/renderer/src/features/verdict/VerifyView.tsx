import { useState } from 'react'
import { usePick } from '../../stores'
import { FileLink } from '../../components/FormFields'
import { useDropTarget } from '../../drop-target'
import { formatDate, formatDateTime, outcomeName } from '../../format'
import type { VerdictCheck } from '../../../../shared/domain/verdict-types'
import { TrustListPanel } from './TrustListPanel'

const HEADLINE: Record<VerdictCheck['outcome'], string> = {
  VALID: 'VALID — a certificate of a trusted assessment body',
  UNTRUSTED: 'UNTRUSTED — the signature is sound, but its signer is not in your trust list',
  INVALID: 'INVALID — do not rely on this file'
}

/**
 * Drop a verdict PDF: VALID, UNTRUSTED or INVALID with the reason, as the CLI says it; every signature; the
 * embedded verdict against the document; the audit head against the chain. Below: the trust list.
 */
export function VerifyView(): React.JSX.Element {
  const { verifyCheck: check, verifyPdf } = usePick('verifyCheck', 'verifyPdf')
  const [last, setLast] = useState<File | null>(null)
  const verify = async (file: File | undefined | null): Promise<void> => {
    if (!file) return
    setLast(file)
    await verifyPdf(file)
  }
  const s = check?.signature
  // without a signature timestamp, the trusted document timestamp that the signer was judged at, if any
  const proof =
    s?.trust?.timeSource === 'timestamp'
      ? check?.signatures.find(
          (x) =>
            x.kind === 'document-timestamp' &&
            x.timestamp?.ok &&
            x.timestamp.trusted &&
            x.timestamp.time === s.trust?.checkedAt
        )
      : undefined
  const { over, handlers } = useDropTarget((files) => void verify(files[0]))
  return (
    <div className="verify" aria-label="Verify a verdict">
      <h2>Verify a verdict</h2>
      <div className={`dropzone ${over ? 'over' : ''}`} {...handlers}>
        Drop a verdict PDF here, or{' '}
        <FileLink
          label="choose a file…"
          accept="application/pdf,.pdf"
          data-testid="verify-input"
          onFile={(f) => void verify(f)}
        />
      </div>
      {check && s && (
        <section
          className={`panel verify-result ${check.outcome.toLowerCase()}`}
          aria-label="Verification result"
        >
          <h3>
            <span data-testid="verify-outcome">{check.outcome}</span>
            <span className="outcome-text"> {HEADLINE[check.outcome].replace(/^\w+ /, '')}</span>
          </h3>
          <p className="reason" data-testid="verify-reason">
            {check.reason}
          </p>
          {check.outcome === 'UNTRUSTED' && (
            <p className="hint">
              If you know this body, ask it for its CA certificate, compare the SHA-256 fingerprint it
              publishes, and add the certificate to the trust list below; then verify again.
            </p>
          )}
          <table>
            <tbody>
              <tr>
                <th>File</th>
                <td>{check.file}</td>
              </tr>
              <tr>
                <th>Signer fingerprint</th>
                <td className="mono small">{check.fingerprint ? `SHA-256 ${check.fingerprint}` : '—'}</td>
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
              {s.trust && (
                <tr>
                  <th>Trust</th>
                  <td>
                    {s.trust.chained
                      ? `chains to ${s.trust.path.at(-1) ?? ''}`
                      : 'does not chain to any body in the trust list'}
                    <div className="small dim">
                      judged at {formatDateTime(s.trust.checkedAt)} ({s.trust.timeSource}); trust list{' '}
                      {check.trustList.source}, {check.trustList.entries} certificate(s)
                    </div>
                  </td>
                </tr>
              )}
              {s.signingTime && (
                <tr>
                  <th>Signed at</th>
                  <td>
                    {formatDateTime(s.signingTime)}
                    <span className="small dim">
                      {s.timestamp?.ok && s.timestamp.trusted
                        ? ` — timestamped ${formatDateTime(s.timestamp.time)} by ${s.timestamp.tsa ?? ''}`
                        : proof
                          ? ` (claimed by the signer); a document timestamp by ${proof.timestamp?.tsa ?? ''} proves that the signature existed at ${formatDateTime(proof.timestamp?.time ?? null)}`
                          : ' (claimed by the signer; no trusted timestamp)'}
                    </span>
                  </td>
                </tr>
              )}
              <tr>
                <th>Signatures</th>
                <td>
                  <ol className="signatures">
                    {check.signatures.map((x, i) => (
                      <li key={i}>
                        {x.kind === 'signature' ? 'Signature' : 'Document timestamp'} “{x.field}”
                        {x.signer && ` by ${x.signer.commonName}`}: {x.valid ? 'valid' : 'invalid'},{' '}
                        {x.coversWholeDocument
                          ? 'covers the whole file'
                          : x.modifiedAfter
                            ? 'the file was changed after it'
                            : 'only document timestamps follow it'}
                      </li>
                    ))}
                    {check.signatures.length === 0 && <li>none</li>}
                  </ol>
                </td>
              </tr>
              <tr>
                <th>Verdict</th>
                <td>
                  {check.verdict.id ?? '—'}
                  {check.verdict.caseId && (
                    <div className="small dim">
                      case {check.verdict.caseId}, outcome {outcomeName(check.verdict.outcome ?? '')},
                      decision date {formatDate(check.verdict.decisionDate)}
                      {check.verdict.validUntil && (
                        <>
                          , valid until {formatDate(check.verdict.validUntil)}
                          {check.verdict.lapsed && (
                            <strong data-testid="verify-lapsed">
                              {' '}
                              (lapsed: no longer a current certificate)
                            </strong>
                          )}
                        </>
                      )}
                      ; the embedded JSON {check.verdict.matches ? 'matches' : 'does not match'} the document
                    </div>
                  )}
                </td>
              </tr>
              <tr>
                <th>Audit log</th>
                <td>
                  {check.audit.message}
                  {check.audit.note && <div className="small dim">Note: {check.audit.note}</div>}
                </td>
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
      <TrustListPanel onChange={() => void verify(last)} />
    </div>
  )
}
