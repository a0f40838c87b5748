/**
 * Auditor keys for tests, made at test time: in memory with the workbench's own writer (fast), or with
 * ssh-keygen -t ed25519 in a temp folder (the real tool, with or without a passphrase). Nothing is committed.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import type { Workspace } from '../../src/main/workspace'
import { actorSigner, type Actor } from '../../src/main/identity/identities'
import { createPrivateKeyFile, openPrivateKey, type OpenedKey } from '../../src/main/identity/openssh-key'
import { tempDir } from './paths'

/** A new key registered in the workspace's roster under `name`; returns the auditor ready to act. */
export function testActor(ws: Workspace, name: string): Actor {
  return testKeyActor(ws, name).actor
}

/** The same, with the key itself (for a second roster, such as the register's). */
export function testKeyActor(ws: Workspace, name: string): { key: OpenedKey; actor: Actor } {
  const { key } = createPrivateKeyFile(name, null)
  ws.identities.register(name, key.publicKey, {
    name,
    fingerprint: key.fingerprint,
    blob: key.blob,
    sign: actorSigner(key)
  })
  return { key, actor: ws.identities.actorFor(key) }
}

/** A key made by ssh-keygen itself: its private key file and .pub, in a fresh temp folder. */
export function sshKeygenKey(name: string, passphrase = ''): { file: string; pub: string } {
  const file = join(tempDir(), 'id_ed25519')
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', file], {
    stdio: 'pipe'
  })
  return { file, pub: `${file}.pub` }
}

/** A key file written by the workbench (as `identity create` does), for CLI tests; not yet registered. */
export function keyFile(name: string, passphrase: string | null = null): { file: string; publicKey: string } {
  const { text, key } = createPrivateKeyFile(name, passphrase)
  const file = join(tempDir(), `${name.replace(/\W+/g, '-')}.key`)
  writeFileSync(file, text, { mode: 0o600 })
  writeFileSync(`${file}.pub`, `${key.publicKey} ${name}\n`)
  openPrivateKey(text, passphrase)
  return { file, publicKey: key.publicKey }
}

const actors = new WeakMap<Workspace, Map<string, Actor>>()

/** The test auditor `name` of this workspace: registered with a new key on first use, the same key after. */
export function actorOf(ws: Workspace, name: string): Actor {
  let byName = actors.get(ws)
  if (!byName) actors.set(ws, (byName = new Map()))
  let a = byName.get(name)
  if (!a) byName.set(name, (a = testActor(ws, name)))
  return a
}

/** A key file for `--key`, registered in the workspace's roster under `name`. */
export function registeredKeyFile(ws: Workspace, name: string, passphrase: string | null = null): string {
  const k = keyFile(name, passphrase)
  ws.identities.register(name, k.publicKey, null)
  return k.file
}
