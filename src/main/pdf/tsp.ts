/**
 * Trusted time (RFC 3161): asking a timestamp authority for a token, and checking tokens.
 *
 *  - A signature timestamp (PAdES-B-T): the unsigned attribute id-aa-signatureTimeStampToken of the CMS
 *    SignerInfo; its message imprint is the SHA-256 of the signature value.
 *  - A document timestamp (ETSI.RFC3161): a signature dictionary of type DocTimeStamp whose /Contents is the
 *    token itself; its message imprint is the SHA-256 of the byte ranges (checked in pdf-verify.ts).
 *
 * A token counts when its imprint matches, its SignedData verifies with the TSA certificate, and that
 * certificate has the timeStamping extended key usage and chains to the trust list at the token's time.
 */
import { createHash, randomBytes } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import type { SignatureCheck, TimestampCheck } from '../../shared/domain/verdict-types'
import { DomainError } from '../errors'
import {
  distinguishedName,
  OID,
  OID_SIGNATURE_TIMESTAMP,
  OID_TST_INFO,
  parseSignedData,
  signedAttribute,
  signerCertificate,
  signerInfoVerifies,
  timestampImprint,
  toArrayBuffer
} from './cms'
import type { FoundSignature } from './pdf-verify'
import { judgeSigner, type TrustList } from './trust'

const MAX_REPLY = 256 * 1024

interface TokenResult {
  readonly check: TimestampCheck
  readonly tsaCert: pkijs.Certificate | null
}

/** Checks a token (a SignedData over a TSTInfo) against the imprint it must carry, and its TSA. */
export async function checkToken(
  sd: pkijs.SignedData,
  imprint: Buffer,
  list: TrustList
): Promise<TokenResult> {
  const problems: string[] = []
  let time: string | null = null
  if (sd.encapContentInfo.eContentType !== OID_TST_INFO) problems.push('the token holds no TSTInfo')
  const got = timestampImprint(sd)
  if (!got) problems.push('the token has no SHA-256 message imprint')
  else if (!got.equals(imprint)) problems.push('the token stamps other data (its message imprint differs)')
  try {
    const content = sd.encapContentInfo.eContent
    if (content) {
      const tst = pkijs.TSTInfo.fromBER(toArrayBuffer(Buffer.from(content.getValue())))
      time = tst.genTime.toISOString()
      const si = sd.signerInfos[0]
      const md = signedAttribute(si, OID.messageDigest)?.values[0] as asn1js.OctetString | undefined
      const want = createHash('sha256').update(Buffer.from(content.getValue())).digest()
      if (!md || !Buffer.from(md.valueBlock.valueHexView).equals(want))
        problems.push('the token was changed after the authority signed it')
    }
  } catch {
    problems.push('the token is not readable')
  }
  const tsaCert = signerCertificate(sd)
  const si = sd.signerInfos[0]
  if (!tsaCert || !si) problems.push("the token does not carry the authority's certificate")
  else if (!signerInfoVerifies(si, tsaCert)) problems.push("the token's signature does not verify")
  const ok = problems.length === 0
  let trusted = false
  if (ok && tsaCert && time) {
    const pool = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    const trust = await judgeSigner(tsaCert, pool, list, new Date(time), 'timestamp', 'timestamping')
    trusted = trust.ok
    if (!trust.ok) problems.push(...trust.problems)
  }
  return {
    check: { time, tsa: tsaCert ? distinguishedName(tsaCert.subject) : null, ok, trusted, problems },
    tsaCert
  }
}

/** The signature timestamp of an approval signature (PAdES-B-T), or null when it has none. */
export async function checkSignatureTimestamp(
  s: FoundSignature,
  list: TrustList
): Promise<TimestampCheck | null> {
  const si = s.signedData?.signerInfos[0]
  const attr = si?.unsignedAttrs?.attributes.find((a) => a.type === OID_SIGNATURE_TIMESTAMP)
  if (!si || !attr) return null
  const token = attr.values[0]
  const sd = token ? parseSignedData(Buffer.from(token.toBER())) : null
  if (!sd)
    return { time: null, tsa: null, ok: false, trusted: false, problems: ['the timestamp is not readable'] }
  const imprint = createHash('sha256').update(Buffer.from(si.signature.valueBlock.valueHexView)).digest()
  return (await checkToken(sd, imprint, list)).check
}

