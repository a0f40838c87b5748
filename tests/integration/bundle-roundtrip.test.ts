/**
 * Two auditors, two machines (issue 15 §2–§4): two workspace files, two keys. A hands a case over, B opens
 * it (replayed: identical verdict and log), returns it with a comment, A fast-forwards, fixes, resubmits,
 * hands over, B accepts, A fast-forwards and signs the verdict, which `verify` accepts in both workspaces
 * (the verdict binds the case chain; an insider on either side who rewrites it is caught). Holder and lock,
 * divergence (refused with the conflict per criterion, nothing merged), and the hostile-bundle corpus for
 * `bundle import` (nothing stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { withZipBomb } from '../helpers/hand-zip'
import { createTestWorkspace, dumpDb } from '../helpers/workspace'
import { FIXTURES, RESOURCES, tempDir } from '../helpers/paths'
import { decideProductionShare, fixtureCase } from '../helpers/fixture-cases'
import { keyFile } from '../helpers/identity'
import { makePdf, makePng, svgWithScript } from '../helpers/documents'
import { testClock } from '../helpers/clock'
import { fixedClock } from '../../src/main/clock'
import { EXIT } from '../../src/main/cli'
import { cli } from '../helpers/cli'
import { openWorkspace } from '../../src/main/workspace'
import { createTestPki, readP12, type TestPki } from '../helpers/test-pki'
import type { Actor } from '../../src/main/identity/identities'
import { createPrivateKeyFile, type OpenedKey } from '../../src/main/identity/openssh-key'
import { exportCaseBundle } from '../../src/main/bundle/export'
import { importCaseBundle, takeBackCase } from '../../src/main/bundle/import'
import {
  LOG,
  MANIFEST,
  MANIFEST_SIG,
  BUNDLE_NAMESPACE,
  readBundle,
  writeBundle,
  writeZip,
  type BundleEntry
} from '../../src/main/bundle/case-bundle'
import { CASE_GENESIS, caseEntryHash, signedCaseEntryMessage } from '../../src/main/db/case-chain'
import { rechain, tamper } from '../helpers/insider'
import { readZip } from '../../src/main/import/zip-guard'
import { ACT_NAMESPACE, signSshsig } from '../../src/main/import/sshsig'
import { exportVerdict, verifyVerdictPdf } from '../../src/main/pdf/export'
import { extractAttachments } from '../../src/main/pdf/attachments'
import type { Verdict } from '../../src/shared/domain/verdict-types'
import type { Workspace } from '../../src/main/workspace'

const DIR = join(FIXTURES, 'cases/integrator')
const CASE = 'n'
let pki: TestPki
const opened: Workspace[] = []
afterAll(() => opened.forEach((w) => w.close()))
beforeAll(() => {
  pki = createTestPki()
})

interface Auditor {
  key: OpenedKey
  name: string
}
const newAuditor = (name: string): Auditor => ({ key: createPrivateKeyFile(name, null).key, name })

/** A workspace on its own file that knows both auditors (each registered their colleague's public key). */
function machine(...auditors: Auditor[]): Workspace & { dir: string } {
  const ws = createTestWorkspace()
  opened.push(ws)
  writeFileSync(join(ws.dir, 'trusted-bodies.pem'), readFileSync(pki.caPem))
  for (const a of auditors) ws.identities.register(a.name, a.key.publicKey, null)
  return ws
}
const as = (ws: Workspace, a: Auditor): Actor => ws.identities.actorFor(a.key)

async function preparedCase(ws: Workspace, ann: Auditor): Promise<void> {
  await fixtureCase(ws, CASE, 'integrator')
  decideProductionShare(ws, CASE, 'reject', 'own share not shown', as(ws, ann))
}

/** Ann and Bob, each on a workspace file of their own; Ann has prepared the case on hers. */
async function twoAuditors() {
  const ann = newAuditor('Ann')
  const bob = newAuditor('Bob')
  const a = machine(ann, bob)
  const b = machine(bob, ann)
  await preparedCase(a, ann)
  return { ann, bob, a, b }
}

/** Ann's second decision (the managed share's report is older than its lifetime), then she submits. */
function rejectStaleAndSubmit(ws: Workspace, ann: Auditor): void {
  ws.decide(
    {
      caseId: CASE,
      criterion: 'scoring.third-party-managed',
      subject: 'klinik-cloud',
      decision: 'reject',
      comment: 'report older than its lifetime'
    },
    as(ws, ann)
  )
  ws.review(CASE, 'submit', as(ws, ann))
}

const open = (ws: Workspace, bytes: Buffer, name = 'n.awcase') => importCaseBundle(ws, name, bytes)
const chain = (ws: Workspace) => ws.audit.portableOfCase(CASE)
/**
 * The verdict as both sides must agree on it: all of it but what names the workspace's own log — the head
 * and length of its whole log, and the number there of the case head's entry and of the acceptance. The
 * case chain's head and the acceptance's place in it are the same on both sides.
 */
const verdictOf = (ws: Workspace) => {
  const { audit, acceptance, ...v } = ws.verdict(CASE)
  expect(audit.caseHead).toBeDefined()
  return {
    ...v,
    caseHead: { caseSeq: audit.caseHead?.caseSeq, caseHash: audit.caseHead?.caseHash },
    acceptance: acceptance ? { ...acceptance, entry: 'local' } : acceptance
  }
}
/** The verdict JSON a PDF carries. */
const embedded = (pdf: Buffer): Verdict =>
  JSON.parse(extractAttachments(pdf).get('verdict.json')!.toString()) as Verdict
const verifyLog = (ws: Workspace) => ({ broken: ws.audit.check().broken, problems: ws.checkCaseLog(CASE) })

