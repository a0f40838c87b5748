/**
 * Our own check of the signatures in a PDF, independent of poppler, read through the one object reader
 * (pdf-objects.ts): every signature field of every revision's AcroForm, and its /V signature dictionary.
 *
 * Per signature: the ByteRange must start at 0 and leave out exactly the dictionary's own /Contents string
 * (found by its place in the parsed dictionary, not by searching bytes), and end where a revision ends; the
 * SHA-256 over the ranges must equal the CMS message-digest; the signature over the signed attributes must
 * verify with the signer certificate in the CMS. Every revision after a signature must be a document
 * timestamp (ETSI.RFC3161) that adds nothing but itself; any other change after a signature is reported on
 * that signature (`modifiedAfter`). Trust (whose key it is) is judged in trust.ts.
 */
import { createHash } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import type { SignatureCheck } from '../../shared/domain/verdict-types'
import {
  cmsDer,
  commonName,
  derOf,
  distinguishedName,
  fingerprintOf,
  OID,
  parseSignedData,
  signedAttribute,
  signerCertificate,
  signerInfoVerifies,
  timestampImprint
} from './cms'
import {
  isArray,
  isDict,
  isRef,
  isString,
  nameOf,
  PdfFile,
  repeatedKeys,
  signatureFields,
  spanOf,
  textOf,
  type Dict,
  type PdfValue,
  type Revision
} from './pdf-objects'

/** One signature as read from the file, with the parsed CMS for the trust and timestamp checks. */
export interface FoundSignature {
  readonly check: SignatureCheck
  readonly signedData: pkijs.SignedData | null
  readonly signerCert: pkijs.Certificate | null
}

export interface SignaturesFound {
  readonly file: PdfFile
  readonly signatures: readonly FoundSignature[]
  /** problems of the file as a whole: broken cross-reference data, bytes after the last revision */
  readonly problems: readonly string[]
}

