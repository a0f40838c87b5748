/**
 * The trust list of assessment bodies: a PEM bundle of CA or signer certificates (`--trust FILE`,
 * AUDITOR_WORKBENCH_TRUSTED_BODIES, or trusted-bodies.pem beside the workspace), and the judgement of a
 * signer against it.
 *
 * The path from the signer to an anchor is built by signature (an issuer's name alone proves nothing: a
 * forger can name their own CA "Test Root CA"), then checked by pkijs' CertificateChainValidationEngine at
 * one time (validity periods, name chaining, CA key usage and basic constraints), and by us: the signer's
 * key usage (digitalSignature or nonRepudiation, and an extended key usage for documents when it names
 * any; a TSA: the timeStamping extended key usage) and basicConstraints on every issuing certificate (cA,
 * and its pathLenConstraint, which pkijs does not check). No revocation data is consulted (none is
 * published for the bodies yet); that is said in the README.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import type { TrustCheck } from '../../shared/domain/verdict-types'
import type { TrustedBody } from '../../shared/ipc/contract'
import { DomainError } from '../errors'
import { derOf, distinguishedName, fingerprintOf, toArrayBuffer } from './cms'

export const TRUST_FILE_NAME = 'trusted-bodies.pem'
export const TRUST_ENV = 'AUDITOR_WORKBENCH_TRUSTED_BODIES'
const MAX_PATH = 8
const MAX_TRUST_FILE = 4 * 1024 * 1024

const OID_KEY_USAGE = '2.5.29.15'
const OID_BASIC_CONSTRAINTS = '2.5.29.19'
const OID_EXT_KEY_USAGE = '2.5.29.37'
export const OID_TIME_STAMPING = '1.3.6.1.5.5.7.3.8'
/**
 * Extended key usages under which a certificate may sign a document (when it names any): any purpose,
 * e-mail protection (what NSS, and so pdfsig, asks of a signer), document signing (RFC 9336), Adobe's
 * Authentic Documents and Microsoft's document signing.
 */
const DOCUMENT_SIGNING_EKUS: Readonly<Record<string, string>> = {
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.36': 'documentSigning',
  '1.2.840.113583.1.1.5': 'Adobe Authentic Documents',
  '1.3.6.1.4.1.311.10.3.12': 'Microsoft document signing'
}
const EKU_NAMES: Readonly<Record<string, string>> = {
  ...DOCUMENT_SIGNING_EKUS,
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  [OID_TIME_STAMPING]: 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning'
}

export interface TrustList {
  /** where it was read from, for messages: a file path, or "(none)" */
  readonly source: string
  readonly certs: readonly pkijs.Certificate[]
  readonly entries: readonly TrustedBody[]
}

/** --trust FILE wins, then AUDITOR_WORKBENCH_TRUSTED_BODIES, then trusted-bodies.pem beside the workspace. */
export function trustListPath(dbPath: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env[TRUST_ENV]) return env[TRUST_ENV]
  return dbPath === ':memory:' ? '' : join(dirname(dbPath), TRUST_FILE_NAME)
}

export const certFromDer = (der: Buffer): pkijs.Certificate => pkijs.Certificate.fromBER(toArrayBuffer(der))

function describe(cert: pkijs.Certificate): TrustedBody {
  const der = derOf(cert)
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    fingerprint: fingerprintOf(der),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    ca: basicConstraintsCa(cert)
  }
}

/** The certificates of a PEM bundle; a block that is not a certificate is an error naming its place. */
export function parseTrustPem(pem: string, source: string): TrustList {
  const certs: pkijs.Certificate[] = []
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g
  let n = 0
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    n++
    if (m[1] !== 'CERTIFICATE')
      throw new DomainError('USAGE', `${source}: block ${n} is a ${m[1]}, not a CERTIFICATE`)
    try {
      certs.push(certFromDer(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')))
    } catch {
      throw new DomainError('USAGE', `${source}: block ${n} is not a readable X.509 certificate`)
    }
  }
  const unique = certs.filter((c, i) => certs.findIndex((d) => derOf(d).equals(derOf(c))) === i)
  return { source, certs: unique, entries: unique.map(describe) }
}

/** The trust list at `path`; a missing file is an empty list (every signer is then UNTRUSTED). */
export function loadTrustList(path: string): TrustList {
  if (!path || !existsSync(path))
    return { source: path ? `${path} (missing)` : '(none)', certs: [], entries: [] }
  const bytes = readFileSync(path)
  if (bytes.length > MAX_TRUST_FILE) throw new DomainError('USAGE', `${path}: the trust list is over 4 MB`)
  return parseTrustPem(bytes.toString('utf8'), path)
}

const toPem = (c: pkijs.Certificate): string =>
  `-----BEGIN CERTIFICATE-----\n${derOf(c)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`

/** The trust list as one PEM bundle (to hand it to a worker). */
export const trustListPem = (list: TrustList): string => list.certs.map(toPem).join('')

function writeTrustList(path: string, certs: readonly pkijs.Certificate[]): void {
  if (!path) throw new DomainError('USAGE', 'This workspace has no trust list file (an in-memory workspace).')
  const text = certs
    .map((c) => {
      const d = describe(c)
      return `# ${d.subject}\n# SHA-256 ${d.fingerprint}\n${toPem(c)}`
    })
    .join('\n')
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, text, { mode: 0o644 })
  renameSync(tmp, path) // all or nothing
}

