/**
 * A hostile-PDF corpus for `verify` (issue 14): bombs, deep nesting, object loops and broken
 * cross-reference data, each checked through the built verify worker (out/main/verify-worker.js, as the
 * app, the bridge and the CLI run it): every file gets an answer, INVALID with a reason, and none takes
 * the process down. `npm test` builds first; run `npm run build` before running this file alone.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT } from '../helpers/paths'
import { CATALOG, PAGES, flateStream, pdfBomb, pdfOf } from '../helpers/hostile-pdf'
import { builtVerifyWorkerFile, checkOffThread } from '../../src/main/pdf/verify-client'
import { PdfFile, MAX_INFLATED_TOTAL } from '../../src/main/pdf/pdf-objects'
import { extractAttachments } from '../../src/main/pdf/attachments'
import { findSignatures } from '../../src/main/pdf/pdf-verify'
import type { TrustList } from '../../src/main/pdf/trust'

const EMPTY: TrustList = { source: '(none)', certs: [], entries: [] }
const NOW = new Date('2026-11-24T09:00:00Z')
let worker: string | null

const corpus: Record<string, () => Buffer> = {
  // P7 and its cousins: one stream for many names, many streams that together pass the budget
  'bomb: 256 names, one 50 MB stream': () => pdfBomb(256, 50 * 1024 * 1024),
  'bomb: five 20 MB streams (100 MB together)': () =>
    pdfOf([
      '',
      CATALOG,
      PAGES,
      `<< /Names [${[7, 8, 9, 10, 11].map((n, i) => `(f${i}) ${n} 0 R`).join(' ')}] >>`,
      '<< >>',
      '<< >>',
      '<< /Fields [] >>',
      ...[12, 13, 14, 15, 16].map((n) => `<< /Type /Filespec /EF << /F ${n} 0 R >> >>`),
      ...[0, 1, 2, 3, 4].map(() => flateStream(Buffer.alloc(20 * 1024 * 1024)))
    ]),
  'deep nesting: 100,000 nested arrays': () =>
    pdfOf(['', `<< /Type /Catalog /Pages 2 0 R /X ${'['.repeat(100_000)}${']'.repeat(100_000)} >>`, PAGES]),
  'deep nesting: 10,000 nested dictionaries in the AcroForm': () =>
    pdfOf([
      '',
      '<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>',
      PAGES,
      `${'<< /A '.repeat(10_000)}1${' >>'.repeat(10_000)}`
    ]),
  'object loop: a reference to itself': () => pdfOf(['', '1 0 R', PAGES]),
  'object loop: the name tree is its own kid': () =>
    pdfOf(['', CATALOG, PAGES, '<< /Kids [3 0 R 3 0 R] >>', '<< >>', '<< >>', '<< /Fields [6 0 R] >>']),
  'object loop: signature fields that are their own kids': () =>
    pdfOf([
      '',
      CATALOG,
      PAGES,
      '<< >>',
      '<< >>',
      '<< >>',
      '<< /Fields [7 0 R] >>',
      '<< /FT /Sig /Kids [7 0 R 8 0 R] >>',
      '<< /Parent 7 0 R /Kids [7 0 R] /V << /ByteRange [0 1 2 3] /Contents <00> >> >>'
    ]),
  'broken xref: /Prev points to itself': () =>
    pdfOf(['', CATALOG, PAGES], {
      xref: (x) => x.replace('/Root 1 0 R >>', `/Root 1 0 R /Prev ${/startxref\n(\d+)/.exec(x)![1]} >>`)
    }),
  'broken xref: startxref past the end': () =>
    pdfOf(['', CATALOG, PAGES], { xref: (x) => x.replace(/startxref\n\d+/, 'startxref\n999999999') }),
  'broken xref: a section claiming ten million entries': () =>
    pdfOf(['', CATALOG, PAGES], { xref: (x) => x.replace(/^0 3$/m, '0 9999999') }),
  'broken xref: every offset wrong': () =>
    pdfOf(['', CATALOG, PAGES], { xref: (x) => x.replace(/^(\d{10}) 00000 n/gm, '0000000001 00000 n') }),
  'broken xref: a signature whose ByteRange points at another hex string': () =>
    pdfOf([
      '',
      '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>',
      PAGES,
      '<< /FT /Sig /V 4 0 R >>',
      '<< /Type /Sig /ByteRange [0 10 20 30] /Contents <3082> /Other <308200> >>'
    ]),
  'not a PDF at all': () => Buffer.from('GIF89a'.repeat(1000)),
  'empty file': () => Buffer.alloc(0)
}

beforeAll(() => {
  worker = builtVerifyWorkerFile(join(ROOT, 'out/main'))
})

describe('hostile PDFs through the verify worker', () => {
  it('the worker is built (npm test builds it)', () => {
    expect(worker, 'out/main/verify-worker.js is missing: run npm run build').not.toBeNull()
  })

  for (const [name, make] of Object.entries(corpus))
    it(`${name}: INVALID with a reason, and the worker answers`, async () => {
      const c = await checkOffThread(worker, make(), `${name}.pdf`, EMPTY, NOW)
      expect(c.outcome).toBe('INVALID')
      expect(c.reason.length).toBeGreaterThan(10)
      expect(c.reason).not.toMatch(/could not be checked|stopped/)
    })

  it('the bombs are refused by the inflate caps, inflating each object once', () => {
    const one = new PdfFile(corpus['bomb: 256 names, one 50 MB stream']!())
    extractAttachments(one)
    expect(one.inflation.problems).toEqual([expect.stringMatching(/object 5\) inflates to more than 32 MB/)])
    const many = new PdfFile(corpus['bomb: five 20 MB streams (100 MB together)']!())
    expect(extractAttachments(many).size).toBe(3)
    expect(many.inflation.bytes).toBeLessThanOrEqual(MAX_INFLATED_TOTAL)
    expect(many.inflation.problems.join('\n')).toMatch(/past 64 MB/)
  })

  it('the structure problems are named: loops, a misplaced object, a ByteRange beside its /Contents', () => {
    expect(findSignatures(corpus['broken xref: /Prev points to itself']!()).problems.join()).toMatch(/loop/)
    expect(findSignatures(corpus['broken xref: every offset wrong']!()).problems.join()).toMatch(
      /cannot be followed/
    )
    const misplaced = findSignatures(
      corpus['broken xref: a signature whose ByteRange points at another hex string']!()
    )
    expect(misplaced.signatures[0]!.check.problems).toContain(
      'the ByteRange does not leave exactly the signature /Contents out'
    )
  })

  it('a verification that overruns its deadline is stopped, off the main thread, and says so', async () => {
    const c = await checkOffThread(
      worker,
      corpus['bomb: 256 names, one 50 MB stream']!(),
      'slow.pdf',
      EMPTY,
      NOW,
      1
    )
    expect(c.outcome).toBe('INVALID')
    expect(c.reason).toBe('verification was stopped after 0.001 s')
  })
})
