import Database from 'better-sqlite3'
import { DomainError } from '../errors'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrate'

export type Db = Database.Database

/**
 * A statement prepared when it is first used, not when a repository is made. The repositories hold about
 * 90 statements and a command runs a few of them; preparing all of them cost every CLI start about 4 ms.
 * It forwards what the repositories use of better-sqlite3's Statement (arguments as given: better-sqlite3
 * refuses an explicit undefined); an SQL error shows at first use.
 */
class StatementOnUse {
  #statement: Database.Statement | null = null
  constructor(
    private readonly make: (source: string) => Database.Statement,
    readonly source: string
  ) {}
  private get real(): Database.Statement {
    return (this.#statement ??= this.make(this.source))
  }
  get reader(): boolean {
    return this.real.reader
  }
  get readonly(): boolean {
    return this.real.readonly
  }
  get busy(): boolean {
    return this.real.busy
  }
  run(...params: unknown[]): Database.RunResult {
    return this.real.run(...params)
  }
  get(...params: unknown[]): unknown {
    return this.real.get(...params)
  }
  all(...params: unknown[]): unknown[] {
    return this.real.all(...params)
  }
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.real.iterate(...params)
  }
  columns(): Database.ColumnDefinition[] {
    return this.real.columns()
  }
  pluck(...toggle: [boolean?]): this {
    this.real.pluck(...toggle)
    return this
  }
  expand(...toggle: [boolean?]): this {
    this.real.expand(...toggle)
    return this
  }
  raw(...toggle: [boolean?]): this {
    this.real.raw(...toggle)
    return this
  }
  safeIntegers(...toggle: [boolean?]): this {
    this.real.safeIntegers(...toggle)
    return this
  }
  bind(...params: unknown[]): this {
    this.real.bind(...params)
    return this
  }
}

function prepareOnUse(db: Db): void {
  const prepare = db.prepare.bind(db)
  db.prepare = ((source: string) => new StatementOnUse(prepare, source)) as unknown as Db['prepare']
}

/**
 * Opens (creating if needed) the workspace file and brings it to the latest schema.
 * WAL for concurrent readers, foreign keys on, and synchronous=FULL: an auditor's decision is durable
 * the moment the call returns.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  let db: Db
  try {
    db = new Database(file)
  } catch (error) {
    // a folder, or a file this user may not open: named, with SQLite's reason
    if ((error as { code?: unknown }).code === 'SQLITE_CANTOPEN')
      throw new DomainError(
        'USAGE',
        `${file} cannot be opened as a workspace file (${(error as Error).message}).`
      )
    throw error
  }
  prepareOnUse(db)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    // a file that is not SQLite at all (or is damaged) is the user's to see, named, not a failure of ours
    const code = (error as { code?: unknown }).code
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw new DomainError(
        'USAGE',
        `${file} is not a workspace file, or it is damaged (${(error as Error).message}).`
      )
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
