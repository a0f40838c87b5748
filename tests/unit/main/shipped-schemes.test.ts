/**
 * The shipped schemes' hash is zlib's CRC-32, computed without loading node:zlib (issue 10 §2): the same
 * sums, so that a workspace seeded by an earlier build is not seeded again for nothing.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { crc32 as zlibCrc32 } from 'node:zlib'
import { crc32 } from '../../../src/main/shipped-schemes'

describe('crc32', () => {
  it('gives zlib’s sums for bytes and strings, with and without a running value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string(), fc.nat(), (bytes, text, start) => {
        const value = start >>> 0
        expect(crc32(bytes)).toBe(zlibCrc32(bytes))
        expect(crc32(bytes, value)).toBe(zlibCrc32(bytes, value))
        expect(crc32(text, value)).toBe(zlibCrc32(text, value))
      }),
      { numRuns: 500 }
    )
  })

  it('knows the check value of "123456789"', () => {
    expect(crc32('123456789')).toBe(0xcbf43926)
  })
})
