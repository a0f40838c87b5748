/**
 * Names for ids come from the renderer's own table: an id that happens to name a member every object inherits
 * (a verdict outcome `constructor` or `__proto__` out of a verdict file) is shown as it is, not as that member.
 */
import { describe, expect, it } from 'vitest'
import { outcomeName } from '../../../src/renderer/src/format'

describe('outcomeName', () => {
  it('names the outcomes it knows and shows any other id, inherited member names too, as it is', () => {
    expect(outcomeName('not-granted')).toBe('Not granted')
    expect(outcomeName('silver')).toBe('Silver')
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'no-such-tier'])
      expect(outcomeName(id), id).toBe(id)
  })
})
