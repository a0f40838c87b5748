/**
 * The tamper suite: named attacks on one signed verdict PDF, each a test of its own. A byte changed in a
 * named structure of the signed ranges, bytes or an incremental update appended, the verdict attachment
 * swapped, the signature removed or broken, the ByteRange edited. Each must be refused by poppler's pdfsig
 * and by our `verify`, the two must agree, and each test asserts the check that catches its attack (a
 * digest mismatch, a range that does not cover the file, no signature at all, …). A last test runs every
 * case's own assertion on the untouched file and sees it fail: no case passes without its attack.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { promisify } from 'node:util'
import { tempDir } from '../helpers/paths'
import { integratorWorkspace, signedAt, unsignedVerdictPdf } from '../helpers/verdict-pdf'
import { createTestPki, readP12 } from '../helpers/test-pki'
import { signPdf } from '../../src/main/pdf/pades'
import { verifyVerdictPdf } from '../../src/main/pdf/export'
import type { VerdictCheck } from '../../src/shared/domain/verdict-types'
import { parseTrustPem, type TrustList } from '../../src/main/pdf/trust'

const run = promisify(execFile)
let signed: Buffer
let dir: string
let trust: TrustList

interface Pdfsig {
  readonly valid: boolean
  readonly total: boolean
  readonly text: string
}

async function pdfsigSays(file: string): Promise<Pdfsig> {
  const r = await run('pdfsig', [file]).then(
    (x) => `${x.stdout}${x.stderr}`,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`
  )
  return {
    valid: r.includes('Signature is Valid.'),
    total: r.includes('Total document signed'),
    text: r
  }
}

beforeAll(async () => {
  dir = tempDir('aw-tamper-')
  const pki = createTestPki()
  trust = parseTrustPem(readFileSync(pki.caPem, 'utf8'), 'test CA')
  const ws = await integratorWorkspace()
  const unsigned = await unsignedVerdictPdf(ws.verdict('nordlicht'), ws)
  signed = await signPdf(unsigned, {
    p12: readP12(pki.p12),
    passphrase: pki.passphrase,
    signingTime: signedAt(),
    trust
  })
  ws.close()
}, 60_000)

/** Where the signed file's structures are: found once, each by a search that must succeed. */
function layout() {
  const text = signed.toString('latin1')
  const found = (what: string, at: number): number => {
    if (at < 0) throw new Error(`the signed file has no ${what}`)
    return at
  }
  const brAt = found('/ByteRange', text.lastIndexOf('/ByteRange'))
  const br = /\/ByteRange\s*\[(\d+) (\d+) (\d+) (\d+)\s*\] */.exec(text.slice(brAt))!
  const [a, b, c, d] = br.slice(1).map(Number) as [number, number, number, number]
  const spec = found('verdict.json file specification', text.indexOf('(verdict.json)'))
  const ef = /\/EF\s*<<\s*\/F\s+(\d+)\s+0\s+R/.exec(text.slice(spec - 400, spec + 400))![1]!
  const efAt = found(`object ${ef}`, text.search(new RegExp(`\\n${ef} 0 obj`)))
  return {
    text,
    byteRange: { text: br[0], a, b, c, d },
    verdictObject: Number(ef),
    verdictStream: found('verdict.json stream', text.indexOf('stream', efAt)) + 'stream\n'.length,
    verdictDesc: found('verdict.json description', text.indexOf('/Desc (The verdict', spec)),
    firstXref: found('xref table', text.indexOf('\nxref\n')),
    rootRef: found('/Root', text.indexOf('/Root ')),
    subFilter: found('/SubFilter', text.indexOf('/SubFilter /ETSI.CAdES.detached', brAt - 200)),
    signingTime: found('/M', text.indexOf('/M (D:', c)),
    lastXref: found('last xref table', text.lastIndexOf('\nxref\n')) + 1,
    firstEof: found('%%EOF', text.indexOf('%%EOF')),
    /** where the last revision's startxref points (the /Prev of an update appended to it) */
    startxref: Number(/startxref\s+(\d+)\s*%%EOF\s*$/.exec(text)![1])
  }
}

type Layout = ReturnType<typeof layout>

