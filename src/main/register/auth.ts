/**
 * Request signatures of the register: the client signs method, path, date, nonce and the body's SHA-256 with
 * its auditor key (SSHSIG, namespace auditor-workbench-register); the server checks the signature first,
 * then the date window against its clock, then whether the key may act (roster or administrator), and last
 * records the nonce (a replay finds it taken). No electron import.
 */
// node:crypto loads when a request is signed, not with every start of the CLI (the register is in its core)
import { nodeCrypto, sha256Hex } from '../node-crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { fingerprint, signSshsig, verifySshsig } from '../import/sshsig'
import type { OpenedKey } from '../identity/openssh-key'
import {
  AUTH_SCHEME,
  HEADER,
  REGISTER_NAMESPACE,
  REQUEST_WINDOW_SECONDS,
  requestMessage,
  type SignedRequestParts
} from '../../shared/register/protocol'

/** The headers that sign one request. */
export function signRequest(
  key: Pick<OpenedKey, 'privateKey' | 'blob'>,
  method: string,
  path: string,
  body: Uint8Array,
  now: Date
): Record<string, string> {
  const parts: SignedRequestParts = {
    method,
    path,
    date: now.toISOString(),
    nonce: nodeCrypto().randomBytes(16).toString('hex'),
    bodySha256: sha256Hex(body)
  }
  const sig = signSshsig(Buffer.from(requestMessage(parts), 'utf8'), REGISTER_NAMESPACE, key)
  return {
    [HEADER.date]: parts.date,
    [HEADER.nonce]: parts.nonce,
    [HEADER.digest]: parts.bodySha256,
    [HEADER.authorization]: `${AUTH_SCHEME} ${Buffer.from(sig, 'utf8').toString('base64')}`
  }
}

/** Why a request is refused: 401 (who sent it cannot be told), 403 (a known signature, a key that may not act). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string
  ) {
    super(message)
  }
}

export interface SignedBy {
  readonly fingerprint: string
  readonly message: string
  readonly signature: string
  readonly nonce: string
  readonly date: string
  readonly bodySha256: string
}

const one = (h: IncomingHttpHeaders, name: string): string | null => {
  const v = h[name]
  return typeof v === 'string' && v !== '' ? v : null
}

/**
 * Checks a request's signature (over the body digest it declares) and date, before its body is read: an
 * unsigned request never gets its body buffered. The caller checks the body against `bodySha256` once read
 * (`checkBody`), and the key and nonce (they need the database).
 */
export function checkSignature(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  now: Date
): SignedBy {
  const auth = one(headers, HEADER.authorization)
  const date = one(headers, HEADER.date)
  const nonce = one(headers, HEADER.nonce)
  const digest = one(headers, HEADER.digest)
  if (!auth || !date || !nonce || !digest)
    throw new AuthError(
      401,
      `the request is not signed: it needs the headers ${HEADER.authorization} (${AUTH_SCHEME}), ${HEADER.date}, ${HEADER.nonce} and ${HEADER.digest}`
    )
  const [scheme, b64] = auth.split(' ')
  if (scheme !== AUTH_SCHEME || !b64)
    throw new AuthError(401, `the authorization scheme must be ${AUTH_SCHEME}`)
  if (!/^[0-9a-f]{16,128}$/.test(nonce)) throw new AuthError(401, 'the nonce must be 16 to 128 hex digits')
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new AuthError(401, `${HEADER.digest} must be a SHA-256 in hex`)
  const bodySha256 = digest
  const message = requestMessage({ method, path, date, nonce, bodySha256 })
  const signature = Buffer.from(b64, 'base64').toString('utf8')
  const v = verifySshsig(signature, Buffer.from(message, 'utf8'), REGISTER_NAMESPACE)
  if ('invalid' in v)
    throw new AuthError(
      401,
      `the request's signature does not hold: ${v.invalid.replace(/the report/g, 'the request')}`
    )
  const t = Date.parse(date)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(date) || Number.isNaN(t))
    throw new AuthError(401, `the date ${date} is not an ISO date-time`)
  const skew = Math.abs(t - now.getTime()) / 1000
  if (skew > REQUEST_WINDOW_SECONDS)
    throw new AuthError(
      401,
      `the request is dated ${date}, ${Math.round(skew)} s from the register's clock (${now.toISOString()}); at most ${REQUEST_WINDOW_SECONDS} s are accepted`
    )
  return { fingerprint: fingerprint(v.publicKey), message, signature, nonce, date, bodySha256 }
}

/** The body read is the one the signature covers. */
export function checkBody(signed: SignedBy, body: Uint8Array): void {
  const actual = sha256Hex(body)
  if (actual !== signed.bodySha256)
    throw new AuthError(401, `the body's SHA-256 is ${actual}, not the signed ${signed.bodySha256}`)
}
