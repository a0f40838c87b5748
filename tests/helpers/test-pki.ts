/**
 * A throwaway PKI for signing tests, made at test time with the openssl CLI in a temp folder: a CA, a signer
 * certificate issued by it, and the signer's key in a PKCS#12 file with a passphrase. Nothing lands in the repo.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from './paths'

export interface TestPki {
  readonly dir: string
  readonly caPem: string
  readonly p12: string
  readonly passphrase: string
  /** a PKCS#12 whose certificate has expired */
  readonly expiredP12: string
  /** a PKCS#12 whose certificate has no key usage for signatures (only keyEncipherment) */
  readonly noUsageP12: string
}

/** valid from well before the tests' fixed clock to well after the real one */
const VALID = ['-startdate', '20250101000000Z', '-enddate', '20351231000000Z']

export function createTestPki(passphrase = 'correct horse battery staple'): TestPki {
  const dir = tempDir()
  const f = (n: string): string => join(dir, n)
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  writeFileSync(
    f('signer.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n'
  )
  // `openssl ca` (not `x509 -req`) so that the validity dates can be set: an expired signer is a test case
  writeFileSync(f('index.txt'), '')
  writeFileSync(f('serial'), '1000\n')
  writeFileSync(
    f('ca.cnf'),
    [
      '[ca]',
      'default_ca=test',
      '[test]',
      `dir=${dir}`,
      `database=${f('index.txt')}`,
      `serial=${f('serial')}`,
      `new_certs_dir=${dir}`,
      `certificate=${f('ca.pem')}`,
      `private_key=${f('ca.key')}`,
      'default_md=sha256',
      'default_days=30',
      'policy=any',
      'unique_subject=no',
      '[any]',
      'countryName=optional',
      'organizationName=optional',
      'commonName=supplied',
      ''
    ].join('\n')
  )
  // the CA is self-signed through `openssl ca -selfsign` too, so that its validity can start in the past:
  // tests run on a fixed clock (tests/helpers/clock.ts), which may lie before the day the PKI is made
  writeFileSync(f('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n')
  ssl(
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.csr'),
    '-subj',
    '/C=DE/O=Test Assessment Body/CN=Test Root CA'
  )
  ssl(
    'ca',
    '-batch',
    '-selfsign',
    '-config',
    f('ca.cnf'),
    '-keyfile',
    f('ca.key'),
    '-in',
    f('ca.csr'),
    '-out',
    f('ca.pem'),
    '-notext',
    ...VALID,
    '-extfile',
    f('ca.ext')
  )
  writeFileSync(f('nousage.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment\n')
  const issue = (name: string, cn: string, dates: string[], ext = 'signer.ext'): void => {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
      '-subj',
      `/C=DE/O=Test Assessment Body/CN=${cn}`
    )
    ssl(
      'ca',
      '-batch',
      '-config',
      f('ca.cnf'),
      '-in',
      f(`${name}.csr`),
      '-out',
      f(`${name}.pem`),
      '-notext',
      ...dates,
      '-extfile',
      f(ext)
    )
    ssl(
      'pkcs12',
      '-export',
      '-inkey',
      f(`${name}.key`),
      '-in',
      f(`${name}.pem`),
      '-certfile',
      f('ca.pem'),
      '-out',
      f(`${name}.p12`),
      '-passout',
      `pass:${passphrase}`,
      '-name',
      cn
    )
  }
  issue('signer', 'A. Auditor (test)', VALID)
  issue('expired', 'Expired Auditor (test)', ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z'])
  issue('nousage', 'Encryption Only (test)', VALID, 'nousage.ext')
  return {
    dir,
    caPem: f('ca.pem'),
    p12: f('signer.p12'),
    passphrase,
    expiredP12: f('expired.p12'),
    noUsageP12: f('nousage.p12')
  }
}

export const readP12 = (path: string): Buffer => readFileSync(path)

/**
 * A forger's key (attack P1): made with openssl, self-signed, under the real signer's name and with the
 * same key usage; a PKCS#12 with the same passphrase. Returns the .p12 path.
 */
export function createSelfSignedSigner(passphrase = 'correct horse battery staple'): string {
  const dir = tempDir('aw-forger-')
  const f = (n: string): string => join(dir, n)
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  writeFileSync(f('ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n')
  writeFileSync(f('index.txt'), '')
  writeFileSync(f('serial'), '1000\n')
  // `openssl ca -selfsign`, so that its validity can start before the tests' fixed clock
  writeFileSync(
    f('ca.cnf'),
    `[ca]\ndefault_ca=x\n[x]\ndatabase=${f('index.txt')}\nserial=${f('serial')}\nnew_certs_dir=${dir}\ndefault_md=sha256\npolicy=any\nunique_subject=no\n[any]\ncountryName=optional\norganizationName=optional\ncommonName=supplied\n`
  )
  const subj = '/C=DE/O=Test Assessment Body/CN=A. Auditor (test)'
  ssl(
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('forged.key'),
    '-out',
    f('forged.csr'),
    '-subj',
    subj
  )
  ssl(
    'ca',
    '-batch',
    '-selfsign',
    '-config',
    f('ca.cnf'),
    '-keyfile',
    f('forged.key'),
    '-in',
    f('forged.csr'),
    '-out',
    f('forged.pem'),
    '-notext',
    ...VALID,
    '-extfile',
    f('ext')
  )
  ssl(
    'pkcs12',
    '-export',
    '-inkey',
    f('forged.key'),
    '-in',
    f('forged.pem'),
    '-out',
    f('forged.p12'),
    '-passout',
    `pass:${passphrase}`
  )
  return f('forged.p12')
}

/** PEM of a certificate file, for a trust list. */
export const readPem = (path: string): string => readFileSync(path, 'utf8')
