/**
 * What the register publishes about a certificate, pure: its state on a day, the surveillance list after
 * issuance (SCS-0004: failed tests notify, manual checks repeat every quarter, renewal before expiry), and
 * the results history of the last 18 months. The server gathers the rows; this decides.
 */
import { expiryDate } from '../domain/evaluate'
import { isIsoDate } from '../dates'
import type { VerdictManualCheck } from '../domain/verdict-types'
import { LIFETIMES, type Lifetime } from '../domain/types'

export type CertificateState = 'valid' | 'revoked' | 'superseded' | 'expired' | 'not-yet-valid'

export interface CertificateFacts {
  readonly verdictId: string
  readonly verdictSha256: string
  readonly caseId: string
  readonly scope: string
  readonly scopeName: string
  readonly version: string
  readonly outcome: string
  readonly outcomeName: string
  readonly subjects: readonly string[]
  /** YYYY-MM-DD */
  readonly validFrom: string
  /** YYYY-MM-DD, the last day of validity */
  readonly validUntil: string
  readonly signerFingerprint: string
  readonly pdfSha256: string
  readonly registeredAt: string
  readonly revocation: { readonly reason: string; readonly by: string; readonly at: string } | null
  /** the newer certificate of the same scope and version for one of its subjects (SCS-0004: one at a time) */
  readonly supersededBy?: string | null
}

export interface HistoryResult {
  readonly subject: string
  readonly scopeName: string
  readonly testcase: string
  readonly value: -1 | 0 | 1
  readonly checkedAt: string
  readonly fileSha256: string
}

export interface ManualCheck {
  readonly criterion: string
  readonly subject: string
  /** ISO date-time of the newest accepting decision */
  readonly lastDone: string
  /** YYYY-MM-DD: when it is due for its repeat */
  readonly dueOn: string
}

export type DueItem =
  | {
      readonly kind: 'failed-after-issuance'
      readonly verdictId: string
      readonly subject: string
      readonly testcase: string
      readonly scopeName: string
      readonly checkedAt: string
    }
  | {
      readonly kind: 'manual-check-due'
      readonly verdictId: string
      readonly criterion: string
      readonly subject: string
      readonly lastDone: string
      readonly dueOn: string
    }
  | {
      readonly kind: 'expiring'
      readonly verdictId: string
      readonly validUntil: string
      readonly daysLeft: number
    }

/** results history kept on a status page (SCS-0004) */
export const HISTORY_MONTHS = 18
/** a verdict from before it named its manual checks: each accepted criterion is taken for one, due in 3 months */
export const MANUAL_REPEAT_MONTHS = 3
/** the register warns this many days before a certificate expires */
export const EXPIRY_WARNING_DAYS = 60
/** a status page stays online for the validity plus this many months */
export const KEEP_ONLINE_MONTHS = 3

const DAY_MS = 86_400_000

export function addMonths(isoDate: string, months: number): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() + months)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return d.toISOString().slice(0, 10)
}

export function certificateState(
  c: Pick<CertificateFacts, 'validFrom' | 'validUntil' | 'revocation' | 'supersededBy'>,
  now: Date
): CertificateState {
  if (c.revocation && Date.parse(c.revocation.at) <= now.getTime()) return 'revoked'
  if (c.supersededBy) return 'superseded'
  const today = now.toISOString().slice(0, 10)
  if (today < c.validFrom) return 'not-yet-valid'
  if (today > c.validUntil) return 'expired'
  return 'valid'
}

/**
 * The surveillance list of one certificate, empty unless it is valid: each failed result of its subjects
 * from evidence it was not issued on and checked on or after its first day; each manual check due for its
 * repeat (manualChecks); and its expiry when within 60 days.
 */
