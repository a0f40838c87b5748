/**
 * The register (issue 17 §1–§3) on a real PostgreSQL: pushes that fast-forward, are unchanged, behind or
 * diverged (409 with the common head); holders; the roster as an administrator's signed act; two register
 * instances on one database under concurrent pushes; and every hostile request refused with its status and
 * nothing stored (row counts before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { PG_MISSING, PG_SKIP, startCluster, type TestCluster } from '../helpers/pg'
import { caseWithEvidence, sharedAuditor, startTestRegister, type TestRegister } from './register-helpers'
import { createTestWorkspace } from '../helpers/workspace'
import { exportCaseBundle } from '../../src/main/bundle/export'
import { openWorkspace, type Workspace } from '../../src/main/workspace'
import { FIXTURES, RESOURCES, tempDir } from '../helpers/paths'
import { readFileSync, writeFileSync } from 'node:fs'
import { parseAllowedSigners, signatureKey } from '../../src/main/import/sshsig'
import { testClock } from '../helpers/clock'
import { jsonRequest } from '../../src/main/register/client'
import { signRequest } from '../../src/main/register/auth'
import { listCertificates, registerCertificate, rowCounts } from '../../src/main/register/store'
import { certificateState } from '../../src/shared/register/status'
import type { Verdict } from '../../src/shared/domain/verdict-types'
import { createPrivateKeyFile, type OpenedKey } from '../../src/main/identity/openssh-key'
import type { Actor } from '../../src/main/identity/identities'

if (PG_SKIP) console.warn(PG_MISSING)

const opened: Workspace[] = []
let cluster: TestCluster
let reg: TestRegister
let ws: Workspace & { dir: string }
let ann: { key: OpenedKey; actor: Actor }
let bob: { key: OpenedKey; actor: Actor }

beforeAll(async () => {
  if (PG_SKIP) return
  cluster = await startCluster()
  reg = await startTestRegister(cluster, { instances: 2 })
  ws = createTestWorkspace()
  opened.push(ws)
  ann = await sharedAuditor(ws, reg, 'Ann')
  bob = await sharedAuditor(ws, reg, 'Bob')
  await caseWithEvidence(ws, 'c1')
})
afterAll(async () => {
  opened.forEach((w) => w.close())
  await reg?.close()
  cluster?.stop()
})

const push = (key: OpenedKey, caseId: string, bytes: Buffer, instance = 0) =>
  reg.client(key, instance).request('PUT', `/cases/${caseId}/bundle`, bytes)

describe.skipIf(PG_SKIP)('the register keeps cases: push must fast-forward', () => {
  it('creates, is idempotent, fast-forwards; a behind or diverged push is refused with the common head', async () => {
    const base = exportCaseBundle(ws, 'c1', ann.key)
    const first = await push(ann.key, 'c1', base.bytes)
    expect(first.status, first.body.toString()).toBe(201)
    expect(first.json).toMatchObject({ outcome: 'created', head: { seq: base.head.seq } })
    // the same log again, through the other instance: nothing new stored
    const again = await push(ann.key, 'c1', base.bytes, 1)
    expect(again.json).toMatchObject({ outcome: 'unchanged' })
    expect((await rowCounts(reg.pool)).bundles).toBe(1)

    // a copy of the workspace at the base; then each goes its own way
    const copyFile = join(ws.dir, 'copy.sqlite')
    ws.backup(copyFile)
    const other = openWorkspace({
      dbPath: copyFile,
      resourcesDir: RESOURCES,
      actor: 'test-auditor',
      clock: testClock
    })
    opened.push(other)

    ws.review('c1', 'submit', ann.actor)
    const ahead = exportCaseBundle(ws, 'c1', ann.key)
    const ff = await push(ann.key, 'c1', ahead.bytes, 1)
    expect(ff.status, ff.body.toString()).toBe(200)
    expect(ff.json).toMatchObject({ outcome: 'fast-forward', head: { seq: ahead.head.seq } })

    // the stored bytes are the pushed bytes
    const pulled = await reg.client(bob.key).request('GET', '/cases/c1/bundle')
    expect(pulled.status).toBe(200)
    expect(pulled.body.equals(ahead.bytes)).toBe(true)

    const behind = await push(ann.key, 'c1', base.bytes)
    expect(behind.status).toBe(409)
    expect(behind.json).toMatchObject({ error: 'BEHIND', registerHead: { seq: ahead.head.seq } })

    other.review('c1', 'submit', other.identities.actorFor(bob.key))
    const diverged = exportCaseBundle(other, 'c1', bob.key)
    const refused = await push(bob.key, 'c1', diverged.bytes)
    expect(refused.status).toBe(409)
    expect(refused.json).toMatchObject({
      error: 'DIVERGED',
      registerHead: { seq: ahead.head.seq, entries: base.entries + 1 },
      commonHead: { seq: base.head.seq, key: base.head.hash, entries: base.entries }
    })
    expect((await rowCounts(reg.pool)).bundles).toBe(2)
  })

  it('check-out makes the holder the only pusher, visible to all; check-in frees it', async () => {
    const out = await reg.client(ann.key).request('POST', '/cases/c1/checkout')
    expect(out.status, out.body.toString()).toBe(200)
    const list = await reg.client(bob.key, 1).request('GET', '/cases')
    expect(
      (list.json!['cases'] as { caseId: string; holder: { name: string } }[]).find((c) => c.caseId === 'c1')
        ?.holder?.name
    ).toBe('Ann')
    expect((await reg.client(bob.key).request('POST', '/cases/c1/checkout')).status).toBe(409)
    expect((await reg.client(bob.key).request('POST', '/cases/c1/checkin')).status).toBe(409)
    const bobPush = await push(bob.key, 'c1', exportCaseBundle(ws, 'c1', bob.key).bytes)
    expect(bobPush.status).toBe(409)
    expect(bobPush.json!['message']).toMatch(/checked out by Ann/)
    expect((await reg.client(ann.key).request('POST', '/cases/c1/checkin')).status).toBe(200)
  })

  it('a bundle whose roster names an auditor the register does not hold is refused, nothing stored', async () => {
    const w = createTestWorkspace()
    opened.push(w)
    const { key } = createPrivateKeyFile('Eve', null)
    w.identities.register('Eve', key.publicKey, null)
    await caseWithEvidence(w, 'c-eve')
    const before = await rowCounts(reg.pool)
    const r = await push(ann.key, 'c-eve', exportCaseBundle(w, 'c-eve', key).bytes)
    expect(r.status).toBe(403)
    expect(r.json!['message']).toMatch(/"Eve".*does not hold/)
    expect({ ...(await rowCounts(reg.pool)), nonces: 0 }).toEqual({ ...before, nonces: 0 })
  })

  it('a tampered bundle is refused by the bundle reader (422), nothing stored', async () => {
    const bytes = Buffer.from(exportCaseBundle(ws, 'c1', ann.key).bytes)
    const at = bytes.indexOf('case.create')
    bytes[at] = 'C'.charCodeAt(0)
    const before = await rowCounts(reg.pool)
    const r = await push(ann.key, 'c1', bytes)
    expect(r.status).toBe(422)
    expect(r.json!['message']).toMatch(/c1\.awcase: log\.jsonl: .*SHA-256/)
    expect({ ...(await rowCounts(reg.pool)), nonces: 0 }).toEqual({ ...before, nonces: 0 })
  })
})

describe.skipIf(PG_SKIP)('two register instances on one database', () => {
  it('concurrent pushes of many cases and of one case through both: none lost, none duplicated', async () => {
    const w = createTestWorkspace()
    opened.push(w)
    const carl = await sharedAuditor(w, reg, 'Carl')
    const ids = Array.from({ length: 6 }, (_, i) => `par-${i}`)
    for (const id of ids) await caseWithEvidence(w, id)
    const bundles = ids.map((id) => exportCaseBundle(w, id, carl.key).bytes)
    const before = (await rowCounts(reg.pool)).bundles
    // every case pushed twice at once, once to each instance
    const answers = await Promise.all(
      ids.flatMap((id, i) => [push(carl.key, id, bundles[i]!, 0), push(carl.key, id, bundles[i]!, 1)])
    )
    const outcomes = answers.map((a) => a.json?.['outcome'])
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(ids.length)
    expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(ids.length)
    expect((await rowCounts(reg.pool))['bundles']! - before!).toBe(ids.length)
  })
})

describe.skipIf(PG_SKIP)('roster: adding an auditor is an administrator signed act', () => {
  it('an auditor key cannot add to the roster (403); the administrator can; a name is taken once', async () => {
    const { key } = createPrivateKeyFile('Dora', null)
    const before = await rowCounts(reg.pool)
    const byAnn = await jsonRequest(reg.client(ann.key), 'POST', '/roster', {
      name: 'Dora',
      publicKey: key.publicKey
    })
    expect(byAnn.status).toBe(403)
    expect((await rowCounts(reg.pool)).roster).toBe(before.roster)
    const ok = await jsonRequest(reg.client(reg.admin), 'POST', '/roster', {
      name: 'Dora',
      publicKey: key.publicKey
    })
    expect(ok.status).toBe(201)
    const twice = await jsonRequest(reg.client(reg.admin), 'POST', '/roster', {
      name: 'dora',
      publicKey: createPrivateKeyFile('x', null).key.publicKey
    })
    expect(twice.status).toBe(409)
    const acts = await reg.pool.query(
      `SELECT actor, action, signature FROM acts WHERE action = 'roster.add' AND subject = $1`,
      [key.fingerprint]
    )
    expect(acts.rows).toHaveLength(1)
    expect(acts.rows[0].signature).toMatch(/BEGIN SSH SIGNATURE/)
  })
})

describe.skipIf(PG_SKIP)('hostile requests are refused with the right status and store nothing', () => {
  const url = () => `${reg.urls[0]}/cases/c-hostile/bundle`
  let bundle: Buffer
  beforeAll(async () => {
    await caseWithEvidence(ws, 'c-hostile')
    bundle = exportCaseBundle(ws, 'c-hostile', ann.key).bytes
  })
  const attempt = async (
    headers: Record<string, string>,
    body: Buffer = bundle
  ): Promise<{ status: number; message: string; stored: boolean }> => {
    const before = await rowCounts(reg.pool)
    const r = await fetch(url(), { method: 'PUT', headers, body })
    const json = (await r.json()) as { message: string }
    const after = await rowCounts(reg.pool)
    const { nonces: _a, ...b } = before
    const { nonces: _b, ...a } = after
    void _a
    void _b
    return {
      status: r.status,
      message: json.message,
      stored: JSON.stringify(a) !== JSON.stringify(b) || after.nonces !== before.nonces
    }
  }
  const signed = (key: OpenedKey, body: Buffer = bundle, at: Date = testClock()) =>
    signRequest(key, 'PUT', '/cases/c-hostile/bundle', body, at)

  it('unsigned → 401', async () => {
    expect(await attempt({})).toMatchObject({
      status: 401,
      stored: false,
      message: expect.stringMatching(/not signed/)
    })
  })
  it('a bad signature (signed over other bytes) → 401', async () => {
    const h = signed(ann.key, Buffer.from('other body'))
    const r = await attempt({ ...h, 'x-aw-content-sha256': signed(ann.key)['x-aw-content-sha256']! })
    expect(r).toMatchObject({
      status: 401,
      stored: false,
      message: expect.stringMatching(/signature does not hold/)
    })
  })
  it('a body that is not the signed one → 401', async () => {
    expect(await attempt(signed(ann.key, Buffer.from('other body')))).toMatchObject({
      status: 401,
      stored: false,
      message: expect.stringMatching(/not the signed/)
    })
  })
  it('a key the roster does not hold → 403', async () => {
    const stranger = createPrivateKeyFile('Mallory', null).key
    expect(await attempt(signed(stranger))).toMatchObject({
      status: 403,
      stored: false,
      message: expect.stringMatching(/not on the register's roster/)
    })
  })
  it('a stale date → 401', async () => {
    const h = signed(ann.key, bundle, new Date(testClock().getTime() - 10 * 60 * 1000))
    expect(await attempt(h)).toMatchObject({
      status: 401,
      stored: false,
      message: expect.stringMatching(/at most 300 s/)
    })
  })
  it('a replayed request (same nonce) → 401, the second time nothing stored', async () => {
    const h = signed(ann.key)
    const first = await fetch(url(), { method: 'PUT', headers: h, body: bundle })
    expect(first.status).toBe(201)
    expect(await attempt(h)).toMatchObject({
      status: 401,
      stored: false,
      message: expect.stringMatching(/replayed/)
    })
  })
  it('an oversize body → 413, nothing stored', async () => {
    const small = await startTestRegister(cluster, { maxBody: 4096 })
    try {
      const key = await small.auditor('Ann', ann.key)
      const before = await rowCounts(small.pool)
      const r = await small.client(key).request('PUT', '/cases/c-hostile/bundle', bundle)
      expect(r.status).toBe(413)
      // an unsigned one is refused on its headers: its body is never read
      const unsigned = await fetch(`${small.urls[0]}/cases/c-hostile/bundle`, { method: 'PUT', body: bundle })
      expect(unsigned.status).toBe(401)
      expect(await rowCounts(small.pool)).toEqual(before)
    } finally {
      await small.close()
    }
  })
})

describe.skipIf(PG_SKIP)("a pushed report's own signature is checked against the body's trust list", () => {
  const SIGNED = join(FIXTURES, 'signed')
  const bodySigners = parseAllowedSigners(readFileSync(join(SIGNED, 'allowed_signers'), 'utf8'))
  /** a case whose signed report was imported in a workspace trusting `signers` (its own allowed_signers) */
  async function signedCase(id: string, sig: string, signers: string): Promise<Buffer> {
    const dir = tempDir('aw-reg-sig-')
    writeFileSync(join(dir, 'allowed_signers'), signers)
    const w = openWorkspace({
      dbPath: join(dir, 'workspace.sqlite'),
      resourcesDir: RESOURCES,
      actor: 'test-auditor',
      clock: testClock
    })
    opened.push(w)
    for (const a of [ann]) w.identities.register('Ann', a.key.publicKey, null)
    w.createCase({ id, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await w.importOne(id, {
      name: 'report.yaml',
      bytes: readFileSync(join(SIGNED, 'report.yaml')),
      signature: { name: 'report.yaml.sig', bytes: readFileSync(join(SIGNED, sig)) }
    })
    return exportCaseBundle(w, id, ann.key).bytes
  }
  const stranger = (): string => {
    const blob = signatureKey(readFileSync(join(SIGNED, 'stranger.sig'), 'utf8'))!
    const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString()
    return `demo-cloud ${type} ${blob.toString('base64')}\n`
  }

  it("a report signed by a key only the pusher's workspace trusts is refused (422, naming the file), nothing stored", async () => {
    const strict = await startTestRegister(cluster, { allowedSigners: bodySigners })
    try {
      await strict.auditor('Ann', ann.key)
      // the insider's workspace trusts the forger's key: there the report is "valid"
      const forged = await signedCase('sig-forged', 'stranger.sig', stranger())
      const before = await rowCounts(strict.pool)
      const r = await strict.client(ann.key).request('PUT', '/cases/sig-forged/bundle', forged)
      expect(r.status, r.body.toString()).toBe(422)
      expect(r.json!['message']).toMatch(
        /files\/[0-9a-f]{64} \(report\.yaml, signature report\.yaml\.sig\): .*"demo-cloud" is unknown-key against the body's trust list/
      )
      expect(r.json!['file']).toBe('report.yaml')
      expect({ ...(await rowCounts(strict.pool)), nonces: 0 }).toEqual({ ...before, nonces: 0 })
      // a report signed by a key the body trusts goes in, its results with it
      const good = await signedCase(
        'sig-good',
        'ed25519.sig',
        readFileSync(join(SIGNED, 'allowed_signers'), 'utf8')
      )
      const ok = await strict.client(ann.key).request('PUT', '/cases/sig-good/bundle', good)
      expect(ok.status, ok.body.toString()).toBe(201)
      expect((await rowCounts(strict.pool)).results).toBeGreaterThan(0)
    } finally {
      await strict.close()
    }
  })

  it('a register without a trust list of report signers refuses a signed report it cannot check', async () => {
    const good = await signedCase(
      'sig-unchecked',
      'ed25519.sig',
      readFileSync(join(SIGNED, 'allowed_signers'), 'utf8')
    )
    const before = await rowCounts(reg.pool)
    const r = await push(ann.key, 'sig-unchecked', good)
    expect(r.status).toBe(422)
    expect(r.json!['message']).toMatch(/report\.yaml.*without --allowed-signers/)
    expect({ ...(await rowCounts(reg.pool)), nonces: 0 }).toEqual({ ...before, nonces: 0 })
  })
})

