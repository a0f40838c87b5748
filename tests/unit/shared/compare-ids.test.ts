/**
 * compareIds sorts ids as localeCompare does (issue 10 §2: the verdict and findings commands no longer
 * build ICU's collator to sort findings), for the id alphabet and, by falling back, for anything else.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compareIds } from '../../../src/shared/text/compare-ids'

const ID_CHARS = [...'abcxyzABCXYZ0123456789_-:./']
const id = fc.string({ unit: fc.constantFrom(...ID_CHARS), maxLength: 12 })
const sign = (n: number): number => Math.sign(n)

describe('compareIds', () => {
  it('gives the sign of localeCompare for ids', () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(sign(compareIds(a, b))).toBe(sign(a.localeCompare(b)))
      }),
      { numRuns: 20_000 }
    )
  })

  it('gives the sign of localeCompare for ids that differ only in case or length', () => {
    fc.assert(
      fc.property(id, fc.boolean(), (a, upper) => {
        const b = upper ? a.toUpperCase() : `${a}${a.slice(0, 2)}`
        expect(sign(compareIds(a, b))).toBe(sign(a.localeCompare(b)))
        expect(sign(compareIds(b, a))).toBe(sign(b.localeCompare(a)))
      }),
      { numRuns: 5_000 }
    )
  })

  it('gives the sign of localeCompare for any other text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(sign(compareIds(a, b))).toBe(sign(a.localeCompare(b)))
      }),
      { numRuns: 5_000 }
    )
    for (const [a, b] of [
      ['scs-0100 x', 'scs-0100-x'],
      ['é', 'e'],
      ['a b', 'a-b'],
      ['scs-0100', 'scs-0100+'],
      ['ä', 'b']
    ] as const)
      expect(sign(compareIds(a, b))).toBe(sign(a.localeCompare(b)))
  })

  it('sorts findings as before: the demo ids', () => {
    const ids = [
      'scs-0101-v1',
      'scs-0100-v3',
      'SCS-0100-v3',
      'scs-0100-v3.1',
      'scs-0100',
      'scs_0100',
      'a/b',
      'a:b'
    ]
    expect([...ids].sort(compareIds)).toEqual([...ids].sort((a, b) => a.localeCompare(b)))
  })
})
