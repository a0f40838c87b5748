/**
 * A fast reader for the plain block YAML that machines write (PyYAML's `safe_dump`, as scs-compliance-check
 * writes its reports): nested block mappings and sequences of scalars, one entry per line. It reads such a file
 * several times faster than js-yaml, and gives exactly what js-yaml gives for it.
 *
 * It is a recogniser first: anything outside that narrow form gives `null`, and the caller reads the file with
 * js-yaml as before. So a file is never read differently, only faster, and js-yaml stays the one that refuses
 * a file and says why. Outside the form are, among others: comments, tabs, carriage returns, blank lines,
 * trailing spaces, directives and document end markers, anchors, aliases and tags, block scalars, flow
 * collections other than `[]` and `{}`, double-quoted scalars over more than one line or with an escaped line
 * break, keys that are not plain strings (`1:`, `null:`, `__proto__:`), repeated keys, a sequence item that is
 * not a scalar, and an empty document.
 *
 * Plain scalars get their type from the very resolvers js-yaml uses (the schema's implicit types, in their
 * order), so `1`, `-1`, `0x1F`, `null` and `.inf` mean the same here as there. tests/unit/shared/block-yaml.test.ts
 * compares the two on real reports and on many thousands of mutated ones.
 */

/** A js-yaml implicit type: what the loader asks of each plain scalar, in the schema's order */
export interface ImplicitType {
  resolve(data: string): boolean
  construct(data: string): unknown
}

/** The implicit types of a js-yaml schema (its compiled list, which the loader itself walks), or null. */
export function implicitTypesOf(schema: unknown): readonly ImplicitType[] | null {
  const list = (schema as { compiledImplicit?: unknown } | null)?.compiledImplicit
  if (!Array.isArray(list)) return null
  const ok = list.every(
    (t) =>
      typeof (t as ImplicitType)?.resolve === 'function' &&
      typeof (t as ImplicitType)?.construct === 'function'
  )
  return ok ? (list as ImplicitType[]) : null
}

/** Not in the form: the caller reads the file with js-yaml. */
class Outside extends Error {}
const OUTSIDE = new Outside()

/**
 * Characters that never occur in the form: those js-yaml refuses as non-printable (its own pattern), lone
 * surrogates, and tab, carriage return, NEL, the byte order mark and the Unicode line and paragraph separators.
 */
const NOT_IN_FORM =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x09\x0B-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/

/** how deep the form may nest: a report nests five deep. Below the caller's limit, which stays js-yaml's to apply */
const MAX_DEPTH = 32
/** YAML allows an implicit key of at most 1024 characters */
const MAX_KEY = 1024

const SPACE = 0x20
const COLON = 0x3a
const HASH = 0x23
const DASH = 0x2d
const QUOTE = 0x27
const DQUOTE = 0x22

/** js-yaml's escapes in double-quoted scalars that stand for one fixed character */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029'
}
/**
 * A key in the form: a plain scalar on one line that starts with a letter, digit or `_`, and holds no space
 * before its colon, no comment, quote or flow indicator, and no other colon.
 */
const PLAIN_KEY = /^[A-Za-z0-9_][^\s:#'",[\]{}]*$/
/** a sequence item's dash: followed by a space (a dash alone on its line, or "-x", is not an item here) */
const ITEM = /^- /
const HEX = /^[0-9A-Fa-f]+$/
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 }

/**
 * The documents of `text` as js-yaml's `loadAll` gives them, when `text` is in the form; otherwise null.
 * `implicit` is the schema's implicit types (implicitTypesOf). What it reads stays within `limits` (the
 * walk of yaml-limits.ts's checkTree): a document that would nest near `maxDepth`, or hold more than
 * `maxNodes` nodes, is left to js-yaml and that walk, which refuse it. Its documents share no node (it
 * reads no aliases) and hold no `__proto__` key.
 */
export function readBlockYaml(
  text: string,
  implicit: readonly ImplicitType[],
  limits: { readonly maxDepth?: number; readonly maxNodes?: number } = {}
): unknown[] | null {
  try {
    // nesting near the caller's limit is left to js-yaml, so that only js-yaml ever refuses it
    const depth = Math.min(MAX_DEPTH, (limits.maxDepth ?? Infinity) - 2)
    return new Reader(text, implicit, depth, limits.maxNodes ?? Infinity).documents()
  } catch {
    // outside the form, or anything unforeseen (a stack overflow, say): js-yaml's to judge
    return null
  }
}

/** what the reader's current line is */
const LINE = 0
const SEPARATOR = 1
const END = 2

/**
 * Reads line by line: it holds only the current line's place, never an array of lines, so that its memory
 * grows with what it reads (as js-yaml's does), not with the number of lines.
 */
class Reader {
  /** the current line: its start, its end (its line break, or the end of the text) and its indentation */
  private start = 0
  private stop = 0
  private indent = 0
  private kind: typeof LINE | typeof SEPARATOR | typeof END = END
  private depth = 0
  /** the current document's nodes, counted as checkTree counts them: the root, and every value and item */
  private nodes = 0
  /** short plain scalars already typed (typed()) */
  private readonly seen = new Map<string, unknown>()

