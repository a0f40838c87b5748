/**
 * Detached SSH signatures (`ssh-keygen -Y sign -n report`), as the SCS compliance monitor receives them,
 * verified against a local trust list in ssh-keygen's allowed_signers format. Implements the SSHSIG
 * format (OpenSSH PROTOCOL.sshsig) for ssh-ed25519, rsa-sha2-256/512 and ecdsa-sha2-nistp256/384/521.
 */
import type { KeyObject } from 'node:crypto'
import { nodeCrypto } from '../node-crypto'
import { readFileSync, existsSync } from 'node:fs'
import type { SignatureState } from '../../shared/domain/types'

export const SIGNATURE_BEGIN = '-----BEGIN SSH SIGNATURE-----'
export const SIGNATURE_END = '-----END SSH SIGNATURE-----'
export const NAMESPACE = 'report'
/** the namespace of the auditors' signed audit entries (one SSHSIG module signs them and checks them) */
export const ACT_NAMESPACE = 'auditor-workbench'

export interface SignatureCheck {
  readonly state: SignatureState
  /** the identity from the trust list (valid), or the key fingerprint (unknown key) */
  readonly signer: string | null
  readonly detail: string
}

export class SshReader {
  private offset = 0
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    if (this.offset + 4 > this.buf.length) throw new Error('truncated')
    const v = this.buf.readUInt32BE(this.offset)
    this.offset += 4
    return v
  }
  bytes(): Buffer {
    const n = this.u32()
    if (n > this.buf.length - this.offset) throw new Error('truncated')
    const v = this.buf.subarray(this.offset, this.offset + n)
    this.offset += n
    return v
  }
  raw(n: number): Buffer {
    if (this.offset + n > this.buf.length) throw new Error('truncated')
    const v = this.buf.subarray(this.offset, this.offset + n)
    this.offset += n
    return v
  }
  done(): boolean {
    return this.offset === this.buf.length
  }
}

export const sshString = (b: Buffer | string): Buffer => {
  const data = typeof b === 'string' ? Buffer.from(b) : b
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  return Buffer.concat([len, data])
}
const b64url = (b: Buffer): string => b.toString('base64url')
const unsigned = (b: Buffer): Buffer => (b.length > 1 && b[0] === 0 ? b.subarray(1) : b)
const pad = (b: Buffer, n: number): Buffer =>
  b.length >= n ? b.subarray(b.length - n) : Buffer.concat([Buffer.alloc(n - b.length), b])

const CURVES: Record<string, { crv: string; size: number; hash: string }> = {
  nistp256: { crv: 'P-256', size: 32, hash: 'sha256' },
  nistp384: { crv: 'P-384', size: 48, hash: 'sha384' },
  nistp521: { crv: 'P-521', size: 66, hash: 'sha512' }
}

/** An SSH public key blob → a Node KeyObject. */
export function keyFromBlob(blob: Buffer): { key: KeyObject; type: string } {
  const r = new SshReader(blob)
  const type = r.bytes().toString()
  if (type === 'ssh-ed25519')
    return {
      type,
      key: nodeCrypto().createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: b64url(r.bytes()) },
        format: 'jwk'
      })
    }
  if (type === 'ssh-rsa') {
    const e = unsigned(r.bytes())
    const n = unsigned(r.bytes())
    return {
      type,
      key: nodeCrypto().createPublicKey({ key: { kty: 'RSA', e: b64url(e), n: b64url(n) }, format: 'jwk' })
    }
  }
  const ec = /^ecdsa-sha2-(nistp\d+)$/.exec(type)
  if (ec && CURVES[ec[1]!]) {
    const curve = CURVES[ec[1]!]!
    r.bytes() // curve name
    const q = r.bytes()
    if (q[0] !== 4) throw new Error('compressed EC points are not supported')
    const x = q.subarray(1, 1 + curve.size)
    const y = q.subarray(1 + curve.size)
    return {
      type,
      key: nodeCrypto().createPublicKey({
        key: { kty: 'EC', crv: curve.crv, x: b64url(x), y: b64url(y) },
        format: 'jwk'
      })
    }
  }
  throw new Error(`unsupported key type ${type}`)
}

export const fingerprint = (blob: Buffer): string =>
  `SHA256:${nodeCrypto().createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`

