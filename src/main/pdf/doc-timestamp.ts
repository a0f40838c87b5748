/**
 * The offline upgrade: a document timestamp (ETSI.RFC3161) appended to a signed verdict PDF as an
 * incremental update, read and written through the one object reader. The update adds a DocTimeStamp
 * signature dictionary and an invisible signature field for it, and validation data: a DSS dictionary with
 * the certificates the signatures carry (no CRL or OCSP response: none is published for the bodies yet). It
 * redefines only the AcroForm (to list the field) and the catalog (to gain /DSS): nothing a verifier would
 * count as a change of content. The token's message imprint is the SHA-256 of the byte ranges, as for any PDF signature.
 */
import { createHash } from 'node:crypto'
import { DomainError } from '../errors'
import { isArray, isDict, isRef, PdfFile, signatureFields, type PdfValue } from './pdf-objects'
import { acceptToken, requestTimestamp } from './tsp'
import type { TrustList } from './trust'
import { derOf } from './cms'
import { findSignatures } from './pdf-verify'
import * as pkijs from 'pkijs'

/** Room for the token in /Contents (bytes). */
const TOKEN_LENGTH = 12_288

/** PDF syntax of a parsed value (strings as hex). */
export function serializePdf(v: PdfValue | undefined): string {
  if (v === undefined || v === null) return 'null'
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (isArray(v)) return `[${v.map(serializePdf).join(' ')}]`
  if (isDict(v)) return `<<${[...v].map(([k, x]) => `/${k} ${serializePdf(x)}`).join(' ')}>>`
  if (v.kind === 'name')
    return `/${v.name.replace(/[^!-~]|[#()<>[\]{}/%]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`
  if (v.kind === 'ref') return `${v.num} ${v.gen} R`
  return `<${v.bytes.toString('hex')}>`
}

const pdfDate = (d: Date): string => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`

/**
 * Adds a document timestamp from the TSA at `tsaUrl` to a signed PDF; returns the new file. An authority
 * that does not chain to `trust` (the signer's own trust list) is refused before anything is written: its
 * token would turn a VALID file INVALID.
 */
export async function addDocumentTimestamp(
  pdf: Buffer,
  tsaUrl: string,
  now: Date,
  trust: TrustList
): Promise<Buffer> {
  const file = new PdfFile(pdf)
  if (file.xrefBroken) throw new DomainError('USAGE', `The file cannot be timestamped: ${file.xrefBroken}.`)
  const fields = signatureFields(file)
  if (!fields.length) throw new DomainError('USAGE', 'The file holds no signature to timestamp.')
  const rootRef = file.trailer('Root')
  const catalog = file.catalog()
  const sizeValue = file.trailer('Size')
  if (!isRef(rootRef) || !catalog || typeof sizeValue !== 'number')
    throw new DomainError('USAGE', 'The file has no readable catalog.')
  const acroRef = catalog.get('AcroForm')
  const acro = file.resolve(acroRef)
  if (!isDict(acro)) throw new DomainError('USAGE', 'The file has no AcroForm.')
  const oldFields = file.resolve(acro.get('Fields'))
  const sigNum = sizeValue
  const fieldNum = sizeValue + 1
  const fieldRef: PdfValue = { kind: 'ref', num: fieldNum, gen: 0 }
  const newAcro = new Map(acro) as Map<string, PdfValue>
  newAcro.set('Fields', [...(isArray(oldFields) ? oldFields : []), fieldRef])
  // validation data (DSS): the certificates the signatures carry, so that a verifier needs nothing else
  const certs = [
    ...new Map(
      findSignatures(file)
        .signatures.flatMap((s) => s.signedData?.certificates ?? [])
        .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
        .map((c) => [derOf(c).toString('hex'), derOf(c)] as const)
    ).values()
  ]
  const dssNum = fieldNum + 1
  const certNums = certs.map((_, i) => dssNum + 1 + i)
  const refTo = (num: number): PdfValue => ({ kind: 'ref', num, gen: 0 })
  const newCatalog = new Map(catalog) as Map<string, PdfValue>
  newCatalog.set('DSS', refTo(dssNum))
  if (!isRef(acroRef)) newCatalog.set('AcroForm', newAcro)
  const redefined: [number, string][] = [
    ...(isRef(acroRef) ? ([[acroRef.num, serializePdf(newAcro)]] as [number, string][]) : []),
    [rootRef.num, serializePdf(newCatalog)]
  ]
  const validationData: [number, string][] = [
    [dssNum, `<< /Certs ${serializePdf(certNums.map(refTo))} >>`],
    ...certs.map((der, i): [number, string] => [
      certNums[i]!,
      `<< /Length ${der.length} >>\nstream\n${der.toString('latin1')}\nendstream`
    ])
  ]
  const size = dssNum + 1 + certs.length
  const placeholder = `<${'0'.repeat(TOKEN_LENGTH * 2)}>`
  const byteRangeSlot = '/ByteRange [0 ********** ********** **********]'
  const sigDict = `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${byteRangeSlot} /Contents ${placeholder} /M (${pdfDate(now)}) >>`
  const field = `<< /FT /Sig /T (DocTimeStamp${fieldNum}) /V ${sigNum} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>`
  const objects: [number, string][] = [...redefined, [sigNum, sigDict], [fieldNum, field], ...validationData]
  const prev = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(pdf.toString('latin1', Math.max(0, pdf.length - 1024)))
  if (!prev) throw new DomainError('USAGE', 'The file does not end with startxref and %%EOF.')
  let text = pdf[pdf.length - 1] === 0x0a ? '' : '\n'
  const offsets: [number, number][] = []
  for (const [num, body] of objects) {
    offsets.push([num, pdf.length + text.length])
    text += `${num} 0 obj\n${body}\nendobj\n`
  }
  const xrefAt = pdf.length + text.length
  text += [
    'xref',
    ...offsets.sort((a, b) => a[0] - b[0]).map(([n, o]) => `${n} 1\n${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${size} /Root ${serializePdf(rootRef)}${file.trailer('Info') ? ` /Info ${serializePdf(file.trailer('Info'))}` : ''} /Prev ${prev[1]} >>`,
    'startxref',
    String(xrefAt),
    '%%EOF\n'
  ].join('\n')
  const update = Buffer.from(text, 'latin1')
  const out = Buffer.concat([pdf, update])
  const holeStart = pdf.length + text.indexOf(placeholder)
  const holeEnd = holeStart + placeholder.length
  const range = `/ByteRange [0 ${holeStart} ${holeEnd} ${out.length - holeEnd}]`.padEnd(
    byteRangeSlot.length,
    ' '
  )
  out.write(range, pdf.length + text.indexOf(byteRangeSlot), 'latin1')
  const imprint = createHash('sha256')
    .update(out.subarray(0, holeStart))
    .update(out.subarray(holeEnd))
    .digest()
  const token = await requestTimestamp(tsaUrl, imprint)
  await acceptToken(token, imprint, trust, tsaUrl)
  if (token.length > TOKEN_LENGTH)
    throw new DomainError(
      'USAGE',
      `The timestamp token (${token.length} bytes) does not fit the ${TOKEN_LENGTH} bytes reserved.`
    )
  out.write(token.toString('hex'), holeStart + 1, 'latin1')
  return out
}
