/**
 * Freshness and version evaluation, as the SCS tooling does it (Tests/scs_cert_lib.py).
 *
 * A result expires at add_period(checked_at, lifetime), aligned to the calendar; it is valid before that
 * instant, not at it. Since every expiry falls on 00:00, a result is fresh at decision date D exactly when
 * D < expiry date.
 */
import type { CheckResult, Lifetime, ResultValue, ScopeDef, VersionEvaluation, VersionStatus } from './types'
import { mainTestcases, versionStatusAt } from './scope'

const pad = (n: number): string => String(n).padStart(2, '0')
const ymd = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`

/** Date part (YYYY-MM-DD) of a report's checked_at. */
export const datePart = (checkedAt: string): string => checkedAt.slice(0, 10)

/** The expiry date (00:00 that day) of a result checked at `checkedAt` with the given lifetime. */
export function expiryDate(checkedAt: string, lifetime: Lifetime | null): string {
  const [y, m, d] = datePart(checkedAt).split('-').map(Number) as [number, number, number]
  const base = new Date(Date.UTC(y, m - 1, d))
  switch (lifetime ?? 'week') {
    case 'day':
      return ymd(new Date(Date.UTC(y, m - 1, d + 2)))
    case 'week': {
      const weekday = (base.getUTCDay() + 6) % 7 // Monday = 0
      return ymd(new Date(Date.UTC(y, m - 1, d + 14 - weekday)))
    }
    case 'month':
      return ymd(new Date(Date.UTC(y, m - 1 + 2, 1)))
    case 'quarter': {
      const quarterStart = Math.floor((m - 1) / 3) * 3
      return ymd(new Date(Date.UTC(y, quarterStart + 6, 1)))
    }
    case 'year':
      return ymd(new Date(Date.UTC(y + 1, m - 1 + 2, 1)))
  }
}

export const isFresh = (expiry: string, decisionDate: string): boolean => decisionDate < expiry

export const RESULT_NAME: Record<ResultValue, CheckResult> = { [1]: 'PASS', [0]: 'ABORT', [-1]: 'FAIL' }

export interface Observation {
  readonly testcase: string
  readonly value: ResultValue
  readonly checkedAt: string
}

/**
 * Evaluates one version of a scope for one subject at a decision date.
 * Per main testcase, the latest fresh observation counts; none fresh → MISSING.
 * Outcome: any FAIL → FAIL; else any MISSING → MISSING (tentative); else any ABORT → ABORT; else PASS.
 */
export function evaluateVersion(
  scope: ScopeDef,
  version: string,
  subject: string,
  observations: readonly Observation[],
  decisionDate: string
): VersionEvaluation {
  const lifetimes = new Map(scope.testcases.map((t) => [t.id, t.lifetime]))
  const latest = new Map<string, Observation>()
  const expiredSeen = new Set<string>()
  for (const o of observations) {
    if (!isFresh(expiryDate(o.checkedAt, lifetimes.get(o.testcase) ?? null), decisionDate)) {
      expiredSeen.add(o.testcase)
      continue
    }
    const prev = latest.get(o.testcase)
    if (!prev || o.checkedAt > prev.checkedAt) latest.set(o.testcase, o)
  }
  const counts: Record<CheckResult, number> = { PASS: 0, FAIL: 0, ABORT: 0, MISSING: 0 }
  let expired = 0
  const mains = mainTestcases(scope, version)
  for (const tc of mains) {
    const o = latest.get(tc)
    if (o) counts[RESULT_NAME[o.value]] += 1
    else {
      counts.MISSING += 1
      if (expiredSeen.has(tc)) expired += 1
    }
  }
  const outcome: CheckResult =
    counts.FAIL > 0 ? 'FAIL' : counts.MISSING > 0 ? 'MISSING' : counts.ABORT > 0 ? 'ABORT' : 'PASS'
  const status: VersionStatus = versionStatusAt(scope, version, decisionDate)
  return { version, status, subject, outcome, counts, expired }
}