/** D:20261125051224Z or D:20261125061224+01'00' → ISO 8601 */
function pdfDate(s: string): string | null {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s)
  if (!m) return null
  const tz = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${tz}`)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/** A file without a signature: what every check of a signature starts from, nothing established yet. */
export const UNSIGNED: SignatureCheck = {
  field: '',
  kind: 'signature',
  signed: false,
  valid: false,
  coversWholeDocument: false,
  modifiedAfter: false,
  signedBytes: 0,
  digestOk: false,
  signatureOk: false,
  subFilter: null,
  signer: null,
  signingTime: null,
  timestamp: null,
  trust: null,
  pades: { signingCertificateV2: false, signingTimeAttribute: false, digest: '' },
  problems: ['the file holds no signature']
}

/** Checks one signature dictionary: ByteRange, the /Contents hole, digest and CMS signature. */
function checkOne(pdf: Buffer, field: string, dict: Dict, revisions: readonly Revision[]): FoundSignature {
  const problems: string[] = []
  const subFilter = nameOf(dict.get('SubFilter'))
  const kind = nameOf(dict.get('Type')) === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161'
  const m = dict.get('M')
  const signingTime = isString(m) ? pdfDate(textOf(m)) : null
  const base: SignatureCheck = {
    ...UNSIGNED,
    field,
    kind: kind ? 'document-timestamp' : 'signature',
    signed: true,
    subFilter,
    signingTime,
    problems
  }
  const fail = (why: string): FoundSignature => ({
    check: { ...base, problems: [...problems, why] },
    signedData: null,
    signerCert: null
  })
  const br = dict.get('ByteRange')
  const nums = isArray(br) ? br.filter((x): x is number => typeof x === 'number' && Number.isInteger(x)) : []
  if (!isArray(br) || br.length !== 4 || nums.length !== 4 || nums.some((n) => n < 0))
    return fail('the signature has no readable ByteRange')
  const [a, b, c, d] = nums as [number, number, number, number]
  const contents = dict.get('Contents')
  const hole = spanOf(dict, 'Contents')
  if (!isString(contents) || !hole) return fail('the signature dictionary has no /Contents string')
  if (a !== 0) problems.push('the signed range does not start at the beginning of the file')
  if (a + b !== hole[0] || c !== hole[1] || pdf[hole[0]] !== 0x3c /* < */)
    return fail('the ByteRange does not leave exactly the signature /Contents out')
  const end = c + d
  if (end > pdf.length) problems.push('the ByteRange reaches beyond the end of the file')
  else if (end < pdf.length && !revisions.some((r) => r.end === end || r.eofEnd === end))
    problems.push('the signed range does not end where a revision of the file ends')
  const signedBytes = Math.min(end, pdf.length)
  const coversWholeDocument = a === 0 && end === pdf.length
  if (end < pdf.length)
    problems.push(
      `${pdf.length - end} byte(s) were appended after signing; they are not covered by the signature`
    )
  const der = cmsDer(contents.bytes)
  const digest = createHash('sha256')
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, Math.min(pdf.length, end)))
    .digest()
  const partial = { ...base, signedBytes, coversWholeDocument }
  const signedData = parseSignedData(der)
  if (!signedData)
    return {
      check: { ...partial, problems: [...problems, 'the signature is not a readable CMS SignedData'] },
      signedData: null,
      signerCert: null
    }
  const si = signedData.signerInfos[0]
  const cert = signerCertificate(signedData)
  // a document timestamp: the token's message imprint is the digest of the ranges; a signature: its
  // message-digest attribute
  const md = kind
    ? timestampImprint(signedData)
    : (signedAttribute(si, OID.messageDigest)?.values[0] as asn1js.OctetString | undefined)
  const digestOk = !!md && (Buffer.isBuffer(md) ? md : Buffer.from(md.valueBlock.valueHexView)).equals(digest)
  if (!digestOk)
    problems.push(
      kind
        ? 'Digest Mismatch: the timestamped bytes were changed after timestamping'
        : 'Digest Mismatch: the signed bytes were changed after signing'
    )
  let signatureOk = false
  if (!cert || !si) problems.push('the signer certificate is not in the signature')
  else {
    signatureOk = signerInfoVerifies(si, cert)
    if (!signatureOk) problems.push('the signature value does not verify with the signer certificate')
  }
  const digestAlg =
    si?.digestAlgorithm.algorithmId === OID.sha256 ? 'SHA-256' : (si?.digestAlgorithm.algorithmId ?? '')
  if (digestAlg !== 'SHA-256') problems.push(`the digest algorithm is ${digestAlg}, not SHA-256`)
  return {
    check: {
      ...partial,
      // as pdfsig: "valid" is the cryptography; coverage of the whole file is reported beside it
      valid: digestOk && signatureOk,
      digestOk,
      signatureOk,
      signer: cert
        ? {
            commonName: commonName(cert.subject),
            subject: distinguishedName(cert.subject),
            issuer: distinguishedName(cert.issuer),
            serial: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
            fingerprint: fingerprintOf(derOf(cert))
          }
        : null,
      pades: {
        signingCertificateV2: !!signedAttribute(si, OID.signingCertificateV2),
        signingTimeAttribute: !!signedAttribute(si, OID.signingTime),
        digest: digestAlg
      },
      problems
    },
    signedData,
    signerCert: cert
  }
}

/** Deep equality of two parsed PDF values. */
function same(x: PdfValue | undefined, y: PdfValue | undefined): boolean {
  if (x === y) return true
  if (isArray(x) && isArray(y)) return x.length === y.length && x.every((v, i) => same(v, y[i]))
  if (isDict(x) && isDict(y))
    return x.size === y.size && [...x].every(([k, v]) => y.has(k) && same(v, y.get(k)))
  if (isString(x) && isString(y)) return x.bytes.equals(y.bytes)
  if (isRef(x) && isRef(y)) return x.num === y.num && x.gen === y.gen
  if (typeof x === 'object' && x && typeof y === 'object' && y && 'kind' in x && 'kind' in y)
    return x.kind === 'name' && y.kind === 'name' && x.name === y.name
  return false
}

/** What the field of a document timestamp may hold: the field, its value and an invisible widget. */
const TIMESTAMP_FIELD_KEYS = new Set(['FT', 'T', 'TU', 'TM', 'Ff', 'V', 'Type', 'Subtype', 'Rect', 'F', 'P'])

const changedKeys = (a: Dict, b: Dict): string[] =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => !same(a.get(k), b.get(k)))

/**
 * What a revision changes beyond a document timestamp: the objects it redefines may only be the catalog
 * (gaining /AcroForm or /DSS) and the AcroForm (gaining fields); the fields it adds must be signature fields
 * whose value is a document timestamp; the trailer keeps /Root and /Info. Returns the violations, [] if none.
 */
function beyondTimestamp(prev: PdfFile, cur: PdfFile, rev: Revision): string[] {
  const out: string[] = []
  // the trailer keeps every entry but its bookkeeping (an /Encrypt added makes every reader decrypt the
  // signed strings and streams, or ask for a password)
  const latest = prev.revisions.at(-1)?.trailer
  const keys = new Set(['Root', 'Info', ...rev.trailer.keys(), ...(latest?.keys() ?? [])])
  for (const key of keys) {
    if (['Size', 'Prev', 'ID'].includes(key)) continue
    if (!same(prev.trailer(key), rev.trailer.get(key))) out.push(`the trailer's /${key} changed`)
  }
  // this reader keeps the last of a repeated key (as poppler does), another may keep the first: what the
  // revision adds or changes, and its trailer, must mean one thing, or the checks below compare one reading
  // while a viewer shows the other (a catalog whose first /Pages names a forged page tree)
  const repeatedIn = (what: string, v: PdfValue | undefined) => {
    const keys = repeatedKeys(v)
    if (keys.length) out.push(`${what} repeats ${keys.map((k) => `/${k}`).join(', ')}`)
  }
  repeatedIn("the revision's trailer", rev.trailer)
  for (const num of rev.objects.keys()) {
    // read every object the revision lists, new ones too: one the table misplaces is a broken file
    const after = cur.object(num)
    const before = prev.object(num)
    repeatedIn(`object ${num}`, after)
    if (before === undefined) continue // new objects matter only where a changed object points to them
    // a stream is its dictionary and its data: one redefined with the same dictionary (the same /Length)
    // draws other pages or embeds another file, so no stream may be redefined at all
    if (!isDict(before) || !isDict(after) || prev.isStream(num) || cur.isStream(num)) {
      out.push(`object ${num} was redefined`)
      continue
    }
    const keys = changedKeys(before, after)
    const type = nameOf(after.get('Type'))
    const allowed =
      type === 'Catalog' ? ['AcroForm', 'DSS'] : after.has('Fields') ? ['Fields', 'SigFlags'] : []
    const bad = keys.filter((k) => !allowed.includes(k))
    if (bad.length)
      out.push(`object ${num} (${type ?? 'no type'}) changed ${bad.map((k) => `/${k}`).join(', ')}`)
  }
  // a document timestamp deletes nothing: an object the revision marks free is gone for a reader that
  // follows the newest cross-reference section
  for (const num of rev.freed)
    if (num !== 0 && prev.object(num) !== undefined) out.push(`object ${num} was removed (marked free)`)
  // every field the revision adds is a document timestamp
  const acro = cur.resolve(cur.catalog()?.get('AcroForm'))
  const fields = isDict(acro) ? cur.resolve(acro.get('Fields')) : undefined
  const oldAcro = prev.resolve(prev.catalog()?.get('AcroForm'))
  const oldFields = isDict(oldAcro) ? prev.resolve(oldAcro.get('Fields')) : undefined
  // the AcroForm as the catalog now names it, in place or as another object: only its field list may grow
  // (an /XFA form, /NeedAppearances or calculation order are what a viewer acts on)
  if (isDict(acro) && !same(prev.catalog()?.get('AcroForm'), cur.catalog()?.get('AcroForm'))) {
    const bad = (isDict(oldAcro) ? changedKeys(oldAcro, acro) : [...acro.keys()]).filter(
      (k) => !['Fields', 'SigFlags'].includes(k)
    )
    if (bad.length) out.push(`the AcroForm changed ${bad.map((k) => `/${k}`).join(', ')}`)
  }
  const kept = isArray(oldFields)
    ? oldFields.filter((f) => isArray(fields) && fields.some((g) => same(f, g)))
    : []
  if (isArray(oldFields) && kept.length !== oldFields.length) out.push('a signature field was removed')
  if (isArray(fields))
    for (const f of fields) {
      if (isArray(oldFields) && oldFields.some((g) => same(f, g))) continue
      const field = cur.resolve(f)
      const v = isDict(field) ? cur.resolve(field.get('V')) : undefined
      const isTs =
        isDict(field) &&
        nameOf(cur.resolve(field.get('FT'))) === 'Sig' &&
        isDict(v) &&
        (nameOf(v.get('Type')) === 'DocTimeStamp' || nameOf(v.get('SubFilter')) === 'ETSI.RFC3161')
      if (!isTs) out.push('a field that is not a document timestamp was added')
      else if (isDict(field)) {
        // an invisible field: no appearance, no actions (/A, /AA run JavaScript), no kids
        const extra = [...field.keys()].filter((k) => !TIMESTAMP_FIELD_KEYS.has(k))
        if (extra.length)
          out.push(`the document timestamp field carries ${extra.map((k) => `/${k}`).join(', ')}`)
      }
    }
  return out
}

