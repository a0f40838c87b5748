/**
 * The log is the truth: attacks A1–A5 of issue 13, each performed on a real workspace file through a second
 * connection (the malicious insider with write access to the SQLite file), each detected with its row and
 * entry when the case opens, by `audit-log verify`, and before a verdict is signed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestWorkspace } from '../helpers/workspace'
import { actorOf } from '../helpers/identity'
import { decideProductionShare, fixtureCase } from '../helpers/fixture-cases'
import { createTestPki, readP12, type TestPki } from '../helpers/test-pki'
import { runCli, EXIT } from '../../src/main/cli'
import { onFile, rechain, tamper } from '../helpers/insider'
import { exportVerdict, verifyVerdictPdf } from '../../src/main/pdf/export'
import { createAuditRepo } from '../../src/main/db/audit.repo'
import { createDecisionsRepo } from '../../src/main/db/decisions.repo'
import { createAuditorsRepo } from '../../src/main/db/auditors.repo'
import { createPrivateKeyFile } from '../../src/main/identity/openssh-key'
import type { Workspace } from '../../src/main/workspace'
import { sha256Hex } from '../../src/main/node-crypto'

let pki: TestPki
beforeAll(() => {
  pki = createTestPki()
})
const opened: Workspace[] = []
afterAll(() => opened.forEach((w) => w.close()))

/**
 * An SCS-0007 case: Ann rejects stadtwerk-cloud's own share and klinik-cloud's stale report (bronze, 2
 * points), submits it, and Bob accepts it with his own key.
 */
async function reviewedCase(
  accept = true,
  documents: { name: string; bytes: Buffer }[] = []
): Promise<Workspace & { dir: string }> {
  const ws = createTestWorkspace()
  opened.push(ws)
  // the body's own trust list: signing refuses a certificate whose chain it cannot build
  writeFileSync(join(ws.dir, 'trusted-bodies.pem'), readFileSync(pki.caPem))
  await fixtureCase(ws, 'n', 'integrator')
  if (documents.length) await ws.documents.attachMany('n', documents)
  const ann = actorOf(ws, 'Ann')
  decideProductionShare(ws, 'n', 'reject', 'own share not shown', ann)
  ws.decide(
    {
      caseId: 'n',
      criterion: 'scoring.third-party-managed',
      subject: 'klinik-cloud',
      decision: 'reject',
      comment: 'report older than its lifetime'
    },
    ann
  )
  ws.review('n', 'submit', ann)
  if (accept) ws.review('n', 'accept', actorOf(ws, 'Bob'))
  expect(ws.checkCaseLog('n')).toEqual([])
  expect(ws.verdict('n')).toMatchObject({ outcome: 'bronze', points: 2 })
  return ws
}

/** The insider's second connection to the workspace file. */
const seqOf = (ws: Workspace, action: string, match: (p: Record<string, unknown>) => boolean = () => true) =>
  ws.audit.listForCase('n').find((e) => e.action === action && match(e.payload as Record<string, unknown>))!
    .seq

const signing = (ws: Workspace) =>
  exportVerdict(ws, {
    caseId: 'n',
    lang: 'en',
    preAudit: false,
    signer: { p12: readP12(pki.p12), passphrase: pki.passphrase },
    actor: 'Ann'
  })

async function verifyCli(ws: Workspace): Promise<{ code: number; err: string }> {
  let err = ''
  const code = await runCli(['audit-log', 'verify', '--db', ws.dbPath, '--case', 'n'], {
    out: () => undefined,
    err: (s) => (err += `${s}\n`)
  })
  return { code, err }
}

