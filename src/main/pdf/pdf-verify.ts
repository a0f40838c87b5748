/**
 * Our own check of a PDF signature, independent of poppler: the last signature dictionary's ByteRange must
 * start at 0, leave exactly the /Contents hole and end at the end of the file (bytes appended after signing
 * are reported); the SHA-256 over the ranges must equal the CMS message-digest; the signature over the signed
 * attributes must verify with the signer certificate in the CMS. The PAdES attributes are reported.
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import type { SignatureCheck } from '../../shared/domain/verdict-types'
import { OID } from './pades'

export interface PdfSignatureCheck extends SignatureCheck {
  readonly pades: {
    readonly signingCertificateV2: boolean
    readonly signingTimeAttribute: boolean
    readonly digest: string
  }
}

const NONE: PdfSignatureCheck = {
  signed: false,
  valid: false,
  coversWholeDocument: false,
  digestOk: false,
  signatureOk: false,
  subFilter: null,
  signer: null,
  signingTime: null,
  pades: { signingCertificateV2: false, signingTimeAttribute: false, digest: '' },
  problems: ['the file holds no signature']
}

/** D:20261125051224Z or D:20261125061224+01'00' → ISO 8601 */
function pdfDate(s: string): string | null {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s)
  if (!m) return null
  const tz = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${tz}`)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

const nameOf = (n: pkijs.RelativeDistinguishedNames): string =>
  n.typesAndValues
    .map((tv) => {
      const key =
        { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.6': 'C', '2.5.4.11': 'OU', '2.5.4.7': 'L' }[tv.type] ??
        tv.type
      return `${key}=${String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value)}`
    })
    .join(', ')

export function verifyPdfSignature(pdf: Buffer): PdfSignatureCheck {
  const text = pdf.toString('latin1')
  const at = text.lastIndexOf('/ByteRange')
  if (at < 0) return NONE
  const problems: string[] = []
  const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 120))
  if (!m) return { ...NONE, signed: true, problems: ['the signature has no readable ByteRange'] }
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number]
  if (a !== 0) problems.push('the signed range does not start at the beginning of the file')
  const hole = text.slice(a + b, c)
  if (c < a + b || !/^<[0-9A-Fa-f]*>$/.test(hole))
    return {
      ...NONE,
      signed: true,
      problems: [...problems, 'the ByteRange does not leave exactly the signature /Contents out']
    }
  const coversWholeDocument = a === 0 && c + d === pdf.length
  if (c + d < pdf.length)
    problems.push(
      `${pdf.length - (c + d)} byte(s) were appended after signing; they are not covered by the signature`
    )
  if (c + d > pdf.length) problems.push('the ByteRange reaches beyond the end of the file')
  // the dictionary around the signature: its SubFilter before, its M after /Contents
  const dictStart = text.lastIndexOf('<<', at)
  const subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(text.slice(dictStart, at))?.[1] ?? null
  const after = text.slice(c, Math.min(text.length, c + 2000))
  const signingTime = (() => {
    const mm = /\/M\s*\((D:[^)]*)\)/.exec(after)
    return mm ? pdfDate(mm[1]!) : null
  })()
  let hex = hole.slice(1, -1).replace(/(00)+$/, '')
  if (hex.length % 2) hex += '0'
  const der = Buffer.from(hex, 'hex')
  const digest = createHash('sha256')
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, Math.min(pdf.length, c + d)))
    .digest()
  let signedData: pkijs.SignedData
  try {
    const ci = pkijs.ContentInfo.fromBER(
      der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer
    )
    if (ci.contentType !== OID.signedData) throw new Error('not SignedData')
    signedData = new pkijs.SignedData({ schema: ci.content })
  } catch {
    return {
      ...NONE,
      signed: true,
      subFilter,
      signingTime,
      coversWholeDocument,
      problems: [...problems, 'the signature is not a readable CMS SignedData']
    }
  }
  const si = signedData.signerInfos[0]
  const attrs = si?.signedAttrs?.attributes ?? []
  const attr = (oid: string) => attrs.find((x) => x.type === oid)
  const md = attr(OID.messageDigest)?.values[0] as asn1js.OctetString | undefined
  const digestOk = !!md && Buffer.from(md.valueBlock.valueHexView).equals(digest)
  if (!digestOk) problems.push('Digest Mismatch: the signed bytes were changed after signing')
  const sid = si?.sid
  const cert = (signedData.certificates ?? []).find(
    (x): x is pkijs.Certificate =>
      x instanceof pkijs.Certificate &&
      sid instanceof pkijs.IssuerAndSerialNumber &&
      x.serialNumber.isEqual(sid.serialNumber) &&
      x.issuer.isEqual(sid.issuer)
  )
  let signatureOk = false
  if (!cert || !si?.signedAttrs) problems.push('the signer certificate is not in the signature')
  else {
    const toVerify = Buffer.from(si.signedAttrs.toSchema().toBER())
    toVerify[0] = 0x31
    const x509 = new X509Certificate(Buffer.from(cert.toSchema().toBER()))
    try {
      signatureOk = cryptoVerify(
        'sha256',
        toVerify,
        x509.publicKey,
        Buffer.from(si.signature.valueBlock.valueHexView)
      )
    } catch {
      signatureOk = false
    }
    if (!signatureOk) problems.push('the signature value does not verify with the signer certificate')
  }
  const digestAlg =
    si?.digestAlgorithm.algorithmId === OID.sha256 ? 'SHA-256' : (si?.digestAlgorithm.algorithmId ?? '')
  if (digestAlg !== 'SHA-256') problems.push(`the digest algorithm is ${digestAlg}, not SHA-256`)
  // as pdfsig: "valid" is the cryptography; coverage of the whole file is reported beside it
  const valid = digestOk && signatureOk
  return {
    signed: true,
    valid,
    coversWholeDocument,
    digestOk,
    signatureOk,
    subFilter,
    signer: cert
      ? {
          commonName: String(
            (
              cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3')?.value as
                { valueBlock: { value: unknown } } | undefined
            )?.valueBlock.value ?? ''
          ),
          subject: nameOf(cert.subject),
          issuer: nameOf(cert.issuer),
          serial: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex')
        }
      : null,
    signingTime,
    pades: {
      signingCertificateV2: !!attr(OID.signingCertificateV2),
      signingTimeAttribute: !!attr(OID.signingTime),
      digest: digestAlg
    },
    problems
  }
}
