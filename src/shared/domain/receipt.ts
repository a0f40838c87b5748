import type { ImportReceipt } from './types'

/**
 * The receipt of a stored file before its importer fills in what it found: no scheme, subjects or counts
 * yet, unsigned. The importers and the evidence documents start from it.
 */
export function baseReceipt(
  file: string,
  sha256: string,
  size: number,
  kind: ImportReceipt['kind'],
  importedAt: string
): ImportReceipt {
  return {
    file,
    sha256,
    size,
    kind,
    alreadyImported: false,
    importedAt,
    scheme: null,
    subjects: [],
    documents: 1,
    counts: { accepted: 0, unknown: 0, missing: 0, duplicate: 0 },
    unknownTestcases: [],
    missingTestcases: [],
    versionMismatches: [],
    signature: 'unsigned',
    signer: null,
    notes: []
  }
}
