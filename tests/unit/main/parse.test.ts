import { describe, expect, it } from 'vitest'
import { parseFile, decodeText, MAX_FILE_BYTES } from '../../../src/main/import/parse'
import { InputError } from '../../../src/shared/format/input-error'
import { reportYaml, sampleReport } from '../../helpers/workspace'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const reason = async (bytes: Uint8Array): Promise<InputError> => {
  try {
    await parseFile('f.yaml', bytes)
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('expected a rejection')
}

describe('parseFile detects by content', () => {
  it('a compliance-check report, whatever its name', async () => {
    const p = await parseFile('evidence.txt', sampleReport())
    expect(p.kind).toBe('scs-report')
  })
  it('several reports in one file', async () => {
    const text =
      reportYaml({ results: { a: 1 } }) + '---\n' + reportYaml({ results: { b: 1 }, subject: 'other' })
    const p = await parseFile('two.yaml', enc(text))
    expect(p.kind === 'scs-report' && p.reports.map((r) => r.subject)).toEqual(['test-cloud', 'other'])
  })
  it('an unknown document is refused, saying what was expected', async () => {
    expect((await reason(enc('hello: world\n'))).reason).toMatch(/not a recognised format/)
  })
  it('a mix of report and something else is refused at the second document', async () => {
    const e = await reason(enc(reportYaml({ results: { a: 1 } }) + '---\nfoo: 1\n'))
    expect(e.place).toBe('document 2')
  })
})

describe('decodeText refuses non-text input', () => {
  it.each([
    ['empty', new Uint8Array(), /empty/],
    ['a UTF-8 BOM', Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), /byte-order mark/],
    ['UTF-16', Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), /UTF-16/],
    ['invalid UTF-8', Uint8Array.from([0x61, 0x62, 0xc3, 0x28]), /not valid UTF-8/],
    ['a NUL byte', enc('a: 1\u0000'), /NUL/]
  ])('%s', (_n, bytes, why) => {
    expect(() => decodeText('x', bytes)).toThrow(why)
  })
  it('names a PNG image as an image, not as broken UTF-8', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48])
    expect(() => decodeText('logo.png', png)).toThrow(/this is a PNG image, not a report/)
    expect(() => decodeText('scan.pdf', enc('%PDF-1.7\n'))).toThrow(/this is a PDF document/)
    // text that merely starts with similar letters is still read as text
    expect(decodeText('x', enc('GIF: 1\n'))).toBe('GIF: 1\n')
  })
  it('names the byte offset of invalid UTF-8', () => {
    try {
      decodeText('x', Uint8Array.from([0x61, 0x62, 0xc3, 0x28]))
    } catch (e) {
      expect((e as InputError).place).toBe('byte 2')
    }
    expect.assertions(1)
  })
  it('caps the size before decoding', () => {
    expect(() => decodeText('x', new Uint8Array(MAX_FILE_BYTES + 1))).toThrow(/limit is/)
  })
})