/** The options of an allowed_signers line that ssh-keygen honours (sshsig.c, `sshsigopt_parse`). */
export interface SignerOptions {
  readonly certAuthority: boolean
  /** a pattern list of namespaces the key may sign in */
  readonly namespaces: string | null
  /** seconds since the epoch; the key is valid from / until then */
  readonly validAfter: number | null
  readonly validBefore: number | null
}

export interface TrustedSigner {
  /** a pattern list (`a,b*,!c`), matched against the identity as `ssh-keygen -Y verify -I` does */
  readonly principals: string
  readonly blob: Buffer
  readonly options: SignerOptions
  readonly line: number
}

/**
 * `YYYYMMDD[HHMM[SS]][Z]` as ssh-keygen's parse_absolute_time reads it: local time, or UTC with a Z.
 * Returns seconds since the epoch, or null when the text is not such a time.
 */
export function parseSshTime(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/i.exec(text)
  if (!m) return null
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(
    Number
  ) as number[]
  const date = m[7]
    ? new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, sec!))
    : new Date(y!, mo! - 1, d!, h!, mi!, sec!)
  if (date.getTime() !== date.getTime() || (m[7] ? date.getUTCDate() : date.getDate()) !== d) return null
  return Math.floor(date.getTime() / 1000)
}

/** Splits at the first whitespace outside double quotes. */
function token(text: string): [string, string] {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '"') quoted = !quoted
    else if (!quoted && /\s/.test(ch)) return [text.slice(0, i), text.slice(i).trimStart()]
  }
  return [text, '']
}

/** Parses `cert-authority,namespaces="a,b",valid-after="…"`; null when ssh-keygen would refuse the line. */
function parseOptions(text: string): SignerOptions | null {
  let certAuthority = false
  let namespaces: string | null = null
  let validAfter: number | null = null
  let validBefore: number | null = null
  const re = /([A-Za-z-]+)(?:="([^"]*)")?(?:,|$)/y
  let at = 0
  while (at < text.length) {
    re.lastIndex = at
    const m = re.exec(text)
    if (!m || m[0] === '') return null
    at = re.lastIndex
    const [name, value] = [m[1]!.toLowerCase(), m[2]]
    if (name === 'cert-authority' && value === undefined) certAuthority = true
    else if (name === 'namespaces' && value !== undefined) namespaces = value
    else if ((name === 'valid-after' || name === 'valid-before') && value !== undefined) {
      const t = parseSshTime(value)
      if (t === null) return null
      if (name === 'valid-after') validAfter = t
      else validBefore = t
    } else return null
  }
  if (validAfter !== null && validBefore !== null && validBefore <= validAfter) return null
  return { certAuthority, namespaces, validAfter, validBefore }
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-\S+)$/

/**
 * Reads an allowed_signers file: `principals [options] keytype base64 [comment]` per line. A line that
 * ssh-keygen could not use (bad options, no key) is left out, as ssh-keygen skips it too.
 */
export function parseAllowedSigners(text: string): TrustedSigner[] {
  const out: TrustedSigner[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const [principalsRaw, rest] = token(line)
    const principals = principalsRaw.replace(/^"(.*)"$/, '$1')
    let [next, after] = token(rest)
    let options: SignerOptions | null = {
      certAuthority: false,
      namespaces: null,
      validAfter: null,
      validBefore: null
    }
    if (!KEY_TYPE.test(next)) {
      options = parseOptions(next)
      ;[next, after] = token(after)
    }
    const [b64] = token(after)
    if (!options || !KEY_TYPE.test(next) || !b64) return
    out.push({ principals, blob: Buffer.from(b64, 'base64'), options, line: i + 1 })
  })
  return out
}

export function loadAllowedSigners(path: string | null): TrustedSigner[] {
  if (!path || !existsSync(path)) return []
  return parseAllowedSigners(readFileSync(path, 'utf8'))
}

/** OpenSSH's match_pattern (`*`, `?`) */
function matchPattern(s: string, pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's'
  )
  return re.test(s)
}

/** OpenSSH's match_pattern_list: a negated pattern that matches refuses, else any match accepts. */
export function matchPatternList(s: string, list: string): boolean {
  let got = false
  for (const p of list.split(',')) {
    if (p.startsWith('!')) {
      if (matchPattern(s, p.slice(1))) return false
    } else if (matchPattern(s, p)) got = true
  }
  return got
}

