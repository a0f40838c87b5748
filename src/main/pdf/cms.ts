/**
 * The CMS and X.509 pieces that signing (pades.ts), timestamps (tsp.ts), the trust list (trust.ts) and the
 * PDF's own signature check (pdf-verify.ts) share, on pkijs: object identifiers, names and fingerprints of
 * certificates, and reading a SignedData, its signer and its signed attributes. It imports none of them, so
 * that they depend on it and not on each other.
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto'
import * as pkijs from 'pkijs'

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3'
} as const

export const OID_SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14'
export const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4'

export const toArrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer

export const distinguishedName = (n: pkijs.RelativeDistinguishedNames): string =>
  n.typesAndValues
    .map((tv) => {
      const key =
        { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.6': 'C', '2.5.4.11': 'OU', '2.5.4.7': 'L' }[tv.type] ??
        tv.type
      return `${key}=${String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value)}`
    })
    .join(', ')

export const commonName = (n: pkijs.RelativeDistinguishedNames): string =>
  String(
    (
      n.typesAndValues.find((tv) => tv.type === '2.5.4.3')?.value as
        { valueBlock: { value: unknown } } | undefined
    )?.valueBlock.value ?? ''
  )

export const derOf = (c: pkijs.Certificate): Buffer => Buffer.from(c.toSchema().toBER())

/** SHA-256 of the certificate's DER, as openssl and certutil print it: AB:CD:… */
export const fingerprintOf = (der: Buffer): string =>
  createHash('sha256')
    .update(der)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:')

/**
 * The DER of the CMS in a signature's /Contents, without the zeros that pad the placeholder. Its length is
 * read from the outer SEQUENCE's own header: the DER itself may end in zero bytes (an RSA signature value
 * does in one signature of 256), so cutting trailing zeros would cut the signature. Anything that is not a
 * SEQUENCE of definite length is returned as it is, for the parser to refuse.
 */
export function cmsDer(contents: Buffer): Buffer {
  if (contents.length < 2 || contents[0] !== 0x30) return contents
  const first = contents[1]!
  let length = first
  let header = 2
  if (first >= 0x80) {
    const n = first & 0x7f
    // 0: indefinite length (BER, not DER); more than 4 length bytes: no CMS of a PDF is that large
    if (n === 0 || n > 4 || contents.length < 2 + n) return contents
    length = 0
    for (let i = 0; i < n; i++) length = length * 256 + contents[2 + i]!
    header = 2 + n
  }
  return header + length <= contents.length ? contents.subarray(0, header + length) : contents
}

/** The SignedData in a DER ContentInfo, or null. */
export function parseSignedData(der: Buffer): pkijs.SignedData | null {
  try {
    const ci = pkijs.ContentInfo.fromBER(toArrayBuffer(der))
    if (ci.contentType !== OID.signedData) return null
    return new pkijs.SignedData({ schema: ci.content })
  } catch {
    return null
  }
}

/** The certificate a SignerInfo names (issuer and serial), among the CMS certificates. */
export function signerCertificate(sd: pkijs.SignedData): pkijs.Certificate | null {
  const sid = sd.signerInfos[0]?.sid
  return (
    (sd.certificates ?? []).find(
      (x): x is pkijs.Certificate =>
        x instanceof pkijs.Certificate &&
        sid instanceof pkijs.IssuerAndSerialNumber &&
        x.serialNumber.isEqual(sid.serialNumber) &&
        x.issuer.isEqual(sid.issuer)
    ) ?? null
  )
}

/** The signature value of the first SignerInfo over its signed attributes, checked with the certificate. */
export function signerInfoVerifies(si: pkijs.SignerInfo, cert: pkijs.Certificate): boolean {
  if (!si.signedAttrs) return false
  const toVerify = Buffer.from(si.signedAttrs.toSchema().toBER())
  toVerify[0] = 0x31 // the SET OF encoding, not the [0] IMPLICIT field
  try {
    return cryptoVerify(
      'sha256',
      toVerify,
      new X509Certificate(derOf(cert)).publicKey,
      Buffer.from(si.signature.valueBlock.valueHexView)
    )
  } catch {
    return false
  }
}

export const signedAttribute = (si: pkijs.SignerInfo | undefined, oid: string): pkijs.Attribute | undefined =>
  si?.signedAttrs?.attributes.find((x) => x.type === oid)

/** The message imprint of an RFC 3161 token (TSTInfo inside the SignedData), or null. */
export function timestampImprint(sd: pkijs.SignedData): Buffer | null {
  try {
    const content = sd.encapContentInfo.eContent
    if (!content) return null
    const tst = pkijs.TSTInfo.fromBER(toArrayBuffer(Buffer.from(content.getValue())))
    if (tst.messageImprint.hashAlgorithm.algorithmId !== OID.sha256) return null
    return Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView)
  } catch {
    return null
  }
}
