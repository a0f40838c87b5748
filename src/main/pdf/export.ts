/**
 * The verdict PDF: the case's verdict rendered (EN or DE), the verdict JSON and OSCAL embedded, then signed
 * (PAdES-B-B) with the body's or auditor's PKCS#12 key, or watermarked as a pre-audit report. And the check
 * of such a file: signature, embedded verdict against the hash in the document, audit head against the chain.
 * No electron import: the app, the bridge and the CLI share it.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { Workspace } from '../workspace'
import type { Verdict, VerdictCheck } from '../../shared/domain/verdict-types'
import { DomainError } from '../errors'
import { isoToday } from '../clock'
import { buildVerdictPdf } from './document'
import { signPdf } from './pades'
import { verifyPdfSignature } from './pdf-verify'
import { extractAttachments, readInfoEntry } from './attachments'

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
}

export interface ExportResult {
  readonly pdf: Buffer
  readonly fileName: string
  readonly verdictId: string
  readonly sha256: string
  readonly signed: boolean
  readonly outcome: string
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/**
 * What blocks a signed verdict: an unaccepted case, stale evidence without a waiver, a decision date before
 * the decisions and the acceptance it rests on or after today (backdating; `--at` in the past is for
 * unsigned views and pre-audits). One line each.
 */
export function signingRefusals(ws: Workspace, v: Verdict): string[] {
  const c = ws.cases.get(v.caseId)
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

export async function exportVerdict(ws: Workspace, o: ExportOptions): Promise<ExportResult> {
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
    const unsigned = await buildVerdictPdf(verdict, {
      lang: o.lang,
      preAudit: o.preAudit,
      verdictJson,
      verdictId,
      body: { name: o.body ?? DEFAULT_BODY },
      auditors,
      createdAt: now,
      fontsDir: join(ws.resourcesDir, 'fonts')
    })
    const pdf = o.preAudit
      ? unsigned
      : await signPdf(unsigned, {
          p12: o.signer!.p12,
          passphrase: o.signer!.passphrase,
          signingTime: now,
          reason: `Verdict ${verdictId}`,
          location: o.body ?? DEFAULT_BODY
        })
    const signed = !o.preAudit
    const check = signed ? verifyPdfSignature(pdf) : null
    ws.audit.append(o.actor, 'verdict.export', o.caseId, {
      verdictId,
      sha256: hash,
      outcome: verdict.outcome,
      decisionDate: verdict.decisionDate,
      lang: o.lang,
      preAudit: o.preAudit,
      signed,
      signer: check?.signer?.subject ?? null,
      pdfSha256: sha256(pdf),
      ...(ws.clockFixedAt ? { clockFixedAt: ws.clockFixedAt } : {})
    })
    return {
      pdf,
      fileName: `${o.preAudit ? 'pre-audit' : 'verdict'}-${verdict.caseId}-${verdict.decisionDate}-${o.lang}.pdf`,
      verdictId,
      sha256: hash,
      signed,
      outcome: verdict.outcome
    }
  } finally {
    // the key lives only for the duration of signing
    o.signer?.p12.fill(0)
  }
}

/** The reviewer's signed acceptance is still in the log, as the verdict quotes it. */
function acceptanceHolds(ws: Workspace, a: NonNullable<Verdict['acceptance']>): boolean {
  const e = ws.audit.entryAt(a.entry)
  return !!e && e.action === 'review.accept' && e.signature === a.signature && e.actor === a.by
}

/** The log recorded the export of this verdict (the entry written right after its audit head). */
const exportLogged = (ws: Workspace, caseId: string, verdictId: string): boolean =>
  ws.audit
    .listForCase(caseId)
    .some(
      (e) => e.action === 'verdict.export' && (e.payload as { verdictId?: string }).verdictId === verdictId
    )

/** Checks a verdict PDF on its own and, when its case is in the workspace, against the audit chain. */
export function verifyVerdictPdf(pdf: Buffer, file: string, ws: Workspace | null): VerdictCheck {
  const signature = verifyPdfSignature(pdf)
  const signed = signature.signed
  const problems: string[] = []
  if (!signature.signed) problems.push('the file is not signed (a pre-audit report is never a certificate)')
  else problems.push(...signature.problems)
  let verdict: Verdict | null = null
  let embeddedSha: string | null = null
  let attachments = new Map<string, Buffer>()
  try {
    attachments = extractAttachments(pdf)
  } catch (e) {
    problems.push(`the embedded files cannot be read: ${(e as Error).message}`)
  }
  const json = attachments.get('verdict.json')
  const infoSha = readInfoEntry(pdf, 'AWVerdictSHA256')
  const infoId = readInfoEntry(pdf, 'AWVerdictId')
  if (!json) problems.push('no verdict.json is embedded')
  else {
    embeddedSha = sha256(json)
    try {
      verdict = JSON.parse(json.toString('utf8')) as Verdict
    } catch {
      problems.push('the embedded verdict.json is not JSON')
    }
    if (!infoSha) problems.push('the document names no verdict hash')
    else if (infoSha !== embeddedSha)
      problems.push(
        `the embedded verdict.json (sha-256 ${embeddedSha}) is not the verdict the document shows (${infoSha})`
      )
    if (infoId && !infoId.endsWith(embeddedSha.slice(0, 12)))
      problems.push(`the verdict id ${infoId} does not match the embedded verdict`)
  }
  if (!attachments.has('assessment-results.oscal.json'))
    problems.push('no OSCAL assessment results are embedded')
  const matches = !!json && !!infoSha && infoSha === embeddedSha
  let audit = { checked: false, ok: true, message: 'not checked: the case is not in this workspace' }
  if (verdict && ws?.cases.find(verdict.caseId)) {
    const chain = ws.audit.check()
    const at = ws.audit.hashAt(verdict.audit.entries)
    if (chain.broken)
      audit = {
        checked: true,
        ok: false,
        message: `the audit log is broken at entry ${chain.broken.seq}: ${chain.broken.reason}`
      }
    else if (at !== verdict.audit.head)
      audit = {
        checked: true,
        ok: false,
        message: `the audit log no longer holds the head the verdict was issued over (entry ${verdict.audit.entries}): its history was rewritten`
      }
    else if (verdict.acceptance && !acceptanceHolds(ws, verdict.acceptance))
      audit = {
        checked: true,
        ok: false,
        message: `the log no longer holds the signed acceptance the verdict rests on (entry ${verdict.acceptance.entry} by ${verdict.acceptance.by}): its tail was deleted or rewritten`
      }
    else if (signed && infoId && !exportLogged(ws, verdict.caseId, infoId))
      audit = {
        checked: true,
        ok: false,
        message: `the log holds no export of verdict ${infoId}: the entries after its audit head were deleted`
      }
    else
      audit = {
        checked: true,
        ok: true,
        message: `the audit head (entry ${verdict.audit.entries}) is in the current chain of ${chain.entries} entries`
      }
    if (!audit.ok) problems.push(audit.message)
  }
  return {
    file,
    ok: problems.length === 0 && signature.valid && signature.coversWholeDocument && matches && audit.ok,
    signature,
    verdict: {
      id: infoId,
      sha256: embeddedSha,
      caseId: verdict?.caseId ?? null,
      outcome: verdict?.outcome ?? null,
      decisionDate: verdict?.decisionDate ?? null,
      matches
    },
    audit,
    problems
  }
}
