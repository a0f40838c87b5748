import { nodeCrypto } from '../node-crypto'
import type { Db } from './connection'

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
      for (const row of t.stmt.iterate(fileId) as IterableIterator<unknown[]>) {
        const line = `${JSON.stringify(row)}\n`
        h.update(line)
        if (t.perRow)
          rows[`${t.name}#${String(row[0])}`] = nodeCrypto().createHash('sha256').update(line).digest('hex')
      }
      tables[t.name] = h.digest('hex')
    }
    return { tables, rows }
  }
}
