/**
 * The import stage: files dropped on a case go to their importers (off the main thread, through the import
 * worker, when the app runs built) or, when they are no known input format, are attached as evidence
 * documents. Each file is one transaction; a refused file leaves nothing behind.
 */
import type { Db } from '../db/connection'
import type { Repos } from '../db/repos'
import { routeOf } from './route'
import { WorkerDiedError } from '../errors'
import { isoNow, type Clock } from '../clock'
import type { ImportReceipt } from '../../shared/domain/types'
import type { ImportOutcome } from '../../shared/ipc/contract'
import type { FileParser } from './parser'
import { loadAllowedSigners } from './sshsig'
import { sha256Hex } from '../node-crypto'
import { createImportService, type ImportService, type IncomingFile, type ProgressSink } from './service'
import { createWorkerImporter } from './worker-client'

/** What the import stage needs of the documents service: attaching files as evidence documents. */
export interface DocumentAttacher {
  attachMany(caseId: string, files: readonly IncomingFile[]): Promise<ImportOutcome[]>
}

export interface ImportStageDeps extends Pick<
  Repos,
  'schemes' | 'cases' | 'evidence' | 'audit' | 'submissions'
> {
  readonly db: Db
  readonly dbPath: string
  readonly clock: Clock
  readonly actor: string
  /** where a file of no known input format goes: attached as an evidence document */
  readonly attach: DocumentAttacher
  readonly parse: FileParser
  /** the trust list of report signers (ssh-keygen allowed_signers format); '' for none */
  readonly allowedSignersPath: string
  /** the built import worker; null (tests, ':memory:'): imports run inline */
  readonly importWorkerFile: string | null
}

export interface ImportStage {
  /** known input formats go to their importers; every other file is attached as an evidence document */
  importFiles(
    caseId: string,
    files: readonly IncomingFile[],
    progress?: ProgressSink
  ): Promise<ImportOutcome[]>
  /** one file to its importer (a refusal throws) */
  importOne(caseId: string, file: IncomingFile): Promise<ImportReceipt>
  /** starts the import worker and lets it compile its parser in the background (the app, at start) */
  warmUp(): void
  /** starts the import worker now, so that it loads while the caller reads its files (the CLI) */
  start(): void
  /** stops the import worker; a file still queued is refused, one being written is rolled back */
  stop(): Promise<void>
  /** a case bundle's input file read for its replay (bundle/import.ts), before the bundle's transaction */
  readForReplay: ImportService['readForReplay']
  /** a case bundle's import entry replayed (bundle/import.ts), inside the bundle's transaction */
  replayImport: ImportService['replayImport']
  /** a new case and its files in one transaction, all or nothing (the demo case) */
  importWithCase: ImportService['importWithCase']
}

export function createImportStage(d: ImportStageDeps): ImportStage {
  const worker =
    d.importWorkerFile && d.dbPath !== ':memory:'
      ? createWorkerImporter(d.importWorkerFile, {
          dbPath: d.dbPath,
          actor: d.actor,
          allowedSignersPath: d.allowedSignersPath
        })
      : null
  const runOne = worker
    ? async (caseId: string, file: IncomingFile): Promise<ImportReceipt> => {
        try {
          return await worker.importOne(caseId, file, isoNow(d.clock))
        } catch (error) {
          // a worker that died after its commit and before its reply: the file is stored, and says so
          if (error instanceof WorkerDiedError) {
            const stored = d.evidence.findFile(caseId, sha256Hex(file.bytes))
            if (stored) return { ...stored.receipt, file: file.name }
          }
          throw error
        }
      }
    : undefined
  const importer = createImportService({
    db: d.db,
    schemes: d.schemes,
    evidence: d.evidence,
    audit: d.audit,
    cases: d.cases,
    submissions: d.submissions,
    parse: d.parse,
    actor: d.actor,
    clock: d.clock,
    trustedSigners: () => loadAllowedSigners(d.allowedSignersPath || null),
    ...(runOne ? { runOne } : {})
  })

  return {
    importFiles: async (caseId, files, progress) => {
      const routes = await Promise.all(
        files.map(async (f) => (/\.sig$/i.test(f.name) ? 'import' : await routeOf(f.bytes)))
      )
      const docs = files.filter((_, i) => routes[i] === 'document')
      const rest = files.filter((f) => !docs.includes(f))
      const imported = rest.length ? await importer.importMany(caseId, rest, progress) : []
      // the importers' outcomes (refused orphan signatures first), then the documents', in the order given
      return [...imported, ...(docs.length ? await d.attach.attachMany(caseId, docs) : [])]
    },
    importOne: (caseId, file) => (runOne ?? importer.importOne)(caseId, file),
    warmUp: () => worker?.warmUp(),
    start: () => worker?.start(),
    stop: async () => worker?.close(),
    readForReplay: importer.readForReplay,
    replayImport: importer.replayImport,
    importWithCase: importer.importWithCase
  }
}
