/**
 * The signed verdict PDF, checked by independent tools: pdfsig (poppler) with and without a trusting NSS
 * database, openssl for the CMS attributes, pdftotext for the content, pdfdetach-equivalent for the
 * attachments; and our own `verify`, which must agree with pdfsig.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { createTestWorkspace } from '../helpers/workspace'
import { actorOf } from '../helpers/identity'
import { FIXTURES, tempDir } from '../helpers/paths'
import { decideProductionShare, fixtureCase, waiveStaleManagedShare } from '../helpers/fixture-cases'
import { createTestPki, readP12, type TestPki } from '../helpers/test-pki'
import { runCli } from '../../src/main/cli'
import type { Workspace } from '../../src/main/workspace'
import { exportVerdict, verifyVerdictPdf } from '../../src/main/pdf/export'
import { extractAttachments, readInfoEntry } from '../../src/main/pdf/attachments'
import type { Verdict } from '../../src/shared/domain/verdict-types'
import { parseTrustPem } from '../../src/main/pdf/trust'
import { onFile } from '../helpers/insider'

const DIR = join(FIXTURES, 'cases/integrator')
let ws: Workspace & { dir: string }
let pki: TestPki
let nss: string
let out: string

const pdfsig = (file: string, trusted = false): string => {
  const r = spawnSync('pdfsig', [...(trusted ? ['-nssdir', `sql:${nss}`] : []), file], { encoding: 'utf8' })
  return `${r.stdout}${r.stderr}`
}
const pdftotext = (file: string): string =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
/** Light-red pixels per page (pdftoppm at 30 dpi): the pre-audit watermark, 13 % red over white. */
function pinkPixelsPerPage(file: string): number[] {
  const out = execFileSync('pdftoppm', ['-r', '30', file], { maxBuffer: 256 * 1024 * 1024 })
  const counts: number[] = []
  let i = 0
  while (i < out.length) {
    const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(out.subarray(i, i + 40).toString('latin1'))
    if (!header) break
    const start = i + header[0].length
    const n = Number(header[1]) * Number(header[2]) * 3
    let c = 0
    for (let p = start; p < start + n; p += 3) {
      const r = out[p]!
      const rb = r - out[p + 2]!
      if (r > 235 && rb > 10 && rb < 45 && r - out[p + 1]! > 8) c++
    }
    counts.push(c)
    i = start + n
  }
  return counts
}
const files: Record<string, string> = {}
const caTrust = () => parseTrustPem(readFileSync(pki.caPem, 'utf8'), 'test CA')
const signer = () => ({ p12: readP12(pki.p12), passphrase: pki.passphrase })
const write = (name: string, pdf: Buffer): string => {
  const f = join(out, name)
  writeFileSync(f, pdf)
  return f
}

