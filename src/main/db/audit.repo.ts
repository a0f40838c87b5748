import { nodeCrypto } from '../node-crypto'
import type { Db } from './connection'
import type { AuditEntry } from '../../shared/domain/types'
import { systemClock, type Clock } from '../clock'
import { CASE_GENESIS, caseEntryHash, signedCaseEntryMessage, signedLines } from './case-chain'
import { createHolderRepo } from './holder.repo'
import { DomainError } from '../errors'
import { changedOutsideApp } from './row-id'

interface AuditRow {
  seq: number
  at: string
  actor: string
  action: string
  case_id: string | null
  payload: string
  prev_hash: string
  hash: string
  signature: string | null
  case_seq: number | null
  case_prev: string | null
  case_hash: string | null
  format: number
}

/** Signs an entry's canonical bytes for its actor: an armored SSHSIG (namespace auditor-workbench). */
export type EntrySigner = (message: Buffer) => string

/**
 * The actions an auditor signs: decisions (waivers included), the four-eyes review steps, the hand-over, and
 * the removal of an evidence document (attaching one is unsigned, like an import).
 */
export const SIGNED_ACTIONS: ReadonlySet<string> = new Set([
  'decision',
  'document.remove',
  'case.hand-over',
  'case.take-back',
  'review.submit',
  'review.accept',
  'review.return',
  'review.reopen'
])

export const GENESIS_HASH = '0'.repeat(64)

interface EntryFields {
  seq: number
  at: string
  actor: string
  action: string
  caseId: string | null
  payload: string
}

/**
 * The hash of one entry: SHA-256 over the previous hash and the entry's canonical fields, and its signature
 * when it has one (entries without one hash as before v40, so older chains still verify). Entries of format 2
 * (since v80) also cover their case hash, their place in their case's chain.
 */
export function entryHash(
  prevHash: string,
  e: EntryFields & { signature?: string | null; caseHash?: string | null; format?: number }
): string {
  const fields: unknown[] = [e.seq, e.at, e.actor, e.action, e.caseId, e.payload]
  if (e.format === 2) fields.push(e.signature ?? null, e.caseHash ?? null, 2)
  else if (e.signature) fields.push(e.signature)
  return nodeCrypto()
    .createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify(fields))
    .digest('hex')
}

/**
 * The bytes an auditor signs for an entry: the case, the sequence number, the previous entry's hash (so the
 * signature binds the whole history before it) and the content. Plain lines, so that
 * `ssh-keygen -Y verify -f allowed_signers -I NAME -n auditor-workbench -s entry.sig < entry.txt` checks an
 * entry on its own. Case ids, names and actions hold no line breaks; the payload is one line of JSON.
 */
export function signedEntryMessage(prevHash: string, e: EntryFields): Buffer {
  return signedLines(
    'auditor-workbench audit entry v1',
    [`case: ${e.caseId ?? '-'}`, `seq: ${e.seq}`, `prev: ${prevHash}`],
    e
  )
}

/** The bytes the actor of a stored entry signed: over the case chain (format 2) or the global chain (1). */
export function entryMessage(r: AuditRow): Buffer {
  const fields = {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    caseId: r.case_id,
    payload: r.payload
  }
  return r.format === 2 && r.case_id !== null
    ? signedCaseEntryMessage({
        caseId: r.case_id,
        caseSeq: r.case_seq ?? 0,
        casePrev: r.case_prev ?? '',
        at: r.at,
        actor: r.actor,
        action: r.action,
        payload: r.payload
      })
    : signedEntryMessage(r.prev_hash, fields)
}

/** The hash a stored entry must have, from its content and the previous entry's hash. */
export const rowHash = (prevHash: string, r: AuditRow): string =>
  entryHash(prevHash, {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    caseId: r.case_id,
    payload: r.payload,
    signature: r.signature,
    caseHash: r.case_hash,
    format: r.format
  })

/**
 * Why a stored entry does not fit where it stands: after the entry whose hash is `prev`, as entry
 * `expectedSeq`, and (for a case's entry) after `caseLast`, its case's previous entry (seq 0 and the case
 * genesis for the first). Null when it fits. The chain check walks every entry with it; the verified
 * prefix (verified-chain.ts) walks only the entries after it.
 */
export function entryProblem(
  r: AuditRow,
  prev: string,
  expectedSeq: number,
  caseLast: { seq: number; hash: string } | null
): string | null {
  const ch = caseLast
  return r.seq !== expectedSeq
    ? `entry ${expectedSeq}${r.seq > expectedSeq + 1 ? `–${r.seq - 1}` : ''} is missing (deleted)`
    : r.prev_hash !== prev
      ? 'the link to the previous entry is broken (an entry was deleted or reordered)'
      : r.hash !== rowHash(prev, r)
        ? 'the entry was edited after it was written (its hash does not match its content)'
        : ch && (r.case_seq !== ch.seq + 1 || r.case_prev !== ch.hash)
          ? `its place in case ${r.case_id}'s chain is broken (case entry ${String(r.case_seq)} follows case entry ${ch.seq})`
          : ch &&
              r.case_hash !==
                caseEntryHash({
                  caseId: r.case_id!,
                  caseSeq: r.case_seq!,
                  casePrev: r.case_prev!,
                  at: r.at,
                  actor: r.actor,
                  action: r.action,
                  payload: r.payload,
                  signature: r.signature
                })
            ? `its case hash does not match its content (case ${r.case_id})`
            : null
}

