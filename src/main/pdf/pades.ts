/**
 * PAdES-B-B signing of a PDF: the placeholder from @signpdf (SubFilter ETSI.CAdES.detached, the time in the
 * signature dictionary's M), and the CMS written with pkijs behind @signpdf's Signer interface:
 * SHA-256, signed attributes content-type, message-digest and ESS signing-certificate-v2, and no
 * signing-time attribute (PAdES puts the time in M, not in the CMS).
 *
 * The PKCS#12 bytes and the passphrase are held only for the call; nothing is logged or written.
 */
import {
  createHash,
  createPrivateKey,
  sign as cryptoSign,
  X509Certificate,
  type KeyObject
} from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { SignPdf } from '@signpdf/signpdf'
import { plainAddPlaceholder } from '@signpdf/placeholder-plain'
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils'
import { DomainError } from '../errors'
import { certificateUnfit, judgeSigner, type TrustList } from './trust'
import { distinguishedName, OID, OID_SIGNATURE_TIMESTAMP, toArrayBuffer } from './cms'
import { acceptToken, requestTimestamp } from './tsp'

/** Room for the CMS in /Contents (bytes): a 4096-bit RSA signature and a certificate chain fit. */
const SIGNATURE_LENGTH = 16_384

export interface SigningKey {
  readonly key: KeyObject
  readonly certificate: pkijs.Certificate
  readonly chain: readonly pkijs.Certificate[]
  readonly x509: X509Certificate
}

/** Opens a PKCS#12 file: its private key and the certificate that matches it, plus the rest of the chain. */
export async function openPkcs12(p12: Buffer, passphrase: string, now = new Date()): Promise<SigningKey> {
  const password = toArrayBuffer(new TextEncoder().encode(passphrase))
  let pfx: pkijs.PFX
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(p12))
  } catch {
    throw new DomainError('USAGE', 'The signing key file is not a PKCS#12 (.p12/.pfx) file.')
  }
  try {
    await pfx.parseInternalValues({ password, checkIntegrity: !!pfx.macData })
  } catch {
    throw new DomainError(
      'USAGE',
      'The passphrase of the signing key is wrong (the PKCS#12 integrity check failed).'
    )
  }
  const safe = pfx.parsedValue?.authenticatedSafe
  if (!safe) throw new DomainError('USAGE', 'The PKCS#12 file holds no key or certificate.')
  try {
    await safe.parseInternalValues({
      safeContents: safe.safeContents.map(() => ({ password }))
    } as unknown as Parameters<typeof safe.parseInternalValues>[0])
  } catch {
    throw new DomainError('USAGE', 'The PKCS#12 contents cannot be decrypted with this passphrase.')
  }
  const keys: pkijs.PrivateKeyInfo[] = []
  const certs: pkijs.Certificate[] = []
  for (const content of (safe.parsedValue as { safeContents: { value: pkijs.SafeContents }[] })
    .safeContents) {
    for (const bag of content.value.safeBags) {
      if (bag.bagId === OID.shroudedKeyBag) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag
        await (
          shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }
        ).parseInternalValues({ password })
        if (shrouded.parsedValue) keys.push(shrouded.parsedValue)
      } else if (bag.bagId === OID.keyBag) keys.push(bag.bagValue as unknown as pkijs.PrivateKeyInfo)
      else if (bag.bagId === OID.certBag) {
        const parsed = (bag.bagValue as pkijs.CertBag).parsedValue
        if (parsed instanceof pkijs.Certificate) certs.push(parsed)
      }
    }
  }
  if (keys.length === 0) throw new DomainError('USAGE', 'The PKCS#12 file holds no private key.')
  const key = createPrivateKey({
    key: Buffer.from(keys[0]!.toSchema().toBER()),
    format: 'der',
    type: 'pkcs8'
  })
  const own = certs.find((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())).checkPrivateKey(key))
  if (!own) throw new DomainError('USAGE', 'The PKCS#12 file holds no certificate for its private key.')
  const x509 = new X509Certificate(Buffer.from(own.toSchema().toBER()))
  if (new Date(x509.validTo) < now)
    throw new DomainError(
      'USAGE',
      `The signing certificate expired on ${new Date(x509.validTo).toISOString().slice(0, 10)}.`
    )
  if (new Date(x509.validFrom) > now)
    throw new DomainError(
      'USAGE',
      `The signing certificate is valid only from ${new Date(x509.validFrom).toISOString().slice(0, 10)}.`
    )
  return { key, certificate: own, chain: certs.filter((c) => c !== own), x509 }
}

/** ESS signing-certificate-v2 (RFC 5035): the SHA-256 of the signer certificate, with its issuer and serial. */
function signingCertificateV2(cert: pkijs.Certificate): asn1js.Sequence {
  const der = cert.toSchema().toBER()
  const hash = createHash('sha256').update(Buffer.from(der)).digest()
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 }, // directoryName [4]
            value: [cert.issuer.toSchema()]
          })
        ]
      }),
      cert.serialNumber
    ]
  })
  // hashAlgorithm is omitted: its DEFAULT is id-sha256
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(hash) }), issuerSerial]
  })
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })
}

