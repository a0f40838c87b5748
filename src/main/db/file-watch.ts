import type { Db } from './connection'

/**
 * What tells one connection that its workspace file may have changed since it last looked: the one
 * mechanism behind the caches of verified work (the audit chain's verified prefix, the evidence digests of
 * the log check). Three counters, read in microseconds:
 * - `PRAGMA data_version` changes when another connection (the import worker, a second app, an insider's
 *   sqlite3 shell) committed to the file;
 * - `PRAGMA schema_version` changes when anyone changed the schema, e.g. dropped the append-only triggers,
 *   which an edit of the audit log needs first;
 * - `total_changes()` counts the rows this connection itself wrote.
 */
export interface FileStamp {
  /** data_version and schema_version: changed by another connection's commit or any schema change */
  readonly others: string
  /** rows written by this connection */
  readonly own: number
}

export function createFileWatch(db: Db): { stamp: () => FileStamp } {
  const dataVersion = db.prepare('PRAGMA data_version').pluck()
  const schemaVersion = db.prepare('PRAGMA schema_version').pluck()
  const totalChanges = db.prepare('SELECT total_changes()').pluck()
  return {
    stamp: () => ({
      others: `${String(dataVersion.get())}/${String(schemaVersion.get())}`,
      own: totalChanges.get() as number
    })
  }
}
