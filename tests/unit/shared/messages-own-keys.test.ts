/**
 * A message and its parameters may come from a file (a verdict JSON read back for its PDF or its screen): a
 * code or a word id that names a member every object inherits (`constructor`, `__proto__`, `toString`) is
 * shown as it is, never called or printed as that member, and never breaks the rendering.
 */
import { describe, expect, it } from 'vitest'
import { say, type Msg } from '../../../src/shared/text/messages'

const inherited = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']

describe('say with ids that name inherited members', () => {
  it('an unknown code is said as the code', () => {
    for (const code of inherited)
      for (const lang of ['en', 'de'] as const)
        expect(say({ code, params: {} } as unknown as Msg, lang), `${lang} ${code}`).toBe(code)
  })

  it('an outcome, claim, status or decision id that the catalogue does not know is said as the id', () => {
    for (const id of inherited) {
      expect(say({ code: 'rule.tier', params: { tier: id, min: 2 } } as Msg)).toBe(`${id} at ≥ 2 points`)
      expect(say({ code: 'fact.claimed-as', params: { claim: id } } as Msg)).toBe(
        `the applicant claims it ${id}`
      )
    }
  })
})
