/**
 * Calendar dates as the workbench writes them: ISO `YYYY-MM-DD` strings. One module, so that every place that
 * takes a date refuses the same things: a string that is not a real day of the calendar (2026-02-31) is
 * refused, never read as another day (JavaScript's Date would read it as 2026-03-03).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day written `YYYY-MM-DD` (the string round-trips through the calendar). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

/** Why a string is not a date, in words for the user; null where it is one. */
export function isoDateProblem(value: string): string | null {
  if (!ISO_DATE.test(value)) return 'expected a date YYYY-MM-DD'
  return isIsoDate(value) ? null : `${value} is not a day of the calendar`
}

/** The calendar day (UTC) of an instant, as `YYYY-MM-DD`. */
export function isoDay(instant: Date): string {
  return instant.toISOString().slice(0, 10)
}
