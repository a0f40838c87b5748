/**
 * Everything the register keeps, over PostgreSQL: roster and administrators, nonces, signed acts, cases
 * with their holder and every pushed bundle, the cases' logs and test results, certificates and
 * revocations. Each write is one SERIALIZABLE transaction (pg.ts `tx`), so concurrent register processes
 * never lose or duplicate a push. No row leaves this file: callers get plain domain objects.
 */
import { DomainError } from '../errors'
import { normalizeAuditorName } from '../../shared/domain/identity'
import { parsePublicKey, publicKeyLine } from '../identity/openssh-key'
import type { CaseBundle } from '../bundle/case-bundle'
import { compareLogs, entryKey, REQUEST_WINDOW_SECONDS } from '../../shared/register/protocol'
import type { Verdict, VerdictManualCheck } from '../../shared/domain/verdict-types'
import type { CertificateFacts } from '../../shared/register/status'
import { tx, type Pool, type Tx } from './pg'
import type { SignedBy } from './auth'

export type Role = { readonly kind: 'admin' } | { readonly kind: 'auditor'; readonly name: string }

export interface RegisterCase {
  readonly caseId: string
  readonly title: string
  readonly schemeId: string
  readonly schemeVersion: string
  readonly head: { readonly seq: number; readonly key: string; readonly entries: number }
  readonly updatedAt: string
  readonly holder: { readonly name: string; readonly fingerprint: string; readonly since: string } | null
  readonly pushes: number
}

export type PushOutcome =
  | {
      readonly outcome: 'created' | 'fast-forward' | 'unchanged'
      readonly head: { seq: number; key: string; entries: number }
      /** the push ended in the holder's hand-over: the case was checked in */
      readonly checkedIn?: boolean
    }
  | {
      readonly outcome: 'diverged' | 'behind'
      readonly registerHead: { seq: number; key: string; entries: number }
      /** the newest entry both logs share; null when they share not even the first */
      readonly commonHead: { seq: number; key: string; entries: number } | null
    }

export interface ResultRow {
  readonly fileSha256: string
  readonly subject: string
  readonly scopeUuid: string
  readonly scopeName: string
  readonly testcase: string
  readonly value: -1 | 0 | 1
  readonly checkedAt: string
}

/** a registered certificate: the facts the status pages read, and who registered it */
export interface Certificate extends CertificateFacts {
  readonly registeredBy: string
  /** a newer certificate of the same scope and version for one of its subjects */
  readonly supersededBy: string | null
}

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : d)
const day = (d: Date | string): string => (d instanceof Date ? d.toISOString().slice(0, 10) : d.slice(0, 10))

/** `register init`: the administrator keys that may add auditors to the roster. */
export async function addAdmin(
  pool: Pool,
  publicKey: string,
  now: Date
): Promise<{ fingerprint: string; added: boolean }> {
  const { blob, fingerprint } = parsePublicKey(publicKey, '--admin-pubkey')
  return tx(pool, async (db) => {
    const r = await db.query(
      'INSERT INTO admins (fingerprint, public_key, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [fingerprint, publicKeyLine(blob), now]
    )
    return { fingerprint, added: r.rowCount === 1 }
  })
}

export async function roleOf(pool: Pool, fingerprint: string): Promise<Role | null> {
  const a = await pool.query('SELECT 1 FROM admins WHERE fingerprint = $1', [fingerprint])
  if (a.rowCount) return { kind: 'admin' }
  const r = await pool.query<{ name: string }>('SELECT name FROM roster WHERE fingerprint = $1', [
    fingerprint
  ])
  return r.rows[0] ? { kind: 'auditor', name: r.rows[0].name } : null
}

/** Records a request's nonce; false when it was seen before (a replay). Nonces older than twice the window go. */
export async function takeNonce(pool: Pool, signed: SignedBy, now: Date): Promise<boolean> {
  const r = await pool.query(
    'INSERT INTO nonces (nonce, fingerprint, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [signed.nonce, signed.fingerprint, now]
  )
  if (Math.random() < 0.01)
    await pool.query('DELETE FROM nonces WHERE seen_at < $1', [
      new Date(now.getTime() - 2 * REQUEST_WINDOW_SECONDS * 1000)
    ])
  return r.rowCount === 1
}

