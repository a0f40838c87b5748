/**
 * The verdict PDF: the case's verdict rendered (EN or DE), the verdict JSON and OSCAL embedded, then signed
 * (PAdES-B-B) with the body's or auditor's PKCS#12 key, or watermarked as a pre-audit report. And the check
 * of such a file: signature, embedded verdict against the hash in the document, audit head against the chain.
 * No electron import: the app, the bridge and the CLI share it.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { isExportOf, type SignLedger } from './ledger'
import type { Verdict, VerdictAudit, VerdictCheck } from '../../shared/domain/verdict-types'
import type { AuditEntry } from '../../shared/domain/types'
import { DomainError } from '../errors'
import { isoToday } from '../clock'
import { buildVerdictPdf } from './document'
import { openSigningKey, signPdf } from './pades'
import { derOf, fingerprintOf } from './cms'
import { findSignatures } from './pdf-verify'
import type { PdfCheck } from './verify'
import { checkOffThread } from './verify-client'
import { loadTrustList, trustListPath, type TrustList } from './trust'

export const DEFAULT_BODY = 'Forum SCS-Standards (OSB Alliance)'

export interface ExportOptions {
  readonly caseId: string
  readonly at?: string | undefined
  readonly lang: 'en' | 'de'
  readonly preAudit: boolean
  /** the signing key: PKCS#12 bytes and passphrase; required unless preAudit. Wiped after use. */
  readonly signer?: { readonly p12: Buffer; readonly passphrase: string } | undefined
  readonly body?: string | undefined
  readonly actor: string
  /** a timestamp authority (RFC 3161 URL): the signature gets a signature timestamp (PAdES-B-T) */
  readonly tsaUrl?: string | undefined
  /**
   * where the body's register publishes its site (`register publish`): a signed verdict's QR code and URL line
   * then point at its status page there. Default: AUDITOR_WORKBENCH_REGISTER_SITE.
   */
  readonly registerSite?: string | undefined
}

/** The status page of a verdict on the register's published site (publish.ts writes certificates/ID/index.html). */
export const statusPageUrl = (site: string, verdictId: string): string =>
  `${site.replace(/\/+$/, '')}/certificates/${encodeURIComponent(verdictId)}/`

