import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrate'

export type Db = Database.Database

/**
 * Opens (creating if needed) the workspace file and brings it to the latest schema.
 * WAL for concurrent readers, foreign keys on, and synchronous=FULL: an auditor's decision is durable
 * the moment the call returns.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * A write transaction that takes the write lock at BEGIN (IMMEDIATE). Two connections write to a workspace
 * (the app's and the import worker's); a deferred transaction that read first could not upgrade once the
 * other had written, where an immediate one simply waits (busy_timeout) for its turn.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate()
}

/**
 * Runs several reads on one snapshot (a deferred transaction that only reads), so that a file the import
 * worker commits meanwhile is seen entirely or not at all.
 */
export function snapshot<A extends unknown[], T>(db: Db, fn: (...args: A) => T): (...args: A) => T {
  const tx = db.transaction(fn)
  return (...args: A): T => (db.inTransaction ? fn(...args) : tx.deferred(...args))
}
