import type { Database } from 'better-sqlite3'

/**
 * v60: evidence documents. The bytes are stored once per SHA-256 (`document_blobs`, content-addressed, so a case
 * bundle can carry them by hash); `case_documents` attaches a blob to a case under its original name. Blobs are
 * immutable (triggers refuse UPDATE); a removal deletes the attachment, is logged in the audit chain with the
 * hash, and drops the blob once no case or decision refers to it. `decision_documents` holds the hashes an
 * accept decision cites.
 */
export default function migrate0060(db: Database): void {
  db.exec(`
    CREATE TABLE document_blobs (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
      media_type TEXT NOT NULL,
      size INTEGER NOT NULL CHECK (size > 0),
      bytes BLOB NOT NULL CHECK (length(bytes) = size)
    ) STRICT;
    CREATE TRIGGER document_blobs_immutable BEFORE UPDATE ON document_blobs
      BEGIN SELECT RAISE(ABORT, 'evidence documents are immutable'); END;

    CREATE TABLE case_documents (
      id INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      sha256 TEXT NOT NULL REFERENCES document_blobs(sha256),
      name TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      UNIQUE (case_id, sha256)
    ) STRICT;
    CREATE TRIGGER case_documents_immutable BEFORE UPDATE ON case_documents
      BEGIN SELECT RAISE(ABORT, 'evidence documents are immutable'); END;

    CREATE TABLE decision_documents (
      decision_id INTEGER NOT NULL REFERENCES decisions(id),
      sha256 TEXT NOT NULL REFERENCES document_blobs(sha256),
      PRIMARY KEY (decision_id, sha256)
    ) STRICT;
  `)
}