async function recordAct(
  db: Tx,
  signed: SignedBy,
  actor: string,
  action: string,
  subject: string,
  now: Date
): Promise<number> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO acts (at, fingerprint, actor, action, subject, message, signature, body_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [now, signed.fingerprint, actor, action, subject, signed.message, signed.signature, signed.bodySha256]
  )
  return Number(r.rows[0]!.id)
}

export interface RosterEntry {
  readonly name: string
  readonly publicKey: string
  readonly fingerprint: string
  readonly addedAt: string
  readonly addedBy: string
}

export async function listRoster(pool: Pool): Promise<RosterEntry[]> {
  const r = await pool.query<{
    name: string
    public_key: string
    fingerprint: string
    added_at: Date
    added_by: string
  }>('SELECT name, public_key, fingerprint, added_at, added_by FROM roster ORDER BY lower(name)')
  return r.rows.map((x) => ({
    name: x.name,
    publicKey: x.public_key,
    fingerprint: x.fingerprint,
    addedAt: iso(x.added_at),
    addedBy: x.added_by
  }))
}

/** Adds an auditor: an administrator's signed act. A name (in any case) and a key are registered once. */
export async function addToRoster(
  pool: Pool,
  input: { name: string; publicKey: string },
  signed: SignedBy,
  now: Date
): Promise<RosterEntry> {
  const n = normalizeAuditorName(String(input.name ?? ''))
  if ('refused' in n)
    throw new DomainError('USAGE', `The auditor name "${input.name}" is refused: ${n.refused}.`)
  if (!n.name) throw new DomainError('USAGE', 'The auditor needs a name.')
  const { blob, fingerprint } = parsePublicKey(String(input.publicKey ?? ''), 'publicKey')
  return tx(pool, async (db) => {
    const same = await db.query<{ name: string; fingerprint: string }>(
      'SELECT name, fingerprint FROM roster WHERE fingerprint = $1 OR lower(name) = lower($2)',
      [fingerprint, n.name]
    )
    if (same.rows[0])
      throw new DomainError(
        'CONFLICT',
        `The roster already holds "${same.rows[0].name}" (${same.rows[0].fingerprint}); one key is one auditor, one name one key.`
      )
    const entry = {
      name: n.name,
      publicKey: publicKeyLine(blob),
      fingerprint,
      addedAt: iso(now),
      addedBy: signed.fingerprint
    }
    await db.query(
      'INSERT INTO roster (fingerprint, name, public_key, added_at, added_by) VALUES ($1, $2, $3, $4, $5)',
      [fingerprint, entry.name, entry.publicKey, now, signed.fingerprint]
    )
    await recordAct(db, signed, 'administrator', 'roster.add', fingerprint, now)
    return entry
  })
}

type CaseRow = {
  case_id: string
  title: string
  scheme_id: string
  scheme_version: string
  head_seq: number
  head_key: string
  entries: number
  updated_at: Date
  holder_fp: string | null
  holder_name: string | null
  held_since: Date | null
  pushes?: string
}
const toCase = (r: CaseRow): RegisterCase => ({
  caseId: r.case_id,
  title: r.title,
  schemeId: r.scheme_id,
  schemeVersion: r.scheme_version,
  head: { seq: r.head_seq, key: r.head_key, entries: r.entries },
  updatedAt: iso(r.updated_at),
  holder: r.holder_fp ? { name: r.holder_name!, fingerprint: r.holder_fp, since: iso(r.held_since!) } : null,
  pushes: Number(r.pushes ?? 0)
})

export async function listCases(pool: Pool): Promise<RegisterCase[]> {
  const r = await pool.query<CaseRow>(
    `SELECT c.*, (SELECT count(*) FROM bundles b WHERE b.case_id = c.case_id) AS pushes FROM cases c ORDER BY c.case_id`
  )
  return r.rows.map(toCase)
}