/** A user certificate (PROTOCOL.certkeys): the certified key and what the CA says about it. */
interface Certificate {
  readonly key: Buffer
  readonly type: number
  readonly principals: readonly string[]
  readonly validAfter: bigint
  readonly validBefore: bigint
  readonly caKey: Buffer
  readonly signed: Buffer
  readonly signature: Buffer
}

function parseCertificate(blob: Buffer): Certificate | null {
  const r = new SshReader(blob)
  const type = r.bytes().toString()
  const m = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+)-cert-v01@openssh\.com$/.exec(type)
  if (!m) return null
  r.bytes() // nonce
  const plain = m[1]!
  // ed25519: the key; rsa: e and n; ecdsa: the curve and the point
  const parts = plain === 'ssh-ed25519' ? [r.bytes()] : [r.bytes(), r.bytes()]
  const key = Buffer.concat([sshString(plain), ...parts.map((x) => sshString(x))])
  r.raw(8) // serial
  const certType = r.u32()
  r.bytes() // key id
  const pr = new SshReader(r.bytes())
  const principals: string[] = []
  while (!pr.done()) principals.push(pr.bytes().toString())
  const validAfter = r.raw(8).readBigUInt64BE()
  const validBefore = r.raw(8).readBigUInt64BE()
  r.bytes() // critical options
  r.bytes() // extensions
  r.bytes() // reserved
  const caKey = r.bytes()
  const signature = r.bytes() // the last field: the CA signs everything before it
  if (!r.done()) throw new Error('trailing bytes after the certificate')
  return {
    key,
    type: certType,
    principals,
    validAfter,
    validBefore,
    caKey,
    signed: blob.subarray(0, blob.length - 4 - signature.length),
    signature
  }
}

/** Verifies an SSH signature blob (`string type, string sig`) over `data` with the key `keyBlob`. */
function verifyBlob(keyBlob: Buffer, sigBlob: Buffer, data: Buffer): boolean | string {
  const { key, type } = keyFromBlob(keyBlob)
  const sr = new SshReader(sigBlob)
  const sigType = sr.bytes().toString()
  const sig = sr.bytes()
  if (type === 'ssh-ed25519') return sigType === 'ssh-ed25519' && nodeCrypto().verify(null, data, key, sig)
  if (type === 'ssh-rsa') {
    const alg = sigType === 'rsa-sha2-512' ? 'sha512' : sigType === 'rsa-sha2-256' ? 'sha256' : null
    if (!alg) return `RSA signature type ${sigType} is not allowed (SHA-1)`
    return nodeCrypto().verify(alg, data, key, sig)
  }
  const curve = CURVES[type.replace('ecdsa-sha2-', '')]!
  const inner = new SshReader(sig)
  const rs = Buffer.concat([
    pad(unsigned(inner.bytes()), curve.size),
    pad(unsigned(inner.bytes()), curve.size)
  ])
  return sigType === type && nodeCrypto().verify(curve.hash, data, { key, dsaEncoding: 'ieee-p1363' }, rs)
}

/** Why a trust-list line does or does not allow a signing key, as ssh-keygen's check_allowed_keys_line. */
export type Allowance =
  | { readonly ok: true; readonly signer: TrustedSigner }
  | { readonly ok: false; readonly keyListed: boolean; readonly reason: string }

/**
 * Whether the trust list allows `signingKey` to sign in `namespace` at `at` for `principal` (null: any
 * principal, which is how the key's own identities are found). Each line is tried as ssh-keygen tries it:
 * principals, then the key (or, for cert-authority, the certificate's CA), then namespaces and validity.
 */
