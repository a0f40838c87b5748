/**
 * Hostile PDFs made at test time: a small builder of classic-xref PDFs from object bodies, and the bomb of
 * attack P7 (many embedded-file names pointing to one huge Flate stream). Used by the hostile corpus, the
 * attack tests and `npm run bench`.
 */
import { deflateSync } from 'node:zlib'

/** A PDF from object bodies (index = object number), with a correct classic xref unless told otherwise. */
export function pdfOf(
  bodies: (Buffer | string)[],
  opts: { trailer?: string; xref?: (xref: string) => string } = {}
): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')]
  const offsets: number[] = []
  let len = parts[0]!.length
  bodies.forEach((body, num) => {
    if (num === 0) return
    const b = Buffer.concat([Buffer.from(`${num} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')])
    offsets[num] = len
    parts.push(b)
    len += b.length
  })
  let xref = [
    'xref',
    `0 ${bodies.length}`,
    '0000000000 65535 f ',
    ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    opts.trailer ?? `<< /Size ${bodies.length} /Root 1 0 R >>`,
    'startxref',
    String(len),
    '%%EOF\n'
  ].join('\n')
  if (opts.xref) xref = opts.xref(xref)
  return Buffer.concat([...parts, Buffer.from(xref)])
}

/** An embedded-file stream object, Flate-compressed. */
export const flateStream = (data: Buffer): Buffer => {
  const packed = deflateSync(data, { level: 9 })
  return Buffer.concat([
    Buffer.from(`<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`),
    packed,
    Buffer.from('\nendstream')
  ])
}

export const CATALOG = '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> /AcroForm 6 0 R >>'
export const PAGES = '<< /Type /Pages /Kids [] /Count 0 >>'

/** Attack P7: `names` embedded-file names (the first one verdict.json) for one stream of `bytes` zeros. */
export function pdfBomb(names: number, bytes: number): Buffer {
  return pdfOf([
    '',
    CATALOG,
    PAGES,
    `<< /Names [(verdict.json) 4 0 R ${Array.from({ length: names - 1 }, (_, i) => `(f${i}.json) 4 0 R`).join(' ')}] >>`,
    '<< /Type /Filespec /EF << /F 5 0 R >> >>',
    flateStream(Buffer.alloc(bytes)),
    '<< /Fields [] >>'
  ])
}