describe.skipIf(PG_SKIP)('one certificate per subject × scope × version (SCS-0004)', () => {
  it('a newer certificate supersedes an older unrevoked one that shares a subject, of the same scope and version only', async () => {
    const signed = {
      fingerprint: 'SHA256:t',
      message: 'm',
      signature: 's',
      nonce: 'n',
      date: 'd',
      bodySha256: 'b'
    }
    const verdict = (id: string, subjects: string[], day: string, version = 'v5.1') =>
      ({
        caseId: 'c1',
        scheme: 'scs-compatible-iaas',
        schemeName: 'SCS-compatible IaaS',
        schemeVersion: version,
        outcome: 'pass',
        outcomeName: 'Certified',
        subjects: subjects.map((s) => ({ id: s })),
        decisionDate: day,
        validUntil: null,
        files: [],
        criteria: []
      }) as unknown as Verdict
    const register = (id: string, subjects: string[], day: string, version?: string) =>
      registerCertificate(
        reg.pool,
        {
          verdict: verdict(id, subjects, day, version),
          verdictId: id,
          verdictSha256: id,
          signerFingerprint: 'AB',
          pdf: Buffer.from('%PDF'),
          pdfSha256: id
        },
        signed,
        'Ann',
        testClock()
      )
    await register('AW-revoked', ['cloud-y'], '2026-11-19')
    await reg.pool.query(`INSERT INTO revocations SELECT 'AW-revoked', 'r', 'Ann', now(), max(id) FROM acts`)
    await register('AW-old', ['cloud-x', 'cloud-y'], '2026-11-20')
    await register('AW-other', ['cloud-z'], '2026-11-20')
    await register('AW-v4', ['cloud-y'], '2026-11-20', 'v4')
    const fresh = await register('AW-new', ['cloud-y'], '2026-11-24')
    expect(fresh.supersededBy).toBeNull()
    const by = Object.fromEntries(
      (await listCertificates(reg.pool)).map((c) => [c.verdictId, c.supersededBy])
    )
    expect(by).toMatchObject({
      'AW-old': 'AW-new',
      'AW-other': null,
      'AW-v4': null,
      'AW-revoked': null,
      'AW-new': null
    })
    const old = (await listCertificates(reg.pool)).find((c) => c.verdictId === 'AW-old')!
    expect(certificateState(old, testClock())).toBe('superseded')
  })
})