describe('A → B → A: a four-eyes review across two workspace files', () => {
  it('hands over, returns with a comment, fast-forwards, accepts, and A signs a verdict that verify accepts', async () => {
    const { ann, bob, a, b } = await twoAuditors()
    a.review(CASE, 'submit', as(a, ann))

    // 1. A submits and hands over: the case is then locked on A
    const first = exportCaseBundle(a, CASE, ann.key, { handOver: true, comment: 'please review' })
    expect(first.handedOver).toBe(true)
    expect(a.holder(CASE)).toMatchObject({
      handedOver: true,
      head: { action: 'case.hand-over', actor: 'Ann' }
    })
    expect(() => a.review(CASE, 'return', as(a, bob), 'no')).toThrow(
      /was handed over by Ann at .*bundle take-back --case n/
    )

    // 2. B opens it: the case is created as it was, identical verdict and log
    const created = await open(b, first.bytes)
    expect(created.outcome).toBe('created')
    expect(chain(b)).toEqual(chain(a))
    expect(verdictOf(b)).toEqual(verdictOf(a))
    expect(b.caseReview(CASE)).toEqual(a.caseReview(CASE))
    expect(verifyLog(b)).toEqual({ broken: null, problems: [] })
    expect(verifyLog(a)).toEqual({ broken: null, problems: [] })
    expect(b.cases.get(CASE)).toMatchObject({ status: 'submitted', submittedBy: 'Ann' })
    expect(b.holder(CASE)).toMatchObject({ handedOver: false, received: { from: 'Ann' } })

    // B returns it with a signed comment and hands it back
    b.review(CASE, 'return', as(b, bob), 'cite the managed share of klinik-cloud')
    const second = exportCaseBundle(b, CASE, bob.key, { handOver: true })
    expect(() => b.review(CASE, 'submit', as(b, bob))).toThrow(/handed over/)

    // 3. A opens B's bundle: fast-forward; A holds the case again, fixes and resubmits
    const ff = await open(a, second.bytes)
    expect(ff).toMatchObject({ outcome: 'fast-forward', applied: 2 })
    expect(a.cases.get(CASE).status).toBe('open')
    expect(a.holder(CASE)).toMatchObject({ handedOver: false, received: { from: 'Bob' } })
    rejectStaleAndSubmit(a, ann)
    const third = exportCaseBundle(a, CASE, ann.key, { handOver: true })

    // an old bundle replayed on A: behind its head, refused, nothing stored
    const before = dumpDb(a)
    const old = await open(a, second.bytes)
    expect(old.outcome).toBe('behind')
    expect(old.message).toMatch(/behind this workspace's head .* older bundle/)
    expect(dumpDb(a)).toEqual(before)

    // B accepts (a second key) and hands it back
    expect((await open(b, third.bytes)).outcome).toBe('fast-forward')
    b.review(CASE, 'accept', as(b, bob))
    const fourth = exportCaseBundle(b, CASE, bob.key, { handOver: true })

    // A fast-forwards to the acceptance and signs the verdict; verify accepts the signed PDF
    expect((await open(a, fourth.bytes)).outcome).toBe('fast-forward')
    expect(a.cases.get(CASE)).toMatchObject({ status: 'accepted', acceptedBy: 'Bob', submittedBy: 'Ann' })
    expect(verdictOf(a)).toEqual(verdictOf(b))
    expect(chain(a)).toEqual(chain(b))
    expect(a.verdict(CASE)).toMatchObject({ outcome: 'bronze', points: 2 })
    const signed = await exportVerdict(a, {
      caseId: CASE,
      lang: 'en',
      preAudit: false,
      signer: { p12: readP12(pki.p12), passphrase: pki.passphrase },
      actor: 'Ann'
    })
    const check = await verifyVerdictPdf(signed.pdf, 'v.pdf', a)
    expect(check.ok).toBe(true)
    expect(verifyLog(a)).toEqual({ broken: null, problems: [] })
    // the same bundle opened again changes nothing
    expect((await open(a, fourth.bytes)).outcome).toBe('behind')
    // the verdict binds the case chain's head, which Bob's workspace holds too (Bob's hand-over)
    const head = chain(b).at(-1)!
    expect(embedded(signed.pdf).audit.caseHead).toMatchObject({
      caseSeq: head.caseSeq,
      caseHash: head.caseHash
    })
    expect(embedded(signed.pdf).acceptance).toMatchObject({
      caseSeq: chain(b).find((e) => e.action === 'review.accept')!.caseSeq,
      by: 'Bob'
    })
    // on Bob's machine before Ann's next bundle: VALID, and the export (recorded after his copy's head) noted
    const early = await verifyVerdictPdf(signed.pdf, 'v.pdf', b)
    expect(early).toMatchObject({ outcome: 'VALID', ok: true, audit: { checked: true, ok: true } })
    expect(early.audit.message).toMatch(
      new RegExp(
        `^case entry ${head.caseSeq} \\(case.hand-over by Bob .*\\) is in this workspace's chain of case n`
      )
    )
    expect(early.audit.note).toMatch(
      new RegExp(
        `the export of verdict ${signed.verdictId} is not in this copy of the case: it was issued in another workspace after case entry ${head.caseSeq}`
      )
    )
    // Bob fast-forwards Ann's newest bundle, which carries the export: VALID, the export found
    expect((await open(b, exportCaseBundle(a, CASE, ann.key).bytes)).outcome).toBe('fast-forward')
    const there = await verifyVerdictPdf(signed.pdf, 'v.pdf', b)
    expect(there).toMatchObject({ outcome: 'VALID', ok: true })
    expect(there.audit.note).toBeUndefined()
    expect(there.audit.message).toMatch(/; so is its export \(case entry \d+\)$/)
    expect((await verifyVerdictPdf(signed.pdf, 'v.pdf', a)).audit.message).toMatch(/so is its export/)
  })
})

describe('a signed verdict binds the case chain: verify holds in either workspace that has the case', () => {
  const bodyKey = () => ({ p12: readP12(pki.p12), passphrase: pki.passphrase })
  let s: { ann: Auditor; bob: Auditor; a: Workspace; b: Workspace; signed: Buffer; verdictId: string }
  beforeAll(async () => {
    const { ann, bob, a, b } = await twoAuditors()
    rejectStaleAndSubmit(a, ann)
    await open(b, exportCaseBundle(a, CASE, ann.key, { handOver: true }).bytes)
    b.review(CASE, 'accept', as(b, bob))
    await open(a, exportCaseBundle(b, CASE, bob.key, { handOver: true }).bytes)
    const r = await exportVerdict(a, {
      caseId: CASE,
      lang: 'en',
      preAudit: false,
      signer: bodyKey(),
      actor: 'Ann'
    })
    // Bob's copy receives the export with Ann's next bundle (a copy: nothing locked)
    await open(b, exportCaseBundle(a, CASE, ann.key).bytes)
    s = { ann, bob, a, b, signed: r.pdf, verdictId: r.verdictId }
  })

  /** A copy of a workspace file, opened on its own (for an insider's edits that must not touch the others). */
  function copyOf(ws: Workspace): Workspace & { dir: string } {
    const dir = tempDir()
    ws.backup(join(dir, 'workspace.sqlite'))
    writeFileSync(join(dir, 'trusted-bodies.pem'), readFileSync(pki.caPem))
    const c = openWorkspace({
      dbPath: join(dir, 'workspace.sqlite'),
      resourcesDir: RESOURCES,
      actor: 'test-auditor',
      clock: testClock
    })
    opened.push(c)
    return Object.assign(c, { dir })
  }
  const verifyIn = (ws: Workspace, pdf = s.signed) => verifyVerdictPdf(pdf, 'v.pdf', ws)
  const entryOf = (ws: Workspace, caseSeq: number) =>
    ws.audit.listForCase(CASE).find((e) => e.caseSeq === caseSeq)!

  it("Ann's verdict is VALID in both workspaces, each finding the case head, the acceptance and the export", async () => {
    for (const ws of [s.a, s.b]) {
      const c = await verifyIn(ws)
      expect(c).toMatchObject({ outcome: 'VALID', ok: true, audit: { checked: true, ok: true } })
      expect(c.audit.message).toMatch(/is in this workspace's chain of case n, .*; so is its export/)
    }
  })

  it("an insider in Bob's workspace deletes the case entries from the verdict's case head on: INVALID, naming it", async () => {
    const b = copyOf(s.b)
    const head = embedded(s.signed).audit.caseHead!
    tamper(
      b,
      `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= ${entryOf(b, head.caseSeq).seq}`
    )
    expect(b.audit.check().broken).toBeNull() // a shorter chain is still a chain
    const c = await verifyIn(b)
    expect(c).toMatchObject({ outcome: 'INVALID', ok: false })
    expect(c.reason).toMatch(
      new RegExp(
        `no longer holds the head the verdict was issued over \\(case entry ${head.caseSeq} of case n\\): this workspace's chain of the case ends at case entry ${head.caseSeq - 1}`
      )
    )
  })

  it("an insider in Bob's workspace edits the acceptance and recomputes every hash after it: INVALID, naming the entry", async () => {
    const b = copyOf(s.b)
    const head = embedded(s.signed).audit.caseHead!
    const accept = b.audit.listForCase(CASE).find((e) => e.action === 'review.accept')!
    tamper(
      b,
      `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET at = '2026-11-23T09:00:00.000Z' WHERE seq = ${accept.seq}`
    )
    rechain(b, accept.seq)
    expect(b.audit.check().broken).toBeNull()
    const c = await verifyIn(b)
    expect(c).toMatchObject({ outcome: 'INVALID', ok: false })
    expect(c.reason).toMatch(
      new RegExp(
        `case entry ${head.caseSeq} of case n here \\(case.hand-over by Bob .*\\) has another case hash`
      )
    )
  })

  it("an insider in Bob's workspace edits the verdict's case head without recomputing: the broken chain is named", async () => {
    const b = copyOf(s.b)
    const head = entryOf(b, embedded(s.signed).audit.caseHead!.caseSeq)
    tamper(
      b,
      `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'Mallory' WHERE seq = ${head.seq}`
    )
    const c = await verifyIn(b)
    expect(c.outcome).toBe('INVALID')
    expect(c.reason).toMatch(new RegExp(`the audit log is broken at entry ${head.seq}: the entry was edited`))
  })

  it("an insider in Ann's (the issuing) workspace deletes the export and all after it, or only the export and re-chains the rest: INVALID", async () => {
    const signedOver = embedded(s.signed).audit
    // the whole log's head at signing is Ann's bundle.import entry, after the case head: deleting from there
    // on leaves the case head in place, so the issuing workspace is known by the case head's own entry
    expect(signedOver.entries).toBeGreaterThan(signedOver.caseHead!.entry)
    for (const attack of ['tail from the export', 'tail from the global head', 'export only, re-chained']) {
      const a = copyOf(s.a)
      const exported = a.audit.listForCase(CASE).find((e) => e.action === 'verdict.export')!
      // a later act on the case after the export, so that re-chaining has something to recompute
      a.review(CASE, 'reopen', as(a, s.ann), 'a late look')
      if (attack === 'export only, re-chained') {
        tamper(
          a,
          `DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update; DELETE FROM audit_log WHERE seq = ${exported.seq};
           UPDATE audit_log SET seq = seq - 1 WHERE seq > ${exported.seq};
           UPDATE audit_log SET case_seq = case_seq - 1 WHERE case_id = '${CASE}' AND seq >= ${exported.seq}`
        )
        rechain(a, exported.seq)
      } else {
        const from = attack === 'tail from the export' ? exported.seq : signedOver.entries
        tamper(a, `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= ${from}`)
      }
      expect(a.audit.check().broken).toBeNull()
      const c = await verifyIn(a)
      expect(c, attack).toMatchObject({ outcome: 'INVALID', ok: false })
      expect(c.reason, attack).toMatch(
        attack === 'tail from the global head'
          ? new RegExp(
              `the audit log no longer holds the head the verdict was issued over \\(entry ${signedOver.entries}\\): its history was rewritten`
            )
          : new RegExp(
              `the log holds no export of verdict ${s.verdictId}: the entries after its audit head were deleted`
            )
      )
    }
  })

  it("Bob's copy continuing past the verdict's head without its export (the export deleted there, re-chained): INVALID", async () => {
    const b = copyOf(s.b)
    const exported = b.audit.listForCase(CASE).find((e) => e.action === 'verdict.export')!
    b.review(CASE, 'reopen', as(b, s.bob), 'a late look')
    tamper(
      b,
      `DROP TRIGGER audit_log_no_delete; DROP TRIGGER IF EXISTS audit_log_no_update; DELETE FROM audit_log WHERE seq = ${exported.seq};
       UPDATE audit_log SET seq = seq - 1 WHERE seq > ${exported.seq};
       UPDATE audit_log SET case_seq = case_seq - 1 WHERE case_id = '${CASE}' AND seq >= ${exported.seq}`
    )
    rechain(b, exported.seq)
    expect(b.audit.check().broken).toBeNull()
    const c = await verifyIn(b)
    expect(c.outcome).toBe('INVALID')
    expect(c.reason).toMatch(
      new RegExp(
        `continues past the verdict's case head \\(case entry ${exported.caseSeq}: review.reopen by Bob .*\\) but holds no export of verdict ${s.verdictId}`
      )
    )
  })

  it("a verdict signed on Bob's side verifies on Ann's side, noted before the bundle comes back, then found", async () => {
    const a = copyOf(s.a)
    const b = copyOf(s.b)
    const r = await exportVerdict(b, {
      caseId: CASE,
      lang: 'en',
      preAudit: false,
      signer: bodyKey(),
      actor: 'Bob'
    })
    const before = await verifyIn(a, r.pdf)
    expect(before).toMatchObject({ outcome: 'VALID', ok: true })
    expect(before.audit.note).toMatch(new RegExp(`export of verdict ${r.verdictId} is not in this copy`))
    expect((await open(a, exportCaseBundle(b, CASE, s.bob.key).bytes)).outcome).toBe('fast-forward')
    const after = await verifyIn(a, r.pdf)
    expect(after).toMatchObject({ outcome: 'VALID', ok: true })
    expect(after.audit.note).toBeUndefined()
    expect(after.audit.message).toMatch(/so is its export/)
    expect(await verifyIn(b, r.pdf)).toMatchObject({ outcome: 'VALID', ok: true })
  })

  it('a verdict from before v80 (the global head only) is checked as before: VALID where issued, refused elsewhere', async () => {
    const a = copyOf(s.a)
    const b = copyOf(s.b)
    // the verdict as it was computed before this change: no case head, the acceptance by its entry only
    const legacy: Workspace = {
      ...a,
      verdict: (id: string, at?: string) => {
        const { audit, acceptance, ...v } = a.verdict(id, at)
        const { caseSeq: _s, caseHash: _h, ...acc } = acceptance!
        return { ...v, audit: { head: audit.head, entries: audit.entries }, acceptance: acc }
      }
    }
    const r = await exportVerdict(legacy, {
      caseId: CASE,
      lang: 'en',
      preAudit: false,
      signer: bodyKey(),
      actor: 'Ann'
    })
    expect(embedded(r.pdf).audit.caseHead).toBeUndefined()
    const here = await verifyIn(a, r.pdf)
    expect(here).toMatchObject({ outcome: 'VALID', ok: true })
    expect(here.audit.message).toMatch(/^the audit head \(entry \d+\) is in the current chain/)
    await open(b, exportCaseBundle(a, CASE, s.ann.key).bytes)
    const there = await verifyIn(b, r.pdf)
    expect(there.outcome).toBe('INVALID')
    expect(there.audit.message).toMatch(/issued in the other auditor's workspace, whose log it names/)
  })
})

describe('evidence documents travel in case bundles (issue 16 §5)', () => {
  it('attached, cited and removed documents replay: same bytes, same citations, same verdict', async () => {
    const ann = newAuditor('Ann')
    const a = machine(ann)
    const b = machine(ann)
    await preparedCase(a, ann)
    const pdf = makePdf('AZ fire zones')
    const png = makePng()
    await a.documents.attachMany(CASE, [
      { name: 'az.pdf', bytes: pdf },
      { name: 'racks.png', bytes: png },
      { name: 'old.txt', bytes: Buffer.from('superseded note\n') }
    ])
    const [az, , old] = a.documents.list(CASE).sort((x, y) => x.name.localeCompare(y.name))
    a.documents.remove(CASE, old!.sha256, 'superseded', as(a, ann))
    a.decide(
      {
        caseId: CASE,
        criterion: 'scoring.third-party-production',
        subject: 'stadtwerk-cloud',
        decision: 'accept',
        comment: 'share shown in the PDF',
        documents: [az!.sha256]
      },
      as(a, ann)
    )
    const bundle = exportCaseBundle(a, CASE, ann.key)
    expect(bundle.documents).toBe(2)
    expect((await open(b, bundle.bytes)).outcome).toBe('created')
    expect(b.documents.list(CASE)).toEqual(a.documents.list(CASE))
    expect(b.documents.content(CASE, az!.sha256).bytes.equals(pdf)).toBe(true)
    expect(verdictOf(b).documents).toEqual(verdictOf(a).documents)
    expect(verdictOf(b).documents?.find((d) => d.name === 'az.pdf')?.citedBy).toEqual([
      'scoring.third-party-production / stadtwerk-cloud'
    ])
    expect(verifyLog(b)).toEqual({ broken: null, problems: [] })
  })
})

describe('holder and lock, divergence', () => {
  async function handedOver() {
    const { ann, bob, a, b } = await twoAuditors()
    const first = exportCaseBundle(a, CASE, ann.key, { handOver: true })
    await open(b, first.bytes)
    return { ann, bob, a, b, first }
  }

  it('a handed-over case takes no act until it is taken back, which is logged and signed', async () => {
    const { ann, a } = await handedOver()
    const decide = () => decideProductionShare(a, CASE, 'accept', 'ok', as(a, ann))
    expect(decide).toThrow(/handed over/)
    await expect(
      a.importOne(CASE, { name: 'x.yaml', bytes: readFileSync(join(DIR, readdirSync(DIR).sort()[0]!)) })
    ).resolves.toMatchObject({ alreadyImported: true })
    expect(() => takeBackCase(a, CASE, as(a, ann), ' ')).toThrow(/needs a reason/)
    takeBackCase(a, CASE, as(a, ann), 'Bob is ill')
    expect(a.holder(CASE)).toMatchObject({
      handedOver: false,
      head: { action: 'case.take-back', actor: 'Ann' }
    })
    decide()
    expect(verifyLog(a)).toEqual({ broken: null, problems: [] })
    expect(() => takeBackCase(a, CASE, as(a, ann), 'again')).toThrow(/not handed over/)
  })

  it('diverged: both acted after the common head; refused with the conflict per criterion, nothing merged', async () => {
    const { ann, bob, a, b } = await handedOver()
    // A takes the case back and acts; B acts on its copy and hands it back
    takeBackCase(a, CASE, as(a, ann), 'needed it back')
    decideProductionShare(a, CASE, 'accept', 'share shown after all', as(a, ann))
    decideProductionShare(b, CASE, 'reject', 'still not shown', as(b, bob))
    const back = exportCaseBundle(b, CASE, bob.key, { handOver: true })
    const beforeA = dumpDb(a)
    const r = await open(a, back.bytes)
    expect(r.outcome).toBe('diverged')
    const common = chain(a).find((e) => e.action === 'case.hand-over')!
    expect(r.conflict!.commonHead).toEqual({ seq: common.caseSeq, hash: common.caseHash })
    expect(r.message).toMatch(
      new RegExp(`diverged after case entry ${common.caseSeq} \\(case.hand-over by Ann\\)`)
    )
    const row = r.conflict!.rows.find((x) => x.about === 'scoring.third-party-production / stadtwerk-cloud')!
    expect(row.local).toMatchObject([
      { actor: 'Ann', action: 'decision', what: 'accept: share shown after all' }
    ])
    expect(row.bundle).toMatchObject([{ actor: 'Bob', action: 'decision', what: 'reject: still not shown' }])
    const caseRow = r.conflict!.rows.find((x) => x.about === '(case)')!
    expect(caseRow.local.map((e) => e.action)).toEqual(['case.take-back'])
    expect(caseRow.bundle.map((e) => e.action)).toEqual(['case.hand-over'])
    expect(dumpDb(a)).toEqual(beforeA)
  })
})

describe('hostile bundles: bundle import refuses each whole, and nothing is stored', () => {
  let s: { ann: Auditor; bob: Auditor; a: Workspace; b: Workspace; good: Buffer }
  beforeAll(async () => {
    const { ann, bob, a, b } = await twoAuditors()
    s = { ann, bob, a, b, good: exportCaseBundle(a, CASE, ann.key).bytes }
  })

  async function rezip(
    bytes: Buffer,
    edit: (m: Map<string, Buffer>) => void,
    resign?: OpenedKey
  ): Promise<Buffer> {
    const m = await readZip('b', bytes)
    edit(m)
    if (resign) {
      // the manifest's member hashes updated and signed again: the signature holds, the content is checked
      const manifest = JSON.parse(m.get(MANIFEST)!.toString()) as {
        members: { path: string; sha256: string; size: number }[]
      }
      const { createHash } = await import('node:crypto')
      manifest.members = manifest.members.map((x) => ({
        ...x,
        sha256: createHash('sha256').update(m.get(x.path)!).digest('hex'),
        size: m.get(x.path)!.length
      }))
      const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
      m.set(MANIFEST, text)
      m.set(MANIFEST_SIG, Buffer.from(signSshsig(text, BUNDLE_NAMESPACE, resign)))
    }
    return writeZip([...m].map(([name, data]) => ({ name, data })))
  }

  async function refused(bytes: Buffer): Promise<string> {
    const before = dumpDb(s.b)
    let message: string
    try {
      const r = await open(s.b, bytes)
      message = r.outcome === 'created' || r.outcome === 'fast-forward' ? '' : r.message
    } catch (error) {
      message = (error as Error).message
    }
    expect(dumpDb(s.b)).toEqual(before)
    if (!message) throw new Error('the bundle was imported')
    return message
  }

  it('a tampered input file, its hash updated in a manifest the exporter signed again', async () => {
    const bad = await rezip(
      s.good,
      (m) => {
        const path = [...m.keys()].find((k) => k.startsWith('files/'))!
        m.set(path, Buffer.concat([m.get(path)!, Buffer.from('\n# more\n')]))
      },
      s.ann.key
    )
    expect(await refused(bad)).toMatch(/files\/[0-9a-f]{64}: the input file .* is not the SHA-256/)
  })

  it('a foreign signature: a key this workspace does not hold, even under a registered name', async () => {
    const mallory = newAuditor('Ann')
    const bad = await rezip(
      s.good,
      (m) => {
        const roster = JSON.parse(m.get('roster.json')!.toString()) as {
          name: string
          publicKey: string
          fingerprint: string
        }[]
        m.set(
          'roster.json',
          Buffer.from(
            JSON.stringify(
              roster.map((x) =>
                x.name === 'Ann'
                  ? { name: 'Ann', publicKey: mallory.key.publicKey, fingerprint: mallory.key.fingerprint }
                  : x
              )
            )
          )
        )
      },
      mallory.key
    )
    expect(await refused(bad)).toMatch(/manifest\.sig: signed by key .* which is not the exporter "Ann"/)
    // the forger's bundle of their own, every act signed with their key under Ann's name
    const forger = machine(mallory)
    await preparedCase(forger, mallory)
    expect(await refused(exportCaseBundle(forger, CASE, mallory.key).bytes)).toMatch(
      /roster\.json \[0\] "Ann": the key .* is not in this workspace's roster/
    )
  })

  it('a reordered log, signed again by the exporter', async () => {
    const bad = await rezip(
      s.good,
      (m) => {
        const lines = m.get(LOG)!.toString().trim().split('\n')
        ;[lines[1], lines[2]] = [lines[2]!, lines[1]!]
        m.set(LOG, Buffer.from(`${lines.join('\n')}\n`))
      },
      s.ann.key
    )
    expect(await refused(bad)).toMatch(/log\.jsonl line 2 .*out of order or incomplete/)
  })

  it('an import entry whose rows do not come out the same here: refused, naming the entry', async () => {
    // the exporter rewrote an import entry's digest and re-signed the manifest: the chain hashes give it away
    const bad = await rezip(
      s.good,
      (m) => {
        m.set(
          LOG,
          Buffer.from(m.get(LOG)!.toString().replace('\\"tables\\":{', '\\"tables\\":{\\"x\\":\\"y\\",'))
        )
      },
      s.ann.key
    )
    expect(await refused(bad)).toMatch(
      /log\.jsonl line \d+ \(case entry \d+, import by .*\): the entry was changed/
    )
  })

  /** A one-file case of Ann's, in a workspace of its own, and its bundle. */
  async function oneFileCase(): Promise<Buffer> {
    const c = machine(s.ann)
    c.createCase({ id: CASE, schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
    const f = readdirSync(DIR).sort()[0]!
    await c.importOne(CASE, { name: f, bytes: readFileSync(join(DIR, f)) })
    return exportCaseBundle(c, CASE, s.ann.key).bytes
  }

  /**
   * A bundle whose log the exporter (a registered key) rewrote with `edit`: the case chain recomputed after
   * the first entry and the manifest's head with it, signed again, so that every link holds.
   */
  function relogged(bytes: Buffer, edit: (entries: BundleEntry[]) => BundleEntry[]): Promise<Buffer> {
    return rezip(
      bytes,
      (m) => {
        const entries = edit(
          m
            .get(LOG)!
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as BundleEntry)
        )
        let prev = entries[0]!.caseHash
        const out = entries.map((e, i) => {
          if (i === 0) return e
          const x = { ...e, caseSeq: i + 1, casePrev: prev }
          prev = caseEntryHash(x)
          return { ...x, caseHash: prev }
        })
        m.set(LOG, Buffer.from(out.map((e) => `${JSON.stringify(e)}\n`).join('')))
        const manifest = JSON.parse(m.get(MANIFEST)!.toString()) as {
          head: { caseSeq: number; caseHash: string }
        }
        manifest.head = { caseSeq: out.length, caseHash: prev }
        m.set(MANIFEST, Buffer.from(JSON.stringify(manifest)))
      },
      s.ann.key
    )
  }

  /** A one-file case's bundle whose import entry the exporter rewrote with `edit`. */
  const rewrittenImport = async (edit: (payload: string) => string): Promise<Buffer> =>
    relogged(await oneFileCase(), (es) =>
      es.map((e, i) => (i === 0 ? e : { ...e, payload: edit(e.payload) }))
    )

  it('an import whose rows do not come out as its entry says, the case chain recomputed by the exporter', async () => {
    // the entry's digest rewritten: the file imported here does not give the rows the entry claims
    const bad = await rewrittenImport((payload) => payload.replace('"tables":{', '"tables":{"reports":"0",'))
    expect(await refused(bad)).toMatch(
      /log\.jsonl line 2 \(case entry 2, import by test-auditor\): .* imported here does not give the rows it gave the sender \(evidence differ\)/
    )
  })

  it('an import entry that names its file by a number, the case chain recomputed by the exporter', async () => {
    // the replay once turned the name into text: the payload it made then differed from the entry's, and the
    // bundle was refused; taken raw, a number would be stored as the file's name. It is refused by name.
    const bad = await rewrittenImport((payload) =>
      JSON.stringify({ ...(JSON.parse(payload) as object), file: 5 })
    )
    expect(await refused(bad)).toMatch(
      /log\.jsonl line 2 \(case entry 2, import by test-auditor\): the import entry must name its file and its SHA-256 as text/
    )
  })

  it('a file imported twice, in the bundle or here already, the case chain recomputed by the exporter', async () => {
    // an import never stores the same bytes twice in a case. A bundle that did was refused by whatever its
    // second write tripped over first (for this report, its run uuid; for a file without one, the database's
    // unique index, "Something went wrong"). It is refused by place, as what it is.
    const good = await oneFileCase()
    const twice = await relogged(good, (es) => [...es, es[1]!])
    expect(await refused(twice)).toMatch(
      /log\.jsonl line 3 \(case entry 3, import by test-auditor\): the input file .* is imported twice$/
    )
    // the case opened here first: the bundle's second import of the file is its only new entry
    const d = machine(s.ann)
    expect((await open(d, good)).outcome).toBe('created')
    const before = dumpDb(d)
    await expect(open(d, twice)).rejects.toThrow(
      /log\.jsonl line 3 \(case entry 3, import by test-auditor\): the input file .* is imported twice: this workspace holds it in the case already/
    )
    expect(dumpDb(d)).toEqual(before)
  })

  it('a replayed old bundle: behind the local head', async () => {
    const older = exportCaseBundle(s.a, CASE, s.ann.key).bytes
    s.a.review(CASE, 'submit', as(s.a, s.ann))
    const newer = exportCaseBundle(s.a, CASE, s.ann.key).bytes
    expect((await open(s.b, newer)).outcome).toBe('created')
    expect(await refused(older)).toMatch(/behind this workspace's head/)
  })

  it('a path escape', async () => {
    const bad = await rezip(s.good, (m) => m.set('../../evil.sh', Buffer.from('rm -rf ~\n')))
    expect(await refused(bad)).toMatch(/an entry name points outside the archive/)
  })

  it('a zip bomb: a member that inflates past what it declares', async () => {
    const z = s.good
    const bad = withZipBomb(z)
    expect(await refused(bad)).toMatch(/inflates to more \(zip bomb\?\)/)
  })
})

/**
 * A bundle with `acts` added at the end of its case chain, as a registered colleague can write one by hand:
 * each act signed by its actor's own key over its place in the chain, the chain linked, the manifest's head
 * and member hashes updated and signed again by the exporter. Every check of the bundle's form holds.
 */
async function withActs(
  bytes: Buffer,
  exporter: Auditor,
  acts: readonly { by: Auditor; action: string; at: string; payload: unknown; unsigned?: boolean }[],
  documents: readonly { name: string; mediaType: string; bytes: Buffer }[] = []
): Promise<Buffer> {
  const m = await readZip('b', bytes)
  const listed: { path: string; sha256: string; name: string; mediaType: string }[] = []
  for (const d of documents) {
    const sha256 = createHash('sha256').update(d.bytes).digest('hex')
    m.set(`documents/${sha256}`, d.bytes)
    listed.push({ path: `documents/${sha256}`, sha256, name: d.name, mediaType: d.mediaType })
  }
  const entries = m
    .get(LOG)!
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BundleEntry)
  for (const act of acts) {
    const last = entries.at(-1)!
    const fields = {
      caseId: last.caseId,
      caseSeq: last.caseSeq + 1,
      casePrev: last.caseHash,
      at: act.at,
      actor: act.by.name,
      action: act.action,
      payload: JSON.stringify(act.payload)
    }
    const signature = act.unsigned
      ? null
      : signSshsig(signedCaseEntryMessage(fields), ACT_NAMESPACE, act.by.key)
    entries.push({
      ...fields,
      format: 2,
      seq: last.seq + 1,
      prevHash: last.hash,
      hash: last.hash,
      signature,
      caseHash: caseEntryHash({ ...fields, signature })
    })
  }
  m.set(LOG, Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join('')))
  const manifest = JSON.parse(m.get(MANIFEST)!.toString()) as {
    head: { caseSeq: number; caseHash: string }
    members: { path: string; sha256: string; size: number }[]
    documents: typeof listed
  }
  manifest.head = { caseSeq: entries.at(-1)!.caseSeq, caseHash: entries.at(-1)!.caseHash }
  manifest.documents = [...manifest.documents, ...listed]
  manifest.members = [
    ...manifest.members,
    ...listed.map((d) => ({ path: d.path, sha256: d.sha256, size: 0 }))
  ].map((x) => ({
    ...x,
    sha256: createHash('sha256').update(m.get(x.path)!).digest('hex'),
    size: m.get(x.path)!.length
  }))
  const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
  m.set(MANIFEST, text)
  m.set(MANIFEST_SIG, Buffer.from(signSshsig(text, BUNDLE_NAMESPACE, exporter.key)))
  return writeZip([...m].map(([name, data]) => ({ name, data })))
}

describe('four eyes hold across machines: a bundle whose acts the review would have refused', () => {
  const refusedWhole = async (ws: Workspace, bytes: Buffer): Promise<string> => {
    const before = dumpDb(ws)
    let message: string
    try {
      const r = await open(ws, bytes)
      message = `imported: ${r.outcome}`
    } catch (error) {
      message = (error as Error).message
    }
    expect(dumpDb(ws)).toEqual(before)
    return message
  }

  it('Ann accepts her own case, never submitted: one auditor, one key, a case "accepted" for signing', async () => {
    const { ann, a, b } = await twoAuditors()
    const forged = await withActs(exportCaseBundle(a, CASE, ann.key).bytes, ann, [
      {
        by: ann,
        action: 'review.accept',
        at: '2026-11-24T09:01:00.000Z',
        payload: { from: 'open', to: 'accepted', comment: '' }
      }
    ])
    // the act is Ann's, signed with her registered key, and the chain links: what gives it away is its place
    expect(await refusedWhole(b, forged)).toMatch(
      /^n\.awcase: log\.jsonl line \d+ \(case entry \d+, review\.accept by Ann\): the case is open; only a submitted case can be accepted/
    )
    // submitted by Ann, returned by Ann, accepted by Ann: the accept no longer follows her submission
    const again = await withActs(exportCaseBundle(a, CASE, ann.key).bytes, ann, [
      { by: ann, action: 'review.submit', at: '2026-11-24T09:01:00.000Z', payload: {} },
      { by: ann, action: 'review.return', at: '2026-11-24T09:02:00.000Z', payload: { comment: 'x' } },
      { by: ann, action: 'review.accept', at: '2026-11-24T09:03:00.000Z', payload: {} }
    ])
    expect(await refusedWhole(b, again)).toMatch(
      /review\.accept by Ann\): the case is open; only a submitted case can be accepted/
    )
    // and so does bundle verify, which stores nothing
    await expect(readBundle('n.awcase', again)).rejects.toThrow(/only a submitted case can be accepted/)
  })

  it('a decision the form refuses, signed by its author: a waiver for ever without an owner, a decision "approve"', async () => {
    const { ann, a, b } = await twoAuditors()
    const decision = (payload: Record<string, unknown>) =>
      withActs(exportCaseBundle(a, CASE, ann.key).bytes, ann, [
        {
          by: ann,
          action: 'decision',
          at: '2026-11-24T09:01:00.000Z',
          payload: {
            id: 9,
            criterion: 'scoring.third-party-managed',
            subject: 'klinik-cloud',
            comment: 'fresh run scheduled',
            waiverOwner: null,
            waiverExpires: null,
            ...payload
          }
        }
      ])
    // "never" sorts after every date: the stale report's waiver would count for ever
    expect(
      await refusedWhole(b, await decision({ decision: 'waive', waiverExpires: 'never', comment: '' }))
    ).toMatch(
      /^n\.awcase: log\.jsonl line \d+ \(case entry \d+, decision by Ann\): a waive needs a comment that says why; a waiver needs an owner \(who must resolve it\); a waiver needs an expiry date \(YYYY-MM-DD\)$/
    )
    expect(
      await refusedWhole(
        b,
        await decision({ decision: 'waive', waiverOwner: 'K. Kühl', waiverExpires: '2026-11-24' })
      )
    ).toMatch(
      /decision by Ann\): the waiver's expiry 2026-11-24 is not after the day it was decided \(2026-11-24\)$/
    )
    // the database's CHECK once answered this one ("Something went wrong"), with no place
    expect(await refusedWhole(b, await decision({ decision: 'approve' }))).toMatch(
      /decision by Ann\): the decision is "approve"; a decision is accept, reject or waive$/
    )
  })

  it("Ann changes a decision after Bob's acceptance and hands the case back: refused, Bob's case unchanged", async () => {
    const { ann, bob, a, b } = await twoAuditors()
    a.review(CASE, 'submit', as(a, ann))
    await open(b, exportCaseBundle(a, CASE, ann.key, { handOver: true }).bytes)
    b.review(CASE, 'accept', as(b, bob))
    await open(a, exportCaseBundle(b, CASE, bob.key, { handOver: true }).bytes)
    const accepted = b.verdict(CASE)
    // her rejected production share turned into an accept, after the acceptance, without a reopen
    const forged = await withActs(exportCaseBundle(a, CASE, ann.key).bytes, ann, [
      {
        by: ann,
        action: 'decision',
        at: '2026-11-24T09:04:00.000Z',
        payload: {
          id: 99,
          criterion: 'scoring.third-party-production',
          subject: 'stadtwerk-cloud',
          decision: 'accept',
          comment: 'shown after all',
          waiverOwner: null,
          waiverExpires: null
        }
      }
    ])
    expect(await refusedWhole(b, forged)).toMatch(
      /^n\.awcase: log\.jsonl line \d+ \(case entry \d+, decision by Ann\): the case is accepted \(by Bob\); a decision is recorded only while the case is open/
    )
    expect(b.verdict(CASE)).toEqual(accepted)
  })
})

