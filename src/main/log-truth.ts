/**
 * The log is the truth. The state a verdict reads — the case and its review state, decisions and waivers,
 * imported evidence rows, the roster — is replayed from the audit log and compared with the tables row by
 * row in both directions, and every signed act is checked against its actor's key. Run when a case opens,
 * by `audit-log verify`, and before a verdict is computed for signing. No electron import.
 */
import { SIGNED_ACTIONS, entryMessage, rowHash, type AuditRepo } from './db/audit.repo'
import type { AuditorsRepo } from './db/auditors.repo'
import type { CasesRepo } from './db/cases.repo'
import type { DecisionsRepo } from './db/decisions.repo'
import type { EvidenceRepo } from './db/evidence.repo'
import type { DigestOf, EvidenceDigest, PortableDigest } from './db/evidence-digest'
import type { DocumentsRepo } from './db/documents.repo'
import { ACT_NAMESPACE, fingerprint, signatureKey, verifySshsig } from './import/sshsig'
import { sha256Hex } from './node-crypto'
import { foldAuditorName } from '../shared/domain/identity'
import { skeleton, visible } from '../shared/domain/confusables'
import { REVIEW_ACTIONS, reviewTransition, type ReviewAction } from '../shared/domain/review-flow'
import { checkDecisionFields } from '../shared/domain/decisions'
import type { CaseStatus, LogProblem } from '../shared/domain/types'

/** The review state of a case as its review entries leave it. */
export interface ReplayedReview {
  status: CaseStatus
  submittedBy: string | null
  submittedAt: string | null
  acceptedBy: string | null
  acceptedAt: string | null
  /** the key fingerprints of the pending submission and of the acceptance */
  submittedKey: string | null
  acceptedKey: string | null
  /** the accept entry, whose signature binds the head at acceptance */
  acceptSeq: number | null
}

export const OPEN_REVIEW: ReplayedReview = {
  status: 'open',
  submittedBy: null,
  submittedAt: null,
  acceptedBy: null,
  acceptedAt: null,
  submittedKey: null,
  acceptedKey: null,
  acceptSeq: null
}

const keyOf = (signature: string | null): string | null => {
  const blob = signature ? signatureKey(signature) : null
  return blob ? fingerprint(blob) : null
}

/** One review act applied to the replayed state. */
export function applyReviewAct(
  s: ReplayedReview,
  e: { seq: number; action: string; actor: string; at: string; signature: string | null }
): ReplayedReview {
  switch (e.action) {
    case 'review.submit':
      return {
        ...OPEN_REVIEW,
        status: 'submitted',
        submittedBy: e.actor,
        submittedAt: e.at,
        submittedKey: keyOf(e.signature)
      }
    case 'review.accept':
      return {
        ...s,
        status: 'accepted',
        acceptedBy: e.actor,
        acceptedAt: e.at,
        acceptedKey: keyOf(e.signature),
        acceptSeq: e.seq
      }
    default:
      return OPEN_REVIEW
  }
}

/** The acts that change what a verdict reads: the workbench records them only while the case is open. */
const CONTENT_ACTS: ReadonlyMap<string, string> = new Map([
  ['decision', 'a decision'],
  ['import', 'an import'],
  ['document.attach', 'an evidence document'],
  ['document.remove', 'the removal of an evidence document']
])

