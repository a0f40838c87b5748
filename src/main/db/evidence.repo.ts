import type { Db } from './connection'
import { DomainError } from '../errors'
import { MAX_FILE_BYTES } from '../../shared/ipc/upload'
import { sha256Hex } from '../node-crypto'
import type { ParsedInvocation } from '../../shared/domain/report'
import { writtenRow, writtenTo, type WrittenRows } from './evidence-digest'
import { createRowIds, numberRowId } from './row-id'
import type {
  ImportedFileInfo,
  ImportKind,
  ImportReceipt,
  ReportInfo,
  SignatureState
} from '../../shared/domain/types'

/** A report of any kind (SCS compliance check, RefStack run, JUnit run), ready to store. */
export interface ReportToStore {
  readonly kind: 'scs-report' | 'refstack' | 'junit'
  readonly docIndex: number
  readonly schemeId: string | null
  readonly specUuid: string | null
  readonly subject: string
  readonly checkedAt: string
  readonly referenceDate: string
  readonly runUuid: string | null
  readonly signature: SignatureState
  readonly meta: Readonly<Record<string, unknown>>
  readonly invocations: readonly ParsedInvocation[]
  readonly results: readonly {
    readonly testcase: string
    readonly value: -1 | 0 | 1
    readonly invocation: string | null
    /** whether the scope defines the testcase; see knownTestcases */
    readonly known?: boolean
    readonly durationSeconds?: number | null
    readonly detail?: string | null
  }[]
  /** when given, a result is known exactly when its testcase is in this set (no copy of 50,000 results) */
  readonly knownTestcases?: ReadonlySet<string>
}

interface FileRow {
  id: number
  file_name: string
  sha256: string
  size: number
  kind: string
  imported_at: string
  receipt: string
}
interface ReportRow {
  id: number
  file_id: number
  subject: string
  scheme_id: string | null
  checked_at: string
  reference_date: string
  run_uuid: string | null
  signature: string
}
export interface ResultJoinRow {
  id: number
  report_id: number
  subject: string
  scheme_id: string | null
  testcase_id: string
  result: -1 | 0 | 1
  checked_at: string
}

interface StoredInputRow {
  file_name: string
  sha256: string
  size: number
  bytes: Buffer | null
  encoding: InputEncoding | null
  signature_name: string | null
  signature: Buffer | null
}

/** An imported file as kept for case bundles: its own bytes, never the stored encoding. */
export interface StoredInput {
  readonly file_name: string
  readonly sha256: string
  readonly bytes: Buffer | null
  readonly signature_name: string | null
  readonly signature: Buffer | null
}

type InputEncoding = 'identity' | 'deflate-raw'

const zlib = () => process.getBuiltinModule('node:zlib')

/** An imported file's bytes as the workspace keeps them (v100): raw DEFLATE. */
export interface KeptBytes {
  readonly bytes: Buffer
  readonly encoding: InputEncoding
}

/**
 * A file's bytes made ready to keep: raw DEFLATE at its fastest level (a 10 MB report in about 10 ms, to a
 * tenth or less). An import calls it before it takes the write lock, so the lock is not held while it runs.
 */
export function keepBytes(bytes: Uint8Array): KeptBytes {
  return { bytes: zlib().deflateRawSync(bytes, { level: 1 }), encoding: 'deflate-raw' }
}

/**
 * A kept file's own bytes. They must inflate to no more than the size recorded at import and hash to its
 * SHA-256: bytes changed in the workspace file behind the app are refused here, naming the file, and are
 * never handed on (a bundle made of them would carry another file under the recorded hash).
 */
function fileBytesOf(row: StoredInputRow): StoredInput {
  const { size: _size, encoding: _encoding, ...input } = row
  if (!row.bytes) return input
  const changed = (why: string): DomainError =>
    new DomainError(
      'CONFLICT',
      `The kept bytes of ${row.file_name} ${why}: the workspace file was changed outside the app.`
    )
  let bytes: Buffer
  if (row.encoding === 'deflate-raw') {
    try {
      // never more than the recorded size, nor than any file an import takes: an edited row cannot make
      // this inflate without bound
      bytes = zlib().inflateRawSync(row.bytes, {
        maxOutputLength: Math.max(1, Math.min(row.size, MAX_FILE_BYTES))
      })
    } catch {
      throw changed('do not inflate to the file imported')
    }
  } else bytes = row.bytes
  if (bytes.length !== row.size || sha256Hex(bytes) !== row.sha256)
    throw changed('do not match the SHA-256 recorded at its import')
  return { ...input, bytes }
}

