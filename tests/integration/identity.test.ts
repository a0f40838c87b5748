/**
 * Auditor identities: OpenSSH ed25519 keys (made by ssh-keygen, with and without a passphrase), the roster
 * (NFKC names, no invisible characters, one key per name), signed acts that ssh-keygen -Y verify checks on
 * their own, and four eyes by two keys (attack A6).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { EXIT } from '../../src/main/cli'
import { cli, decideArgv, demoCaseDb } from '../helpers/cli'
import { openPrivateKey } from '../../src/main/identity/openssh-key'
import { entryMessage, type AuditRow } from '../../src/main/db/audit.repo'
import { tempDir } from '../helpers/paths'
import { sshKeygenKey } from '../helpers/identity'

let cleanup: (() => void)[] = []
afterEach(() => {
  cleanup.forEach((f) => f())
  cleanup = []
  delete process.env['AUDITOR_WORKBENCH_KEY_PASSPHRASE']
  delete process.env['AUDITOR_WORKBENCH_KEY']
})

const decideArgs = (db: string, key: string): string[] =>
  decideArgv(db, key, 'reject', '--comment', 'flavor names do not follow the scheme')

describe('keys made by ssh-keygen -t ed25519', () => {
  it('opens a key without and with a passphrase, refuses a wrong passphrase and a non-ed25519 key', () => {
    const plain = sshKeygenKey('ann')
    const k = openPrivateKey(readFileSync(plain.file, 'utf8'), null)
    expect(k.publicKey.split(' ').slice(0, 2)).toEqual(readFileSync(plain.pub, 'utf8').split(' ').slice(0, 2))
    expect(k.fingerprint).toBe(
      execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', plain.pub], { encoding: 'utf8' }).split(' ')[1]
    )
    const locked = sshKeygenKey('bob', 'correct horse')
    expect(() => openPrivateKey(readFileSync(locked.file, 'utf8'), null, 'bob.key')).toThrow(
      /bob.key is protected by a passphrase/
    )
    expect(() => openPrivateKey(readFileSync(locked.file, 'utf8'), 'wrong', 'bob.key')).toThrow(
      /bob.key: the passphrase is wrong/
    )
    expect(openPrivateKey(readFileSync(locked.file, 'utf8'), 'correct horse').comment).toBe('bob')
    const rsa = join(tempDir(), 'id_rsa')
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsa])
    expect(() => openPrivateKey(readFileSync(rsa, 'utf8'), null, 'id_rsa')).toThrow(
      /ssh-rsa key; an auditor's identity is an ed25519 key/
    )
  })

  it('identity create writes a key that ssh-keygen reads, protected by the passphrase from the environment', async () => {
    const db = join(tempDir(), 'w.sqlite')
    const out = join(tempDir(), 'carol.key')
    process.env['AUDITOR_WORKBENCH_KEY_PASSPHRASE'] = 'carol secret'
    const r = await cli('identity', 'create', '--db', db, '--name', 'Carol', '--out', out)
    expect(r.code).toBe(EXIT.ok)
    expect(r.out).toMatch(/protected by a passphrase/)
    const pub = execFileSync('ssh-keygen', ['-y', '-P', 'carol secret', '-f', out], { encoding: 'utf8' })
    expect(readFileSync(`${out}.pub`, 'utf8')).toContain(pub.trim().split(' ')[1]!)
    expect(spawnSync('ssh-keygen', ['-y', '-P', 'wrong', '-f', out]).status).not.toBe(0)
    expect((await cli('identity', 'create', '--db', db, '--name', 'Carol2', '--out', out)).err).toMatch(
      /never overwritten/
    )
    const list = await cli('identity', 'list', '--db', db, '--json')
    expect(JSON.parse(list.out)).toMatchObject([
      { name: 'Carol', fingerprint: expect.stringMatching(/^SHA256:/) }
    ])
  })
})

describe('signed acts', () => {
  it('a decision signed with an ssh-keygen key (with passphrase) is checked by ssh-keygen -Y verify on its own', async () => {
    const db = await demoCaseDb()
    const ann = sshKeygenKey('Ann Auditor', 'ann pass')
    expect(
      (await cli('identity', 'add', '--db', db, '--name', 'Ann Auditor', '--pubkey', ann.pub)).code
    ).toBe(EXIT.ok)
    // no passphrase and no terminal: refused with the way out
    const refused = await cli(...decideArgs(db, ann.file))
    expect(refused.code).toBe(EXIT.usage)
    expect(refused.err).toMatch(/protected by a passphrase: .*AUDITOR_WORKBENCH_KEY_PASSPHRASE/)
    process.env['AUDITOR_WORKBENCH_KEY_PASSPHRASE'] = 'ann pass'
    const ok = await cli(...decideArgs(db, ann.file))
    expect(ok.code).toBe(EXIT.ok)
    expect(ok.out).toMatch(/by Ann Auditor .*\(signed\)/)

    // the entry, the roster as allowed_signers, and ssh-keygen itself
    const dir = tempDir()
    const allowed = await cli('identity', 'list', '--db', db, '--allowed-signers')
    writeFileSync(join(dir, 'allowed_signers'), allowed.out)
    const raw = new Database(db, { readonly: true })
    const e = raw.prepare<[], AuditRow>("SELECT * FROM audit_log WHERE action = 'decision'").get()!
    raw.close()
    // since v80 an act signs its place in its case's chain (v2); the bytes are the same plain lines
    const message = entryMessage(e)
    expect(message.toString()).toMatch(
      /^auditor-workbench audit entry v2\ncase: c\ncase-seq: \d+\ncase-prev: [0-9a-f]{64}\n/
    )
    writeFileSync(join(dir, 'entry.txt'), message)
    writeFileSync(join(dir, 'entry.sig'), String(e.signature))
    const verify = (identity: string, file = 'entry.txt') =>
      spawnSync(
        'sh',
        [
          '-c',
          `ssh-keygen -Y verify -f allowed_signers -I "${identity}" -n auditor-workbench -s entry.sig < ${file}`
        ],
        { cwd: dir, encoding: 'utf8' }
      )
    const good = verify('Ann Auditor')
    expect(good.stdout + good.stderr).toMatch(
      /Good "auditor-workbench" signature for Ann Auditor with ED25519 key/
    )
    expect(good.status).toBe(0)
    // another name, or the content changed by one word: ssh-keygen refuses too
    expect(verify('Bob').status).not.toBe(0)
    writeFileSync(join(dir, 'edited.txt'), message.toString().replace('"reject"', '"accept"'))
    expect(verify('Ann Auditor', 'edited.txt').status).not.toBe(0)
  })

  it('an acting command without a key, or with a key the roster does not hold, is refused', async () => {
    const db = await demoCaseDb()
    const none = await cli(...decideArgs(db, '').filter((x) => x !== '--key' && x !== ''))
    expect(none.code).toBe(EXIT.usage)
    expect(none.err).toMatch(/--key FILE is required/)
    const stranger = sshKeygenKey('mallory')
    const r = await cli(...decideArgs(db, stranger.file))
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toMatch(/not in this workspace's roster/)
  })
})

describe('A6: four eyes need two auditors with two keys', () => {
  it('refuses "alice" + U+200B, a look-alike or re-cased name, a second name for one key, and accepting with the submitting key', async () => {
    const db = await demoCaseDb()
    const alice = sshKeygenKey('alice')
    const other = sshKeygenKey('other')
    expect((await cli('identity', 'add', '--db', db, '--name', 'alice', '--pubkey', alice.pub)).code).toBe(
      EXIT.ok
    )
    const zwsp = await cli('identity', 'add', '--db', db, '--name', 'alice\u200b', '--pubkey', other.pub)
    expect(zwsp.code).toBe(EXIT.usage)
    expect(zwsp.err).toMatch(/invisible or control character U\+200B/)
    const rtl = await cli('identity', 'add', '--db', db, '--name', '\u202Eecila', '--pubkey', other.pub)
    expect(rtl.err).toMatch(/U\+202E/)
    // NFKC: full-width "ａｌｉｃｅ" is "alice"; case does not make another auditor
    for (const name of ['\uff41\uff4c\uff49\uff43\uff45', 'Alice']) {
      const r = await cli('identity', 'add', '--db', db, '--name', name, '--pubkey', other.pub)
      expect(r.code).toBe(EXIT.usage)
      expect(r.err).toMatch(/An auditor "alice" is already registered/)
    }
    const sameKey = await cli('identity', 'add', '--db', db, '--name', 'bob', '--pubkey', alice.pub)
    expect(sameKey.err).toMatch(/already registered as "alice"; one key is one auditor/)

    expect((await cli('review', 'submit', '--db', db, '--case', 'c', '--key', alice.file)).code).toBe(EXIT.ok)
    const self = await cli('review', 'accept', '--db', db, '--case', 'c', '--key', alice.file)
    expect(self.code).toBe(EXIT.usage)
    expect(self.err).toMatch(/a second auditor must accept it/)
    expect((await cli('identity', 'add', '--db', db, '--name', 'bob', '--pubkey', other.pub)).code).toBe(
      EXIT.ok
    )
    const ok = await cli('review', 'accept', '--db', db, '--case', 'c', '--key', other.file)
    expect(ok.out).toMatch(/submitted by alice, accepted by bob/)
    expect((await cli('audit-log', 'verify', '--db', db, '--case', 'c')).code).toBe(EXIT.ok)
  })

  it('refuses a name that looks like a registered one in another script or with a digit: the verdict could not tell them apart', async () => {
    const db = await demoCaseDb()
    const bob = sshKeygenKey('bob')
    const mallory = sshKeygenKey('mallory')
    expect(
      (await cli('identity', 'add', '--db', db, '--name', 'Bob Reviewer', '--pubkey', bob.pub)).code
    ).toBe(EXIT.ok)
    // Cyrillic В and о, a Greek Ο, a digit 0: each displays as "Bob Reviewer" in the verdict and the PDF
    for (const name of ['\u0412\u043eb Reviewer', 'B\u039fb Reviewer', 'B0b Reviewer']) {
      const r = await cli('identity', 'add', '--db', db, '--name', name, '--pubkey', mallory.pub)
      expect(r.code).toBe(EXIT.usage)
      expect(r.err).toMatch(/looks like the registered auditor "Bob Reviewer" \(key SHA256:/)
    }
    // nothing of them was registered
    const signers = (await cli('identity', 'list', '--db', db, '--allowed-signers')).out
    expect(signers.trim().split('\n')).toHaveLength(1)
    // a name that only shares letters is another auditor
    expect(
      (await cli('identity', 'add', '--db', db, '--name', 'Bobby Reviewer', '--pubkey', mallory.pub)).code
    ).toBe(EXIT.ok)
  })
})
