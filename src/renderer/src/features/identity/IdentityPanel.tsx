import { useState } from 'react'
import { useAppStore, usePick } from '../../stores'
import { downloadBase64, toBase64 } from '../../files'
import { CheckField, FileField, PassphraseField, TextField } from '../../components/FormFields'

const utf8ToBase64 = (text: string): string => toBase64(new TextEncoder().encode(text).buffer as ArrayBuffer)

/** The top bar's chip: who this session signs as, or that no key is open. */
export function IdentityChip({ onOpen }: { onOpen: () => void }): React.JSX.Element {
  const identity = useAppStore((s) => s.identity)
  const current = identity?.current
  return (
    <button
      className={`badge identity-chip ${current ? 'info' : 's-warn'}`}
      onClick={onOpen}
      title={current ? `Acts are signed with key ${current.fingerprint}` : 'Choose your auditor key'}
      data-testid="identity-chip"
    >
      {current ? `Signing as ${current.name}` : 'No auditor key open'}
    </button>
  )
}

/**
 * The auditor's identity: open their OpenSSH ed25519 key (browser mode asks for the file each session; the
 * desktop app can keep it in the OS keychain), create one on first use, and register colleagues' public keys.
 */
export function IdentityPanel({ onClose }: { onClose: () => void }): React.JSX.Element {
  const { identity, roster, unlockIdentity, createIdentity, addColleague, lockIdentity } = usePick(
    'identity',
    'roster',
    'unlockIdentity',
    'createIdentity',
    'addColleague',
    'lockIdentity'
  )
  const keychain = identity?.keychain ?? false
  const [keyFile, setKeyFile] = useState<File | null>(null)
  const [passphrase, setPassphrase] = useState('')
  const [remember, setRemember] = useState(keychain)
  const [name, setName] = useState('')
  const [newPass, setNewPass] = useState('')
  const [created, setCreated] = useState<string | null>(null)
  const [colleague, setColleague] = useState('')
  const [pubFile, setPubFile] = useState<File | null>(null)
  const current = identity?.current ?? null
  return (
    <section className="panel identity-panel" aria-label="Auditor identity">
      <div className="panel-head">
        <h3>Your auditor key</h3>
        <button onClick={onClose} aria-label="Close the identity panel">
          ×
        </button>
      </div>
      <p className="small dim">
        Every decision, waiver and review step is signed with your OpenSSH ed25519 key (as{' '}
        <code>ssh-keygen -t ed25519</code> makes it). The workspace's roster names the holder of each key;
        four eyes means two different keys.
      </p>
      {current ? (
        <p data-testid="identity-current">
          Signing as <strong>{current.name}</strong> <span className="mono small">{current.fingerprint}</span>
          {current.remembered ? ' · kept in the OS keychain' : ''}{' '}
          <button onClick={() => void lockIdentity(false)}>Close key</button>
          {current.remembered && <button onClick={() => void lockIdentity(true)}>Forget kept key</button>}
        </p>
      ) : (
        <div className="row identity-forms">
          <form
            aria-label="Open your key"
            onSubmit={(e) => {
              e.preventDefault()
              if (!keyFile) return
              void keyFile.text().then(async (text) => {
                if (await unlockIdentity(utf8ToBase64(text), passphrase, remember)) setPassphrase('')
              })
            }}
          >
            <h4>Open your key</h4>
            <FileField label="Private key file" aria-label="Private key file" onFile={setKeyFile} required />
            <PassphraseField label="Passphrase (if it has one)" value={passphrase} onValue={setPassphrase} />
            {keychain && (
              <CheckField label="keep it in the OS keychain" checked={remember} onChecked={setRemember} />
            )}
            <button type="submit" className="primary">
              Open key
            </button>
          </form>
          <form
            aria-label="Create a key"
            onSubmit={(e) => {
              e.preventDefault()
              void createIdentity(name, newPass, remember).then((c) => {
                if (!c) return
                downloadBase64(c.fileName, utf8ToBase64(c.privateKey), 'application/octet-stream')
                setCreated(
                  `${c.identity.name} (${c.identity.fingerprint}); the key file was downloaded: keep it safe.`
                )
                setNewPass('')
              })
            }}
          >
            <h4>First time? Create a key</h4>
            <TextField label="Your name" aria-label="Your name" value={name} onValue={setName} required />
            <PassphraseField isNew label="Passphrase for the key file" value={newPass} onValue={setNewPass} />
            <button type="submit">Create and register</button>
          </form>
        </div>
      )}
      {created && <p role="status">Created {created}</p>}
      <details>
        <summary>Roster: {roster.length} auditor(s)</summary>
        <ul className="roster">
          {roster.map((a) => (
            <li key={a.fingerprint}>
              {a.name} <span className="mono small dim">{a.fingerprint}</span>
            </li>
          ))}
        </ul>
        <form
          aria-label="Register a colleague"
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            if (!pubFile) return
            void pubFile.text().then(async (text) => {
              if (await addColleague(colleague, text)) setColleague('')
            })
          }}
        >
          <input
            aria-label="Colleague's name"
            placeholder="colleague's name"
            value={colleague}
            onChange={(e) => setColleague(e.target.value)}
            required
          />
          <input
            type="file"
            aria-label="Colleague's public key (.pub)"
            onChange={(e) => setPubFile(e.target.files?.[0] ?? null)}
            required
          />
          <button type="submit">Register</button>
        </form>
      </details>
    </section>
  )
}
