/**
 * Reading back what our verdict PDFs carry: the embedded files (the catalog's EmbeddedFiles name tree, its
 * file specifications and their FlateDecode streams) and entries of the document information dictionary.
 *
 * A small PDF object reader, not a regex scan: objects are found through the cross-reference tables (newest
 * incremental update first, so a signed file reads as its last revision), values are parsed as PDF syntax.
 * Defensive: any PDF may be dropped on the verify screen, so sizes, depths and counts are capped and
 * unreadable parts are skipped, not trusted. Files with cross-reference streams (which pdfkit and signpdf do
 * not write) fall back to finding objects by their `n g obj` headers.
 */
import { inflateSync } from 'node:zlib'

const MAX_ATTACHMENT = 50 * 1024 * 1024
const MAX_ATTACHMENTS = 256
const MAX_DEPTH = 32

type PdfValue =
  null | boolean | number | PdfName | PdfString | PdfRef | readonly PdfValue[] | ReadonlyMap<string, PdfValue>
interface PdfName {
  readonly kind: 'name'
  readonly name: string
}
interface PdfString {
  readonly kind: 'string'
  readonly bytes: Buffer
}
interface PdfRef {
  readonly kind: 'ref'
  readonly num: number
  readonly gen: number
}
type Dict = ReadonlyMap<string, PdfValue>

const isDict = (v: PdfValue | undefined): v is Dict => v instanceof Map
const kindOf = (v: PdfValue | undefined): string | undefined =>
  typeof v === 'object' && v !== null && 'kind' in v ? v.kind : undefined
const isRef = (v: PdfValue | undefined): v is PdfRef => kindOf(v) === 'ref'
const isString = (v: PdfValue | undefined): v is PdfString => kindOf(v) === 'string'
const isName = (v: PdfValue | undefined): v is PdfName => kindOf(v) === 'name'
const isArray = (v: PdfValue | undefined): v is readonly PdfValue[] => Array.isArray(v)

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)))

class ParseError extends Error {}

/** A parser of PDF values over the raw bytes (latin1 text, one character per byte). */
class Reader {
  constructor(
    readonly pdf: Buffer,
    readonly text: string
  ) {}

  skip(pos: number): number {
    const t = this.text
    while (pos < t.length) {
      const c = t.charCodeAt(pos)
      if (WHITE.has(c)) pos++
      else if (c === 0x25 /* % */) {
        while (pos < t.length && t[pos] !== '\n' && t[pos] !== '\r') pos++
      } else break
    }
    return pos
  }

  private token(pos: number): { tok: string; end: number } {
    const t = this.text
    let end = pos
    while (end < t.length && !WHITE.has(t.charCodeAt(end)) && !DELIM.has(t.charCodeAt(end))) end++
    return { tok: t.slice(pos, end), end }
  }

  value(start: number, depth = 0): { value: PdfValue; end: number } {
    if (depth > MAX_DEPTH) throw new ParseError('nested too deeply')
    const t = this.text
    const pos = this.skip(start)
    const c = t[pos]
    if (c === undefined) throw new ParseError('unexpected end of file')
    if (c === '<' && t[pos + 1] === '<') {
      const dict = new Map<string, PdfValue>()
      let p = this.skip(pos + 2)
      while (!(t[p] === '>' && t[p + 1] === '>')) {
        const key = this.value(p, depth + 1)
        if (!isName(key.value)) throw new ParseError(`a dictionary key at ${p} is not a name`)
        const val = this.value(key.end, depth + 1)
        dict.set(key.value.name, val.value)
        p = this.skip(val.end)
        if (p >= t.length) throw new ParseError('unterminated dictionary')
      }
      return { value: dict, end: p + 2 }
    }
    if (c === '<') {
      const close = t.indexOf('>', pos)
      if (close < 0) throw new ParseError('unterminated hex string')
      let hex = t.slice(pos + 1, close).replace(/[^0-9a-fA-F]/g, '')
      if (hex.length % 2) hex += '0'
      return { value: { kind: 'string', bytes: Buffer.from(hex, 'hex') }, end: close + 1 }
    }
    if (c === '(') return this.literal(pos)
    if (c === '[') {
      const items: PdfValue[] = []
      let p = this.skip(pos + 1)
      while (t[p] !== ']') {
        if (p >= t.length) throw new ParseError('unterminated array')
        const item = this.value(p, depth + 1)
        items.push(item.value)
        p = this.skip(item.end)
      }
      return { value: items, end: p + 1 }
    }
    if (c === '/') {
      const { tok, end } = this.token(pos + 1)
      const name = tok.replace(/#([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
      return { value: { kind: 'name', name }, end }
    }
    const { tok, end } = this.token(pos)
    if (tok === 'true' || tok === 'false') return { value: tok === 'true', end }
    if (tok === 'null') return { value: null, end }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(tok)) {
      // an indirect reference: two unsigned integers and R
      const ref = /^\s+(\d+)\s+R(?=[\s/<>[\]()%]|$)/.exec(t.slice(end, end + 32))
      if (/^\d+$/.test(tok) && ref)
        return { value: { kind: 'ref', num: Number(tok), gen: Number(ref[1]) }, end: end + ref[0].length }
      return { value: Number(tok), end }
    }
    throw new ParseError(`unexpected token ${JSON.stringify(tok.slice(0, 20))} at ${pos}`)
  }

