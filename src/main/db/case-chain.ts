/**
 * The per-case chain of the audit log (migration v80). Every entry of a case has its place in its case's own
 * chain: `case_seq` (1, 2, 3 … within the case), `case_prev` (the case hash of the case's previous entry) and
 * `case_hash`, a portable hash over the case, that place and the entry's content and signature. It names no
 * workspace-wide sequence number or hash, so a case's entries keep their hashes, and their signatures hold,
 * in any workspace they are replayed into (case bundles). Signed acts since v80 sign the v2 message below,
 * over the case chain; the workspace's global chain still links every entry, its hash covering `case_hash`.
 * Changing anything here breaks every stored case chain: fix forward with a new format instead.
 */
import { nodeCrypto } from '../node-crypto'

export const CASE_GENESIS = '0'.repeat(64)

export interface CaseEntryFields {
  readonly caseId: string
  readonly caseSeq: number
  readonly casePrev: string
  readonly at: string
  readonly actor: string
  readonly action: string
  /** the payload exactly as stored: one line of JSON */
  readonly payload: string
}

export function caseEntryHash(e: CaseEntryFields & { readonly signature: string | null }): string {
  return nodeCrypto()
    .createHash('sha256')
    .update('auditor-workbench case entry v2\n')
    .update(
      JSON.stringify([e.caseId, e.caseSeq, e.casePrev, e.at, e.actor, e.action, e.payload, e.signature])
    )
    .digest('hex')
}

/**
 * The bytes an auditor signs for an entry since v80: its case, its place in the case's chain (the previous
 * case entry's hash binds the case's whole history before it) and its content. Plain lines, as v1, so that
 * `ssh-keygen -Y verify … -n auditor-workbench` checks an entry on its own.
 */
export function signedCaseEntryMessage(e: CaseEntryFields): Buffer {
  return signedLines(
    'auditor-workbench audit entry v2',
    [`case: ${e.caseId}`, `case-seq: ${e.caseSeq}`, `case-prev: ${e.casePrev}`],
    e
  )
}

/**
 * The signed bytes of an entry in either version: the version line, the lines that place the entry in its
 * chain, then its content, one line each, ending in a newline.
 */
export function signedLines(
  version: string,
  place: readonly string[],
  e: { readonly at: string; readonly actor: string; readonly action: string; readonly payload: string }
): Buffer {
  return Buffer.from(
    [
      version,
      ...place,
      `at: ${e.at}`,
      `actor: ${e.actor}`,
      `action: ${e.action}`,
      `payload: ${e.payload}`,
      ''
    ].join('\n'),
    'utf8'
  )
}
