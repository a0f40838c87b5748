/**
 * The verdict PDF: the case's verdict rendered (EN or DE), the verdict JSON and OSCAL embedded, then signed
 * (PAdES-B-B) with the body's or auditor's PKCS#12 key, or watermarked as a pre-audit report. And the check
 * of such a file: signature, embedded verdict against the hash in the document, audit head against the chain.
 * No electron import: the app, the bridge and the CLI share it.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { SignLedger } from './ledger'
import type { Verdict, VerdictCheck } from '../../shared/domain/verdict-types'
import { DomainError } from '../errors'
import { isoToday } from '../clock'
import { buildVerdictPdf } from './document'
import { openSigningKey, signPdf } from './pades'
import { derOf, findSignatures, fingerprintOf } from './pdf-verify'
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

/** The reviewer's signed acceptance is still in the log, as the verdict quotes it. */
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

/** Adds the audit-head check (which needs the workspace) to the check of the file. */
export function withAuditCheck(check: PdfCheck, ws: SignLedger | null): VerdictCheck {
  let audit = { checked: false, ok: true, message: 'not checked: the case is not in this workspace' }
  const caseId = check.verdict.caseId
  if (caseId && ws?.caseOf(caseId)) {
    const chain = ws.auditChain()
    const v = check.auditRef
    const at = v ? ws.auditHashAt(v.entries) : null
    if (chain.broken)
      audit = {
        checked: true,
        ok: false,
        message: `the audit log is broken at entry ${chain.broken.seq}: ${chain.broken.reason}`
      }
    else if (!v || at !== v.head)
      audit = {
        checked: true,
        ok: false,
        message: `the audit log no longer holds the head the verdict was issued over (entry ${v?.entries ?? '?'}): its history was rewritten${ws.holder(caseId).received ? ", or the verdict was issued in the other auditor's workspace, whose log it names (the case came here as a bundle): verify it there, or against a workspace that does not hold the case" : ''}`
      }
    else if (check.acceptanceRef && !acceptanceHolds(ws, check.acceptanceRef))
      audit = {
        checked: true,
        ok: false,
        message: `the log no longer holds the signed acceptance the verdict rests on (entry ${check.acceptanceRef.entry} by ${check.acceptanceRef.by}): its tail was deleted or rewritten`
      }
    else if (check.signature.signed && check.verdict.id && !ws.verdictExported(caseId, check.verdict.id))
      audit = {
        checked: true,
        ok: false,
        message: `the log holds no export of verdict ${check.verdict.id}: the entries after its audit head were deleted`
      }
    else
      audit = {
        checked: true,
        ok: true,
        message: `the audit head (entry ${v.entries}) is in the current chain of ${chain.entries} entries`
      }
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