/** One byte changed (never to itself); whitespace stays whitespace, so the syntax around it survives. */
const flip = (at: number): Buffer => {
  const bytes = Buffer.from(signed)
  const was = bytes[at]!
  bytes[at] = was === 0x20 ? 0x0a : was === 0x0a ? 0x20 : was ^ 0x01
  return bytes
}
const inSignedRange = (l: Layout, at: number): boolean =>
  (at >= l.byteRange.a && at < l.byteRange.a + l.byteRange.b) ||
  (at >= l.byteRange.c && at < l.byteRange.c + l.byteRange.d)
/** The file with its ByteRange array replaced by one of the same width (the offsets of everything survive). */
function withByteRange(l: Layout, range: readonly number[]): Buffer {
  const next = `/ByteRange [${range.join(' ')}]`.padEnd(l.byteRange.text.length, ' ')
  expect(next.length, 'the edited ByteRange fits the space of the original').toBe(l.byteRange.text.length)
  return Buffer.from(l.text.replace(l.byteRange.text, next), 'latin1')
}

interface Case {
  readonly name: string
  readonly make: (l: Layout) => Buffer
  /** what catches this attack, asserted on our check and on pdfsig's */
  readonly caught: (ours: VerdictCheck, pdfsig: Pdfsig) => void
}

/** a changed byte inside the signed ranges: the digest no longer matches, for both */
const digestMismatch = (ours: VerdictCheck, pdfsig: Pdfsig): void => {
  expect(ours.signature).toMatchObject({ signed: true, digestOk: false, valid: false })
  expect(ours.problems.join('\n')).toContain('Digest Mismatch')
  expect(pdfsig.text).toContain('Digest Mismatch')
}
/** bytes after the signed ranges: the signature is intact but does not cover the file */
const notWholeDocument = (ours: VerdictCheck, pdfsig: Pdfsig): void => {
  expect(ours.signature).toMatchObject({ digestOk: true, coversWholeDocument: false })
  expect(pdfsig.text).toContain('Not total document signed')
}

const flipCase = (
  name: string,
  at: (l: Layout) => number,
  caught: Case['caught'] = digestMismatch
): Case => ({
  name: `a byte changed in ${name}`,
  make: (l) => {
    const offset = at(l)
    expect(inSignedRange(l, offset), `${name} lies in the signed ranges`).toBe(true)
    return flip(offset)
  },
  caught
})
const problem = (ours: VerdictCheck, text: string): void => expect(ours.problems.join('\n')).toContain(text)

const EXACT_HOLE = 'the ByteRange does not leave exactly the signature /Contents out'

