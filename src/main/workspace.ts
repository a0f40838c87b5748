/**
 * The core every face shares: one workspace (SQLite file) with its repositories and services.
 * No electron import here or below.
 */
import { statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { dirname, join } from 'node:path'
import { openDatabase, snapshot, writeTransaction, type Db } from './db/connection'
import { createSchemesRepo } from './db/schemes.repo'
import { createCasesRepo, CASE_ID_PATTERN } from './db/cases.repo'
import { createEvidenceRepo } from './db/evidence.repo'
import { createAuditRepo } from './db/audit.repo'
import { createSubmissionsRepo } from './db/submissions.repo'
import { inlineParser, type FileParser } from './import/parser'
import { DomainError } from './errors'
import { evaluateVersion, existsAt, expiryDate, RESULT_NAME } from '../shared/domain/evaluate'
import { criteriaByTestcase, versionStatusAt } from '../shared/domain/scope-status'
import type { CaseDetail, CaseSummary, ResultRow, VersionEvaluation } from '../shared/domain/types'
import type { AuditVerification, CreateCaseInput } from '../shared/ipc/contract'
import { createDecisionsRepo } from './db/decisions.repo'
import { createAuditorsRepo } from './db/auditors.repo'
import { createIdentities } from './identity/identities'
import { createLogTruth } from './log-truth'
import { loadSchemeRules, type RuleRegistry } from './scheme-rules'
import { shippedSchemes, storedSchemesHash } from './shipped-schemes'
import type * as BuiltinSchemes from './builtin-schemes'
import { createSchemeImport } from './import/scheme-import'
import { createScoring } from './score/scoring'
import { createImportStage } from './import/import-stage'
import { checkDate, createReviewService } from './review/review.service'
import type { Verdict } from '../shared/domain/verdict-types'
import { isoNow, systemClock, type Clock } from './clock'
import { createDocumentsRepo } from './db/documents.repo'
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

export function openWorkspace(opts: WorkspaceOptions) {
  const db: Db = openDatabase(opts.dbPath)
  const clock = opts.clock ?? systemClock
  const schemes = createSchemesRepo(db, clock)
  const cases = createCasesRepo(db, clock)
  const evidence = createEvidenceRepo(db)
  const audit = createAuditRepo(db, clock)
  const submissions = createSubmissionsRepo(db)
  const decisions = createDecisionsRepo(db)
  const auditors = createAuditorsRepo(db)
  const identities = createIdentities({ db, auditors, audit, clock })
  const logTruth = createLogTruth(db, audit)
  const documentsRepo = createDocumentsRepo(db)
  const documents = createDocumentsService({
    db,
    cases,
    documents: documentsRepo,
    decisions,
    audit,
    actor: opts.actor,
    clock
  })
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
    schemes,
    cases,
    evidence,
    audit,
    submissions,
    documents,
    parse: opts.parse ?? inlineParser,
    allowedSignersPath,
    importWorkerFile: opts.importWorkerFile ?? null
  })

  const reviewing = createReviewService({
    db,
    clock,
    schemes,
    cases,
    evidence,
    audit,
    submissions,
    decisions,
    documents: documentsRepo,
    rules
  })
  const { defaultDate, caseReview, decide, review } = reviewing

  function createCase(input: CreateCaseInput): CaseSummary {
    if (!CASE_ID_PATTERN.test(input.id)) {
      throw new DomainError(
        'USAGE',
        `A case id is 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit; "${input.id}" is not.`
      )
    }
    const scheme = schemes.get(input.schemeId)
    if (!scheme.versions.includes(input.schemeVersion)) {
      throw new DomainError(
        'USAGE',
        `Scheme ${scheme.id} has no version "${input.schemeVersion}". Versions: ${scheme.versions.join(', ')}.`
      )
    }
    if (cases.find(input.id)) throw new DomainError('CONFLICT', `A case "${input.id}" already exists.`)
    const previous = input.previousCaseId ? cases.get(input.previousCaseId) : null
    if (previous && previous.schemeId !== scheme.id)
      throw new DomainError(
        'USAGE',
        `Case ${previous.id} is for ${previous.schemeId}; the next round must be for the same scheme, not ${scheme.id}.`
      )
    const now = isoNow(clock)
    const round = previous ? previous.round + 1 : 1
    const title =
      input.title?.trim() ||
      `${scheme.name} ${input.schemeVersion}: ${input.id}${previous ? ` (round ${round})` : ''}`
    writeTransaction(db, () => {
      cases.insert(
        {
          id: input.id,
          title,
          schemeId: scheme.id,
          schemeVersion: input.schemeVersion,
          round,
          previousCaseId: previous?.id ?? null
        },
        now
      )
      audit.append(opts.actor, 'case.create', input.id, {
        schemeId: scheme.id,
        schemeVersion: input.schemeVersion,
        title,
        ...(previous ? { round, previousCaseId: previous.id } : {})
      })
    })
    return cases.get(input.id)
  }

  function caseDetail(id: string, at?: string): CaseDetail {
    const decisionDate = checkDate(at, defaultDate(id), 'decision date')
    const c = cases.get(id)
    const scheme = schemes.get(c.schemeId)
    const reports = evidence.listReports(id)
    const results = evidence.listResults(id)
    const subjects = [
      ...new Set(
        reports
          .filter((r) => r.schemeId === c.schemeId && existsAt(r.checkedAt, decisionDate))
          .map((r) => r.subject)
      )
    ].sort()
    const evaluations: VersionEvaluation[] = []
    for (const subject of subjects) {
      const obs = results
        .filter((r) => r.subject === subject && r.scheme_id === c.schemeId)
        .map((r) => ({ testcase: r.testcase_id, value: r.result, checkedAt: r.checked_at }))
      for (const v of scheme.scope.versions) {
        const status = versionStatusAt(scheme.scope, v.version, decisionDate)
        if (status === 'deprecated' && v.version !== c.schemeVersion) continue
        evaluations.push(evaluateVersion(scheme.scope, v.version, subject, obs, decisionDate))
      }
    }
    const { scope: _scope, ...summary } = scheme
    const chain = audit.check()
    return {
      case: c,
      scheme: summary,
      versions: scheme.scope.versions.map((v) => ({
        version: v.version,
        status: versionStatusAt(scheme.scope, v.version, decisionDate),
        stabilizedAt: v.stabilizedAt
      })),
      files: evidence.listFiles(id),
      reports,
      evaluations,
      decisionDate,
      audit: { ...chain, problems: logTruth.checkCase(id, chain) }
    }
  }

  function caseResults(id: string, at?: string): ResultRow[] {
    const decisionDate = checkDate(at, defaultDate(id), 'decision date')
    const c = cases.get(id)
    const scopes = new Map<string, ReturnType<typeof schemes.get>>()
    const scopeOf = (schemeId: string | null) => {
      if (!schemeId) return null
      if (!scopes.has(schemeId)) scopes.set(schemeId, schemes.get(schemeId))
      return scopes.get(schemeId)!
    }
    const byTc = new Map<string, Map<string, string[]>>()
    const lifetimes = new Map<
      string,
      Map<string, ReturnType<typeof schemes.get>['scope']['testcases'][number]['lifetime']>
    >()
    return evidence.listResults(id).map((r) => {
      const s = scopeOf(r.scheme_id)
      const key = r.scheme_id ?? ''
      if (s && !byTc.has(key)) {
        byTc.set(key, criteriaByTestcase(s.scope, key === c.schemeId ? c.schemeVersion : null))
        lifetimes.set(key, new Map(s.scope.testcases.map((t) => [t.id, t.lifetime])))
      }
      const expiresAt = s ? expiryDate(r.checked_at, lifetimes.get(key)?.get(r.testcase_id) ?? null) : null
      return {
        id: r.id,
        reportId: r.report_id,
        subject: r.subject,
        testcase: r.testcase_id,
        result: RESULT_NAME[r.result],
        checkedAt: r.checked_at,
        expiresAt,
        criteria: (byTc.get(key)?.get(r.testcase_id) ?? []).join(', '),
        fresh: expiresAt ? decisionDate < expiresAt : false
      }
    })
  }

  /** The whole chain checked, and the case's tables replayed from it. */
  function verifyAuditLog(caseId: string): AuditVerification {
    cases.get(caseId)
    const chain = audit.check()
    const problems = logTruth.checkCase(caseId, chain)
    return {
      ok: chain.broken === null && problems.length === 0,
      entries: chain.entries,
      caseEntries: audit.listForCase(caseId).length,
      head: chain.head,
      broken: chain.broken,
      problems
    }
  }

  /** A consistent copy of the workspace (VACUUM INTO from this connection), then checked: integrity and audit chain. */
  function backup(out: string): { file: string; bytes: number; auditEntries: number } {
    db.prepare('VACUUM INTO ?').run(out)
    const copy = new Database(out, { readonly: true })
    try {
      const integrity = copy.pragma('integrity_check', { simple: true })
      if (integrity !== 'ok')
        throw new DomainError(
          'INTERNAL',
          `The backup ${out} failed its integrity check: ${String(integrity)}`
        )
      const chain = createAuditRepo(copy).check()
      if (chain.broken)
        throw new DomainError('INTERNAL', `The backup's audit log is broken at entry ${chain.broken.seq}`)
      return { file: out, bytes: statSync(out).size, auditEntries: chain.entries }
    } finally {
      copy.close()
    }
  }

  /** A blank XLSX questionnaire for the case's scheme and version: one row per criterion. */
  async function exportTemplate(caseId: string): Promise<Buffer> {
    const c = cases.get(caseId)
    const scheme = schemes.get(c.schemeId)
    const version = scheme.scope.versions.find((v) => v.version === c.schemeVersion)
    const criteria = (version?.criteria ?? []).map((id) => {
      const m = scheme.scope.modules.find((x) => x.id === id)
      return { id, name: m?.name ?? id, manual: !m?.targets['main']?.length }
    })
    const { buildTemplate } = await import('./import/xlsx')
    return buildTemplate({ caseId, scheme: scheme.id, schemeVersion: c.schemeVersion, criteria })
  }

  /** the verdict lists every attached document with the criteria whose current decisions cite it */
  function withDocuments(v: Verdict): Verdict {
    const docs = documentsRepo.list(v.caseId)
    if (docs.length === 0) return v
    const citations = documentsRepo.citations(v.caseId)
    const current = decisions.current(v.caseId)
    return {
      ...v,
      documents: docs.map((d) => ({
        name: d.name,
        sha256: d.sha256,
        size: d.size,
        mediaType: d.mediaType,
        citedBy: current
          .filter((x) => (citations.get(x.id) ?? []).includes(d.sha256))
          .map((x) => [x.criterion, x.subject].filter(Boolean).join(' / '))
      }))
    }
  }

  const scoring = createScoring({
    schemes,
    cases,
    evidence,
    submissions,
    decisions,
    audit,
    rules,
    review: reviewing
  })

  return {
    db,
    dbPath: opts.dbPath,
    actor: opts.actor,
    resourcesDir: opts.resourcesDir,
    clock,
    clockFixedAt: opts.clockFixedAt ?? null,
    exportTemplate,
    // the reads that combine several queries see one snapshot of the file
    caseReview: snapshot(db, caseReview),
    verdict: snapshot(db, (id: string, at?: string) => withDocuments(scoring.verdict(id, at))),
    roundDiff: snapshot(db, scoring.roundDiff),
    carryForward: scoring.carryForward,
    /** who decided on the case (for the verdict document) */
    decisionAuditors: (id: string): string[] => [...new Set(decisions.current(id).map((d) => d.auditor))],
    /** when each current decision of the case was made (a signed verdict is not dated before them) */
    decisionDates: (id: string): { what: string; at: string }[] =>
      decisions.current(id).map((d) => ({
        what: `the decision on ${d.criterion}${d.subject ? ` / ${d.subject}` : ''} by ${d.auditor}`,
        at: d.decidedAt
      })),
    /** the roster: auditors' names and keys */
    identities,
    /** the case's tables replayed from the log; every difference is a problem that blocks signing */
    checkCaseLog: snapshot(db, logTruth.checkCase),
    verifyAuditLog: snapshot(db, verifyAuditLog),
    decide,
    review,
    backup,
    allowedSignersPath,
    schemes,
    cases,
    evidence,
    audit,
    createCase,
    caseDetail: snapshot(db, caseDetail),
    caseResults: snapshot(db, caseResults),
    importFiles: importing.importFiles,
    documents,
    importOne: importing.importOne,
    /** the explicit scheme update: what a scope file or guideline would change, and applying it */
    previewScheme: schemeImport.preview,
    importScheme: schemeImport.apply,
    /** the app's faces start the import worker at once, so that the first import is not a cold one */
    warmUpImporter: importing.warmUp,
    /** starts the import worker now, so that it loads while the caller reads its files (the CLI) */
    startImporter: importing.start,
    /** stops the import worker; a file still queued is refused, one being written is rolled back */
    stopImporter: importing.stop,
    close: (): void => {
      db.close()
    }
  }
}
export type Workspace = ReturnType<typeof openWorkspace>
