import type { Database } from 'better-sqlite3'

/**
 * v40: auditor identities and signed acts.
 * - auditors: the roster. One ed25519 public key per name (NFKC-normalised; `folded` is its case-folded
 *   form, unique, so "Alice" and "alice" cannot be two auditors); one name per key.
 * - audit_log.signature: the SSHSIG (namespace auditor-workbench) of an entry signed by its actor; NULL for
 *   entries no auditor signs (imports, exports, system) and for every entry written before v40.
 */
export default function migrate0040(db: Database): void {
  db.exec(`
    CREATE TABLE auditors (
      name TEXT PRIMARY KEY,
      folded TEXT NOT NULL UNIQUE,
      public_key TEXT NOT NULL,
      fingerprint TEXT NOT NULL UNIQUE,
      added_at TEXT NOT NULL
    ) STRICT;
    ALTER TABLE audit_log ADD COLUMN signature TEXT;
  `)
}
