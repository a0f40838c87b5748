/**
 * The core every face shares: one workspace (SQLite file) with its repositories and services.
 * No electron import here or below.
 */
import { dirname, join } from 'node:path'
import { openDatabase, snapshot, writeTransaction, type Db } from './db/connection'
import { createRepos } from './db/repos'
import { createHolderRepo } from './db/holder.repo'
import { inlineParser, type FileParser } from './import/parser'
import type { AuditVerification, CreateCaseInput } from '../shared/ipc/contract'
import type { IncomingFile } from './import/service'
import { createIdentities } from './identity/identities'
import { createLogTruth } from './log-truth'
import { createDigestCache } from './db/evidence-digest'
import type { BundleDeps } from './bundle/deps'
import { loadSchemeRules, type RuleRegistry } from './scheme-rules'
import { shippedSchemes, storedSchemesHash } from './shipped-schemes'
import type * as BuiltinSchemes from './builtin-schemes'
import { createSchemeImport } from './import/scheme-import'
import { createScoring } from './score/scoring'
import { createImportStage, type ImportStage } from './import/import-stage'
import { createSignLedger, type SignLedger } from './pdf/ledger'
import { backupDatabase } from './db/backup'
import type { CasesService } from './cases/cases.service'
import type { ReviewService } from './review/review.service'
import type { ScoringService } from './score/scoring'
import type { DocumentsService } from './documents/service'
import type { Identities } from './identity/identities'
import type { SchemeImport } from './import/scheme-import'
import type { SchemesRepo } from './db/schemes.repo'
import type { CasesRepo } from './db/cases.repo'
import type { EvidenceRepo } from './db/evidence.repo'
import type { AuditRepo } from './db/audit.repo'
import type {
  AuditEntry,
  CaseSummary,
  ImportedFileInfo,
  LogExcerpt,
  SchemeDetail,
  SchemeSummary
} from '../shared/domain/types'
import { createCasesService } from './cases/cases.service'
import { createReviewService } from './review/review.service'
import { systemClock, type Clock } from './clock'
import { createDocumentsService } from './documents/service'

export interface WorkspaceOptions {
  readonly dbPath: string
  readonly resourcesDir: string
  readonly actor: string
  readonly parse?: FileParser
  /** the trust list of report signers (ssh-keygen allowed_signers format); default: allowed_signers beside the workspace */
  readonly allowedSignersPath?: string
  /**
   * the built import worker (out/main/import-worker.js): files are then parsed, checked and written off the
   * main thread, on the worker's own connection. Without it (tests, ':memory:') imports run inline.
   */
  readonly importWorkerFile?: string | null
  /** where "now" comes from (decision dates, audit and import times); the system's by default */
  readonly clock?: Clock
  /** set when the clock is fixed (AUDITOR_WORKBENCH_CLOCK): recorded with every export */
  readonly clockFixedAt?: string | null
}

/** openWorkspace must seed, and the scheme parsers are not loaded: load them (startCore does), then open again */
export class BuiltinSchemesNotLoaded extends Error {
  constructor() {
    super('The shipped schemes changed: call loadBuiltinSchemes() before openWorkspace().')
  }
}

/** builtin-schemes.ts, once loaded: the scheme parsers (and the schema library they need) */
let builtins: typeof BuiltinSchemes | null = null

/**
 * Loads what seeding the built-in schemes needs. openWorkspace seeds only when the shipped scheme files
 * changed since the workspace last saw them, and needs this loaded then; startCore loads it only then.
 */
export async function loadBuiltinSchemes(): Promise<void> {
  builtins ??= await import('./builtin-schemes')
}

