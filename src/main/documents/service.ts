/**
 * Attaching, reading and removing evidence documents. Each file is sniffed and checked in full before anything
 * is written; each attachment is one transaction with its audit entry, so a refused file leaves the workspace
 * exactly as it was. Removal is a logged act that keeps the hash in the audit chain.
 */
import { sha256Hex } from '../node-crypto'
import { baseReceipt } from '../../shared/domain/receipt'
import { writeTransaction, type Db } from '../db/connection'
import type { AuditRepo, EntrySigner } from '../db/audit.repo'
import type { CasesRepo } from '../db/cases.repo'
import type { DocumentsRepo } from '../db/documents.repo'
import type { DecisionsRepo } from '../db/decisions.repo'
import { sniffDocument } from './sniff'
import { DomainError, expectedFailure } from '../errors'
import { isLocked } from '../../shared/domain/review-flow'
import { shownName, type DocumentContent, type EvidenceDocument } from '../../shared/domain/documents'
import type { ImportOutcome } from '../../shared/ipc/contract'
import type { ImportReceipt } from '../../shared/domain/types'
import { isoNow, type Clock } from '../clock'

interface Deps {
  readonly db: Db
  readonly cases: CasesRepo
  readonly documents: DocumentsRepo
  readonly decisions: DecisionsRepo
  readonly audit: AuditRepo
  readonly actor: string
  readonly clock: Clock
}

export interface AttachedFile {
  readonly name: string
  readonly bytes: Uint8Array
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/

/**
 * the name a document is known by: the last path segment, without control characters or invisible format
 * characters (a right-to-left override made "zones\u202Etxt.cmd" show as "zonesdmc.txt"), at most 255
 * characters
 */
export function documentName(name: string): string {
  const base = shownName(name.split(/[\\/]/).pop() ?? '').trim()
  return base.slice(0, 255) || 'document'
}

/** an import receipt for an attached document, so that `import` and the import panel show one list */
export function documentReceipt(d: EvidenceDocument, alreadyImported: boolean): ImportReceipt {
  return {
    ...baseReceipt(d.name, d.sha256, d.size, 'evidence-document', d.importedAt),
    alreadyImported,
    notes: [`evidence document, ${d.mediaType}`]
  }
}

export function createDocumentsService(deps: Deps) {
  const { db, cases, documents, audit } = deps

  function openCase(caseId: string): void {
    const c = cases.get(caseId)
    if (isLocked(c.status))
      throw new DomainError(
        'CONFLICT',
        `Case ${c.id} is ${c.status}; its evidence documents are read-only until it is ${c.status === 'accepted' ? 'reopened' : 'returned'}.`
      )
  }

  /** Attaches one file; the same bytes attached again are reported, not stored twice. */
  async function attachOne(caseId: string, file: AttachedFile, actor = deps.actor): Promise<ImportReceipt> {
    const name = documentName(file.name)
    const mediaType = await sniffDocument(name, file.bytes)
    const sha256 = sha256Hex(file.bytes)
    return writeTransaction(db, () => {
      openCase(caseId)
      const stored = documents.find(caseId, sha256)
      if (stored) return documentReceipt(stored, true)
      const now = isoNow(deps.clock)
      documents.insert(caseId, { sha256, name, mediaType, bytes: file.bytes }, now, actor)
      audit.append(actor, 'document.attach', caseId, { sha256, name, mediaType, size: file.bytes.length })
      cases.touch(caseId, now)
      return documentReceipt(documents.find(caseId, sha256)!, false)
    })
  }

  async function attachMany(
    caseId: string,
    files: readonly AttachedFile[],
    actor = deps.actor
  ): Promise<ImportOutcome[]> {
    cases.get(caseId)
    const out: ImportOutcome[] = []
    for (const f of files) out.push(await attachOneOutcome(caseId, f, actor))
    return out
  }

  async function attachOneOutcome(caseId: string, f: AttachedFile, actor: string): Promise<ImportOutcome> {
    try {
      return { file: f.name, ok: true, receipt: await attachOne(caseId, f, actor) }
    } catch (error) {
      const failure = expectedFailure(error)
      if (!failure) throw error
      return { file: f.name, ok: false, error: failure }
    }
  }

  function need(caseId: string, sha256: string): EvidenceDocument {
    if (!SHA256_PATTERN.test(sha256))
      throw new DomainError('USAGE', `"${sha256}" is not a SHA-256 (64 lower-case hexadecimal digits).`)
    const d = documents.find(caseId, sha256)
    if (!d) throw new DomainError('NOT_FOUND', `Case ${caseId} has no evidence document ${sha256}.`)
    return d
  }

  function content(caseId: string, sha256: string): DocumentContent & { bytes: Buffer } {
    const d = need(caseId, sha256)
    const bytes = documents.bytes(sha256)!
    // the bytes are checked against their name on every read: a blob changed in the file is not served
    if (sha256Hex(bytes) !== sha256)
      throw new DomainError(
        'INTERNAL',
        `The stored bytes of ${d.name} no longer match its SHA-256 ${sha256}; the workspace was altered.`
      )
    return { sha256, name: d.name, mediaType: d.mediaType, base64: bytes.toString('base64'), bytes }
  }

  /**
   * Removes a document from a case: logged with its hash, signed by the remover's key (the app and CLI pass
   * the unlocked auditor's); refused while a current decision cites it.
   */
  function remove(
    caseId: string,
    sha256: string,
    reason: string,
    remover: { readonly name: string; readonly sign: EntrySigner }
  ): EvidenceDocument {
    if (!reason.trim()) throw new DomainError('USAGE', 'Removing an evidence document needs a reason.')
    return writeTransaction(db, () => {
      openCase(caseId)
      const d = need(caseId, sha256)
      const citing = deps.decisions
        .current(caseId)
        .filter((x) => (documents.citations(caseId).get(x.id) ?? []).includes(sha256))
      if (citing.length > 0)
        throw new DomainError(
          'CONFLICT',
          `${d.name} is cited by the current decision on ${citing.map((x) => [x.criterion, x.subject].filter(Boolean).join(' / ')).join(', ')}; record a new decision first.`
        )
      documents.remove(caseId, sha256)
      const now = isoNow(deps.clock)
      audit.append(
        remover.name,
        'document.remove',
        caseId,
        { sha256, name: d.name, mediaType: d.mediaType, size: d.size, reason: reason.trim() },
        now,
        remover.sign
      )
      cases.touch(caseId, now)
      return d
    })
  }

  return { attachOne, attachMany, list: documents.list, content, remove, need }
}
export type DocumentsService = ReturnType<typeof createDocumentsService>