  private literal(pos: number): { value: PdfString; end: number } {
    const t = this.text
    const out: number[] = []
    let depth = 1
    let p = pos + 1
    while (p < t.length) {
      const c = t[p]!
      if (c === '\\') {
        const n = t[p + 1]
        const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 }
        if (n === undefined) break
        if (n in simple) {
          out.push(simple[n]!)
          p += 2
        } else if (/[0-7]/.test(n)) {
          const oct = /^[0-7]{1,3}/.exec(t.slice(p + 1, p + 4))![0]
          out.push(parseInt(oct, 8) & 0xff)
          p += 1 + oct.length
        } else if (n === '\r' || n === '\n') {
          // a line continuation
          p += n === '\r' && t[p + 2] === '\n' ? 3 : 2
        } else {
          out.push(n.charCodeAt(0))
          p += 2
        }
        continue
      }
      if (c === '(') depth++
      if (c === ')' && --depth === 0)
        return { value: { kind: 'string', bytes: Buffer.from(out) }, end: p + 1 }
      out.push(c.charCodeAt(0))
      p++
    }
    throw new ParseError('unterminated string')
  }
}

/** A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), else PDFDocEncoding (~latin1). */
function textOf(s: PdfString): string {
  const b = s.bytes
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const body = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)))
    return body.swap16().toString('utf16le')
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8')
  return b.toString('latin1')
}

/** The objects and the trailer of one PDF, newest revision first. */
class PdfFile {
  private readonly reader: Reader
  private readonly offsets = new Map<number, number>()
  private readonly trailers: Dict[] = []
  private readonly cache = new Map<number, PdfValue>()
  /** object offsets by their headers, built only when the cross-reference data does not serve */
  private scanned: Map<number, number> | null = null

  constructor(pdf: Buffer) {
    const text = pdf.toString('latin1')
    this.reader = new Reader(pdf, text)
    this.readXref(text)
    if (!this.trailers.length) {
      const at = text.lastIndexOf('trailer')
      if (at >= 0) {
        const tr = this.tryValue(at + 'trailer'.length)
        if (isDict(tr)) this.trailers.push(tr)
      }
    }
  }

  private tryValue(pos: number): PdfValue | undefined {
    try {
      return this.reader.value(pos).value
    } catch {
      return undefined
    }
  }

  /** Classic cross-reference tables, following /Prev; entries of newer sections win. */
  private readXref(text: string): void {
    const sx = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(text.slice(-1024))
    let at = sx ? Number(sx[1]) : NaN
    const seen = new Set<number>()
    while (Number.isInteger(at) && at >= 0 && at < text.length && !seen.has(at) && seen.size < 64) {
      seen.add(at)
      if (!text.startsWith('xref', at)) return
      const sub = /(\d+)\s+(\d+)/y
      const entry = /\s*(\d{10})\s(\d{5})\s([nf])/y
      let p = at + 'xref'.length
      for (;;) {
        p = this.reader.skip(p)
        if (text.startsWith('trailer', p)) break
        sub.lastIndex = p
        const s = sub.exec(text)
        if (!s) return
        const first = Number(s[1])
        const count = Number(s[2])
        if (count > 10_000_000) return
        p = sub.lastIndex
        for (let i = 0; i < count; i++) {
          entry.lastIndex = p
          const e = entry.exec(text)
          if (!e) return
          p = entry.lastIndex
          if (e[3] === 'n' && !this.offsets.has(first + i)) this.offsets.set(first + i, Number(e[1]))
        }
      }
      const tr = text.startsWith('trailer', p) ? this.tryValue(p + 'trailer'.length) : undefined
      if (!isDict(tr)) return
      this.trailers.push(tr)
      const prev = tr.get('Prev')
      at = typeof prev === 'number' ? prev : NaN
    }
  }

  /** Without usable cross-reference data: the last `n g obj` header of each object number. */
  private scan(): Map<number, number> {
    const out = new Map<number, number>()
    const re = /(?<!\d)(\d+)\s+\d+\s+obj\b/g
    const text = this.reader.text
    for (let m = re.exec(text); m; m = re.exec(text)) out.set(Number(m[1]), m.index)
    return out
  }

