/**
 * The import stage's first question about a file: is it an input format an importer reads, or an evidence
 * document? Decided from the bytes, never from the name.
 */
import { checkZip, isZip } from './zip-guard'
import { SIGNATURE_BEGIN } from './sshsig'

/** bytes from..to as Latin-1 text, for looking at magic numbers and the head of a file */
export const ascii = (b: Uint8Array, from: number, to: number): string =>
  Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, Math.min(to, b.length) - from)).toString('latin1')

/** top-level keys of the input formats the importers read (reports, scopes, self-assessments, guidelines, RefStack) */
const KNOWN_TOP_KEY =
  /^(spec|run|uuid|modules|versions|kind|formatVersion|metadata|components|capabilities|results|cpid|scheme|answers|subjects|applicant)\s*:/m

/**
 * Where a file given to `import` goes: a known input format keeps its importer (YAML/JSON/XML reports, scope
 * files, self-assessments, signed uploads, JUnit XML, the XLSX questionnaire); anything else is an evidence
 * document. An XLSX is always read as a questionnaire here; to attach a spreadsheet as evidence, use
 * "Add evidence documents" (or `evidence add`), which never routes.
 */
export async function routeOf(b: Uint8Array): Promise<'import' | 'document'> {
  if (isZip(b)) {
    try {
      return (await checkZip('', b)).includes('xl/workbook.xml') ? 'import' : 'document'
    } catch {
      return 'import' // a damaged ZIP: the questionnaire importer names the damage
    }
  }
  const head = ascii(b, 0, 64 * 1024)
  if (/[^\t\n\r\f\x20-\xff]/.test(head.slice(0, 1024)) && !/^\xef\xbb\xbf/.test(head)) return 'document'
  const t = head.replace(/^\xef\xbb\xbf/, '').trimStart()
  if (t.startsWith(SIGNATURE_BEGIN) || t.startsWith('{') || t.startsWith('[')) return 'import'
  if (t.startsWith('<')) return /<testsuites?\b/.test(head) ? 'import' : 'document'
  if (t.startsWith('%PDF-')) return 'document'
  if (KNOWN_TOP_KEY.test(head)) return 'import'
  // YAML-shaped text (its first line that is not blank or a # comment is `key:`, `- ` or `---`) is an input
  // file the importers should judge and refuse by name; prose, Markdown and notes are documents
  const first = t.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? ''
  return /^(---|- |[A-Za-z_][\w.-]*\s*:(\s|$))/.test(first) ? 'import' : 'document'
}
