/**
 * Verification a relying party can trust (issue 14): the attacks of the security review, each performed,
 * against `verify` (the CLI, exit codes and text) and the verification core. A genuine verdict is VALID
 * only with its body's CA in the trust list, and UNTRUSTED without it.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { cmsDer } from '../../src/main/pdf/cms'
import { ROOT, tempDir } from '../helpers/paths'
import { integratorWorkspace, signedAt, unsignedVerdictPdf } from '../helpers/verdict-pdf'
import {
  createPathLenPki,
  createSelfSignedSigner,
  createTestPki,
  issueP12,
  readP12,
  readPem,
  type TestPki
} from '../helpers/test-pki'
import { appendForgedVerdict, forgeSign } from '../helpers/forge'
import { pdfBomb } from '../helpers/hostile-pdf'
import { signPdf } from '../../src/main/pdf/pades'
import { verifyVerdictPdf } from '../../src/main/pdf/export'
import { parseTrustPem, TRUST_FILE_NAME, type TrustList } from '../../src/main/pdf/trust'
import { PdfFile, MAX_INFLATED_TOTAL } from '../../src/main/pdf/pdf-objects'
import { extractAttachments } from '../../src/main/pdf/attachments'
import { EXIT } from '../../src/main/cli'
import { cli } from '../helpers/cli'
import type { Workspace } from '../../src/main/workspace'
import type { Verdict } from '../../src/shared/domain/verdict-types'
import type { InvokeContract, TrustListView } from '../../src/shared/ipc/contract'
import type { Result } from '../../src/shared/result'
import { startCore } from '../../src/main/core'
import { dispatch } from '../../src/main/ipc/dispatch'

let ws: Workspace & { dir: string }
let pki: TestPki
let trust: TrustList
let genuine: Buffer
let verdict: Verdict
let out: string
const EMPTY: TrustList = { source: '(none)', certs: [], entries: [] }

// this workspace plays the body's: its log records the export of each verdict made here, as exportVerdict
// does (for a forged one too: what is refused here must be refused on the signature and the trust alone)
const unsignedPdf = (v: Verdict): Promise<Buffer> => unsignedVerdictPdf(v, ws)

/** runs the CLI's verify on bytes; returns exit code and text (what it printed, then its errors) */
async function cliVerify(pdf: Buffer, ...flags: string[]): Promise<{ code: number; text: string }> {
  const file = join(out, `v-${createHash('sha256').update(pdf).digest('hex').slice(0, 8)}.pdf`)
  writeFileSync(file, pdf)
  const r = await cli('verify', '--db', join(ws.dir, 'workspace.sqlite'), ...flags, file)
  return { code: r.code, text: r.out + r.err }
}

beforeAll(async () => {
  out = tempDir('aw-verify-')
  pki = createTestPki()
  trust = parseTrustPem(readPem(pki.caPem), 'test CA')
  ws = await integratorWorkspace()
  verdict = ws.verdict('nordlicht')
  genuine = await signPdf(await unsignedPdf(verdict), {
    p12: readP12(pki.p12),
    passphrase: pki.passphrase,
    signingTime: signedAt(),
    trust
  })
}, 60_000)
afterAll(() => ws.close())