  /** The start of object `num`'s value (after `num gen obj`), or -1. */
  private valueStart(num: number): number {
    const at = (off: number | undefined): number => {
      if (off === undefined) return -1
      const head = /^\s*(\d+)\s+(\d+)\s+obj/.exec(this.reader.text.slice(off, off + 48))
      return head && Number(head[1]) === num ? off + head[0].length : -1
    }
    const viaXref = at(this.offsets.get(num))
    if (viaXref >= 0) return viaXref
    this.scanned ??= this.scan()
    return at(this.scanned.get(num))
  }

  trailer(key: string): PdfValue | undefined {
    for (const t of this.trailers) if (t.has(key)) return t.get(key)
    return undefined
  }

  resolve(v: PdfValue | undefined, depth = 0): PdfValue | undefined {
    if (!isRef(v)) return v
    if (depth > MAX_DEPTH) return undefined
    if (this.cache.has(v.num)) return this.cache.get(v.num)
    const at = this.valueStart(v.num)
    const value = at < 0 ? undefined : this.tryValue(at)
    this.cache.set(v.num, value ?? null)
    return isRef(value) ? this.resolve(value, depth + 1) : value
  }

  /** The decoded data of the stream object `ref` (no filter or FlateDecode), or null. */
  stream(ref: PdfValue | undefined): Buffer | null {
    if (!isRef(ref)) return null
    const at = this.valueStart(ref.num)
    if (at < 0) return null
    let parsed: { value: PdfValue; end: number }
    try {
      parsed = this.reader.value(at)
    } catch {
      return null
    }
    const dict = parsed.value
    if (!isDict(dict)) return null
    const text = this.reader.text
    let p = this.reader.skip(parsed.end)
    if (!text.startsWith('stream', p)) return null
    p += 'stream'.length
    if (text[p] === '\r') p++
    if (text[p] === '\n') p++
    const length = this.resolve(dict.get('Length'))
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > MAX_ATTACHMENT)
      return null
    if (p + length > this.reader.pdf.length) return null
    const raw = this.reader.pdf.subarray(p, p + length)
    const filter = this.resolve(dict.get('Filter'))
    const filters = (isArray(filter) ? filter : filter === undefined ? [] : [filter]).map((f) =>
      isName(f) ? f.name : '?'
    )
    if (filters.length === 0) return Buffer.from(raw)
    if (filters.length !== 1 || filters[0] !== 'FlateDecode') return null
    try {
      return inflateSync(raw, { maxOutputLength: MAX_ATTACHMENT })
    } catch {
      return null
    }
  }

  /** Key → value pairs of a name tree, depth-first, with a cap on depth and entries. */
  nameTree(root: PdfValue | undefined, limit: number): [string, PdfValue][] {
    const out: [string, PdfValue][] = []
    const seen = new Set<number>()
    const walk = (node: PdfValue | undefined, depth: number): void => {
      if (depth > MAX_DEPTH || out.length >= limit) return
      if (isRef(node)) {
        if (seen.has(node.num)) return
        seen.add(node.num)
      }
      const dict = this.resolve(node)
      if (!isDict(dict)) return
      const names = this.resolve(dict.get('Names'))
      if (isArray(names))
        for (let i = 0; i + 1 < names.length && out.length < limit; i += 2) {
          const key = this.resolve(names[i])
          if (isString(key)) out.push([textOf(key), names[i + 1]!])
        }
      const kids = this.resolve(dict.get('Kids'))
      if (isArray(kids)) for (const kid of kids) walk(kid, depth + 1)
    }
    walk(root, 0)
    return out
  }
}

/** name → bytes of every file in the document's EmbeddedFiles name tree (pdfdetach's view). */
export function extractAttachments(pdf: Buffer): Map<string, Buffer> {
  const file = new PdfFile(pdf)
  const out = new Map<string, Buffer>()
  const root = file.resolve(file.trailer('Root'))
  if (!isDict(root)) return out
  const names = file.resolve(root.get('Names'))
  if (!isDict(names)) return out
  for (const [name, specRef] of file.nameTree(names.get('EmbeddedFiles'), MAX_ATTACHMENTS)) {
    const spec = file.resolve(specRef)
    if (!isDict(spec) || out.has(name)) continue
    const ef = file.resolve(spec.get('EF'))
    if (!isDict(ef)) continue
    const bytes = file.stream(ef.get('UF') ?? ef.get('F'))
    if (bytes) out.set(name, bytes)
  }
  return out
}

/** A string entry of the document information dictionary, e.g. AWVerdictSHA256; null when absent. */
export function readInfoEntry(pdf: Buffer, key: string): string | null {
  const file = new PdfFile(pdf)
  const info = file.resolve(file.trailer('Info'))
  if (!isDict(info)) return null
  const value = file.resolve(info.get(key))
  return isString(value) ? textOf(value) : null
}
