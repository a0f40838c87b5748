/**
 * Hands a case over: writes its bundle (format v1, case-bundle.ts) from the workspace, signed by the
 * exporting auditor's key. The case's log must hold before it leaves (the log is the truth). No electron
 * import.
 */
import { DomainError } from '../errors'
import { isoNow } from '../clock'
import type { Workspace } from '../workspace'
import type { OpenedKey } from '../identity/openssh-key'
import type { BundleSummary } from '../../shared/ipc/contract'
import { SIGNED_ACTIONS } from '../db/audit.repo'
import { readBundle, writeBundle, type BundleEntry, type CaseBundle } from './case-bundle'

export interface ExportedBundle {
  readonly bytes: Buffer
  readonly head: { readonly seq: number; readonly hash: string }
  readonly entries: number
  readonly files: number
}

export function exportCaseBundle(ws: Workspace, caseId: string, key: OpenedKey): ExportedBundle {
  const c = ws.cases.get(caseId)
  const exporter = ws.identities.actorFor(key)
  const problems = ws.checkCaseLog(caseId)
  if (problems.length > 0)
    throw new DomainError(
      'CONFLICT',
      `Case ${caseId} cannot be handed over: its tables and its log differ (${problems[0]!.message}${problems.length > 1 ? `, and ${problems.length - 1} more` : ''}); run audit-log verify --case ${caseId}.`
    )
  const entries: BundleEntry[] = ws.audit.listForCase(caseId).map((e) => ({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    caseId,
    payload: JSON.stringify(e.payload),
    prevHash: e.prevHash,
    hash: e.hash,
    signature: e.signature
  }))
  const files = ws.evidence.inputsOfCase(caseId).map((f) => {
    if (!f.bytes)
      throw new DomainError(
        'CONFLICT',
        `Case ${caseId} cannot be handed over: ${f.file_name} was imported before the workspace kept input files; import it into a new case.`
      )
    return {
      fileName: f.file_name,
      bytes: f.bytes,
      signature: f.signature_name && f.signature ? { name: f.signature_name, bytes: f.signature } : undefined
    }
  })
  // the roster entries of every auditor who acted on the case, and of the exporter
  const names = new Set([...entries.map((e) => e.actor), exporter.name])
  const roster = ws.identities
    .list()
    .filter((a) => names.has(a.name))
    .map((a) => ({ name: a.name, publicKey: a.publicKey, fingerprint: a.fingerprint }))
  const bytes = writeBundle({
    case: { id: c.id, title: c.title },
    scheme: { id: c.schemeId, version: c.schemeVersion },
    exporter: { name: exporter.name, key },
    exportedAt: isoNow(ws.clock),
    entries,
    roster,
    files
  })
  const last = entries.at(-1)!
  return { bytes, head: { seq: last.seq, hash: last.hash }, entries: entries.length, files: files.length }
}

/** Checks a bundle whole (every signature, hash and link) and stores nothing. */
export const verifyCaseBundle = (file: string, bytes: Uint8Array): Promise<CaseBundle> =>
  readBundle(file, bytes)

export const bundleSummary = (b: CaseBundle): BundleSummary => ({
  caseId: b.manifest.case.id,
  title: b.manifest.case.title,
  schemeId: b.manifest.scheme.id,
  schemeVersion: b.manifest.scheme.version,
  exporter: b.manifest.exporter,
  exportedAt: b.manifest.exportedAt,
  head: b.manifest.head,
  entries: b.entries.length,
  signedActs: b.entries.filter((e) => SIGNED_ACTIONS.has(e.action)).length,
  files: b.files.map((f) => f.fileName),
  auditors: b.roster.map((a) => `${a.name} (${a.fingerprint})`)
})