export function openWorkspace(opts: WorkspaceOptions): Workspace {
  const db: Db = openDatabase(opts.dbPath)
  const clock = opts.clock ?? systemClock
  const repos = createRepos(db, clock)
  const { schemes, cases, evidence, audit, auditors } = repos
  const identities = createIdentities({ db, auditors, audit, clock })
  const logTruth = createLogTruth({ ...repos, digestOf: createDigestCache(db) })
  const documents = createDocumentsService({ db, ...repos, actor: opts.actor, clock })
  const allowedSignersPath =
    opts.allowedSignersPath ??
    (opts.dbPath === ':memory:' ? '' : join(dirname(opts.dbPath), 'allowed_signers'))
  const schemeImport = createSchemeImport({
    db,
    schemes,
    audit,
    parse: opts.parse ?? inlineParser,
    clock,
    actor: opts.actor
  })

  // the rule files are read when a review or verdict first needs them
  let registry: RuleRegistry | null = null
  const rules = (): RuleRegistry =>
    (registry ??= loadSchemeRules(opts.resourcesDir, builtins?.parseRules ?? null))
  // the built-in schemes are parsed and seeded only when the shipped files changed since the last seeding
  const shipped = shippedSchemes(opts.resourcesDir)
  if (storedSchemesHash(db) !== shipped.hash) {
    if (!builtins) {
      db.close()
      throw new BuiltinSchemesNotLoaded()
    }
    builtins.seedBuiltinSchemes({ db, schemes, audit, clock, shipped, rules })
  }

  const importing = createImportStage({
    db,
    dbPath: opts.dbPath,
    clock,
    actor: opts.actor,
    ...repos,
    attach: documents,
    parse: opts.parse ?? inlineParser,
    allowedSignersPath,
    importWorkerFile: opts.importWorkerFile ?? null
  })

  const reviewing = createReviewService({ db, clock, ...repos, rules })
  const { defaultDate, caseReview, decide, review } = reviewing
  const casesService = createCasesService({
    db,
    clock,
    actor: opts.actor,
    ...repos,
    logTruth,
    defaultDate,
    rules
  })
  const { createCase, caseDetail, caseResults, exportTemplate } = casesService
  const createCaseWithFiles: WorkspaceServices['createCaseWithFiles'] = (input, files) =>
    importing.importWithCase(() => createCase(input), files)

  /** The whole chain checked, and the case's tables replayed from it. */
  function verifyAuditLog(caseId: string): AuditVerification {
    cases.get(caseId)
    const chain = audit.check()
    const problems = logTruth.checkCase(caseId, chain, { documentBytes: true })
    return {
      ok: chain.broken === null && problems.length === 0,
      entries: chain.entries,
      caseEntries: audit.listForCase(caseId).length,
      head: chain.head,
      broken: chain.broken,
      problems
    }
  }

  const scoring = createScoring({ ...repos, rules, review: reviewing })
  // the reads that combine several queries see one snapshot of the file
  // the check a signature or a hand-over rests on hashes every evidence document of the case
  const checkCaseLog = snapshot(db, (caseId: string) =>
    logTruth.checkCase(caseId, undefined, { documentBytes: true })
  )
  const verdict = snapshot(db, scoring.verdict)
  const ledger = createSignLedger({
    dbPath: opts.dbPath,
    resourcesDir: opts.resourcesDir,
    clock,
    clockFixedAt: opts.clockFixedAt ?? null,
    ...repos,
    verdict,
    checkCaseLog,
    holder: createHolderRepo(db).state
  })

  const services: WorkspaceServices = {
    ...ledger,
    actor: opts.actor,
    allowedSignersPath,
    identities,
    documents,
    // cases
    listCases: () => cases.list(),
    getCase: (id) => cases.get(id),
    caseFiles: (id) => evidence.listFiles(id),
    caseAudit: (id) => audit.listForCase(id),
    logExcerpt: (reportId, testcase) => evidence.logExcerpt(reportId, testcase),
    createCase,
    createCaseWithFiles,
    caseDetail: snapshot(db, caseDetail),
    caseResults: snapshot(db, caseResults),
    exportTemplate,
    // schemes
    listSchemes: () => schemes.list(),
    scheme: (id) => schemes.get(id),
    previewScheme: schemeImport.preview,
    importScheme: schemeImport.apply,
    // import
    importFiles: importing.importFiles,
    importOne: importing.importOne,
    warmUpImporter: importing.warmUp,
    startImporter: importing.start,
    stopImporter: importing.stop,
    // review
    caseReview: snapshot(db, caseReview),
    decide,
    review,
    // score
    roundDiff: snapshot(db, scoring.roundDiff),
    carryForward: scoring.carryForward,
    // the log and the file
    verifyAuditLog: snapshot(db, verifyAuditLog),
    backup: (out) => backupDatabase(db, out),
    close: (): void => {
      void importing.stop()
      db.close()
    }
  }
  return {
    ...services,
    schemes,
    cases,
    evidence,
    audit,
    bundleDeps: {
      actor: opts.actor,
      clock,
      schemes,
      cases,
      evidence,
      audit,
      decisions: repos.decisions,
      documentRows: repos.documents,
      documents,
      identities,
      checkCaseLog: ledger.checkCaseLog,
      holder: ledger.holder,
      readForReplay: importing.readForReplay,
      replayImport: importing.replayImport,
      logTruth,
      writeTransaction: (fn) => writeTransaction(db, fn)
    }
  }
}