describe('a genuine signature whose DER ends in a zero byte', () => {
  // The CMS sits in /Contents, padded with zeros to the placeholder's size. An RSA signature value ends in a
  // zero byte once in 256 signatures, and so does the DER; cutting every trailing zero cut the signature
  // and made a genuine verdict INVALID (seen as a flaky tamper suite). Signing times are tried in turn
  // until one gives such a signature (256 tries on average; 3,000 miss with a chance of 1 in 100,000).
  it('is VALID, as pdfsig says too', async () => {
    const unsigned = await unsignedPdf(verdict)
    let signed: Buffer | null = null
    for (let k = 0; k < 3000 && !signed; k++) {
      const candidate = await signPdf(unsigned, {
        p12: readP12(pki.p12),
        passphrase: pki.passphrase,
        signingTime: new Date(signedAt().getTime() + k * 1000),
        trust
      })
      const hex = /\/Contents\s*<([0-9A-Fa-f]+)>/.exec(candidate.toString('latin1'))![1]!
      if (cmsDer(Buffer.from(hex, 'hex')).at(-1) === 0) signed = candidate
    }
    expect(signed, 'no signature ending in a zero byte in 3,000 tries').not.toBeNull()
    const c = await verifyVerdictPdf(signed!, 'zero-end.pdf', ws, { trust })
    expect(c.problems).toEqual([])
    expect(c).toMatchObject({ outcome: 'VALID', ok: true })
    const file = join(out, 'zero-end.pdf')
    writeFileSync(file, signed!)
    expect(spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.')
  }, 300_000)
})

describe('the trust list decides VALID or UNTRUSTED', () => {
  it('a genuine verdict: VALID with the test CA in the trust list, UNTRUSTED without it; the fingerprint is printed', async () => {
    const valid = await verifyVerdictPdf(genuine, 'genuine.pdf', ws, { trust })
    expect(valid.problems).toEqual([])
    expect(valid).toMatchObject({ outcome: 'VALID', ok: true })
    expect(valid.signature.trust).toMatchObject({ chained: true, ok: true, timeSource: 'verification time' })
    expect(valid.signature.trust!.path).toEqual([
      'C=DE, O=Test Assessment Body, CN=A. Auditor (test)',
      'C=DE, O=Test Assessment Body, CN=Test Root CA'
    ])
    const untrusted = await verifyVerdictPdf(genuine, 'genuine.pdf', ws, { trust: EMPTY })
    expect(untrusted).toMatchObject({ outcome: 'UNTRUSTED', ok: false })
    expect(untrusted.reason).toMatch(/signature is sound, but the trust list \(none\) is empty/)

    const withTrust = await cliVerify(genuine, '--trust', pki.caPem)
    expect(withTrust.code).toBe(EXIT.ok)
    expect(withTrust.text).toMatch(/^VALID: /)
    expect(withTrust.text).toContain(`signer fingerprint: SHA-256 ${valid.fingerprint}`)
    const without = await cliVerify(genuine)
    expect(without.code).toBe(EXIT.verifyFailed)
    expect(without.text).toMatch(/^UNTRUSTED: /)
    expect(without.text).toMatch(
      /reason: the signature is sound, but the trust list .*trusted-bodies\.pem \(missing\) is empty/
    )
    expect(without.text).toMatch(/to trust this body: add its CA certificate/)
  })

  it('a signer certificate in the trust list (instead of its CA) is an anchor too', async () => {
    const leaf = parseTrustPem(readPem(join(pki.dir, 'signer.pem')), 'the signer only')
    const c = await verifyVerdictPdf(genuine, 'genuine.pdf', ws, { trust: leaf })
    expect(c.outcome).toBe('VALID')
    expect(c.signature.trust?.path).toEqual(['C=DE, O=Test Assessment Body, CN=A. Auditor (test)'])
  })

  it('the trust list comes from --trust, else AUDITOR_WORKBENCH_TRUSTED_BODIES, else trusted-bodies.pem beside the workspace', async () => {
    process.env['AUDITOR_WORKBENCH_TRUSTED_BODIES'] = pki.caPem
    try {
      expect((await cliVerify(genuine)).code).toBe(EXIT.ok)
    } finally {
      delete process.env['AUDITOR_WORKBENCH_TRUSTED_BODIES']
    }
    writeFileSync(join(ws.dir, TRUST_FILE_NAME), readPem(pki.caPem))
    try {
      const r = await cliVerify(genuine, '--json')
      expect(r.code).toBe(EXIT.ok)
      const json = JSON.parse(r.text) as { outcome: string; fingerprint: string; reason: string }
      expect(json.outcome).toBe('VALID')
      expect(json.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
      // --trust replaces the workspace's list
      const other = createTestPki()
      expect((await cliVerify(genuine, '--trust', other.caPem)).code).toBe(EXIT.verifyFailed)
    } finally {
      writeFileSync(join(ws.dir, TRUST_FILE_NAME), '')
    }
  })
})

describe('attacks of the security review (2026-12-01)', () => {
  it('P1: an openssl key under the real signer name signs a fabricated silver verdict → UNTRUSTED, exit 4', async () => {
    const forgedP12 = createSelfSignedSigner(pki.passphrase)
    const fake = { ...verdict, outcome: 'silver', outcomeName: 'Certified SCS IaaS Integrator Silver' }
    const forged = await forgeSign(await unsignedPdf(fake), readP12(forgedP12), pki.passphrase, signedAt())
    const c = await verifyVerdictPdf(forged, 'p1.pdf', ws, { trust })
    expect(c.signature.signer?.subject).toBe('C=DE, O=Test Assessment Body, CN=A. Auditor (test)')
    expect(c.problems).toEqual([expect.stringMatching(/does not chain/)])
    expect(c.outcome).toBe('UNTRUSTED')
    const genuineCheck = await verifyVerdictPdf(genuine, 'genuine.pdf', ws, { trust })
    expect(c.fingerprint).not.toBe(genuineCheck.fingerprint)
    const r = await cliVerify(forged, '--trust', pki.caPem)
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.text).toMatch(/^UNTRUSTED: /)
    expect(r.text).toContain(`SHA-256 ${c.fingerprint}`)
    expect(r.text).toMatch(/does not chain to any of the 1 certificate\(s\) in the trust list/)
  })

  it('P1b: a fake "Test Root CA" (same name) issues the signer certificate → UNTRUSTED, exit 4', async () => {
    const fakePki = createTestPki(pki.passphrase)
    const forged = await forgeSign(
      await unsignedPdf(verdict),
      readP12(fakePki.p12),
      pki.passphrase,
      signedAt()
    )
    const c = await verifyVerdictPdf(forged, 'p1b.pdf', ws, { trust })
    expect(c.signature.signer?.issuer).toBe('C=DE, O=Test Assessment Body, CN=Test Root CA')
    expect(c.outcome).toBe('UNTRUSTED')
    expect((await cliVerify(forged, '--trust', pki.caPem)).code).toBe(EXIT.verifyFailed)
  })

  it('P1c: a forged PDF naming a case that is not in the workspace → not VALID, exit 4', async () => {
    const forgedP12 = createSelfSignedSigner(pki.passphrase)
    const ghost = { ...verdict, caseId: 'ghost-cloud', outcome: 'silver' }
    const forged = await forgeSign(await unsignedPdf(ghost), readP12(forgedP12), pki.passphrase, signedAt())
    const c = await verifyVerdictPdf(forged, 'p1c.pdf', ws, { trust })
    expect(c.outcome).not.toBe('VALID')
    expect(c.audit.message).toMatch(/not checked/)
    const r = await cliVerify(forged, '--trust', pki.caPem)
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.text).not.toMatch(/^VALID/)
  })

  it('P2: a certificate that expired in 2021 signs with its time set to 2020 → INVALID, exit 4', async () => {
    const forged = await forgeSign(
      await unsignedPdf(verdict),
      readP12(pki.expiredP12),
      pki.passphrase,
      new Date('2020-06-01T00:00:00Z')
    )
    const c = await verifyVerdictPdf(forged, 'p2.pdf', ws, { trust })
    expect(c.signature.signingTime).toBe('2020-06-01T00:00:00.000Z')
    expect(c.outcome).toBe('INVALID')
    expect(c.reason).toMatch(/Expired Auditor \(test\) expired on 2021-01-01/)
    // and without the CA in the trust list it is no better than INVALID either
    expect((await verifyVerdictPdf(forged, 'p2.pdf', ws, { trust: EMPTY })).outcome).toBe('INVALID')
    const r = await cliVerify(forged, '--trust', pki.caPem)
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.text).toMatch(/^INVALID: /)
  })

  it('P4: a genuine signature, then an update with a new verdict.json and a "Silver" overlay, signed again with a forged key → INVALID; the first signature no longer covers the file', async () => {
    const forgedJson = Buffer.from(JSON.stringify({ ...verdict, outcome: 'silver', points: 99 }))
    const updated = appendForgedVerdict(genuine, forgedJson, 'Silver')
    expect(updated.subarray(0, genuine.length).equals(genuine)).toBe(true)
    expect(extractAttachments(updated).get('verdict.json')!.equals(forgedJson)).toBe(true)
    const forgedP12 = createSelfSignedSigner(pki.passphrase)
    const twice = await forgeSign(updated, readP12(forgedP12), pki.passphrase, signedAt())
    const c = await verifyVerdictPdf(twice, 'p4.pdf', ws, { trust })
    expect(c.outcome).toBe('INVALID')
    expect(c.signatures).toHaveLength(2)
    const [first, second] = c.signatures
    expect(first).toMatchObject({ valid: true, coversWholeDocument: false, modifiedAfter: true })
    expect(first!.signer?.fingerprint).toBe((await verifyVerdictPdf(genuine, 'g', ws, { trust })).fingerprint)
    expect(first!.problems.join('\n')).toMatch(
      /changed after this signature: revision 3 .* is not a document timestamp/
    )
    expect(second).toMatchObject({ valid: true, coversWholeDocument: true })
    const r = await cliVerify(twice, '--trust', pki.caPem)
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.text).toMatch(/^INVALID: /)
    expect(r.text).toMatch(/1\. signature .* does NOT cover the whole file: the file was changed after it/)
    expect(r.text).toMatch(/2\. signature .* covers the whole file/)
    // the same update without the second signature (P3) is refused too
    expect((await verifyVerdictPdf(updated, 'p3.pdf', ws, { trust })).outcome).toBe('INVALID')
  })
})

