import { useEffect } from 'react'
import { FileLink } from '../../components/FormFields'
import { useAppStore, usePick } from '../../stores'
import { useDropTarget } from '../../drop-target'
import { documentsOf, resolveEvidenceRef, type EvidenceDocument } from '../../../../shared/domain/documents'
import type { CriterionRow } from '../../../../shared/domain/reconcile'
import type { Decision } from '../../../../shared/domain/decisions'
import { DocumentPreview } from './DocumentPreview'
import { formatSize } from './format'

function DocumentButton({ d, cited }: { d: EvidenceDocument; cited: boolean }): React.JSX.Element {
  const openPreview = useAppStore((s) => s.openPreview)
  return (
    <li>
      <button type="button" className="link" onClick={() => void openPreview(d)} title={`sha256 ${d.sha256}`}>
        {d.name}
      </button>{' '}
      <span className="dim small">
        {d.mediaType.split('/')[1]?.replace(/^vnd\..*\./, '')} · {formatSize(d.size)}
      </span>
      {cited && <span className="badge info">cited</span>}
    </li>
  )
}

/**
 * The claim column's documents: those the self-assessment's `attachment:` links resolve to and those the
 * decision cites; then every document of the case, a button and a drop zone to add more.
 */
export function ClaimDocuments({
  row
}: {
  row: CriterionRow & { decision?: Decision | null }
}): React.JSX.Element {
  const { selectedCaseId, review, documents, loadDocuments, attachDocuments, documentRefusals } = usePick(
    'selectedCaseId',
    'review',
    'documents',
    'loadDocuments',
    'attachDocuments',
    'documentRefusals'
  )
  const drop = useDropTarget((files) => void attachDocuments(files))
  // the review reloads after every import (a document may have come in through the import panel)
  useEffect(() => {
    if (selectedCaseId) void loadDocuments()
  }, [selectedCaseId, review, loadDocuments])
  const cited = row.decision?.documents ?? []
  const mine = documentsOf(row.claim?.evidence ?? [], cited, documents)
  const unresolved = (row.claim?.evidence ?? []).filter((e) => {
    const r = resolveEvidenceRef(e, documents)
    return r.state === 'unresolved' || r.state === 'mismatch'
  })
  const others = documents.filter((d) => !mine.includes(d))
  return (
    <div
      className={`claim-documents ${drop.over ? 'drop-over' : ''}`}
      {...drop.handlers}
      data-testid="claim-documents"
    >
      <h5>Documents</h5>
      {mine.length === 0 ? (
        <p className="dim small">No attached document for this claim.</p>
      ) : (
        <ul className="documents" aria-label="Documents of this claim">
          {mine.map((d) => (
            <DocumentButton key={d.sha256} d={d} cited={cited.includes(d.sha256)} />
          ))}
        </ul>
      )}
      {unresolved.length > 0 && (
        <p className="small stale">
          Not matched: {unresolved.map((e) => e.ref).join(', ')} (see the findings)
        </p>
      )}
      {others.length > 0 && (
        <details>
          <summary className="small">Other documents of the case ({others.length})</summary>
          <ul className="documents">
            {others.map((d) => (
              <DocumentButton key={d.sha256} d={d} cited={false} />
            ))}
          </ul>
        </details>
      )}
      <div className="row">
        <FileLink
          className="small"
          label="Add evidence documents"
          multiple
          data-testid="document-input"
          onFiles={(files) => void attachDocuments(files)}
        />
        <span
          className="dim small"
          title="PDF, PNG, JPEG, text and Markdown are previewed; office files are stored; at most 100 MiB each"
        >
          or drop files here
        </span>
      </div>
      {documentRefusals.length > 0 && (
        <ul className="refusals" role="alert">
          {documentRefusals.map((r) => (
            <li key={r} className="small">
              {r}
            </li>
          ))}
        </ul>
      )}
      <DocumentPreview />
    </div>
  )
}

/** The decision form's choice of the documents an accept rests on (preselected: the claim's documents). */
export function CiteDocuments({
  value,
  onChange
}: {
  value: readonly string[]
  onChange: (next: string[]) => void
}): React.JSX.Element | null {
  const documents = useAppStore((s) => s.documents)
  if (documents.length === 0) return null
  return (
    <fieldset className="cite-documents">
      <legend className="small">
        Cited documents (an accept of a manual criterion rests on at least one)
      </legend>
      {documents.map((d) => (
        <label key={d.sha256} className="small">
          <input
            type="checkbox"
            checked={value.includes(d.sha256)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, d.sha256] : value.filter((h) => h !== d.sha256))
            }
          />{' '}
          {d.name} <span className="mono dim">{d.sha256.slice(0, 12)}</span>
        </label>
      ))}
    </fieldset>
  )
}

/** the SHA-256 of the documents shown for a claim, read from the store: the decision form preselects them */
export function claimDocumentHashes(criterion: string, subject: string): string[] {
  const { review, documents } = useAppStore.getState()
  const row = review?.rows.find((r) => r.criterion === criterion && r.subject === subject)
  if (!row) return []
  return documentsOf(row.claim?.evidence ?? [], row.decision?.documents ?? [], documents).map((d) => d.sha256)
}
