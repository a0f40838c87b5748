import { useState } from 'react'
import { usePick } from '../../stores'
import { SelectField, TextField } from '../../components/FormFields'

/** A new case; `cancellable` adds a Cancel that goes back to the welcome page. */
export function NewCaseForm({ cancellable = false }: { cancellable?: boolean }): React.JSX.Element {
  const { schemes, createCase, cases, showView } = usePick('schemes', 'createCase', 'cases', 'showView')
  const [previous, setPrevious] = useState('')
  const [id, setId] = useState('')
  const [title, setTitle] = useState('')
  const [schemeId, setSchemeId] = useState('')
  // SCS-compatible IaaS is what most applications are for; fall back to the first scheme
  const scheme =
    schemes.find((s) => s.id === schemeId) ??
    schemes.find((s) => s.id === 'scs-compatible-iaas') ??
    schemes[0]
  const [version, setVersion] = useState('')
  const chosenVersion =
    version && scheme?.versions.includes(version)
      ? version
      : (scheme?.versions.find((v) => v !== 'next') ?? '')
  return (
    <form
      className="panel form"
      aria-label="New case"
      onSubmit={(e) => {
        e.preventDefault()
        if (!scheme) return
        void createCase({
          id: id.trim(),
          schemeId: scheme.id,
          schemeVersion: chosenVersion,
          ...(title.trim() ? { title: title.trim() } : {}),
          ...(previous ? { previousCaseId: previous } : {})
        })
      }}
    >
      <h3>New case</h3>
      <TextField
        label="Case id"
        name="case-id"
        value={id}
        onValue={setId}
        placeholder="acme-cloud-2026"
        required
        pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}"
      />
      <TextField
        label="Title"
        name="case-title"
        value={title}
        onValue={setTitle}
        placeholder="ACME Cloud: SCS-compatible IaaS"
      />
      <SelectField label="Scheme" name="scheme" value={scheme?.id ?? ''} onValue={setSchemeId}>
        {schemes.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.id})
          </option>
        ))}
      </SelectField>
      <SelectField label="Version" name="scheme-version" value={chosenVersion} onValue={setVersion}>
        {scheme?.versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </SelectField>
      <SelectField label="Next round of" name="previous-case" value={previous} onValue={setPrevious}>
        <option value="">— a first certification —</option>
        {cases
          .filter((c) => c.schemeId === scheme?.id)
          .map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} (round {c.round}, {c.status})
            </option>
          ))}
      </SelectField>
      <div className="actions">
        <button type="submit" className="primary">
          Create case
        </button>
        {cancellable && (
          <button type="button" onClick={() => showView('welcome')}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}