/** A payload's fields, {} when it is not a JSON object */
function fieldsOf(payload: string): Record<string, unknown> {
  try {
    const p = JSON.parse(payload) as unknown
    return typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/** A review step's comment (its reason), '' when its payload has none */
const commentOf = (payload: string): string => text(fieldsOf(payload)['comment'])

/**
 * What the decision form would have said to a decision's entry: its kind, the comment a reject or waiver
 * needs, a waiver's owner and expiry after the day it was recorded (the rules of checkDecisionFields that
 * need no findings). Null when it would have been recorded.
 */
function decisionProblem(p: Record<string, unknown>, e: { actor: string; at: string }): string | null {
  const kind = p['decision']
  if (kind !== 'accept' && kind !== 'reject' && kind !== 'waive')
    return `the decision is ${JSON.stringify(kind)}; a decision is accept, reject or waive`
  const problems = checkDecisionFields(
    {
      caseId: '',
      criterion: text(p['criterion']),
      subject: text(p['subject']),
      decision: kind,
      comment: text(p['comment']),
      auditor: e.actor,
      waiverOwner: typeof p['waiverOwner'] === 'string' ? p['waiverOwner'] : null,
      waiverExpires: typeof p['waiverExpires'] === 'string' ? p['waiverExpires'] : null
    },
    [],
    e.at.slice(0, 10),
    'the day it was decided'
  )
  return problems.length ? problems.map((x) => x.message).join('; ') : null
}

/**
 * Where a case's log leaves the rules the workbench enforces when it records an act, entry by entry (`index`
 * into `entries`, in case order): each review step must be one the four-eyes review allows from the state the
 * steps before it leave (an accept follows a submission, by another auditor with another key; a return or
 * reopen gives its reason); decisions, imports and evidence documents are recorded only while the case is
 * open; a decision is one the decision form takes (its kind, a reject's or waiver's comment, a waiver's owner
 * and expiry); and an evidence document is removed only when no current decision cites it. The app refuses
 * such an act when it is recorded; a log that has one was written by hand: a bundle's (a colleague's own
 * acts, each signed with their key and chained), or an entry an insider added to the file. Both the log
 * check of a case and the reading of a bundle walk it, so neither takes such a log.
 */
export function caseFlowProblems(
  entries: readonly {
    seq: number
    /** the entry's place in its case's chain (null for an entry from before v80: `seq` names it) */
    caseSeq?: number | null
    action: string
    actor: string
    at: string
    payload: string
    signature: string | null
  }[]
): { index: number; reason: string }[] {
  const out: { index: number; reason: string }[] = []
  let s = OPEN_REVIEW
  // the current decision per criterion and subject: its place in the log and the documents it cites
  const current = new Map<string, { seq: number; about: string; cites: readonly unknown[] }>()
  for (const [index, e] of entries.entries()) {
    if (e.action === 'decision') {
      const p = fieldsOf(e.payload)
      const problem = decisionProblem(p, e)
      if (problem) out.push({ index, reason: problem })
      const about = [p['criterion'], p['subject']].filter((x) => typeof x === 'string' && x).join(' / ')
      const cites = Array.isArray(p['documents']) ? (p['documents'] as unknown[]) : []
      current.set(`${String(p['criterion'])}\u0000${String(p['subject'])}`, {
        seq: e.caseSeq ?? e.seq,
        about: about || '(case)',
        cites
      })
    }
    if (e.action === 'document.remove') {
      const p = fieldsOf(e.payload)
      const citing = [...current.values()].find((d) => d.cites.includes(p['sha256']))
      if (citing)
        out.push({
          index,
          reason: `${String(p['name'])} is cited by the current decision on ${citing.about} (case entry ${citing.seq}); a removal is recorded only when no current decision cites the document`
        })
    }
    const content = CONTENT_ACTS.get(e.action)
    if (content && s.status !== 'open') {
      const by = s.status === 'accepted' ? s.acceptedBy : s.submittedBy
      out.push({
        index,
        reason: `the case is ${s.status}${by ? ` (by ${by})` : ''}; ${content} is recorded only while the case is open`
      })
    }
    if (!e.action.startsWith('review.')) continue
    const action = e.action.slice('review.'.length) as ReviewAction
    if (!REVIEW_ACTIONS.includes(action)) {
      out.push({ index, reason: `"${e.action}" is not a step of the review` })
      s = OPEN_REVIEW
      continue
    }
    const comment = commentOf(e.payload)
    const next = reviewTransition(s, action, e.actor, comment)
    const after = applyReviewAct(s, e)
    if ('refused' in next) out.push({ index, reason: next.refused })
    else if (action === 'accept' && s.submittedKey && s.submittedKey === after.acceptedKey)
      out.push({
        index,
        reason: `${e.actor} accepted with the key that submitted the case (four eyes need two keys)`
      })
    s = after
  }
  return out
}

const show = (v: unknown): string => (v === null || v === undefined ? 'empty' : JSON.stringify(v))
/** a decision's cited documents as one comparable value: their hashes, each once, in order ('none' for none) */
const cites = (hashes: readonly string[]): string => [...new Set(hashes)].sort().join(', ') || 'none'

/**
 * What the log check reads: the log, the roster, and the case's tables, each through its repository, and the
 * current digests of imported files' rows (kept while the file does not change).
 */
export interface LogTruthDeps {
  readonly audit: AuditRepo
  readonly auditors: AuditorsRepo
  readonly cases: CasesRepo
  readonly decisions: DecisionsRepo
  readonly evidence: EvidenceRepo
  readonly documents: DocumentsRepo
  readonly digestOf: DigestOf
}

/** How far the log check goes. */
export interface CheckDepth {
  /**
   * Hash each evidence document's stored bytes against the SHA-256 its attachment recorded. Reads every
   * document of the case (megabytes each): the checks a verdict or a hand-over rests on do (before signing,
   * before a bundle is written or taken, `audit-log verify`); opening a case does not.
   */
  readonly documentBytes?: boolean
}

export function createLogTruth(d: LogTruthDeps) {
  const { audit, digestOf } = d

  /** The roster as the log registered it: fingerprint → name and key blob. */
  function replayRoster(problems: LogProblem[]): Map<string, { name: string; blob: Buffer; seq: number }> {
    const byKey = new Map<string, { name: string; blob: Buffer; seq: number }>()
    const byName = new Map<string, string>()
    // each name's look-alike skeleton (confusables.ts): registration refuses a name that looks like one
    // registered before it, since a verdict shows auditors by name
    const bySkeleton = new Map<string, { name: string; seq: number }>()
    for (const e of audit.registrations()) {
      const p = JSON.parse(e.payload) as { name: string; publicKey: string; fingerprint: string }
      const blob = Buffer.from(p.publicKey.split(' ')[1] ?? '', 'base64')
      const earlier = bySkeleton.get(skeleton(p.name))
      if (earlier && foldAuditorName(earlier.name) !== foldAuditorName(p.name))
        problems.push({
          entry: e.seq,
          row: null,
          message: `entry ${e.seq} registers "${p.name}" (${visible(p.name)}), which looks like "${earlier.name}", registered by entry ${earlier.seq}`
        })
      else bySkeleton.set(skeleton(p.name), { name: p.name, seq: e.seq })
      if (
        fingerprint(blob) !== p.fingerprint ||
        byKey.has(p.fingerprint) ||
        byName.has(foldAuditorName(p.name))
      ) {
        problems.push({
          entry: e.seq,
          row: null,
          message: `entry ${e.seq} registers "${p.name}" a second time or with a key that is not its fingerprint`
        })
        continue
      }
      byKey.set(p.fingerprint, { name: p.name, blob, seq: e.seq })
      byName.set(foldAuditorName(p.name), p.fingerprint)
    }
    const seen = new Set<string>()
    for (const r of d.auditors.list()) {
      const logged = byKey.get(r.fingerprint)
      seen.add(r.fingerprint)
      if (!logged)
        problems.push({
          entry: null,
          row: `auditors/${r.name}`,
          message: `the roster holds "${r.name}" (${r.fingerprint}), but the log never registered that key`
        })
      else if (logged.name !== r.name)
        problems.push({
          entry: logged.seq,
          row: `auditors/${r.name}`,
          message: `the roster names key ${r.fingerprint} "${r.name}", but entry ${logged.seq} registered it as "${logged.name}"`
        })
    }
    for (const [fp, l] of byKey)
      if (!seen.has(fp))
        problems.push({
          entry: l.seq,
          row: null,
          message: `entry ${l.seq} registered "${l.name}" (${fp}), but the roster no longer holds that key`
        })
    return byKey
  }

  /** Every difference between the case's tables and its log, and every signed act that does not hold. */
  function checkCase(
    caseId: string,
    chain: ReturnType<AuditRepo['check']> = audit.check(),
    depth: CheckDepth = {}
  ): LogProblem[] {
    const problems: LogProblem[] = []
    if (chain.broken)
      problems.push({
        entry: chain.broken.seq,
        row: null,
        message: `the audit chain is broken at entry ${chain.broken.seq}: ${chain.broken.reason}`
      })
    const roster = replayRoster(problems)
    const entries = audit.rowsOfCase(caseId)

    // signed acts: each is signed by its actor's registered key, over its place in the chain
    for (const e of entries) {
      if (!SIGNED_ACTIONS.has(e.action)) continue
      if (!e.signature) {
        problems.push({
          entry: e.seq,
          row: null,
          message: `entry ${e.seq} (${e.action} by ${e.actor}) is not signed by its actor`
        })
        continue
      }
      const v = verifySshsig(e.signature, entryMessage(e), ACT_NAMESPACE)
      const signer = 'invalid' in v ? null : roster.get(fingerprint(v.publicKey))
      if ('invalid' in v)
        problems.push({
          entry: e.seq,
          row: null,
          // the verifier speaks of reports, its first use
          message: `entry ${e.seq} (${e.action} by ${e.actor}): the signature does not hold: ${v.invalid.replace(/the report/g, 'the entry')}`
        })
      else if (!signer)
        problems.push({
          entry: e.seq,
          row: null,
          message: `entry ${e.seq} (${e.action} by ${e.actor}): signed by ${fingerprint(v.publicKey)} that the log never registered`
        })
      else if (signer.name !== e.actor)
        problems.push({
          entry: e.seq,
          row: null,
          message: `entry ${e.seq} (${e.action}) names ${e.actor} but is signed by ${signer.name}'s key`
        })
      else if (rowHash(e.prev_hash, e) !== e.hash)
        problems.push({
          entry: e.seq,
          row: null,
          message: `entry ${e.seq}: its hash does not cover its signature`
        })
    }

    // the case row: its scheme as created, its review state as the review acts leave it
    const c = d.cases.storedReview(caseId)
    const created = entries.find((e) => e.action === 'case.create')
    if (c && !created)
      problems.push({
        entry: null,
        row: `cases/${caseId}`,
        message: `case ${caseId} has no case.create entry in the log`
      })
    if (c && created) {
      const p = JSON.parse(created.payload) as {
        schemeId: string
        schemeVersion: string
        title?: unknown
        round?: unknown
        previousCaseId?: unknown
      }
      const row = `cases/${caseId}`
      if (p.schemeId !== c.schemeId || p.schemeVersion !== c.schemeVersion)
        problems.push({
          entry: created.seq,
          row,
          message: `case ${caseId} is for ${c.schemeId} ${c.schemeVersion}, but entry ${created.seq} created it for ${p.schemeId} ${p.schemeVersion}`
        })
      // the round it renews: rounds of one case are never duplicate claims of each other, and round carry
      // reads the earlier round's decisions; a case made a round of another behind the log hid its
      // duplicate-claim finding
      const round = typeof p.round === 'number' ? p.round : 1
      const previous = typeof p.previousCaseId === 'string' ? p.previousCaseId : null
      const after = (id: string | null): string => (id === null ? 'no case' : `case ${JSON.stringify(id)}`)
      if (c.round !== round || c.previousCaseId !== previous)
        problems.push({
          entry: created.seq,
          row,
          message: `case ${caseId} is round ${c.round} after ${after(c.previousCaseId)}, but entry ${created.seq} created it as round ${round} after ${after(previous)}`
        })
      if (typeof p.title === 'string' && p.title !== c.title)
        problems.push({
          entry: created.seq,
          row,
          message: `case ${caseId} is titled ${JSON.stringify(c.title)}, but entry ${created.seq} created it titled ${JSON.stringify(p.title)}`
        })
    }
    // the acts as the workbench records them (caseFlowProblems): a log written by hand (a bundle's, an
    // insider's) that accepts without a submission, decides on an accepted case, waives for ever or removes
    // a cited document is named
    for (const x of caseFlowProblems(entries.map((e) => ({ ...e, caseSeq: e.case_seq })))) {
      const e = entries[x.index]!
      problems.push({
        entry: e.seq,
        row: null,
        message: `entry ${e.seq} (${e.action} by ${e.actor}): ${x.reason}`
      })
    }
    let review = OPEN_REVIEW
    let lastReview: number | null = null
    for (const e of entries) {
      if (!e.action.startsWith('review.')) continue
      review = applyReviewAct(review, e)
      lastReview = e.seq
    }
    if (c) {
      const { status, submittedBy, submittedAt, acceptedBy, acceptedAt } = c
      const table = { status, submittedBy, submittedAt, acceptedBy, acceptedAt }
      for (const [k, v] of Object.entries(table)) {
        const logged = review[k as keyof typeof table]
        if (v !== logged)
          problems.push({
            entry: lastReview,
            row: `cases/${caseId}`,
            message: `case ${caseId}: ${k} is ${show(v)} in the table, but the log says ${show(logged)}${lastReview ? ` (entry ${lastReview})` : ' (no review entry)'}`
          })
      }
    }

    // decisions and waivers: each row is an entry, each entry a row, field by field. A decision is named by
    // the case_seq of its entry (the same in every workspace the case travels to; row ids are local)
    const expected = new Map<number, { seq: number; id: unknown; row: Record<string, unknown> }>()
    const currentOf = new Map<string, number>()
    for (const e of entries) {
      if (e.action !== 'decision') continue
      const p = JSON.parse(e.payload) as Record<string, unknown> & { id: number }
      const name = e.case_seq ?? -e.seq
      const key = `${String(p['criterion'])}\u0000${String(p['subject'])}`
      const before = currentOf.get(key)
      if (before !== undefined) expected.get(before)!.row['superseded_by'] = name
      currentOf.set(key, name)
      expected.set(name, {
        seq: e.seq,
        id: p.id,
        row: {
          criterion_id: p['criterion'],
          subject_key: p['subject'],
          decision: p['decision'],
          comment: p['comment'],
          auditor: e.actor,
          waiver_owner: p['waiverOwner'] ?? null,
          waiver_expires: p['waiverExpires'] ?? null,
          decided_at: e.at,
          superseded_by: null,
          // the evidence documents it cites, which the signed verdict lists under its criterion
          documents: cites(Array.isArray(p['documents']) ? (p['documents'] as string[]) : []),
          // the findings it decides (none named before v110: it decides all of its criterion and subject)
          findings: p['findings'] === undefined ? null : JSON.stringify(p['findings'])
        }
      })
    }
    const rows = d.decisions.storedRows(caseId)
    const nameOfRow = new Map(rows.map((r) => [r.id, r.case_seq]))
    const citations = d.documents.citations(caseId)
    for (const r of rows) {
      const x = r.case_seq === null ? undefined : expected.get(r.case_seq)
      if (!x) {
        problems.push({
          entry: null,
          row: `decisions#${r.id}`,
          message: `decision #${r.id} (${String(r['decision'])} ${String(r['criterion_id'])}) has no entry in the log`
        })
        continue
      }
      expected.delete(r.case_seq!)
      const actual: Record<string, unknown> = {
        ...r,
        superseded_by:
          r['superseded_by'] === null ? null : (nameOfRow.get(r['superseded_by'] as number) ?? -1),
        documents: cites(citations.get(r.id) ?? [])
      }
      for (const [k, v] of Object.entries(x.row))
        if (actual[k] !== v)
          problems.push({
            entry: x.seq,
            row: `decisions#${r.id}`,
            message: `decision #${r.id}: ${k} is ${show(k === 'superseded_by' ? r[k] : actual[k])} in the table, but entry ${x.seq} says ${k === 'superseded_by' ? `the decision of case entry ${show(v)}` : show(v)}`
          })
    }
    for (const [, x] of expected)
      problems.push({
        entry: x.seq,
        row: `decisions#${String(x.id)}`,
        message: `entry ${x.seq} records decision #${String(x.id)}, which the table no longer holds`
      })

    // evidence documents: each document of the case is an attachment the log holds and has not removed since,
    // and each such attachment a document of the case, under its name (a document planted behind the log
    // resolved a claim's `attachment:NAME` and its finding went away)
    const attached = new Map<string, { seq: number; name: string; mediaType?: unknown; size?: unknown }>()
    for (const e of entries) {
      if (e.action !== 'document.attach' && e.action !== 'document.remove') continue
      const p = JSON.parse(e.payload) as { sha256: string; name: string; mediaType?: unknown; size?: unknown }
      if (e.action === 'document.attach')
        attached.set(p.sha256, { seq: e.seq, name: p.name, mediaType: p.mediaType, size: p.size })
      else attached.delete(p.sha256)
    }
    for (const doc of d.documents.list(caseId)) {
      const x = attached.get(doc.sha256)
      const row = `case_documents/${doc.sha256.slice(0, 12)}… (${doc.name})`
      attached.delete(doc.sha256)
      if (!x)
        problems.push({
          entry: null,
          row,
          message: `the evidence document ${doc.name} is in the case, but the log has no attachment of it`
        })
      else if (x.name !== doc.name)
        problems.push({
          entry: x.seq,
          row,
          message: `the evidence document ${doc.name} is named ${show(x.name)} by entry ${x.seq}, which attached it`
        })
      // its type and size as attached (the signed verdict's Annex C states them; the type chooses the preview)
      else if (
        (x.mediaType !== undefined && x.mediaType !== doc.mediaType) ||
        (x.size !== undefined && x.size !== doc.size)
      )
        problems.push({
          entry: x.seq,
          row,
          message: `the evidence document ${doc.name} is ${doc.mediaType} of ${doc.size} bytes, but entry ${x.seq} attached ${String(x.mediaType)} of ${String(x.size)} bytes`
        })
      // its bytes as attached: an insider who swaps them for others of the same length keeps the hash, type
      // and size columns and the entry, and the verdict would cite bytes nobody reviewed
      else if (depth.documentBytes) {
        const bytes = d.documents.bytes(doc.sha256)
        const now = bytes ? sha256Hex(bytes) : null
        if (now !== doc.sha256)
          problems.push({
            entry: x.seq,
            row,
            message: `the stored bytes of the evidence document ${doc.name} of case ${caseId} are not the ones entry ${x.seq} attached: their SHA-256 is ${now ?? '(no bytes stored)'}, not ${doc.sha256}`
          })
      }
    }
    for (const [sha, x] of attached)
      problems.push({
        entry: x.seq,
        row: null,
        message: `entry ${x.seq} attached the evidence document ${x.name} (sha-256 ${sha.slice(0, 12)}…), which the case no longer holds`
      })

    // imported evidence: each file's rows against the digest its import entry recorded
    const imports = new Map<string, { seq: number; evidence: EvidenceDigest | PortableDigest | undefined }>()
    for (const e of entries)
      if (e.action === 'import') {
        const p = JSON.parse(e.payload) as { sha256: string; evidence?: EvidenceDigest | PortableDigest }
        imports.set(p.sha256, { seq: e.seq, evidence: p.evidence })
      }
    for (const f of d.evidence.fileHashes(caseId)) {
      const x = imports.get(f.sha256)
      const row = `imported_files#${f.id} (${f.fileName})`
      if (!x) {
        problems.push({
          entry: null,
          row,
          message: `${f.fileName} is in the case, but the log has no import of it`
        })
        continue
      }
      imports.delete(f.sha256)
      if (!x.evidence) {
        problems.push({
          entry: x.seq,
          row,
          message: `entry ${x.seq} imported ${f.fileName} before evidence digests were recorded; its rows cannot be checked (import it into a new case)`
        })
        continue
      }
      const now = digestOf(f.id, 'v' in x.evidence && x.evidence.v === 2)
      const changedRows = [...new Set([...Object.keys(now.rows), ...Object.keys(x.evidence.rows)])].filter(
        (k) => now.rows[k] !== x.evidence!.rows[k]
      )
      // a portable digest names rows by their place in the file; the message names the local row
      const local = (k: string): string => ('names' in now ? (now.names[k] ?? k) : k)
      for (const k of changedRows)
        problems.push({
          entry: x.seq,
          row: local(k),
          message: `${local(k)} of ${f.fileName} ${now.rows[k] ? (x.evidence.rows[k] ? 'was changed' : 'was added') : 'was deleted'} after entry ${x.seq} imported it`
        })
      for (const [t, h] of Object.entries(now.tables))
        if (h !== x.evidence.tables[t] && !changedRows.some((k) => k.startsWith(`${t}#`)))
          problems.push({
            entry: x.seq,
            row: t,
            message: `rows of ${t} from ${f.fileName} were changed, added or deleted after entry ${x.seq} imported it`
          })
    }
    for (const [sha, x] of imports)
      problems.push({
        entry: x.seq,
        row: null,
        message: `entry ${x.seq} imported a file (sha-256 ${sha.slice(0, 12)}…) that the case no longer holds`
      })
    return problems
  }

  return { checkCase }
}
export type LogTruth = ReturnType<typeof createLogTruth>
