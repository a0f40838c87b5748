/**
 * Turns the bytes of one untrusted file into typed data, or throws InputError(file, place, reason).
 * Runs inside the parse worker; pure apart from CPU. Detection is by content, never by file name.
 */
import { InputError } from '../../shared/format/input-error'
import { loadYamlDocuments } from '../../shared/format/safe-yaml'
import { looksLikeReport, parseReport, type ParsedReport } from '../../shared/domain/report'
import { looksLikeScope, parseScope } from '../../shared/domain/scope'
import type { ScopeDef } from '../../shared/domain/types'

export const MAX_FILE_BYTES = 64 * 1024 * 1024

export type ParsedFile =
  | { readonly kind: 'scs-report'; readonly reports: readonly ParsedReport[] }
  | { readonly kind: 'scs-scope'; readonly scope: ScopeDef }

/** Byte offset of the first invalid UTF-8 sequence, or -1. Only called once decoding has failed. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const n =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    if (n < 0) return i
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
    }
    i += n + 1
  }
  return -1
}

export function decodeText(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InputError(file, '(whole file)', 'the file is empty')
  if (bytes.length > MAX_FILE_BYTES) {
    throw new InputError(
      file,
      '(whole file)',
      `the file is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`
    )
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new InputError(
      file,
      'byte 0',
      'the file starts with a byte-order mark; save it as plain UTF-8 without BOM'
    )
  }
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new InputError(file, 'byte 0', 'the file is UTF-16; save it as UTF-8')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new InputError(file, `byte ${firstInvalidUtf8(bytes)}`, 'the file is not valid UTF-8 text')
  }
  const nul = text.indexOf('\u0000')
  if (nul >= 0)
    throw new InputError(file, `character ${nul}`, 'the file contains a NUL byte; it is not a text file')
  return text
}

export function parseFile(file: string, bytes: Uint8Array): ParsedFile {
  const text = decodeText(file, bytes)
  const docs = loadYamlDocuments(file, text)
  if (docs.length === 0) throw new InputError(file, '(whole file)', 'the file holds no YAML or JSON document')
  const first = docs[0]
  if (looksLikeReport(first)) {
    const reports = docs.map((doc, i) => {
      if (!looksLikeReport(doc)) {
        throw new InputError(
          file,
          `document ${i + 1}`,
          'a report file may only hold compliance-check reports'
        )
      }
      return parseReport(file, doc, i)
    })
    return { kind: 'scs-report', reports }
  }
  if (looksLikeScope(first)) {
    if (docs.length > 1) throw new InputError(file, 'document 2', 'a scope file holds exactly one document')
    return { kind: 'scs-scope', scope: parseScope(file, first) }
  }
  throw new InputError(
    file,
    '(document root)',
    'not a recognised format: expected an SCS compliance-check report (spec, checked_at, subject, run) or an SCS scope file (uuid, modules, versions)'
  )
}
