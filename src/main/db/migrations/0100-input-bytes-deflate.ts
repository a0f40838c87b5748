import type { Database } from 'better-sqlite3'

/**
 * v100: an imported file's bytes may be kept deflated (raw DEFLATE, RFC 1951). Check reports are YAML that
 * deflates to a tenth or less; writing a tenth of the bytes makes a large import's commit faster and the
 * workspace file (and its backups) smaller. `encoding` says how `bytes` are kept; rows of older workspaces
 * are 'identity'. The bytes given out are always the file's own, checked against `imported_files.sha256`
 * (evidence.repo.ts, inputsOfCase).
 */
export default function migrate0100(db: Database): void {
  db.exec(`
    ALTER TABLE input_files ADD COLUMN encoding TEXT NOT NULL DEFAULT 'identity'
      CHECK (encoding IN ('identity', 'deflate-raw'));
  `)
}