/** testcase_results' columns in the table's order: a report's results are written as lists of these */
const RESULT_COLUMNS = [
  'id',
  'report_id',
  'testcase_id',
  'result',
  'invocation_id',
  'known',
  'duration_seconds',
  'detail'
] as const

/** Imported files, reports, invocations and testcase results. Writes are meant to run inside one transaction per file. */
export function createEvidenceRepo(db: Db) {
  // the new rows' ids exactly (createRowIds), whatever ids SQLite picks
  const rowId = createRowIds(db)
  const fileBySha = db.prepare<[string, string], FileRow>(
    "SELECT * FROM imported_files WHERE ifnull(case_id, '') = ? AND sha256 = ?"
  )
  const filesOfCase = db.prepare<[string], FileRow>(
    'SELECT * FROM imported_files WHERE case_id = ? ORDER BY id'
  )
  const hashesOfCase = db.prepare<[string], { id: number; fileName: string; sha256: string }>(
    'SELECT id, file_name AS fileName, sha256 FROM imported_files WHERE case_id = ? ORDER BY id'
  )
  const insFile = db.prepare(
    'INSERT INTO imported_files (case_id, file_name, sha256, size, kind, imported_at, receipt) VALUES (?, ?, ?, ?, ?, ?, ?)'
  )
  const insReport = db.prepare(`INSERT INTO reports
    (case_id, file_id, doc_index, kind, scheme_id, spec_uuid, subject, checked_at, reference_date, run_uuid, signature, meta)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insInvocation = db.prepare(`INSERT INTO invocations
    (report_id, invocation_key, cmd, rc, stdout, stderr, info, warning, error, critical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  // two statements: most rows have no duration and no detail, and every bound value costs (npm run bench)
  const insResult = db.prepare(
    'INSERT INTO testcase_results (report_id, testcase_id, result, invocation_id, known) VALUES (?, ?, ?, ?, ?)'
  )
  const insResultDetail = db.prepare(`INSERT INTO testcase_results
    (report_id, testcase_id, result, invocation_id, known, duration_seconds, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const updReceipt = db.prepare('UPDATE imported_files SET receipt = ? WHERE id = ?')
  const fileNameOf = db.prepare<[number], { file_name: string }>(
    'SELECT file_name FROM imported_files WHERE id = ?'
  )
  const insInput = db.prepare(
    'INSERT INTO input_files (file_id, bytes, encoding, signature_name, signature) VALUES (?, ?, ?, ?, ?)'
  )
  const inputsOfCase = db.prepare<[string], StoredInputRow>(
    `SELECT f.file_name, f.sha256, f.size, i.bytes, i.encoding, i.signature_name, i.signature
     FROM imported_files f LEFT JOIN input_files i ON i.file_id = f.id WHERE f.case_id = ? ORDER BY f.id`
  )
  const reviewReports = db.prepare<
    [string],
    {
      id: number
      file: string
      scheme_id: string | null
      subject: string
      checked_at: string
      signature: string
      forced: string | null
      kind: string
      guideline: string | null
    }
  >(
    `SELECT r.id, f.file_name AS file, r.kind, r.scheme_id, r.subject, r.checked_at, r.signature,
       r.meta ->> '$.forcedVersion' AS forced, r.meta ->> '$.guideline' AS guideline
     FROM reports r JOIN imported_files f ON f.id = r.file_id WHERE r.case_id = ? ORDER BY r.id`
  )
  const reviewResults = db.prepare<[string], { reportId: number; testcase: string; value: -1 | 0 | 1 }>(
    `SELECT t.report_id AS reportId, t.testcase_id AS testcase, t.result AS value
     FROM testcase_results t JOIN reports r ON r.id = t.report_id WHERE r.case_id = ?`
  )
  // the results of some testcases only (and every RefStack result, which proves the OPC module)
  const reviewResultsOf = db.prepare<
    [string, string],
    { reportId: number; testcase: string; value: -1 | 0 | 1 }
  >(
    `SELECT t.report_id AS reportId, t.testcase_id AS testcase, t.result AS value
     FROM testcase_results t JOIN reports r ON r.id = t.report_id
     WHERE r.case_id = ? AND (t.testcase_id IN (SELECT value FROM json_each(?)) OR r.kind = 'refstack')`
  )
  const logOf = db.prepare<
    [number, string],
    {
      cmd: string
      rc: number | null
      stdout: string
      stderr: string
      file: string
      checked_at: string
      duration_seconds: number | null
      detail: string | null
    }
  >(
    `SELECT i.cmd, i.rc, i.stdout, i.stderr, f.file_name AS file, r.checked_at, t.duration_seconds, t.detail
     FROM testcase_results t JOIN reports r ON r.id = t.report_id JOIN imported_files f ON f.id = r.file_id
     LEFT JOIN invocations i ON i.id = t.invocation_id WHERE t.report_id = ? AND t.testcase_id = ? LIMIT 1`
  )
  const reportsOfCase = db.prepare<[string], ReportRow>(
    'SELECT id, file_id, subject, scheme_id, checked_at, reference_date, run_uuid, signature FROM reports WHERE case_id = ? ORDER BY id'
  )
  const resultsOfCase = db.prepare<
    [string],
    ResultJoinRow
  >(`SELECT t.id, t.report_id, r.subject, r.scheme_id, t.testcase_id, t.result, r.checked_at
    FROM testcase_results t JOIN reports r ON r.id = t.report_id WHERE r.case_id = ? ORDER BY r.subject, t.testcase_id, r.checked_at`)

  const toFile = (r: FileRow): ImportedFileInfo => ({
    id: r.id,
    file: r.file_name,
    sha256: r.sha256,
    size: r.size,
    kind: r.kind as ImportKind,
    importedAt: r.imported_at,
    receipt: JSON.parse(r.receipt) as ImportReceipt
  })

  return {
    findFile(caseId: string | null, sha256: string): ImportedFileInfo | null {
      const r = fileBySha.get(caseId ?? '', sha256)
      return r ? toFile(r) : null
    },
    /** Rewrites a file's receipt, in the table and in its row in `written` (insertFile put it there) */
    updateReceipt(fileId: number, receipt: ImportReceipt, written: WrittenRows): void {
      const json = JSON.stringify(receipt)
      updReceipt.run(json, fileId)
      const table = written['imported_files']
      const row = table?.rows.find((r) => r[table.columns.indexOf('id')] === fileId)
      // insertFile put it there: without it the entry would record the receipt the file row no longer holds
      if (!table || !row) throw new Error(`the written rows lack imported_files#${fileId}`)
      row[table.columns.indexOf('receipt')] = json
    },
    listFiles: (caseId: string): ImportedFileInfo[] => filesOfCase.all(caseId).map(toFile),
    /** a case's files in import order: id, name and SHA-256 only (the log check) */
    fileHashes: (caseId: string): { id: number; fileName: string; sha256: string }[] =>
      hashesOfCase.all(caseId),
    /**
     * the bytes of an imported file (made ready by keepBytes) and of its detached signature, for case
     * bundles
     */
    insertInput(
      fileId: number,
      kept: KeptBytes,
      signature: { name: string; bytes: Uint8Array } | null
    ): void {
      insInput.run(
        fileId,
        kept.bytes,
        kept.encoding,
        signature?.name ?? null,
        signature ? Buffer.from(signature.bytes) : null
      )
    },
    /**
     * a case's imported files in import order, with their own bytes (null for files imported before v50),
     * each checked against the SHA-256 recorded at its import
     */
    inputsOfCase: (caseId: string): StoredInput[] => inputsOfCase.all(caseId).map(fileBytesOf),
    /** Writes a file's row, and puts it into `written` as bound (evidence-digest.ts) */
    insertFile(caseId: string | null, receipt: ImportReceipt, written: WrittenRows): number {
      const row = {
        case_id: caseId,
        file_name: receipt.file,
        sha256: receipt.sha256,
        size: receipt.size,
        kind: receipt.kind,
        imported_at: receipt.importedAt,
        receipt: JSON.stringify(receipt)
      }
      const id = numberRowId(
        insFile.run(row.case_id, row.file_name, row.sha256, row.size, row.kind, row.imported_at, row.receipt),
        'imported_files',
        `nothing of ${receipt.file} was imported`
      )
      writtenRow(written, 'imported_files', { id, ...row })
      return id
    },
    /**
     * Writes a report, its invocations and its results, and puts each row as bound into `written`, from
     * which the import's evidence digest is made (evidence-digest.ts). Call inside the file's transaction.
     */
    insertReport(caseId: string, fileId: number, report: ReportToStore, written: WrittenRows): number {
      const row = {
        case_id: caseId,
        file_id: fileId,
        doc_index: report.docIndex,
        kind: report.kind,
        scheme_id: report.schemeId,
        spec_uuid: report.specUuid,
        subject: report.subject,
        checked_at: report.checkedAt,
        reference_date: report.referenceDate,
        run_uuid: report.runUuid,
        signature: report.signature,
        meta: JSON.stringify(report.meta)
      }
      const reportId = numberRowId(
        insReport.run(
          row.case_id,
          row.file_id,
          row.doc_index,
          row.kind,
          row.scheme_id,
          row.spec_uuid,
          row.subject,
          row.checked_at,
          row.reference_date,
          row.run_uuid,
          row.signature,
          row.meta
        ),
        'reports',
        () => `nothing of ${fileNameOf.get(fileId)?.file_name ?? 'the file'} was imported`
      )
      writtenRow(written, 'reports', { id: reportId, ...row })
      const invIds = new Map<string, number | bigint>()
      for (const inv of report.invocations) {
        const stdout = JSON.stringify(inv.stdout)
        const stderr = JSON.stringify(inv.stderr)
        const id = rowId(
          insInvocation.run(
            reportId,
            inv.id,
            inv.cmd,
            inv.rc,
            stdout,
            stderr,
            inv.info,
            inv.warning,
            inv.error,
            inv.critical
          ),
          'invocations'
        )
        invIds.set(inv.id, id)
        writtenRow(written, 'invocations', {
          id,
          report_id: reportId,
          invocation_key: inv.id,
          cmd: inv.cmd,
          rc: inv.rc,
          stdout,
          stderr,
          info: inv.info,
          warning: inv.warning,
          error: inv.error,
          critical: inv.critical
        })
      }
      const knownSet = report.knownTestcases
      const results = writtenTo(written, 'testcase_results', RESULT_COLUMNS)
      for (const r of report.results) {
        const inv = r.invocation ? (invIds.get(r.invocation) ?? null) : null
        const known = (knownSet ? knownSet.has(r.testcase) : r.known) ? 1 : 0
        const duration = r.durationSeconds ?? null
        const detail = r.detail ?? null
        const id = rowId(
          duration === null && detail === null
            ? insResult.run(reportId, r.testcase, r.value, inv, known)
            : insResultDetail.run(reportId, r.testcase, r.value, inv, known, duration, detail),
          'testcase_results'
        )
        results.push([id, reportId, r.testcase, r.value, inv, known, duration, detail])
      }
      return reportId
    },
    listReports: (caseId: string): ReportInfo[] =>
      reportsOfCase.all(caseId).map((r) => ({
        id: r.id,
        fileId: r.file_id,
        subject: r.subject,
        schemeId: r.scheme_id ?? '',
        checkedAt: r.checked_at,
        referenceDate: r.reference_date,
        runUuid: r.run_uuid,
        signature: r.signature as SignatureState
      })),
    listResults: (caseId: string): ResultJoinRow[] => resultsOfCase.all(caseId),
    /** the lean shapes reconciliation needs */
    /** the lean shapes reconciliation needs; `testcases` narrows the results to those testcases */
    reviewInput: (caseId: string, testcases?: readonly string[]) => ({
      reports: reviewReports.all(caseId).map((r) => ({
        id: r.id,
        file: r.file,
        schemeId: r.scheme_id,
        subject: r.subject,
        checkedAt: r.checked_at,
        signature: r.signature as SignatureState,
        forcedVersion: typeof r.forced === 'string' ? r.forced : null,
        kind: r.kind,
        guideline: r.guideline
      })),
      results: testcases ? reviewResultsOf.all(caseId, JSON.stringify(testcases)) : reviewResults.all(caseId)
    }),
    /**
     * What the report says about one result: its own detail (a JUnit failure message, why a RefStack test
     * counts as failed) and duration, then the log lines of the invocation that produced it (the lines that
     * name the testcase, then stderr).
     */
    logExcerpt(
      reportId: number,
      testcase: string
    ): { file: string; checkedAt: string; cmd: string; rc: number | null; lines: string[] } | null {
      const r = logOf.get(reportId, testcase)
      if (!r) return null
      const stdout = r.stdout ? (JSON.parse(r.stdout) as string[]) : []
      const stderr = r.stderr ? (JSON.parse(r.stderr) as string[]) : []
      const own = stdout.filter((l) => l.includes(testcase))
      return {
        file: r.file,
        checkedAt: r.checked_at,
        cmd: r.cmd ?? '',
        rc: r.rc,
        lines: [
          ...(r.detail !== null ? [`detail: ${r.detail}`] : []),
          ...(r.duration_seconds !== null ? [`duration: ${r.duration_seconds} s`] : []),
          ...own.slice(0, 200),
          ...stderr.slice(0, 200).map((l) => `stderr: ${l}`)
        ]
      }
    }
  }
}
export type EvidenceRepo = ReturnType<typeof createEvidenceRepo>