/** Every signature of the file, oldest first, with what was changed after each. */
export function findSignatures(pdf: Buffer | PdfFile): SignaturesFound {
  const file = pdf instanceof PdfFile ? pdf : new PdfFile(pdf)
  const bytes = file.pdf
  const problems: string[] = []
  const revisions = file.revisions
  const last = revisions.at(-1)
  if (last && last.end < bytes.length && last.eofEnd < bytes.length && !file.xrefBroken)
    problems.push(`${bytes.length - last.end} byte(s) follow the last revision of the file`)
  // the signature fields of every revision: a later update cannot hide an earlier signature by dropping it
  const views = file.xrefBroken ? [file] : revisions.map((r) => file.atRevision(r))
  const byRange = new Map<string, { field: string; dict: Dict }>()
  for (const view of views)
    for (const f of signatureFields(view)) {
      const key = JSON.stringify(spanOf(f.dict, 'Contents') ?? f.objectNum)
      if (!byRange.has(key)) byRange.set(key, { field: f.field, dict: f.dict })
    }
  const found = [...byRange.values()]
    .map((f) => checkOne(bytes, f.field, f.dict, revisions))
    .sort((x, y) => x.check.signedBytes - y.check.signedBytes)
  // what each revision after a signature adds: only a document timestamp covering exactly that revision
  const verdictOn = new Map<number, string[]>()
  const revisionVerdict = (i: number): string[] => {
    if (verdictOn.has(i)) return verdictOn.get(i)!
    const rev = revisions[i]!
    const ts = found.find(
      (s) =>
        s.check.kind === 'document-timestamp' &&
        (s.check.signedBytes === rev.end || s.check.signedBytes === rev.eofEnd)
    )
    const out = ts
      ? beyondTimestamp(views[i - 1]!, views[i]!, rev)
      : [`revision ${i + 1} (bytes ${revisions[i - 1]!.end}–${rev.end}) is not a document timestamp`]
    verdictOn.set(i, out)
    return out
  }
  const signatures = found.map((s) => {
    if (file.xrefBroken || s.check.coversWholeDocument) return s
    const at = revisions.findIndex((r) => r.end === s.check.signedBytes || r.eofEnd === s.check.signedBytes)
    if (at < 0) return { ...s, check: { ...s.check, modifiedAfter: true } }
    const after: string[] = []
    for (let i = at + 1; i < revisions.length; i++) after.push(...revisionVerdict(i))
    const trailing = bytes.length - revisions.at(-1)!.end > 0 && revisions.at(-1)!.eofEnd < bytes.length
    if (!after.length && !trailing) {
      // only document timestamps follow: the appended-bytes note is replaced by what they are
      return {
        ...s,
        check: {
          ...s.check,
          problems: s.check.problems.filter((p) => !/appended after signing/.test(p))
        }
      }
    }
    return {
      ...s,
      check: {
        ...s.check,
        modifiedAfter: true,
        problems: [...s.check.problems, ...after.map((a) => `changed after this signature: ${a}`)]
      }
    }
  })
  // last: resolving objects can find the cross-reference table wrong
  const broken = file.xrefBroken ?? views.find((v) => v.xrefBroken)?.xrefBroken
  if (broken) problems.unshift(`the file's structure cannot be followed: ${broken}`)
  return { file, signatures, problems }
}