describe('evidence documents in a bundle are what the attach would have taken', () => {
  /** Ann's case with `doc` attached by a document.attach entry the bundle's writer made by hand. */
  async function attached(doc: { name: string; mediaType: string; bytes: Buffer; size?: number }) {
    const { ann, a, b } = await twoAuditors()
    const sha256 = createHash('sha256').update(doc.bytes).digest('hex')
    const bytes = await withActs(
      exportCaseBundle(a, CASE, ann.key).bytes,
      ann,
      [
        {
          by: ann,
          unsigned: true,
          action: 'document.attach',
          at: '2026-11-24T09:01:00.000Z',
          payload: { sha256, name: doc.name, mediaType: doc.mediaType, size: doc.size ?? doc.bytes.length }
        }
      ],
      [doc]
    )
    return { b, bytes }
  }

  const refusedWhole = async (ws: Workspace, bytes: Buffer): Promise<string> => {
    const before = dumpDb(ws)
    let message: string
    try {
      message = `imported: ${(await open(ws, bytes)).outcome}`
    } catch (error) {
      message = (error as Error).message
    }
    expect(dumpDb(ws)).toEqual(before)
    return message
  }

  it("a document whose blob Bob's workspace already holds, its bytes swapped there (same length): refused, not taken by its hash", async () => {
    const { ann, a, b } = await twoAuditors()
    const reviewed = Buffer.from('Integrator references: Stadtwerk (2024), Klinik (2025).\n')
    const other = Buffer.from('Integrator references: Stadtwerk (2024), Klinik (2021).\n')
    await a.documents.attachMany(CASE, [{ name: 'refs.txt', bytes: reviewed }])
    const hash = createHash('sha256').update(reviewed).digest('hex')
    // the same document in another case of Bob's, whose stored bytes an insider swapped
    b.createCase({ id: 'other', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
    await b.documents.attachMany('other', [{ name: 'refs.txt', bytes: reviewed }])
    tamper(
      b,
      `DROP TRIGGER IF EXISTS document_blobs_immutable;
       UPDATE document_blobs SET bytes = x'${other.toString('hex')}' WHERE sha256 = '${hash}'`
    )
    expect(await refusedWhole(b, exportCaseBundle(a, CASE, ann.key).bytes)).toMatch(
      /replayed, the case's tables and log differ: the stored bytes of the evidence document refs\.txt of case n are not the ones entry \d+ attached/
    )
  })

  it("a removal in Bob's name that Bob did not sign: refused, as the act it is", async () => {
    const { ann, a, b } = await twoAuditors()
    await a.documents.attachMany(CASE, [{ name: 'az.pdf', bytes: makePdf('AZ') }])
    const [az] = a.documents.list(CASE)
    const removal = {
      action: 'document.remove',
      at: '2026-11-24T09:01:00.000Z',
      payload: {
        sha256: az!.sha256,
        name: 'az.pdf',
        mediaType: 'application/pdf',
        size: az!.size,
        reason: 'x'
      }
    }
    const bob = { name: 'Bob', key: ann.key }
    for (const forged of [
      await withActs(exportCaseBundle(a, CASE, ann.key).bytes, ann, [
        { ...removal, by: bob, unsigned: true }
      ]),
      // signed, but with Ann's key
      await withActs(exportCaseBundle(a, CASE, ann.key).bytes, ann, [{ ...removal, by: bob }])
    ])
      expect(await refusedWhole(b, forged)).toMatch(
        /^n\.awcase: log\.jsonl line \d+ \(case entry \d+, document\.remove by Bob\): (the act is not signed by its actor|names Bob but is signed by Ann's key)/
      )
  })

  it('the removal of a document the current decision cites, signed by its author: refused, naming the decision', async () => {
    const { ann, a, b } = await twoAuditors()
    await a.documents.attachMany(CASE, [{ name: 'az.pdf', bytes: makePdf('AZ') }])
    const [az] = a.documents.list(CASE)
    a.decide(
      {
        caseId: CASE,
        criterion: 'scoring.third-party-production',
        subject: 'stadtwerk-cloud',
        decision: 'accept',
        comment: 'share shown in the PDF',
        documents: [az!.sha256]
      },
      as(a, ann)
    )
    // the app refuses this removal (a current decision cites the document); written by hand, the verdict's
    // accept would cite a document its Annex C no longer lists
    expect(() => a.documents.remove(CASE, az!.sha256, 'x', as(a, ann))).toThrow(
      /cited by the current decision/
    )
    const forged = await withActs(exportCaseBundle(a, CASE, ann.key).bytes, ann, [
      {
        by: ann,
        action: 'document.remove',
        at: '2026-11-24T09:01:00.000Z',
        payload: {
          sha256: az!.sha256,
          name: 'az.pdf',
          mediaType: 'application/pdf',
          size: az!.size,
          reason: 'x'
        }
      }
    ])
    expect(await refusedWhole(b, forged)).toMatch(
      /^n\.awcase: log\.jsonl line \d+ \(case entry \d+, document\.remove by Ann\): az\.pdf is cited by the current decision on scoring\.third-party-production \/ stadtwerk-cloud \(case entry \d+\); a removal is recorded only when no current decision cites the document/
    )
  })

  it('a Windows executable labelled a Word document: refused as the attach refuses it, nothing stored', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])
    const { b, bytes } = await attached({
      name: 'az-evidence.docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: exe
    })
    expect(await refusedWhole(b, bytes)).toMatch(
      /^n\.awcase: log\.jsonl line \d+ \(case entry \d+, document\.attach by Ann\): az-evidence\.docx: .*Windows executable/
    )
  })

  it('HTML labelled plain text, an SVG with a script labelled a PNG: refused, naming the entry', async () => {
    const html = await attached({
      name: 'notes.txt',
      mediaType: 'text/plain',
      bytes: Buffer.from('<html><body><script>alert(1)</script></body></html>\n')
    })
    expect(await refusedWhole(html.b, html.bytes)).toMatch(
      /document\.attach by Ann\): notes\.txt: .*(HTML|markup)/
    )
    const svg = await attached({ name: 'racks.png', mediaType: 'image/png', bytes: svgWithScript() })
    expect(await refusedWhole(svg.b, svg.bytes)).toMatch(/document\.attach by Ann\): racks\.png: /)
  })

  it('a PDF whose entry says it is a PNG, a name with a path in it: refused, naming the entry', async () => {
    const pdf = makePdf('AZ fire zones')
    const relabelled = await attached({ name: 'az.png', mediaType: 'image/png', bytes: pdf })
    expect(await refusedWhole(relabelled.b, relabelled.bytes)).toMatch(
      /document\.attach by Ann\): the evidence document az\.png is application\/pdf by its bytes, not image\/png as the entry says/
    )
    const pathy = await attached({
      name: '../../.config/autostart/az.pdf',
      mediaType: 'application/pdf',
      bytes: pdf
    })
    expect(await refusedWhole(pathy.b, pathy.bytes)).toMatch(
      /document\.attach by Ann\): the evidence document is named "\.\.\/\.\.\/\.config\/autostart\/az\.pdf", which an attach names "az\.pdf"/
    )
    // an entry that gives it another size: the replayed case differs from its log
    const resized = await attached({ name: 'az.pdf', mediaType: 'application/pdf', bytes: pdf, size: 1 })
    expect(await refusedWhole(resized.b, resized.bytes)).toMatch(
      /^n\.awcase: case n: replayed, the case's tables and log differ: the evidence document az\.pdf is application\/pdf of \d+ bytes, but entry \d+ attached application\/pdf of 1 bytes$/
    )
    // the same PDF, named and typed as an attach names and types it, is taken
    const fine = await attached({ name: 'az.pdf', mediaType: 'application/pdf', bytes: pdf })
    expect((await open(fine.b, fine.bytes)).outcome).toBe('created')
    expect(fine.b.documents.list(CASE).map((d) => [d.name, d.mediaType])).toEqual([
      ['az.pdf', 'application/pdf']
    ])
  })
})