/** Adds the certificates of a PEM text (already present ones are kept once). */
export function addToTrustList(path: string, pem: string): TrustList {
  const adding = parseTrustPem(pem, 'the added PEM')
  if (!adding.certs.length) throw new DomainError('USAGE', 'The added text holds no PEM certificate.')
  const current = loadTrustList(path)
  const all = [
    ...current.certs,
    ...adding.certs.filter((c) => !current.certs.some((d) => derOf(d).equals(derOf(c))))
  ]
  writeTrustList(path, all)
  return loadTrustList(path)
}

/** Removes the entry with this SHA-256 fingerprint (AB:CD:… or plain hex). */
export function removeFromTrustList(path: string, fingerprint: string): TrustList {
  const want = fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase()
  const current = loadTrustList(path)
  const keep = current.certs.filter((c) => describe(c).fingerprint.replace(/:/g, '') !== want)
  if (keep.length === current.certs.length)
    throw new DomainError('NOT_FOUND', `No entry with SHA-256 ${fingerprint} is in the trust list.`)
  writeTrustList(path, keep)
  return loadTrustList(path)
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid)
}

function basicConstraintsCa(cert: pkijs.Certificate): boolean {
  const bc = extension(cert, OID_BASIC_CONSTRAINTS)?.parsedValue as pkijs.BasicConstraints | undefined
  return !!bc?.cA
}

/** How many CA certificates may follow this CA's on a path (basicConstraints pathLenConstraint), or null. */
function pathLength(cert: pkijs.Certificate): number | null {
  const bc = extension(cert, OID_BASIC_CONSTRAINTS)?.parsedValue as pkijs.BasicConstraints | undefined
  const n = bc?.pathLenConstraint
  if (n === undefined) return null
  return typeof n === 'number' ? n : n.valueBlock.valueDec
}

const selfIssued = (c: pkijs.Certificate): boolean => c.subject.isEqual(c.issuer)

/** The key usage bits (first byte: digitalSignature 0x80, nonRepudiation 0x40, keyCertSign 0x04), or null. */
function keyUsage(cert: pkijs.Certificate): number | null {
  const ku = extension(cert, OID_KEY_USAGE)?.parsedValue as asn1js.BitString | undefined
  if (!ku) return null
  return ku.valueBlock.valueHexView[0] ?? 0
}

function extendedKeyUsage(cert: pkijs.Certificate): readonly string[] {
  const eku = extension(cert, OID_EXT_KEY_USAGE)?.parsedValue as pkijs.ExtKeyUsage | undefined
  return eku?.keyPurposes ?? []
}

const day = (d: Date): string => d.toISOString().slice(0, 10)

/** What makes a certificate unfit to sign for a relying party at `at`, one line each ([] when fit). */
export function certificateUnfit(
  cert: pkijs.Certificate,
  at: Date,
  purpose: 'signing' | 'timestamping'
): string[] {
  const out: string[] = []
  const name = distinguishedName(cert.subject)
  if (cert.notAfter.value < at)
    out.push(`the certificate ${name} expired on ${day(cert.notAfter.value)}, before ${at.toISOString()}`)
  if (cert.notBefore.value > at)
    out.push(
      `the certificate ${name} is valid only from ${day(cert.notBefore.value)}, after ${at.toISOString()}`
    )
  if (purpose === 'signing') {
    const ku = keyUsage(cert)
    if (ku === null || (ku & 0xc0) === 0)
      out.push(`the certificate ${name} has no key usage for signatures (digitalSignature or nonRepudiation)`)
    // an extended key usage limits the key to what it names: a timestamp authority's, trusted for the
    // time alone (its CA is in the same trust list), signs no verdict
    const eku = extendedKeyUsage(cert)
    if (eku.length && !eku.some((oid) => oid in DOCUMENT_SIGNING_EKUS))
      out.push(
        `the certificate ${name} is for ${eku.map((oid) => EKU_NAMES[oid] ?? oid).join(', ')} (extended key usage), not for signing documents`
      )
  } else if (!extendedKeyUsage(cert).includes(OID_TIME_STAMPING))
    out.push(`the certificate ${name} is not a timestamp authority's (no timeStamping extended key usage)`)
  return out
}

