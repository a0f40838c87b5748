/**
 * `verify FILE.pdf` and the Verify screen: is this verdict PDF a certificate a relying party can trust?
 *
 *  - VALID: every signature is sound; the last approval signature covers the whole file (only document
 *    timestamps may follow it); its signer chains to an assessment body in the trust list and every
 *    certificate on the path is fit at the signing time; the embedded verdict matches the document; and,
 *    when the case is in the workspace, the verdict's audit head is in the intact chain.
 *  - UNTRUSTED: all of that holds except that the signer does not chain to the trust list.
 *  - INVALID: anything else.
 *
 * The signing time is only believed when a timestamp proves it: a signature timestamp (PAdES-B-T) or a
 * document timestamp after the signature, from a timestamp authority in the trust list. Without one, the
 * certificates are judged at the verification time (the workbench clock): the time a signature dictionary
 * claims is the signer's word, and a forger's word can be 2020.
 *
 * Pure computation over the bytes and the trust list (no workspace), so that it can run in a worker; the
 * audit-head check that needs the workspace is done by the caller (export.ts).
 */
import { createHash } from 'node:crypto'
import type {
  SignatureCheck,
  Verdict,
  VerdictAudit,
  VerdictCheck,
  VerifyOutcome
} from '../../shared/domain/verdict-types'
import { extractAttachments, readInfoEntry } from './attachments'
import { PdfFile } from './pdf-objects'
import { findSignatures, UNSIGNED, type FoundSignature } from './pdf-verify'
import { judgeSigner, type TrustList } from './trust'
import { checkSignatureTimestamp, checkDocumentTimestamp } from './tsp'

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** What verify knows without the workspace: everything but the audit check. */
export type PdfCheck = Omit<VerdictCheck, 'audit'> & {
  /** the audit head the embedded verdict was issued over, for the workspace check */
  readonly auditRef: VerdictAudit | null
  /** the reviewer's signed acceptance the embedded verdict quotes, for the workspace check */
  readonly acceptanceRef: NonNullable<Verdict['acceptance']> | null
}

/** An INVALID check that says why the file could not be checked at all (a stopped worker, say). */
export function refusedCheck(fileName: string, list: TrustList, reason: string): PdfCheck {
  return {
    file: fileName,
    outcome: 'INVALID',
    reason,
    fingerprint: null,
    ok: false,
    signature: { ...UNSIGNED, problems: [] },
    signatures: [],
    trustList: { source: list.source, entries: list.certs.length },
    verdict: {
      id: null,
      sha256: null,
      caseId: null,
      outcome: null,
      decisionDate: null,
      validUntil: null,
      lapsed: false,
      matches: false
    },
    problems: [reason],
    auditRef: null,
    acceptanceRef: null
  }
}

/** Judges the signatures (and timestamps) of a file against the trust list, oldest first. */
async function judgeAll(
  found: readonly FoundSignature[],
  list: TrustList,
  now: Date
): Promise<SignatureCheck[]> {
  const out: SignatureCheck[] = []
  // the document timestamps first: their time proves when the signatures they cover existed
  const docTs = new Map<FoundSignature, SignatureCheck>()
  for (const s of found)
    if (s.check.kind === 'document-timestamp') docTs.set(s, await checkDocumentTimestamp(s, list))
  for (const s of found) {
    if (s.check.kind === 'document-timestamp') {
      out.push(docTs.get(s)!)
      continue
    }
    if (!s.signerCert || !s.signedData) {
      out.push(s.check)
      continue
    }
    const timestamp = await checkSignatureTimestamp(s, list)
    // the earliest trusted proof of existence: the signature's own timestamp, or a later document timestamp
    const proofs = [
      ...(timestamp?.ok && timestamp.trusted && timestamp.time ? [timestamp.time] : []),
      ...[...docTs.values()]
        .filter(
          (t) => t.signedBytes > s.check.signedBytes && t.valid && t.timestamp?.ok && t.timestamp.trusted
        )
        .map((t) => t.timestamp!.time!)
    ].sort()
    const at = proofs[0] ? new Date(proofs[0]) : now
    const pool = (s.signedData.certificates ?? []).filter(
      (c): c is import('pkijs').Certificate => 'subjectPublicKeyInfo' in c
    )
    const trust = await judgeSigner(
      s.signerCert,
      pool,
      list,
      at,
      proofs[0] ? 'timestamp' : 'verification time'
    )
    out.push({ ...s.check, timestamp, trust })
  }
  return out
}

