/**
 * The one PDF object reader of the workbench: what `verify` reads signatures, embedded files and the
 * document information dictionary through (and what the document-timestamp upgrade appends to).
 *
 * Objects are found through the cross-reference tables, newest incremental update first, following each
 * trailer's /Prev; values are parsed as PDF syntax. Every revision (the file up to each `%%EOF` that a
 * cross-reference section ends) can be opened on its own, so the objects a later update redefines can be
 * compared with what an earlier signature covered.
 *
 * Defensive: any PDF may be dropped on the verify screen. Sizes, depths, counts and revisions are capped;
 * a stream is inflated at most once per object, under a budget of inflated bytes for the whole file; object
 * loops end at a visited set. Files with cross-reference streams (which pdfkit and signpdf do not write;
 * hybrid files too, whose trailer names one with /XRefStm) or a broken cross-reference table are read by
 * their `n g obj` headers, and say so (`xrefBroken`), so that a verifier can refuse to call such a file
 * VALID.
 */
import { inflateSync } from 'node:zlib'

/** the most one stream may inflate to */
export const MAX_STREAM = 32 * 1024 * 1024
/** the most all streams of one file may inflate to, together */
export const MAX_INFLATED_TOTAL = 64 * 1024 * 1024
const MAX_DEPTH = 32
const MAX_REVISIONS = 64

export type PdfValue =
  null | boolean | number | PdfName | PdfString | PdfRef | readonly PdfValue[] | ReadonlyMap<string, PdfValue>
export interface PdfName {
  readonly kind: 'name'
  readonly name: string
}
export interface PdfString {
  readonly kind: 'string'
  readonly bytes: Buffer
}
export interface PdfRef {
  readonly kind: 'ref'
  readonly num: number
  readonly gen: number
}
export type Dict = ReadonlyMap<string, PdfValue>

export const isDict = (v: PdfValue | undefined): v is Dict => v instanceof Map
const kindOf = (v: PdfValue | undefined): string | undefined =>
  typeof v === 'object' && v !== null && 'kind' in v ? v.kind : undefined
export const isRef = (v: PdfValue | undefined): v is PdfRef => kindOf(v) === 'ref'
export const isString = (v: PdfValue | undefined): v is PdfString => kindOf(v) === 'string'
export const isName = (v: PdfValue | undefined): v is PdfName => kindOf(v) === 'name'
export const isArray = (v: PdfValue | undefined): v is readonly PdfValue[] => Array.isArray(v)
export const nameOf = (v: PdfValue | undefined): string | null => (isName(v) ? v.name : null)

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)))

export class PdfParseError extends Error {}

/** Where each entry's value of a parsed dictionary lies in the file: [start, end) byte offsets. */
const SPANS = new WeakMap<Dict, Map<string, readonly [number, number]>>()
export const spanOf = (dict: Dict, key: string): readonly [number, number] | undefined =>
  SPANS.get(dict)?.get(key)

/**
 * The keys a parsed dictionary has more than once. This reader keeps the last value, as poppler does; another
 * reader may keep the first, so a dictionary with a repeated key can mean two things.
 */
const REPEATED = new WeakMap<Dict, Set<string>>()

/** The keys repeated in any dictionary within `v` (its arrays and dictionaries, not what references name). */
export function repeatedKeys(v: PdfValue | undefined): string[] {
  const out = new Set<string>()
  const walk = (x: PdfValue | undefined, depth: number): void => {
    if (depth > MAX_DEPTH) return
    if (isArray(x)) for (const item of x) walk(item, depth + 1)
    else if (isDict(x)) {
      for (const k of REPEATED.get(x) ?? []) out.add(k)
      for (const item of x.values()) walk(item, depth + 1)
    }
  }
  walk(v, 0)
  return [...out]
}

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
    if (depth > MAX_DEPTH) throw new PdfParseError('nested too deeply')
    const t = this.text
    const pos = this.skip(start)
    const c = t[pos]
    if (c === undefined) throw new PdfParseError('unexpected end of file')
    if (c === '<' && t[pos + 1] === '<') {
      const dict = new Map<string, PdfValue>()
      const spans = new Map<string, readonly [number, number]>()
      const repeated = new Set<string>()
      let p = this.skip(pos + 2)
      while (!(t[p] === '>' && t[p + 1] === '>')) {
        if (p >= t.length) throw new PdfParseError('unterminated dictionary')
        const key = this.value(p, depth + 1)
        if (!isName(key.value)) throw new PdfParseError(`a dictionary key at ${p} is not a name`)
        const valueAt = this.skip(key.end)
        const val = this.value(valueAt, depth + 1)
        if (dict.has(key.value.name)) repeated.add(key.value.name)
        dict.set(key.value.name, val.value)
        spans.set(key.value.name, [valueAt, val.end])
        p = this.skip(val.end)
      }
      SPANS.set(dict, spans)
      if (repeated.size) REPEATED.set(dict, repeated)
      return { value: dict, end: p + 2 }
    }
    if (c === '<') {
      const close = t.indexOf('>', pos)
      if (close < 0) throw new PdfParseError('unterminated hex string')
      let hex = t.slice(pos + 1, close).replace(/[^0-9a-fA-F]/g, '')
      if (hex.length % 2) hex += '0'
      return { value: { kind: 'string', bytes: Buffer.from(hex, 'hex') }, end: close + 1 }
    }
    if (c === '(') return this.literal(pos)
    if (c === '[') {
      const items: PdfValue[] = []
      let p = this.skip(pos + 1)
      while (t[p] !== ']') {
        if (p >= t.length) throw new PdfParseError('unterminated array')
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
    throw new PdfParseError(`unexpected token ${JSON.stringify(tok.slice(0, 20))} at ${pos}`)
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
    throw new PdfParseError('unterminated string')
  }
}