describe('what bundle verify shows is what bundle import stores', () => {
  /** The bundle with its manifest changed by `edit` and signed again by the exporter. */
  async function remanifested(
    bytes: Buffer,
    exporter: Auditor,
    edit: (m: {
      case: { title: string }
      files: { fileName: string }[]
      documents: { name: string }[]
    }) => void
  ): Promise<Buffer> {
    const z = await readZip('b', bytes)
    const manifest = JSON.parse(z.get(MANIFEST)!.toString()) as Parameters<typeof edit>[0]
    edit(manifest)
    const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
    z.set(MANIFEST, text)
    z.set(MANIFEST_SIG, Buffer.from(signSshsig(text, BUNDLE_NAMESPACE, exporter.key)))
    return writeZip([...z].map(([name, data]) => ({ name, data })))
  }

  it("a manifest that names the case, a file or a document otherwise than the log: refused, as verify's summary would differ from what is stored", async () => {
    const { ann, a } = await twoAuditors()
    await a.documents.attachMany(CASE, [{ name: 'az.pdf', bytes: makePdf('AZ') }])
    const good = exportCaseBundle(a, CASE, ann.key).bytes
    expect((await readBundle('n.awcase', good)).manifest.documents.map((d) => d.name)).toEqual(['az.pdf'])
    const title = await remanifested(good, ann, (m) => (m.case.title = 'Klinik cloud, renewal 2027'))
    await expect(readBundle('n.awcase', title)).rejects.toThrow(
      /^n\.awcase: manifest\.json: the manifest titles the case "Klinik cloud, renewal 2027", but its case\.create entry titles it ".*"$/
    )
    const file = await remanifested(good, ann, (m) => (m.files[0]!.fileName = 'self-assessment.yaml'))
    await expect(readBundle('n.awcase', file)).rejects.toThrow(
      /^n\.awcase: files\/[0-9a-f]{64}: the manifest names the input file "self-assessment\.yaml", but its import entry names it "report-klinik-cloud\.yaml"$/
    )
    const doc = await remanifested(good, ann, (m) => (m.documents[0]!.name = 'signed-contract.pdf'))
    await expect(readBundle('n.awcase', doc)).rejects.toThrow(
      /^n\.awcase: documents\/[0-9a-f]{64}: the manifest names the evidence document "signed-contract\.pdf" \(application\/pdf\), but its document\.attach entry names it "az\.pdf" \(application\/pdf\)$/
    )
  })
})