/** Checks a verdict PDF on its own: signatures, trust, timestamps, the embedded verdict. */
export async function checkVerdictPdf(
  pdf: Buffer,
  fileName: string,
  list: TrustList,
  now: Date
): Promise<PdfCheck> {
  const file = new PdfFile(pdf)
  const found = findSignatures(file)
  const signatures = await judgeAll(found.signatures, list, now)
  const approvals = signatures.filter((s) => s.kind === 'signature')
  const main = approvals.at(-1) ?? UNSIGNED
  const problems: string[] = [...found.problems]
  if (!main.signed) problems.push('the file is not signed (a pre-audit report is never a certificate)')
  for (const s of signatures) {
    const label =
      signatures.length > 1
        ? `${s.kind === 'signature' ? 'signature' : 'document timestamp'} "${s.field}"${s.signer ? ` by ${s.signer.commonName}` : ''}: `
        : ''
    for (const p of s.problems) problems.push(`${label}${p}`)
    if (s.modifiedAfter && !s.problems.some((p) => p.startsWith('changed after')))
      problems.push(`${label}the file was changed after this signature`)
    for (const p of s.trust?.chained ? s.trust.problems : []) problems.push(`${label}${p}`)
    for (const p of s.timestamp?.problems ?? []) problems.push(`${label}timestamp: ${p}`)
  }
  if (approvals.length > 1)
    problems.push(
      `the file carries ${approvals.length} approval signatures; a verdict is certified by one, and nothing but a document timestamp may follow it`
    )
  // the embedded verdict, through the same reader
  let verdict: Verdict | null = null
  let embeddedSha: string | null = null
  let attachments = new Map<string, Buffer>()
  try {
    attachments = extractAttachments(file)
  } catch (e) {
    problems.push(`the embedded files cannot be read: ${(e as Error).message}`)
  }
  problems.push(...file.inflation.problems)
  // an object the cross-reference table misplaces may only show while reading the embedded files
  if (file.xrefBroken && !problems.some((p) => p.includes(file.xrefBroken!)))
    problems.push(`the file's structure cannot be followed: ${file.xrefBroken}`)
  const json = attachments.get('verdict.json')
  const infoSha = readInfoEntry(file, 'AWVerdictSHA256')
  const infoId = readInfoEntry(file, 'AWVerdictId')
  if (!json) problems.push('no verdict.json is embedded')
  else {
    embeddedSha = sha256(json)
    try {
      verdict = readVerdict(JSON.parse(json.toString('utf8')), problems)
    } catch {
      problems.push('the embedded verdict.json is not JSON')
    }
    if (!infoSha) problems.push('the document names no verdict hash')
    else if (infoSha !== embeddedSha)
      problems.push(
        `the embedded verdict.json (sha-256 ${embeddedSha}) is not the verdict the document shows (${infoSha})`
      )
    // the id is what the workspace's log records the export under: without one, that check had nothing to
    // look for
    if (!infoId) problems.push('the document names no verdict id (AWVerdictId)')
    else if (!infoId.endsWith(embeddedSha.slice(0, 12)))
      problems.push(`the verdict id ${infoId} does not match the embedded verdict`)
  }
  if (!attachments.has('assessment-results.oscal.json'))
    problems.push('no OSCAL assessment results are embedded')
  const matches = !!json && !!infoSha && infoSha === embeddedSha
  // the certificate the verdict states holds through its valid-until day (UTC), as its page says
  const validUntil = verdict?.validUntil?.slice(0, 10) ?? null
  const lapsed = !!validUntil && now.toISOString().slice(0, 10) > validUntil
  const chained = !!main.trust?.chained
  // unchained: the last line says so; the lines before it (expired, no key usage) make it INVALID anyway
  const untrustedProblems = main.trust && !chained ? main.trust.problems.slice(-1) : []
  if (main.trust && !chained) problems.push(...main.trust.problems.slice(0, -1))
  const sound =
    problems.length === 0 &&
    main.valid &&
    !main.modifiedAfter &&
    signatures.every((s) => s.valid && !s.modifiedAfter)
  const outcome: VerifyOutcome = !sound ? 'INVALID' : chained && main.trust?.ok ? 'VALID' : 'UNTRUSTED'
  const reason =
    outcome === 'VALID'
      ? `signed by ${main.signer!.subject}, whose certificate chains to ${main.trust!.path.at(-1)} in the trust list and is valid at ${main.trust!.checkedAt} (${main.trust!.timeSource}); the signature covers the whole file and the embedded verdict matches the document${lapsed ? `; the certificate it states was valid until ${validUntil} and has lapsed (verified at ${now.toISOString()})` : ''}`
      : outcome === 'UNTRUSTED'
        ? `the signature is sound, but ${untrustedProblems.at(-1) ?? 'its signer is not in the trust list'}: this is not a certificate of a trusted assessment body`
        : (problems[0] ?? 'the signature does not verify')
  return {
    file: fileName,
    outcome,
    reason,
    fingerprint: main.signer?.fingerprint ?? null,
    ok: outcome === 'VALID',
    signature: main,
    signatures,
    trustList: { source: list.source, entries: list.certs.length },
    verdict: {
      id: infoId,
      sha256: embeddedSha,
      caseId: verdict?.caseId ?? null,
      outcome: verdict?.outcome ?? null,
      decisionDate: verdict?.decisionDate ?? null,
      validUntil,
      lapsed,
      matches
    },
    problems: outcome === 'UNTRUSTED' ? [...problems, ...untrustedProblems] : problems,
    auditRef: auditOf(verdict),
    acceptanceRef: acceptanceOf(verdict)
  }
}