describe('attacks on the workspace file, each detected with its row and entry, and signing blocked', () => {
  it("A1: UPDATE decisions SET decision='accept' on an accepted case", async () => {
    const ws = await reviewedCase()
    const entry = seqOf(ws, 'decision', (p) => p['criterion'] === 'scoring.third-party-production')
    tamper(
      ws,
      "UPDATE decisions SET decision = 'accept' WHERE criterion_id = 'scoring.third-party-production'"
    )
    expect(ws.verdict('n')).toMatchObject({ outcome: 'silver', points: 4 }) // what the attack was for
    const problems = ws.checkCaseLog('n')
    expect(problems).toContainEqual({
      entry,
      row: expect.stringMatching(/^decisions#\d+$/),
      message: expect.stringMatching(/decision is "accept" in the table, but entry \d+ says "reject"/)
    })
    expect(ws.caseDetail('n').audit.problems).toEqual(problems) // the case opens with the red banner
    expect((await verifyCli(ws)).code).toBe(EXIT.verifyFailed)
    await expect(signing(ws)).rejects.toThrow(
      /cannot be signed: the workspace differs from its audit log[\s\S]*decisions#/
    )
  })

  it("A2: cases.status='accepted', accepted_by='carol' set directly", async () => {
    const ws = await reviewedCase(false)
    tamper(
      ws,
      "UPDATE cases SET status = 'accepted', accepted_by = 'carol', accepted_at = '2026-11-24T09:00:00.000Z'"
    )
    const problems = ws.checkCaseLog('n')
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /case n: status is "accepted" in the table, but the log says "submitted" \(entry \d+\)/
        ),
        expect.stringMatching(/case n: acceptedBy is "carol" in the table, but the log says empty/)
      ])
    )
    expect(problems.every((p) => p.row === 'cases/n')).toBe(true)
    const cli = await verifyCli(ws)
    expect(cli.code).toBe(EXIT.verifyFailed)
    expect(cli.err).toMatch(/NOT THE LOG: entry \d+, cases\/n: case n: acceptedBy is "carol"/)
    await expect(signing(ws)).rejects.toThrow(/acceptedBy is "carol"/)
  })

  it('A3: triggers dropped, a decision entry edited and every later hash recomputed: its own signature and the reviewer’s fail', async () => {
    const ws = await reviewedCase()
    const entry = seqOf(ws, 'decision', (p) => p['criterion'] === 'scoring.third-party-production')
    const accept = seqOf(ws, 'review.accept')
    tamper(
      ws,
      `DROP TRIGGER audit_log_no_update;
       UPDATE audit_log SET payload = replace(payload, '"decision":"reject"', '"decision":"accept"') WHERE seq = ${entry};
       UPDATE decisions SET decision = 'accept' WHERE criterion_id = 'scoring.third-party-production'`
    )
    rechain(ws, entry)
    expect(ws.audit.check().broken).toBeNull() // the unkeyed chain alone no longer tells
    const messages = ws.checkCaseLog('n').map((p) => p.message)
    expect(messages).toContainEqual(
      expect.stringMatching(new RegExp(`^entry ${entry} \\(decision by Ann\\): the signature does not hold`))
    )
    expect(messages).toContainEqual(
      expect.stringMatching(
        new RegExp(`^entry ${accept} \\(review.accept by Bob\\): the signature does not hold`)
      )
    )
    await expect(signing(ws)).rejects.toThrow(/review.accept by Bob/)
  })

  it('A3 on an unsigned entry (an import), with its evidence digest rewritten to match: detected past the reviewer’s signature', async () => {
    const ws = await reviewedCase()
    const imp = seqOf(ws, 'import', (p) => p['file'] === 'report-klinik-cloud.yaml')
    const accept = seqOf(ws, 'review.accept')
    // the attacker edits the evidence and its import entry together, so both agree; then re-chains
    tamper(ws, "UPDATE reports SET checked_at = '2026-11-20 08:00:00' WHERE subject = 'klinik-cloud'")
    const digest = (ws.audit.entryAt(imp)!.payload as { evidence: unknown }).evidence
    const { createEvidenceDigest } = await import('../../src/main/db/evidence-digest')
    const forged = onFile(ws, (db) => {
      const fileId = db
        .prepare<[], { id: number }>(
          "SELECT id FROM imported_files WHERE file_name = 'report-klinik-cloud.yaml'"
        )
        .get()!.id
      return createEvidenceDigest(db)(fileId)
    })
    expect(forged).not.toEqual(digest)
    tamper(
      ws,
      `DROP TRIGGER audit_log_no_update;
       UPDATE audit_log SET payload = json_set(payload, '$.evidence', json('${JSON.stringify(forged)}')) WHERE seq = ${imp}`
    )
    rechain(ws, imp)
    expect(ws.audit.check().broken).toBeNull()
    const problems = ws.checkCaseLog('n')
    expect(problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        new RegExp(`^entry ${accept} \\(review.accept by Bob\\): the signature does not hold`)
      )
    )
    // nothing about the rows themselves: they agree with the forged entry; the signatures are what tell
    expect(problems.some((p) => p.row?.startsWith('reports#'))).toBe(false)
  })

  it('A4: the tail of the log deleted, including the verdict.export entry: the exported PDF and the accept signature tell', async () => {
    const ws = await reviewedCase()
    const r = await signing(ws)
    expect((await verifyVerdictPdf(r.pdf, 'v.pdf', ws)).ok).toBe(true)
    const exported = seqOf(ws, 'verdict.export')
    tamper(ws, `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= ${exported}`)
    expect(ws.audit.check().broken).toBeNull() // a shorter chain is still a chain
    const check = await verifyVerdictPdf(r.pdf, 'v.pdf', ws)
    expect(check.ok).toBe(false)
    expect(check.audit.message).toMatch(
      /the log holds no export of verdict AW-n-.*: the entries after its audit head were deleted/
    )

    // deeper: the acceptance and all after it deleted, the cases row put back to "submitted" to match
    const accept = seqOf(ws, 'review.accept')
    tamper(
      ws,
      `DELETE FROM audit_log WHERE seq >= ${accept};
       UPDATE cases SET status = 'submitted', accepted_by = NULL, accepted_at = NULL`
    )
    expect((await verifyVerdictPdf(r.pdf, 'v.pdf', ws)).audit.message).toMatch(
      /no longer holds the head the verdict was issued over|no longer holds the signed acceptance/
    )
  })

  it('A4 without fixing the table: an accepted case whose acceptance was deleted from the log', async () => {
    const ws = await reviewedCase()
    const accept = seqOf(ws, 'review.accept')
    tamper(ws, `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= ${accept}`)
    expect(ws.audit.check().broken).toBeNull()
    expect(ws.checkCaseLog('n').map((p) => p.message)).toContainEqual(
      expect.stringMatching(/status is "accepted" in the table, but the log says "submitted"/)
    )
    await expect(signing(ws)).rejects.toThrow(/differs from its audit log/)
  })

  it('A7: the author decides on the accepted case through the file, signed with her own key: named, signing refused', async () => {
    const ws = await reviewedCase()
    const ann = actorOf(ws, 'Ann')
    // Ann, with the file and her key, records the decision the app refuses on an accepted case: a signed
    // entry that continues both chains and the row it names; no hash is broken and no signature forged
    onFile(ws, (raw) =>
      raw.transaction(() => {
        const at = '2026-11-24T11:00:00.000Z'
        const audit = createAuditRepo(raw)
        const d = createDecisionsRepo(raw).insert(
          {
            caseId: 'n',
            criterion: 'scoring.third-party-production',
            subject: 'stadtwerk-cloud',
            decision: 'accept',
            comment: 'shown after all',
            auditor: 'Ann'
          },
          at,
          audit.caseHead('n').seq + 1,
          null
        )
        audit.append(
          'Ann',
          'decision',
          'n',
          {
            id: d.id,
            criterion: d.criterion,
            subject: d.subject,
            decision: d.decision,
            comment: d.comment,
            waiverOwner: null,
            waiverExpires: null
          },
          at,
          ann.sign
        )
      })()
    )
    expect(ws.audit.check().broken).toBeNull()
    // the verdict Bob accepted at bronze now reads Ann's later accept
    expect(ws.verdict('n').points).toBeGreaterThan(2)
    const entry = ws.audit.listForCase('n').at(-1)!.seq
    expect(ws.checkCaseLog('n').map((p) => p.message)).toEqual([
      `entry ${entry} (decision by Ann): the case is accepted (by Bob); a decision is recorded only while the case is open`
    ])
    const cli = await verifyCli(ws)
    expect(cli.code).toBe(EXIT.verifyFailed)
    await expect(signing(ws)).rejects.toThrow(/a decision is recorded only while the case is open/)
  })

  it('A8: the case row made a later round of another case that claims the same cloud: its duplicate-claim finding went away', async () => {
    const ws = await reviewedCase(false)
    // another case of the workspace claims the same clouds: case n has a duplicate-claim finding for each
    await fixtureCase(ws, 'm', 'integrator', (f) => f === 'self-assessment.yaml')
    const duplicates = () => ws.caseReview('n').findings.filter((f) => f.type === 'duplicate-claim').length
    expect(duplicates()).toBeGreaterThan(0)
    tamper(ws, "UPDATE cases SET previous_case_id = 'm', round = 2, title = 'Renewal' WHERE id = 'n'")
    expect(duplicates()).toBe(0)
    const created = seqOf(ws, 'case.create')
    const { title } = ws.audit.listForCase('n')[0]!.payload as { title: string }
    const messages = ws.checkCaseLog('n').map((p) => p.message)
    expect(messages).toEqual([
      `case n is round 2 after case "m", but entry ${created} created it as round 1 after no case`,
      `case n is titled "Renewal", but entry ${created} created it titled "${title}"`
    ])
    await expect(signing(ws)).rejects.toThrow(/created it as round 1/)
  })

  it("A9: a key of the insider's own registered behind the app under a name that looks like the reviewer's: named, signing refused", async () => {
    const ws = await reviewedCase()
    // "Воb": a Cyrillic В and о; the roster refuses it at registration, the insider writes it into the file
    const { key } = createPrivateKeyFile('mallory', null)
    const lookAlike = '\u0412\u043eb'
    onFile(ws, (raw) =>
      raw.transaction(() => {
        const identity = {
          name: lookAlike,
          publicKey: key.publicKey,
          fingerprint: key.fingerprint,
          addedAt: '2026-11-24T09:30:00.000Z'
        }
        createAuditorsRepo(raw).insert(identity)
        createAuditRepo(raw).append(
          lookAlike,
          'identity.add',
          null,
          { name: identity.name, publicKey: identity.publicKey, fingerprint: identity.fingerprint },
          identity.addedAt
        )
      })()
    )
    const entry = ws.audit.listAll().at(-1)!.seq
    const bob = ws.audit.registrations().find((r) => r.actor === 'Bob')!.seq
    expect(ws.checkCaseLog('n').map((p) => p.message)).toEqual([
      `entry ${entry} registers "${lookAlike}" (\\u{412}\\u{43E}b), which looks like "Bob", registered by entry ${bob}`
    ])
    await expect(signing(ws)).rejects.toThrow(/which looks like "Bob"/)
  })

  it('A5: reports.checked_at edited so that a stale environment counts', async () => {
    const ws = await reviewedCase(false)
    ws.review('n', 'return', actorOf(ws, 'Bob'), 'klinik-cloud: re-check')
    ws.decide(
      {
        caseId: 'n',
        criterion: 'scoring.third-party-managed',
        subject: 'klinik-cloud',
        decision: 'accept',
        comment: 'accepted if its evidence is fresh'
      },
      actorOf(ws, 'Ann')
    )
    const before = ws.verdict('n').points
    const imp = seqOf(ws, 'import', (p) => p['file'] === 'report-klinik-cloud.yaml')
    tamper(ws, "UPDATE reports SET checked_at = '2026-11-20 08:00:00' WHERE subject = 'klinik-cloud'")
    expect(ws.verdict('n').points).toBeGreaterThan(before!) // the attack raises the points
    const problems = ws.checkCaseLog('n')
    expect(problems).toContainEqual({
      entry: imp,
      row: expect.stringMatching(/^reports#\d+$/),
      message: expect.stringMatching(
        /^reports#\d+ of report-klinik-cloud.yaml was changed after entry \d+ imported it$/
      )
    })
    expect(ws.caseDetail('n').audit.problems.length).toBeGreaterThan(0)
  })

  it("A10: an evidence document's stored bytes swapped for others of the same length, its hash, type, size and log kept: named, signing refused", async () => {
    const reviewed = Buffer.from(
      'Integrator references: Stadtwerk (2024), Klinik (2025). Signed: K. Kuehl.\n'
    )
    const other = Buffer.from('Integrator references: Stadtwerk (2024), Klinik (2021). Signed: K. Kuehl.\n')
    expect(other.length).toBe(reviewed.length)
    const ws = await reviewedCase(true, [{ name: 'references.txt', bytes: reviewed }])
    const hash = sha256Hex(reviewed)
    const attach = seqOf(ws, 'document.attach')
    onFile(ws, (db) => {
      db.exec('DROP TRIGGER IF EXISTS document_blobs_immutable')
      db.prepare('UPDATE document_blobs SET bytes = ? WHERE sha256 = ?').run(other, hash)
    })
    // what the verdict would cite: the same name, hash, type and size as before
    expect(ws.verdict('n').documents).toEqual([
      expect.objectContaining({ name: 'references.txt', sha256: hash, size: reviewed.length })
    ])
    const problems = ws.checkCaseLog('n')
    expect(problems).toEqual([
      {
        entry: attach,
        row: `case_documents/${hash.slice(0, 12)}… (references.txt)`,
        message: `the stored bytes of the evidence document references.txt of case n are not the ones entry ${attach} attached: their SHA-256 is ${sha256Hex(other)}, not ${hash}`
      }
    ])
    const cli = await verifyCli(ws)
    expect(cli.code).toBe(EXIT.verifyFailed)
    expect(cli.err).toContain('the stored bytes of the evidence document references.txt of case n')
    await expect(signing(ws)).rejects.toThrow(
      /cannot be signed: the workspace differs from its audit log[\s\S]*the stored bytes of the evidence document references\.txt of case n are not the ones entry \d+ attached/
    )
    expect(ws.audit.listForCase('n').some((e) => e.action === 'verdict.export')).toBe(false)
  })

  it('evidence rows deleted behind the app are named by their table', async () => {
    const ws = await reviewedCase(false)
    tamper(ws, 'DELETE FROM testcase_results WHERE id = (SELECT max(id) FROM testcase_results)')
    expect(ws.checkCaseLog('n').map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        /rows of testcase_results from report-.*\.yaml were changed, added or deleted after entry \d+/
      )
    )
  })
})

