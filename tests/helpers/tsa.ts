/**
 * A local RFC 3161 timestamp authority for tests: a node http server on 127.0.0.1 that hands each query
 * to `openssl ts -reply`, with a TSA certificate issued at test time by the test CA (extendedKeyUsage
 * critical timeStamping). The TSA's time is the system clock's (openssl's), as a real authority's would be.
 */
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import { issueCertificate, type TestPki } from './test-pki'

const run = promisify(execFile)

export interface LocalTsa {
  readonly url: string
  readonly certPem: string
  /** how many queries it answered */
  readonly answered: () => number
  close(): Promise<void>
}

/** Issues the TSA certificate with the test CA of `pki` and starts the server. */
export async function startLocalTsa(pki: TestPki): Promise<LocalTsa> {
  const f = (n: string): string => join(pki.dir, n)
  writeFileSync(
    f('tsa.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n'
  )
  issueCertificate(pki.dir, {
    name: 'tsa',
    subject: '/C=DE/O=Test Assessment Body/CN=Test TSA',
    ext: 'tsa.ext'
  })
  writeFileSync(f('tsaserial'), '01\n')
  writeFileSync(
    f('tsa.cnf'),
    [
      '[tsa]',
      'default_tsa=t',
      '[t]',
      `serial=${f('tsaserial')}`,
      'crypto_device=builtin',
      `signer_cert=${f('tsa.pem')}`,
      `certs=${f('ca.pem')}`,
      `signer_key=${f('tsa.key')}`,
      'signer_digest=sha256',
      'default_policy=1.2.3.4.1',
      'digests=sha256',
      'accuracy=secs:1',
      'ordering=yes',
      'tsa_name=no',
      'ess_cert_id_chain=no',
      'ess_cert_id_alg=sha256',
      ''
    ].join('\n')
  )
  let answered = 0
  let n = 0
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const id = ++n
      const q = f(`q${id}.tsq`)
      const r = f(`r${id}.tsr`)
      writeFileSync(q, Buffer.concat(chunks))
      run('openssl', ['ts', '-reply', '-config', f('tsa.cnf'), '-queryfile', q, '-out', r], {
        cwd: pki.dir
      }).then(
        () => {
          answered++
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' })
          res.end(readFileSync(r))
        },
        (e: Error) => {
          res.writeHead(500)
          res.end(e.message)
        }
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    certPem: f('tsa.pem'),
    answered: () => answered,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
