/**
 * Freshness and version evaluation, as the SCS tooling does it (Tests/scs_cert_lib.py).
 *
 * A result expires at add_period(checked_at, lifetime), aligned to the calendar; it is valid before that
 * instant, not at it. Since every expiry falls on 00:00, a result is fresh at decision date D exactly when
 * D < expiry date. There is no grace period (the monitor dropped it on 2026-06-25): an expired result is
 * MISSING from the instant it expires. Everything that judges evidence (the version badges, the review rows
 * and their findings, the verdict, the PDF) goes through `testcaseOutcome` and `worstResult` here.
 */
import type { CheckResult, Lifetime, ResultValue, ScopeDef, VersionEvaluation, VersionStatus } from './types'
import { mainTestcases, versionStatusAt } from './scope-status'
import type { SchemeRules } from './rules'

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

/** The monitor's order at a tie and over a version: FAIL > MISSING > ABORT > PASS (worst first). */
export const RESULT_RANK: Readonly<Record<CheckResult, number>> = { FAIL: 3, MISSING: 2, ABORT: 1, PASS: 0 }

/** The worst of some testcase outcomes (a version's or a criterion's): none → PASS. */
export function worstResult(xs: Iterable<CheckResult>): CheckResult {
  let w: CheckResult = 'PASS'
  for (const x of xs) if (RESULT_RANK[x] > RESULT_RANK[w]) w = x
  return w
}

const DAY_MS = 86_400_000

/**
 * Whether a report's evidence exists for a decision at `decisionDate` (a day in UTC, as the workbench's today
 * is): a report checked after that day did not exist then, so replaying a past decision (`--at`) never uses
 * it. Checked when (checkInstant), not the day its report wrote: 00:30 on the 24th at +01:00 is the 23rd in
 * UTC, and it exists on the 23rd.
 */
export const existsAt = (checkedAt: string, decisionDate: string): boolean =>
  checkInstant(checkedAt) < Date.parse(`${decisionDate}T00:00:00Z`) + DAY_MS

