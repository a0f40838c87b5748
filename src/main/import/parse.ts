/**
 * Turns the bytes of one untrusted file into typed data, or throws InputError(file, place, reason).
 * Runs inside the parse worker. Detection is by content, never by file name:
 *   ZIP with xl/workbook.xml → XLSX questionnaire;  <testsuites>/<testsuite> → JUnit XML;
 *   "-----BEGIN SSH SIGNATURE-----…&" → signed compliance report (the monitor's upload body);
 *   YAML/JSON documents → compliance report (spec+run) | scope file (uuid+modules+versions) |
 *   self-assessment (kind: self-assessment) | interop guideline (metadata+components+capabilities) |
 *   RefStack results (results: [...]).
 */
import { InputError } from '../../shared/format/input-error'
import { checkTree, loadYamlDocuments } from '../../shared/format/safe-yaml'
import { looksLikeReport, parseReport, type ParsedReport } from '../../shared/domain/report'
import { looksLikeScope, parseScope } from '../../shared/domain/scope'
import { looksLikeSubmission, type Submission } from '../../shared/domain/submission'
import {
  looksLikeGuideline,
  looksLikeRefstack,
  parseGuideline,
  parseRefstack,
  type ParsedGuideline,
  type RefstackRun
} from '../../shared/domain/opc'
import type { JunitRun } from '../../shared/domain/junit'
import type { ScopeDef } from '../../shared/domain/types'
import { isZip } from './zip-guard'
import { SIGNATURE_BEGIN, splitSignedUpload } from './sshsig'
import { checkSize } from './limits'

export { checkSize, MAX_FILE_BYTES } from './limits'

export type ParsedFile =
  | {
      readonly kind: 'scs-report'
      readonly reports: readonly ParsedReport[]
      /** the monitor's signed upload: the signature and the byte range of the report it covers */
      readonly embeddedSignature?: { readonly armored: string; readonly reportStart: number }
    }
  | { readonly kind: 'scs-scope'; readonly scope: ScopeDef }
  | { readonly kind: 'self-assessment'; readonly submission: Submission }
  | { readonly kind: 'xlsx-questionnaire'; readonly submission: Submission }
  | { readonly kind: 'interop-guideline'; readonly guideline: ParsedGuideline }
  | { readonly kind: 'refstack-results'; readonly run: RefstackRun }
  | { readonly kind: 'junit-xml'; readonly run: JunitRun }

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

/** Well-known binary formats by their magic bytes, so a wrong file is named for what it is. */
const BINARY_KINDS: readonly { readonly magic: readonly number[]; readonly what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' }
]

/** "a PNG image" when the bytes start like one of the known binary formats; null otherwise. */
export function sniffBinary(bytes: Uint8Array): string | null {
  const hit = BINARY_KINDS.find((k) => k.magic.every((b, i) => bytes[i] === b))
  return hit ? hit.what : null
}

export function decodeText(file: string, bytes: Uint8Array): string {
  checkSize(file, bytes)
  const binary = sniffBinary(bytes)
  if (binary)
    throw new InputError(
      file,
      '(whole file)',
      `this is ${binary}, not a report, self-assessment or questionnaire; choose the YAML, JSON, XML or XLSX file`
    )
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

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  return `line ${line}, column ${pos - before.lastIndexOf('\n')}`
}

/** JSON files are read with JSON.parse (then walked with the same limits as YAML). */
function loadDocuments(file: string, text: string): unknown[] {
  const first = text.trimStart()[0]
  if (first === '{' || first === '[') {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      const m = /position (\d+)/.exec((error as Error).message)
      throw new InputError(
        file,
        m ? lineCol(text, Number(m[1])) : '(document)',
        `not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}`
      )
    }
    checkTree(file, value)
    return [value]
  }
  return loadYamlDocuments(file, text)
}

function parseReports(file: string, docs: unknown[]): ParsedReport[] {
  return docs.map((doc, i) => {
    if (!looksLikeReport(doc))
      throw new InputError(file, `document ${i + 1}`, 'a report file may only hold compliance-check reports')
    return parseReport(file, doc, i)
  })
}

function single(file: string, docs: unknown[], what: string): unknown {
  if (docs.length > 1) throw new InputError(file, 'document 2', `${what} holds exactly one document`)
  return docs[0]
}

export async function parseFile(file: string, bytes: Uint8Array): Promise<ParsedFile> {
  checkSize(file, bytes)
  // the XLSX, JSON-schema and XML libraries load only for a file that needs them
  if (isZip(bytes))
    return {
      kind: 'xlsx-questionnaire',
      submission: await (await import('./xlsx')).parseQuestionnaire(file, bytes)
    }
  const text = decodeText(file, bytes)
  if (text.startsWith(SIGNATURE_BEGIN)) {
    const signed = splitSignedUpload(text)
    if (!signed)
      throw new InputError(
        file,
        'line 1',
        'an SSH signature without a report after it (expected "-----END SSH SIGNATURE-----" then "&" then the report)'
      )
    const docs = loadDocuments(file, signed.report)
    if (docs.length === 0)
      throw new InputError(file, '(after the signature)', 'the signed upload holds no report')
    return {
      kind: 'scs-report',
      reports: parseReports(file, docs),
      embeddedSignature: { armored: signed.signature, reportStart: signed.reportOffset }
    }
  }
  // every XML document is read as JUnit, so that DOCTYPE/ENTITY refusals and root checks apply to all of them
  if (/^\s*</.test(text))
    return { kind: 'junit-xml', run: (await import('../../shared/domain/junit')).parseJunit(file, text) }
  const docs = loadDocuments(file, text)
  if (docs.length === 0) throw new InputError(file, '(whole file)', 'the file holds no YAML or JSON document')
  const first = docs[0]
  if (looksLikeReport(first)) return { kind: 'scs-report', reports: parseReports(file, docs) }
  if (looksLikeScope(first))
    return { kind: 'scs-scope', scope: parseScope(file, single(file, docs, 'a scope file')) }
  if (looksLikeSubmission(first)) {
    const { parseSubmission } = await import('./submission-schema')
    return {
      kind: 'self-assessment',
      submission: parseSubmission(file, single(file, docs, 'a self-assessment'))
    }
  }
  if (looksLikeGuideline(first))
    return {
      kind: 'interop-guideline',
      guideline: parseGuideline(file, single(file, docs, 'an interop guideline'))
    }
  if (looksLikeRefstack(first))
    return {
      kind: 'refstack-results',
      run: parseRefstack(file, single(file, docs, 'a RefStack result file'))
    }
  if (first && typeof first === 'object' && 'formatVersion' in first) {
    throw new InputError(file, 'kind', 'a document with formatVersion but without "kind: self-assessment"')
  }
  throw new InputError(
    file,
    '(document root)',
    'not a recognised format: expected an SCS compliance-check report (spec, run), an SCS scope file (uuid, modules, versions), a self-assessment (kind: self-assessment), an OpenStack interop guideline (metadata, components, capabilities), RefStack results (cpid, results), JUnit XML or an XLSX questionnaire'
  )
}
