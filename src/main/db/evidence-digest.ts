import { nodeCrypto } from '../node-crypto'
import type { Db } from './connection'
import { createFileWatch } from './file-watch'

/**
 * The digest of every row an imported file put into the workspace, per table (and per row for the small
 * tables), recorded in the file's `import` audit entry and recomputed when the log is checked: a row edited,
 * added or deleted behind the app (reports.checked_at, a result) no longer matches its entry.
 */
export interface EvidenceDigest {
  /** table → SHA-256 over its rows of this file, in id order */
  readonly tables: Readonly<Record<string, string>>
  /** for the tables with few rows per file: "table#id" → SHA-256 of that row, to name the row that changed */
  readonly rows: Readonly<Record<string, string>>
}

const TABLES: readonly { name: string; sql: string; perRow: boolean }[] = [
  {
    name: 'imported_files',
    sql: 'SELECT id, case_id, file_name, sha256, size, kind, imported_at, receipt FROM imported_files WHERE id = ?',
    perRow: true
  },
  { name: 'reports', sql: 'SELECT * FROM reports WHERE file_id = ? ORDER BY id', perRow: true },
  {
    name: 'invocations',
    sql: 'SELECT i.* FROM invocations i JOIN reports r ON r.id = i.report_id WHERE r.file_id = ? ORDER BY i.id',
    perRow: false
  },
  {
    name: 'testcase_results',
    sql: 'SELECT t.* FROM testcase_results t JOIN reports r ON r.id = t.report_id WHERE r.file_id = ? ORDER BY t.id',
    perRow: false
  },
  { name: 'submissions', sql: 'SELECT * FROM submissions WHERE file_id = ? ORDER BY id', perRow: true },
  {
    name: 'subjects',
    sql: 'SELECT s.* FROM subjects s JOIN submissions u ON u.id = s.submission_id WHERE u.file_id = ? ORDER BY s.id',
    perRow: true
  },
  {
    name: 'claims',
    sql: 'SELECT c.* FROM claims c JOIN submissions u ON u.id = c.submission_id WHERE u.file_id = ? ORDER BY c.id',
    perRow: false
  }
]

export function createEvidenceDigest(db: Db) {
  const statements = TABLES.map((t) => ({ ...t, stmt: db.prepare(t.sql).raw(true) }))
  return (fileId: number): EvidenceDigest => {
    const tables: Record<string, string> = {}
    const rows: Record<string, string> = {}
    for (const t of statements) {
      const h = nodeCrypto().createHash('sha256')
      // the lines go to the hash in pieces of about 64 KiB (the same digest as line by line, with a
      // hundredth of the calls: a 50,000-result report has 50,000 lines)
      let pending = ''
      for (const row of t.stmt.iterate(fileId) as IterableIterator<unknown[]>) {
        const line = `${JSON.stringify(row)}\n`
        pending += line
        if (pending.length >= 65_536) {
          h.update(pending)
          pending = ''
        }
        if (t.perRow)
          rows[`${t.name}#${String(row[0])}`] = nodeCrypto().createHash('sha256').update(line).digest('hex')
      }
      tables[t.name] = h.update(pending).digest('hex')
    }
    return { tables, rows }
  }
}

/**
 * The digest of an import since v80 (`v: 2`): as EvidenceDigest, but portable. Row ids and the ids rows refer
 * to (file_id, report_id, invocation_id, submission_id) are replaced by the row's place among the file's rows
 * of that table (1, 2, …), so that the same file imported into another workspace (a case bundle replayed)
 * has the same digest, while any edited, added or deleted row still changes it. Per-row keys are
 * "table#place"; `names` maps them to the local "table#id" for messages and is not stored.
 */
export interface PortableDigest extends EvidenceDigest {
  readonly v: 2
  readonly names: Readonly<Record<string, string>>
}

const REFERS: Readonly<Record<string, string>> = {
  file_id: 'imported_files',
  report_id: 'reports',
  invocation_id: 'invocations',
  submission_id: 'submissions'
}
const REFERRED = new Set(Object.values(REFERS))
/** the tables whose ids the app hands around as numbers (row-id.ts, numberRowId): never beyond 2^53 */
const NUMBERED: ReadonlySet<string> = new Set(['imported_files', 'reports'])

/**
 * The rows an import has just written, by table and as it bound them: each table's columns (the row's id
 * among them) and its rows as lists of values in that order. An import's digest is made of these, not of the
 * rows read back: it records what the file said, so that a row the database changed while it was written (a
 * trigger an insider planted, say) no longer matches its entry. evidence.repo.ts fills it for the tables of
 * a report, submissions.repo.ts for those of a self-assessment. Lists, not objects: a large report writes
 * 50,000 results, and an object per result was a fifth of the digest's time.
 */
