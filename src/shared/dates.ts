/**
 * Calendar dates as the workbench writes them: ISO `YYYY-MM-DD` strings. One module, so that every place that
 * takes a date refuses the same things: a string that is not a real day of the calendar (2026-02-31) is
 * refused, never read as another day (JavaScript's Date would read it as 2026-03-03).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/**
 * True for a real calendar day written `YYYY-MM-DD`: the days that round-trip through Date's calendar
 * (proleptic Gregorian; Date reads the years 0000–0099 as 1900–1999, so those never did), counted without
 * making a Date, as a verdict checks thousands of dates.
 */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year < 100 || month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)
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

/** The languages dates are written in (the verdict document's and the messages'). */
export type DateLang = 'en' | 'de'

const DAY_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/
const LOCALE: Record<DateLang, string> = { en: 'en-GB', de: 'de-DE' }

/** The calendar day a date or an instant starts with (`YYYY-MM-DD…`), or null where it starts with none. */
function dayOf(text: string | null | undefined): Date | null {
  const m = text ? DAY_PREFIX.exec(text) : null
  return m && isIsoDate(m[0]) ? new Date(`${m[0]}T00:00:00Z`) : null
}

/** A day in figures: 2026-11-25 in English, 25.11.2026 in German; null where the text starts with no day. */
export function dayInFigures(text: string | null | undefined, lang: DateLang): string | null {
  // the figures as written: a real day is written the same by the calendar (no Date made and printed again)
  const m = text ? DAY_PREFIX.exec(text) : null
  if (!m || !isIsoDate(m[0])) return null
  return lang === 'de' ? `${m[3]}.${m[2]}.${m[1]}` : m[0]
}

/** A day in words, the month named by Intl: "25 November 2026", "25. November 2026"; null where there is none. */
export function dayInWords(text: string | null | undefined, lang: DateLang): string | null {
  const d = dayOf(text)
  return d
    ? new Intl.DateTimeFormat(LOCALE[lang], {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC'
      }).format(d)
    : null
}

/** The twelve month names of a language, as dayInWords writes them. */
export function monthNames(lang: DateLang): string[] {
  const f = new Intl.DateTimeFormat(LOCALE[lang], { month: 'long', timeZone: 'UTC' })
  return Array.from({ length: 12 }, (_, i) => f.format(Date.UTC(2026, i, 1)))
}
