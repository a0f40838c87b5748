import { FileLink } from '../../components/FormFields'
import { useAppStore, usePick } from '../../stores'
import { useDropTarget } from '../../drop-target'
import { isBundleFile } from '../../stores/bundle.slice'
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
  const {
    importing,
    importProgress,
    importLabel,
    importSummary,
    receipts,
    rejections,
    importFiles,
    openBundle
  } = usePick(
    'importing',
    'importProgress',
    'importLabel',
    'importSummary',
    'receipts',
    'rejections',
    'importFiles',
    'openBundle'
  )
  const fileCount = useAppStore((s) => s.detail?.files.length ?? 0)
  // a case bundle dropped here is opened as a bundle, not imported as evidence
  const { over, handlers } = useDropTarget((files) => {
    files.filter(isBundleFile).forEach((f) => void openBundle(f))
    const rest = files.filter((f) => !isBundleFile(f))
    if (rest.length) void importFiles(rest)
  })
  // once the case has files, the import area is one line; the full drop zone is for an empty case
  const compact = fileCount > 0 || importing || importSummary !== null
  const refused = (importSummary?.refused ?? 0) > 0
  return (
    <section className={`panel import ${compact ? 'compact' : ''}`} aria-label="Import">
      <div className={`dropzone ${over ? 'over' : ''}`} data-testid="dropzone" {...handlers}>
        <p>
          {compact
            ? 'Drop more files here'
            : 'Drop reports (with their .sig), self-assessments, questionnaires, RefStack, JUnit or scope files here'}
          , or{' '}
          <FileLink
            label="choose files…"
            multiple
            disabled={importing}
            data-testid="file-input"
            accept=".yaml,.yml,.json,.xml,.xlsx,.sig"
            onFiles={(files) => void importFiles(files)}
          />
          {compact && !importing && importSummary === null && (
            <span className="dim"> · {fileCount} file(s) imported (Evidence tab)</span>
          )}
        </p>
        {(importing || importSummary !== null) && (
          <div
            className={`progress ${refused ? 'refused' : importSummary ? 'stored' : ''}`}
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(importProgress * 100)}
            aria-valuetext={importLabel}
            aria-label="Import progress"
          >
            <div className="bar" style={{ width: `${Math.round(importProgress * 100)}%` }} />
            <span data-testid="import-summary">{importLabel}</span>
          </div>
        )}
      </div>
      {rejections.length > 0 && (
        <details className="rejections-box" open>
          <summary>
            {rejections.length} file{rejections.length > 1 ? 's' : ''} refused; nothing of{' '}
            {rejections.length > 1 ? 'them' : 'it'} was stored
          </summary>
          <div role="alert">
            <ul className="rejections">
              {rejections.map((r, i) => (
                <li key={i} className="rejection">
                  <strong>{r.file}</strong> refused, nothing stored:{' '}
                  {r.error.details?.reason ?? r.error.message}
                  {r.error.details?.place && !r.error.details.place.startsWith('(') && (
                    <span className="dim"> (at {r.error.details.place})</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}
      {receipts.length > 0 && (
        <details className="receipts-box" open={receipts.length === 1 && rejections.length === 0}>
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