export function allowedBy(
  trusted: readonly TrustedSigner[],
  signingKey: Buffer,
  principal: string | null,
  namespace: string,
  at: Date
): Allowance {
  const now = BigInt(Math.floor(at.getTime() / 1000))
  let cert: Certificate | null = null
  let certProblem: string | null = null
  try {
    cert = parseCertificate(signingKey)
    if (cert) {
      const ok = verifyBlob(cert.caKey, cert.signature, cert.signed)
      if (ok !== true) certProblem = 'the certificate’s CA signature does not verify'
    }
  } catch (error) {
    certProblem = `the certificate cannot be read (${(error as Error).message})`
  }
  let keyListed = false
  let reason = 'the key is not in the trust list'
  for (const t of trusted) {
    const o = t.options
    // a plain line matches the exact key (a certificate is not its plain key); cert-authority the CA
    const matches = o.certAuthority ? !!cert && t.blob.equals(cert.caKey) : t.blob.equals(signingKey)
    if (!matches) continue
    keyListed = true
    if (principal !== null && !matchPatternList(principal, t.principals)) {
      reason = `the trust list names this key for ${t.principals}, not for ${principal}`
      continue
    }
    if (o.certAuthority && cert) {
      if (certProblem) {
        reason = certProblem
        continue
      }
      if (cert.type !== 1) {
        reason = 'the certificate is not a user certificate'
        continue
      }
      if (cert.principals.length === 0) {
        reason = 'the certificate lacks a principal list'
        continue
      }
      if (principal !== null && !cert.principals.includes(principal)) {
        reason = `the certificate is for ${cert.principals.join(', ')}, not for ${principal}`
        continue
      }
      if (now < cert.validAfter) {
        reason = 'the certificate is not yet valid'
        continue
      }
      if (now >= cert.validBefore) {
        reason = 'the certificate has expired'
        continue
      }
    }
    if (o.namespaces !== null && !matchPatternList(namespace, o.namespaces)) {
      reason = `trust-list line ${t.line} allows this key only for namespaces "${o.namespaces}", not "${namespace}"`
      continue
    }
    if (o.validAfter !== null && now < BigInt(o.validAfter)) {
      reason = `trust-list line ${t.line}: the key is not valid before ${new Date(o.validAfter * 1000).toISOString()}`
      continue
    }
    if (o.validBefore !== null && now > BigInt(o.validBefore)) {
      reason = `trust-list line ${t.line}: the key expired at ${new Date(o.validBefore * 1000).toISOString()}`
      continue
    }
    return { ok: true, signer: t }
  }
  return { ok: false, keyListed, reason }
}

/** A signature whose bytes verify: the signing key it carries, for the trust decision. */
export interface VerifiedSignature {
  readonly publicKey: Buffer
  readonly keyType: string
}

/** Checks an armored SSHSIG over `message` in `namespace`: the cryptography only, no trust decision. */
export function verifySshsig(
  armored: string,
  message: Uint8Array,
  namespace: string = NAMESPACE
): VerifiedSignature | { readonly invalid: string } {
  const invalid = (detail: string): { invalid: string } => ({ invalid: detail })
  const text = armored.trim()
  if (!text.startsWith(SIGNATURE_BEGIN) || !text.endsWith(SIGNATURE_END))
    return invalid('the signature is not an armored SSH signature')
  try {
    const blob = Buffer.from(
      text.slice(SIGNATURE_BEGIN.length, -SIGNATURE_END.length).replace(/\s+/g, ''),
      'base64'
    )
    const r = new SshReader(blob)
    if (r.raw(6).toString() !== 'SSHSIG') return invalid('bad magic: not an SSHSIG signature')
    if (r.u32() !== 1) return invalid('unsupported SSHSIG version')
    const publicKey = r.bytes()
    const ns = r.bytes().toString()
    const reserved = r.bytes()
    const hashAlg = r.bytes().toString()
    const sigBlob = r.bytes()
    if (!r.done()) return invalid('trailing bytes after the signature')
    if (ns !== namespace) return invalid(`signed for namespace "${ns}", not "${namespace}"`)
    if (hashAlg !== 'sha256' && hashAlg !== 'sha512') return invalid(`unsupported hash algorithm ${hashAlg}`)
    const signed = Buffer.concat([
      Buffer.from('SSHSIG'),
      sshString(ns),
      sshString(reserved),
      sshString(hashAlg),
      sshString(nodeCrypto().createHash(hashAlg).update(message).digest())
    ])
    const cert = parseCertificate(publicKey)
    const keyBlob = cert ? cert.key : publicKey
    const ok = verifyBlob(keyBlob, sigBlob, signed)
    if (typeof ok === 'string') return invalid(ok)
    if (!ok)
      return invalid('the signature does not match the report (the report or the signature was changed)')
    return { publicKey, keyType: new SshReader(publicKey).bytes().toString() }
  } catch (error) {
    return invalid(`the signature cannot be read (${(error as Error).message})`)
  }
}

