/**
 * Hands a case over: writes its bundle (format v2, case-bundle.ts) from the workspace, signed by the
 * exporting auditor's key. The case's log must hold before it leaves (the log is the truth). With
 * `handOver`, a signed `case.hand-over` entry is appended first and travels in the bundle: the local copy
 * then takes no act until a bundle comes back or the case is taken back (holder.repo.ts). No electron import.
 */
import { DomainError } from '../errors'
import { isoNow } from '../clock'
import type { BundleDeps, BundleHost } from './deps'
import type { OpenedKey } from '../identity/openssh-key'
import type { BundleSummary } from '../../shared/ipc/contract'
import { SIGNED_ACTIONS } from '../db/audit.repo'
import { readBundle, writeBundle, type BundleEntry, type CaseBundle } from './case-bundle'

export interface ExportedBundle {
  readonly bytes: Buffer
  /** the case's newest entry: case_seq and case hash */
  readonly head: { readonly seq: number; readonly hash: string }
  readonly entries: number
  readonly files: number
  readonly documents: number
  readonly handedOver: boolean
}

export function exportCaseBundle(
  host: BundleHost,
  caseId: string,
  key: OpenedKey,
  options: { handOver?: boolean; comment?: string } = {}
): ExportedBundle {
  const ws = host.bundleDeps
  const c = ws.cases.get(caseId)
  const exporter = ws.identities.actorFor(key)
  const problems = ws.checkCaseLog(caseId)
  if (problems.length > 0)
    throw new DomainError(
      'CONFLICT',
      `Case ${caseId} cannot be handed over: its tables and its log differ (${problems[0]!.message}${problems.length > 1 ? `, and ${problems.length - 1} more` : ''}); run audit-log verify --case ${caseId}.`
    )
  // the hand-over entry and the bundle that carries it are one step: a bundle that cannot be written
  // leaves no hand-over behind
  return ws.writeTransaction(() => {
    if (options.handOver)
      ws.audit.append(
        exporter.name,
        'case.hand-over',
        caseId,
        { comment: (options.comment ?? '').trim() },
        isoNow(ws.clock),
        exporter.sign
      )
    return writeCase(ws, caseId, c, exporter, key, !!options.handOver)
  })
}

function writeCase(
  ws: BundleDeps,
  caseId: string,
  c: ReturnType<BundleDeps['cases']['get']>,
  exporter: { name: string },
  key: OpenedKey,
  handedOver: boolean
): ExportedBundle {
  const entries = entriesOf(ws, caseId)
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
  const documents = ws.documents.list(caseId).map((d) => {
    const { bytes } = ws.documents.content(caseId, d.sha256)
    return { name: d.name, mediaType: d.mediaType, bytes }
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
    files,
    documents
  })
  const last = entries.at(-1)!
  return {
    bytes,
    head: { seq: last.caseSeq, hash: last.caseHash },
    entries: entries.length,
    files: files.length,
    documents: documents.length,
    handedOver
  }
}

/** The case's entries as a bundle carries them: its whole case chain, in order. */
export const entriesOf = (ws: BundleDeps, caseId: string): BundleEntry[] =>
  ws.audit.rowsOfCase(caseId).map((r) => ({
    caseSeq: r.case_seq!,
    casePrev: r.case_prev!,
    caseHash: r.case_hash!,
    format: r.format,
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    caseId,
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
    signature: r.signature
  }))

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
  head: { seq: b.manifest.head.caseSeq, hash: b.manifest.head.caseHash },
  entries: b.entries.length,
  signedActs: b.entries.filter((e) => SIGNED_ACTIONS.has(e.action)).length,
  files: b.files.map((f) => f.fileName),
  documents: b.documents.map((d) => d.name),
  auditors: b.roster.map((a) => `${a.name} (${a.fingerprint})`)
})
