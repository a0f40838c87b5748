import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  dayInFigures,
  dayInWords,
  isIsoDate,
  isoDateProblem,
  isoDay,
  monthNames
} from '../../../src/shared/dates'
import { checkDate } from '../../../src/main/review/review.service'
import { ARG_SCHEMAS } from '../../../src/main/ipc/args'

describe('dates', () => {
  it('accepts real calendar days, leap days included', () => {
    for (const d of ['2026-01-01', '2026-02-28', '2028-02-29', '2000-02-29', '2026-12-31'])
      expect(isIsoDate(d)).toBe(true)
  })

  it('refuses days that are not in the calendar instead of rolling them over', () => {
    for (const d of [
      '2026-02-31',
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00'
    ])
      expect(isIsoDate(d)).toBe(false)
    expect(isoDateProblem('2026-02-31')).toBe('2026-02-31 is not a day of the calendar')
  })

  it('refuses other spellings', () => {
    for (const d of ['2026-2-3', '20260203', '2026-02-03T00:00:00Z', ' 2026-02-03', ''])
      expect(isIsoDate(d)).toBe(false)
  })

  it('a decision date of 2026-02-31 is refused, not read as 2026-03-03', () => {
    expect(() => checkDate('2026-02-31', '2026-12-01', 'decision date')).toThrow(/not "2026-02-31"/)
    expect(checkDate('2026-03-03', '2026-12-01')).toBe('2026-03-03')
    expect(ARG_SCHEMAS['cases:verdict'].safeParse(['c', '2026-02-31']).success).toBe(false)
  })

  it("counts the calendar as Date does: a day is a date exactly when it round-trips through Date's calendar", () => {
    const roundTrips = (year: number, month: number, day: number): boolean => {
      const d = new Date(Date.UTC(year, month - 1, day))
      return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
    }
    const pad = (n: number, width: number): string => String(n).padStart(width, '0')
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (year, month, day) => {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
          expect(isIsoDate(text)).toBe(roundTrips(year, month, day))
        }
      ),
      { numRuns: 20_000 }
    )
    // the edges: centuries, leap days, and the years 0000-0099 that Date reads as 1900-1999
    for (const [d, ok] of [
      ['2000-02-29', true],
      ['2100-02-29', false],
      ['0400-02-29', true],
      ['0100-02-29', false],
      ['0100-01-01', true],
      ['0099-12-31', false],
      ['0000-01-01', false],
      ['9999-12-31', true]
    ] as const)
      expect(isIsoDate(d)).toBe(ok)
  })

  it('isoDay is the UTC day of an instant', () => {
    expect(isoDay(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11-30')
  })
})

describe('dates in words and figures (one helper for the PDF and the messages)', () => {
  it('writes a day in each language, the month named by Intl', () => {
    expect(dayInWords('2026-11-25', 'en')).toBe('25 November 2026')
    expect(dayInWords('2026-03-05T10:00:00Z', 'de')).toBe('5. März 2026')
    expect(dayInFigures('2026-11-25', 'en')).toBe('2026-11-25')
    expect(dayInFigures('2026-11-25T23:59:00Z', 'de')).toBe('25.11.2026')
    expect(monthNames('de')).toHaveLength(12)
    expect(monthNames('en')[0]).toBe('January')
  })

  it('writes no day where the text has none, or one that is not a day of the calendar', () => {
    for (const text of ['2026-02-31', 'soon', '', null, undefined])
      for (const lang of ['en', 'de'] as const) {
        expect(dayInWords(text, lang)).toBeNull()
        expect(dayInFigures(text, lang)).toBeNull()
      }
  })
})
