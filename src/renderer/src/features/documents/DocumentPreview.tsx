import { useEffect, useMemo, useRef, useState } from 'react'
import { usePick } from '../../stores'
import { copyName, previewKindOf } from '../../../../shared/domain/documents'
import { downloadBase64 } from '../../files'
import { formatSize } from './format'
import { Dialog } from '../../components/Dialog'

const MAX_TEXT_CHARS = 200_000

const bytesOf = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))

/** PDF pages rendered by pdf.js; a parse failure or the deadline is shown as a message. */
function PdfPages({ base64 }: { base64: string }): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const [state, setState] = useState<{ status: 'rendering' | 'done' | 'error'; text: string }>({
    status: 'rendering',
    text: 'Rendering…'
  })
  useEffect(() => {
    const signal = { cancelled: false }
    void import('./pdf-render')
      .then(({ renderPdf }) => renderPdf(bytesOf(base64), host.current!, 760, signal))
      .then(
        (r) =>
          !signal.cancelled &&
          setState({
            status: 'done',
            text:
              r.shown < r.pages ? `Showing the first ${r.shown} of ${r.pages} pages.` : `${r.pages} page(s).`
          }),
        (error: unknown) =>
          !signal.cancelled &&
          setState({
            status: 'error',
            text: `This PDF cannot be shown: ${error instanceof Error ? error.message : String(error)}`
          })
      )
    return () => {
      signal.cancelled = true
    }
  }, [base64])
  return (
    <>
      <p
        className={state.status === 'error' ? 'preview-error' : 'dim small'}
        role={state.status === 'error' ? 'alert' : 'status'}
      >
        {state.text}
      </p>
      <div ref={host} className="pdf-pages" data-testid="pdf-pages" />
    </>
  )
}

function TextBody({ base64 }: { base64: string }): React.JSX.Element {
  const text = useMemo(() => new TextDecoder('utf-8').decode(bytesOf(base64)), [base64])
  return (
    <pre className="document-text" data-testid="document-text">
      {text.slice(0, MAX_TEXT_CHARS)}
      {text.length > MAX_TEXT_CHARS ? '\n…' : ''}
    </pre>
  )
}

function ImageBody({
  base64,
  mediaType,
  name
}: {
  base64: string
  mediaType: string
  name: string
}): React.JSX.Element {
  const [failed, setFailed] = useState(false)
  // a data: URL (the CSP allows img-src data:), decoded by the browser's image decoder: no script can run in it
  return failed ? (
    <p className="preview-error" role="alert">
      This image cannot be shown: the browser could not decode it.
    </p>
  ) : (
    <img
      className="document-image"
      src={`data:${mediaType};base64,${base64}`}
      alt={name}
      onError={() => setFailed(true)}
    />
  )
}

/**
 * An evidence document shown inside the app: PDF pages, images inline, text as text; office files are not
 * previewed. Nothing opens in an external program; "Save a copy" writes the bytes only when the auditor asks.
 */
export function DocumentPreview(): React.JSX.Element | null {
  const { preview, closePreview } = usePick('preview', 'closePreview')
  const close = useRef<HTMLButtonElement>(null)
  if (!preview) return null
  const { document: d, content } = preview
  const kind = previewKindOf(d.mediaType)
  return (
    <Dialog
      backdropClassName="preview-backdrop"
      className="preview"
      label={`Evidence document ${d.name}`}
      initialFocus={close}
      onClose={closePreview}
    >
      <header className="preview-head">
        <div>
          <strong>{d.name}</strong>
          <div className="dim small">
            {d.mediaType} · {formatSize(d.size)} · attached {d.importedAt.slice(0, 10)} by {d.importedBy}
          </div>
          <div className="mono small dim">sha256 {d.sha256}</div>
        </div>
        <div className="row">
          {content && (
            <button
              type="button"
              onClick={() =>
                downloadBase64(copyName(d.name, d.mediaType), content.base64, 'application/octet-stream')
              }
            >
              Save a copy
            </button>
          )}
          <button ref={close} type="button" onClick={closePreview} aria-label="Close the preview">
            Close (Esc)
          </button>
        </div>
      </header>
      <div className="preview-body">
        {!content ? (
          <p className="dim">Loading…</p>
        ) : kind === 'pdf' ? (
          <PdfPages base64={content.base64} />
        ) : kind === 'image' ? (
          <ImageBody base64={content.base64} mediaType={d.mediaType} name={d.name} />
        ) : kind === 'text' ? (
          <TextBody base64={content.base64} />
        ) : (
          <p className="dim">
            Office files are stored but not previewed here. Use “Save a copy” to look at it in a program of
            your choice.
          </p>
        )}
      </div>
    </Dialog>
  )
}
