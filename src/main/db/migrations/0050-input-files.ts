import type { Database } from 'better-sqlite3'

/**
 * v50: the bytes of every imported input file (and of its detached signature), kept so that a case can be
 * handed over as a bundle and replayed on another machine (issue 15). One row per imported file; files
 * imported before v50 have none (their case cannot be bundled; the export says so).
 */
export default function migrate0050(db: Database): void {
  db.exec(`
    CREATE TABLE input_files (
      file_id INTEGER PRIMARY KEY REFERENCES imported_files(id) ON DELETE CASCADE,
      bytes BLOB NOT NULL,
      signature_name TEXT,
      signature BLOB
    ) STRICT;
  `)
}