describe('D1: the decision date of a signed verdict', () => {
  let exports = 0
  async function exportCli(
    ws: Workspace & { dir: string },
    ...extra: string[]
  ): Promise<{ code: number; out: string; err: string }> {
    let out = ''
    let err = ''
    process.env['AW_TEST_P12_PASS'] = pki.passphrase
    const file = join(ws.dir, `v-${(exports += 1)}.pdf`)
    const code = await runCli(['export', '--db', ws.dbPath, '--case', 'n', '--out', file, ...extra], {
      out: (s) => (out += `${s}\n`),
      err: (s) => (err += `${s}\n`)
    })
    delete process.env['AW_TEST_P12_PASS']
    return { code, out, err }
  }

  it('export --at 2026-11-20, run after the decisions and the acceptance (2026-11-24), is refused for signing', async () => {
    const ws = await reviewedCase()
    const signed = ['--p12', pki.p12, '--passphrase-env', 'AW_TEST_P12_PASS']
    const back = await exportCli(ws, ...signed, '--at', '2026-11-20')
    expect(back.code).toBe(EXIT.usage)
    expect(back.err).toMatch(
      /the decision date 2026-11-20 is before the (acceptance by Bob|decision on .* by Ann) \(2026-11-24\) that the verdict rests on/
    )
    const ahead = await exportCli(ws, ...signed, '--at', '2026-12-24')
    expect(ahead.err).toMatch(/the decision date 2026-12-24 is after today \(2026-11-24\)/)
    // today (the clock) is fine; a past date stays available for a pre-audit, which prints it
    expect((await exportCli(ws, ...signed)).code).toBe(EXIT.ok)
    const pre = await exportCli(ws, '--pre-audit', '--at', '2026-11-20')
    expect(pre.code).toBe(EXIT.ok)
    const { execFileSync } = await import('node:child_process')
    const text = execFileSync('pdftotext', ['-layout', join(ws.dir, `v-${exports}.pdf`), '-'], {
      encoding: 'utf8'
    })
    expect(text).toMatch(/Decision date\s+20 November 2026/)
  })
})