/** A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), else PDFDocEncoding (~latin1). */
export function textOf(s: PdfString): string {
  const b = s.bytes
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const body = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)))
    return body.swap16().toString('utf16le')
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8')
  return b.toString('latin1')
}

/** One cross-reference section and its trailer: the objects one revision (re)defines. */
export interface Revision {
  /** the offset of its `xref` keyword */
  readonly xrefAt: number
  readonly trailer: Dict
  /** object number → offset of the objects this section defines (in use) */
  readonly objects: ReadonlyMap<number, number>
  /** the object numbers this section marks free (deleted) */
  readonly freed: ReadonlySet<number>
  /** the end of the revision: just after its `%%EOF` (and the end-of-line after it, when there is one) */
  readonly eofEnd: number
  readonly end: number
}

/** The inflate budget of one verification, shared by every revision opened on the same bytes. */
interface Budget {
  inflated: number
  readonly limit: number
  readonly problems: string[]
}

/** The objects and the trailers of one PDF, newest revision first. */
export class PdfFile {
  private readonly reader: Reader
  /** object number → offset and generation, from the newest cross-reference section that lists it */
  private readonly offsets = new Map<number, { readonly offset: number; readonly gen: number }>()
  /** newest first */
  private readonly sections: Revision[] = []
  private readonly cache = new Map<number, PdfValue>()
  private readonly streams = new Map<number, Buffer | null>()
  private readonly budget: Budget
  /** object offsets by their headers, built only when the cross-reference data does not serve */
  private scanned: Map<number, number> | null = null
  /** why the cross-reference data could not be followed to its end; null when it could */
  xrefBroken: string | null = null

  constructor(
    readonly pdf: Buffer,
    budget?: Budget
  ) {
    this.budget = budget ?? { inflated: 0, limit: MAX_INFLATED_TOTAL, problems: [] }
    const text = pdf.toString('latin1')
    this.reader = new Reader(pdf, text)
    this.readXref(text)
    if (!this.sections.length) {
      const at = text.lastIndexOf('trailer')
      const tr = at >= 0 ? this.tryValue(at + 'trailer'.length) : undefined
      if (isDict(tr))
        this.sections.push({
          xrefAt: -1,
          trailer: tr,
          objects: new Map(),
          freed: new Set(),
          eofEnd: pdf.length,
          end: pdf.length
        })
    }
  }

  /** The bytes inflated so far, and what the budget refused. */
  get inflation(): { readonly bytes: number; readonly problems: readonly string[] } {
    return { bytes: this.budget.inflated, problems: this.budget.problems }
  }

  /** The revisions, oldest first. */
  get revisions(): readonly Revision[] {
    return [...this.sections].reverse()
  }

