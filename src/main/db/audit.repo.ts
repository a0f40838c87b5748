import { nodeCrypto } from '../node-crypto'
import type { Db } from './connection'
import type { AuditEntry } from '../../shared/domain/types'
import { systemClock, type Clock } from '../clock'

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
}

/** Signs an entry's canonical bytes for its actor: an armored SSHSIG (namespace auditor-workbench). */
export type EntrySigner = (message: Buffer) => string

/** The actions an auditor signs: decisions (waivers included) and the four-eyes review steps. */
export const SIGNED_ACTIONS: ReadonlySet<string> = new Set([
  'decision',
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
 * when it has one (entries without one hash as before v40, so older chains still verify).
 */
export function entryHash(prevHash: string, e: EntryFields & { signature?: string | null }): string {
  const fields: unknown[] = [e.seq, e.at, e.actor, e.action, e.caseId, e.payload]
  if (e.signature) fields.push(e.signature)
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
  return Buffer.from(
    [
      'auditor-workbench audit entry v1',
      `case: ${e.caseId ?? '-'}`,
      `seq: ${e.seq}`,
      `prev: ${prevHash}`,
      `at: ${e.at}`,
      `actor: ${e.actor}`,
      `action: ${e.action}`,
      `payload: ${e.payload}`,
      ''
    ].join('\n'),
    'utf8'
  )
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
  signature: r.signature
})

/** Append-only, hash-chained log. Triggers in the schema refuse UPDATE and DELETE. Call inside the writer's transaction. */
export function createAuditRepo(db: Db, clock: Clock = systemClock) {
  const head = db.prepare<[], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'
  )
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, case_id, payload, prev_hash, hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const byCase = db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE case_id = ? ORDER BY seq')
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
        const last = head.get()
        const seq = (last?.seq ?? 0) + 1
        const prevHash = last?.hash ?? GENESIS_HASH
        const fields = { seq, at, actor, action, caseId, payload: body }
        const signature = signer ? signer(signedEntryMessage(prevHash, fields)) : null
        const hash = entryHash(prevHash, { ...fields, signature })
        insert.run(seq, at, actor, action, caseId, body, prevHash, hash, signature)
        return { seq, at, actor, action, caseId, payload, hash, prevHash, signature }
      }
      return db.inTransaction ? write() : db.transaction(write).immediate()
    },
    listForCase: (caseId: string): AuditEntry[] => byCase.all(caseId).map(toEntry),
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
      for (const r of all.iterate()) {
        position += 1
        const hash = entryHash(prev, {
          seq: r.seq,
          at: r.at,
          actor: r.actor,
          action: r.action,
          caseId: r.case_id,
          payload: r.payload,
          signature: r.signature
        })
        const reason =
          r.seq !== expectedSeq
            ? `entry ${expectedSeq}${r.seq > expectedSeq + 1 ? `–${r.seq - 1}` : ''} is missing (deleted)`
            : r.prev_hash !== prev
              ? 'the link to the previous entry is broken (an entry was deleted or reordered)'
              : r.hash !== hash
                ? 'the entry was edited after it was written (its hash does not match its content)'
                : null
        if (reason) return { entries: position, head: prev, broken: { seq: r.seq, position, reason } }
        prev = r.hash
        expectedSeq = r.seq + 1
      }
      return { entries: position, head: prev, broken: null }
    }
  }
}
export type AuditRepo = ReturnType<typeof createAuditRepo>
