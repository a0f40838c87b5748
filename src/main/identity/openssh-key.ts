/**
 * OpenSSH ed25519 keys as `ssh-keygen -t ed25519` writes them (PROTOCOL.key): read, with or without a
 * passphrase (bcrypt KDF, aes256-ctr or aes256-cbc), and written (for `identity create`). Only ed25519: an
 * auditor's identity is one small, modern key. No electron import.
 */
import { createRequire } from 'node:module'
import type { KeyObject } from 'node:crypto'
import type BcryptPbkdf from 'bcrypt-pbkdf'
import { nodeCrypto } from '../node-crypto'
import { DomainError } from '../errors'
import { fingerprint, SshReader, sshString } from '../import/sshsig'

const BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----'
const END = '-----END OPENSSH PRIVATE KEY-----'
const MAGIC = Buffer.from('openssh-key-v1\0')
const KEY_TYPE = 'ssh-ed25519'
/** ssh-keygen's default number of bcrypt rounds */
const KDF_ROUNDS = 16
/** bcrypt-pbkdf (CommonJS), loaded when a passphrase-protected key is opened or written, not at every start */
const bcryptPbkdf = (): typeof BcryptPbkdf =>
  createRequire(import.meta.url)('bcrypt-pbkdf') as typeof BcryptPbkdf

/** An auditor's key, opened: signs with the private half; the public half is what the roster holds. */
export interface OpenedKey {
  readonly privateKey: KeyObject
  /** the SSH public key blob (string "ssh-ed25519", string 32 bytes) */
  readonly blob: Buffer
  /** `ssh-ed25519 AAAA… comment`, one line, as in a .pub file */
  readonly publicKey: string
  readonly fingerprint: string
  readonly comment: string
}

interface Cipher {
  readonly node: string
  readonly keyLen: number
  readonly ivLen: number
  readonly block: number
}

const CIPHERS: Record<string, Cipher> = {
  none: { node: '', keyLen: 0, ivLen: 0, block: 8 },
  'aes256-ctr': { node: 'aes-256-ctr', keyLen: 32, ivLen: 16, block: 16 },
  'aes256-cbc': { node: 'aes-256-cbc', keyLen: 32, ivLen: 16, block: 16 }
}

/** The cipher's key and IV, derived from the passphrase by bcrypt-pbkdf (OpenSSH's key derivation). */
function keyAndIv(
  cipher: Cipher,
  passphrase: string,
  salt: Uint8Array,
  rounds: number
): { key: Uint8Array; iv: Uint8Array } {
  const pass = Buffer.from(passphrase, 'utf8')
  const derived = new Uint8Array(cipher.keyLen + cipher.ivLen)
  bcryptPbkdf().pbkdf(pass, pass.length, salt, salt.length, derived, derived.length, rounds)
  return { key: derived.subarray(0, cipher.keyLen), iv: derived.subarray(cipher.keyLen) }
}

const blobOf = (pub: Buffer): Buffer => Buffer.concat([sshString(KEY_TYPE), sshString(pub)])

export const publicKeyLine = (blob: Buffer, comment = ''): string =>
  `${KEY_TYPE} ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`

function opened(seed: Buffer, pub: Buffer, comment: string): OpenedKey {
  const b64 = (b: Buffer): string => b.toString('base64url')
  const privateKey = nodeCrypto().createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: b64(seed), x: b64(pub) },
    format: 'jwk'
  })
  const blob = blobOf(pub)
  return {
    privateKey,
    blob,
    publicKey: publicKeyLine(blob, comment),
    fingerprint: fingerprint(blob),
    comment
  }
}

export const isEncryptedKey = (text: string): boolean => {
  try {
    const r = new SshReader(armoredBody(text, '(key)'))
    r.raw(MAGIC.length)
    return r.bytes().toString() !== 'none'
  } catch {
    return false
  }
}

function armoredBody(text: string, file: string): Buffer {
  const t = text.trim()
  if (!t.startsWith(BEGIN) || !t.endsWith(END))
    throw new DomainError(
      'USAGE',
      `${file} is not an OpenSSH private key (expected "${BEGIN}", as ssh-keygen -t ed25519 writes it).`
    )
  return Buffer.from(t.slice(BEGIN.length, -END.length).replace(/\s+/g, ''), 'base64')
}

/**
 * Opens an OpenSSH private key file. `passphrase` is needed when the key has one; a wrong one is refused
 * with a clear error (the check integers do not match).
 */