/** A document timestamp, judged: its token, its authority against the trust list. */
export async function checkDocumentTimestamp(s: FoundSignature, list: TrustList): Promise<SignatureCheck> {
  if (!s.signedData) return s.check
  // the imprint was compared with the byte ranges already (digestOk); here: the token and its authority
  const { check, tsaCert } = await checkToken(
    s.signedData,
    timestampImprint(s.signedData) ?? Buffer.alloc(0),
    list
  )
  const problems = check.ok ? [] : check.problems
  return {
    ...s.check,
    valid: s.check.valid && check.ok,
    signingTime: check.time ?? s.check.signingTime,
    timestamp: check,
    trust: tsaCert
      ? {
          chained: check.trusted,
          ok: check.trusted,
          path: [check.tsa ?? ''],
          checkedAt: check.time ?? '',
          timeSource: 'timestamp',
          problems: check.trusted ? [] : check.problems
        }
      : null,
    problems: [...s.check.problems, ...problems]
  }
}

/**
 * Refuses a token that a relying party with the signer's own trust list would refuse (as signing refuses a
 * certificate whose chain that list cannot build): one that does not verify, or whose authority does not
 * chain to the list at the token's time. The error names the authority and why.
 */
export async function acceptToken(
  token: Buffer,
  imprint: Buffer,
  list: TrustList,
  url: string
): Promise<void> {
  const sd = parseSignedData(token)
  const { check } = sd
    ? await checkToken(sd, imprint, list)
    : { check: { ok: false, trusted: false, problems: ['the token is not readable'] } }
  if (!check.ok || !check.trusted)
    throw new DomainError(
      'USAGE',
      `The timestamp authority ${url} is refused: ${check.problems.join('; ')}. A relying party with your trust list ${list.source} would call the file INVALID; add the authority's CA certificate to the trust list first.`
    )
}

/**
 * The bytes of a positive INTEGER in DER (its shortest form): leading zero bytes dropped, one put back
 * where the first bit would make it negative. Random nonce bytes are not that: one in 512 began with a zero
 * byte and one below 0x80, which openssl's TSA refused (status 2) and another may echo shortened.
 */
function derPositive(bytes: Buffer): Buffer {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  const rest = bytes.subarray(i)
  return rest[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), rest]) : Buffer.from(rest)
}

/**
 * Asks the TSA at `url` for a token over `imprint` (SHA-256); returns the token (a ContentInfo, DER).
 * `nonce`: random unless a test gives one.
 */
export async function requestTimestamp(
  url: string,
  imprint: Buffer,
  nonce: Buffer = randomBytes(8)
): Promise<Buffer> {
  if (!/^https?:\/\//.test(url))
    throw new DomainError('USAGE', `The timestamp authority URL ${url} is not http(s).`)
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(imprint) })
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(derPositive(nonce)) }),
    certReq: true
  })
  let reply: Buffer
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(req.toSchema().toBER()),
      signal: AbortSignal.timeout(30_000)
    })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    reply = Buffer.from(await res.arrayBuffer())
  } catch (e) {
    throw new DomainError('USAGE', `The timestamp authority ${url} did not answer: ${(e as Error).message}`)
  }
  if (reply.length > MAX_REPLY)
    throw new DomainError('USAGE', `The timestamp authority ${url} sent over 256 KB.`)
  let resp: pkijs.TimeStampResp
  try {
    resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(reply))
  } catch {
    throw new DomainError('USAGE', `The timestamp authority ${url} sent no RFC 3161 reply.`)
  }
  if (resp.status.status > 1 || !resp.timeStampToken)
    throw new DomainError(
      'USAGE',
      `The timestamp authority ${url} refused the request (status ${resp.status.status}).`
    )
  const token = Buffer.from(resp.timeStampToken.toSchema().toBER())
  const sd = parseSignedData(token)
  if (!sd || !timestampImprint(sd)?.equals(imprint))
    throw new DomainError('USAGE', `The timestamp authority ${url} stamped other data than was asked.`)
  // the nonce binds the reply to this request (no replayed token)
  const content = sd.encapContentInfo.eContent
  const tst = content ? pkijs.TSTInfo.fromBER(toArrayBuffer(Buffer.from(content.getValue()))) : null
  if (!tst?.nonce || !derPositive(Buffer.from(tst.nonce.valueBlock.valueHexView)).equals(derPositive(nonce)))
    throw new DomainError('USAGE', `The timestamp authority ${url} answered without this request's nonce.`)
  return token
}