/**
 * The embedded verdict, when the fields verify reads and shows are what a verdict holds (hostile input: an
 * object where the case id belongs reached the workspace lookup, and the Verify screen); else null, and
 * the problem named.
 */
function readVerdict(parsed: unknown, problems: string[]): Verdict | null {
  const not = (why: string): null => {
    problems.push(`the embedded verdict.json is not a verdict: ${why}`)
    return null
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return not('it is not an object')
  for (const key of ['caseId', 'outcome', 'decisionDate', 'validUntil'] as const) {
    const value = (parsed as Record<string, unknown>)[key]
    // a verdict that grants no certificate has no valid-until day
    if (value !== undefined && typeof value !== 'string' && !(key === 'validUntil' && value === null))
      return not(
        `its ${key} is not a string (${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value})`
      )
  }
  return parsed as Verdict
}

const isHash = (x: unknown): x is string => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x)
const isSeq = (x: unknown): x is number => Number.isInteger(x) && (x as number) > 0

/** The audit head an embedded verdict names, and its case chain head when it has one (hostile input). */
function auditOf(verdict: Verdict | null): VerdictAudit | null {
  const a = verdict?.audit as Partial<VerdictAudit> | undefined
  if (!a || typeof a.head !== 'string' || !Number.isInteger(a.entries)) return null
  const c = a.caseHead as Partial<NonNullable<VerdictAudit['caseHead']>> | undefined
  return {
    head: a.head,
    entries: a.entries!,
    ...(c && isSeq(c.caseSeq) && isHash(c.caseHash) && isSeq(c.entry) && isHash(c.hash)
      ? { caseHead: { caseSeq: c.caseSeq, caseHash: c.caseHash, entry: c.entry, hash: c.hash } }
      : {})
  }
}

/** The acceptance an embedded verdict quotes, when it has the shape the workspace check reads (hostile input). */
function acceptanceOf(verdict: Verdict | null): NonNullable<Verdict['acceptance']> | null {
  const a = verdict?.acceptance as Partial<NonNullable<Verdict['acceptance']>> | undefined
  if (!a || !Number.isInteger(a.entry) || typeof a.signature !== 'string' || typeof a.by !== 'string')
    return null
  const { caseSeq, caseHash, ...rest } = a as NonNullable<Verdict['acceptance']>
  // its place in the case chain only when both are well-formed: a half-given one is read as absent
  return isSeq(caseSeq) && isHash(caseHash) ? { ...rest, caseSeq, caseHash } : rest
}