  constructor(
    private readonly text: string,
    private readonly implicit: readonly ImplicitType[],
    private readonly maxDepth: number,
    private readonly maxNodes: number
  ) {
    if (text.length === 0 || NOT_IN_FORM.test(text)) throw OUTSIDE
    this.load(0)
  }

  /** makes the line that starts at `at` the current one */
  private load(at: number): void {
    const t = this.text
    if (at >= t.length) {
      this.kind = END
      return
    }
    let stop = t.indexOf('\n', at)
    if (stop < 0) stop = t.length
    let first = at
    while (t.charCodeAt(first) === SPACE) first += 1
    // blank lines, lines of spaces and trailing spaces are outside the form
    if (first === stop || t.charCodeAt(stop - 1) === SPACE) throw OUTSIDE
    this.start = at
    this.stop = stop
    this.indent = first - at
    this.kind = LINE
    if (first !== at) return
    // at column 0: `---` alone separates documents; a directive, a document end marker or a separator
    // followed by content is outside
    const c = t.charCodeAt(at)
    if (c === 0x25 /* % */) throw OUTSIDE
    if (c === DASH && t.startsWith('---', at)) {
      if (stop !== at + 3) throw OUTSIDE
      this.kind = SEPARATOR
    }
    if (c === 0x2e /* . */ && t.startsWith('...', at)) throw OUTSIDE
  }

  private advance(): void {
    this.load(this.stop + 1)
  }

  /** the current line's text */
  private current(): string {
    return this.text.slice(this.start, this.stop)
  }

  documents(): unknown[] {
    const docs: unknown[] = []
    if (this.kind === SEPARATOR) this.advance()
    for (;;) {
      // an empty document (two separators in a row, or one at the end) is js-yaml's to read
      if (this.kind !== LINE || this.indent !== 0) throw OUTSIDE
      this.nodes = 1
      docs.push(this.mapping(0))
      // (read again: the mapping moved on)
      const after: number = this.kind
      if (after === END) return docs
      // a line the document's mapping did not take is outside
      if (after !== SEPARATOR) throw OUTSIDE
      this.advance()
    }
  }

  /** one more value or item in the current document */
  private count(): void {
    this.nodes += 1
    if (this.nodes > this.maxNodes) throw OUTSIDE
  }

  private enter(): void {
    this.depth += 1
    if (this.depth > this.maxDepth) throw OUTSIDE
  }

  /** a block mapping whose keys stand at `indent` */
  private mapping(indent: number): Record<string, unknown> {
    this.enter()
    const out: Record<string, unknown> = {}
    while (this.kind === LINE && this.indent === indent) {
      const l = this.current()
      // "key: value" or "key:"; a sequence item here belongs to no key, and js-yaml decides what that is
      let colon = l.indexOf(': ', indent)
      if (colon < 0) {
        if (l.charCodeAt(l.length - 1) !== COLON) throw OUTSIDE
        colon = l.length - 1
      }
      const key = l.slice(indent, colon)
      if (!PLAIN_KEY.test(key)) throw OUTSIDE
      this.checkKey(key)
      if (Object.hasOwn(out, key)) throw OUTSIDE
      this.advance()
      if (colon === l.length - 1) {
        this.count()
        out[key] = this.blockValue(indent)
        continue
      }
      let at = colon + 2
      while (l.charCodeAt(at) === SPACE) at += 1
      this.count()
      out[key] = this.inline(l, at, indent)
    }
    this.depth -= 1
    return out
  }

  /** a key must be a plain string as js-yaml reads it: no implicit type may claim it */
  private checkKey(key: string): void {
    if (key.length > MAX_KEY || key === '__proto__' || key === '<<') throw OUTSIDE
    for (const type of this.implicit) if (type.resolve(key)) throw OUTSIDE
  }

  /** the value of a key at `indent` whose line ends after its colon: a nested block, or nothing (null) */
  private blockValue(indent: number): unknown {
    if (this.kind !== LINE) return null
    const next = this.indent
    const isItem = ITEM.test(this.text.slice(this.start + next, this.start + next + 2))
    if (next > indent) return isItem ? this.sequence(next) : this.mapping(next)
    // PyYAML writes a mapping's sequences without indenting them
    if (next === indent && isItem) return this.sequence(indent)
    return null
  }

  /** a block sequence of scalars whose dashes stand at `indent` */
  private sequence(indent: number): unknown[] {
    this.enter()
    const out: unknown[] = []
    while (this.kind === LINE && this.indent === indent) {
      const l = this.current()
      if (l.charCodeAt(indent) !== DASH) break
      // "-" alone (a nested block follows) or "-x" (a plain scalar) are outside
      if (l.charCodeAt(indent + 1) !== SPACE) throw OUTSIDE
      let at = indent + 2
      while (l.charCodeAt(at) === SPACE) at += 1
      this.advance()
      this.count()
      out.push(this.inline(l, at, indent))
    }
    this.depth -= 1
    return out
  }

