/**
 * Opens a case bundle into the workspace (issue 15 §2). Every check of `bundle verify` first (readBundle);
 * then the bundle's auditors must be this workspace's auditors (same name, same key): a bundle signed or acted
 * on by a key the local roster does not hold is refused. Then, by the case's chain:
 * - a case the workspace lacks is created by replaying its log: input files imported again from their bytes
 *   through the import writer (the rows, and so the import entries' digests, must come out identical),
 *   decisions, review steps and documents applied, every entry appended as it is (case chain and signatures);
 * - a case the workspace has: fast-forward only, when the bundle continues from the local case head;
 * - a bundle behind the local head (an old bundle replayed) or equal to it changes nothing;
 * - diverged (both sides appended since their common head): refused, with the conflict per criterion.
 * All of it is one transaction, ended by the log-truth check of the case: a bundle that fails anywhere leaves
 * nothing stored. No electron import.
 */
import { DomainError } from '../errors'
import { isoNow } from '../clock'
import { InputError } from '../../shared/format/input-error'
import { SIGNED_ACTIONS, type PortableEntry } from '../db/audit.repo'
import { applyReviewAct, OPEN_REVIEW } from '../log-truth'
import type { ReadyFile } from '../import/service'
import type { DocumentMediaType } from '../../shared/domain/documents'
import type { DecisionKind } from '../../shared/domain/decisions'
import type { BundleConflict, BundleImportResult, ConflictEntry } from '../../shared/ipc/contract'
import type { BundleDeps, BundleHost } from './deps'
import { readBundle, LOG, ROSTER, type BundleEntry, type CaseBundle } from './case-bundle'
import { bundleSummary } from './export'
import { sha256Hex } from '../node-crypto'
import { documentName } from '../documents/service'
import { sniffDocument } from '../documents/sniff'
import { CLOCK_SKEW_MINUTES } from '../import/service'

/** an entry's time as the workbench writes it (Date.prototype.toISOString) */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** What the conflict view says an entry did. */
function describe(e: { action: string; payload: string }): { about: string; what: string } {
  const p = JSON.parse(e.payload) as Record<string, unknown>
  const s = (k: string): string => (typeof p[k] === 'string' ? (p[k] as string) : '')
  switch (e.action) {
    case 'decision':
      return {
        about: [s('criterion'), s('subject')].filter(Boolean).join(' / ') || '(case)',
        what: `${s('decision')}${s('comment') ? `: ${s('comment')}` : ''}`
      }
    case 'import':
      return { about: '(case)', what: `imported ${s('file')}` }
    case 'document.attach':
    case 'document.remove':
      return { about: '(case)', what: `${e.action.slice(9)} ${s('name')}` }
    default:
      return {
        about: '(case)',
        what: `${e.action}${s('comment') || s('reason') ? `: ${s('comment') || s('reason')}` : ''}`
      }
  }
}

export function conflictOf(
  common: number,
  commonHash: string,
  local: readonly PortableEntry[],
  bundle: readonly PortableEntry[]
): BundleConflict {
  const rows = new Map<string, { local: ConflictEntry[]; bundle: ConflictEntry[] }>()
  const add = (side: 'local' | 'bundle', e: PortableEntry): void => {
    const d = describe(e)
    const row = rows.get(d.about) ?? { local: [], bundle: [] }
    row[side].push({ caseSeq: e.caseSeq, at: e.at, actor: e.actor, action: e.action, what: d.what })
    rows.set(d.about, row)
  }
  for (const e of local.slice(common)) add('local', e)
  for (const e of bundle.slice(common)) add('bundle', e)
  return {
    commonHead: { seq: common, hash: commonHash },
    rows: [...rows].map(([about, r]) => ({ about, ...r }))
  }
}

