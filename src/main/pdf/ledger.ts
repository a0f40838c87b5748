/**
 * What the sign and verify stage needs of the workspace, and nothing else: the verdict it signs, the facts
 * that may refuse a signature, the export entry it writes, and the log it checks a file against. The
 * workspace implements it with its repositories; pdf/export.ts sees only this interface.
 */
import type { AuditRepo } from '../db/audit.repo'
import type { Repos } from '../db/repos'
import type { Clock } from '../clock'
import type { HolderState } from '../db/holder.repo'
import type { AuditEntry, CaseSummary, LogProblem } from '../../shared/domain/types'
import type { Verdict } from '../../shared/domain/verdict-types'

/** The entry is the log's record of the export of this verdict. */
export const isExportOf = (e: AuditEntry, verdictId: string): boolean =>
  e.action === 'verdict.export' && (e.payload as { verdictId?: string } | null)?.verdictId === verdictId

export interface SignLedger {
  readonly dbPath: string
  readonly resourcesDir: string
  readonly clock: Clock
  /** set when the clock is fixed (AUDITOR_WORKBENCH_CLOCK): recorded with every export */
  readonly clockFixedAt: string | null
  /** the case, or null when it is not in this workspace */
  caseOf(caseId: string): CaseSummary | null
  verdict(caseId: string, at?: string): Verdict
  /** the case's tables replayed from the log; every difference is a problem that blocks signing */
  checkCaseLog(caseId: string): LogProblem[]
  /** who decided on the case (for the verdict document) */
  decisionAuditors(caseId: string): string[]
  /** when each current decision of the case was made (a signed verdict is not dated before them) */
  decisionDates(caseId: string): { what: string; at: string }[]
  /** the export, appended to the audit log */
  logVerdictExport(actor: string, caseId: string, payload: Record<string, unknown>): void
  /** the whole chain checked */
  auditChain(): ReturnType<AuditRepo['check']>
  auditEntryAt(seq: number): AuditEntry | null
  auditHashAt(seq: number): string | null
  /** the log recorded the export of this verdict */
  verdictExported(caseId: string, verdictId: string): boolean
  /** the case's entries, in order, with their places in its case chain */
  auditCaseEntries(caseId: string): AuditEntry[]
  /** who holds the case: handed over or not, the newest bundle received (holder.repo.ts) */
  holder(caseId: string): HolderState
}

export interface SignLedgerDeps extends Pick<Repos, 'cases' | 'decisions' | 'audit'> {
  readonly dbPath: string
  readonly resourcesDir: string
  readonly clock: Clock
  readonly clockFixedAt: string | null
  readonly verdict: SignLedger['verdict']
  readonly checkCaseLog: SignLedger['checkCaseLog']
  readonly holder: SignLedger['holder']
}

export function createSignLedger(d: SignLedgerDeps): SignLedger {
  const { cases, decisions, audit } = d
  return {
    dbPath: d.dbPath,
    resourcesDir: d.resourcesDir,
    clock: d.clock,
    clockFixedAt: d.clockFixedAt,
    caseOf: (id) => cases.find(id),
    verdict: d.verdict,
    checkCaseLog: d.checkCaseLog,
    holder: d.holder,
    decisionAuditors: (id) => [...new Set(decisions.current(id).map((x) => x.auditor))],
    decisionDates: (id) =>
      decisions.current(id).map((x) => ({
        what: `the decision on ${x.criterion}${x.subject ? ` / ${x.subject}` : ''} by ${x.auditor}`,
        at: x.decidedAt
      })),
    logVerdictExport: (actor, caseId, payload) => {
      audit.append(actor, 'verdict.export', caseId, payload)
    },
    auditChain: () => audit.check(),
    auditEntryAt: (seq) => audit.entryAt(seq),
    auditHashAt: (seq) => audit.hashAt(seq),
    verdictExported: (caseId, verdictId) => audit.listForCase(caseId).some((e) => isExportOf(e, verdictId)),
    auditCaseEntries: (caseId) => audit.listForCase(caseId)
  }
}
