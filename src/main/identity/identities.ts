/**
 * The roster and the acting auditor: keys are registered under a name (logged), and an opened key becomes
 * an Actor, whose name comes from the roster, never from what someone types. No electron import.
 */
import type { Db } from '../db/connection'
import { writeTransaction } from '../db/connection'
import type { AuditRepo, EntrySigner } from '../db/audit.repo'
import type { AuditorsRepo } from '../db/auditors.repo'
import { normalizeAuditorName, type AuditorIdentity } from '../../shared/domain/identity'
import { skeleton, visible } from '../../shared/domain/confusables'
import { DomainError } from '../errors'
import { ACT_NAMESPACE, signSshsig } from '../import/sshsig'
import { parsePublicKey, publicKeyLine, type OpenedKey } from './openssh-key'
import { isoNow, type Clock } from '../clock'

/** An auditor ready to act: their roster name and key, and a signer for audit entries. */
export interface Actor {
  readonly name: string
  readonly fingerprint: string
  readonly blob: Buffer
  readonly sign: EntrySigner
}

export const actorSigner =
  (key: OpenedKey): EntrySigner =>
  (message) =>
    signSshsig(message, ACT_NAMESPACE, key)

export function createIdentities(deps: { db: Db; auditors: AuditorsRepo; audit: AuditRepo; clock: Clock }) {
  const { db, auditors, audit } = deps
  return {
    list: (): AuditorIdentity[] => auditors.list(),
    /**
     * Registers a public key under a name: the name is NFKC-normalised and refused with format or control
     * characters; a name (in any case, or in look-alike letters: confusables.ts) and a key are registered
     * once. Logged as `identity.add`, signed by `by` (the registering auditor, or the new key itself for
     * `identity create`) when given.
     */
    register(rawName: string, publicKey: string, by: Actor | null, file = 'the public key'): AuditorIdentity {
      const n = normalizeAuditorName(rawName)
      if ('refused' in n)
        throw new DomainError('USAGE', `The auditor name "${rawName}" is refused: ${n.refused}.`)
      const { blob, fingerprint } = parsePublicKey(publicKey, file)
      const identity: AuditorIdentity = {
        name: n.name,
        publicKey: publicKeyLine(blob),
        fingerprint,
        addedAt: isoNow(deps.clock)
      }
      return writeTransaction(db, () => {
        const sameKey = auditors.byFingerprint(fingerprint)
        if (sameKey)
          throw new DomainError(
            'CONFLICT',
            `The key ${fingerprint} is already registered as "${sameKey.name}"; one key is one auditor.`
          )
        const sameName = auditors.byName(n.name)
        if (sameName)
          throw new DomainError(
            'CONFLICT',
            `An auditor "${sameName.name}" is already registered (key ${sameName.fingerprint}); choose another name.`
          )
        // a name that displays like a registered one (a Cyrillic "В", a Greek "Ο", a digit "0") would let a
        // second key pass for that auditor in a signed verdict, which shows names, not keys
        const lookAlike = auditors.list().find((a) => skeleton(a.name) === skeleton(n.name))
        if (lookAlike)
          throw new DomainError(
            'CONFLICT',
            `The auditor name "${n.name}" (${visible(n.name)}) looks like the registered auditor "${lookAlike.name}" (key ${lookAlike.fingerprint}); a reader of a signed verdict could not tell the two apart. Choose a name that does not look like it.`
          )
        auditors.insert(identity)
        // a new key registering itself (identity create) acts under the name it is registered with
        audit.append(
          by && by.fingerprint !== fingerprint ? by.name : identity.name,
          'identity.add',
          null,
          { name: identity.name, publicKey: identity.publicKey, fingerprint },
          identity.addedAt,
          by?.sign ?? null
        )
        return identity
      })
    },
    /** The auditor an opened key belongs to; refused when the roster does not hold the key. */
    actorFor(key: OpenedKey): Actor {
      const who = auditors.byFingerprint(key.fingerprint)
      if (!who)
        throw new DomainError(
          'FORBIDDEN',
          `The key ${key.fingerprint} is not in this workspace's roster of auditors; register it first (identity add --name NAME --pubkey FILE.pub).`
        )
      return { name: who.name, fingerprint: key.fingerprint, blob: key.blob, sign: actorSigner(key) }
    }
  }
}
export type Identities = ReturnType<typeof createIdentities>