export type WrittenRows = Record<string, WrittenTable>
export interface WrittenTable {
  readonly columns: readonly string[]
  readonly rows: unknown[][]
}

/** the list of `table`'s rows in `written`, each in the order of `columns`; made on first use */
export function writtenTo(written: WrittenRows, table: string, columns: readonly string[]): unknown[][] {
  const known = written[table]
  if (!known) return (written[table] = { columns, rows: [] }).rows
  if (known.columns.length !== columns.length || known.columns.some((c, i) => c !== columns[i]))
    throw new Error(`the rows written to ${table} name their columns in two ways`)
  return known.rows
}

/**
 * A row written as an object (column → value, the id first): put into `written` in the object's order of
 * keys. For the tables of few rows; the many rows of a large report are written as lists (evidence.repo.ts).
 */
export function writtenRow(
  written: WrittenRows,
  table: string,
  row: Readonly<Record<string, unknown>>
): void {
  writtenTo(written, table, Object.keys(row)).push(Object.values(row))
}

/**
 * Written rows as SQLite gives them back, in the table's order of columns and in id order: a string as its
 * well-formed self (SQLite holds UTF-8: a lone surrogate comes back as U+FFFD), -0 as 0, a REAL that is not
 * finite as null, a whole number beyond 2^53 as the number it reads back as, except in the row's id and its
 * references: an id beyond 2^53 (a bigint, createRowIds) stays exact, and the digest maps it to its place
 * (idKey). Written rows
 * that lack a column of their table, or hold a value their column cannot take as it is (a number in a TEXT
 * column), are a programming error, and throw: the table is never read back in their place. The lists are
 * normalised in place when they are already in the table's order (the digest is their last use).
 */
function asStored(
  table: string,
  given: WrittenTable,
  columns: readonly { readonly name: string; readonly type: string }[]
): unknown[][] {
  const at = columns.map(({ name }) => {
    const i = given.columns.indexOf(name)
    // a column the importer did not put in its rows is a table it no longer knows (a migration added the
    // column): that must fail every import loudly, not quietly digest the table as read back
    if (i < 0) throw new Error(`the rows written to ${table} lack its column ${name}`)
    return i
  })
  const extra = given.columns.find((c) => !columns.some((x) => x.name === c))
  if (extra !== undefined)
    throw new Error(`the rows written to ${table} name a column it does not have: ${extra}`)
  const inPlace = at.every((i, c) => i === c)
  const types = columns.map((c) => c.type)
  const keys = columns.map((c) => c.name === 'id' || REFERS[c.name] !== undefined)
  // in id order, by the exact ids (two ids beyond 2^53 may read back as the same number)
  const idAt = given.columns.indexOf('id')
  let rows = given.rows
  let last: unknown = -Infinity
  for (let i = 0; idAt >= 0 && i < rows.length; i++) {
    const id = rows[i]![idAt]
    if ((id as number) <= (last as number)) {
      rows = [...rows].sort((a, b) => {
        const x = a[idAt] as number
        const y = b[idAt] as number
        return x < y ? -1 : x > y ? 1 : 0
      })
      break
    }
    last = id
  }
  const out: unknown[][] = inPlace ? rows : new Array<unknown[]>(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    const values = inPlace ? row : new Array<unknown>(types.length)
    for (let c = 0; c < types.length; c++) {
      const v = row[at[c]!]
      const type = types[c]
      if (v === null) values[c] = null
      else if (type === 'TEXT' && typeof v === 'string') values[c] = v.isWellFormed() ? v : v.toWellFormed()
      // a whole number beyond 2^53 too: SQLite stores it exactly, and it reads back as the same number
      else if (type === 'INTEGER' && Number.isInteger(v)) values[c] = v === 0 ? 0 : v
      else if (type === 'INTEGER' && typeof v === 'bigint') values[c] = keys[c] ? v : Number(v)
      else if (type === 'REAL' && typeof v === 'number')
        values[c] = !Number.isFinite(v) ? null : v === 0 ? 0 : v
      // not read back instead: the table's rows would then match whatever a trigger made of them
      else
        throw new Error(
          `the rows written to ${table} hold a value its column ${columns[c]!.name} (${type}) cannot take as it is: ${String(v)}`
        )
    }
    out[i] = values
  }
  return out
}

/**
 * A row id or a reference to one as a key of the places: a bigint when it lies beyond 2^53, a number
 * otherwise, whether it was bound (createRowIds gives numbers up to 2^53) or read back (as bigints). Two ids
 * beyond 2^53 that round to one number are two keys: a result an insider pointed from its invocation to a
 * missing id next to it must not map to that invocation's place.
 */
const idKey = (v: unknown): unknown =>
  typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v

