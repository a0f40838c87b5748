import type { Db } from './connection'
import type { AuditorIdentity } from '../../shared/domain/identity'
import { foldAuditorName } from '../../shared/domain/identity'

interface AuditorRow {
  name: string
  folded: string
  public_key: string
  fingerprint: string
  added_at: string
}

const toIdentity = (r: AuditorRow): AuditorIdentity => ({
  name: r.name,
  publicKey: r.public_key,
  fingerprint: r.fingerprint,
  addedAt: r.added_at
})

/** The roster: one ed25519 key per auditor name. Rows are only added; the log holds each registration too. */
export function createAuditorsRepo(db: Db) {
  const all = db.prepare<[], AuditorRow>('SELECT * FROM auditors ORDER BY folded')
  const byFingerprint = db.prepare<[string], AuditorRow>('SELECT * FROM auditors WHERE fingerprint = ?')
  const byFolded = db.prepare<[string], AuditorRow>('SELECT * FROM auditors WHERE folded = ?')
  const ins = db.prepare(
    'INSERT INTO auditors (name, folded, public_key, fingerprint, added_at) VALUES (?, ?, ?, ?, ?)'
  )
  return {
    list: (): AuditorIdentity[] => all.all().map(toIdentity),
    byFingerprint: (fp: string): AuditorIdentity | null => {
      const r = byFingerprint.get(fp)
      return r ? toIdentity(r) : null
    },
    byName: (name: string): AuditorIdentity | null => {
      const r = byFolded.get(foldAuditorName(name))
      return r ? toIdentity(r) : null
    },
    /** Call inside a transaction, after checking that neither the name nor the key is taken. */
    insert(a: AuditorIdentity): void {
      ins.run(a.name, foldAuditorName(a.name), a.publicKey, a.fingerprint, a.addedAt)
    }
  }
}
export type AuditorsRepo = ReturnType<typeof createAuditorsRepo>