const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * The instant a check ran, in milliseconds: a `checked_at` with an offset at that offset, one without it in
 * UTC (as the import takes it). Which result is the latest compares these, not the text: 11:00 at +02:00 is
 * before 10:00 UTC. (The day a result's lifetime counts from stays the day its report wrote, `datePart`.)
 */
export function checkInstant(checkedAt: string): number {
  return Date.parse(HAS_OFFSET.test(checkedAt) ? checkedAt : `${checkedAt}Z`)
}

/**
 * Whether result `b` replaces `a` as the result of a testcase: the later `checked_at` (instant) counts; at an
 * exact tie, the worse result (FAIL > ABORT > PASS), whatever the order the reports were imported in.
 */
export const supersedes = (
  b: { readonly checkedAt: string; readonly value: ResultValue },
  a: { readonly checkedAt: string; readonly value: ResultValue } | undefined
): boolean => {
  if (!a) return true
  const tb = checkInstant(b.checkedAt)
  const ta = checkInstant(a.checkedAt)
  return tb > ta || (tb === ta && b.value < a.value)
}

/** How a testcase stands at the decision date: its latest result, and what that result counts as. */
export interface TestcaseOutcome {
  /** the latest result as reported (PASS, FAIL, ABORT), or MISSING when there is none */
  readonly result: CheckResult
  /** what counts at the decision date: the result while fresh; MISSING when there is none or it expired */
  readonly effective: CheckResult
  readonly checkedAt: string | null
  /** null when there is no result, or when the scheme lets no result expire (SchemeFreshness) */
  readonly expiresAt: string | null
  /** fresh | stale (expired: counts as MISSING from the instant of expiry, no grace) | none */
  readonly freshness: 'fresh' | 'stale' | 'none'
}

/**
 * Whether a scheme's results expire (its rule file's `freshness`): `required` for the SCS scopes, whose
 * testcases have lifetimes; `not-required` for a guideline (OpenStack Powered Compute), whose RefStack runs
 * carry none and count as reported, however old.
 */
export type SchemeFreshness = 'required' | 'not-required'

/**
 * How a scheme's evidence counts, as its rule file says, for every screen alike (scheme-rules.ts,
 * evidenceRulesOf): whether results expire, and what a criterion without required testcases needs: an
 * auditor's accepted decision (SCS: a manual check), or nothing (a guideline's capability whose tests are all
 * flagged has nothing left to prove).
 */
export interface EvidenceRules {
  readonly freshness: SchemeFreshness
  readonly manual: 'accepted-decision' | 'excluded'
}

/** SCS's own evidence rules (scs-0004-v1): results expire, a criterion without required testcases needs a decision */
export const SCS_EVIDENCE_RULES: EvidenceRules = { freshness: 'required', manual: 'accepted-decision' }

/**
 * How long an accepted manual check holds before it is due again (add_period, as a result's lifetime): the
 * rule file's `manualLifetime`; SCS-0004's quarter where the rules name none (a points scheme, whose manual
 * checks are its reference scope's).
 */
export const manualLifetimeOf = (rules: SchemeRules | undefined): Lifetime =>
  rules && 'manualLifetime' in rules ? rules.manualLifetime : 'quarter'

/**
 * When a result checked at `checkedAt` expires under `freshness`: by its testcase's lifetime, or never (null)
 * in a scheme whose results do not expire.
 */
export const expiryUnder = (
  freshness: SchemeFreshness,
  checkedAt: string,
  lifetime: Lifetime | null
): string | null => (freshness === 'required' ? expiryDate(checkedAt, lifetime) : null)

/**
 * The one rule for a testcase: fresh → its result; expired → MISSING (no grace since 2026-06-25); none →
 * MISSING. `expiresAt` null: the result never expires (expiryUnder, a scheme without freshness).
 */
export function testcaseOutcome(
  latest: { readonly value: ResultValue; readonly checkedAt: string } | undefined,
  expiresAt: string | null,
  decisionDate: string
): TestcaseOutcome {
  if (!latest)
    return { result: 'MISSING', effective: 'MISSING', checkedAt: null, expiresAt: null, freshness: 'none' }
  const fresh = expiresAt === null || isFresh(expiresAt, decisionDate)
  const result = RESULT_NAME[latest.value]
  return {
    result,
    effective: fresh ? result : 'MISSING',
    checkedAt: latest.checkedAt,
    expiresAt,
    freshness: fresh ? 'fresh' : 'stale'
  }
}

export interface Observation {
  readonly testcase: string
  readonly value: ResultValue
  readonly checkedAt: string
}

/**
 * Evaluates one version of a scope for one subject at a decision date (scs_cert_lib.evaluate):
 * per main testcase the latest result checked on or before the decision date counts (at a tie the worst);
 * expired or absent → MISSING. Outcome: the worst, FAIL > MISSING > ABORT > PASS.
 */
export function evaluateVersion(
  scope: ScopeDef,
  version: string,
  subject: string,
  observations: readonly Observation[],
  decisionDate: string,
  freshness: SchemeFreshness
): VersionEvaluation {
  const lifetimes = new Map(scope.testcases.map((t) => [t.id, t.lifetime]))
  const latest = new Map<string, Observation>()
  for (const o of observations) {
    if (!existsAt(o.checkedAt, decisionDate)) continue
    if (supersedes(o, latest.get(o.testcase))) latest.set(o.testcase, o)
  }
  const counts: Record<CheckResult, number> = { PASS: 0, FAIL: 0, ABORT: 0, MISSING: 0 }
  let expired = 0
  for (const tc of mainTestcases(scope, version)) {
    const o = latest.get(tc)
    const t = testcaseOutcome(
      o,
      o ? expiryUnder(freshness, o.checkedAt, lifetimes.get(tc) ?? null) : null,
      decisionDate
    )
    counts[t.effective] += 1
    if (t.freshness === 'stale') expired += 1
  }
  const outcome = worstResult((Object.keys(counts) as CheckResult[]).filter((k) => counts[k] > 0))
  const status: VersionStatus = versionStatusAt(scope, version, decisionDate)
  return { version, status, subject, outcome, counts, expired }
}