/**
 * Checks an armored SSHSIG over `message` in namespace "report" against the trust list at `at`, for the
 * report's subject when given (the compliance monitor's `-I <subject>`): valid only when ssh-keygen
 * would accept it. A key that is listed, but not for this subject, is `wrong-subject`; one whose line
 * options refuse the signature (namespaces, valid-after/-before, cert-authority) is `not-allowed`.
 */
export function checkSignature(
  armored: string,
  message: Uint8Array,
  trusted: readonly TrustedSigner[],
  at: Date,
  subject: string | null = null
): SignatureCheck {
  const v = verifySshsig(armored, message)
  if ('invalid' in v) return { state: 'invalid', signer: null, detail: v.invalid }
  const fp = fingerprint(v.publicKey)
  const allowed = allowedBy(trusted, v.publicKey, subject, NAMESPACE, at)
  if (allowed.ok)
    return {
      state: 'valid',
      signer: allowed.signer.principals,
      detail: `signed by ${allowed.signer.principals} (${v.keyType} ${fp})`
    }
  if (!allowed.keyListed)
    return {
      state: 'unknown-key',
      signer: fp,
      detail: `signed by ${v.keyType} key ${fp}, which is not in the trust list`
    }
  // listed: for another subject, or refused by its options?
  if (subject !== null) {
    const any = allowedBy(trusted, v.publicKey, null, NAMESPACE, at)
    if (any.ok)
      return {
        state: 'wrong-subject',
        signer: any.signer.principals,
        detail: `signed by ${any.signer.principals} (${fp}), whose trust-list principals do not include the report's subject "${subject}"`
      }
  }
  return {
    state: 'not-allowed',
    signer: fp,
    detail: `signed by ${v.keyType} key ${fp}, but ${allowed.reason}`
  }
}

/** An armored SSHSIG over `message` with an ed25519 key, as `ssh-keygen -Y sign -n NAMESPACE` makes it. */
export function signSshsig(
  message: Uint8Array,
  namespace: string,
  key: { readonly privateKey: KeyObject; readonly blob: Buffer }
): string {
  const hashed = sshString(nodeCrypto().createHash('sha512').update(message).digest())
  const signed = Buffer.concat([
    Buffer.from('SSHSIG'),
    sshString(namespace),
    sshString(Buffer.alloc(0)),
    sshString('sha512'),
    hashed
  ])
  const version = Buffer.alloc(4)
  version.writeUInt32BE(1)
  const blob = Buffer.concat([
    Buffer.from('SSHSIG'),
    version,
    sshString(key.blob),
    sshString(namespace),
    sshString(Buffer.alloc(0)),
    sshString('sha512'),
    sshString(
      Buffer.concat([sshString('ssh-ed25519'), sshString(nodeCrypto().sign(null, signed, key.privateKey))])
    )
  ])
  const lines = blob.toString('base64').match(/.{1,76}/g) ?? []
  return `${SIGNATURE_BEGIN}\n${lines.join('\n')}\n${SIGNATURE_END}\n`
}

/** The public key blob inside an armored SSHSIG, or null when it cannot be read. */
export function signatureKey(armored: string): Buffer | null {
  try {
    const text = armored.trim()
    const r = new SshReader(
      Buffer.from(text.slice(SIGNATURE_BEGIN.length, -SIGNATURE_END.length).replace(/\s+/g, ''), 'base64')
    )
    if (r.raw(6).toString() !== 'SSHSIG') return null
    r.u32()
    return Buffer.from(r.bytes())
  } catch {
    return null
  }
}

/** The compliance monitor's upload body: signature, then `&`, then the report. */
export function splitSignedUpload(
  text: string
): { signature: string; report: string; reportOffset: number } | null {
  if (!text.startsWith(SIGNATURE_BEGIN)) return null
  const sep = `${SIGNATURE_END}\n&`
  const at = text.indexOf(sep)
  if (at < 0) return null
  const cut = at + sep.length
  return {
    signature: text.slice(0, at + SIGNATURE_END.length) + '\n',
    report: text.slice(cut),
    reportOffset: cut
  }
}
