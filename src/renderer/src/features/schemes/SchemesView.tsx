import { useEffect, useState } from 'react'
import { usePick } from '../../stores'
import { FileLink } from '../../components/FormFields'
import { toBase64 } from '../../files'
import type { UploadedFile } from '../../../../shared/ipc/contract'

/**
 * The schemes of the workspace, and the one way to change them: pick a scope file or interop guideline,
 * see what it would change, then import it. A change to a stable version needs a reason (audit log).
 */
export function SchemesView(): React.JSX.Element {
  const {
    schemes,
    loadSchemes,
    schemePreview: preview,
    previewScheme,
    importScheme,
    clearSchemePreview
  } = usePick(
    'schemes',
    'loadSchemes',
    'schemePreview',
    'previewScheme',
    'importScheme',
    'clearSchemePreview'
  )
  const [file, setFile] = useState<UploadedFile | null>(null)
  const [reason, setReason] = useState('')
  useEffect(() => {
    void loadSchemes()
    clearSchemePreview()
  }, [loadSchemes, clearSchemePreview])

  const pick = async (f: File): Promise<void> => {
    const up = { name: f.name, base64: toBase64(await f.arrayBuffer()) }
    setFile(up)
    setReason('')
    await previewScheme(up)
  }
  const stable = preview?.changes.filter((c) => c.stable) ?? []
  const canApply =
    !!preview && !preview.applied && (preview.outcome === 'added' || preview.outcome === 'updated')
  const apply = async (): Promise<void> => {
    if (file) await importScheme(file, stable.length ? reason : null)
  }

  return (
    <div className="schemes" aria-label="Schemes">
      <h2>Schemes</h2>
      <table aria-label="Schemes in this workspace">
        <thead>
          <tr>
            <th>Scheme</th>
            <th>Kind</th>
            <th>Versions</th>
            <th>Definition (SHA-256)</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {schemes.map((s) => (
            <tr key={s.id}>
              <td>
                <strong>{s.id}</strong>
                <div className="small dim">
                  {s.name}
                  {s.builtin ? ' · built in' : ''}
                </div>
              </td>
              <td>{s.kind}</td>
              <td>{s.versions.join(', ')}</td>
              <td>
                <code title={s.sha256}>{s.sha256.slice(0, 16)}…</code>
              </td>
              <td className="small">{s.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section className="panel" aria-label="Update a scheme">
        <h3>Update a scope or guideline</h3>
        <p className="small dim">
          Case imports never change a scheme. Pick a scope file (scs-compatible-*.yaml) or an OpenStack
          interop guideline (*.json) to see what it would change before importing it.
        </p>
        <FileLink
          className="pick"
          label="Choose a scheme file…"
          accept=".yaml,.yml,.json"
          data-testid="scheme-input"
          onFile={(f) => void pick(f)}
        />
        {preview && (
          <div data-testid="scheme-preview">
            <p>
              <strong>{preview.file}</strong>: scheme {preview.schemeId} ({preview.kind}),{' '}
              {preview.applied
                ? `${preview.outcome}${preview.forcedReason ? `, forced: ${preview.forcedReason}` : ''}`
                : preview.outcome === 'unchanged'
                  ? 'unchanged: the workspace already holds this definition'
                  : preview.outcome === 'older'
                    ? 'not changed: the workspace holds a newer copy'
                    : `would be ${preview.outcome}`}
            </p>
            <p className="small dim">
              definition {preview.definitionBefore?.slice(0, 16) ?? '(new)'} →{' '}
              {preview.definitionAfter.slice(0, 16)}
            </p>
            {preview.changes.length > 0 && (
              <ul aria-label="Changes">
                {preview.changes.map((c) => (
                  <li key={c.text}>
                    {c.stable && <span className="badge s-deprecated">stable</span>} {c.text}
                  </li>
                ))}
              </ul>
            )}
            {canApply && stable.length > 0 && (
              <label className="reason">
                Reason for changing a stable version (recorded in the audit log)
                <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
              </label>
            )}
            {canApply && (
              <button
                className="primary"
                disabled={stable.length > 0 && !reason.trim()}
                onClick={() => void apply()}
              >
                {stable.length > 0 ? 'Force the import with this reason' : 'Import'}
              </button>
            )}
          </div>
        )}
      </section>
    </div>
  )
}
