/**
 * Reading back what our verdict PDFs carry: the embedded files (the catalog's EmbeddedFiles name tree, its
 * file specifications and their FlateDecode streams) and entries of the document information dictionary,
 * through the one PDF object reader (pdf-objects.ts). Each embedded stream is inflated once, however many
 * names point to it, under the reader's budget of inflated bytes.
 */
import { isDict, isString, PdfFile, textOf } from './pdf-objects'

const MAX_ATTACHMENTS = 256

/** name → bytes of every file in the document's EmbeddedFiles name tree (pdfdetach's view). */
export function extractAttachments(pdf: Buffer | PdfFile): Map<string, Buffer> {
  const file = pdf instanceof PdfFile ? pdf : new PdfFile(pdf)
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
    const bytes = file.stream(ef.get('UF') ?? ef.get('F'), `the embedded file ${name}`)
    if (bytes) out.set(name, bytes)
  }
  return out
}

/** A string entry of the document information dictionary, e.g. AWVerdictSHA256; null when absent. */
export function readInfoEntry(pdf: Buffer | PdfFile, key: string): string | null {
  const file = pdf instanceof PdfFile ? pdf : new PdfFile(pdf)
  const info = file.resolve(file.trailer('Info'))
  if (!isDict(info)) return null
  const value = file.resolve(info.get(key))
  return isString(value) ? textOf(value) : null
}