export async function getCase(pool: Pool, caseId: string): Promise<RegisterCase> {
  const r = await pool.query<CaseRow>(
    `SELECT c.*, (SELECT count(*) FROM bundles b WHERE b.case_id = c.case_id) AS pushes FROM cases c WHERE c.case_id = $1`,
    [caseId]
  )
  if (!r.rows[0]) throw new DomainError('NOT_FOUND', `The register holds no case ${caseId}.`)
  return toCase(r.rows[0])
}

/** The newest bundle of a case, byte for byte as it was pushed. */
export async function latestBundle(
  pool: Pool,
  caseId: string
): Promise<{ bytes: Buffer; sha256: string; headSeq: number }> {
  const r = await pool.query<{ bytes: Buffer; sha256: string; head_seq: number }>(
    'SELECT b.bytes, b.sha256, b.head_seq FROM cases c JOIN bundles b ON b.id = c.bundle_id WHERE c.case_id = $1',
    [caseId]
  )
  if (!r.rows[0]) throw new DomainError('NOT_FOUND', `The register holds no case ${caseId}.`)
  return { bytes: r.rows[0].bytes, sha256: r.rows[0].sha256, headSeq: r.rows[0].head_seq }
}

/**
 * Stores a verified bundle when it fast-forwards the register's copy of the case (or creates it); the same
 * log again changes nothing; a log behind the register's or diverged from it is refused with the common head.
 * The bundle's roster must agree with the register's: every auditor in it is on the roster with the same key.
 */
