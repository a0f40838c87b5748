/**
 * Auditor identities: an auditor is an ed25519 key pair they hold; the workspace's roster maps each key to
 * one name. Names are compared as the roster stores them: NFKC-normalised, trimmed, without format or
 * control characters (a zero-width space or an RTL override would make two names look alike).
 */

export interface AuditorIdentity {
  readonly name: string
  /** `ssh-ed25519 AAAA…` */
  readonly publicKey: string
  /** `SHA256:…`, as ssh-keygen -l prints it */
  readonly fingerprint: string
  readonly addedAt: string
}

export const MAX_AUDITOR_NAME = 100

/** The roster's form of a name, or why it is refused. */
export function normalizeAuditorName(raw: string): { name: string } | { refused: string } {
  const name = raw.normalize('NFKC').trim().replace(/ {2,}/g, ' ')
  const bad = [...name].find((ch) => /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u.test(ch))
  if (bad)
    return {
      refused: `the name contains the invisible or control character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}; type the name without it`
    }
  if (!name) return { refused: 'the name is empty' }
  if ([...name].length > MAX_AUDITOR_NAME)
    return { refused: `the name is longer than ${MAX_AUDITOR_NAME} characters` }
  return { name }
}

/** Two names that differ only in case are the same auditor (the roster refuses the second). */
export const foldAuditorName = (name: string): string => name.normalize('NFKC').toLowerCase()
