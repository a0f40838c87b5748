import { useRef } from 'react'
import { useAppStore } from '../../stores'
import { useDropTarget } from '../../drop-target'
import type { ImportReceipt } from '../../../../shared/domain/types'

function Receipt({ r }: { r: ImportReceipt }): React.JSX.Element {
  return (
    <li className="receipt" data-testid="receipt">
      <div className="receipt-title">
        <strong>{r.file}</strong> <span className="badge kind">{r.kind}</span>{' '}
        {r.alreadyImported && <span className="badge info">already imported</span>}
      </div>
      <dl>
        <dt>Scope</dt>
        <dd>{r.scheme ? `${r.scheme.name} (${r.scheme.id})` : '—'}</dd>
        <dt>Subjects</dt>
        <dd>{r.subjects.join(', ') || '—'}</dd>
        <dt>Testcases</dt>
        <dd>
          {r.counts.accepted} accepted · {r.counts.unknown} unknown · {r.counts.missing} missing ·{' '}
          {r.counts.duplicate} duplicate
        </dd>
        <dt>Signature</dt>
        <dd className={r.signature === 'valid' || r.signature === 'unsigned' ? '' : 'stale'}>
          {r.signature}
          {r.signer ? ` (${r.signer})` : ''}
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono small">{r.sha256}</dd>
        {r.missingTestcases.length > 0 && (
          <>
            <dt>Missing</dt>
            <dd className="mono small">{r.missingTestcases.join(', ')}</dd>
          </>
        )}
        {[...r.versionMismatches, ...r.notes].map((n, i) => (
          <FragmentNote key={i} text={n} mismatch={i < r.versionMismatches.length} />
        ))}
      </dl>
    </li>
  )
}

function FragmentNote({ text, mismatch }: { text: string; mismatch: boolean }): React.JSX.Element {
  return (
    <>
      <dt>{mismatch ? 'Mismatch' : 'Note'}</dt>
      <dd>{text}</dd>
    </>
  )
}

export function ImportPanel(): React.JSX.Element {
  const { importing, importProgress, importLabel, receipts, rejections, importFiles } = useAppStore()
  const input = useRef<HTMLInputElement>(null)
  const { over, handlers } = useDropTarget((files) => void importFiles(files))
  return (
    <section className="panel">
      <div className={`dropzone ${over ? 'over' : ''}`} data-testid="dropzone" {...handlers}>
        <p>
          Drop reports (with their .sig), self-assessments, questionnaires, RefStack, JUnit or scope files
          here, or{' '}
          <button className="link" onClick={() => input.current?.click()} disabled={importing}>
            choose files…
          </button>
        </p>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          accept=".yaml,.yml,.json,.xml,.xlsx,.sig"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])]
            e.target.value = ''
            void importFiles(files)
          }}
        />
        {(importing || importProgress > 0) && (
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(importProgress * 100)}
            aria-label="Import progress"
          >
            <div className="bar" style={{ width: `${Math.round(importProgress * 100)}%` }} />
            <span>{importLabel}</span>
          </div>
        )}
      </div>
      {rejections.length > 0 && (
        <ul className="rejections">
          {rejections.map((r, i) => (
            <li key={i} className="rejection" role="alert">
              <strong>{r.file}</strong> was rejected; nothing was stored.
              <div>
                <span className="dim">Where:</span> {r.error.details?.place ?? '—'} ·{' '}
                <span className="dim">Why:</span> {r.error.details?.reason ?? r.error.message}
              </div>
            </li>
          ))}
        </ul>
      )}
      {receipts.length > 0 && (
        <details className="receipts-box" open={receipts.length <= 2}>
          <summary>
            {receipts.length} import receipt{receipts.length > 1 ? 's' : ''}:{' '}
            {receipts.map((r) => r.file).join(', ')}
          </summary>
          <ul className="receipts" aria-label="Import receipts">
            {receipts.map((r) => (
              <Receipt key={r.sha256 + r.file} r={r} />
            ))}
          </ul>
        </details>
      )}
    </section>
  )
}
