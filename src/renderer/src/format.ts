/** One date format on every screen: ISO dates (2026-11-17), times to the minute in UTC, names for ids. */
import { ownEntry } from '../../shared/text/own'

/** "2026-11-17" out of a date or an ISO timestamp; "—" for none */
export const formatDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '—')

/**
 * When a checked result expires: its date, or "no expiry" in a scheme that lets no result expire (a guideline's
 * RefStack run); "—" for a testcase without a result.
 */
export const formatExpiry = (expiresAt: string | null, checkedAt: string | null): string =>
  expiresAt ? expiresAt.slice(0, 10) : checkedAt ? 'no expiry' : '—'

/** "2026-11-17 09:00 UTC" out of an ISO timestamp (no seconds, no milliseconds) */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

const CHECK_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * When a check ran, as its report wrote it: "2026-11-23 00:30 +02:00", or "… UTC". Its day is the day its expiry
 * counts from (add_period on checked_at, evaluate.ts) and the day the review and the verdict name, so it is
 * never converted to another zone, nor read in the machine's own; a time without an offset is UTC, as the
 * import and the register take it.
 */
export function formatCheckTime(checkedAt: string | null | undefined): string {
  if (!checkedAt) return '—'
  const m = CHECK_TIME.exec(checkedAt)
  if (!m) return checkedAt
  const offset = m[3] && !/^(z|[+-]00:?00)$/i.test(m[3]) ? m[3] : ''
  return `${m[1]} ${m[2] ?? '00:00'} ${offset || 'UTC'}`
}

const OUTCOME_NAMES: Readonly<Record<string, string>> = {
  pass: 'Pass',
  fail: 'Fail',
  tentative: 'Tentative',
  'not-granted': 'Not granted',
  bronze: 'Bronze',
  silver: 'Silver',
  gold: 'Gold',
  counted: 'Counted',
  'not-counted': 'Not counted',
  pending: 'Pending decision',
  rejected: 'Rejected',
  waived: 'Waived'
}

/** The name of an outcome or status id such as `not-granted`; an unknown id is shown as it is. */
export const outcomeName = (id: string): string => ownEntry(OUTCOME_NAMES, id) ?? id

/** A reason line of a refusal or blocking list that names a criterion: "scs-0101-v1 / cloud: why". */
export function criterionOfReason(line: string): { criterion: string; subject: string; rest: string } | null {
  const m = /^([A-Za-z0-9][\w.-]*)(?: \/ ([\w.-]+))?: (.*)$/s.exec(line)
  if (!m) return null
  return { criterion: m[1] === 'case' ? '' : m[1]!, subject: m[2] ?? '', rest: m[3]! }
}
