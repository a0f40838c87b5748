/**
 * What an applicant's document is, judged by its bytes (magic numbers), never by its name. Every document is
 * hostile: a type we do not know, an executable, markup that a browser would run (SVG, HTML), a file that reads
 * as two types at once (a polyglot) or one over the size cap is refused with the file, the place and the reason.
 */
import { InputError } from '../../shared/format/input-error'
import { MAX_DOCUMENT_BYTES, type DocumentMediaType } from '../../shared/domain/documents'
import { checkZip, isZip } from '../import/zip-guard'
import { ascii } from '../import/route'

export { MAX_DOCUMENT_BYTES }

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x)

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const EXECUTABLES: readonly (readonly [readonly number[], string])[] = [
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0x4d, 0x5a], 'a Windows executable (MZ)'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a Mach-O executable'],
  [[0xca, 0xfe, 0xba, 0xbe], 'a Mach-O or Java class file'],
  [[0x23, 0x21], 'a script (#!)'],
  [[0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module']
]
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/** markup a browser would render and run, in any casing */
const ACTIVE_MARKUP = /<(svg|script|html|iframe|object|embed|\?xml|!doctype)\b/i

function hasZipDirectory(b: Uint8Array): boolean {
  const from = Math.max(0, b.length - 65_557)
  for (let i = b.length - 22; i >= from; i--)
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return true
  return false
}

/** the first kind a file also reads as, besides `own`: a PDF header in the first KiB, a ZIP directory at the end, HTML */
function secondType(b: Uint8Array, own: string): string | null {
  const head = ascii(b, 0, 1024)
  if (own !== 'pdf' && head.includes('%PDF-')) return 'a PDF (a %PDF- header in the first 1024 bytes)'
  if (own !== 'zip' && hasZipDirectory(b)) return 'a ZIP archive (a central directory at the end)'
  if (ACTIVE_MARKUP.test(head)) return 'HTML/SVG markup (in the first 1024 bytes)'
  return null
}

function pngTrailer(b: Uint8Array): number {
  // chunks: length(4) type(4) data crc(4); IEND ends the image
  let p = 8
  while (p + 12 <= b.length) {
    const len = Buffer.from(b.buffer, b.byteOffset, b.length).readUInt32BE(p)
    const type = ascii(b, p + 4, p + 8)
    p += 12 + len
    if (type === 'IEND') return b.length - p
  }
  return -1
}

async function officeType(file: string, b: Uint8Array): Promise<DocumentMediaType> {
  // the streaming zip guard inflates every entry once (counted, thrown away): a zip bomb is refused here
  const names = new Set(await checkZip(file, b))
  if (names.has('word/document.xml'))
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  if (names.has('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (names.has('ppt/presentation.xml'))
    return 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
  if (names.has('mimetype')) {
    // ODF: the first entry is `mimetype`, stored uncompressed; its content is the media type
    const buf = Buffer.from(b.buffer, b.byteOffset, b.length)
    const nameLen = buf.readUInt16LE(26)
    const start = 30 + nameLen + buf.readUInt16LE(28)
    const m = /^application\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)$/.exec(
      ascii(b, 30, 30 + nameLen) === 'mimetype' ? ascii(b, start, start + buf.readUInt32LE(18)) : ''
    )
    if (m) return `application/vnd.oasis.opendocument.${m[1] as 'text'}`
  }
  throw new InputError(
    file,
    '(whole file)',
    'a ZIP archive that is not an office document (DOCX, XLSX, PPTX, ODT, ODS, ODP); archives are not accepted as evidence'
  )
}

function textType(file: string, b: Uint8Array): DocumentMediaType | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b)
  } catch {
    return null
  }
  // control characters other than tab, newline, carriage return and form feed: not a text file
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const ctl = text.search(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/)
  if (ctl >= 0) return null
  const body = text.replace(/^\uFEFF/, '').trimStart()
  if (body.startsWith('<') || ACTIVE_MARKUP.test(text.slice(0, 4096)))
    throw new InputError(
      file,
      '(whole file)',
      'markup (SVG, HTML or XML) is not accepted as evidence: a browser would run its scripts; send a PDF or PNG instead'
    )
  return /^#{1,6}\s+\S|^```|^\s*[-*]\s+\[[ x]\]|\[[^\]\n]+\]\([^)\n]+\)/m.test(text)
    ? 'text/markdown'
    : 'text/plain'
}

/** The media type of a document, from its bytes; throws InputError(file, place, reason) when it is refused. */
export async function sniffDocument(file: string, b: Uint8Array): Promise<DocumentMediaType> {
  if (b.length === 0) throw new InputError(file, '(whole file)', 'the file is empty')
  if (b.length > MAX_DOCUMENT_BYTES)
    throw new InputError(
      file,
      '(whole file)',
      `the file is ${b.length} bytes; the limit for an evidence document is ${MAX_DOCUMENT_BYTES} bytes (100 MiB)`
    )
  const polyglot = (own: string, what: string): void => {
    const other = secondType(b, own)
    if (other) throw new InputError(file, '(whole file)', `a polyglot: the file is ${what} and also ${other}`)
  }
  if (ascii(b, 0, 5) === '%PDF-') {
    polyglot('pdf', 'a PDF')
    return 'application/pdf'
  }
  if (startsWith(b, PNG)) {
    polyglot('png', 'a PNG image')
    const trailer = pngTrailer(b)
    if (trailer < 0) throw new InputError(file, '(whole file)', 'a damaged PNG image (no IEND chunk)')
    if (trailer > 0)
      throw new InputError(
        file,
        '(whole file)',
        `a polyglot: ${trailer} bytes follow the end of the PNG image (IEND)`
      )
    return 'image/png'
  }
  if (startsWith(b, JPEG)) {
    polyglot('jpeg', 'a JPEG image')
    return 'image/jpeg'
  }
  if (isZip(b)) {
    polyglot('zip', 'a ZIP container')
    return officeType(file, b)
  }
  for (const [sig, what] of EXECUTABLES)
    if (startsWith(b, sig)) throw new InputError(file, '(whole file)', `${what} is not accepted as evidence`)
  if (startsWith(b, OLE))
    throw new InputError(
      file,
      '(whole file)',
      'a legacy Microsoft Office file (OLE: .doc, .xls, .ppt) can carry macros; save it as PDF, DOCX or XLSX'
    )
  const text = textType(file, b)
  if (text) {
    polyglot('text', 'a text file')
    return text
  }
  throw new InputError(
    file,
    '(whole file)',
    'unknown type: evidence documents are PDF, PNG, JPEG, plain text, Markdown or office files (DOCX, XLSX, PPTX, ODT, ODS, ODP)'
  )
}
