import type { Db } from './connection'
import type { DocumentMediaType, EvidenceDocument } from '../../shared/domain/documents'

interface Row {
  sha256: string
  name: string
  media_type: DocumentMediaType
  size: number
  imported_at: string
  imported_by: string
}

const toDocument = (r: Row): EvidenceDocument => ({
  sha256: r.sha256,
  name: r.name,
  mediaType: r.media_type,
  size: r.size,
  importedAt: r.imported_at,
  importedBy: r.imported_by
})

const SELECT = `SELECT d.sha256, d.name, b.media_type, b.size, d.imported_at, d.imported_by
  FROM case_documents d JOIN document_blobs b ON b.sha256 = d.sha256`

/** Evidence documents: blobs stored once per SHA-256, attached to cases by name; cited by decisions. */
export function createDocumentsRepo(db: Db) {
  const list = db.prepare<[string], Row>(`${SELECT} WHERE d.case_id = ? ORDER BY d.id`)
  const one = db.prepare<[string, string], Row>(`${SELECT} WHERE d.case_id = ? AND d.sha256 = ?`)
  const blob = db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM document_blobs WHERE sha256 = ?')
  const hasBlob = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM document_blobs WHERE sha256 = ?')
  const insBlob = db.prepare(
    'INSERT INTO document_blobs (sha256, media_type, size, bytes) VALUES (?, ?, ?, ?)'
  )
  const attach = db.prepare(
    'INSERT INTO case_documents (case_id, sha256, name, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)'
  )
  const detach = db.prepare('DELETE FROM case_documents WHERE case_id = ? AND sha256 = ?')
  const refs = db.prepare<[string, string], { n: number }>(
    `SELECT (SELECT count(*) FROM case_documents WHERE sha256 = ?)
          + (SELECT count(*) FROM decision_documents WHERE sha256 = ?) AS n`
  )
  const dropBlob = db.prepare('DELETE FROM document_blobs WHERE sha256 = ?')
  const cite = db.prepare('INSERT OR IGNORE INTO decision_documents (decision_id, sha256) VALUES (?, ?)')
  const citedBy = db.prepare<[string], { decision_id: number; sha256: string }>(
    `SELECT dd.decision_id, dd.sha256 FROM decision_documents dd JOIN decisions x ON x.id = dd.decision_id
      WHERE x.case_id = ? ORDER BY dd.decision_id, dd.sha256`
  )
  return {
    list: (caseId: string): EvidenceDocument[] => list.all(caseId).map(toDocument),
    find: (caseId: string, sha256: string): EvidenceDocument | null => {
      const r = one.get(caseId, sha256)
      return r ? toDocument(r) : null
    },
    bytes: (sha256: string): Buffer | null => blob.get(sha256)?.bytes ?? null,
    /** Call inside a transaction. Stores the bytes unless a blob with this hash exists (deduplicated). */
    insert(
      caseId: string,
      doc: { sha256: string; name: string; mediaType: DocumentMediaType; bytes: Uint8Array },
      at: string,
      actor: string
    ): void {
      if (!hasBlob.get(doc.sha256)) insBlob.run(doc.sha256, doc.mediaType, doc.bytes.length, doc.bytes)
      attach.run(caseId, doc.sha256, doc.name, at, actor)
    },
    /** Call inside a transaction. Detaches; the blob goes once nothing refers to it. */
    remove(caseId: string, sha256: string): void {
      detach.run(caseId, sha256)
      if ((refs.get(sha256, sha256)?.n ?? 0) === 0) dropBlob.run(sha256)
    },
    /** Call inside a transaction: the documents a decision cites. */
    cite(decisionId: number, hashes: readonly string[]): void {
      for (const h of hashes) cite.run(decisionId, h)
    },
    /** decision id → the hashes it cites, for one case */
    citations(caseId: string): Map<number, string[]> {
      const out = new Map<number, string[]>()
      for (const r of citedBy.all(caseId))
        out.set(r.decision_id, [...(out.get(r.decision_id) ?? []), r.sha256])
      return out
    }
  }
}
export type DocumentsRepo = ReturnType<typeof createDocumentsRepo>
