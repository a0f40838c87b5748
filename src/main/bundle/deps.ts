/**
 * What the case bundle works on, passed explicitly: the repositories it reads and replays into, the stages it
 * uses, and one write transaction on the workspace's connection (it never sees the connection itself).
 * openWorkspace (workspace.ts) makes it; the bundle's code loads only when a bundle is used.
 */
import type { Clock } from '../clock'
import type { Repos } from '../db/repos'
import type { Identities } from '../identity/identities'
import type { DocumentsService } from '../documents/service'
import type { ImportStage } from '../import/import-stage'
import type { LogTruth } from '../log-truth'
import type { SignLedger } from '../pdf/ledger'

export interface BundleDeps {
  /** who records the bundle.import entry */
  readonly actor: string
  readonly clock: Clock
  readonly schemes: Repos['schemes']
  readonly cases: Repos['cases']
  readonly evidence: Repos['evidence']
  readonly audit: Repos['audit']
  readonly decisions: Repos['decisions']
  /** the documents' rows, written by a replay */
  readonly documentRows: Repos['documents']
  /** the documents as the case shows them, read by an export */
  readonly documents: DocumentsService
  readonly identities: Identities
  readonly checkCaseLog: SignLedger['checkCaseLog']
  readonly holder: SignLedger['holder']
  /** an input file read for its replay, before the transaction: parsed, hashed, its bytes made ready to keep */
  readonly readForReplay: ImportStage['readForReplay']
  /** the import writer: a file's rows, and its import entry's payload, as an import makes them */
  readonly replayImport: ImportStage['replayImport']
  readonly logTruth: LogTruth
  /** runs `fn` in one write transaction (BEGIN IMMEDIATE) on the workspace's connection: one per command */
  writeTransaction<T>(fn: () => T): T
}

/** What carries the bundle's dependencies: the Workspace does. */
export interface BundleHost {
  readonly bundleDeps: BundleDeps
}
