import type { Database } from 'better-sqlite3'

/** v30: the four-eyes review of a case: who submitted it, who accepted it, and when. */
export default function migrate0030(db: Database): void {
  db.exec(`
    ALTER TABLE cases ADD COLUMN submitted_by TEXT;
    ALTER TABLE cases ADD COLUMN submitted_at TEXT;
    ALTER TABLE cases ADD COLUMN accepted_by TEXT;
    ALTER TABLE cases ADD COLUMN accepted_at TEXT;
  `)
}