  /**
   * A scalar (or `[]`, `{}`) that starts at `from` on line `l`, the line just left; its node belongs to a
   * parent at column `parent` (the key's or the dash's). Plain and single-quoted scalars may go on over lines
   * indented deeper than the parent, which fold into single spaces.
   */
  private inline(l: string, from: number, parent: number): unknown {
    const c = l.charCodeAt(from)
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (l.length === from + 2 && (l.endsWith('[]') || l.endsWith('{}'))) return c === 0x5b ? [] : {}
      throw OUTSIDE
    }
    if (c === QUOTE) return this.singleQuoted(l, from, parent)
    if (c === DQUOTE) return doubleQuoted(l, from)
    if (!isPlainStart(c, l.charCodeAt(from + 1), from + 1 === l.length)) throw OUTSIDE
    let value = from === 0 ? l : l.slice(from)
    checkPlainPiece(value)
    while (this.kind === LINE && this.indent > parent) {
      const piece = this.text.slice(this.start + this.indent, this.stop)
      if (piece.charCodeAt(0) === HASH) throw OUTSIDE
      checkPlainPiece(piece)
      value += ` ${piece}`
      this.advance()
    }
    return this.typed(value)
  }

  /**
   * A plain scalar's value: the first implicit type that resolves it constructs it, else it is a string.
   * Short scalars repeat (a report's 50,000 results are 1, 0 or -1): their values are kept, when they are
   * not objects (an object read twice would be one node in two places).
   */
  private typed(value: string): unknown {
    const short = value.length <= 16
    if (short && this.seen.has(value)) return this.seen.get(value)
    let typed: unknown = value
    for (const type of this.implicit)
      if (type.resolve(value)) {
        typed = type.construct(value)
        break
      }
    if (short && (typed === null || typeof typed !== 'object') && this.seen.size < 4096)
      this.seen.set(value, typed)
    return typed
  }

  private singleQuoted(l: string, from: number, parent: number): string {
    let value = ''
    let line = l
    let at = from + 1
    for (;;) {
      const q = line.indexOf("'", at)
      if (q < 0) {
        // the scalar goes on over the next line, deeper than its parent; the break folds into a space
        value += line.slice(at)
        if (this.kind !== LINE || this.indent <= parent) throw OUTSIDE
        line = this.current()
        at = this.indent
        this.advance()
        value += ' '
        continue
      }
      value += line.slice(at, q)
      if (line.charCodeAt(q + 1) === QUOTE) {
        value += "'"
        at = q + 2
        continue
      }
      // the closing quote ends its line
      if (q + 1 !== line.length) throw OUTSIDE
      return value
    }
  }
}

/** a double-quoted scalar on one line, with js-yaml's escapes */
function doubleQuoted(l: string, from: number): string {
  const close = l.length - 1
  // the closing quote ends its line; a scalar over several lines is js-yaml's to read
  if (close <= from || l.charCodeAt(close) !== DQUOTE) throw OUTSIDE
  const body = l.slice(from + 1, close)
  if (!body.includes('\\')) {
    if (body.includes('"')) throw OUTSIDE
    return body
  }
  // the text between escapes goes in as one slice (as in js-yaml), never a character at a time: a string
  // built by characters holds a piece of some 30 bytes for each, so a long line would outgrow the heap
  let value = ''
  let at = 0
  let run = 0
  while (at < body.length) {
    const c = body.charCodeAt(at)
    if (c === DQUOTE) throw OUTSIDE
    if (c !== 0x5c /* \ */) {
      at += 1
      continue
    }
    value += body.slice(run, at)
    const e = body[at + 1]
    if (e === undefined) throw OUTSIDE
    const fixed = ESCAPES[e]
    if (fixed !== undefined) {
      value += fixed
      at += 2
      run = at
      continue
    }
    const digits = HEX_DIGITS[e]
    if (digits === undefined || at + 2 + digits > body.length) throw OUTSIDE
    const hex = body.slice(at + 2, at + 2 + digits)
    if (!HEX.test(hex)) throw OUTSIDE
    const code = parseInt(hex, 16)
    // js-yaml writes a code point as UTF-16; beyond the last one it would fail
    if (code > 0x10ffff) throw OUTSIDE
    value += String.fromCodePoint(code)
    at += 2 + digits
    run = at
  }
  return value + body.slice(run)
}

/**
 * Whether a plain scalar may start with `c` (followed by `next`): not a space, not an indicator, and not `-`,
 * `?` or `:` followed by a space or the end of the line.
 */
function isPlainStart(c: number, next: number, atEnd: boolean): boolean {
  switch (c) {
    case SPACE:
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case QUOTE:
    case DQUOTE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
      return false
    case DASH:
    case 0x3f: // ?
    case COLON:
      return !atEnd && next !== SPACE
    default:
      return true
  }
}

/** a piece of a plain scalar on one line: no `: ` or final `:` (a key), no ` #` (a comment) */
function checkPlainPiece(piece: string): void {
  if (piece.charCodeAt(piece.length - 1) === COLON || piece.includes(': ') || piece.includes(' #'))
    throw OUTSIDE
}
