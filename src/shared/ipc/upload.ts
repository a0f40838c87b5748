/**
 * How much one upload may carry, in one place. The import's size cap (checked in the worker before parsing)
 * is the root; the largest request body the bridge accepts, and how the page splits a drop of many files
 * into calls, follow from it.
 */

import { MAX_DOCUMENT_BYTES } from '../domain/documents'

/** The largest file an import accepts. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024
/** The most files one `import:files` call may carry. */
export const MAX_FILES_PER_CALL = 500
/** The most files one `documents:attach` call may carry. */
export const MAX_DOCUMENTS_PER_CALL = 100
/** Room in one request beside a file at the cap: its detached signature, the names and the JSON around them. */
const SLACK_BYTES = 1024 * 1024

/** The id the bridge gives a spooled upload (POST /api/upload): 128 random bits, hex. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/

/** The length of n bytes in base64. */
export const base64Length = (n: number): number => Math.ceil(n / 3) * 4

/**
 * The largest body one API call may send over the bridge: a file at the import cap, or an evidence document
 * at its cap (`documents:attach` sends one document per call), in base64, with the slack. Nothing the app sends is larger; the bridge refuses anything larger (413) without reading it.
 */
export const MAX_REQUEST_BYTES = base64Length(Math.max(MAX_FILE_BYTES, MAX_DOCUMENT_BYTES)) + SLACK_BYTES

/** Why a file of `size` bytes cannot be imported, or null when its size is fine. */
export function fileSizeProblem(size: number): string | null {
  if (size === 0) return 'the file is empty'
  if (size > MAX_FILE_BYTES) return `the file is ${size} bytes; the limit is ${MAX_FILE_BYTES}`
  return null
}

/** What one file adds to a request body: its bytes in base64, its name (escaped at worst) and the JSON keys. */
const requestShare = (f: { readonly name: string; readonly size: number }): number =>
  base64Length(f.size) + 6 * f.name.length + 32

/**
 * Splits a drop of files into calls that each stay under MAX_REQUEST_BYTES and MAX_FILES_PER_CALL. A report
 * and its detached signature (`X`, `X.sig`) travel in the same call, since the import pairs them per call.
 * A file over the import cap, or a report whose signature pushes it over the request cap, is not sent: it
 * comes back in `refused` with the reason.
 */
export function uploadBatches<F extends { readonly name: string; readonly size: number }>(
  files: readonly F[]
): { batches: F[][]; refused: { file: F; reason: string }[] } {
  const groups = signatureGroups(files)
  const batches: F[][] = []
  const refused: { file: F; reason: string }[] = []
  let batch: F[] = []
  let bytes = 0
  for (const group of groups) {
    const problem = fileSizeProblem(group[0]!.size)
    const share = group.reduce((n, f) => n + requestShare(f), 0)
    if (problem && problem !== 'the file is empty') {
      for (const f of group) refused.push({ file: f, reason: problem })
      continue
    }
    if (share > MAX_REQUEST_BYTES) {
      for (const f of group)
        refused.push({
          file: f,
          reason: `the file and its signature make ${share} bytes to send; the limit is ${MAX_REQUEST_BYTES}`
        })
      continue
    }
    if (
      batch.length > 0 &&
      (bytes + share > MAX_REQUEST_BYTES || batch.length + group.length > MAX_FILES_PER_CALL)
    ) {
      batches.push(batch)
      batch = []
      bytes = 0
    }
    batch.push(...group)
    bytes += share
  }
  if (batch.length > 0) batches.push(batch)
  return { batches, refused }
}

/** The files as they must travel: a report with its detached signature (`X`, `X.sig`), orphan signatures last. */
export function signatureGroups<F extends { readonly name: string }>(files: readonly F[]): F[][] {
  const isSig = (f: F): boolean => /\.sig$/i.test(f.name)
  const sigs = new Map(files.filter(isSig).map((f) => [f.name.replace(/\.sig$/i, ''), f]))
  const groups: F[][] = []
  for (const f of files) {
    if (!isSig(f)) {
      const sig = sigs.get(f.name)
      if (sig) sigs.delete(f.name)
      groups.push(sig ? [f, sig] : [f])
    }
  }
  for (const orphan of sigs.values()) groups.push([orphan])
  return groups
}

/** The files in calls of at most MAX_FILES_PER_CALL, a report with its signature in the same call (the CLI). */
export function importBatches<F extends { readonly name: string }>(files: readonly F[]): F[][] {
  if (files.length <= MAX_FILES_PER_CALL) return files.length ? [[...files]] : []
  const batches: F[][] = [[]]
  for (const group of signatureGroups(files)) {
    if (batches.at(-1)!.length + group.length > MAX_FILES_PER_CALL) batches.push([])
    batches.at(-1)!.push(...group)
  }
  return batches
}