export function createPortableDigest(db: Db) {
  const statements = TABLES.map((t) => {
    const stmt = db.prepare(t.sql).raw(true)
    // the same rows with every whole number exact, for a table whose ids (or references) lie beyond 2^53
    const exact = db.prepare(t.sql).raw(true).safeIntegers(true)
    const typed = stmt.columns().map((c) => ({ name: c.name, type: (c.type ?? '').toUpperCase() }))
    const columns = typed.map((c) => c.name)
    const keyed = columns.flatMap((c, i) => (c === 'id' || REFERS[c] ? [i] : []))
    /** the file's rows of this table as stored; read again exactly when an id could not be held as a number */
    const readBack = (fileId: number): unknown[][] => {
      const rows = stmt.all(fileId) as unknown[][]
      const inexact = rows.some((row) =>
        keyed.some((i) => Math.abs(row[i] as number) > Number.MAX_SAFE_INTEGER)
      )
      if (!inexact) return rows
      // exact: the ids and references stay bigints (idKey), every other whole number as it reads back
      return (exact.all(fileId) as unknown[][]).map((row) =>
        row.map((v, i) => (typeof v === 'bigint' && !keyed.includes(i) ? Number(v) : v))
      )
    }
    return { ...t, readBack, typed, columns }
  })
  /** `written`: the rows the import wrote (WrittenRows); the tables it does not name are read back */
  return (fileId: number, written?: WrittenRows): PortableDigest => {
    const tables: Record<string, string> = {}
    const rows: Record<string, string> = {}
    const names: Record<string, string> = {}
    const places = new Map<string, Map<unknown, number>>()
    for (const t of statements) {
      const h = nodeCrypto().createHash('sha256')
      // only the tables other rows refer to need their ids' places remembered
      const own = REFERRED.has(t.name) ? new Map<unknown, number>() : null
      if (own) places.set(t.name, own)
      const idAt = t.columns.indexOf('id')
      // the tables referred to come first (TABLES' order): their places are known here
      const refs = t.columns.flatMap((c, i) => (REFERS[c] ? [{ i, places: places.get(REFERS[c]) }] : []))
      // the lines go to the hash in pieces of about 64 KiB, as in createEvidenceDigest (the same digest)
      let pending = ''
      let place = 0
      const given = written?.[t.name]
      // all rows at once: for the 50,000 results of a large report, faster than stepping through them
      const source = given ? asStored(t.name, given, t.typed) : t.readBack(fileId)
      for (const row of source) {
        place += 1
        const id = idAt >= 0 ? row[idAt] : place
        if (idAt >= 0) {
          const key = idKey(row[idAt])
          own?.set(key, place)
          // a file or report id beyond 2^53 is none the app wrote (numberRowId refuses it): an insider
          // renumbered the row, and the screens, which hold these ids as numbers, would mix it up with a
          // neighbour's (two reports' results read against one). Kept as it is, it matches no entry.
          row[idAt] = typeof key === 'bigint' && NUMBERED.has(t.name) ? `beyond 2^53: ${key}` : place
        }
        for (const r of refs) if (row[r.i] !== null) row[r.i] = r.places?.get(idKey(row[r.i])) ?? -1
        const line = `${JSON.stringify(row)}\n`
        pending += line
        if (pending.length >= 65_536) {
          h.update(pending)
          pending = ''
        }
        if (t.perRow) {
          const key = `${t.name}#${place}`
          rows[key] = nodeCrypto().createHash('sha256').update(line).digest('hex')
          names[key] = `${t.name}#${String(id)}`
        }
      }
      tables[t.name] = h.update(pending).digest('hex')
    }
    return { v: 2, tables, rows, names }
  }
}

/** A file's current digest, of the version its import entry recorded (v1 or the portable v2). */
export type DigestOf = (fileId: number, portable: boolean) => EvidenceDigest | PortableDigest

/**
 * The digests of the log check, kept: a file's rows are hashed again only when the file may have changed
 * (file-watch.ts, the same watch as the verified audit chain's): another connection committed (the import
 * worker, an outside writer), or this one wrote (the bundle importer writes evidence rows on this connection).
 */
export function createDigestCache(db: Db): DigestOf {
  const digest = createEvidenceDigest(db)
  const portable = createPortableDigest(db)
  const watch = createFileWatch(db)
  const kept = new Map<string, { version: string; digest: EvidenceDigest | PortableDigest }>()
  return (fileId, v2) => {
    const stamp = watch.stamp()
    const version = `${stamp.others}/${stamp.own}`
    const key = `${fileId}/${v2 ? 2 : 1}`
    const known = kept.get(key)
    if (known?.version === version) return known.digest
    const fresh = v2 ? portable(fileId) : digest(fileId)
    kept.set(key, { version, digest: fresh })
    return fresh
  }
}