describe('the signed verdict names its auditors by key', () => {
  it('lists each auditor with the fingerprint of their key, and quotes the signed acceptance', async () => {
    const ws = await reviewedCase()
    const r = await signing(ws)
    const { extractAttachments } = await import('../../src/main/pdf/attachments')
    const v = JSON.parse(extractAttachments(r.pdf).get('verdict.json')!.toString('utf8')) as {
      auditors: { name: string; fingerprint: string; acts: string[] }[]
      acceptance: { entry: number; by: string; fingerprint: string; signature: string }
    }
    const fp = (name: string) => ws.identities.list().find((a) => a.name === name)!.fingerprint
    expect(v.auditors).toEqual([
      { name: 'Ann', fingerprint: fp('Ann'), acts: ['decisions', 'submitted'] },
      { name: 'Bob', fingerprint: fp('Bob'), acts: ['accepted'] }
    ])
    expect(v.acceptance).toMatchObject({
      entry: seqOf(ws, 'review.accept'),
      by: 'Bob',
      fingerprint: fp('Bob')
    })
    expect(v.acceptance.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----/)
    const pdf = join(ws.dir, 'names.pdf')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(pdf, r.pdf)
    const { execFileSync } = await import('node:child_process')
    // a fingerprint may wrap at a "/" on the certificate page: compared without white space
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    expect(text).toContain(fp('Bob'))
    expect(text).toContain(fp('Ann'))
  })
})