  /** The file as it was at the end of a revision: the objects as that revision saw them. */
  atRevision(rev: Revision): PdfFile {
    return new PdfFile(this.pdf.subarray(0, rev.end), this.budget)
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
    if (!sx) {
      this.xrefBroken = 'the file does not end with startxref and %%EOF'
      return
    }
    let at = Number(sx[1])
    const seen = new Set<number>()
    const broken = (why: string): void => {
      this.xrefBroken = `the cross-reference section at offset ${at} ${why}`
    }
    while (Number.isFinite(at)) {
      if (seen.has(at)) return broken('is reached twice through /Prev (a loop)')
      if (seen.size >= MAX_REVISIONS) return broken(`is beyond ${MAX_REVISIONS} revisions`)
      seen.add(at)
      // @signpdf's startxref points at the end-of-line before `xref`; poppler accepts that, and so do we
      const xrefAt = /^[\r\n \t]{0,4}xref/.exec(text.slice(at, at + 8))
      if (at < 0 || at >= text.length || !xrefAt)
        return broken('is not a cross-reference table (a stream or a wrong offset)')
      const sub = /(\d+)\s+(\d+)/y
      const entry = /\s*(\d{10})\s(\d{5})\s([nf])/y
      const objects = new Map<number, number>()
      const freed = new Set<number>()
      let p = at + xrefAt[0].length
      for (;;) {
        p = this.reader.skip(p)
        if (text.startsWith('trailer', p)) break
        sub.lastIndex = p
        const s = sub.exec(text)
        if (!s) return broken('has an unreadable subsection header')
        const first = Number(s[1])
        const count = Number(s[2])
        if (count > 10_000_000) return broken('claims too many entries')
        p = sub.lastIndex
        for (let i = 0; i < count; i++) {
          entry.lastIndex = p
          const e = entry.exec(text)
          if (!e) return broken('has an unreadable entry')
          p = entry.lastIndex
          if (e[3] === 'n') {
            objects.set(first + i, Number(e[1]))
            if (!this.offsets.has(first + i))
              this.offsets.set(first + i, { offset: Number(e[1]), gen: Number(e[2]) })
          } else freed.add(first + i)
        }
      }
      const trEnd = { end: -1 }
      let tr: PdfValue | undefined
      try {
        const r = this.reader.value(p + 'trailer'.length)
        tr = r.value
        trEnd.end = r.end
      } catch {
        tr = undefined
      }
      if (!isDict(tr)) return broken('has no readable trailer')
      // a hybrid file: PDF 1.5 readers take objects from the cross-reference stream the trailer names,
      // before older sections; an update could redefine an object there unseen by this reader
      if (tr.has('XRefStm'))
        return broken(
          'names a cross-reference stream (/XRefStm, a hybrid file), which this reader does not follow'
        )
      // the revision ends at the %%EOF after the startxref that points here
      const m = /^\s*startxref\s+(\d+)\s*%%EOF/.exec(text.slice(trEnd.end, trEnd.end + 64))
      if (!m || Number(m[1]) !== at) return broken('is not followed by a startxref pointing to it')
      const eofEnd = trEnd.end + m[0].length
      const eol = /^(\r\n|\n|\r)?/.exec(text.slice(eofEnd, eofEnd + 2))![0]
      this.sections.push({ xrefAt: at, trailer: tr, objects, freed, eofEnd, end: eofEnd + eol.length })
      const prev = tr.get('Prev')
      if (prev === undefined) return
      if (typeof prev !== 'number' || !Number.isInteger(prev))
        return broken('has a /Prev that is not an offset')
      at = prev
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
  valueStart(num: number): number {
    // the header must name the object, and the generation the cross-reference table gives it: poppler
    // rebuilds the table from the headers when one does not (and then takes the last header of each
    // object, listed or not)
    const at = (off: number | undefined, gen?: number): number => {
      if (off === undefined) return -1
      const head = /^\s*(\d+)\s+(\d+)\s+obj/.exec(this.reader.text.slice(off, off + 48))
      return head && Number(head[1]) === num && (gen === undefined || Number(head[2]) === gen)
        ? off + head[0].length
        : -1
    }
    const listed = this.offsets.get(num)
    const viaXref = at(listed?.offset, listed?.gen)
    if (viaXref >= 0) return viaXref
    if (listed !== undefined)
      this.xrefBroken ??= `the cross-reference table puts object ${num} at offset ${listed.offset}, where it is not (as generation ${listed.gen})`
    else if (!this.xrefBroken) return -1
    this.scanned ??= this.scan()
    return at(this.scanned.get(num))
  }

  /** Whether object `num` is a stream: its dictionary is followed by the `stream` keyword. */
  isStream(num: number): boolean {
    const at = this.valueStart(num)
    if (at < 0) return false
    try {
      return this.reader.text.startsWith('stream', this.reader.skip(this.reader.value(at).end))
    } catch {
      return false
    }
  }

  trailer(key: string): PdfValue | undefined {
    for (const t of this.sections) if (t.trailer.has(key)) return t.trailer.get(key)
    return undefined
  }

  /** The value of object `num` (cached), or undefined. */
  object(num: number): PdfValue | undefined {
    if (this.cache.has(num)) return this.cache.get(num) ?? undefined
    const at = this.valueStart(num)
    const value = at < 0 ? undefined : this.tryValue(at)
    this.cache.set(num, value ?? null)
    return value
  }

  resolve(v: PdfValue | undefined, depth = 0): PdfValue | undefined {
    if (!isRef(v)) return v
    if (depth > MAX_DEPTH) return undefined
    const value = this.object(v.num)
    return isRef(value) ? this.resolve(value, depth + 1) : value
  }

  /**
   * The decoded data of the stream object `ref` (no filter or FlateDecode), or null. Each object is inflated
   * at most once; a stream beyond MAX_STREAM, or one that would take the file past its inflate budget, is
   * refused (null) and the refusal recorded in `inflation.problems`.
   */
  stream(ref: PdfValue | undefined, label = 'a stream'): Buffer | null {
    if (!isRef(ref)) return null
    if (this.streams.has(ref.num)) return this.streams.get(ref.num)!
    const out = this.readStream(ref.num, label)
    this.streams.set(ref.num, out)
    return out
  }

  private readStream(num: number, label: string): Buffer | null {
    const at = this.valueStart(num)
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
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > MAX_STREAM)
      return null
    if (p + length > this.reader.pdf.length) return null
    const raw = this.reader.pdf.subarray(p, p + length)
    const filter = this.resolve(dict.get('Filter'))
    const filters = (isArray(filter) ? filter : filter === undefined ? [] : [filter]).map((f) =>
      isName(f) ? f.name : '?'
    )
    if (filters.length === 0) return Buffer.from(raw)
    if (filters.length !== 1 || filters[0] !== 'FlateDecode') return null
    const room = Math.min(MAX_STREAM, this.budget.limit - this.budget.inflated)
    const refuse = (why: string): null => {
      this.budget.problems.push(`${label} (object ${num}) ${why}; it was not read`)
      return null
    }
    if (room <= 0)
      return refuse(`would take the inflated data of the file past ${this.budget.limit >> 20} MB`)
    try {
      const out = inflateSync(raw, { maxOutputLength: room })
      this.budget.inflated += out.length
      return out
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        this.budget.inflated += room
        return refuse(
          room < MAX_STREAM
            ? `would take the inflated data of the file past ${this.budget.limit >> 20} MB`
            : `inflates to more than ${MAX_STREAM >> 20} MB`
        )
      }
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

  /** The document catalog, or null. */
  catalog(): Dict | null {
    const root = this.resolve(this.trailer('Root'))
    return isDict(root) ? root : null
  }
}

/** A signature field with its /V signature dictionary, as found through the AcroForm. */
export interface SignatureField {
  readonly field: string
  /** the object number of the signature dictionary (-1 when it is direct in the field) */
  readonly objectNum: number
  readonly dict: Dict
}

/** Every signature field with a value, walking the AcroForm's field tree (Kids), with caps and a visited set. */
export function signatureFields(file: PdfFile, limit = 256): SignatureField[] {
  const out: SignatureField[] = []
  const acro = file.resolve(file.catalog()?.get('AcroForm'))
  if (!isDict(acro)) return out
  const seen = new Set<number>()
  const walk = (node: PdfValue | undefined, depth: number, ft: string | null, name: string): void => {
    if (depth > MAX_DEPTH || out.length >= limit || seen.size > 10_000) return
    if (isRef(node)) {
      if (seen.has(node.num)) return
      seen.add(node.num)
    }
    const field = file.resolve(node)
    if (!isDict(field)) return
    const t = file.resolve(field.get('T'))
    const full = isString(t) ? (name ? `${name}.${textOf(t)}` : textOf(t)) : name
    const type = nameOf(file.resolve(field.get('FT'))) ?? ft
    const v = field.get('V')
    if (type === 'Sig' && v !== undefined) {
      const dict = file.resolve(v)
      if (isDict(dict)) out.push({ field: full, objectNum: isRef(v) ? v.num : -1, dict })
    }
    const kids = file.resolve(field.get('Kids'))
    if (isArray(kids)) for (const kid of kids) walk(kid, depth + 1, type, full)
  }
  const fields = file.resolve(acro.get('Fields'))
  if (isArray(fields)) for (const f of fields) walk(f, 0, null, '')
  return out
}
