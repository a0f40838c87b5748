import type { Database } from 'better-sqlite3'

/**
 * v110: a decision names the findings it decided. `findings` holds the ids of the findings its criterion and
 * subject had when it was recorded (a JSON list, as its signed log entry names them); a finding that arises
 * later (a FAIL imported after an accept, evidence gone stale) is not covered by it and stays open. Decisions
 * recorded before v110 have NULL there and cover every finding of their criterion and subject, as before.
 */
export default function migrate0110(db: Database): void {
  db.exec(`ALTER TABLE decisions ADD COLUMN findings TEXT`)
}
