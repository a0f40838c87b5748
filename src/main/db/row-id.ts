/**
 * The ids SQLite gives new rows. It picks the largest id so far plus one, so ids stay small; only once a row
 * with the largest possible id (2^63 - 1) is in a table does it pick random 64-bit ids, which a JavaScript
 * number cannot hold. The app never writes such a row: someone with the workspace file did, outside the app
 * (the insider of the threat model). Two answers, by table.
 */
import { DomainError } from '../errors'
import type { Db } from './connection'

/**
 * For the rows of an import's evidence that stay inside the database (a report's invocations and results; a
 * self-assessment's rows):
 * a function giving a new row's id exactly, a number or a bigint beyond 2^53. Bound back as a reference, a
 * rounded id would name no row (the import would fail on its foreign key), and the import's digest could not
 * order the rows it wrote; with exact ids an honest file is stored and verifies. The insert runs as usual (a
 * number comes back); only an id beyond 2^53, which better-sqlite3 has rounded, is asked of SQLite again as
 * a bigint. (Every insert as a bigint cost a large report's import 50,000 bigints.)
 */
export function createRowIds(db: Db): (info: InsertInfo, table: string) => number | bigint {
  let exact: { get(): unknown } | null = null
  return (info, table) => {
    stored(info, table, 'nothing of the file was imported')
    const id = info.lastInsertRowid
    if (typeof id === 'number' && Number.isSafeInteger(id)) return id
    if (typeof id === 'bigint') return id <= MAX_SAFE && id >= MIN_SAFE ? Number(id) : id
    // the connection's last insert, the one just run (a trigger's own inserts do not change it once it ends)
    exact ??= db.prepare('SELECT last_insert_rowid()').pluck().safeIntegers(true)
    return exact.get() as bigint
  }
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)

/** what better-sqlite3's run() tells of an INSERT */
type InsertInfo = { readonly lastInsertRowid: number | bigint; readonly changes: number }

/**
 * The refusal when the workspace file holds what only someone outside the app can have put there: `what`
 * was found, `refused` is what was not done (a function: made only for the refusal). Thrown inside the
 * write's transaction, so nothing of the write is stored.
 */
export function changedOutsideApp(what: string, refused: string | (() => string)): DomainError {
  return new DomainError(
    'CONFLICT',
    `${what}: the workspace file was changed outside the app, and ${typeof refused === 'string' ? refused : refused()}. Check the case with "audit-log verify" and restore the workspace from a backup.`
  )
}

/**
 * Refuses an INSERT that stored no row. The app's inserts always store one; a trigger an insider planted
 * can drop it (a BEFORE trigger ending in RAISE(IGNORE), perhaps after inserting a row of its own), and
 * last_insert_rowid then still names the insert before: the row's id would be another row's (a result
 * pointing at another invocation, or at none: "FOREIGN KEY constraint failed", "Something went wrong").
 */
function stored(info: InsertInfo, table: string, refused: string | (() => string)): void {
  if (info.changes === 1) return
  throw changedOutsideApp(
    `${table} did not store a row the app wrote (a trigger in the workspace file dropped it)`,
    refused
  )
}

/**
 * For the tables whose ids the app hands around as numbers (an imported file's id, a report's id, a
 * decision's id): a new row's id, or a refusal when it lies beyond 2^53. A rounded id would name another row
 * or none: the import failed on a foreign key with "Something went wrong"; two reports whose ids rounded to
 * one number had their results reconciled against one of them (a FAIL of one subject read as MISSING, with a
 * clean log check); and a decision was stored under an id no other row could find, so that the next
 * decision on its criterion did not supersede it. Thrown inside the write's transaction, so nothing of the
 * write is stored. `refused` says what was not done (a function: made only for the refusal).
 */
export function numberRowId(info: InsertInfo, table: string, refused: string | (() => string)): number {
  stored(info, table, refused)
  const id = info.lastInsertRowid
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id
  if (typeof id === 'bigint' && id <= MAX_SAFE && id >= MIN_SAFE) return Number(id)
  throw changedOutsideApp(`${table} holds a row with an id beyond 2^53, which the app never writes`, refused)
}