describe('a bundle from the future', () => {
  it("a report checked after the receiver's now, imported by a workspace whose clock runs a month ahead: refused, naming the entry", async () => {
    const ann = newAuditor('Ann')
    const ahead = createTestWorkspace(fixedClock('2026-12-24T09:00:00.000Z'))
    opened.push(ahead)
    ahead.identities.register(ann.name, ann.key.publicKey, null)
    ahead.createCase({ id: CASE, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    // checked "a month from now" where the bundle is opened: the import there would refuse it
    const report = Buffer.from(
      readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'), 'utf8')
        .replace('checked_at: 2026-11-17 08:12:44.120533', 'checked_at: 2026-12-24 08:12:44.120533')
        .replace('reference_date: 2026-11-17', 'reference_date: 2026-12-24')
    )
    await ahead.importOne(CASE, { name: 'report.yaml', bytes: report })
    const b = machine(ann)
    b.createCase({ id: 'x', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await expect(b.importOne('x', { name: 'report.yaml', bytes: report })).rejects.toThrow(
      /evidence from the future is refused/
    )
    const before = dumpDb(b)
    await expect(open(b, exportCaseBundle(ahead, CASE, ann.key).bytes)).rejects.toThrow(
      /^n\.awcase: log\.jsonl line 1 \(case entry 1, case\.create by .*\): the entry is dated 2026-12-24T09:00:00\.000Z, later than this workspace's clock \(2026-11-24T09:00:00\.000Z\) plus 5 minutes of clock skew; acts from the future are refused/
    )
    expect(dumpDb(b)).toEqual(before)
  })
})

describe('a round in a bundle is a round as the workbench makes one', () => {
  /** A bundle of case n holding only its creation, as `payload` says it was created, exported by Ann. */
  function created(ann: Auditor, payload: Record<string, unknown>, id = CASE): Buffer {
    const fields = {
      caseId: id,
      caseSeq: 1,
      casePrev: CASE_GENESIS,
      at: '2026-11-24T09:00:00.000Z',
      actor: 'Ann',
      action: 'case.create',
      payload: JSON.stringify(payload)
    }
    const caseHash = caseEntryHash({ ...fields, signature: null })
    return writeBundle({
      case: { id, title: 'n' },
      scheme: { id: String(payload['schemeId']), version: String(payload['schemeVersion']) },
      exporter: { name: ann.name, key: ann.key },
      exportedAt: '2026-11-24T09:00:00.000Z',
      entries: [
        { ...fields, caseHash, format: 2, seq: 1, prevHash: CASE_GENESIS, hash: caseHash, signature: null }
      ],
      roster: [{ name: ann.name, publicKey: ann.key.publicKey, fingerprint: ann.key.fingerprint }],
      files: [],
      documents: []
    })
  }

  it('a case id that case create refuses (a path, a right-to-left override): refused, as case create refuses it', async () => {
    const ann = newAuditor('Ann')
    const b = machine(ann)
    const integrator = { schemeId: 'scs-integrator-iaas', schemeVersion: 'v2', title: 'n' }
    expect(() => b.createCase({ id: '../acme', ...integrator })).toThrow(/A case id is 1–64 letters/)
    for (const id of ['../acme', 'acme\u202Eduolc'])
      await expect(open(b, created(ann, integrator, id))).rejects.toThrow(
        /^n\.awcase: manifest\.json: the case id ".*" is not one case create takes: 1–64 letters, digits, "\.", "_" or "-", starting with a letter or digit$/
      )
    expect(b.cases.list()).toEqual([])
  })

  it('round 7 after a first round, or a round after a case of another scheme: refused, naming the entry', async () => {
    const ann = newAuditor('Ann')
    const b = machine(ann)
    b.createCase({ id: 'm', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
    b.createCase({ id: 'x', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const integrator = { schemeId: 'scs-integrator-iaas', schemeVersion: 'v2', title: 'n' }
    await expect(open(b, created(ann, { ...integrator, round: 7, previousCaseId: 'm' }))).rejects.toThrow(
      /^n\.awcase: log\.jsonl line 1 \(case entry 1, case\.create by Ann\): the case is created as round 7 after case m, which is round 1 here; the next round is 2/
    )
    await expect(open(b, created(ann, { ...integrator, round: 2, previousCaseId: 'x' }))).rejects.toThrow(
      /case\.create by Ann\): the case is a round after case x, which is for scs-compatible-iaas; the next round must be for the same scheme, not scs-integrator-iaas/
    )
    expect(b.cases.find(CASE)).toBeNull()
    // as the workbench makes it: the next round of m
    expect((await open(b, created(ann, { ...integrator, round: 2, previousCaseId: 'm' }))).outcome).toBe(
      'created'
    )
    expect(b.cases.get(CASE)).toMatchObject({ round: 2, previousCaseId: 'm' })
  })
})

describe('bundle import, holder and take-back through the CLI', () => {
  it('hands over, opens the bundle on the other machine, shows the holder, refuses an older bundle, takes back', async () => {
    const dir = tempDir()
    const dbA = join(dir, 'a.sqlite')
    const dbB = join(dir, 'b.sqlite')
    const ann = keyFile('Ann')
    const bob = keyFile('Bob')
    for (const db of [dbA, dbB])
      for (const [name, k] of [
        ['Ann', ann],
        ['Bob', bob]
      ] as const)
        expect(
          (await cli('identity', 'add', '--db', db, '--name', name, '--pubkey', `${k.file}.pub`)).code
        ).toBe(EXIT.ok)
    const ws = openWorkspace({ dbPath: dbA, resourcesDir: RESOURCES, actor: 't', clock: testClock })
    ws.createCase({ id: CASE, schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
    const f = readdirSync(DIR).sort()[0]!
    await ws.importOne(CASE, { name: f, bytes: readFileSync(join(DIR, f)) })
    ws.close()
    const first = join(dir, 'first.awcase')
    const x = await cli(
      'bundle',
      'export',
      '--db',
      dbA,
      '--case',
      CASE,
      '--out',
      first,
      '--key',
      ann.file,
      '--hand-over'
    )
    expect(x.code).toBe(EXIT.ok)
    expect(x.out).toMatch(/Case n is handed over: nothing is recorded on it here until a bundle comes back/)
    expect((await cli('bundle', 'holder', '--db', dbA, '--case', CASE)).out).toMatch(
      /^Case n is handed over \(by Ann at 2026-11-24T09:00:00.000Z\)/
    )

    const imp = await cli('bundle', 'import', '--db', dbB, first)
    expect(imp.err).toBe('')
    expect(imp.code).toBe(EXIT.ok)
    expect(imp.out).toMatch(
      /^Case n created from Ann's bundle of .*: 3 entries replayed, up to case entry 3 \(case.hand-over by Ann\)/
    )
    expect((await cli('bundle', 'import', '--db', dbB, first)).out).toMatch(/already at the bundle's head/)
    expect((await cli('bundle', 'holder', '--db', dbB, '--case', CASE)).out).toMatch(
      /Case n is held here\.\n.*\n {2}last bundle received: from Ann/
    )
    expect((await cli('audit-log', 'verify', '--db', dbB, '--case', CASE)).code).toBe(EXIT.ok)

    // B acts and hands back; A took the case back meanwhile: diverged, exit code 3, the conflict listed
    expect((await cli('review', 'submit', '--db', dbB, '--case', CASE, '--key', bob.file)).code).toBe(EXIT.ok)
    const back = join(dir, 'back.awcase')
    expect(
      (
        await cli(
          'bundle',
          'export',
          '--db',
          dbB,
          '--case',
          CASE,
          '--out',
          back,
          '--key',
          bob.file,
          '--hand-over'
        )
      ).code
    ).toBe(EXIT.ok)
    const took = await cli(
      'bundle',
      'take-back',
      '--db',
      dbA,
      '--case',
      CASE,
      '--reason',
      'urgent',
      '--key',
      ann.file
    )
    expect(took.code).toBe(EXIT.ok)
    const div = await cli('bundle', 'import', '--db', dbA, back)
    expect(div.code).toBe(EXIT.rejected)
    expect(div.out).toMatch(/Refused: case n diverged after case entry 3 \(case.hand-over by Ann\)/)
    expect(div.out).toMatch(/here: {3}#4 .* Ann: case.take-back: urgent/)
    expect(div.out).toMatch(/bundle: #4 .* Bob: review.submit/)
  })
})

describe('the per-case chain in the workspace file (migration v80)', () => {
  it('an insider who moves an entry in its case chain, or edits its case hash, is caught by the chain check', async () => {
    const ann = newAuditor('Ann')
    const a = machine(ann)
    await preparedCase(a, ann)
    const edit = (sql: string): void => tamper(a, `DROP TRIGGER IF EXISTS audit_log_no_update; ${sql}`)
    expect(a.audit.check().broken).toBeNull()
    const decision = chain(a).find((e) => e.action === 'decision')!
    edit(
      `UPDATE audit_log SET case_seq = case_seq + 10 WHERE case_id = '${CASE}' AND case_seq = ${decision.caseSeq}`
    )
    expect(a.audit.check().broken?.reason).toMatch(/its place in case n's chain is broken/)
    edit(
      `UPDATE audit_log SET case_seq = case_seq - 10 WHERE case_id = '${CASE}' AND case_seq = ${decision.caseSeq + 10};
       UPDATE audit_log SET case_hash = '${'0'.repeat(64)}' WHERE case_id = '${CASE}' AND case_seq = ${decision.caseSeq}`
    )
    expect(a.audit.check().broken?.reason).toMatch(/edited after it was written|case hash does not match/)
  })
})