/** The CMS step of PAdES-B-B, behind @signpdf's Signer interface. */
export class PadesSigner extends Signer {
  constructor(
    private readonly signing: SigningKey,
    /**
     * a timestamp authority (RFC 3161 URL): the signature gets a signature timestamp (PAdES-B-T), refused
     * unless the authority chains to `trust` (the signer's own trust list)
     */
    private readonly tsa?: { readonly url: string; readonly trust: TrustList }
  ) {
    super()
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const { certificate, chain, key } = this.signing
    const digest = createHash('sha256').update(pdfBuffer).digest()
    const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })
    const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        new pkijs.Attribute({
          type: OID.contentType,
          values: [new asn1js.ObjectIdentifier({ value: OID.data })]
        }),
        new pkijs.Attribute({
          type: OID.messageDigest,
          values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })]
        }),
        new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(certificate)] })
      ]
    })
    // the signature covers the DER of the attributes as a SET OF (tag 0x31), not as the [0] IMPLICIT field
    const toSign = Buffer.from(signedAttrs.toSchema().toBER())
    toSign[0] = 0x31
    const ec = key.asymmetricKeyType === 'ec'
    if (!ec && key.asymmetricKeyType !== 'rsa')
      throw new DomainError(
        'USAGE',
        `Signing keys of type ${key.asymmetricKeyType ?? 'unknown'} are not supported (use RSA or EC).`
      )
    const signature = cryptoSign('sha256', toSign, key)
    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({
        issuer: certificate.issuer,
        serialNumber: certificate.serialNumber
      }),
      digestAlgorithm: sha256,
      signedAttrs,
      signatureAlgorithm: new pkijs.AlgorithmIdentifier(
        ec
          ? { algorithmId: OID.ecdsaWithSha256 }
          : { algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }
      ),
      signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) })
    })
    if (this.tsa) {
      // PAdES-B-T: a token over the signature value, as the unsigned attribute signatureTimeStampToken
      const imprint = createHash('sha256').update(signature).digest()
      const token = await requestTimestamp(this.tsa.url, imprint)
      await acceptToken(token, imprint, this.tsa.trust, this.tsa.url)
      signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
        type: 1,
        attributes: [
          new pkijs.Attribute({
            type: OID_SIGNATURE_TIMESTAMP,
            values: [asn1js.fromBER(toArrayBuffer(token)).result]
          })
        ]
      })
    }
    const signedData = new pkijs.SignedData({
      version: 1,
      digestAlgorithms: [sha256],
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      certificates: [certificate, ...chain],
      signerInfos: [signerInfo]
    })
    const contentInfo = new pkijs.ContentInfo({
      contentType: OID.signedData,
      content: signedData.toSchema(true)
    })
    return Buffer.from(contentInfo.toSchema().toBER())
  }
}

export interface SignOptions {
  readonly p12: Buffer
  readonly passphrase: string
  readonly signingTime: Date
  /** the signer's own trust list: a certificate whose chain it cannot build is refused */
  readonly trust: TrustList
  /** a timestamp authority (RFC 3161 URL): PAdES-B-T; without one the file is B-B and awaits a timestamp */
  readonly tsaUrl?: string | undefined
  readonly name?: string
  readonly reason?: string
  readonly location?: string
  readonly contactInfo?: string
}

/** Opens the PKCS#12 and refuses a certificate no relying party would accept (see refuseUnfit). */
export async function openSigningKey(
  opts: Pick<SignOptions, 'p12' | 'passphrase' | 'signingTime' | 'trust'>
): Promise<SigningKey> {
  const signing = await openPkcs12(opts.p12, opts.passphrase, opts.signingTime)
  await refuseUnfit(signing, opts.trust, opts.signingTime)
  return signing
}

/** Signs an unsigned PDF (as pdfmake writes it): placeholder, then the CMS over the byte ranges. */
export async function signPdf(pdf: Buffer, opts: SignOptions, opened?: SigningKey): Promise<Buffer> {
  const signing = opened ?? (await openSigningKey(opts))
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: opts.reason ?? 'Verdict',
    contactInfo: opts.contactInfo ?? '',
    name:
      opts.name ??
      signing.x509.subject
        .split('\n')
        .find((l) => l.startsWith('CN='))
        ?.slice(3) ??
      '',
    location: opts.location ?? '',
    signingTime: opts.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'AuditorWorkbench' // written as a PDF name: no spaces
  })
  return new SignPdf().sign(
    withPlaceholder,
    new PadesSigner(signing, opts.tsaUrl ? { url: opts.tsaUrl, trust: opts.trust } : undefined),
    opts.signingTime
  )
}

/**
 * Refuses a certificate no relying party would accept: without a key usage for signatures, or one whose
 * chain the signer's own trust list cannot build (or whose chain fails there). Expiry is refused when the
 * PKCS#12 is opened. The error says which.
 */
async function refuseUnfit(signing: SigningKey, trust: TrustList, at: Date): Promise<void> {
  const unfit = certificateUnfit(signing.certificate, at, 'signing')
  if (unfit.length) throw new DomainError('USAGE', `The signing certificate is refused: ${unfit.join('; ')}.`)
  const judged = await judgeSigner(signing.certificate, signing.chain, trust, at, 'verification time')
  if (!judged.chained)
    throw new DomainError(
      'USAGE',
      `The signing certificate is refused: its chain (${distinguishedName(signing.certificate.issuer)} and up) cannot be built to your own trust list ${trust.source}, so no relying party with the same list would accept it. Add your body's CA certificate to the trust list first.`
    )
  if (!judged.ok)
    throw new DomainError('USAGE', `The signing certificate is refused: ${judged.problems.join('; ')}.`)
}