/** The bundle's auditors must be this workspace's: the same key under the same name. */
function checkRoster(ws: BundleDeps, file: string, b: CaseBundle): void {
  const local = ws.identities.list()
  for (const [i, a] of b.roster.entries()) {
    const mine = local.find((x) => x.fingerprint === a.fingerprint)
    if (!mine)
      throw new InputError(
        file,
        `${ROSTER} [${i}] "${a.name}"`,
        `the key ${a.fingerprint} is not in this workspace's roster; a bundle is opened only when every auditor who acted on it is a registered colleague (identity add --name "${a.name}" --pubkey FILE.pub, with the key they gave you)`
      )
    if (mine.name !== a.name)
      throw new InputError(
        file,
        `${ROSTER} [${i}] "${a.name}"`,
        `the key ${a.fingerprint} is registered here as "${mine.name}", not "${a.name}"`
      )
  }
}

const entries = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`

const place = (e: BundleEntry, i: number): string =>
  `${LOG} line ${i} (case entry ${e.caseSeq}, ${e.action} by ${e.actor})`

export async function importCaseBundle(
  host: BundleHost,
  file: string,
  bytes: Uint8Array
): Promise<BundleImportResult> {
  const ws = host.bundleDeps
  const b = await readBundle(file, bytes)
  checkRoster(ws, file, b)
  const caseId = b.manifest.case.id
  const summary = bundleSummary(b)
  const existing = ws.cases.find(caseId)
  const local = existing ? ws.audit.portableOfCase(caseId) : []
  let common = 0
  while (
    common < local.length &&
    common < b.entries.length &&
    local[common]!.caseHash === b.entries[common]!.caseHash
  )
    common += 1
  const localHead = { seq: local.at(-1)?.caseSeq ?? 0, hash: local.at(-1)?.caseHash ?? '' }
  const result = (
    outcome: BundleImportResult['outcome'],
    message: string,
    applied = 0,
    conflict: BundleConflict | null = null
  ): BundleImportResult => ({ outcome, caseId, summary, applied, localHead, conflict, message })
  if (existing) {
    if (common === b.entries.length && common === local.length)
      return result(
        'up-to-date',
        `Case ${caseId} is already at the bundle's head (case entry ${common}); nothing changed.`
      )
    if (common === b.entries.length)
      return result(
        'behind',
        `Refused: the bundle ends at case entry ${common}, behind this workspace's head (case entry ${localHead.seq}, ${local.at(-1)!.action} by ${local.at(-1)!.actor}); it is an older bundle of case ${caseId}. Nothing changed.`
      )
    if (common < local.length) {
      const conflict = conflictOf(common, b.entries[common - 1]?.caseHash ?? '', local, b.entries)
      return result(
        'diverged',
        `Refused: case ${caseId} diverged after case entry ${common} (${common ? `${b.entries[common - 1]!.action} by ${b.entries[common - 1]!.actor}` : 'none'}): this workspace has ${entries(local.length - common)} since then, the bundle ${entries(b.entries.length - common)}. Nothing was merged; keep one side's acts and record your own again on top.`,
        0,
        conflict
      )
    }
  }
  const fresh = b.entries.slice(common)
  for (const [i, e] of fresh.entries())
    if (e.format === 1 && SIGNED_ACTIONS.has(e.action))
      throw new InputError(
        file,
        place(e, common + i + 1),
        `the act was signed before per-case chains (format 1, over the exporter's own log): it cannot be placed in this workspace's log with its signature intact`
      )

  // an act is dated by its workspace's clock when it is recorded: one dated after this workspace's now (beyond
  // the clock skew an import allows) came from a clock set ahead, which would carry in what an import here
  // refuses, a report checked in the future, and a decision dated after the verdict signed on it
  const now = isoNow(ws.clock)
  for (const [i, e] of fresh.entries()) {
    const where = place(e, common + i + 1)
    if (typeof e.at !== 'string' || !ISO_INSTANT.test(e.at) || Number.isNaN(Date.parse(e.at)))
      throw new InputError(
        file,
        where,
        `the entry's time ${JSON.stringify(e.at)} is not a UTC time (YYYY-MM-DDTHH:MM:SS.sssZ)`
      )
    if (Date.parse(e.at) > Date.parse(now) + CLOCK_SKEW_MINUTES * 60_000)
      throw new InputError(
        file,
        where,
        `the entry is dated ${e.at}, later than this workspace's clock (${now}) plus ${CLOCK_SKEW_MINUTES} minutes of clock skew; acts from the future are refused`
      )
  }

  // the input files are read before the transaction (parsing is asynchronous; the writes are not), and made
  // ready to write there (hashed, their bytes deflated), so that the write lock is not held for that
  const read = new Map<string, ReadyFile>()
  for (const [i, e] of fresh.entries()) {
    if (e.action !== 'import') continue
    const p = JSON.parse(e.payload) as { sha256?: unknown; file?: unknown }
    const where = place(e, common + i + 1)
    // the entry's own words are the replay's input: a name or hash that is not text is refused here, not
    // turned into text (the replay must give the sender's payload byte for byte)
    if (typeof p.file !== 'string' || typeof p.sha256 !== 'string')
      throw new InputError(file, where, 'the import entry must name its file and its SHA-256 as text')
    // an import never stores the same bytes twice in a case (it says "already imported" instead): a bundle
    // that does is refused by place, not left to the database's unique index
    if (read.has(p.sha256) || ws.evidence.findFile(caseId, p.sha256))
      throw new InputError(
        file,
        where,
        `the input file ${p.file} (${p.sha256}) is imported twice${read.has(p.sha256) ? '' : ': this workspace holds it in the case already'}`
      )
    const f = b.files.find((x) => x.sha256 === p.sha256)
    if (!f) throw new InputError(file, where, `the bundle lacks the input file ${p.file} (${p.sha256})`)
    try {
      read.set(
        p.sha256,
        await ws.readForReplay({
          name: p.file,
          bytes: f.bytes,
          ...(f.signature ? { signature: f.signature } : {})
        })
      )
    } catch (error) {
      if (error instanceof InputError) throw new InputError(file, `${where}: ${error.place}`, error.reason)
      throw error
    }
  }

  // the evidence documents are judged as an attach judges them (sniff.ts), before the transaction: the entry's
  // name as an attach names a file, its media type the one the bytes give. A bundle written by hand could
  // otherwise store what no attach takes (an executable named az.docx, HTML as text, a name with a path)
  for (const [i, e] of fresh.entries()) {
    if (e.action !== 'document.attach') continue
    const p = JSON.parse(e.payload) as { sha256?: unknown; name?: unknown; mediaType?: unknown }
    const doc = b.documents.find((x) => x.sha256 === p.sha256)
    if (!doc) continue
    const where = place(e, common + i + 1)
    const name = String(p.name)
    if (documentName(name) !== name)
      throw new InputError(
        file,
        where,
        `the evidence document is named ${JSON.stringify(name)}, which an attach names ${JSON.stringify(documentName(name))}`
      )
    let sniffed: string
    try {
      sniffed = await sniffDocument(name, doc.bytes)
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(file, `${where}: ${error.file}: ${error.place}`, error.reason)
      throw error
    }
    if (sniffed !== p.mediaType)
      throw new InputError(
        file,
        where,
        `the evidence document ${name} is ${sniffed} by its bytes, not ${String(p.mediaType)} as the entry says`
      )
  }

  const { decisions, documentRows: documents, replayImport, logTruth } = ws
  const applied = ws.writeTransaction(() => {
    const removedLater = new Set(
      fresh
        .filter((e) => e.action === 'document.remove')
        .map((e) => (JSON.parse(e.payload) as { sha256: string }).sha256)
    )
    const skipped = new Set<string>()
    for (const [i, e] of fresh.entries()) {
      const where = place(e, common + i + 1)
      const refuse = (reason: string): never => {
        throw new InputError(file, where, reason)
      }
      const p = JSON.parse(e.payload) as Record<string, unknown>
      switch (e.action) {
        case 'case.create': {
          const schemeId = String(p['schemeId'])
          const version = String(p['schemeVersion'])
          if (schemeId !== b.manifest.scheme.id || version !== b.manifest.scheme.version)
            refuse(
              `the case is created for ${schemeId} ${version}, but the manifest says ${b.manifest.scheme.id} ${b.manifest.scheme.version}`
            )
          const scheme = ws.schemes.find(schemeId)
          if (!scheme || !scheme.versions.includes(version))
            refuse(`this workspace does not have scheme ${schemeId} ${version}; add it first (scheme import)`)
          const previous = typeof p['previousCaseId'] === 'string' ? p['previousCaseId'] : null
          const before = previous ? ws.cases.find(previous) : null
          if (previous && !before)
            refuse(
              `the case is a round after case ${previous}, which this workspace does not have; open that case's bundle first`
            )
          // a round as case create makes one: the same scheme as the round it renews, numbered after it
          const round = typeof p['round'] === 'number' ? p['round'] : 1
          if (before && before.schemeId !== schemeId)
            refuse(
              `the case is a round after case ${before.id}, which is for ${before.schemeId}; the next round must be for the same scheme, not ${schemeId}`
            )
          if (round !== (before ? before.round + 1 : 1))
            refuse(
              before
                ? `the case is created as round ${round} after case ${before.id}, which is round ${before.round} here; the next round is ${before.round + 1}`
                : `the case is created as round ${round} after no case; a first round is round 1`
            )
          ws.cases.insert(
            {
              id: caseId,
              title: String(p['title']),
              schemeId,
              schemeVersion: version,
              round,
              previousCaseId: previous
            },
            e.at
          )
          break
        }
        case 'import': {
          const replayed = JSON.stringify(replayImport(caseId, read.get(String(p['sha256']))!, e.at))
          if (replayed !== e.payload) {
            const mine = JSON.parse(replayed) as Record<string, unknown>
            const differs = Object.keys({ ...mine, ...p }).filter(
              (k) => JSON.stringify(mine[k]) !== JSON.stringify(p[k])
            )
            refuse(
              `${String(p['file'])} imported here does not give the rows it gave the sender (${differs.join(', ')} differ${differs.includes('signature') ? '; the signer trust lists (allowed_signers) of both workspaces differ' : ''})`
            )
          }
          break
        }
        case 'decision': {
          // the findings it decides, as its signed entry names them (an entry from before v110 names none)
          const seen = p['findings']
          if (seen !== undefined && !(Array.isArray(seen) && seen.every((x) => typeof x === 'string')))
            refuse('the decision names its findings otherwise than as a list of finding ids')
          const d = decisions.insert(
            {
              caseId,
              criterion: String(p['criterion']),
              subject: String(p['subject'] ?? ''),
              decision: p['decision'] as DecisionKind,
              comment: String(p['comment'] ?? ''),
              auditor: e.actor,
              waiverOwner: (p['waiverOwner'] as string | null | undefined) ?? null,
              waiverExpires: (p['waiverExpires'] as string | null | undefined) ?? null
            },
            e.at,
            e.caseSeq,
            seen === undefined ? null : (seen as string[])
          )
          const cited = Array.isArray(p['documents']) ? (p['documents'] as string[]) : []
          for (const h of cited)
            if (!documents.find(caseId, h))
              refuse(`the decision cites the document ${h}, which the case does not have`)
          documents.cite(d.id, cited)
          break
        }
        case 'document.attach': {
          const sha = String(p['sha256'])
          const doc = b.documents.find((x) => x.sha256 === sha)
          if (!doc) {
            if (removedLater.has(sha)) {
              skipped.add(sha)
              break
            }
            refuse(`the bundle lacks the evidence document ${String(p['name'])} (${sha})`)
          }
          if (sha256Hex(doc!.bytes) !== sha || doc!.mediaType !== p['mediaType'])
            refuse(`the evidence document ${String(p['name'])} is not the one attached`)
          documents.insert(
            caseId,
            {
              sha256: sha,
              name: String(p['name']),
              mediaType: doc!.mediaType as DocumentMediaType,
              bytes: doc!.bytes
            },
            e.at,
            e.actor
          )
          break
        }
        case 'document.remove': {
          const sha = String(p['sha256'])
          if (skipped.has(sha)) skipped.delete(sha)
          else documents.remove(caseId, sha)
          break
        }
        case 'review.submit':
        case 'review.accept':
        case 'review.return':
        case 'review.reopen':
        case 'verdict.export':
        case 'case.hand-over':
        case 'case.take-back':
          break
        default:
          refuse(`unknown action "${e.action}"; this workbench cannot replay it`)
      }
      try {
        ws.audit.appendPortable(e)
      } catch (error) {
        refuse((error as Error).message)
      }
      if (e.action.startsWith('review.')) {
        const r = ws.audit
          .listForCase(caseId)
          .filter((x) => x.action.startsWith('review.'))
          .reduce(applyReviewAct, OPEN_REVIEW)
        const { status, submittedBy, submittedAt, acceptedBy, acceptedAt } = r
        ws.cases.setReview(caseId, { status, submittedBy, submittedAt, acceptedBy, acceptedAt }, e.at)
      } else ws.cases.touch(caseId, e.at)
    }
    // the replayed case must hold as the log says, as it held for the sender
    const problems = logTruth.checkCase(caseId, undefined, { documentBytes: true })
    if (problems.length > 0)
      throw new InputError(
        file,
        `case ${caseId}`,
        `replayed, the case's tables and log differ: ${problems[0]!.message}${problems.length > 1 ? `, and ${problems.length - 1} more` : ''}`
      )
    const head = b.entries.at(-1)!
    ws.audit.append(
      ws.actor,
      'bundle.import',
      null,
      {
        case: caseId,
        head: { caseSeq: head.caseSeq, caseHash: head.caseHash },
        exporter: b.manifest.exporter.name,
        exporterKey: b.manifest.exporter.fingerprint,
        exportedAt: b.manifest.exportedAt,
        outcome: existing ? 'fast-forward' : 'created',
        applied: fresh.length,
        bundle: sha256Hex(bytes)
      },
      isoNow(ws.clock)
    )
    return fresh.length
  })
  const head = b.entries.at(-1)!
  return {
    ...result(
      existing ? 'fast-forward' : 'created',
      existing
        ? `Case ${caseId} fast-forwarded by ${entries(applied)} to case entry ${head.caseSeq} (${head.action} by ${head.actor}), from ${b.manifest.exporter.name}'s bundle of ${b.manifest.exportedAt}.`
        : `Case ${caseId} created from ${b.manifest.exporter.name}'s bundle of ${b.manifest.exportedAt}: ${entries(applied)} replayed, up to case entry ${head.caseSeq} (${head.action} by ${head.actor}).`,
      applied
    ),
    localHead: { seq: head.caseSeq, hash: head.caseHash }
  }
}

/**
 * Takes a handed-over case back without its bundle: a signed `case.take-back` entry with the reason. The other
 * side sees it as a divergence when its bundle comes back.
 */
export function takeBackCase(
  host: BundleHost,
  caseId: string,
  actor: { name: string; sign: (m: Buffer) => string },
  reason: string
): void {
  const ws = host.bundleDeps
  ws.cases.get(caseId)
  if (!reason.trim()) throw new DomainError('USAGE', 'Taking a case back needs a reason.')
  ws.writeTransaction(() => {
    if (!ws.holder(caseId).handedOver)
      throw new DomainError('CONFLICT', `Case ${caseId} is not handed over; there is nothing to take back.`)
    ws.audit.append(
      actor.name,
      'case.take-back',
      caseId,
      { reason: reason.trim() },
      isoNow(ws.clock),
      actor.sign
    )
  })
}