export function surveillance(
  c: CertificateFacts,
  results: readonly HistoryResult[],
  issuedOn: ReadonlySet<string>,
  manual: readonly ManualCheck[],
  now: Date
): DueItem[] {
  if (certificateState(c, now) !== 'valid') return []
  const out: DueItem[] = []
  for (const r of results)
    if (
      r.value === -1 &&
      c.subjects.includes(r.subject) &&
      !issuedOn.has(r.fileSha256) &&
      r.checkedAt.slice(0, 10) >= c.validFrom
    )
      out.push({
        kind: 'failed-after-issuance',
        verdictId: c.verdictId,
        subject: r.subject,
        testcase: r.testcase,
        scopeName: r.scopeName,
        checkedAt: r.checkedAt
      })
  const today = now.toISOString().slice(0, 10)
  for (const m of manual) {
    const dueOn = m.dueOn
    if (dueOn <= today)
      out.push({
        kind: 'manual-check-due',
        verdictId: c.verdictId,
        criterion: m.criterion,
        subject: m.subject,
        lastDone: m.lastDone,
        dueOn
      })
  }
  const daysLeft = Math.floor(
    (Date.parse(`${c.validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS
  )
  if (daysLeft <= EXPIRY_WARNING_DAYS)
    out.push({ kind: 'expiring', verdictId: c.verdictId, validUntil: c.validUntil, daysLeft })
  return out
}

/**
 * The manual checks of a certificate, each with when it was last done and when it is due again. `declared`:
 * the verdict's own list (Verdict.manualChecks), as the workbench's review holds them: a criterion the
 * scheme checks manually, accepted, due after the rule file's `manualLifetime`; a later accepting decision
 * in `decisions` (the case's registered log) renews it, unless a yet later reject or waive on the same
 * criterion and subject says the repeat did not pass: then it is due from that day. A verdict from before
 * that list (`declared` undefined): every accepting decision is taken for a manual check, due three months
 * after the newest.
 */
export function manualChecks(
  decisions: readonly { criterion: string; subject: string; decision: string; at: string }[],
  declared?: readonly VerdictManualCheck[]
): ManualCheck[] {
  const newest = new Map<string, string>()
  for (const d of decisions) {
    if (d.decision !== 'accept' || !d.criterion) continue
    const k = `${d.criterion}\u0000${d.subject}`
    const prev = newest.get(k)
    if (!prev || prev < d.at) newest.set(k, d.at)
  }
  // the newest decision of any kind per criterion and subject (at one time, the later in the log): a later
  // reject or waive ends a renewal
  const latest = new Map<string, { decision: string; at: string }>()
  for (const d of decisions) {
    const k = `${d.criterion}\u0000${d.subject}`
    const prev = latest.get(k)
    if (!prev || prev.at <= d.at) latest.set(k, d)
  }
  const checks: ManualCheck[] = declared
    ? declared.map((m) => {
        const k = `${m.criterion}\u0000${m.subject}`
        const later = newest.get(k)
        const lastDone = later && later > m.decidedAt ? later : m.decidedAt
        const last = latest.get(k)
        const held = lastDone === m.decidedAt ? m.freshUntil : expiryDate(lastDone, m.lifetime)
        // the check was repeated after the accept and did not pass: due from that decision's day
        const failed =
          last && last.decision !== 'accept' && last.at > m.decidedAt ? last.at.slice(0, 10) : null
        const dueOn = failed && failed < held ? failed : held
        return { criterion: m.criterion, subject: m.subject, lastDone, dueOn }
      })
    : [...newest].map(([k, lastDone]) => {
        const [criterion, subject] = k.split('\u0000') as [string, string]
        return { criterion, subject, lastDone, dueOn: addMonths(lastDone, MANUAL_REPEAT_MONTHS) }
      })
  return checks.sort((a, b) => a.criterion.localeCompare(b.criterion) || a.subject.localeCompare(b.subject))
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/

/**
 * Why a verdict's `manualChecks` cannot be taken for the surveillance (the register stores only verdicts it
 * can read: one malformed entry would stop `register due` and publish for every certificate); null when it
 * is absent (a verdict from before the field) or well-formed.
 */
export function manualChecksProblem(value: unknown): string | null {
  if (value === undefined) return null
  if (!Array.isArray(value)) return 'manualChecks is not a list'
  for (const [i, m] of (value as unknown[]).entries()) {
    const at = `manualChecks[${i}]`
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return `${at} is not an object`
    const x = m as Record<string, unknown>
    if (typeof x['criterion'] !== 'string' || !x['criterion']) return `${at}.criterion is not a criterion id`
    if (typeof x['subject'] !== 'string') return `${at}.subject is not a string`
    if (typeof x['decidedAt'] !== 'string' || !ISO_INSTANT.test(x['decidedAt']))
      return `${at}.decidedAt is not an ISO date-time in UTC`
    if (typeof x['lifetime'] !== 'string' || !(LIFETIMES as readonly string[]).includes(x['lifetime']))
      return `${at}.lifetime is not one of ${LIFETIMES.join(', ')}`
    if (typeof x['freshUntil'] !== 'string' || !isIsoDate(x['freshUntil']))
      return `${at}.freshUntil is not a date YYYY-MM-DD`
    if (x['freshUntil'] !== expiryDate(x['decidedAt'], x['lifetime'] as Lifetime))
      return `${at}.freshUntil ${x['freshUntil']} is not ${x['lifetime']}'s expiry of ${x['decidedAt']}`
  }
  return null
}

export const describeDue = (d: DueItem): string =>
  d.kind === 'failed-after-issuance'
    ? `${d.verdictId}: ${d.subject} failed ${d.testcase} (${d.scopeName}) on ${d.checkedAt.slice(0, 10)}, after issuance: notify the operator`
    : d.kind === 'manual-check-due'
      ? `${d.verdictId}: manual check ${d.criterion}${d.subject ? ` / ${d.subject}` : ''} is due for its repeat since ${d.dueOn} (last done ${d.lastDone.slice(0, 10)})`
      : d.daysLeft < 0
        ? `${d.verdictId}: expired on ${d.validUntil}`
        : `${d.verdictId}: expires on ${d.validUntil}, in ${d.daysLeft} day${d.daysLeft === 1 ? '' : 's'}: renewal audit due`

export interface CertificateStatus {
  readonly format: 'auditor-workbench/certificate-status@1'
  readonly generatedAt: string
  readonly state: CertificateState
  readonly certificate: CertificateFacts
  /** the page is kept online until this day (validity plus 3 months) */
  readonly keepOnlineUntil: string
  readonly surveillance: readonly DueItem[]
  /** every registered result of the subjects in the last 18 months, newest first */
  readonly history: readonly {
    readonly subject: string
    readonly scope: string
    readonly testcase: string
    readonly result: 'pass' | 'abort' | 'fail'
    readonly checkedAt: string
  }[]
}

export const RESULT_NAME = { [1]: 'pass', [0]: 'abort', [-1]: 'fail' } as const

export function certificateStatus(
  c: CertificateFacts,
  results: readonly HistoryResult[],
  issuedOn: ReadonlySet<string>,
  manual: readonly ManualCheck[],
  now: Date
): CertificateStatus {
  const from = addMonths(now.toISOString(), -HISTORY_MONTHS)
  return {
    format: 'auditor-workbench/certificate-status@1',
    generatedAt: now.toISOString(),
    state: certificateState(c, now),
    certificate: c,
    keepOnlineUntil: addMonths(c.validUntil, KEEP_ONLINE_MONTHS),
    surveillance: surveillance(c, results, issuedOn, manual, now),
    history: results
      .filter(
        (r) =>
          c.subjects.includes(r.subject) &&
          r.checkedAt.slice(0, 10) >= from &&
          r.checkedAt <= now.toISOString()
      )
      .map((r) => ({
        subject: r.subject,
        scope: r.scopeName,
        testcase: r.testcase,
        result: RESULT_NAME[r.value],
        checkedAt: r.checkedAt
      }))
  }
}
