/**
 * Evidence documents: the applicant's PDFs, screenshots, certificates and text files, attached to a case and
 * stored by SHA-256. Pure types and rules; storage lives in src/main/documents and src/main/db/documents.repo.ts.
 */
import type { EvidenceLink } from './submission'
import { msg, say, type Msg } from '../text/messages'

/** The largest evidence document a case accepts (the cap: 100 MB per file). */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024

export type DocumentMediaType =
  | 'application/pdf'
  | 'image/png'
  | 'image/jpeg'
  | 'text/plain'
  | 'text/markdown'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
  | 'application/vnd.oasis.opendocument.text'
  | 'application/vnd.oasis.opendocument.spreadsheet'
  | 'application/vnd.oasis.opendocument.presentation'

/** The file name extensions of each media type, lower case; a saved copy that has none of them gets the first. */
export const EXTENSIONS: Readonly<Record<DocumentMediaType, readonly string[]>> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'text/plain': ['.txt', '.text', '.log', '.md', '.markdown'],
  'text/markdown': ['.md', '.markdown', '.txt'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
  'application/vnd.oasis.opendocument.text': ['.odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['.ods'],
  'application/vnd.oasis.opendocument.presentation': ['.odp']
}

/**
 * A document's name without control characters and invisible format characters (U+202E RIGHT-TO-LEFT
 * OVERRIDE among them): the name as it is shown, which is the name it is stored and saved under.
 */
export const shownName = (name: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what this strips
  name.replace(/[\p{Cf}\u0000-\u001f\u007f]/gu, '')

/**
 * The name a saved copy of a document gets ("Save a copy"). The operating system opens a file by its name's
 * extension, not by the media type the workbench read from its bytes: an applicant's plain text named
 * zones.cmd is a script to Windows, and with a right-to-left override "zones\u202Etxt.cmd" even shows as
 * "zonesdmc.txt". So invisible format characters are dropped (the name saved is the name shown), and a name
 * whose extension is not its media type's gets that extension added: zones.cmd.txt.
 */
export function copyName(name: string, mediaType: DocumentMediaType): string {
  const shown = shownName(name)
  const ext = /\.[^.]*$/.exec(shown)?.[0].toLowerCase() ?? ''
  const own = EXTENSIONS[mediaType] ?? []
  return own.includes(ext) ? shown : `${shown}${own[0] ?? ''}`
}

/** how the app shows a document: rendered by pdf.js, inline image, text, or not at all (office files) */
export type PreviewKind = 'pdf' | 'image' | 'text' | 'none'

export function previewKindOf(mediaType: DocumentMediaType): PreviewKind {
  if (mediaType === 'application/pdf') return 'pdf'
  if (mediaType === 'image/png' || mediaType === 'image/jpeg') return 'image'
  if (mediaType === 'text/plain' || mediaType === 'text/markdown') return 'text'
  return 'none'
}

/** One document attached to a case. The bytes are stored once per SHA-256, whatever the case. */
export interface EvidenceDocument {
  readonly sha256: string
  /** the original file name, as the applicant named it */
  readonly name: string
  /** sniffed from the content (magic bytes), never from the name */
  readonly mediaType: DocumentMediaType
  readonly size: number
  readonly importedAt: string
  readonly importedBy: string
}

/** A document's bytes, for the preview and `evidence get`. */
export interface DocumentContent {
  readonly sha256: string
  readonly name: string
  readonly mediaType: DocumentMediaType
  readonly base64: string
}

/** A document as the verdict lists it: with the criteria whose decisions cite it. */
export interface VerdictDocument {
  readonly name: string
  readonly sha256: string
  readonly size: number
  readonly mediaType: DocumentMediaType
  /** `criterion` or `criterion / subject` of each current decision that cites it */
  readonly citedBy: readonly string[]
}

export const ATTACHMENT_PREFIX = 'attachment:'

/** The attachment name of an evidence ref (`attachment:az-report.pdf` → `az-report.pdf`), or null for a URL. */
export const attachmentName = (ref: string): string | null =>
  ref.startsWith(ATTACHMENT_PREFIX) ? ref.slice(ATTACHMENT_PREFIX.length) : null

/** what an `attachment:` reference can resolve to: an evidence document, or a file imported into the case */
export interface NamedBytes {
  readonly name: string
  readonly sha256: string
}

export type RefResolution<T extends NamedBytes = EvidenceDocument> =
  | { readonly state: 'url' }
  | { readonly state: 'resolved'; readonly document: T }
  | { readonly state: 'unresolved'; readonly name: string }
  | {
      readonly state: 'mismatch'
      readonly name: string
      readonly expected: string
      readonly found: readonly string[]
    }

/**
 * What an evidence link of the self-assessment points at. `attachment:NAME` resolves to the attached document
 * of that name; where the link gives `sha256`, the document must have exactly those bytes (several documents
 * may share a name across rounds of re-upload: any one that matches resolves it).
 */
export function resolveEvidenceRef<T extends NamedBytes>(
  link: EvidenceLink,
  documents: readonly T[]
): RefResolution<T> {
  const name = attachmentName(link.ref)
  if (name === null) return { state: 'url' }
  const named = documents.filter((d) => d.name === name)
  if (named.length === 0) return { state: 'unresolved', name }
  const expected = link.sha256?.toLowerCase()
  if (!expected) return { state: 'resolved', document: named[named.length - 1]! }
  const match = named.find((d) => d.sha256 === expected)
  if (match) return { state: 'resolved', document: match }
  return { state: 'mismatch', name, expected, found: named.map((d) => d.sha256) }
}

/** The documents of one claim: those its evidence links resolve to, then those its decision cites. */
export function documentsOf(
  evidence: readonly EvidenceLink[],
  cited: readonly string[],
  documents: readonly EvidenceDocument[]
): EvidenceDocument[] {
  const out = new Map<string, EvidenceDocument>()
  for (const link of evidence) {
    const r = resolveEvidenceRef(link, documents)
    if (r.state === 'resolved') out.set(r.document.sha256, r.document)
  }
  for (const h of cited) {
    const d = documents.find((x) => x.sha256 === h)
    if (d) out.set(d.sha256, d)
  }
  return [...out.values()]
}

interface RefFinding {
  type: 'evidence-unresolved' | 'evidence-hash-mismatch'
  severity: 'major' | 'blocker'
  evidence: string
  about: string
  msg: Msg
}

/** The findings an answer's evidence links raise against the attached documents (reconcile adds criterion and subject). */
export function refFindings(
  evidence: readonly EvidenceLink[],
  documents: readonly NamedBytes[]
): RefFinding[] {
  return evidence.flatMap((link): RefFinding[] => {
    const r = resolveEvidenceRef(link, documents)
    if (r.state === 'unresolved')
      return [
        {
          type: 'evidence-unresolved',
          severity: 'major',
          evidence: link.ref,
          about: link.ref,
          msg: msg('finding.evidence-unresolved', { title: link.title, ref: link.ref, name: r.name })
        }
      ]
    if (r.state === 'mismatch')
      return [
        {
          type: 'evidence-hash-mismatch',
          severity: 'blocker',
          evidence: `${link.ref}: expected ${r.expected}`,
          about: link.ref,
          msg: msg('finding.evidence-hash-mismatch', {
            expected: r.expected,
            ref: link.ref,
            name: r.name,
            found: [...r.found]
          })
        }
      ]
    return []
  })
}

/** The criterion rows and decisions freshness needs (a structural subset of CaseReview's). */
interface RowLike {
  readonly criterion: string
  readonly subject: string
  readonly manual: boolean
}
interface DecisionLike {
  readonly id: number
  readonly criterion: string
  readonly subject: string
  readonly decision: string
  readonly decidedAt: string
}

/**
 * SCS-0004: manual checks are repeated every quarter. An accepted decision on a manual criterion is fresh until
 * `expiry(decidedAt)` (add_period semantics of the rule file's manualLifetime); from then on it is stale and
 * raises an `evidence-stale` finding that no decision but a new one resolves.
 */
export function manualFreshness<D extends DecisionLike>(
  rows: readonly RowLike[],
  decisions: readonly D[],
  citations: ReadonlyMap<number, readonly string[]>,
  expiry: (decidedAt: string) => string,
  at: string
): {
  decisions: (D & { documents: readonly string[]; freshUntil: string | null })[]
  stale: {
    type: 'evidence-stale'
    severity: 'major'
    criterion: string
    subject: string
    about: string
    evidence: string
    msg: Msg
    message: string
  }[]
} {
  const manual = new Set(rows.filter((r) => r.manual).map((r) => `${r.criterion}\u0000${r.subject}`))
  const stale: ReturnType<typeof manualFreshness>['stale'] = []
  const out = decisions.map((d) => {
    const isManualAccept = d.decision === 'accept' && manual.has(`${d.criterion}\u0000${d.subject}`)
    const freshUntil = isManualAccept ? expiry(d.decidedAt) : null
    if (freshUntil && freshUntil <= at)
      stale.push({
        type: 'evidence-stale',
        severity: 'major',
        criterion: d.criterion,
        subject: d.subject,
        about: `manual-check-${d.id}`,
        evidence: `manual check accepted ${d.decidedAt.slice(0, 10)}: expired ${freshUntil}`,
        ...(() => {
          const m = msg('finding.manual-check-expired', {
            criterion: d.criterion,
            subject: d.subject,
            decided: d.decidedAt.slice(0, 10),
            expired: freshUntil
          })
          return { msg: m, message: say(m, 'en') }
        })()
      })
    return { ...d, documents: citations.get(d.id) ?? [], freshUntil }
  })
  return { decisions: out, stale }
}