const x509Of = (c: pkijs.Certificate): X509Certificate => new X509Certificate(derOf(c))

/** The path signer → anchor, built by signature over the CMS certificates and the anchors; null if none. */
function buildPath(
  signer: pkijs.Certificate,
  pool: readonly pkijs.Certificate[],
  anchors: readonly pkijs.Certificate[]
): pkijs.Certificate[] | null {
  const isAnchor = (c: pkijs.Certificate): boolean => anchors.some((a) => derOf(a).equals(derOf(c)))
  const path = [signer]
  for (let cur = signer; path.length <= MAX_PATH;) {
    if (isAnchor(cur)) return path
    const x = x509Of(cur)
    const issuer = [...anchors, ...pool].find((cand) => {
      if (path.some((p) => derOf(p).equals(derOf(cand)))) return false
      const ix = x509Of(cand)
      try {
        return x.checkIssued(ix) && x.verify(ix.publicKey)
      } catch {
        return false
      }
    })
    if (!issuer) return null
    path.push(issuer)
    cur = issuer
  }
  return null
}

/** Judges a signer against the trust list at `at`: chained to an anchor, and every certificate fit. */
export async function judgeSigner(
  signer: pkijs.Certificate,
  pool: readonly pkijs.Certificate[],
  list: TrustList,
  at: Date,
  timeSource: TrustCheck['timeSource'],
  purpose: 'signing' | 'timestamping' = 'signing'
): Promise<TrustCheck> {
  const base = { checkedAt: at.toISOString(), timeSource }
  const problems = certificateUnfit(signer, at, purpose)
  const path = buildPath(signer, pool, list.certs)
  if (!path)
    return {
      ...base,
      chained: false,
      ok: false,
      path: [distinguishedName(signer.subject)],
      problems: [
        ...problems,
        list.certs.length
          ? `the ${purpose === 'signing' ? 'signer' : 'timestamp authority'}'s certificate does not chain to any of the ${list.certs.length} certificate(s) in the trust list ${list.source}`
          : `the trust list ${list.source} is empty`
      ]
    }
  for (const [i, ca] of path.entries()) {
    if (i === 0) continue
    if (!basicConstraintsCa(ca))
      problems.push(`${distinguishedName(ca.subject)} issues certificates but is not a CA (basicConstraints)`)
    // the CAs between it and the signer (self-issued ones not counted, RFC 5280 6.1.4)
    const limit = pathLength(ca)
    const below = path.slice(1, i).filter((c) => !selfIssued(c)).length
    if (limit !== null && below > limit)
      problems.push(
        `${distinguishedName(ca.subject)} allows ${limit === 0 ? 'no CA certificate' : `${limit} CA certificate(s)`} below it (basicConstraints pathLenConstraint), and the path has ${below}: ${path
          .slice(1, i)
          .map((c) => distinguishedName(c.subject))
          .join(', ')}`
      )
    for (const p of certificateUnfit(ca, at, 'signing').filter((x) => !/key usage/.test(x))) problems.push(p)
  }
  // a signer certificate in the list is its own anchor: nothing to chain (its validity and key usage are
  // checked above); otherwise pkijs checks the path signer → anchor
  if (path.length > 1) {
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: [path.at(-1)!],
      certs: path.slice(0, -1),
      checkDate: at
    })
    try {
      const r = await engine.verify()
      if (!r.result) problems.push(`the certificate path does not validate: ${r.resultMessage}`)
    } catch (e) {
      problems.push(`the certificate path does not validate: ${(e as Error).message}`)
    }
  }
  return {
    ...base,
    chained: true,
    ok: problems.length === 0,
    path: path.map((c) => distinguishedName(c.subject)),
    problems: [...new Set(problems)]
  }
}