const CASES: readonly Case[] = [
  // --- one byte changed inside the signed ranges, in each kind of structure
  flipCase('the header (%PDF-1.x)', () => 5),
  flipCase('the first trailer’s /Root reference', (l) => l.rootRef + '/Root '.length),
  flipCase('the first xref table', (l) => l.firstXref + '\nxref\n'.length + 2),
  flipCase('the verdict.json attachment stream', (l) => l.verdictStream + 16),
  flipCase(
    'the verdict id of the attachment’s description',
    (l) => l.verdictDesc + '/Desc (The verdict'.length + 4
  ),
  // pdfsig does not know the changed SubFilter and leaves the signature unverified; we find the digest changed
  flipCase(
    'the signature dictionary’s /SubFilter',
    (l) => l.subFilter + '/SubFilter /ETSI.'.length,
    (ours, pdfsig) => {
      expect(ours.signature).toMatchObject({ digestOk: false, valid: false })
      problem(ours, 'Digest Mismatch')
      expect(pdfsig.text).toContain('Signature has not yet been verified')
    }
  ),
  flipCase('the last signed byte before the signature value', (l) => l.byteRange.b - 1),
  flipCase('the first signed byte after the signature value', (l) => l.byteRange.c),
  flipCase('the signing time /M (after the signature value)', (l) => l.signingTime + '/M (D:'.length + 3),
  flipCase('the last xref table', (l) => l.lastXref + 8),
  flipCase('the last byte of the file', () => signed.length - 1),
  {
    name: 'the verdict.json attachment overwritten in place with a forged verdict',
    make: (l) => {
      const fake = deflateSync(Buffer.from('{"format":"auditor-workbench/verdict@1","outcome":"gold"}'))
      const bytes = Buffer.from(signed)
      fake.copy(bytes, l.verdictStream)
      return bytes
    },
    caught: digestMismatch
  },
  // --- bytes after the signed ranges
  {
    name: 'random bytes appended',
    make: () =>
      Buffer.concat([signed, Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 131 + 7) & 0xff))]),
    caught: (ours, pdfsig) => {
      notWholeDocument(ours, pdfsig)
      expect(ours.problems.join('\n')).toContain('2000 byte(s) were appended after signing')
    }
  },
  {
    name: 'a comment appended',
    make: () => Buffer.concat([signed, Buffer.from('\n% appended after signing\n')]),
    caught: notWholeDocument
  },
  {
    name: 'an incremental update that redefines the verdict.json attachment',
    make: (l) => {
      const forged = Buffer.from('{"format":"auditor-workbench/verdict@1","outcome":"gold","points":99}')
      const obj = `\n${l.verdictObject} 0 obj\n<< /Type /EmbeddedFile /Length ${forged.length} >>\nstream\n${forged.toString()}\nendstream\nendobj\n`
      const xrefAt = signed.length + obj.length
      const update = `${obj}xref\n${l.verdictObject} 1\n${String(signed.length + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 70 /Root 3 0 R /Prev ${l.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`
      return Buffer.concat([signed, Buffer.from(update, 'latin1')])
    },
    caught: (ours, pdfsig) => {
      // a well-formed update: the signature still verifies, but a revision that is not a document
      // timestamp follows it, and the verdict it embeds is not the one the signed pages show
      notWholeDocument(ours, pdfsig)
      expect(ours.signature.modifiedAfter).toBe(true)
      problem(ours, 'is not a document timestamp')
      problem(ours, 'is not the verdict the document shows')
    }
  },
  // --- the signature removed or broken
  {
    name: 'the signature value zeroed',
    make: (l) => Buffer.from(signed).fill('0', l.byteRange.b + 1, l.byteRange.c - 1),
    caught: (ours) => {
      expect(ours.signature).toMatchObject({ signed: true, valid: false, signatureOk: false })
      problem(ours, 'the signature is not a readable CMS SignedData')
    }
  },
  {
    name: 'the signature value replaced by other hex digits',
    make: (l) => {
      const bytes = Buffer.from(signed)
      for (let p = l.byteRange.b + 1; p < l.byteRange.c - 1; p++)
        bytes[p] = '0123456789abcdef'.charCodeAt(p % 16)
      return bytes
    },
    caught: (ours) => {
      expect(ours.signature).toMatchObject({ signed: true, valid: false, signatureOk: false })
      problem(ours, 'the signature is not a readable CMS SignedData')
    }
  },
  {
    name: 'the /ByteRange key renamed',
    make: (l) =>
      Buffer.from(
        l.text.replace(l.byteRange.text, l.byteRange.text.replace('/ByteRange', '/ByteRangX')),
        'latin1'
      ),
    caught: (ours) => problem(ours, 'the signature has no readable ByteRange')
  },
  {
    name: 'the signature field’s /FT /Sig renamed',
    make: (l) => Buffer.from(l.text.replace('/FT /Sig', '/FT /Tx '), 'latin1'),
    caught: (ours, pdfsig) => {
      expect(ours.signature.signed).toBe(false)
      expect(pdfsig.text).toContain('does not contain any signatures')
    }
  },
  {
    name: 'the signing revision cut off (the file before signing)',
    make: (l) => Buffer.from(signed.subarray(0, l.firstEof + '%%EOF\n'.length)),
    caught: (ours, pdfsig) => {
      expect(ours.signature.signed).toBe(false)
      expect(pdfsig.text).toContain('does not contain any signatures')
    }
  },
  {
    name: 'the first half of the first signed range cut out',
    make: (l) => Buffer.concat([signed.subarray(0, l.byteRange.b >> 1), signed.subarray(l.byteRange.b)]),
    caught: (ours, pdfsig) => {
      expect(ours.signature.signed).toBe(false)
      expect(pdfsig.text).toContain('The signature form field is not signed')
    }
  },
  {
    name: 'the last byte of the file dropped',
    make: () => Buffer.from(signed.subarray(0, signed.length - 1)),
    caught: (ours) => problem(ours, 'the ByteRange reaches beyond the end of the file')
  },
  // --- the ByteRange edited (same width, so every offset in the file survives)
  ...(
    [
      [
        'ends 10 bytes before the end of the file',
        ({ b, c, d }) => [0, b, c, d - 10],
        '10 byte(s) were appended after signing'
      ],
      [
        'reaches 10 bytes past the end of the file',
        ({ b, c, d }) => [0, b, c, d + 10],
        'the ByteRange reaches beyond the end of the file'
      ],
      [
        'covers half of the second range',
        ({ b, c, d }) => [0, b, c, d >> 1],
        'byte(s) were appended after signing'
      ],
      [
        'starts 10 bytes into the file',
        ({ b, c, d }) => [10, b - 10, c, d],
        'the signed range does not start at the beginning of the file'
      ],
      ['leaves 10 bytes before the signature value unsigned', ({ b, c, d }) => [0, b - 10, c, d], EXACT_HOLE],
      ['leaves half of the first range unsigned', ({ b, c, d }) => [0, b >> 1, c, d], EXACT_HOLE],
      ['covers only the first 100 bytes before the second range', ({ c, d }) => [0, 100, c, d], EXACT_HOLE],
      [
        'leaves 10 bytes after the signature value unsigned',
        ({ b, c, d }) => [0, b, c + 10, d - 10],
        EXACT_HOLE
      ],
      ['takes in the signature value’s opening bracket', ({ b, c, d }) => [0, b + 1, c, d], EXACT_HOLE],
      ['takes in its closing bracket', ({ b, c, d }) => [0, b, c - 1, d + 1], EXACT_HOLE]
    ] as const satisfies readonly (readonly [string, (r: Layout['byteRange']) => number[], string])[]
  ).map(([what, range, why]): Case => ({
    name: `the ByteRange ${what}`,
    make: (l) => withByteRange(l, range(l.byteRange)),
    caught: (ours) => {
      expect(ours.signature.valid && ours.signature.coversWholeDocument).toBe(false)
      problem(ours, why)
    }
  }))
]

