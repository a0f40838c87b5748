/**
 * The register end to end (issue 17 "Done when"), with a real PostgreSQL, two register instances and two
 * workspaces, through the CLI's client commands: A pushes the submitted case as a hand-over (A's copy locks);
 * B pulls it into B's own workspace (`register pull` opens it as `bundle import` does: created by replaying
 * the log) and checks it out; B accepts there with B's key and pushes a hand-over back (which checks the case
 * in); A pulls (fast-forward, A's copy unlocks), signs the verdict (its QR code pointing at the register's
 * status page) and registers the certificate; publish shows it; revoke puts it on the CRL and the status page
 * says revoked. Plus: a forged verdict and a verdict whose case the register lacks are refused, and
 * `register due` on later days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { PG_MISSING, PG_SKIP, startCluster, type TestCluster } from '../helpers/pg'
import { startTestRegister, type TestRegister } from './register-helpers'
import { createTestWorkspace } from '../helpers/workspace'
import { keyFile } from '../helpers/identity'
import { tempDir } from '../helpers/paths'
import { decideProductionShare, fixtureCase, waiveStaleManagedShare } from '../helpers/fixture-cases'
import { createSelfSignedSigner, createTestPki, readP12, type TestPki } from '../helpers/test-pki'
import { runCli, EXIT } from '../../src/main/cli'
import { exportVerdict } from '../../src/main/pdf/export'
import { parseTrustPem } from '../../src/main/pdf/trust'
import { openPrivateKey } from '../../src/main/identity/openssh-key'
import { rowCounts } from '../../src/main/register/store'
import { migrateRegister, openPool } from '../../src/main/register/pg'
import { dueList } from '../../src/main/register/publish'
import type { Workspace } from '../../src/main/workspace'
import type { CertificateStatus } from '../../src/shared/register/status'

if (PG_SKIP) console.warn(PG_MISSING)

const SITE = 'https://register.example-body.test/site'
let cluster: TestCluster
let reg: TestRegister
let pki: TestPki
let wsA: Workspace & { dir: string }
let wsB: Workspace & { dir: string }
let ann: string
let bob: string
let work: string

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}
const register = (url: string, key: string, ...args: string[]) =>
  cli('register', ...args, '--url', url, '--key', key)

beforeAll(async () => {
  if (PG_SKIP) return
  pki = createTestPki()
  cluster = await startCluster()
  reg = await startTestRegister(cluster, {
    instances: 2,
    trust: parseTrustPem(readFileSync(pki.caPem, 'utf8'), 'test CA')
  })
  work = tempDir('aw-reg-e2e-')
  wsA = createTestWorkspace()
  wsB = createTestWorkspace()
  for (const ws of [wsA, wsB]) writeFileSync(join(ws.dir, 'trusted-bodies.pem'), readFileSync(pki.caPem))
  const a = keyFile('Ann Auditor')
  const b = keyFile('Bob Reviewer')
  ann = a.file
  bob = b.file
  // both workspaces and the register know both auditors by the same keys
  for (const ws of [wsA, wsB]) {
    ws.identities.register('Ann Auditor', a.publicKey, null)
    ws.identities.register('Bob Reviewer', b.publicKey, null)
  }
  await reg.auditor('Ann Auditor', openPrivateKey(readFileSync(ann, 'utf8'), null))
  await reg.auditor('Bob Reviewer', openPrivateKey(readFileSync(bob, 'utf8'), null))
})
afterAll(async () => {
  wsA?.close()
  wsB?.close()
  await reg?.close()
  cluster?.stop()
})

describe.skipIf(PG_SKIP)('the register end to end', () => {
  let pdfFile: string
  let verdictId: string
  const siteDir = () => join(work, 'site')

  it("A hands the submitted case over through the register; B pulls it into B's own workspace and checks it out", async () => {
    const [urlA, urlB] = reg.urls
    await fixtureCase(wsA, 'nordlicht', 'integrator')
    const actorA = wsA.identities.actorFor(openPrivateKey(readFileSync(ann, 'utf8'), null))
    decideProductionShare(wsA, 'nordlicht', 'accept', 'own share confirmed', actorA)
    waiveStaleManagedShare(wsA, 'nordlicht', actorA)
    wsA.review('nordlicht', 'submit', actorA)
    // the push is A's hand-over: the signed case.hand-over entry travels in the bundle, A's copy is locked
    const pushed = await register(
      urlA!,
      ann,
      'push',
      '--case',
      'nordlicht',
      '--db',
      wsA.dbPath,
      '--hand-over',
      '--comment',
      'please review'
    )
    expect(pushed.err).toBe('')
    expect(pushed.out).toMatch(/Pushed case nordlicht: created.*is handed over/)
    expect(wsA.holder('nordlicht')).toMatchObject({ handedOver: true, head: { action: 'case.hand-over' } })
    const bobInA = wsA.identities.actorFor(openPrivateKey(readFileSync(bob, 'utf8'), null))
    expect(() => wsA.review('nordlicht', 'accept', bobInA)).toThrow(/handed over/)

    // B opens the register's copy in B's own workspace: created by replaying its log
    const pulled = await register(
      urlB!,
      bob,
      'pull',
      '--case',
      'nordlicht',
      '--db',
      wsB.dbPath,
      '--out',
      join(work, 'from-register.awcase')
    )
    expect(pulled.code, pulled.err).toBe(EXIT.ok)
    expect(pulled.out).toMatch(/verified/)
    expect(pulled.out).toMatch(
      /Case nordlicht created from Ann Auditor's bundle .* up to case entry \d+ \(case\.hand-over by Ann Auditor\)/
    )
    expect(wsB.audit.portableOfCase('nordlicht').map((e) => e.caseHash)).toEqual(
      wsA.audit.portableOfCase('nordlicht').map((e) => e.caseHash)
    )
    expect(wsB.cases.get('nordlicht').status).toBe('submitted')
    expect(wsB.holder('nordlicht').handedOver).toBe(false)

    expect((await register(urlB!, bob, 'checkout', '--case', 'nordlicht')).out).toMatch(
      /checked out by Bob Reviewer/
    )
    const list = await register(urlA!, ann, 'list')
    expect(list.out).toMatch(/nordlicht\thead entry \d+\theld by Bob Reviewer/)
  })

  it("B accepts in B's workspace with B's key and hands it back; A pulls (fast-forward), signs and registers the certificate", async () => {
    const [urlA, urlB] = reg.urls
    const bobActor = wsB.identities.actorFor(openPrivateKey(readFileSync(bob, 'utf8'), null))
    wsB.review('nordlicht', 'accept', bobActor)
    // while B holds it at the register, A's push is refused
    const byAnn = await register(urlA!, ann, 'push', '--case', 'nordlicht', '--db', wsA.dbPath)
    expect(byAnn.code).toBe(EXIT.rejected)
    expect(byAnn.err).toMatch(/checked out by Bob Reviewer/)
    // B's hand-over push is B's check-in
    const byBob = await register(urlB!, bob, 'push', '--case', 'nordlicht', '--db', wsB.dbPath, '--hand-over')
    expect(byBob.err).toBe('')
    expect(byBob.out).toMatch(/fast-forward.*checked the case in/)
    expect(wsB.holder('nordlicht').handedOver).toBe(true)
    expect((await register(urlA!, ann, 'list')).out).toMatch(/nordlicht\thead entry \d+\tfree/)

    const back = await register(urlA!, ann, 'pull', '--case', 'nordlicht', '--db', wsA.dbPath)
    expect(back.code, back.err).toBe(EXIT.ok)
    expect(back.out).toMatch(/Case nordlicht fast-forwarded by 2 entries .*case\.hand-over by Bob Reviewer/)
    expect(wsA.holder('nordlicht')).toMatchObject({ handedOver: false, received: { from: 'Bob Reviewer' } })
    expect(wsA.cases.get('nordlicht')).toMatchObject({ status: 'accepted', acceptedBy: 'Bob Reviewer' })
    // both workspaces now hold the same case: the same chain and the same verdict
    expect(wsA.audit.portableOfCase('nordlicht')).toEqual(wsB.audit.portableOfCase('nordlicht'))
    const verdictOf = (ws: Workspace) => {
      const {
        audit: _a,
        acceptance,
        ...v
      } = ws.verdict('nordlicht') as unknown as Record<string, unknown> & {
        acceptance: { signature: string }
      }
      return { ...v, acceptance: acceptance.signature }
    }
    expect(verdictOf(wsA)).toEqual(verdictOf(wsB))
    // pulling again changes nothing
    expect((await register(urlA!, ann, 'pull', '--case', 'nordlicht', '--db', wsA.dbPath)).out).toMatch(
      /already at the bundle's head/
    )

    const signed = await exportVerdict(wsA, {
      caseId: 'nordlicht',
      lang: 'en',
      preAudit: false,
      signer: { p12: readP12(pki.p12), passphrase: pki.passphrase },
      actor: 'Ann Auditor',
      registerSite: SITE
    })
    verdictId = signed.verdictId
    pdfFile = join(work, 'verdict.pdf')
    writeFileSync(pdfFile, signed.pdf)
    // the QR code's and the URL line's target: the certificate's status page on the published site
    const text = execFileSync('pdftotext', ['-l', '1', pdfFile, '-'], { encoding: 'utf8' })
    expect(text).toMatch(/Status and revocation:/)
    // the line wraps on the page (pdftotext joins a wrapped "AW-" without its hyphen): compared without both
    const flat = (s: string): string => s.replace(/[\s-]+/g, '')
    expect(flat(text)).toContain(flat(`${SITE}/certificates/${verdictId}/`))
    expect(signed.pdf.toString('latin1')).toContain(`/URI (${SITE}/certificates/${verdictId}/)`)

    // registering before the register holds the acceptance... it does (Bob pushed it); the export entry follows
    expect((await register(urlA!, ann, 'push', '--case', 'nordlicht', '--db', wsA.dbPath)).out).toMatch(
      /fast-forward/
    )
    const certified = await register(urlA!, ann, 'certify', pdfFile)
    expect(certified.err).toBe('')
    expect(certified.out).toMatch(
      new RegExp(`Registered certificate ${verdictId}: .*valid 2026-11-24 to 2027-11-2[34]`)
    )
    const row = (
      await reg.pool.query(
        'SELECT pdf, subjects, signer_fingerprint FROM certificates WHERE verdict_id = $1',
        [verdictId]
      )
    ).rows[0]
    expect(Buffer.compare(row.pdf, signed.pdf)).toBe(0)
    expect(row.subjects.length).toBeGreaterThan(0)
    expect(row.signer_fingerprint).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/)
  })

  it('publish shows it: status page, status.json, index, an empty CRL', async () => {
    const p = await cli('register', 'publish', '--pg', reg.dbUrl, '--out', siteDir())
    expect(p.out).toMatch(/Published 1 certificate\(s\), 0 revoked/)
    const status = JSON.parse(
      readFileSync(join(siteDir(), 'certificates', verdictId, 'status.json'), 'utf8')
    ) as CertificateStatus
    expect(status.state).toBe('valid')
    expect(status.certificate).toMatchObject({
      verdictId,
      scope: 'scs-integrator-iaas',
      version: 'v2',
      validFrom: '2026-11-24'
    })
    expect(status.history.length).toBeGreaterThan(0)
    expect(status.history.every((h) => status.certificate.subjects.includes(h.subject))).toBe(true)
    const html = readFileSync(join(siteDir(), 'certificates', verdictId, 'index.html'), 'utf8')
    expect(html).toContain('class="state valid">Valid<')
    expect(readFileSync(join(siteDir(), 'index.html'), 'utf8')).toContain(
      `certificates/${verdictId}/index.html`
    )
    expect(JSON.parse(readFileSync(join(siteDir(), 'crl.json'), 'utf8')).revoked).toEqual([])
  })

  it('a forged verdict (a self-signed key) and a tampered PDF are refused, nothing stored', async () => {
    const before = await rowCounts(reg.pool)
    // the forger signs in a workspace that trusts their own key; the register trusts only the body's CA
    const forgedP12 = createSelfSignedSigner()
    const trustFile = join(wsA.dir, 'trusted-bodies.pem')
    const bodyTrust = readFileSync(trustFile)
    writeFileSync(trustFile, Buffer.concat([bodyTrust, readFileSync(join(dirname(forgedP12), 'forged.pem'))]))
    const forged = await exportVerdict(wsA, {
      caseId: 'nordlicht',
      lang: 'en',
      preAudit: false,
      signer: { p12: readP12(forgedP12), passphrase: 'correct horse battery staple' },
      actor: 'Ann Auditor'
    })
    writeFileSync(trustFile, bodyTrust)
    const ff = join(work, 'forged.pdf')
    writeFileSync(ff, forged.pdf)
    const f = await register(reg.urls[0]!, ann, 'certify', ff)
    expect(f.code).toBe(EXIT.rejected)
    expect(f.err).toMatch(/HTTP 422.*UNTRUSTED/)
    const tampered = Buffer.from(readFileSync(pdfFile))
    const at = Math.floor(tampered.length / 3)
    tampered[at] = tampered[at]! ^ 1
    const tf = join(work, 'tampered.pdf')
    writeFileSync(tf, tampered)
    const r = await register(reg.urls[1]!, ann, 'certify', tf)
    expect(r.code).toBe(EXIT.rejected)
    expect(r.err).toMatch(/HTTP 422.*INVALID/)
    const after = await rowCounts(reg.pool)
    expect({ ...after, nonces: 0 }).toEqual({ ...before, nonces: 0 })
  })

  it('a signed verdict whose manualChecks the surveillance cannot read is refused (422), nothing stored; register due still answers', async () => {
    const before = await rowCounts(reg.pool)
    const bad: [unknown, RegExp][] = [
      ['every quarter', /manualChecks is not a list/],
      [
        [
          {
            criterion: 'x',
            subject: '',
            decidedAt: '2026-11-24T09:00:00.000Z',
            lifetime: 'decade',
            freshUntil: '2027-04-01'
          }
        ],
        /manualChecks\[0\]\.lifetime is not one of/
      ],
      [
        [
          {
            criterion: 'x',
            subject: '',
            decidedAt: '2026-11-24T09:00:00.000Z',
            lifetime: 'quarter',
            freshUntil: '<b>soon</b>'
          }
        ],
        /manualChecks\[0\]\.freshUntil is not a date/
      ]
    ]
    for (const [manual, reason] of bad) {
      // an insider at the body signs a verdict the workbench did not compute
      const ws = Object.create(wsA) as Workspace
      ws.verdict = (id, at) => ({ ...wsA.verdict(id, at), manualChecks: manual as never })
      const signed = await exportVerdict(ws, {
        caseId: 'nordlicht',
        lang: 'en',
        preAudit: false,
        signer: { p12: readP12(pki.p12), passphrase: pki.passphrase },
        actor: 'Ann Auditor'
      })
      const file = join(work, 'bad-manual.pdf')
      writeFileSync(file, signed.pdf)
      const r = await register(reg.urls[0]!, ann, 'certify', file)
      expect(r.code, r.out).toBe(EXIT.rejected)
      expect(r.err).toMatch(/HTTP 422/)
      expect(r.err).toMatch(reason)
    }
    expect({ ...(await rowCounts(reg.pool)), nonces: 0 }).toEqual({ ...before, nonces: 0 })
    const pool = openPool(reg.dbUrl)
    try {
      expect(await dueList(pool, new Date('2026-11-24T09:00:00Z'))).toEqual([])
    } finally {
      await pool.end()
    }
  })

  it("a verdict whose acceptance the register's copy of the case lacks is refused (409), nothing stored", async () => {
    const other = await startTestRegister(cluster, {
      trust: parseTrustPem(readFileSync(pki.caPem, 'utf8'), 'test CA')
    })
    try {
      await other.auditor('Ann Auditor', openPrivateKey(readFileSync(ann, 'utf8'), null))
      await other.auditor('Bob Reviewer', openPrivateKey(readFileSync(bob, 'utf8'), null))
      const none = await register(other.urls[0]!, ann, 'certify', pdfFile)
      expect(none.code).toBe(EXIT.rejected)
      expect(none.err).toMatch(/HTTP 409.*does not hold the acceptance/)
      // the case as it was before the acceptance (the bundle B pulled)
      expect((await register(other.urls[0]!, ann, 'push', join(work, 'from-register.awcase'))).out).toMatch(
        /created/
      )
      const before = await rowCounts(other.pool)
      const early = await register(other.urls[0]!, ann, 'certify', pdfFile)
      expect(early.err).toMatch(/HTTP 409.*does not hold the acceptance \(entry \d+ by Bob Reviewer\)/)
      expect({ ...(await rowCounts(other.pool)), nonces: 0 }).toEqual({ ...before, nonces: 0 })
    } finally {
      await other.close()
    }
  })

  it('register due: nothing today; in March no manual check (an accepted scoring criterion is none, as in the review and the verdict); the expiry within 60 days in October', async () => {
    const pool = openPool(reg.dbUrl)
    try {
      await migrateRegister(pool)
      expect(await dueList(pool, new Date('2026-11-24T09:00:00Z'))).toEqual([])
      // the verdict names its manual checks (none here); before, every accept was taken for one, due in February
      expect(wsA.verdict('nordlicht').manualChecks).toEqual([])
      const march = await dueList(pool, new Date('2027-03-01T09:00:00Z'))
      expect(march).toEqual([])
      const october = await dueList(pool, new Date('2027-10-01T09:00:00Z'))
      expect(october).toContainEqual(expect.objectContaining({ kind: 'expiring', verdictId }))
    } finally {
      await pool.end()
    }
    const printed = await cli('register', 'due', '--pg', reg.dbUrl)
    expect(printed.out).toBe('Nothing is due.')
  })

  it('revoke puts it on the CRL; the status page says revoked', async () => {
    const r = await register(
      reg.urls[0]!,
      bob,
      'revoke',
      '--verdict',
      verdictId,
      '--reason',
      'Operator withdrew the application'
    )
    expect(r.out).toMatch(/Revoked certificate/)
    const twice = await register(reg.urls[1]!, ann, 'revoke', '--verdict', verdictId, '--reason', 'again')
    expect(twice.code).toBe(EXIT.rejected)
    expect((await cli('register', 'publish', '--pg', reg.dbUrl, '--out', siteDir())).out).toMatch(/1 revoked/)
    const crl = JSON.parse(readFileSync(join(siteDir(), 'crl.json'), 'utf8'))
    expect(crl.revoked).toEqual([
      expect.objectContaining({ verdictId, reason: 'Operator withdrew the application' })
    ])
    expect(readFileSync(join(siteDir(), 'crl.html'), 'utf8')).toContain('Operator withdrew the application')
    const html = readFileSync(join(siteDir(), 'certificates', verdictId, 'index.html'), 'utf8')
    expect(html).toContain('class="state revoked">Revoked<')
    const status = JSON.parse(
      readFileSync(join(siteDir(), 'certificates', verdictId, 'status.json'), 'utf8')
    ) as CertificateStatus
    expect(status.state).toBe('revoked')
    expect(status.surveillance).toEqual([])
    expect(existsSync(join(work, '.site.publishing-' + process.pid))).toBe(false)
    const act = (
      await reg.pool.query(`SELECT actor, signature FROM acts WHERE action = 'certificate.revoke'`)
    ).rows
    expect(act).toEqual([{ actor: 'Bob Reviewer', signature: expect.stringMatching(/BEGIN SSH SIGNATURE/) }])
  })

  it("a diverged pull and push show the conflict per criterion with the register's common head; nothing merged", async () => {
    const [urlA, urlB] = reg.urls
    const annA = wsA.identities.actorFor(openPrivateKey(readFileSync(ann, 'utf8'), null))
    const bobB = wsB.identities.actorFor(openPrivateKey(readFileSync(bob, 'utf8'), null))
    await fixtureCase(wsA, 'split', 'integrator')
    expect((await register(urlA!, ann, 'push', '--case', 'split', '--db', wsA.dbPath)).out).toMatch(/created/)
    expect((await register(urlB!, bob, 'pull', '--case', 'split', '--db', wsB.dbPath)).out).toMatch(/created/)
    const common = wsA.audit.portableOfCase('split').at(-1)!
    const decide = (ws: Workspace, actor: typeof annA, decision: 'accept' | 'reject', comment: string) =>
      ws.decide(
        {
          caseId: 'split',
          criterion: 'scoring.third-party-production',
          subject: 'stadtwerk-cloud',
          decision,
          comment
        },
        actor
      )
    decide(wsA, annA, 'accept', 'share confirmed')
    expect((await register(urlA!, ann, 'push', '--case', 'split', '--db', wsA.dbPath)).out).toMatch(
      /fast-forward/
    )
    decide(wsB, bobB, 'reject', 'no contract seen')
    const mine = wsB.audit.portableOfCase('split')

    const push = await register(urlB!, bob, 'push', '--case', 'split', '--db', wsB.dbPath)
    expect(push.code).toBe(EXIT.rejected)
    expect(push.err).toMatch(new RegExp(`common head: entry ${common.caseSeq} \\(${common.caseHash}\\)`))
    expect(push.err).toMatch(
      /scoring\.third-party-production \/ stadtwerk-cloud\n\s+here: +#\d+ \S+ Bob Reviewer: reject: no contract seen\n\s+register: #\d+ \S+ Ann Auditor: accept: share confirmed/
    )
    // a hand-over push is refused before the hand-over is recorded: the local copy stays unlocked
    const handOver = await register(urlB!, bob, 'push', '--case', 'split', '--db', wsB.dbPath, '--hand-over')
    expect(handOver.code).not.toBe(EXIT.ok)
    expect(handOver.err).toMatch(/has entries this workspace lacks.*Nothing was recorded/)

    const pull = await register(urlB!, bob, 'pull', '--case', 'split', '--db', wsB.dbPath)
    expect(pull.code).toBe(EXIT.rejected)
    expect(pull.out).toMatch(/Refused: case split diverged after case entry/)
    expect(pull.out).toContain(
      `the register's common head with this workspace: entry ${common.caseSeq} (${common.caseHash})`
    )
    expect(pull.out).toMatch(/register: #\d+ \S+ Ann Auditor: accept: share confirmed/)
    expect(wsB.audit.portableOfCase('split')).toEqual(mine)
    expect(wsB.holder('split').handedOver).toBe(false)
  })
})
