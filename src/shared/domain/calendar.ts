/** Calendar arithmetic on ISO dates (YYYY-MM-DD). Pure. */

/** Calendar months: 2025-08-31 + 6 months = 2026-02-28 (clamped to the month's end). */
export function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 + n
  const d = Number(date.slice(8, 10))
  const year = y + Math.floor(m / 12)
  const month = ((m % 12) + 12) % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** The day before an ISO date: 2027-03-01 → 2027-02-28. */
export function dayBefore(date: string): string {
  const d = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) - 1)
  )
  return d.toISOString().slice(0, 10)
}