async function check(name: string, bytes: Buffer): Promise<{ ours: VerdictCheck; pdfsig: Pdfsig }> {
  const f = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.pdf`)
  writeFileSync(f, bytes)
  return { pdfsig: await pdfsigSays(f), ours: await verifyVerdictPdf(bytes, name, null, { trust }) }
}

describe('tamper suite', () => {
  let original: { ours: VerdictCheck; pdfsig: Pdfsig }
  beforeAll(async () => {
    original = await check('original', signed)
  })

  it('the untouched file passes both checks', () => {
    expect(original.pdfsig).toMatchObject({ valid: true, total: true })
    expect(original.ours.signature).toMatchObject({ valid: true, coversWholeDocument: true })
    expect(original.ours.problems).toEqual([])
    expect(original.ours).toMatchObject({ outcome: 'VALID', ok: true })
  })

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: refused by pdfsig and by verify, for the reason the attack gives',
    async (_name, c) => {
      const bytes = c.make(layout())
      expect(bytes.equals(signed), 'the attack changed the file').toBe(false)
      const { ours, pdfsig } = await check(c.name, bytes)
      const popplerAccepts = pdfsig.valid && pdfsig.total
      expect(popplerAccepts, `pdfsig accepts it:\n${pdfsig.text}`).toBe(false)
      expect(ours.ok, `verify accepts it: ${ours.reason}`).toBe(false)
      expect(ours.signature.valid && ours.signature.coversWholeDocument, 'verify and pdfsig agree').toBe(
        popplerAccepts
      )
      c.caught(ours, pdfsig)
    }
  )

  it('each case’s own assertion fails on the untouched file: no case passes without its attack', () => {
    for (const c of CASES) expect(() => c.caught(original.ours, original.pdfsig), c.name).toThrow()
  })
})
