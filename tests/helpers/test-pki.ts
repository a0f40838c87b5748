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

const openssl = (dir: string, ...args: string[]): void =>
  void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })

/**
 * The `openssl ca` configuration of a test CA in `dir` (ca.cnf): `openssl ca`, not `x509 -req`, so that the
 * validity dates can be set (an expired signer is a test case, and the tests' fixed clock may lie before the
 * day the PKI is made).
 */
function writeCaConfig(dir: string, lines: readonly string[] = []): void {
  const f = (n: string): string => join(dir, n)
  writeFileSync(f('index.txt'), '')
  writeFileSync(f('serial'), '1000\n')
  writeFileSync(
    f('ca.cnf'),
    [
      '[ca]',
      'default_ca=test',
      '[test]',
      ...lines,
      `database=${f('index.txt')}`,
      `serial=${f('serial')}`,
      `new_certs_dir=${dir}`,
      'default_md=sha256',
      'policy=any',
      'unique_subject=no',
      '[any]',
      'countryName=optional',
      'organizationName=optional',
      'commonName=supplied',
      ''
    ].join('\n')
  )
}

/**
 * A new RSA key and its certificate, NAME.key and NAME.pem in `dir`: signed by the CA of dir/ca.cnf, or by
 * the key itself (`selfSign`), valid for `dates`, with the extensions of the file `ext`.
 */
export function issueCertificate(
  dir: string,
  o: { name: string; subject: string; ext: string; dates?: readonly string[]; selfSign?: boolean }
): void {
  const f = (n: string): string => join(dir, n)
  const [key, csr] = [f(`${o.name}.key`), f(`${o.name}.csr`)]
  openssl(
    dir,
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    o.subject
  )
  openssl(
    dir,
    'ca',
    '-batch',
    ...(o.selfSign ? ['-selfsign', '-keyfile', key] : []),
    '-config',
    f('ca.cnf'),
    '-in',
    csr,
    '-out',
    f(`${o.name}.pem`),
    '-notext',
    ...(o.dates ?? VALID),
    '-extfile',
    f(o.ext)
  )
}

/** NAME.p12: the key and certificate NAME, with the CA's certificate when given, protected by `passphrase`. */
function exportP12(
  dir: string,
  name: string,
  passphrase: string,
  o: { ca?: string; friendlyName?: string } = {}
) {
  const f = (n: string): string => join(dir, n)
  openssl(
    dir,
    'pkcs12',
    '-export',
    '-inkey',
    f(`${name}.key`),
    '-in',
    f(`${name}.pem`),
    ...(o.ca ? ['-certfile', o.ca] : []),
    '-out',
    f(`${name}.p12`),
    '-passout',
    `pass:${passphrase}`,
    ...(o.friendlyName ? ['-name', o.friendlyName] : [])
  )
}

export function createTestPki(passphrase = 'correct horse battery staple'): TestPki {
  const dir = tempDir()
  const f = (n: string): string => join(dir, n)
  writeFileSync(
    f('signer.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n'
  )
  writeCaConfig(dir, [
    `dir=${dir}`,
    `certificate=${f('ca.pem')}`,
    `private_key=${f('ca.key')}`,
    'default_days=30'
  ])
  // the CA is self-signed through `openssl ca -selfsign` too, so that its validity can start in the past
  writeFileSync(f('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n')
  issueCertificate(dir, {
    name: 'ca',
    subject: '/C=DE/O=Test Assessment Body/CN=Test Root CA',
    ext: 'ca.ext',
    selfSign: true
  })
  writeFileSync(f('nousage.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment\n')
  const issue = (name: string, cn: string, dates: string[], ext = 'signer.ext'): void => {
    issueCertificate(dir, { name, subject: `/C=DE/O=Test Assessment Body/CN=${cn}`, ext, dates })
    exportP12(dir, name, passphrase, { ca: f('ca.pem'), friendlyName: cn })
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
  writeFileSync(
    join(dir, 'ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n'
  )
  // `openssl ca -selfsign`, so that its validity can start before the tests' fixed clock
  writeCaConfig(dir)
  issueCertificate(dir, {
    name: 'forged',
    subject: '/C=DE/O=Test Assessment Body/CN=A. Auditor (test)',
    ext: 'ext',
    selfSign: true
  })
  exportP12(dir, 'forged', passphrase)
  return join(dir, 'forged.p12')
}

/** PEM of a certificate file, for a trust list. */
export const readPem = (path: string): string => readFileSync(path, 'utf8')

/**
 * Another certificate from the CA of `pki`, with the extensions `ext` (openssl extension lines), as a
 * PKCS#12 with the same passphrase. Returns the .p12 path.
 */
export function issueP12(pki: TestPki, name: string, cn: string, ext: string): string {
  writeFileSync(join(pki.dir, `${name}.ext`), ext)
  issueCertificate(pki.dir, { name, subject: `/C=DE/O=Test Assessment Body/CN=${cn}`, ext: `${name}.ext` })
  exportP12(pki.dir, name, pki.passphrase, { ca: pki.caPem, friendlyName: cn })
  return join(pki.dir, `${name}.p12`)
}

/**
 * A body CA that allows no CA below it (basicConstraints pathlen:0), which issued a CA certificate anyway
 * (a mis-issued auditor certificate with cA and keyCertSign), and a signer certificate that CA issued under
 * a name of its holder's choice. The PKCS#12 carries the signer and that CA, as a forger would ship them.
 */
export function createPathLenPki(passphrase = 'correct horse battery staple'): {
  readonly caPem: string
  readonly p12: string
  readonly passphrase: string
} {
  const root = tempDir('aw-pathlen-root-')
  const sub = tempDir('aw-pathlen-sub-')
  const f = (dir: string, n: string): string => join(dir, n)
  writeCaConfig(root, [`certificate=${f(root, 'ca.pem')}`, `private_key=${f(root, 'ca.key')}`])
  writeFileSync(
    f(root, 'ca.ext'),
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n'
  )
  issueCertificate(root, {
    name: 'ca',
    subject: '/C=DE/O=Test Assessment Body/CN=Test Root CA (pathlen 0)',
    ext: 'ca.ext',
    selfSign: true
  })
  writeFileSync(
    f(root, 'sub.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n'
  )
  issueCertificate(root, {
    name: 'sub',
    subject: '/C=DE/O=Test Assessment Body/CN=B. Auditor (test)',
    ext: 'sub.ext'
  })
  writeCaConfig(sub, [`certificate=${f(root, 'sub.pem')}`, `private_key=${f(root, 'sub.key')}`])
  writeFileSync(
    f(sub, 'signer.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n'
  )
  issueCertificate(sub, {
    name: 'signer',
    subject: '/C=DE/O=Test Assessment Body/CN=Forum SCS-Standards (OSB Alliance)',
    ext: 'signer.ext'
  })
  exportP12(sub, 'signer', passphrase, { ca: f(root, 'sub.pem') })
  return { caPem: f(root, 'ca.pem'), p12: f(sub, 'signer.p12'), passphrase }
}
