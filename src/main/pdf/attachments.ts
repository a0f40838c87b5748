/**
 * Reading back what our verdict PDFs carry: the embedded files (EmbeddedFiles name tree, FlateDecode streams)
 * and entries of the document information dictionary. Defensive: any PDF may be dropped on the verify
 * screen, so sizes are capped and unreadable parts are skipped, not trusted.
 */
import { inflateSync } from 'node:zlib'

const MAX_ATTACHMENT = 50 * 1024 * 1024

/** The body of the last definition of object `n` (incremental updates append newer ones). */
function objectBody(text: string, n: number): { start: number; body: string } | null {
  const re = new RegExp(`(?:^|[\\r\\n\\s])${n} 0 obj\\b`, 'g')
  let last = -1
  for (let m = re.exec(text); m; m = re.exec(text)) last = m.index + m[0].length
  if (last < 0) return null
  const end = text.indexOf('endobj', last)
  return end < 0 ? null : { start: last, body: text.slice(last, end) }
}

function unescapePdfString(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, c: string) => {
    const map: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      b: '\b',
      f: '\f',
      '(': '(',
      ')': ')',
      '\\': '\\'
    }
    return map[c] ?? String.fromCharCode(parseInt(c, 8))
  })
}

function streamOf(pdf: Buffer, text: string, n: number): Buffer | null {
  const obj = objectBody(text, n)
  if (!obj) return null
  const dictEnd = obj.body.indexOf('stream')
  if (dictEnd < 0) return null
  const dict = obj.body.slice(0, dictEnd)
  let length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? NaN)
  const lengthRef = /\/Length\s+(\d+)\s+0\s+R/.exec(dict)
  if (lengthRef)
    length = Number(/^\s*(\d+)/.exec(objectBody(text, Number(lengthRef[1]))?.body ?? '')?.[1] ?? NaN)
  if (!Number.isFinite(length) || length < 0 || length > MAX_ATTACHMENT) return null
  let start = obj.start + dictEnd + 'stream'.length
  if (text[start] === '\r') start++
  if (text[start] === '\n') start++
  const raw = pdf.subarray(start, start + length)
  if (!/\/Filter\s*\/FlateDecode/.test(dict)) return Buffer.from(raw)
  try {
    return inflateSync(raw, { maxOutputLength: MAX_ATTACHMENT })
  } catch {
    return null
  }
}

/** name → bytes of every embedded file the PDF's file specifications point to. */
export function extractAttachments(pdf: Buffer): Map<string, Buffer> {
  const text = pdf.toString('latin1')
  const out = new Map<string, Buffer>()
  const re = /\/Type\s*\/Filespec/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = text.lastIndexOf('obj', m.index)
    const close = text.indexOf('endobj', m.index)
    if (open < 0 || close < 0) continue
    const spec = text.slice(open, close)
    const name = /\/F\s*\(((?:[^()\\]|\\.)*)\)/.exec(spec)?.[1]
    const ref = /\/EF\s*<<\s*\/F\s+(\d+)\s+0\s+R/.exec(spec)?.[1]
    if (name === undefined || ref === undefined) continue
    const bytes = streamOf(pdf, text, Number(ref))
    if (bytes) out.set(unescapePdfString(name), bytes)
  }
  return out
}

/** A string entry of the document information dictionary the last trailer points to, e.g. AWVerdictSHA256. */
export function readInfoEntry(pdf: Buffer, key: string): string | null {
  const text = pdf.toString('latin1')
  const trailer = text.lastIndexOf('trailer')
  const info = /\/Info\s+(\d+)\s+0\s+R/.exec(text.slice(trailer < 0 ? 0 : trailer))?.[1]
  if (!info) return null
  const body = objectBody(text, Number(info))?.body ?? ''
  const str = /^\s*\(((?:[^()\\]|\\.)*)\)/
  const direct = new RegExp(`/${key}\\s*\\(((?:[^()\\\\]|\\\\.)*)\\)`).exec(body)
  if (direct) return unescapePdfString(direct[1]!)
  // pdfkit writes each value as its own string object: /Key 48 0 R
  const ref = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(body)?.[1]
  const value = ref ? str.exec(objectBody(text, Number(ref))?.body ?? '') : null
  return value ? unescapePdfString(value[1]!) : null
}