/**
 * What the faces (handlers, CLI, PDF export) use: the stages' services. The database and the raw
 * repositories are not in it; lint keeps the faces from reaching for them.
 */
export interface WorkspaceServices extends SignLedger {
  readonly actor: string
  /** the trust list of report signers (ssh-keygen allowed_signers format) */
  readonly allowedSignersPath: string
  /** the roster: auditors' names and keys */
  readonly identities: Identities
  /** evidence documents attached to a case */
  readonly documents: DocumentsService
  listCases(): CaseSummary[]
  /** the case (NOT_FOUND when there is none) */
  getCase(caseId: string): CaseSummary
  /** the files imported into a case */
  caseFiles(caseId: string): ImportedFileInfo[]
  caseAudit(caseId: string): AuditEntry[]
  logExcerpt(reportId: number, testcase: string): LogExcerpt | null
  createCase: CasesService['createCase']
  /** a new case and its files in one transaction: all or nothing (the demo case) */
  createCaseWithFiles(input: CreateCaseInput, files: readonly IncomingFile[]): Promise<CaseSummary>
  caseDetail: CasesService['caseDetail']
  caseResults: CasesService['caseResults']
  exportTemplate: CasesService['exportTemplate']
  listSchemes(): SchemeSummary[]
  scheme(id: string): SchemeDetail
  /** the explicit scheme update: what a scope file or guideline would change, and applying it */
  previewScheme: SchemeImport['preview']
  importScheme: SchemeImport['apply']
  importFiles: ImportStage['importFiles']
  importOne: ImportStage['importOne']
  /** the app's faces start the import worker at once, so that the first import is not a cold one */
  warmUpImporter: ImportStage['warmUp']
  /** starts the import worker now, so that it loads while the caller reads its files (the CLI) */
  startImporter: ImportStage['start']
  /** stops the import worker; a file still queued is refused, one being written is rolled back */
  stopImporter: ImportStage['stop']
  caseReview: ReviewService['caseReview']
  decide: ReviewService['decide']
  review: ReviewService['review']
  roundDiff: ScoringService['roundDiff']
  carryForward: ScoringService['carryForward']
  /** the whole chain checked, and the case's tables replayed from it */
  verifyAuditLog(caseId: string): AuditVerification
  /** a consistent, checked copy of the workspace in a new file */
  backup(out: string): { file: string; bytes: number; auditEntries: number }
  close(): void
}

/**
 * The services, some repositories for reading in tests, and what the case bundle works on. The connection
 * itself stays inside: a test that plays the insider opens its own connection to the file (tests/helpers/insider.ts).
 */
export interface Workspace extends WorkspaceServices {
  readonly schemes: SchemesRepo
  readonly cases: CasesRepo
  readonly evidence: EvidenceRepo
  readonly audit: AuditRepo
  /** what the case bundle (bundle/export.ts, bundle/import.ts) works on */
  readonly bundleDeps: BundleDeps
}