/** What pdfsig says of `pdf` with the CA certificate `caPem` trusted in a fresh NSS database. */
function pdfsigTrusting(caPem: string, pdf: Buffer): string {
  const nss = tempDir('aw-nss-')
  spawnSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`])
  spawnSync('certutil', ['-A', '-n', 'test-ca', '-t', 'CT,C,C', '-i', caPem, '-d', `sql:${nss}`])
  const file = join(out, `nss-${createHash('sha256').update(pdf).digest('hex').slice(0, 8)}.pdf`)
  writeFileSync(file, pdf)
  return spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' }).stdout
}

describe('a certificate whose extended key usage is not for signing documents', () => {
  // The trust list holds the CA of each timestamp authority a relying party accepts, beside the bodies'.
  // A TSA's certificate (extended key usage timeStamping, critical, as RFC 3161 wants it) has the key
  // usage digitalSignature too: its holder, who is trusted for the time and nothing else, signed verdicts
  // that verify called VALID, while pdfsig with the same CA trusted refused the certificate.
  const TSA_EXT =
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n'

  it('a timestamp authority’s certificate signing a verdict: refused at signing, INVALID at verify, as pdfsig says', async () => {
    const tsaP12 = issueP12(pki, 'tsa-signer', 'Test TSA', TSA_EXT)
    const unsigned = await unsignedPdf(verdict)
    await expect(
      signPdf(unsigned, { p12: readP12(tsaP12), passphrase: pki.passphrase, signingTime: signedAt(), trust })
    ).rejects.toThrow(/Test TSA is for timeStamping \(extended key usage\), not for signing documents/)
    const forged = await forgeSign(unsigned, readP12(tsaP12), pki.passphrase, signedAt())
    const c = await verifyVerdictPdf(forged, 'tsa-signed.pdf', ws, { trust })
    expect(c.signature).toMatchObject({ valid: true, coversWholeDocument: true })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.reason).toMatch(/Test TSA is for timeStamping \(extended key usage\), not for signing documents/)
    // poppler (NSS) with the same CA trusted: the signature verifies, the certificate is not fit for it
    expect(pdfsigTrusting(pki.caPem, forged)).toContain('Signature is Valid.')
    expect(pdfsigTrusting(pki.caPem, forged)).not.toContain('Certificate is Trusted.')
    expect(pdfsigTrusting(pki.caPem, genuine)).toContain('Certificate is Trusted.')
  })

  it('a signer certificate whose extended key usage allows document signing stays VALID', async () => {
    const p12 = issueP12(
      pki,
      'doc-signer',
      'D. Signer (test)',
      'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=1.3.6.1.5.5.7.3.36\n'
    )
    const signed = await signPdf(await unsignedPdf(verdict), {
      p12: readP12(p12),
      passphrase: pki.passphrase,
      signingTime: signedAt(),
      trust
    })
    const c = await verifyVerdictPdf(signed, 'doc-signer.pdf', ws, { trust })
    expect(c.problems).toEqual([])
    expect(c.outcome).toBe('VALID')
  })
})

describe('a CA certificate below a CA that allows none (basicConstraints pathLenConstraint)', () => {
  it('its signer is INVALID, as openssl and pdfsig with the body CA trusted refuse the path', async () => {
    const p = createPathLenPki()
    const bodyTrust = parseTrustPem(readPem(p.caPem), 'the body CA (pathlen 0)')
    const chain = join(out, 'pathlen-chain.pem')
    writeFileSync(
      chain,
      spawnSync('openssl', ['pkcs12', '-in', p.p12, '-passin', `pass:${p.passphrase}`, '-nokeys'], {
        encoding: 'utf8'
      }).stdout
    )
    const check = spawnSync('openssl', ['verify', '-CAfile', p.caPem, '-untrusted', chain, chain], {
      encoding: 'utf8'
    })
    expect(`${check.stdout}${check.stderr}`).toContain('path length constraint exceeded')
    const forged = await forgeSign(await unsignedPdf(verdict), readP12(p.p12), p.passphrase, signedAt())
    const c = await verifyVerdictPdf(forged, 'pathlen.pdf', ws, { trust: bodyTrust })
    expect(c.signature).toMatchObject({ valid: true, coversWholeDocument: true })
    expect(c.signature.trust?.path).toHaveLength(3)
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.reason).toMatch(/Test Root CA \(pathlen 0\) allows no CA certificate below it/)
    expect(pdfsigTrusting(p.caPem, forged)).not.toContain('Certificate is Trusted.')
  })
})

describe('an embedded verdict.json whose fields are not what a verdict holds', () => {
  // verify read caseId, outcome and decision date from the embedded JSON as they came: a caseId that is an
  // object made the workspace lookup throw (SQLite: "Too few parameter values were provided"), and an
  // outcome that is an object reached the Verify screen, which cannot render it
  it.each([
    ['a caseId that is an object', { caseId: { id: 'nordlicht' } }],
    ['a caseId that is a list', { caseId: ['nordlicht'] }],
    ['an outcome that is an object', { outcome: { id: 'gold' } }],
    ['a decision date that is a number', { decisionDate: 20261124 }]
  ])('%s: INVALID, the field named, nothing of it passed on as text', async (_what, fields) => {
    const forged = appendForgedVerdict(genuine, Buffer.from(JSON.stringify({ ...verdict, ...fields })), 'X')
    const c = await verifyVerdictPdf(forged, 'hostile-json.pdf', ws, { trust })
    expect(c.outcome).toBe('INVALID')
    const field = Object.keys(fields)[0]!
    expect(c.problems.join('\n')).toContain(`the embedded verdict.json is not a verdict: its ${field} is not`)
    for (const v of [c.verdict.caseId, c.verdict.outcome, c.verdict.decisionDate])
      expect(v === null || typeof v === 'string').toBe(true)
    const r = await cliVerify(forged, '--trust', pki.caPem)
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.text).toMatch(/^INVALID: /)
  })
})

describe('terminal control characters in what verify prints', () => {
  // verify prints text the file chose (the embedded verdict's case id and outcome, signature field names,
  // certificate names). Escape sequences among them moved the terminal's cursor up and rewrote the first
  // line: the relying party read VALID above a file that verify had called INVALID.
  const CSI = '\u001b['
  const fake = `${CSI}9A\r${CSI}2KVALID: verdict-nordlicht.pdf${CSI}9B\r`
  const c1 = '\u009b9A' // the same escape as one C1 control character

  it('are shown as escapes, not sent to the terminal; --json still parses to the same strings', async () => {
    const forged = appendForgedVerdict(
      genuine,
      Buffer.from(JSON.stringify({ ...verdict, caseId: `nordlicht${fake}`, outcome: `gold${c1}` })),
      'X'
    )
    const r = await cliVerify(forged, '--trust', pki.caPem)
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.text).toMatch(/^INVALID: /)
    const raw = (t: string): boolean => [...'\u001b\r\u009b'].some((ch) => t.includes(ch))
    expect(raw(r.text)).toBe(false)
    expect(r.text).toContain('nordlicht\\u001B[9A\\u000D\\u001B[2KVALID')
    expect(r.text).toContain('gold\\u009B9A')
    const j = await cliVerify(forged, '--trust', pki.caPem, '--json')
    expect(raw(j.text)).toBe(false)
    const parsed = JSON.parse(j.text) as { verdict: { caseId: string; outcome: string } }
    expect(parsed.verdict).toMatchObject({ caseId: `nordlicht${fake}`, outcome: `gold${c1}` })
  })
})

describe('a genuine verdict after its valid-until date', () => {
  // The certificate page says "Valid until"; verify said VALID ("a certificate of a trusted assessment
  // body") a year and more later without a word about it: genuine, but no longer a current certificate
  it('is VALID (the signature is genuine) and says that the certificate lapsed', async () => {
    expect(verdict.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}/)
    const until = verdict.validUntil!.slice(0, 10)
    const onTheDay = await verifyVerdictPdf(genuine, 'g.pdf', ws, {
      trust,
      now: new Date(`${until}T23:59:00Z`)
    })
    expect(onTheDay.verdict).toMatchObject({ validUntil: until, lapsed: false })
    expect(onTheDay.reason).not.toMatch(/lapsed/)
    const later = new Date(Date.parse(`${until}T00:00:00Z`) + 40 * 86_400_000)
    const c = await verifyVerdictPdf(genuine, 'g.pdf', ws, { trust, now: later })
    expect(c.outcome).toBe('VALID')
    expect(c.verdict).toMatchObject({ validUntil: until, lapsed: true })
    expect(c.reason).toContain(`the certificate it states was valid until ${until} and has lapsed`)
  })
})

describe('a signed verdict that names no verdict id', () => {
  // verify checks, in the workspace that issued a verdict, that its log recorded the export of that verdict
  // id; a file whose document information named no id (AWVerdictId) skipped that check. A holder of the
  // body's key signing a verdict behind the workbench's back (nothing logged) only had to leave the id out
  it('is INVALID, as the same file with its id is for want of an export in the log', async () => {
    const v = ws.verdict('nordlicht')
    const unlogged = await unsignedVerdictPdf(v, null)
    const text = unlogged.toString('latin1')
    expect(text.split('/AWVerdictId').length - 1).toBe(1)
    const withoutId = Buffer.from(text.replace('/AWVerdictId', '/AWVerdictIX'), 'latin1')
    const sign = (pdf: Buffer): Promise<Buffer> =>
      signPdf(pdf, { p12: readP12(pki.p12), passphrase: pki.passphrase, signingTime: signedAt(), trust })
    const named = await verifyVerdictPdf(await sign(unlogged), 'named.pdf', ws, { trust })
    expect(named.outcome).toBe('INVALID')
    expect(named.reason).toMatch(/the log holds no export of verdict AW-nordlicht-/)
    const c = await verifyVerdictPdf(await sign(withoutId), 'unnamed.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain('the document names no verdict id (AWVerdictId)')
  })
})

// Attack P7: a small PDF whose embedded-file names all point to one huge Flate stream. Inflating it once
// per name took 2.2 GB for 40 names; 256 names would take about 13 GB.
describe('P7: a PDF bomb', () => {
  it('256 names for one 50 MB Flate stream: inflated once, refused at the per-stream cap, total within the budget', async () => {
    const bomb = pdfBomb(256, 50 * 1024 * 1024)
    expect(bomb.length).toBeLessThan(120 * 1024)
    const file = new PdfFile(bomb)
    const att = extractAttachments(file)
    expect(att.size).toBe(0)
    expect(file.inflation.problems).toHaveLength(1) // once per object, not once per name
    expect(file.inflation.problems[0]).toMatch(
      /the embedded file verdict\.json \(object 5\) inflates to more than 32 MB/
    )
    expect(file.inflation.bytes).toBeLessThanOrEqual(MAX_INFLATED_TOTAL)
    const c = await verifyVerdictPdf(bomb, 'bomb.pdf', ws, { trust })
    expect(c.outcome).toBe('INVALID')
    expect(c.problems.join('\n')).toMatch(/inflates to more than 32 MB/)
  })
})

describe('the trust list through the contract (trust:list, trust:add, trust:remove)', () => {
  it('lists entries with subject and SHA-256 fingerprint, adds a PEM, removes by fingerprint; bad input is named', async () => {
    const dir = tempDir('aw-trust-')
    const core = await startCore({
      dbPath: join(dir, 'workspace.sqlite'),
      mainDir: join(ROOT, 'src/main'),
      transport: 'bridge'
    })
    try {
      const call = <C extends 'trust:list' | 'trust:add' | 'trust:remove'>(
        channel: C,
        ...args: Parameters<InvokeContract[C]>
      ) => dispatch(core.handlers, channel, args, () => undefined) as Promise<Result<TrustListView>>
      const empty = await call('trust:list')
      expect(empty).toEqual({ ok: true, value: { path: join(dir, TRUST_FILE_NAME), entries: [] } })
      const added = await call('trust:add', readPem(pki.caPem))
      if (!added.ok) throw new Error(added.error.message)
      expect(added.value.entries).toEqual([
        expect.objectContaining({
          subject: 'C=DE, O=Test Assessment Body, CN=Test Root CA',
          ca: true,
          fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
        })
      ])
      expect(readFileSync(join(dir, TRUST_FILE_NAME), 'utf8')).toContain(added.value.entries[0]!.fingerprint)
      // adding the same certificate again keeps one entry
      const again = await call('trust:add', readPem(pki.caPem))
      expect(again.ok && again.value.entries).toHaveLength(1)
      const bad = await call('trust:add', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')
      expect(bad.ok).toBe(false)
      if (!bad.ok) expect(bad.error.message).toMatch(/block 1 is a PRIVATE KEY, not a CERTIFICATE/)
      const removed = await call('trust:remove', added.value.entries[0]!.fingerprint)
      expect(removed.ok && removed.value.entries).toEqual([])
      const missing = await call('trust:remove', added.value.entries[0]!.fingerprint)
      expect(missing.ok).toBe(false)
    } finally {
      await core.close()
    }
  })
})
