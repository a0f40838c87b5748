/**
 * The opt-in keychain for signing-key passphrases. Electron's safeStorage cannot run here, so the store is
 * exercised with a real AES-256-GCM cipher behind the same three-method interface; the handler flow
 * (remember, reuse, forget) runs through the real export with a real key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createPassphraseStore, keyIdOf, type SecretCipher } from '../../src/main/keychain'
import { testHandlers } from '../helpers/handlers'
import { fixtureCase } from '../helpers/fixture-cases'
import { dispatch } from '../../src/main/ipc/dispatch'
import { createTestWorkspace } from '../helpers/workspace'
import { actorOf } from '../helpers/identity'
import { createTestPki, readP12 } from '../helpers/test-pki'
import { FIXTURES, tempDir } from '../helpers/paths'
import type { Workspace } from '../../src/main/workspace'

/** An OS-keychain stand-in with real encryption: AES-256-GCM under a key that never leaves memory. */
function aesCipher(): SecretCipher {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => true,
    encryptString(plain) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return Buffer.concat([iv, c.getAuthTag(), body])
    },
    decryptString(b) {
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12))
      d.setAuthTag(b.subarray(12, 28))
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8')
    }
  }
}

describe('passphrase store', () => {
  it('without a cipher (browser mode, CLI) it stores nothing and finds nothing', () => {
    const file = join(tempDir(), 'keychain.json')
    const s = createPassphraseStore(file, null)
    s.set('k', 'secret')
    expect(s.available()).toBe(false)
    expect(s.get('k')).toBeNull()
    expect(existsSync(file)).toBe(false)
  })

  it('with a cipher it writes only ciphertext, reads it back, and forgets', () => {
    const file = join(tempDir(), 'keychain.json')
    const s = createPassphraseStore(file, aesCipher())
    s.set('k', 'correct horse battery staple')
    expect(readFileSync(file, 'utf8')).not.toContain('horse')
    expect(s.get('k')).toBe('correct horse battery staple')
    s.forget('k')
    expect(s.get('k')).toBeNull()
  })
})

describe('export with the keychain (opt-in)', () => {
  let ws: Workspace & { dir: string }
  beforeAll(async () => {
    ws = createTestWorkspace()
    await fixtureCase(ws, 'c', 'integrator')
    ws.decide(
      {
        caseId: 'c',
        criterion: 'scoring.third-party-managed',
        subject: 'klinik-cloud',
        decision: 'reject',
        comment: 'stale'
      },
      actorOf(ws, 'A')
    )
    ws.review('c', 'submit', actorOf(ws, 'A'))
    ws.review('c', 'accept', actorOf(ws, 'B'))
  })
  afterAll(() => ws.close())

  it('remembers a passphrase that signed, reuses it when none is typed, and forgets it when unticked', async () => {
    const pki = createTestPki()
    writeFileSync(join(ws.dir, 'trusted-bodies.pem'), readFileSync(pki.caPem)) // signing needs the chain
    const file = join(ws.dir, 'keychain.json')
    const store = createPassphraseStore(file, aesCipher())
    const handlers = testHandlers(ws, { transport: 'electron', passphrases: store })
    const p12Base64 = readP12(pki.p12).toString('base64')
    const base = { caseId: 'c', lang: 'en' as const, preAudit: false, p12Base64 }
    const run = (extra: object) =>
      dispatch(handlers, 'verdict:export', [{ ...base, ...extra }], () => undefined)
    expect((await run({ passphrase: '', useKeychain: true })).ok).toBe(false)
    expect((await run({ passphrase: pki.passphrase, useKeychain: true })).ok).toBe(true)
    expect(store.get(keyIdOf(readP12(pki.p12)))).toBe(pki.passphrase)
    expect(readFileSync(file, 'utf8')).not.toContain(pki.passphrase)
    expect((await run({ passphrase: '', useKeychain: true })).ok).toBe(true)
    expect((await run({ passphrase: pki.passphrase, useKeychain: false })).ok).toBe(true)
    expect(store.get(keyIdOf(readP12(pki.p12)))).toBeNull()
    const again = await run({ passphrase: '', useKeychain: true })
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.message).toMatch(/No passphrase for this key is stored/)
  })
})

describe("the auditor's key in the desktop app", () => {
  it('is created on first use, kept encrypted by the keychain, opened by itself in the next session, and forgotten on request', async () => {
    const ws = createTestWorkspace()
    try {
      ws.createCase({ id: 'k', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      await ws.importOne('k', {
        name: 'r.yaml',
        bytes: readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'))
      })
      const file = join(ws.dir, 'keychain.json')
      const cipher = aesCipher()
      const session = () =>
        testHandlers(ws, { transport: 'electron', passphrases: createPassphraseStore(file, cipher) })
      const call = async <T>(h: ReturnType<typeof session>, channel: string, ...args: unknown[]) => {
        const r = await dispatch(h, channel as never, args as never, () => undefined)
        if (!r.ok) throw new Error(r.error.message)
        return r.value as T
      }
      const first = session()
      expect(await call(first, 'identity:current')).toEqual({ current: null, keychain: true })
      const created = await call<{ privateKey: string; identity: { fingerprint: string } }>(
        first,
        'identity:create',
        { name: 'Dana', passphrase: 'dana pass', remember: true }
      )
      expect(created.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/)
      const kept = readFileSync(file, 'utf8')
      expect(kept).not.toContain('dana pass')
      expect(kept).not.toContain(created.privateKey.split('\n')[1]!)
      // the next session opens the kept key by itself and signs with it
      const next = session()
      expect(await call(next, 'identity:current')).toMatchObject({
        current: { name: 'Dana', fingerprint: created.identity.fingerprint, remembered: true }
      })
      const d = await call<{ auditor: string }>(next, 'decisions:record', {
        caseId: 'k',
        criterion: 'scs-0100-v3.1',
        subject: 'demo-cloud',
        decision: 'accept',
        comment: ''
      })
      expect(d.auditor).toBe('Dana')
      expect(ws.audit.listForCase('k').at(-1)!.signature).toMatch(/BEGIN SSH SIGNATURE/)
      // forgetting removes it; the session after that has no key and acts are refused
      await call(next, 'identity:lock', true)
      const third = session()
      expect(await call(third, 'identity:current')).toEqual({ current: null, keychain: true })
      await expect(call(third, 'cases:reviewFlow', 'k', 'submit', '')).rejects.toThrow(
        /No auditor key is open/
      )
    } finally {
      ws.close()
    }
  })

  it('browser mode (no keychain) opens the key file each session and keeps nothing', async () => {
    const ws = createTestWorkspace()
    try {
      const file = join(ws.dir, 'keychain.json')
      const h = testHandlers(ws, { passphrases: createPassphraseStore(file, null) })
      const created = await dispatch(h, 'identity:create', [{ name: 'Eve', remember: true }], () => undefined)
      expect(created.ok).toBe(true)
      expect(existsSync(file)).toBe(false)
      if (!created.ok) return
      const other = testHandlers(ws, { passphrases: createPassphraseStore(file, null) })
      const opened = await dispatch(
        other,
        'identity:unlock',
        [{ keyBase64: Buffer.from((created.value as { privateKey: string }).privateKey).toString('base64') }],
        () => undefined
      )
      expect(opened).toMatchObject({ ok: true, value: { name: 'Eve', remembered: false } })
    } finally {
      ws.close()
    }
  })
})
