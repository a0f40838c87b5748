/**
 * What a forger does with their own tools: sign any PDF with any PKCS#12 at any claimed time (no refusal
 * of expired or untrusted certificates), and append incremental updates that redefine objects. Built from
 * the same libraries as the product, below the product's own refusals.
 */
import { deflateSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import { SignPdf } from '@signpdf/signpdf'
import { plainAddPlaceholder } from '@signpdf/placeholder-plain'
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils'
import { openPkcs12, PadesSigner } from '../../src/main/pdf/pades'
import { isArray, isDict, isRef, PdfFile, type PdfValue } from '../../src/main/pdf/pdf-objects'
import { serializePdf } from '../../src/main/pdf/doc-timestamp'

/** Signs `pdf` (adding a placeholder as an incremental update) with any key, claiming `signingTime`. */
export async function forgeSign(
  pdf: Buffer,
  p12: Buffer,
  passphrase: string,
  signingTime: Date
): Promise<Buffer> {
  const signing = await openPkcs12(p12, passphrase, signingTime)
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'Verdict',
    contactInfo: '',
    name: 'A. Auditor (test)',
    location: '',
    signingTime,
    signatureLength: 16_384,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED
  })
  return new SignPdf().sign(withPlaceholder, new PadesSigner(signing), signingTime)
}

const pdfString = (s: string): PdfValue => ({ kind: 'string', bytes: Buffer.from(s, 'latin1') })

/**
 * Attack P4's update: keeps every byte of `signed`, and appends a revision that redefines the verdict.json
 * stream, the info dictionary's verdict hash and id, and draws an overlay (`overlay` text) on page 1.
 */
export function appendForgedVerdict(signed: Buffer, forgedJson: Buffer, overlay: string): Buffer {
  const file = new PdfFile(signed)
  const root = file.catalog()!
  const names = file.resolve(root.get('Names'))
  if (!isDict(names)) throw new Error('no Names')
  const entries = file.nameTree(names.get('EmbeddedFiles'), 16)
  const spec = file.resolve(entries.find(([n]) => n === 'verdict.json')![1])
  if (!isDict(spec)) throw new Error('no file spec')
  const ef = file.resolve(spec.get('EF'))
  if (!isDict(ef)) throw new Error('no EF')
  const streamRef = ef.get('F')
  const infoRef = file.trailer('Info')
  const info = file.resolve(infoRef)
  const pages = file.resolve(root.get('Pages'))
  const kids = isDict(pages) ? file.resolve(pages.get('Kids')) : undefined
  const pageRef = isArray(kids) ? kids[0] : undefined
  const page = file.resolve(pageRef)
  if (!isRef(streamRef) || !isRef(infoRef) || !isDict(info) || !isRef(pageRef) || !isDict(page))
    throw new Error('unexpected structure')
  const size = file.trailer('Size') as number
  const sha = createHash('sha256').update(forgedJson).digest('hex')
  const newInfo = new Map(info)
  newInfo.set('AWVerdictSHA256', pdfString(sha))
  newInfo.set('AWVerdictId', pdfString(`AW-forged-${sha.slice(0, 12)}`))
  const overlayNum = size
  const contents = page.get('Contents')
  const newPage = new Map(page)
  newPage.set('Contents', [
    ...(isArray(contents) ? contents : [contents ?? null]),
    { kind: 'ref', num: overlayNum, gen: 0 }
  ])
  const packed = deflateSync(forgedJson)
  const draw = `q 1 0 0 rg BT /F1 48 Tf 120 420 Td (${overlay}) Tj ET Q`
  const objects: [number, Buffer][] = [
    [
      streamRef.num,
      Buffer.concat([
        Buffer.from(
          `<< /Type /EmbeddedFile /Subtype /application#2Fjson /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`
        ),
        packed,
        Buffer.from('\nendstream')
      ])
    ],
    [infoRef.num, Buffer.from(serializePdf(newInfo))],
    [pageRef.num, Buffer.from(serializePdf(newPage))],
    [overlayNum, Buffer.from(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`)]
  ]
  const prevXref = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(signed.toString('latin1', signed.length - 64))![1]
  const parts: Buffer[] = [signed]
  let at = signed.length
  const offsets: [number, number][] = []
  for (const [num, body] of objects) {
    const head = Buffer.from(`\n${num} 0 obj\n`)
    offsets.push([num, at + 1])
    parts.push(head, body, Buffer.from('\nendobj'))
    at += head.length + body.length + '\nendobj'.length
  }
  const xrefAt = at + 1
  const xref = [
    '\nxref',
    ...offsets.sort((a, b) => a[0] - b[0]).map(([n, o]) => `${n} 1\n${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${size + 1} /Root ${serializePdf(file.trailer('Root'))} /Info ${infoRef.num} 0 R /Prev ${prevXref} >>`,
    'startxref',
    String(xrefAt),
    '%%EOF\n'
  ].join('\n')
  parts.push(Buffer.from(xref))
  return Buffer.concat(parts)
}