export function openPrivateKey(text: string, passphrase: string | null, file = 'the key file'): OpenedKey {
  const bad = (why: string): never => {
    throw new DomainError('USAGE', `${file}: ${why}`)
  }
  const raw = armoredBody(text, file)
  try {
    const r = new SshReader(raw)
    if (!r.raw(MAGIC.length).equals(MAGIC)) bad('not an openssh-key-v1 key')
    const cipherName = r.bytes().toString()
    const kdfName = r.bytes().toString()
    const kdfOptions = r.bytes()
    if (r.u32() !== 1) bad('holds more than one key')
    const pubBlob = r.bytes()
    let secret = r.bytes()
    const cipher = CIPHERS[cipherName] ?? bad(`its cipher ${cipherName} is not supported`)
    if (cipherName !== 'none') {
      if (kdfName !== 'bcrypt') bad(`its key derivation ${kdfName} is not supported`)
      if (passphrase === null || passphrase === '')
        throw new DomainError('USAGE', `${file} is protected by a passphrase; give it.`)
      const kr = new SshReader(kdfOptions)
      const salt = kr.bytes()
      const rounds = kr.u32()
      const { key, iv } = keyAndIv(cipher, passphrase, salt, rounds)
      const d = nodeCrypto().createDecipheriv(cipher.node, key, iv)
      d.setAutoPadding(false)
      secret = Buffer.concat([d.update(secret), d.final()])
    }
    const s = new SshReader(secret)
    if (s.u32() !== s.u32()) bad(cipherName === 'none' ? 'the key is damaged' : 'the passphrase is wrong')
    const type = s.bytes().toString()
    if (type !== KEY_TYPE)
      bad(`it is a ${type} key; an auditor's identity is an ed25519 key (ssh-keygen -t ed25519)`)
    const pub = s.bytes()
    const priv = s.bytes()
    const comment = s.bytes().toString('utf8')
    if (pub.length !== 32 || priv.length !== 64 || !priv.subarray(32).equals(pub)) bad('the key is damaged')
    if (!blobOf(pub).equals(pubBlob)) bad('its public and private halves do not belong together')
    return opened(Buffer.from(priv.subarray(0, 32)), Buffer.from(pub), comment)
  } catch (error) {
    if (error instanceof DomainError) throw error
    return bad(`the key cannot be read (${(error as Error).message})`)
  }
}

/** Reads a public key line (`ssh-ed25519 AAAA… comment`, as in a .pub file). */
export function parsePublicKey(line: string, file = 'the public key'): { blob: Buffer; fingerprint: string } {
  const fields = line.trim().split(/\s+/)
  const [type, b64] = fields
  if (type !== KEY_TYPE || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw new DomainError(
      'USAGE',
      `${file} is not an ed25519 public key line ("ssh-ed25519 AAAA…", as in the .pub file of ssh-keygen -t ed25519).`
    )
  const blob = Buffer.from(b64, 'base64')
  try {
    const r = new SshReader(blob)
    if (r.bytes().toString() !== KEY_TYPE || r.bytes().length !== 32 || !r.done()) throw new Error('bad blob')
    nodeCrypto().createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: blob.subarray(blob.length - 32).toString('base64url') },
      format: 'jwk'
    })
  } catch {
    throw new DomainError('USAGE', `${file}: the key data is damaged.`)
  }
  return { blob, fingerprint: fingerprint(blob) }
}

/** A new ed25519 key in OpenSSH's format; encrypted (bcrypt + aes256-ctr, as ssh-keygen) when a passphrase is given. */
export function createPrivateKeyFile(
  comment: string,
  passphrase: string | null
): { text: string; key: OpenedKey } {
  const { privateKey } = nodeCrypto().generateKeyPairSync('ed25519')
  const jwk = privateKey.export({ format: 'jwk' })
  const seed = Buffer.from(jwk.d!, 'base64url')
  const pub = Buffer.from(jwk.x!, 'base64url')
  const encrypt = !!passphrase
  const cipher = CIPHERS[encrypt ? 'aes256-ctr' : 'none']!
  const check = nodeCrypto().randomBytes(4)
  const plain = [
    check,
    check,
    sshString(KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(Buffer.from(comment, 'utf8'))
  ]
  let secret = Buffer.concat(plain)
  const padding = Buffer.from(
    Array.from({ length: (cipher.block - (secret.length % cipher.block)) % cipher.block }, (_, i) => i + 1)
  )
  secret = Buffer.concat([secret, padding])
  let kdfOptions = Buffer.alloc(0)
  if (encrypt) {
    const salt = nodeCrypto().randomBytes(16)
    const rounds = Buffer.alloc(4)
    rounds.writeUInt32BE(KDF_ROUNDS)
    kdfOptions = Buffer.concat([sshString(salt), rounds])
    const { key, iv } = keyAndIv(cipher, passphrase, salt, KDF_ROUNDS)
    const c = nodeCrypto().createCipheriv(cipher.node, key, iv)
    secret = Buffer.concat([c.update(secret), c.final()])
  }
  const one = Buffer.alloc(4)
  one.writeUInt32BE(1)
  const body = Buffer.concat([
    MAGIC,
    sshString(encrypt ? 'aes256-ctr' : 'none'),
    sshString(encrypt ? 'bcrypt' : 'none'),
    sshString(kdfOptions),
    one,
    sshString(blobOf(pub)),
    sshString(secret)
  ])
  const lines = body.toString('base64').match(/.{1,70}/g) ?? []
  return { text: `${BEGIN}\n${lines.join('\n')}\n${END}\n`, key: opened(seed, pub, comment) }
}
