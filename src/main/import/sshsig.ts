/**
 * Detached SSH signatures (`ssh-keygen -Y sign -n report`), as the SCS compliance monitor receives them,
 * verified against a local trust list in ssh-keygen's allowed_signers format. Implements the SSHSIG
 * format (OpenSSH PROTOCOL.sshsig) for ssh-ed25519, rsa-sha2-256/512 and ecdsa-sha2-nistp256/384/521.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto'
import { readFileSync, existsSync } from 'node:fs'
import type { SignatureState } from '../../shared/domain/types'

export const SIGNATURE_BEGIN = '-----BEGIN SSH SIGNATURE-----'
export const SIGNATURE_END = '-----END SSH SIGNATURE-----'
export const NAMESPACE = 'report'

export interface SignatureCheck {
  readonly state: SignatureState
  /** the identity from the trust list (valid), or the key fingerprint (unknown key) */
  readonly signer: string | null
  readonly detail: string
}

class Reader {
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

const sshString = (b: Buffer | string): Buffer => {
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
  const r = new Reader(blob)
  const type = r.bytes().toString()
  if (type === 'ssh-ed25519')
    return {
      type,
      key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(r.bytes()) }, format: 'jwk' })
    }
  if (type === 'ssh-rsa') {
    const e = unsigned(r.bytes())
    const n = unsigned(r.bytes())
    return { type, key: createPublicKey({ key: { kty: 'RSA', e: b64url(e), n: b64url(n) }, format: 'jwk' }) }
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
      key: createPublicKey({ key: { kty: 'EC', crv: curve.crv, x: b64url(x), y: b64url(y) }, format: 'jwk' })
    }
  }
  throw new Error(`unsupported key type ${type}`)
}

export const fingerprint = (blob: Buffer): string =>
  `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`

export interface TrustedSigner {
  readonly principals: string
  readonly blob: Buffer
}

/** Reads an allowed_signers file: `principals [options] keytype base64 [comment]` per line. */
export function parseAllowedSigners(text: string): TrustedSigner[] {
  const out: TrustedSigner[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const fields = line.split(/\s+/)
    const keyAt = fields.findIndex(
      (f, i) => i > 0 && /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-)/.test(f)
    )
    if (keyAt < 1 || !fields[keyAt + 1]) continue
    out.push({ principals: fields[0]!, blob: Buffer.from(fields[keyAt + 1]!, 'base64') })
  }
  return out
}

export function loadAllowedSigners(path: string | null): TrustedSigner[] {
  if (!path || !existsSync(path)) return []
  return parseAllowedSigners(readFileSync(path, 'utf8'))
}

/** Checks an armored SSHSIG over `message` in namespace "report" against the trust list. */
export function checkSignature(
  armored: string,
  message: Uint8Array,
  trusted: readonly TrustedSigner[]
): SignatureCheck {
  const invalid = (detail: string): SignatureCheck => ({ state: 'invalid', signer: null, detail })
  const text = armored.trim()
  if (!text.startsWith(SIGNATURE_BEGIN) || !text.endsWith(SIGNATURE_END))
    return invalid('the signature is not an armored SSH signature')
  let blob: Buffer
  try {
    blob = Buffer.from(
      text.slice(SIGNATURE_BEGIN.length, -SIGNATURE_END.length).replace(/\s+/g, ''),
      'base64'
    )
    const r = new Reader(blob)
    if (r.raw(6).toString() !== 'SSHSIG') return invalid('bad magic: not an SSHSIG signature')
    if (r.u32() !== 1) return invalid('unsupported SSHSIG version')
    const publicKey = r.bytes()
    const namespace = r.bytes().toString()
    const reserved = r.bytes()
    const hashAlg = r.bytes().toString()
    const sigBlob = r.bytes()
    if (!r.done()) return invalid('trailing bytes after the signature')
    if (namespace !== NAMESPACE) return invalid(`signed for namespace "${namespace}", not "${NAMESPACE}"`)
    if (hashAlg !== 'sha256' && hashAlg !== 'sha512') return invalid(`unsupported hash algorithm ${hashAlg}`)
    const signed = Buffer.concat([
      Buffer.from('SSHSIG'),
      sshString(namespace),
      sshString(reserved),
      sshString(hashAlg),
      sshString(createHash(hashAlg).update(message).digest())
    ])
    const { key, type } = keyFromBlob(publicKey)
    const sr = new Reader(sigBlob)
    const sigType = sr.bytes().toString()
    const sig = sr.bytes()
    let ok: boolean
    if (type === 'ssh-ed25519') ok = sigType === 'ssh-ed25519' && verify(null, signed, key, sig)
    else if (type === 'ssh-rsa') {
      const alg = sigType === 'rsa-sha2-512' ? 'sha512' : sigType === 'rsa-sha2-256' ? 'sha256' : null
      if (!alg) return invalid(`RSA signature type ${sigType} is not allowed (SHA-1)`)
      ok = verify(alg, signed, key, sig)
    } else {
      const curve = CURVES[type.replace('ecdsa-sha2-', '')]!
      const inner = new Reader(sig)
      const rs = Buffer.concat([
        pad(unsigned(inner.bytes()), curve.size),
        pad(unsigned(inner.bytes()), curve.size)
      ])
      ok = sigType === type && verify(curve.hash, signed, { key, dsaEncoding: 'ieee-p1363' }, rs)
    }
    if (!ok)
      return invalid('the signature does not match the report (the report or the signature was changed)')
    const who = trusted.find((t) => t.blob.equals(publicKey))
    if (!who)
      return {
        state: 'unknown-key',
        signer: fingerprint(publicKey),
        detail: `signed by ${type} key ${fingerprint(publicKey)}, which is not in the trust list`
      }
    return {
      state: 'valid',
      signer: who.principals,
      detail: `signed by ${who.principals} (${fingerprint(publicKey)})`
    }
  } catch (error) {
    return invalid(`the signature cannot be read (${(error as Error).message})`)
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
