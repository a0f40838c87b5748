/**
 * The register's wire protocol, pure: the bytes a client signs for each request, the headers that carry the
 * signature, and how two case logs compare (fast-forward, behind, diverged). No node:* import: the server,
 * the CLI client and (later) the desktop app share it.
 */

/** the SSHSIG namespace of register requests: a signature for the audit log or a bundle never passes here */
export const REGISTER_NAMESPACE = 'auditor-workbench-register'
/** a request dated further than this from the server's clock is refused */
export const REQUEST_WINDOW_SECONDS = 300

export const HEADER = {
  date: 'x-aw-date',
  nonce: 'x-aw-nonce',
  digest: 'x-aw-content-sha256',
  authorization: 'authorization'
} as const
export const AUTH_SCHEME = 'AW-SSHSIG'

export interface SignedRequestParts {
  readonly method: string
  /** the path and query, exactly as sent */
  readonly path: string
  /** ISO 8601 date-time */
  readonly date: string
  readonly nonce: string
  /** SHA-256 of the body (hex); of no bytes for a request without a body */
  readonly bodySha256: string
}

/** The exact text a request's SSHSIG covers: one line each, ending in a newline. */
export const requestMessage = (r: SignedRequestParts): string =>
  [
    'auditor-workbench register request v1',
    `method: ${r.method.toUpperCase()}`,
    `path: ${r.path}`,
    `date: ${r.date}`,
    `nonce: ${r.nonce}`,
    `body-sha256: ${r.bodySha256}`,
    ''
  ].join('\n')

/** A log entry as compared across copies: v2 bundles carry a portable per-case `caseHash`, v1 only `hash`. */
export interface ComparableEntry {
  readonly seq: number
  readonly hash: string
  readonly caseHash?: string | undefined
}
export const entryKey = (e: ComparableEntry): string => e.caseHash ?? e.hash

export type LogRelation =
  | { readonly kind: 'same' }
  | { readonly kind: 'fast-forward'; readonly common: number }
  | { readonly kind: 'behind'; readonly common: number }
  | { readonly kind: 'diverged'; readonly common: number }

/**
 * How an incoming log relates to the stored one, compared entry by entry in order: the length of their common
 * prefix decides. Incoming extends stored: fast-forward; stored extends incoming: behind (the register has
 * more); neither: diverged, with `common` entries shared (0: not even the first).
 */
export function compareLogs(stored: readonly string[], incoming: readonly string[]): LogRelation {
  let common = 0
  while (common < stored.length && common < incoming.length && stored[common] === incoming[common]) common++
  if (common === stored.length && common === incoming.length) return { kind: 'same' }
  if (common === stored.length) return { kind: 'fast-forward', common }
  if (common === incoming.length) return { kind: 'behind', common }
  return { kind: 'diverged', common }
}

/** Ids that become file and folder names of the published site and parts of URLs. */
export const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/
