import { useState } from 'react'
import { useAppStore, usePick } from '../../stores'
import { CheckField, FileField, PassphraseField, SelectField, TextField } from '../../components/FormFields'
import type { Verdict } from '../../../../shared/domain/verdict-types'

/**
 * Export the verdict as a PDF: signed (PAdES) with a PKCS#12 key, or as a watermarked pre-audit report.
 * The key file and the passphrase are read here only to hand them to the main process for this one signing;
 * they are kept in this form's state until then and cleared right after. Nothing is stored.
 */
export function ExportPanel({ verdict }: { verdict: Verdict }): React.JSX.Element {
  const { exportVerdict, exporting } = usePick('exportVerdict', 'exporting')
  const keychain = useAppStore((s) => !!s.info?.keychain)
  const [remember, setRemember] = useState(false)
  const [lang, setLang] = useState<'en' | 'de'>('en')
  const [preAudit, setPreAudit] = useState(verdict.review.status !== 'accepted')
  const [key, setKey] = useState<File | null>(null)
  const [passphrase, setPassphrase] = useState('')
  const [body, setBody] = useState('Forum SCS-Standards (OSB Alliance)')
  const [tsaUrl, setTsaUrl] = useState('')
  return (
    <form
      className="panel export"
      aria-label="Export the verdict"
      onSubmit={(e) => {
        e.preventDefault()
        void exportVerdict(
          {
            lang,
            preAudit,
            body,
            ...(!preAudit && tsaUrl.trim() ? { tsaUrl: tsaUrl.trim() } : {}),
            ...(!preAudit && key ? { passphrase, useKeychain: remember } : {})
          },
          key
        ).finally(() => setPassphrase(''))
      }}
    >
      <div className="panel-head">
        <h3>Verdict PDF</h3>
      </div>
      <div className="export-fields">
        <SelectField label="Language" value={lang} onValue={(v) => setLang(v as 'en' | 'de')}>
          <option value="en">English</option>
          <option value="de">Deutsch</option>
        </SelectField>
        <CheckField
          className="check"
          label="Pre-audit (unsigned, watermarked, with a gap list)"
          checked={preAudit}
          onChecked={setPreAudit}
        />
        <TextField label="Assessment body" value={body} onValue={setBody} required />
        {!preAudit && (
          <>
            <FileField
              label="Signing key (PKCS#12)"
              accept=".p12,.pfx,application/x-pkcs12"
              data-testid="p12-input"
              onFile={setKey}
              required
            />
            <PassphraseField
              label="Passphrase"
              value={passphrase}
              onValue={setPassphrase}
              placeholder={remember ? 'empty: use the stored one' : ''}
            />
            <TextField
              label="Timestamp authority (RFC 3161 URL, optional)"
              type="url"
              value={tsaUrl}
              onValue={setTsaUrl}
              placeholder="none: the file awaits a timestamp"
            />
            {keychain && (
              <CheckField
                className="check"
                label="Remember the passphrase in the OS keychain"
                checked={remember}
                onChecked={setRemember}
              />
            )}
          </>
        )}
        <button type="submit" className="primary" disabled={exporting} aria-busy={exporting}>
          {exporting ? 'Exporting…' : preAudit ? 'Export pre-audit report' : 'Sign and export'}
        </button>
      </div>
      {!preAudit && verdict.review.status !== 'accepted' && (
        <p className="small dim">
          A signed verdict needs the case accepted in the four-eyes review; the export will say what blocks
          it.
        </p>
      )}
    </form>
  )
}
