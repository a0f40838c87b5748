/**
 * The core every face shares: one workspace (SQLite file) with its repositories and services.
 * No electron import here or below.
 */
import { isIsoDate } from '../shared/dates'
import { statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { dirname, join } from 'node:path'
import { openDatabase, snapshot, writeTransaction, type Db } from './db/connection'
import { createSchemesRepo } from './db/schemes.repo'
import { createCasesRepo, CASE_ID_PATTERN } from './db/cases.repo'
import { createEvidenceRepo } from './db/evidence.repo'
import { createAuditRepo } from './db/audit.repo'
import { createSubmissionsRepo } from './db/submissions.repo'
import { loadAllowedSigners } from './import/sshsig'
import { createImportService, sha256Hex, type IncomingFile, type ProgressSink } from './import/service'
import { inlineParser, type FileParser } from './import/parser'
import { createWorkerImporter } from './import/worker-client'
import { DomainError } from './errors'
import { evaluateVersion, existsAt, expiryDate, RESULT_NAME } from '../shared/domain/evaluate'
import { criteriaByTestcase, versionStatusAt } from '../shared/domain/scope-status'
import type {
  CaseDetail,
  CaseSummary,
  ImportReceipt,
  ResultRow,
  VersionEvaluation
} from '../shared/domain/types'
import { InputError } from '../shared/format/input-error'
import type { CaseReview, CreateCaseInput } from '../shared/ipc/contract'
import {
  reconcile,
  type CriterionRow,
  type Finding,
  type FindingType,
  type Reconciliation
} from '../shared/domain/reconcile'
import {
  checkDecision,
  findingState,
  type Decision,
  type DecisionInput,
  type DecisionRequest
} from '../shared/domain/decisions'
import { isLocked, reviewTransition, type ReviewAction } from '../shared/domain/review-flow'
import { createDecisionsRepo } from './db/decisions.repo'
import { createAuditorsRepo } from './db/auditors.repo'
import { createHolderRepo } from './db/holder.repo'
import { createIdentities, type Actor } from './identity/identities'
import { applyReviewAct, createLogTruth, OPEN_REVIEW } from './log-truth'
import type { PointsRules } from '../shared/domain/rules'
import { loadSchemeRules, type RuleRegistry } from './scheme-rules'
import { shippedSchemes, storedSchemesHash } from './shipped-schemes'
import type * as BuiltinSchemes from './builtin-schemes'
import { createSchemeImport } from './import/scheme-import'
import { createScoring } from './scoring'
import { scoringRows } from '../shared/domain/scoring-rows'
import type { Submission } from '../shared/domain/submission'
import type { Verdict } from '../shared/domain/verdict-types'
import { isoNow, isoToday, systemClock, type Clock } from './clock'
import { createDocumentsRepo } from './db/documents.repo'
import { createDocumentsService } from './documents/service'
import { routeOf } from './documents/sniff'
import { manualFreshness } from '../shared/domain/documents'

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

export function checkDate(value: string | undefined, today: string, what = 'date'): string {
  if (value === undefined) return today
  if (!isIsoDate(value))
    throw new DomainError(
      'USAGE',
      `The ${what} must be a day of the calendar written YYYY-MM-DD, not "${value}".`
    )
  return value
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
  const worker =
    opts.importWorkerFile && opts.dbPath !== ':memory:'
      ? createWorkerImporter(opts.importWorkerFile, {
          dbPath: opts.dbPath,
          actor: opts.actor,
          allowedSignersPath
        })
      : null
  const runOne = worker
    ? async (caseId: string, file: IncomingFile): Promise<ImportReceipt> => {
        try {
          return await worker.importOne(caseId, file, isoNow(clock))
        } catch (error) {
          // a worker that died after its commit and before its reply: the file is stored, and says so
          if (error instanceof InputError && error.place === '(whole file)') {
            const stored = evidence.findFile(caseId, sha256Hex(file.bytes))
            if (stored) return { ...stored.receipt, file: file.name }
          }
          throw error
        }
      }
    : undefined
  const importer = createImportService({
    db,
    schemes,
    evidence,
    audit,
    cases,
    submissions,
    parse: opts.parse ?? inlineParser,
    actor: opts.actor,
    clock,
    trustedSigners: () => loadAllowedSigners(allowedSignersPath || null),
    ...(runOne ? { runOne } : {})
  })

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
      void worker?.close()
      db.close()
      throw new BuiltinSchemesNotLoaded()
    }
    builtins.seedBuiltinSchemes({ db, schemes, audit, clock, shipped, rules })
  }

  /**
   * The decision date when none is given: today, but for an accepted (locked) case the day it was accepted,
   * so that a locked case's review, findings and verdict do not change as the calendar moves on.
   */
  function defaultDate(id: string): string {
    return cases.get(id).status === 'accepted' ? cases.decidedOn(id) : isoToday(clock)
  }

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

  /** Every claim of the case held against its evidence, at the decision date (today unless given). */
  function caseReview(id: string, at?: string, onlyCriterion?: string): CaseReview {
    const decisionDate = checkDate(at, defaultDate(id), 'decision date')
    const c = cases.get(id)
    const scheme = schemes.get(c.schemeId)
    const points = rules().get(c.schemeId)?.rules
    if (scheme.kind === 'scoring' && points?.model === 'points') return pointsReview(id, decisionDate, points)
    // narrowed to one criterion (a decision's check): its testcases only, and the version holds just it
    const module = onlyCriterion ? scheme.scope.modules.find((m) => m.id === onlyCriterion) : undefined
    const scope = onlyCriterion
      ? {
          ...scheme.scope,
          versions: scheme.scope.versions.map((v) =>
            v.version === c.schemeVersion
              ? { ...v, criteria: v.criteria.filter((x) => x === onlyCriterion) }
              : v
          )
        }
      : scheme.scope
    const { reports, results } = evidence.reviewInput(
      id,
      onlyCriterion ? Object.values(module?.targets ?? {}).flat() : undefined
    )
    const r = reconcile({
      caseId: id,
      schemeId: c.schemeId,
      schemeVersion: c.schemeVersion,
      scope,
      decisionDate,
      submission: submissions.latestForCase(id),
      reports,
      results,
      claimedElsewhere: submissions.claimedElsewhere(id),
      opcRuns: opcRunsOf(reports, results),
      documents: attachments(id)
    })
    return withDecisions(id, decisionDate, r)
  }

  /** what `attachment:NAME` may name: the case's evidence documents and the files imported into it */
  const attachments = (id: string) => [
    ...documentsRepo.list(id),
    ...evidence.listFiles(id).map((f) => ({ name: f.file, sha256: f.sha256 }))
  ]

  type ReviewInput = ReturnType<typeof evidence.reviewInput>
  const opcRunsOf = (reports: ReviewInput['reports'], results: ReviewInput['results']) =>
    reports
      .filter((rep) => rep.kind === 'refstack')
      .map((rep) => ({
        reportId: rep.id,
        file: rep.file,
        subject: rep.subject,
        guideline: rep.guideline ?? '',
        passed: results.filter((x) => x.reportId === rep.id && x.value === 1).length,
        failed: results.filter((x) => x.reportId === rep.id && x.value === -1).map((x) => x.testcase)
      }))

  /**
   * An SCS-0007 case: each referenced environment's reports reconciled against the reference scope (in the
   * version the environment claims, else the version effective at the decision date), plus one row per
   * scoring criterion the applicant claims or the environment's role fits.
   */
  function pointsReview(id: string, decisionDate: string, r: PointsRules): CaseReview {
    const ref = schemes.find(r.reference.scope)
    if (!ref)
      throw new DomainError(
        'NOT_FOUND',
        `The reference scope ${r.reference.scope} of ${r.scheme} is not in this workspace.`
      )
    const submission: Submission | null = submissions.latestForCase(id)
    const { reports, results } = evidence.reviewInput(id)
    const effective = ref.scope.versions.filter(
      (v) => versionStatusAt(ref.scope, v.version, decisionDate) === 'effective'
    )
    const current = (effective.length ? effective : ref.scope.versions).reduce((a, b) =>
      (b.stabilizedAt ?? '') > (a.stabilizedAt ?? '') ? b : a
    ).version
    const groups = new Map<string, string[]>()
    for (const s of submission?.subjects ?? []) {
      const v = s.scopeVersion && ref.versions.includes(s.scopeVersion) ? s.scopeVersion : current
      groups.set(v, [...(groups.get(v) ?? []), s.id])
    }
    if (!submission) groups.set(current, [])
    const rows: CriterionRow[] = []
    const findings = new Map<string, Finding>()
    const subjects: string[] = []
    const claimedElsewhere = submissions.claimedElsewhere(id)
    const opcRuns = opcRunsOf(reports, results)
    for (const [version, only] of groups) {
      const g = reconcile({
        caseId: id,
        schemeId: ref.id,
        schemeVersion: version,
        scope: ref.scope,
        decisionDate,
        submission,
        reports,
        results,
        claimedElsewhere,
        opcRuns,
        documents: attachments(id),
        expectClaims: false,
        ...(submission ? { onlySubjects: only } : {})
      })
      rows.push(...g.rows)
      for (const f of g.findings) findings.set(f.id, f)
      subjects.push(...g.subjects)
    }
    const all = [...findings.values()]
    const scored = scoringRows(r, submission, all, rows, decisionDate)
    return withDecisions(id, decisionDate, {
      rows: [...scored.rows, ...rows],
      findings: [...scored.findings, ...all],
      subjects
    })
  }

  function withDecisions(id: string, decisionDate: string, r: Reconciliation): CaseReview {
    // decisions carry the documents they cite; an accepted manual check is fresh for a quarter (SCS-0004)
    const rule = rules().get(cases.get(id).schemeId)?.rules
    const lifetime = rule && 'manualLifetime' in rule ? rule.manualLifetime : 'quarter'
    const manual = manualFreshness(
      r.rows,
      decisions.current(id),
      documentsRepo.citations(id),
      (at) => expiryDate(at, lifetime),
      decisionDate
    )
    const current = manual.decisions
    const byKey = new Map(current.map((d) => [`${d.criterion}\u0000${d.subject}`, d]))
    const staleManual = manual.stale.map(({ about, ...f }) => ({
      ...f,
      id: `${f.type}|${f.criterion}|${f.subject}|${about}`,
      claim: r.rows.find((x) => x.criterion === f.criterion && x.subject === f.subject)?.claim?.claim ?? null,
      state: 'open' as const
    }))
    const findings = [
      ...r.findings.map((f) => ({ ...f, state: findingState(f, byKey, decisionDate).state })),
      ...staleManual
    ]
    const bySeverity = { blocker: 0, major: 0, minor: 0, info: 0 }
    const byType: Partial<Record<FindingType, number>> = {}
    for (const f of findings) {
      bySeverity[f.severity] += 1
      byType[f.type] = (byType[f.type] ?? 0) + 1
    }
    return {
      subjects: r.subjects,
      rows: r.rows.map((row) => {
        const own = staleManual.filter((f) => f.criterion === row.criterion && f.subject === row.subject)
        return {
          ...row,
          ...(own.length ? { findingIds: [...row.findingIds, ...own.map((f) => f.id)] } : {}),
          decision: byKey.get(`${row.criterion}\u0000${row.subject}`) ?? null
        }
      }),
      findings,
      decisions: current,
      caseId: id,
      decisionDate,
      counts: { bySeverity, byType, open: findings.filter((f) => f.state === 'open').length }
    }
  }

  /**
   * Records an auditor's decision on a criterion and subject. Durable when this returns (one transaction,
   * synchronous=FULL) and appended to the hash-chained audit log, signed with the actor's key; the auditor's
   * name is the roster's name of that key.
   */
  function decide(request: DecisionRequest, actor: Actor): Decision {
    const input: DecisionInput = { ...request, auditor: actor.name }
    const today = isoToday(clock)
    const review = caseReview(input.caseId, undefined, input.criterion)
    const problems = checkDecision(
      input,
      review.findings.filter((f) => f.state === 'open'),
      today
    )
    if (problems.length > 0)
      throw new DomainError('USAGE', `The decision was not recorded: ${problems.join('; ')}.`)
    const known =
      review.rows.some((r) => r.criterion === input.criterion && r.subject === input.subject) ||
      review.findings.some((f) => f.criterion === input.criterion && f.subject === input.subject)
    if (!known)
      throw new DomainError(
        'USAGE',
        input.criterion
          ? `Case ${input.caseId} has no criterion "${input.criterion}"${input.subject ? ` for subject "${input.subject}"` : ''}.`
          : `Case ${input.caseId} has no case-level finding${input.subject ? ` for subject "${input.subject}"` : ''} to decide; name a criterion.`
      )
    const cited = [...new Set(input.documents ?? [])]
    const attached = documentsRepo.list(input.caseId)
    for (const h of cited)
      if (!attached.some((d) => d.sha256 === h))
        throw new DomainError(
          'USAGE',
          `The decision was not recorded: ${h} is not an evidence document attached to case ${input.caseId}.`
        )
    const isManual = review.rows.some(
      (r) => r.criterion === input.criterion && r.subject === input.subject && r.manual
    )
    if (input.decision === 'accept' && isManual && attached.length > 0 && cited.length === 0)
      throw new DomainError(
        'USAGE',
        `The decision was not recorded: accepting the manual criterion ${input.criterion} must cite the evidence documents it rests on (${attached.length} attached to the case).`
      )
    const c = cases.get(input.caseId)
    if (isLocked(c.status)) {
      throw new DomainError(
        'CONFLICT',
        `Case ${c.id} is ${c.status}${c.status === 'accepted' ? ` (accepted by ${c.acceptedBy ?? 'a reviewer'})` : ' for review'}; decisions are read-only until it is ${c.status === 'accepted' ? 'reopened' : 'returned'}.`
      )
    }
    const now = isoNow(clock)
    return writeTransaction(db, () => {
      const d = decisions.insert(input, now, audit.caseHead(input.caseId).seq + 1)
      documentsRepo.cite(d.id, cited)
      audit.append(
        actor.name,
        'decision',
        input.caseId,
        {
          ...(cited.length ? { documents: cited } : {}),
          id: d.id,
          criterion: d.criterion,
          subject: d.subject,
          decision: d.decision,
          comment: d.comment,
          waiverOwner: d.waiverOwner,
          waiverExpires: d.waiverExpires
        },
        now,
        actor.sign
      )
      cases.touch(input.caseId, now)
      return { ...d, documents: cited }
    })
  }

  /** The case's review state replayed from its review entries (the log, not the cases row, is the truth). */
  function replayedReview(caseId: string) {
    return audit
      .listForCase(caseId)
      .filter((e) => e.action.startsWith('review.'))
      .reduce(applyReviewAct, OPEN_REVIEW)
  }

  /**
   * The four-eyes review: submit, accept (a second auditor with a second key), return, reopen. Each step is a
   * signed entry of the audit chain; the accept signature binds the head at acceptance (its previous hash).
   * The cases row is set from the log replayed after the step.
   */
  function review(caseId: string, action: ReviewAction, actor: Actor, comment = ''): CaseSummary {
    return writeTransaction(db, () => {
      const c = cases.get(caseId)
      const logged = replayedReview(caseId)
      const next = reviewTransition(logged, action, actor.name, comment)
      if ('refused' in next)
        throw new DomainError('CONFLICT', `Cannot ${action} case ${caseId}: ${next.refused}.`)
      if (action === 'accept' && logged.submittedKey === actor.fingerprint)
        throw new DomainError(
          'CONFLICT',
          `Cannot accept case ${caseId}: it was submitted with this key (${actor.fingerprint}); a second auditor with their own key must accept it (four eyes).`
        )
      const now = isoNow(clock)
      const entry = audit.append(
        actor.name,
        `review.${action}`,
        caseId,
        { from: c.status, to: next.status, comment: comment.trim() },
        now,
        actor.sign
      )
      const after = applyReviewAct(logged, entry)
      const { status, submittedBy, submittedAt, acceptedBy, acceptedAt } = after
      cases.setReview(caseId, { status, submittedBy, submittedAt, acceptedBy, acceptedAt }, now)
      return cases.get(caseId)
    })
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
    caseReview,
    decide
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
    /** known input formats go to their importers; every other file is attached as an evidence document */
    importFiles: async (caseId: string, files: readonly IncomingFile[], progress?: ProgressSink) => {
      const routes = await Promise.all(
        files.map(async (f) => (/\.sig$/i.test(f.name) ? 'import' : await routeOf(f.bytes)))
      )
      const docs = files.filter((_, i) => routes[i] === 'document')
      const rest = files.filter((f) => !docs.includes(f))
      const imported = rest.length ? await importer.importMany(caseId, rest, progress) : []
      // the importers' outcomes (refused orphan signatures first), then the documents', in the order given
      return [...imported, ...(docs.length ? await documents.attachMany(caseId, docs) : [])]
    },
    documents,
    /** what the case bundle importer (bundle/import.ts) replays into: the repositories and the import writer */
    bundleDeps: { decisions, documents: documentsRepo, replayImport: importer.replayImport, logTruth },
    /** who holds the case: handed over or not, its newest head, the newest bundle received (holder.repo.ts) */
    holder: createHolderRepo(db).state,
    importOne: (caseId: string, file: IncomingFile) => (runOne ?? importer.importOne)(caseId, file),
    /** the explicit scheme update: what a scope file or guideline would change, and applying it */
    previewScheme: schemeImport.preview,
    importScheme: schemeImport.apply,
    /** the app's faces start the import worker at once, so that the first import is not a cold one */
    warmUpImporter: (): void => worker?.warmUp(),
    /** starts the import worker now, so that it loads while the caller reads its files (the CLI) */
    startImporter: (): void => worker?.start(),
    /** stops the import worker; a file still queued is refused, one being written is rolled back */
    stopImporter: async (): Promise<void> => worker?.close(),
    close: (): void => {
      void worker?.close()
      db.close()
    }
  }
}
export type Workspace = ReturnType<typeof openWorkspace>
