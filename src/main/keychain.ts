/**
 * Opt-in storage of signing-key passphrases in the OS keychain. The cipher is Electron's safeStorage (the
 * OS keychain or credential store) when the desktop app runs; browser mode and the CLI have none, so they
 * always ask. Only ciphertext is written, to a file beside the workspace, keyed by the SHA-256 of the
 * PKCS#12 file (the key itself is never stored).
 */
import { sha256Hex } from './node-crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

export interface SecretCipher {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

export const keyIdOf = (p12: Buffer): string => sha256Hex(p12)

export function createPassphraseStore(file: string, cipher: SecretCipher | null) {
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {}
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
  const write = (data: Record<string, string>): void => {
    writeFileSync(`${file}.tmp`, JSON.stringify(data), { mode: 0o600 })
    renameSync(`${file}.tmp`, file)
  }
  const available = (): boolean => !!cipher && cipher.isEncryptionAvailable()
  return {
    available,
    get(keyId: string): string | null {
      const blob = read()[keyId]
      if (!blob || !available()) return null
      try {
        return cipher!.decryptString(Buffer.from(blob, 'base64'))
      } catch {
        return null
      }
    },
    set(keyId: string, passphrase: string): void {
      if (!available()) return
      write({ ...read(), [keyId]: cipher!.encryptString(passphrase).toString('base64') })
    },
    forget(keyId: string): void {
      const data = read()
      if (!(keyId in data)) return
      delete data[keyId]
      write(data)
    }
  }
}
export type PassphraseStore = ReturnType<typeof createPassphraseStore>