beforeAll(async () => {
  pki = createTestPki()
  nss = tempDir('aw-nss-')
  execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`])
  execFileSync('certutil', ['-A', '-n', 'test-ca', '-t', 'CT,C,C', '-i', pki.caPem, '-d', `sql:${nss}`])
  out = tempDir('aw-pdf-')
  ws = createTestWorkspace()
  // the body's own trust list: signing refuses a certificate whose chain it cannot build
  writeFileSync(join(ws.dir, 'trusted-bodies.pem'), readFileSync(pki.caPem))
  await fixtureCase(ws, 'nordlicht', 'integrator')
  decideProductionShare(
    ws,
    'nordlicht',
    'accept',
    'own share confirmed by Partner Ops AG',
    actorOf(ws, 'A. Auditor')
  )
})
afterAll(() => ws.close())

describe('refusals', () => {
  it('a signed verdict needs an accepted case, and stale evidence without a waiver blocks it; each is named', async () => {
    await expect(
      exportVerdict(ws, { caseId: 'nordlicht', lang: 'en', preAudit: false, signer: signer(), actor: 't' })
    ).rejects.toThrow(
      /case nordlicht is open: a signed verdict needs the case accepted[\s\S]*scoring.third-party-managed \/ klinik-cloud: its evidence is stale/
    )
  })

  it('a wrong passphrase, an expired certificate and a file that is not PKCS#12 are refused plainly', async () => {
    waiveStaleManagedShare(ws, 'nordlicht', actorOf(ws, 'A. Auditor'))
    ws.review('nordlicht', 'submit', actorOf(ws, 'A. Auditor'))
    ws.review('nordlicht', 'accept', actorOf(ws, 'B. Reviewer'))
    const base = { caseId: 'nordlicht', lang: 'en' as const, preAudit: false, actor: 't' }
    await expect(
      exportVerdict(ws, { ...base, signer: { p12: readP12(pki.p12), passphrase: 'wrong' } })
    ).rejects.toThrow(/passphrase of the signing key is wrong/)
    await expect(
      exportVerdict(ws, { ...base, signer: { p12: readP12(pki.expiredP12), passphrase: pki.passphrase } })
    ).rejects.toThrow(/signing certificate expired on 2021-01-01/)
    await expect(
      exportVerdict(ws, { ...base, signer: { p12: Buffer.from('not a key'), passphrase: 'x' } })
    ).rejects.toThrow(/not a PKCS#12/)
  })
})

describe('a signed verdict (EN and DE)', () => {
  let verdict: Verdict
  beforeAll(async () => {
    for (const lang of ['en', 'de'] as const) {
      const r = await exportVerdict(ws, {
        caseId: 'nordlicht',
        lang,
        preAudit: false,
        signer: signer(),
        actor: 'A. Auditor'
      })
      files[lang] = write(`verdict-${lang}.pdf`, r.pdf)
    }
    files['signed'] = files['en']!
    verdict = JSON.parse(
      extractAttachments(readFileSync(files['en']!)).get('verdict.json')!.toString()
    ) as Verdict
  })

  it('pdfsig: valid, the whole document signed, ETSI.CAdES.detached, SHA-256; trusted with the CA in NSS', () => {
    for (const f of Object.values(files)) {
      const plain = pdfsig(f)
      expect(plain).toContain('Signature is Valid.')
      expect(plain).toContain('Total document signed')
      expect(plain).toContain('Signature Type: ETSI.CAdES.detached')
      expect(plain).toContain('Signing Hash Algorithm: SHA-256')
      expect(plain).not.toContain('Certificate is Trusted.')
      expect(pdfsig(f, true)).toContain('Certificate is Trusted.')
    }
  })

  it('the CMS (openssl cms -print): signing-certificate-v2 with the signer certificate hash, no signing-time, sha256', () => {
    const pdf = readFileSync(files['en']!)
    const text = pdf.toString('latin1')
    const hex = /\/Contents\s*<([0-9a-fA-F]+)>/
      .exec(text.slice(text.lastIndexOf('/ByteRange')))![1]!
      .replace(/(00)+$/, '')
    const der = write('sig.der', Buffer.from(hex, 'hex'))
    const cms = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', der], {
      encoding: 'utf8'
    })
    expect(cms).toContain('id-smime-aa-signingCertificateV2')
    expect(cms).not.toMatch(/signingTime/)
    expect(cms).toMatch(/digestAlgorithm: \n\s*algorithm: sha256/)
    const cert = execFileSync('openssl', ['x509', '-in', join(pki.dir, 'signer.pem'), '-outform', 'DER'])
    const certHash = createHash('sha256').update(cert).digest('hex')
    expect(cms.replace(/[\s:.-]/g, '').toLowerCase()).toContain(certHash.slice(0, 16))
  })

  it('our verify agrees, names signer and time, and checks the embedded verdict against the document', async () => {
    const c = await verifyVerdictPdf(readFileSync(files['en']!), 'verdict-en.pdf', ws, { trust: caTrust() })
    expect(c.ok).toBe(true)
    expect(c.signature).toMatchObject({
      signed: true,
      valid: true,
      coversWholeDocument: true,
      subFilter: 'ETSI.CAdES.detached'
    })
    expect(c.signature.signer?.commonName).toBe('A. Auditor (test)')
    expect(c.signature.signingTime).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(c.verdict).toMatchObject({ caseId: 'nordlicht', outcome: 'silver', matches: true })
    expect(c.audit).toMatchObject({ checked: true, ok: true })
  })

  it('carries verdict.json (hash in the info dictionary and the id) and OSCAL assessment results', () => {
    const pdf = readFileSync(files['en']!)
    const att = extractAttachments(pdf)
    const sha = createHash('sha256').update(att.get('verdict.json')!).digest('hex')
    expect(readInfoEntry(pdf, 'AWVerdictSHA256')).toBe(sha)
    expect(readInfoEntry(pdf, 'AWVerdictId')).toBe(`AW-nordlicht-${verdict.decisionDate}-${sha.slice(0, 12)}`)
    expect(verdict).toMatchObject({
      scheme: 'scs-integrator-iaas',
      outcome: 'silver',
      points: 5,
      review: { status: 'accepted', acceptedBy: 'B. Reviewer' }
    })
    expect(verdict.waivers).toEqual([
      expect.objectContaining({ owner: 'K. Kühl', expires: '2027-01-31', active: true })
    ])
    const oscal = JSON.parse(att.get('assessment-results.oscal.json')!.toString()) as {
      'assessment-results': {
        metadata: { 'oscal-version': string }
        results: { findings: { target: { 'target-id': string; status: { state: string } } }[] }[]
      }
    }
    const ar = oscal['assessment-results']
    expect(ar.metadata['oscal-version']).toMatch(/^1\.1/)
    expect(ar.results[0]!.findings).toHaveLength(verdict.criteria.length)
    expect(ar.results[0]!.findings.map((f) => f.target.status.state)).toContain('satisfied')
  })

  it('the content: certificate page, labels per language, page numbers, a running header, the annexes', () => {
    const en = pdftotext(files['en']!)
    expect(en).toContain('Certificate')
    expect(en).toContain('Certified SCS IaaS Integrator Silver')
    expect(en).toContain('Nordlicht Integration GmbH')
    expect(en).toMatch(/Valid until\s+\d+ \w+ 2027/)
    expect(en).toContain('Annex C — Imported files')
    expect(en).toContain(
      createHash('sha256')
        .update(readFileSync(join(DIR, 'self-assessment.yaml')))
        .digest('hex')
    )
    expect(en).toContain(verdict.audit.head)
    // the signer's certificate fingerprint next to the verdict hash, as openssl prints it
    const fp = execFileSync(
      'openssl',
      ['x509', '-in', join(pki.dir, 'signer.pem'), '-noout', '-fingerprint', '-sha256'],
      {
        encoding: 'utf8'
      }
    )
    expect(en).toContain('Signer certificate, SHA-256')
    expect(en).toContain(fp.trim().split('=')[1]!)
    const de = pdftotext(files['de']!)
    expect(de).toContain('Zertifikat')
    expect(de).toMatch(/Gültig bis\s+\d+\. \w+ 2027/)
    expect(de).toContain('Anhang B — Ausnahmen')
    const pages = de.split('\f').filter((p) => p.trim())
    pages.forEach((p, i) => expect(p).toContain(`Seite ${i + 1} von ${pages.length}`))
    pages.slice(1).forEach((p) => expect(p).toContain('Certified SCS IaaS Integrator v2 · nordlicht'))
  })
})

describe('key handling', () => {
  it('the passphrase and the key never reach the PDF, the workspace file, the audit log or the output', async () => {
    const p12 = readP12(pki.p12)
    const copy = Buffer.from(p12)
    const r = await exportVerdict(ws, {
      caseId: 'nordlicht',
      lang: 'en',
      preAudit: false,
      signer: { p12, passphrase: pki.passphrase },
      actor: 't'
    })
    expect(p12.every((b) => b === 0)).toBe(true) // wiped after signing
    const keyPem = readFileSync(join(pki.dir, 'signer.key'), 'utf8')
    const keyDer = execFileSync('openssl', ['pkey', '-in', join(pki.dir, 'signer.key'), '-outform', 'DER'])
    const haystacks = [
      r.pdf,
      ...readdirSync(ws.dir).map((f) => readFileSync(join(ws.dir, f))),
      Buffer.from(JSON.stringify(ws.audit.listForCase('nordlicht')))
    ]
    for (const h of haystacks) {
      expect(h.includes(Buffer.from(pki.passphrase))).toBe(false)
      expect(h.includes(copy.subarray(0, 64))).toBe(false)
      expect(h.includes(keyDer.subarray(40, 104))).toBe(false)
      expect(h.includes(Buffer.from(keyPem.split('\n')[1]!))).toBe(false)
    }
  })

  it('the CLI reads the passphrase from an environment variable and never prints it', async () => {
    const lines: string[] = []
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) }
    const db = join(ws.dir, 'workspace.sqlite')
    const pdf = join(out, 'cli.pdf')
    const exportWith = (passphrase: string, ...extra: string[]) => {
      process.env['AW_TEST_PASS'] = passphrase
      const argv = ['export', '--db', db, '--case', 'nordlicht', '--out', pdf, '--p12', pki.p12]
      return runCli([...argv, '--passphrase-env', 'AW_TEST_PASS', ...extra], io)
    }
    expect(await exportWith(pki.passphrase, '--lang', 'de')).toBe(0)
    expect(lines.join('\n')).toMatch(/PAdES-B-B and awaits a timestamp[\s\S]*timestamp .*cli\.pdf --tsa URL/)
    expect(await exportWith('wrong')).toBe(2)
    delete process.env['AW_TEST_PASS']
    expect(lines.join('\n')).not.toContain(pki.passphrase)
    expect(lines.join('\n')).toMatch(/passphrase of the signing key is wrong/)
    lines.length = 0
    expect(await runCli(['verify', '--db', db, pdf], io)).toBe(0)
    expect(lines.join('\n')).toMatch(/^VALID: /)
    expect(lines.join('\n')).toMatch(/signer: C=DE, O=Test Assessment Body, CN=A. Auditor \(test\)/)
  })
})

describe('pre-audit mode', () => {
  it('is unsigned, watermarked on every page, lists the gaps, and never verifies as a certificate', async () => {
    ws.review('nordlicht', 'reopen', actorOf(ws, 'B. Reviewer'), 'pre-audit for the next round')
    const r = await exportVerdict(ws, {
      caseId: 'nordlicht',
      lang: 'en',
      preAudit: true,
      actor: 'consultant'
    })
    const f = write('pre-audit.pdf', r.pdf)
    expect(r.signed).toBe(false)
    expect(pdfsig(f)).toMatch(/does not contain any signatures/)
    // the watermark is rotated text, which pdftotext scatters: look for its light red on every rendered page
    const watermarked = pinkPixelsPerPage(f)
    expect(watermarked.length).toBeGreaterThan(3)
    for (const n of watermarked) expect(n).toBeGreaterThan(600)
    for (const n of pinkPixelsPerPage(files['signed']!)) expect(n).toBeLessThan(400)
    const text = pdftotext(f)
    expect(text).toContain('Gap list: what would block certification')
    const c = await verifyVerdictPdf(r.pdf, 'pre-audit.pdf', ws)
    expect(c.ok).toBe(false)
    expect(c.problems[0]).toMatch(/not signed/)
  })
})

describe('edge cases', () => {
  it('an empty case (no subject, no file) still renders, in both languages', async () => {
    ws.createCase({ id: 'empty', schemeId: 'scs-compatible-kaas', schemeVersion: 'v1' })
    for (const lang of ['en', 'de'] as const) {
      const r = await exportVerdict(ws, { caseId: 'empty', lang, preAudit: true, actor: 't' })
      const text = pdftotext(write(`empty-${lang}.pdf`, r.pdf))
      expect(text).toContain(lang === 'en' ? 'Pre-audit report' : 'Vorprüfbericht')
      expect(r.outcome).toBe('tentative')
    }
  })
})

describe('the audit head binds the history', () => {
  it('a verdict whose audit head is no longer in the chain fails verification (exit 4)', async () => {
    const w2 = createTestWorkspace()
    await fixtureCase(w2, 'nordlicht', 'integrator')
    const r = await exportVerdict(w2, { caseId: 'nordlicht', lang: 'en', preAudit: true, actor: 't' })
    const v = JSON.parse(extractAttachments(r.pdf).get('verdict.json')!.toString()) as Verdict
    // rewrite history: the append-only triggers must be dropped to do it
    onFile(w2, (db) => {
      db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete')
      const triggers = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
        .all() as { name: string }[]
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`)
      db.prepare('UPDATE audit_log SET payload = ? WHERE seq = ?').run('{"forged":true}', v.audit.entries)
    })
    const c = await verifyVerdictPdf(r.pdf, 'x.pdf', w2)
    expect(c.audit).toMatchObject({ checked: true, ok: false })
    expect(c.audit.message).toMatch(/broken at entry/)
    w2.close()
  })
})
