/**
 * Cases and what was imported into them: creating a case (or the next round of one), the case as the app
 * shows it (files, reports, evaluations, the audit chain), its testcase results, and the blank
 * questionnaire. Owns its SQL through the repositories it is given; creating a case is one transaction.
 */
import { writeTransaction, type Db } from '../db/connection'
import { CASE_ID_PATTERN } from '../db/cases.repo'
import type { Repos } from '../db/repos'
import type { LogTruth } from '../log-truth'
import { DomainError } from '../errors'
import {
  evaluateVersion,
  existsAt,
  expiryUnder,
  RESULT_NAME,
  type SchemeFreshness
} from '../../shared/domain/evaluate'
import { evidenceRulesOf, type RuleRegistry } from '../scheme-rules'
import {
  criteriaByTestcase,
  isManualCheck,
  referenceManualChecks,
  versionStatusAt
} from '../../shared/domain/scope-status'
import type { CaseDetail, CaseSummary, ResultRow, VersionEvaluation } from '../../shared/domain/types'
import type { CreateCaseInput } from '../../shared/ipc/contract'
import { checkDate } from '../review/review.service'
import { isoNow, isoToday, type Clock } from '../clock'

export interface CasesDeps extends Pick<Repos, 'schemes' | 'cases' | 'evidence' | 'audit'> {
  readonly db: Db
  readonly clock: Clock
  readonly actor: string
  readonly logTruth: LogTruth
  /** the decision date when none is given (the review stage decides it) */
  readonly defaultDate: (id: string) => string
  /** the scheme rule files: how a scheme's evidence counts (evidenceRulesOf) */
  readonly rules: () => RuleRegistry
}

export interface CasesService {
  /** a new case, or the next round of an earlier one: one transaction with its audit entry */
  createCase(input: CreateCaseInput): CaseSummary
  /** the case as the app shows it, at the decision date (today unless given) */
  caseDetail(id: string, at?: string): CaseDetail
  /** every testcase result of the case, with its freshness at the decision date */
  caseResults(id: string, at?: string): ResultRow[]
  /** a blank XLSX questionnaire for the case's scheme and version: one row per criterion */
  exportTemplate(caseId: string): Promise<Buffer>
}

export function createCasesService(deps: CasesDeps): CasesService {
  const { db, clock, schemes, cases, evidence, audit, logTruth, defaultDate, rules } = deps

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
      audit.append(deps.actor, 'case.create', input.id, {
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
    const { freshness } = evidenceRulesOf(rules(), c.schemeId)
    for (const subject of subjects) {
      const obs = results
        .filter((r) => r.subject === subject && r.scheme_id === c.schemeId)
        .map((r) => ({ testcase: r.testcase_id, value: r.result, checkedAt: r.checked_at }))
      for (const v of scheme.scope.versions) {
        const status = versionStatusAt(scheme.scope, v.version, decisionDate)
        if (status === 'deprecated' && v.version !== c.schemeVersion) continue
        evaluations.push(evaluateVersion(scheme.scope, v.version, subject, obs, decisionDate, freshness))
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
    const freshness = new Map<string, SchemeFreshness>()
    return evidence.listResults(id).map((r) => {
      const s = scopeOf(r.scheme_id)
      const key = r.scheme_id ?? ''
      if (s && !byTc.has(key)) {
        byTc.set(key, criteriaByTestcase(s.scope, key === c.schemeId ? c.schemeVersion : null))
        lifetimes.set(key, new Map(s.scope.testcases.map((t) => [t.id, t.lifetime])))
        freshness.set(key, evidenceRulesOf(rules(), key).freshness)
      }
      // null: the scheme lets no result expire (a RefStack run), or the report's scheme is not known here
      const expiresAt = s
        ? expiryUnder(freshness.get(key)!, r.checked_at, lifetimes.get(key)?.get(r.testcase_id) ?? null)
        : null
      return {
        id: r.id,
        reportId: r.report_id,
        subject: r.subject,
        testcase: r.testcase_id,
        result: RESULT_NAME[r.result],
        checkedAt: r.checked_at,
        expiresAt,
        criteria: (byTc.get(key)?.get(r.testcase_id) ?? []).join(', '),
        fresh: s ? expiresAt === null || decisionDate < expiresAt : false
      }
    })
  }

  /** A blank XLSX questionnaire for the case's scheme and version: one row per criterion. */
  async function exportTemplate(caseId: string): Promise<Buffer> {
    const c = cases.get(caseId)
    const scheme = schemes.get(c.schemeId)
    const version = scheme.scope.versions.find((v) => v.version === c.schemeVersion)
    // as the review and the verdict count it (isManualCheck): an integrator's scoring criteria are none
    const evidenceRules = evidenceRulesOf(rules(), c.schemeId)
    const criteria = (version?.criteria ?? []).map((id) => ({
      id,
      name: scheme.scope.modules.find((x) => x.id === id)?.name ?? id,
      manual: isManualCheck(scheme.scope, id, evidenceRules)
    }))
    // an integrator (SCS-0007): the review asks each referenced environment for evidence of the manual
    // checks of its reference scope, in the version in force (manual-evidence-missing), so the questionnaire does
    const ref = scheme.scope.reference ? schemes.find(scheme.scope.reference) : undefined
    if (ref) {
      for (const id of referenceManualChecks(ref.scope, isoToday(clock), evidenceRulesOf(rules(), ref.id)))
        if (!criteria.some((x) => x.id === id))
          criteria.push({ id, name: ref.scope.modules.find((m) => m.id === id)?.name ?? id, manual: true })
    }
    const { buildTemplate } = await import('../import/xlsx')
    return buildTemplate({ caseId, scheme: scheme.id, schemeVersion: c.schemeVersion, criteria })
  }

  return { createCase, caseDetail, caseResults, exportTemplate }
}
