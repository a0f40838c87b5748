/**
 * Trusted time and signing refusals (issue 14): PAdES-B-T from a local timestamp authority (openssl ts
 * behind a node http server on 127.0.0.1), the offline upgrade (`timestamp FILE --tsa URL`: a document
 * timestamp as an incremental update), checked by pdfsig and by our verify; and the certificates signing
 * refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { tempDir } from '../helpers/paths'
import { createTestPki, readP12, readPem, type TestPki } from '../helpers/test-pki'
import { startLocalTsa, type LocalTsa } from '../helpers/tsa'
import { integratorWorkspace, signedAt, unsignedVerdictPdf } from '../helpers/verdict-pdf'
import { signPdf } from '../../src/main/pdf/pades'
import { requestTimestamp } from '../../src/main/pdf/tsp'
import { verifyVerdictPdf } from '../../src/main/pdf/export'
import { parseTrustPem, type TrustList } from '../../src/main/pdf/trust'
import { EXIT } from '../../src/main/cli'
import { cli } from '../helpers/cli'
import { PdfFile } from '../../src/main/pdf/pdf-objects'
import type { Workspace } from '../../src/main/workspace'

let ws: Workspace & { dir: string }
let pki: TestPki
let tsa: LocalTsa
let trust: TrustList
let unsigned: Buffer
let out: string

const pdfsig = (pdf: Buffer): string => {
  const file = join(out, `s-${createHash('sha256').update(pdf).digest('hex').slice(0, 8)}.pdf`)
  writeFileSync(file, pdf)
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' })
  return `${r.stdout}${r.stderr}`
}
const sign = (opts: { p12?: string; tsaUrl?: string; trust?: TrustList } = {}): Promise<Buffer> =>
  signPdf(unsigned, {
    p12: readP12(opts.p12 ?? pki.p12),
    passphrase: pki.passphrase,
    signingTime: signedAt(),
    trust: opts.trust ?? trust,
    tsaUrl: opts.tsaUrl
  })

beforeAll(async () => {
  out = tempDir('aw-ts-')
  pki = createTestPki()
  tsa = await startLocalTsa(pki)
  trust = parseTrustPem(readPem(pki.caPem), 'test CA')
  ws = await integratorWorkspace()
  // this workspace plays the body's: its log records the export of the verdict it signs
  unsigned = await unsignedVerdictPdf(ws.verdict('nordlicht'), ws)
}, 60_000)
afterAll(async () => {
  await tsa.close()
  ws.close()
})

describe('PAdES-B-T: a signature timestamp from the local TSA', () => {
  it('verifies with pdfsig and with verify; the certificates are judged at the timestamp', async () => {
    const bt = await sign({ tsaUrl: tsa.url })
    expect(tsa.answered()).toBeGreaterThan(0)
    const p = pdfsig(bt)
    expect(p).toContain('Signature is Valid.')
    expect(p).toContain('Total document signed')
    const c = await verifyVerdictPdf(bt, 'bt.pdf', ws, { trust })
    expect(c.problems).toEqual([])
    expect(c.outcome).toBe('VALID')
    expect(c.signature.timestamp).toMatchObject({
      ok: true,
      trusted: true,
      tsa: 'C=DE, O=Test Assessment Body, CN=Test TSA'
    })
    // the TSA stamps the system's time: after the claimed signing time (the tests' clock), as it must be
    expect(Date.parse(c.signature.timestamp!.time!)).toBeGreaterThan(signedAt().getTime())
    expect(c.signature.trust).toMatchObject({
      timeSource: 'timestamp',
      checkedAt: c.signature.timestamp!.time
    })
  })
})

describe('offline: B-B now, a document timestamp later', () => {
  it('a B-B file gets a document timestamp later (`timestamp --tsa`); pdfsig and verify accept it', async () => {
    const bb = await sign()
    const file = join(out, 'bb.pdf')
    writeFileSync(file, bb)
    const before = await verifyVerdictPdf(bb, 'bb.pdf', ws, { trust })
    expect(before.outcome).toBe('VALID')
    expect(before.signature.trust?.timeSource).toBe('verification time')
    const r = await cli('timestamp', file, '--tsa', tsa.url, '--trust', pki.caPem)
    expect(r.code, r.err).toBe(EXIT.ok)
    const stamped = readFileSync(file)
    expect(stamped.subarray(0, bb.length).equals(bb)).toBe(true)
    // validation data: a DSS with the certificates the signature carries (signer and CA)
    const reader = new PdfFile(stamped)
    const dss = reader.resolve(reader.catalog()?.get('DSS'))
    const dssCerts = dss instanceof Map ? reader.resolve(dss.get('Certs')) : undefined
    expect(Array.isArray(dssCerts) && dssCerts.map((c) => reader.stream(c)?.length)).toEqual([
      expect.any(Number),
      expect.any(Number)
    ])
    const p = pdfsig(stamped)
    // the signature stays valid up to the document timestamp, which covers the whole file (poppler
    // lists it but does not check RFC 3161 tokens: "Signature has not yet been verified")
    expect(p).toMatch(
      /Signature #1:[\s\S]*Signed Ranges: \[0 - \d+\], \[\d+ - \d+\][\s\S]*Signature is Valid\.[\s\S]*Signature #2:[\s\S]*Test TSA[\s\S]*Total document signed/
    )
    const c = await verifyVerdictPdf(stamped, 'stamped.pdf', ws, { trust })
    expect(c.problems).toEqual([])
    expect(c.outcome).toBe('VALID')
    expect(c.signatures.map((s) => [s.kind, s.valid, s.coversWholeDocument, s.modifiedAfter])).toEqual([
      ['signature', true, false, false],
      ['document-timestamp', true, true, false]
    ])
    expect(c.signature.trust?.timeSource).toBe('timestamp')
    const v = await cli('verify', '--db', join(ws.dir, 'workspace.sqlite'), '--trust', pki.caPem, file)
    expect(v.code).toBe(EXIT.ok)
    expect(v.out).toMatch(/1\. signature .* only document timestamps follow/)
    expect(v.out).toMatch(/2\. document timestamp .* covers the whole file/)
  })

  it('after a document timestamp, a changed byte or an appended update is still refused', async () => {
    const file = join(out, 'bb2.pdf')
    writeFileSync(file, await sign())
    const r = await cli('timestamp', file, '--tsa', tsa.url, '--trust', pki.caPem)
    expect(r.code, r.err).toBe(EXIT.ok)
    const stamped = readFileSync(file)
    const flipped = Buffer.from(stamped)
    const at = stamped.length - 40 // inside the timestamp's trailer
    flipped[at] = flipped[at]! ^ 1
    expect((await verifyVerdictPdf(flipped, 'f.pdf', ws, { trust })).outcome).toBe('INVALID')
    const appended = Buffer.concat([stamped, Buffer.from('\n% more\n')])
    expect((await verifyVerdictPdf(appended, 'a.pdf', ws, { trust })).outcome).toBe('INVALID')
  })
})

describe('the nonce of a timestamp request', () => {
  // 8 random bytes; one request in 512 began with a zero byte followed by one below 0x80, which is not the
  // shortest encoding of that integer: the authority echoed it in its shortest form, and the reply was
  // refused as "without this request's nonce" (export --tsa and timestamp failed at random)
  it.each([
    ['a leading zero byte', '0012345678abcdef'],
    ['a high first bit', '8012345678abcdef'],
    ['a plain one', '1234567890abcdef']
  ])('%s: the reply echoes it and is taken', async (_what, hex) => {
    const imprint = createHash('sha256').update(hex).digest()
    const token = await requestTimestamp(tsa.url, imprint, Buffer.from(hex, 'hex'))
    expect(token.length).toBeGreaterThan(0)
  })
})

describe('a timestamp authority the signer’s own trust list does not hold', () => {
  // Signing refuses a certificate whose chain the signer's own trust list cannot build; a TSA's was taken
  // as it came: `export --tsa` wrote (and logged) a B-T verdict, and `timestamp --tsa` overwrote a VALID
  // B-B file with one, that verify with the same trust list calls INVALID
  let other: LocalTsa
  beforeAll(async () => {
    other = await startLocalTsa(createTestPki())
  }, 60_000)
  afterAll(() => other.close())

  it('export --tsa: refused, the authority named; nothing is signed', async () => {
    await expect(sign({ tsaUrl: other.url })).rejects.toThrow(
      /The timestamp authority .* is refused: the timestamp authority's certificate does not chain to any of the 1 certificate\(s\) in the trust list test CA/
    )
  })

  it('timestamp --tsa: refused, the file as it was; with the trust list that holds the authority, stamped', async () => {
    const bb = await sign()
    const file = join(out, 'bb-other-tsa.pdf')
    writeFileSync(file, bb)
    const r = await cli('timestamp', file, '--tsa', other.url, '--trust', pki.caPem)
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toMatch(/The timestamp authority .* is refused: .*does not chain to .* the trust list/)
    expect(readFileSync(file).equals(bb)).toBe(true)
    expect((await verifyVerdictPdf(readFileSync(file), 'bb.pdf', ws, { trust })).outcome).toBe('VALID')
    const ok = await cli('timestamp', file, '--tsa', tsa.url, '--trust', pki.caPem)
    expect(ok.code, ok.err).toBe(EXIT.ok)
    expect((await verifyVerdictPdf(readFileSync(file), 'bb.pdf', ws, { trust })).outcome).toBe('VALID')
  })
})

describe('signing refuses a certificate no relying party would accept', () => {
  it('expired, no key usage for signatures, or a chain the own trust list cannot build; the error says which', async () => {
    await expect(sign({ p12: pki.expiredP12 })).rejects.toThrow(/signing certificate expired on 2021-01-01/)
    await expect(sign({ p12: pki.noUsageP12 })).rejects.toThrow(
      /refused: the certificate .*Encryption Only \(test\) has no key usage for signatures/
    )
    await expect(sign({ trust: { source: 'the empty list', certs: [], entries: [] } })).rejects.toThrow(
      /refused: its chain .*cannot be built to your own trust list the empty list/
    )
    const other = createTestPki()
    await expect(sign({ trust: parseTrustPem(readPem(other.caPem), 'another body') })).rejects.toThrow(
      /cannot be built to your own trust list another body/
    )
  })

  it('the signed PDF carries the chain (signer and CA certificates in the CMS)', async () => {
    const c = await verifyVerdictPdf(await sign(), 'chain.pdf', ws, { trust })
    expect(c.signature.trust?.path).toHaveLength(2)
    const pem = readPem(pki.caPem)
    // verify with a trust list that holds only the CA: the chain came from the file itself
    expect(pem).toContain('BEGIN CERTIFICATE')
    expect(c.outcome).toBe('VALID')
  })
})