export interface ExportResult {
  readonly pdf: Buffer
  readonly fileName: string
  readonly verdictId: string
  readonly sha256: string
  readonly signed: boolean
  readonly outcome: string
  /** signed without a timestamp authority: PAdES-B-B, awaiting `timestamp FILE --tsa URL` */
  readonly awaitsTimestamp: boolean
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/**
 * What blocks a signed verdict: an unaccepted case, stale evidence without a waiver, a decision date before
 * the decisions and the acceptance it rests on or after today (backdating; `--at` in the past is for
 * unsigned views and pre-audits). One line each.
 */
export function signingRefusals(ws: SignLedger, v: Verdict): string[] {
  const c = ws.caseOf(v.caseId)
  if (!c) throw new DomainError('NOT_FOUND', `No case "${v.caseId}".`)
  const out: string[] = []
  const today = isoToday(ws.clock)
  if (v.decisionDate > today)
    out.push(
      `the decision date ${v.decisionDate} is after today (${today}); a verdict is not signed in advance`
    )
  const acts = [
    ...ws.decisionDates(v.caseId),
    ...(v.acceptance ? [{ what: `the acceptance by ${v.acceptance.by}`, at: v.acceptance.at }] : [])
  ]
  const latest = acts.reduce<{ what: string; at: string } | null>((a, b) => (!a || b.at > a.at ? b : a), null)
  if (latest && v.decisionDate < latest.at.slice(0, 10))
    out.push(
      `the decision date ${v.decisionDate} is before ${latest.what} (${latest.at.slice(0, 10)}) that the verdict rests on; a signed verdict is dated on or after its decisions (use --at in the past only for unsigned views and pre-audits)`
    )
  if (c.status !== 'accepted')
    out.push(
      `case ${c.id} is ${c.status}: a signed verdict needs the case accepted in the four-eyes review (review submit, then review accept by a second auditor)`
    )
  for (const x of v.criteria)
    if (x.stale && x.status !== 'waived' && x.status !== 'rejected')
      out.push(
        `${x.criterion}${x.subject ? ` / ${x.subject}` : ''}: its evidence is stale at ${v.decisionDate} and not waived`
      )
  return out
}

export async function exportVerdict(ws: SignLedger, o: ExportOptions): Promise<ExportResult> {
  try {
    if (!o.preAudit) {
      // the log is the truth: a table that differs from it is never signed, so check before computing
      const problems = ws.checkCaseLog(o.caseId)
      if (problems.length)
        throw new DomainError(
          'CONFLICT',
          `The verdict of case ${o.caseId} cannot be signed: the workspace differs from its audit log:\n- ${problems
            .map(
              (p) =>
                `${[p.entry ? `entry ${p.entry}` : '', p.row ?? ''].filter(Boolean).join(', ')}: ${p.message}`
            )
            .join('\n- ')}`
        )
    }
    const verdict = ws.verdict(o.caseId, o.at)
    if (!o.preAudit) {
      if (!o.signer)
        throw new DomainError(
          'USAGE',
          'A signed verdict needs the signing key: a PKCS#12 file and its passphrase (or export a pre-audit report).'
        )
      const refusals = signingRefusals(ws, verdict)
      if (refusals.length)
        throw new DomainError(
          'CONFLICT',
          `The verdict of case ${o.caseId} cannot be signed:\n- ${refusals.join('\n- ')}`
        )
    }
    const verdictJson = Buffer.from(`${JSON.stringify(verdict, null, 2)}\n`, 'utf8')
    const hash = sha256(verdictJson)
    const verdictId = `AW-${verdict.caseId}-${verdict.decisionDate}-${hash.slice(0, 12)}`
    const decisionAuditors = ws.decisionAuditors(o.caseId)
    const auditors = [
      ...new Set(
        [verdict.review.submittedBy, verdict.review.acceptedBy, ...decisionAuditors].filter(
          (x): x is string => !!x
        )
      )
    ]
    // signing is an act in the real world: its time, and the certificate's validity, come from the system
    // clock even where AUDITOR_WORKBENCH_CLOCK fixes the workbench's "today" (the decision date above)
    const now = new Date()
    const trust = trustListFor(ws)
    const registerSite = o.registerSite ?? process.env['AUDITOR_WORKBENCH_REGISTER_SITE']
    // the key is opened (and an unfit certificate refused) before rendering: its fingerprint is on the page
    const signing = o.preAudit
      ? null
      : await openSigningKey({
          p12: o.signer!.p12,
          passphrase: o.signer!.passphrase,
          signingTime: now,
          trust
        })
    const unsigned = await buildVerdictPdf(verdict, {
      lang: o.lang,
      preAudit: o.preAudit,
      verdictJson,
      verdictId,
      body: { name: o.body ?? DEFAULT_BODY },
      auditors,
      createdAt: now,
      fontsDir: join(ws.resourcesDir, 'fonts'),
      signerFingerprint: signing ? fingerprintOf(derOf(signing.certificate)) : undefined,
      statusUrl: registerSite && !o.preAudit ? statusPageUrl(registerSite, verdictId) : undefined
    })
    const pdf = o.preAudit
      ? unsigned
      : await signPdf(
          unsigned,
          {
            p12: o.signer!.p12,
            passphrase: o.signer!.passphrase,
            signingTime: now,
            reason: `Verdict ${verdictId}`,
            trust,
            tsaUrl: o.tsaUrl,
            location: o.body ?? DEFAULT_BODY
          },
          signing!
        )
    const signed = !o.preAudit
    const check = signed ? (findSignatures(pdf).signatures.at(-1)?.check ?? null) : null
    ws.logVerdictExport(o.actor, o.caseId, {
      verdictId,
      sha256: hash,
      outcome: verdict.outcome,
      decisionDate: verdict.decisionDate,
      lang: o.lang,
      preAudit: o.preAudit,
      signed,
      signer: check?.signer?.subject ?? null,
      signerFingerprint: check?.signer?.fingerprint ?? null,
      ...(signed ? { pades: o.tsaUrl ? 'B-T' : 'B-B', awaitsTimestamp: !o.tsaUrl } : {}),
      pdfSha256: sha256(pdf),
      ...(ws.clockFixedAt ? { clockFixedAt: ws.clockFixedAt } : {})
    })
    return {
      pdf,
      fileName: `${o.preAudit ? 'pre-audit' : 'verdict'}-${verdict.caseId}-${verdict.decisionDate}-${o.lang}.pdf`,
      verdictId,
      sha256: hash,
      signed,
      outcome: verdict.outcome,
      awaitsTimestamp: signed && !o.tsaUrl
    }
  } finally {
    // the key lives only for the duration of signing
    o.signer?.p12.fill(0)
  }
}

/** The reviewer's signed acceptance is still in the log, as the verdict quotes it (by its global entry). */
function acceptanceHolds(ws: SignLedger, a: NonNullable<Verdict['acceptance']>): boolean {
  const e = ws.auditEntryAt(a.entry)
  return !!e && e.action === 'review.accept' && e.signature === a.signature && e.actor === a.by
}

export interface VerifyContext {
  /** the trust list of assessment bodies; default: the workspace's (trusted-bodies.pem beside it) */
  readonly trust?: TrustList
  /** the verification time; default: the workspace clock, else the system's */
  readonly now?: Date
  /** the built verify worker (verify-client.ts); absent: in-process */
  readonly workerFile?: string | null
}

/** The trust list a verification uses: the given one, else the workspace's file. */
export const trustListFor = (ws: SignLedger | null, ctx: VerifyContext = {}): TrustList =>
  ctx.trust ?? loadTrustList(ws ? trustListPath(ws.dbPath) : '')

/**
 * Checks a verdict PDF (signatures, trust, timestamps, embedded verdict: verify.ts) and, when its case is
 * in the workspace, its audit head against the chain.
 */
export async function verifyVerdictPdf(
  pdf: Buffer,
  file: string,
  ws: SignLedger | null,
  ctx: VerifyContext = {}
): Promise<VerdictCheck> {
  const now = ctx.now ?? (ws ? ws.clock() : new Date())
  return withAuditCheck(await checkOffThread(ctx.workerFile, pdf, file, trustListFor(ws, ctx), now), ws)
}

type AuditVerdict = VerdictCheck['audit']

/**
 * A verdict that names only the head of its workspace's whole log (before v80): that head, the quoted
 * acceptance (by its entry number) and the export entry must all be in this log. Only the issuing workspace
 * can hold them.
 */
function globalHeadCheck(ws: SignLedger, caseId: string, check: PdfCheck, entries: number): AuditVerdict {
  const v = check.auditRef
  const fail = (message: string): AuditVerdict => ({ checked: true, ok: false, message })
  if (!v || ws.auditHashAt(v.entries) !== v.head)
    return fail(
      `the audit log no longer holds the head the verdict was issued over (entry ${v?.entries ?? '?'}): its history was rewritten${ws.holder(caseId).received ? ", or the verdict was issued in the other auditor's workspace, whose log it names (the case came here as a bundle): verify it there, or against a workspace that does not hold the case" : ''}`
    )
  if (check.acceptanceRef && !acceptanceHolds(ws, check.acceptanceRef))
    return fail(
      `the log no longer holds the signed acceptance the verdict rests on (entry ${check.acceptanceRef.entry} by ${check.acceptanceRef.by}): its tail was deleted or rewritten`
    )
  if (check.signature.signed && check.verdict.id && !ws.verdictExported(caseId, check.verdict.id))
    return fail(
      `the log holds no export of verdict ${check.verdict.id}: the entries after its audit head were deleted`
    )
  return {
    checked: true,
    ok: true,
    message: `the audit head (entry ${v.entries}) is in the current chain of ${entries} entries`
  }
}

/**
 * A verdict that names its case chain's head (since v80): checked against any workspace holding the case.
 * The case chain here must hold that head, the same entry at the same place (its case hash binds the case's
 * whole history before it, the acceptance included, which is looked up by its place too). In the workspace
 * that issued the verdict (its log holds the head at the entry and hash the verdict names), the head of the
 * whole log and the export entry must be there as before. Elsewhere the export entry travels in the next
 * bundle: its absence is a note while this copy of the case ends at the verdict's head, and INVALID when
 * the copy continues past it without the export.
 */
function caseChainCheck(
  ws: SignLedger,
  caseId: string,
  check: PdfCheck,
  head: NonNullable<VerdictAudit['caseHead']>,
  entries: number
): AuditVerdict {
  const fail = (message: string): AuditVerdict => ({ checked: true, ok: false, message })
  const local = ws.auditCaseEntries(caseId)
  const at = (caseSeq: number): AuditEntry | undefined => local.find((e) => e.caseSeq === caseSeq)
  const what = (e: AuditEntry): string => `${e.action} by ${e.actor} at ${e.at}`
  const last = local.at(-1)
  const here = at(head.caseSeq)
  if (!here)
    return fail(
      `the log no longer holds the head the verdict was issued over (case entry ${head.caseSeq} of case ${caseId}): this workspace's chain of the case ends at case entry ${last?.caseSeq ?? 0}; its tail was deleted, or this copy has not received it yet (open the newer bundle of the case)`
    )
  if (here.caseHash !== head.caseHash)
    return fail(
      `the log no longer holds the head the verdict was issued over: case entry ${head.caseSeq} of case ${caseId} here (${what(here)}) has another case hash (${here.caseHash?.slice(0, 16) ?? '?'}…, the verdict names ${head.caseHash.slice(0, 16)}…); the case's history was rewritten, or this copy diverged from the issuing one`
    )
  const a = check.acceptanceRef
  if (a) {
    const e = a.caseSeq !== undefined ? at(a.caseSeq) : undefined
    if (
      !e ||
      e.action !== 'review.accept' ||
      e.caseHash !== a.caseHash ||
      e.signature !== a.signature ||
      e.actor !== a.by
    )
      return fail(
        `the case chain no longer holds the signed acceptance the verdict rests on (case entry ${a.caseSeq ?? '?'} by ${a.by}): it was deleted or rewritten`
      )
  }
  const issuing = ws.auditHashAt(head.entry) === head.hash
  if (issuing && check.auditRef && ws.auditHashAt(check.auditRef.entries) !== check.auditRef.head)
    return fail(
      `the audit log no longer holds the head the verdict was issued over (entry ${check.auditRef.entries}): its history was rewritten`
    )
  const held = `case entry ${head.caseSeq} (${what(here)}) is in this workspace's chain of case ${caseId}, and the chain of ${entries} entries is intact`
  if (!check.signature.signed || !check.verdict.id) return { checked: true, ok: true, message: held }
  const exported = local.find((e) => (e.caseSeq ?? 0) > head.caseSeq && isExportOf(e, check.verdict.id!))
  if (exported)
    return { checked: true, ok: true, message: `${held}; so is its export (case entry ${exported.caseSeq})` }
  if (issuing)
    return fail(
      `the log holds no export of verdict ${check.verdict.id}: the entries after its audit head were deleted (case entry ${head.caseSeq} of case ${caseId} is its case head)`
    )
  const next = local.find((e) => (e.caseSeq ?? 0) > head.caseSeq)
  if (next)
    return fail(
      `this workspace's chain of case ${caseId} continues past the verdict's case head (case entry ${next.caseSeq}: ${what(next)}) but holds no export of verdict ${check.verdict.id}: the export was deleted, or this copy diverged after the verdict was issued`
    )
  const note = `the export of verdict ${check.verdict.id} is not in this copy of the case: it was issued in another workspace after case entry ${head.caseSeq}, this copy's newest. A bundle of the case exported there since carries it: open it here to check the export too`
  return { checked: true, ok: true, message: held, note }
}

/** Adds the audit-head check (which needs the workspace) to the check of the file. */
export function withAuditCheck(check: PdfCheck, ws: SignLedger | null): VerdictCheck {
  let audit: AuditVerdict = {
    checked: false,
    ok: true,
    message: 'not checked: the case is not in this workspace'
  }
  const caseId = check.verdict.caseId
  // a case whose row was deleted is still checked while its log has entries (cases are never deleted)
  if (caseId && ws && (ws.caseOf(caseId) || ws.auditCaseEntries(caseId).length > 0)) {
    const chain = ws.auditChain()
    const v = check.auditRef
    if (chain.broken)
      audit = {
        checked: true,
        ok: false,
        message: `the audit log is broken at entry ${chain.broken.seq}: ${chain.broken.reason}`
      }
    else if (v?.caseHead) audit = caseChainCheck(ws, caseId, check, v.caseHead, chain.entries)
    else audit = globalHeadCheck(ws, caseId, check, chain.entries)
  }
  const { auditRef, acceptanceRef, ...rest } = check
  void auditRef
  void acceptanceRef
  // the log can only take a VALID away; a file refused on its signature or trust stays refused for that reason
  if (audit.ok || rest.outcome !== 'VALID') return { ...rest, audit }
  return {
    ...rest,
    audit,
    outcome: 'INVALID',
    ok: false,
    reason: audit.message,
    problems: [...rest.problems, audit.message]
  }
}
