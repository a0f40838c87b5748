import type { Database } from 'better-sqlite3'

/**
 * v70: what the workspace last seeded from the app's shipped resources (name 'schemes': the files in
 * resources/schemes), by hash. A start whose shipped files hash the same skips seeding: it reads this one
 * row instead of parsing the files inside a write transaction.
 */
export default function migrate0070(db: Database): void {
  db.exec(`
    CREATE TABLE builtin_resources (
      name TEXT PRIMARY KEY,
      hash TEXT NOT NULL,
      seeded_at TEXT NOT NULL
    ) STRICT;
  `)
}