export async function pushBundle(
  pool: Pool,
  bundle: CaseBundle,
  bytes: Buffer,
  sha256: string,
  results: readonly ResultRow[],
  signed: SignedBy,
  pusher: string,
  now: Date
): Promise<PushOutcome> {
  const caseId = bundle.manifest.case.id
  const keys = bundle.entries.map((e) => entryKey(e))
  return tx(
    pool,
    async (db) => {
      const roster = await db.query<{ name: string; fingerprint: string }>(
        'SELECT name, fingerprint FROM roster WHERE fingerprint = ANY($1) OR lower(name) = ANY($2)',
        [bundle.roster.map((a) => a.fingerprint), bundle.roster.map((a) => a.name.toLowerCase())]
      )
      for (const a of bundle.roster) {
        const byKey = roster.rows.find((r) => r.fingerprint === a.fingerprint)
        const byName = roster.rows.find((r) => r.name.toLowerCase() === a.name.toLowerCase())
        if (!byKey || byKey.name !== a.name)
          throw new DomainError(
            'FORBIDDEN',
            `The bundle's roster names "${a.name}" with key ${a.fingerprint}, which the register's roster ${byName ? `holds for "${byName.name}" under key ${byName.fingerprint}` : 'does not hold'}; acts are accepted only from the body's auditors.`
          )
      }
      const current = await db.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1 FOR UPDATE', [caseId])
      const row = current.rows[0]
      if (row?.holder_fp && row.holder_fp !== signed.fingerprint)
        throw new DomainError(
          'CONFLICT',
          `Case ${caseId} is checked out by ${row.holder_name} since ${iso(row.held_since!)}; only the holder can push it.`
        )
      const stored = row
        ? (
            await db.query<{ entry_key: string }>(
              'SELECT entry_key FROM case_log WHERE case_id = $1 ORDER BY pos',
              [caseId]
            )
          ).rows.map((r) => r.entry_key)
        : []
      const rel = compareLogs(stored, keys)
      const head = { seq: bundle.manifest.head.caseSeq, key: keys.at(-1)!, entries: keys.length }
      if (row && rel.kind === 'same') return { outcome: 'unchanged', head }
      if (row && (rel.kind === 'diverged' || rel.kind === 'behind')) {
        const common = rel.common
        const commonRow =
          common === 0
            ? null
            : (
                await db.query<{ seq: number; entry_key: string }>(
                  'SELECT seq, entry_key FROM case_log WHERE case_id = $1 AND pos = $2',
                  [caseId, common - 1]
                )
              ).rows[0]!
        return {
          outcome: rel.kind,
          registerHead: { seq: row.head_seq, key: row.head_key, entries: row.entries },
          commonHead: commonRow ? { seq: commonRow.seq, key: commonRow.entry_key, entries: common } : null
        }
      }
      if (!row)
        await db.query(
          `INSERT INTO cases (case_id, title, scheme_id, scheme_version, head_seq, head_key, entries, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            caseId,
            bundle.manifest.case.title,
            bundle.manifest.scheme.id,
            bundle.manifest.scheme.version,
            head.seq,
            head.key,
            head.entries,
            now
          ]
        )
      const b = await db.query<{ id: string }>(
        `INSERT INTO bundles (case_id, sha256, bytes, head_seq, head_key, entries, pushed_by, pushed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [caseId, sha256, bytes, head.seq, head.key, head.entries, pusher, now]
      )
      const from = stored.length
      const fresh = bundle.entries.slice(from)
      if (fresh.length)
        await db.query(
          `INSERT INTO case_log (case_id, pos, entry_key, seq, at, actor, action, payload, signature)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
          [
            caseId,
            fresh.map((_, i) => from + i),
            fresh.map((e) => entryKey(e)),
            fresh.map((e) => e.caseSeq),
            fresh.map((e) => e.at),
            fresh.map((e) => e.actor),
            fresh.map((e) => e.action),
            fresh.map((e) => e.payload),
            fresh.map((e) => e.signature)
          ]
        )
      if (results.length)
        await db.query(
          `INSERT INTO results (case_id, file_sha256, subject, scope_uuid, scope_name, testcase, value, checked_at)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::timestamptz[])
           ON CONFLICT DO NOTHING`,
          [
            caseId,
            results.map((r) => r.fileSha256),
            results.map((r) => r.subject),
            results.map((r) => r.scopeUuid),
            results.map((r) => r.scopeName),
            results.map((r) => r.testcase),
            results.map((r) => r.value),
            results.map((r) => r.checkedAt)
          ]
        )
      await db.query(
        'UPDATE cases SET title = $2, head_seq = $3, head_key = $4, entries = $5, bundle_id = $6, updated_at = $7 WHERE case_id = $1',
        [caseId, bundle.manifest.case.title, head.seq, head.key, head.entries, b.rows[0]!.id, now]
      )
      await recordAct(db, signed, pusher, 'case.push', `${caseId}@${head.seq}`, now)
      // a pushed hand-over (bundle export --hand-over, register push --hand-over) is the holder letting go:
      // the case is checked in, so that the one it is handed to can check it out
      const checkedIn =
        !!row?.holder_fp &&
        row.holder_fp === signed.fingerprint &&
        bundle.entries.at(-1)?.action === 'case.hand-over'
      if (checkedIn) {
        await db.query(
          'UPDATE cases SET holder_fp = NULL, holder_name = NULL, held_since = NULL WHERE case_id = $1',
          [caseId]
        )
        await recordAct(db, signed, pusher, 'case.checkin', caseId, now)
      }
      return { outcome: row ? 'fast-forward' : 'created', head, checkedIn }
    },
    ['23505'] // two first pushes of one case: the loser retries and finds the case
  )
}

/** Check-out (the case is then pushed only by its holder) and check-in. */
export async function setHolder(
  pool: Pool,
  caseId: string,
  action: 'checkout' | 'checkin',
  signed: SignedBy,
  who: string,
  now: Date
): Promise<RegisterCase> {
  await tx(pool, async (db) => {
    const r = await db.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1 FOR UPDATE', [caseId])
    const row = r.rows[0]
    if (!row) throw new DomainError('NOT_FOUND', `The register holds no case ${caseId}; push it first.`)
    if (action === 'checkout') {
      if (row.holder_fp && row.holder_fp !== signed.fingerprint)
        throw new DomainError(
          'CONFLICT',
          `Case ${caseId} is checked out by ${row.holder_name} since ${iso(row.held_since!)}.`
        )
      if (row.holder_fp === signed.fingerprint) return
      await db.query(
        'UPDATE cases SET holder_fp = $2, holder_name = $3, held_since = $4 WHERE case_id = $1',
        [caseId, signed.fingerprint, who, now]
      )
    } else {
      if (!row.holder_fp) throw new DomainError('CONFLICT', `Case ${caseId} is not checked out.`)
      if (row.holder_fp !== signed.fingerprint)
        throw new DomainError(
          'CONFLICT',
          `Case ${caseId} is checked out by ${row.holder_name}; only the holder can check it in.`
        )
      await db.query(
        'UPDATE cases SET holder_fp = NULL, holder_name = NULL, held_since = NULL WHERE case_id = $1',
        [caseId]
      )
    }
    await recordAct(db, signed, who, `case.${action}`, caseId, now)
  })
  return getCase(pool, caseId)
}

/** The signatures of the case's log entries as the register holds them (to find a verdict's acceptance). */
export async function caseHasSignature(pool: Pool, caseId: string, signature: string): Promise<boolean> {
  const r = await pool.query('SELECT 1 FROM case_log WHERE case_id = $1 AND signature = $2', [
    caseId,
    signature
  ])
  return (r.rowCount ?? 0) > 0
}

export interface NewCertificate {
  readonly verdict: Verdict
  readonly verdictId: string
  readonly verdictSha256: string
  readonly signerFingerprint: string
  readonly pdf: Buffer
  readonly pdfSha256: string
}

/** A year from the decision date, when the verdict names no end of validity (SCS-0004: valid one year). */
export const validUntilOf = (v: Verdict): string => {
  if (v.validUntil) return v.validUntil.slice(0, 10)
  const d = new Date(`${v.decisionDate.slice(0, 10)}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() + 1)
  return d.toISOString().slice(0, 10)
}

export async function registerCertificate(
  pool: Pool,
  c: NewCertificate,
  signed: SignedBy,
  who: string,
  now: Date
): Promise<Certificate> {
  const v = c.verdict
  await tx(pool, async (db) => {
    const known = await db.query('SELECT 1 FROM cases WHERE case_id = $1', [v.caseId])
    if (!known.rowCount)
      throw new DomainError(
        'CONFLICT',
        `The verdict is about case ${v.caseId}, which the register does not hold; push the case first.`
      )
    const same = await db.query<{ verdict_sha256: string }>(
      'SELECT verdict_sha256 FROM certificates WHERE verdict_id = $1',
      [c.verdictId]
    )
    if (same.rows[0]) {
      if (same.rows[0].verdict_sha256 === c.verdictSha256) return
      throw new DomainError(
        'CONFLICT',
        `A certificate ${c.verdictId} with another verdict hash is already registered.`
      )
    }
    await db.query(
      `INSERT INTO certificates (verdict_id, verdict_sha256, case_id, scope, scope_name, version, outcome, outcome_name, subjects,
         valid_from, valid_until, signer_fingerprint, verdict, pdf, pdf_sha256, registered_by, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        c.verdictId,
        c.verdictSha256,
        v.caseId,
        v.scheme,
        v.schemeName,
        v.schemeVersion,
        v.outcome,
        v.outcomeName,
        JSON.stringify(v.subjects.map((s) => s.id)),
        v.decisionDate.slice(0, 10),
        validUntilOf(v),
        c.signerFingerprint,
        JSON.stringify(v),
        c.pdf,
        c.pdfSha256,
        who,
        now
      ]
    )
    // one certificate per subject × scope × version: an older, unrevoked one that shares a subject is superseded
    await db.query(
      `UPDATE certificates o SET superseded_by = $1
        WHERE o.verdict_id <> $1 AND o.scope = $2 AND o.version = $3 AND o.superseded_by IS NULL
          AND o.subjects ?| $4::text[] AND o.valid_from <= $5::date
          AND NOT EXISTS (SELECT 1 FROM revocations r WHERE r.verdict_id = o.verdict_id)`,
      [c.verdictId, v.scheme, v.schemeVersion, v.subjects.map((s) => s.id), v.decisionDate.slice(0, 10)]
    )
    await recordAct(db, signed, who, 'certificate.register', c.verdictId, now)
  })
  return getCertificate(pool, c.verdictId)
}

type CertRow = {
  verdict_id: string
  verdict_sha256: string
  case_id: string
  scope: string
  scope_name: string
  version: string
  outcome: string
  outcome_name: string
  subjects: string[]
  valid_from: Date | string
  valid_until: Date | string
  signer_fingerprint: string
  pdf_sha256: string
  registered_by: string
  registered_at: Date
  reason: string | null
  revoked_by: string | null
  revoked_at: Date | null
  superseded_by: string | null
}
const CERT_COLUMNS = `c.verdict_id, c.verdict_sha256, c.case_id, c.scope, c.scope_name, c.version, c.outcome, c.outcome_name,
  c.subjects, to_char(c.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(c.valid_until, 'YYYY-MM-DD') AS valid_until,
  c.signer_fingerprint, c.pdf_sha256, c.registered_by, c.registered_at, r.reason, r.revoked_by, r.revoked_at, c.superseded_by`
const toCertificate = (r: CertRow): Certificate => ({
  verdictId: r.verdict_id,
  verdictSha256: r.verdict_sha256,
  caseId: r.case_id,
  scope: r.scope,
  scopeName: r.scope_name,
  version: r.version,
  outcome: r.outcome,
  outcomeName: r.outcome_name,
  subjects: r.subjects,
  validFrom: day(r.valid_from),
  validUntil: day(r.valid_until),
  signerFingerprint: r.signer_fingerprint,
  pdfSha256: r.pdf_sha256,
  registeredBy: r.registered_by,
  registeredAt: iso(r.registered_at),
  revocation: r.revoked_at ? { reason: r.reason!, by: r.revoked_by!, at: iso(r.revoked_at) } : null,
  supersededBy: r.superseded_by
})

export async function getCertificate(pool: Pool, verdictId: string): Promise<Certificate> {
  const r = await pool.query<CertRow>(
    `SELECT ${CERT_COLUMNS} FROM certificates c LEFT JOIN revocations r ON r.verdict_id = c.verdict_id WHERE c.verdict_id = $1`,
    [verdictId]
  )
  if (!r.rows[0]) throw new DomainError('NOT_FOUND', `The register holds no certificate ${verdictId}.`)
  return toCertificate(r.rows[0])
}

export async function listCertificates(pool: Pool): Promise<Certificate[]> {
  const r = await pool.query<CertRow>(
    `SELECT ${CERT_COLUMNS} FROM certificates c LEFT JOIN revocations r ON r.verdict_id = c.verdict_id ORDER BY c.registered_at, c.verdict_id`
  )
  return r.rows.map(toCertificate)
}

export async function certificatePdf(pool: Pool, verdictId: string): Promise<Buffer> {
  const r = await pool.query<{ pdf: Buffer }>('SELECT pdf FROM certificates WHERE verdict_id = $1', [
    verdictId
  ])
  if (!r.rows[0]) throw new DomainError('NOT_FOUND', `The register holds no certificate ${verdictId}.`)
  return r.rows[0].pdf
}

export async function revoke(
  pool: Pool,
  verdictId: string,
  reason: string,
  signed: SignedBy,
  who: string,
  now: Date
): Promise<Certificate> {
  const text = String(reason ?? '').trim()
  if (!text) throw new DomainError('USAGE', 'A revocation needs a reason.')
  await tx(pool, async (db) => {
    const c = await db.query('SELECT 1 FROM certificates WHERE verdict_id = $1 FOR UPDATE', [verdictId])
    if (!c.rowCount) throw new DomainError('NOT_FOUND', `The register holds no certificate ${verdictId}.`)
    const done = await db.query<{ revoked_at: Date }>(
      'SELECT revoked_at FROM revocations WHERE verdict_id = $1',
      [verdictId]
    )
    if (done.rows[0])
      throw new DomainError(
        'CONFLICT',
        `Certificate ${verdictId} was revoked at ${iso(done.rows[0].revoked_at)}.`
      )
    const act = await recordAct(db, signed, who, 'certificate.revoke', verdictId, now)
    await db.query(
      'INSERT INTO revocations (verdict_id, reason, revoked_by, revoked_at, act_id) VALUES ($1, $2, $3, $4, $5)',
      [verdictId, text, who, now, act]
    )
  })
  return getCertificate(pool, verdictId)
}

/** Every result of the subjects checked in [from, to], newest first. */
export async function resultsOf(
  pool: Pool,
  subjects: readonly string[],
  from: Date,
  to: Date
): Promise<(ResultRow & { caseId: string })[]> {
  const r = await pool.query<{
    case_id: string
    file_sha256: string
    subject: string
    scope_uuid: string
    scope_name: string
    testcase: string
    value: number
    checked_at: Date
  }>(
    `SELECT DISTINCT ON (subject, scope_uuid, testcase, checked_at) * FROM results
      WHERE subject = ANY($1) AND checked_at BETWEEN $2 AND $3
      ORDER BY subject, scope_uuid, testcase, checked_at DESC`,
    [subjects, from, to]
  )
  return r.rows
    .map((x) => ({
      caseId: x.case_id,
      fileSha256: x.file_sha256,
      subject: x.subject,
      scopeUuid: x.scope_uuid,
      scopeName: x.scope_name,
      testcase: x.testcase,
      value: x.value as -1 | 0 | 1,
      checkedAt: iso(x.checked_at)
    }))
    .sort((a, b) => b.checkedAt.localeCompare(a.checkedAt) || a.testcase.localeCompare(b.testcase))
}

/** The decisions of a case's registered log: criterion, subject, decision, time; in log order at one time. */
export async function decisionsOf(
  pool: Pool,
  caseIds: readonly string[]
): Promise<{ caseId: string; criterion: string; subject: string; decision: string; at: string }[]> {
  const r = await pool.query<{ case_id: string; payload: string; at: string }>(
    `SELECT case_id, payload, at FROM case_log WHERE case_id = ANY($1) AND action = 'decision' ORDER BY at, case_id, pos`,
    [caseIds]
  )
  return r.rows.map((x) => {
    const p = JSON.parse(x.payload) as { criterion?: string; subject?: string; decision?: string }
    return {
      caseId: x.case_id,
      criterion: String(p.criterion ?? ''),
      subject: String(p.subject ?? ''),
      decision: String(p.decision ?? ''),
      at: x.at
    }
  })
}

/** What the surveillance needs of each certificate's verdict: the evidence it was issued on, its decided criteria. */
export async function verdictFacts(pool: Pool): Promise<
  Map<
    string,
    {
      files: string[]
      decisions: { criterion: string; subject: string; decision: string; at: string }[]
      /** the verdict's manual checks; undefined for a verdict from before it named them */
      manualChecks: VerdictManualCheck[] | undefined
    }
  >
> {
  const r = await pool.query<{
    verdict_id: string
    files: string[] | null
    decisions: { criterion: string; subject: string; decision: string; at: string }[] | null
    manual_checks: VerdictManualCheck[] | null
  }>(
    `SELECT verdict_id,
       (SELECT jsonb_agg(f->>'sha256') FROM jsonb_array_elements(verdict->'files') f) AS files,
       (SELECT jsonb_agg(jsonb_build_object('criterion', k->>'criterion', 'subject', k->>'subject',
                 'decision', k->'decision'->>'decision', 'at', k->'decision'->>'decidedAt'))
          FROM jsonb_array_elements(verdict->'criteria') k WHERE jsonb_typeof(k->'decision') = 'object') AS decisions,
       verdict->'manualChecks' AS manual_checks
     FROM certificates`
  )
  return new Map(
    r.rows.map((x) => [
      x.verdict_id,
      { files: x.files ?? [], decisions: x.decisions ?? [], manualChecks: x.manual_checks ?? undefined }
    ])
  )
}

/** Row counts of every table the register writes (tests: a refused request stores nothing). */
export async function rowCounts(pool: Pool): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of [
    'admins',
    'roster',
    'nonces',
    'acts',
    'cases',
    'bundles',
    'case_log',
    'certificates',
    'revocations',
    'results'
  ]) {
    const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)
    out[t] = Number(r.rows[0]!.n)
  }
  return out
}
