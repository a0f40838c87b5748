// npm run bench: the bare insert of an import's rows, and the bare import as a whole process.
//
// sameRowsInserter(db, caseId) prepares plain statements for the rows an import of compliance-check reports
// writes (the file, each report, its invocations with their output, every result) into the workspace's own
// tables, and returns a function that inserts them from js-yaml's documents in one transaction, with no
// checks. scripts/bench.ts times it in its own process.
//
// node scripts/bench-bare-import.mjs FILE DB is the same work as a process of its own: it reads FILE, parses
// it with js-yaml (the CORE schema, as the import does) and inserts its rows into the workspace DB, which
// holds case 'c'. It prints {"work": ms}: the parse (decoding included) and the insert (commit included),
// timed inside the process, without Node's start, the loading of the two libraries or the opening of the
// file, so the bare work run once, with cold code, as any one CLI call runs it. scripts/bench.ts measures
// `cli.js import` against that, and against the whole process. Not part of the app.
import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import yaml from 'js-yaml'

export function sameRowsInserter(db, caseId) {
  const insFile = db.prepare(
    `INSERT INTO imported_files (case_id, file_name, sha256, size, kind, imported_at, receipt)
     VALUES (?, 'bare.yaml', 'x', 0, 'scs-report', '2026-01-01T00:00:00Z', '{}')`
  )
  const insReport = db.prepare(
    `INSERT INTO reports (case_id, file_id, doc_index, kind, scheme_id, spec_uuid, subject, checked_at, reference_date, run_uuid)
     VALUES (?, ?, ?, 'scs-report', 'scs-compatible-iaas', ?, ?, ?, ?, ?)`
  )
  const insInvocation = db.prepare(
    `INSERT INTO invocations (report_id, invocation_key, cmd, rc, stdout, stderr, info, warning, error, critical)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insResult = db.prepare(
    'INSERT INTO testcase_results (report_id, testcase_id, result, invocation_id, known) VALUES (?, ?, ?, ?, 1)'
  )
  return (docs) =>
    db.transaction(() => {
      const fileId = insFile.run(caseId).lastInsertRowid
      for (const [k, doc] of docs.entries()) {
        const reportId = insReport.run(
          caseId,
          fileId,
          k,
          doc.spec.uuid,
          doc.subject,
          doc.checked_at,
          doc.reference_date,
          doc.run.uuid
        ).lastInsertRowid
        for (const [key, inv] of Object.entries(doc.run.invocations)) {
          const invId = insInvocation.run(
            reportId,
            key,
            inv.cmd,
            inv.rc,
            JSON.stringify(inv.stdout),
            JSON.stringify(inv.stderr),
            inv.info,
            inv.warning,
            inv.error,
            inv.critical
          ).lastInsertRowid
          for (const [tc, v] of Object.entries(inv.results)) insResult.run(reportId, tc, v, invId)
        }
      }
    })()
}

if (process.argv[1] === import.meta.filename) {
  const [file, dbPath] = process.argv.slice(2)
  const bytes = readFileSync(file)
  const db = new Database(dbPath)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  const insert = sameRowsInserter(db, 'c')
  const t0 = performance.now()
  const docs = yaml.loadAll(new TextDecoder().decode(bytes), undefined, { schema: yaml.CORE_SCHEMA })
  insert(docs)
  const work = performance.now() - t0
  db.close()
  process.stdout.write(`${JSON.stringify({ work })}\n`)
}