export type { AuditRow }

/** One entry of a case chain as it travels (case bundles): everything but its place in a global chain. */
export interface PortableEntry {
  readonly caseId: string
  readonly caseSeq: number
  readonly casePrev: string
  readonly caseHash: string
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly payload: string
  readonly signature: string | null
}

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  caseId: r.case_id,
  payload: JSON.parse(r.payload) as unknown,
  hash: r.hash,
  prevHash: r.prev_hash,
  signature: r.signature,
  caseSeq: r.case_seq,
  casePrev: r.case_prev,
  caseHash: r.case_hash,
  format: r.format
})

/**
 * The number of the next entry, read as a number from the last one: refused beyond 2^53, which the app never
 * reaches (an entry a second for 285 million years) and a number cannot hold. An insider who added an entry
 * numbered 2^53 made every later append fail on the log's primary key (2^53 + 1 is 2^53 in JavaScript):
 * "Something went wrong" for every import and decision. Thrown inside the write's transaction.
 */
function safeSeq(seq: number): number {
  if (Number.isSafeInteger(seq)) return seq
  throw changedOutsideApp(
    'audit_log holds an entry numbered beyond 2^53, which the app never writes',
    'nothing was recorded'
  )
}

/** Append-only, hash-chained log. Triggers in the schema refuse UPDATE and DELETE. Call inside the writer's transaction. */
export function createAuditRepo(db: Db, clock: Clock = systemClock) {
  const head = db.prepare<[], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'
  )
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, case_id, payload, prev_hash, hash, signature, case_seq, case_prev, case_hash, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const caseHeadOf = db.prepare<[string], { case_seq: number; case_hash: string }>(
    'SELECT case_seq, case_hash FROM audit_log WHERE case_id = ? ORDER BY seq DESC LIMIT 1'
  )
  const rawByCase = db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE case_id = ? ORDER BY seq')
  const holder = createHolderRepo(db)
  const caseHead = (caseId: string): { seq: number; hash: string } => {
    const h = caseHeadOf.get(caseId)
    return h ? { seq: h.case_seq, hash: h.case_hash } : { seq: 0, hash: CASE_GENESIS }
  }
  /** writes one entry of format 2 at the end of the global chain; `sign` gets the bytes to sign */
  const writeEntry = (
    e: Omit<PortableEntry, 'caseId' | 'caseSeq' | 'casePrev' | 'caseHash' | 'signature'> & {
      caseId: string | null
    },
    sign: (message: Buffer) => string | null,
    expectedCaseHash: string | null = null
  ): AuditEntry => {
    const last = head.get()
    const seq = safeSeq((last?.seq ?? 0) + 1)
    const prevHash = last?.hash ?? GENESIS_HASH
    if (e.caseId === null) {
      const fields = { seq, at: e.at, actor: e.actor, action: e.action, caseId: null, payload: e.payload }
      const signature = sign(signedEntryMessage(prevHash, fields))
      const hash = entryHash(prevHash, { ...fields, signature })
      insert.run(
        seq,
        e.at,
        e.actor,
        e.action,
        null,
        e.payload,
        prevHash,
        hash,
        signature,
        null,
        null,
        null,
        1
      )
      return toEntry({
        ...fields,
        case_id: null,
        prev_hash: prevHash,
        hash,
        signature,
        case_seq: null,
        case_prev: null,
        case_hash: null,
        format: 1
      })
    }
    const ch = caseHead(e.caseId)
    const c = { ...e, caseId: e.caseId, caseSeq: safeSeq(ch.seq + 1), casePrev: ch.hash }
    const signature = sign(signedCaseEntryMessage(c))
    const caseHash = caseEntryHash({ ...c, signature })
    if (expectedCaseHash !== null && caseHash !== expectedCaseHash)
      throw new Error(`entry ${c.caseSeq} of case ${c.caseId} does not continue the local case chain`)
    const fields = { seq, at: e.at, actor: e.actor, action: e.action, caseId: e.caseId, payload: e.payload }
    const hash = entryHash(prevHash, { ...fields, signature, caseHash, format: 2 })
    insert.run(
      seq,
      e.at,
      e.actor,
      e.action,
      e.caseId,
      e.payload,
      prevHash,
      hash,
      signature,
      c.caseSeq,
      c.casePrev,
      caseHash,
      2
    )
    return toEntry({
      ...fields,
      case_id: e.caseId,
      prev_hash: prevHash,
      hash,
      signature,
      case_seq: c.caseSeq,
      case_prev: c.casePrev,
      case_hash: caseHash,
      format: 2
    })
  }
  const registrations = db.prepare<[], AuditRow>(
    "SELECT * FROM audit_log WHERE action = 'identity.add' ORDER BY seq"
  )
  const all = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq')
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?')
  const rowAt = db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq = ?')
  return {
    append(
      actor: string,
      action: string,
      caseId: string | null,
      payload: unknown,
      at = clock().toISOString(),
      signer: EntrySigner | null = null
    ): AuditEntry {
      const body = JSON.stringify(payload ?? null)
      // reading the head and appending are one step: the import worker writes on a second connection
      const write = (): AuditEntry => {
        // a case handed over to another auditor takes no local act until it comes back or is taken back
        if (caseId !== null && action !== 'case.take-back') {
          const h = holder.handedOver(caseId)
          if (h)
            throw new DomainError(
              'CONFLICT',
              `Case ${caseId} was handed over by ${h.actor} at ${h.at} (case entry ${h.caseSeq}); nothing is recorded on it here until its bundle comes back (bundle import) or it is taken back (bundle take-back --case ${caseId}).`
            )
        }
        return writeEntry({ at, actor, action, caseId, payload: body }, (m) => (signer ? signer(m) : null))
      }
      return db.inTransaction ? write() : db.transaction(write).immediate()
    },
    /**
     * Appends an entry of another workspace's case chain as it is (a case bundle's): it must continue the local
     * case chain at its place (case_seq and case_prev), and keeps its case hash and signature. Call inside the
     * importer's transaction.
     */
    appendPortable(e: PortableEntry): AuditEntry {
      const ch = caseHead(e.caseId)
      if (e.caseSeq !== ch.seq + 1 || e.casePrev !== ch.hash)
        throw new Error(
          `entry ${e.caseSeq} of case ${e.caseId} does not continue the local case chain at entry ${ch.seq}`
        )
      return writeEntry(e, () => e.signature, e.caseHash)
    },
    /** the newest entry of a case's chain: its case_seq and case hash (0 and the genesis hash when none) */
    caseHead,
    /** the case's entries as they travel: in case order, with their case chain fields */
    portableOfCase: (caseId: string): (PortableEntry & { format: number })[] =>
      rawByCase.all(caseId).map((r) => ({
        caseId,
        caseSeq: r.case_seq!,
        casePrev: r.case_prev!,
        caseHash: r.case_hash!,
        at: r.at,
        actor: r.actor,
        action: r.action,
        payload: r.payload,
        signature: r.signature,
        format: r.format
      })),
    /** the stored rows of a case, for the checks that need the raw fields */
    rowsOfCase: (caseId: string): AuditRow[] => rawByCase.all(caseId),
    listForCase: (caseId: string): AuditEntry[] => rawByCase.all(caseId).map(toEntry),
    /** the stored rows of every registration of an auditor's key (identity.add), in order */
    registrations: (): AuditRow[] => registrations.all(),
    /** every entry, in order */
    listAll: (): AuditEntry[] => all.all().map(toEntry),
    head: (): { seq: number; hash: string } => head.get() ?? { seq: 0, hash: GENESIS_HASH },
    /** entry `seq`, or null when there is none */
    entryAt: (seq: number): AuditEntry | null => {
      const r = rowAt.get(seq)
      return r ? toEntry(r) : null
    },
    /** the hash of entry `seq`, or null when there is none */
    hashAt: (seq: number): string | null => hashAt.get(seq)?.hash ?? null,
    /** Recomputes the chain; returns the first broken seq, or null when intact. */
    verifyChain(): number | null {
      return this.check().broken?.seq ?? null
    },
    /**
     * Walks the whole chain. An edited entry fails its own hash; a deleted or reordered one breaks the link
     * to its predecessor or leaves a gap in the sequence. Reports the first break with its position.
     */
    check(): {
      entries: number
      head: string
      broken: { seq: number; position: number; reason: string } | null
    } {
      let prev = GENESIS_HASH
      let expectedSeq = 1
      let position = 0
      const cases = new Map<string, { seq: number; hash: string }>()
      for (const r of all.iterate()) {
        position += 1
        const ch = r.case_id === null ? null : (cases.get(r.case_id) ?? { seq: 0, hash: CASE_GENESIS })
        const reason = entryProblem(r, prev, expectedSeq, ch)
        if (reason) return { entries: position, head: prev, broken: { seq: r.seq, position, reason } }
        if (ch) cases.set(r.case_id!, { seq: r.case_seq!, hash: r.case_hash! })
        prev = r.hash
        expectedSeq = r.seq + 1
      }
      return { entries: position, head: prev, broken: null }
    }
  }
}
export type AuditRepo = ReturnType<typeof createAuditRepo>
