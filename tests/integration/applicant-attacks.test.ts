/**
 * Issue 13, attacks by an applicant (I1–I5): each test performs the attack and checks that it is refused
 * or flagged, with nothing half-stored.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { createInflateRaw, deflateRawSync, constants } from 'node:zlib'
import { createTestWorkspace, dumpDb, reportYaml } from '../helpers/workspace'
import { FIXTURES, RESOURCES, tempDir } from '../helpers/paths'
import { rejection } from '../helpers/errors'
import { handZip } from '../helpers/hand-zip'
import { testClock } from '../helpers/clock'
import type { Workspace } from '../../src/main/workspace'
import { mainTestcases } from '../../src/shared/domain/scope'
import { parseFile } from '../../src/main/import/parse'
import { checkSignature, parseAllowedSigners } from '../../src/main/import/sshsig'
import { DomainError } from '../../src/main/errors'
import { onFile } from '../helpers/insider'
import type { InputError } from '../../src/shared/format/input-error'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
let ws: Workspace & { dir: string }
afterEach(() => ws?.close())

/** Imports `file` into case `caseId`: it must be refused, and the workspace stay exactly as it was. */
async function refusedImport(caseId: string, file: { name: string; bytes: Uint8Array }): Promise<InputError> {
  const before = dumpDb(ws)
  const e = await rejection(ws.importOne(caseId, file))
  expect(dumpDb(ws)).toEqual(before)
  return e
}

const IAAS_YAML = readFileSync(join(RESOURCES, 'schemes/scs-compatible-iaas.yaml'), 'utf8')
/** the built-in IaaS scope file, same uuid and timeline, with scs-0101-entropy-avail moved to preview */
const REDEFINED = IAAS_YAML.replace(
  '    targets:\n      main:\n      - scs-0101-entropy-avail\n      - scs-0101-fips-test\n',
  '    targets:\n      main:\n      - scs-0101-fips-test\n      preview:\n      - scs-0101-entropy-avail\n'
)

function v51Results(overrides: Record<string, number>, drop: string[] = []): Record<string, number> {
  const tcs = mainTestcases(ws.schemes.get('scs-compatible-iaas').scope, 'v5.1')
  const out: Record<string, number> = {}
  for (const t of tcs) if (!drop.includes(t)) out[t] = 1
  return { ...out, ...overrides }
}

describe('I1 and §4: a case import never touches a scheme', () => {
  function twoCases(): void {
    ws = createTestWorkspace()
    ws.createCase({ id: 'victim', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    ws.createCase({ id: 'other', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  }
  const evaluation = (id: string): string =>
    ws.caseDetail(id).evaluations.find((e) => e.version === 'v5.1' && e.subject === 'test-cloud')!.outcome

  it('the attack file really redefines v5.1 (so the test below can fail)', () => {
    expect(REDEFINED).not.toBe(IAAS_YAML)
  })

  it('an applicant "report" that is the IaaS scope with entropy moved to preview is refused; no verdict changes', async () => {
    twoCases()
    await ws.importOne('victim', {
      name: 'victim.yaml',
      bytes: enc(reportYaml({ results: v51Results({ 'scs-0101-entropy-avail': -1 }) }))
    })
    await ws.importOne('other', {
      name: 'other.yaml',
      bytes: enc(
        reportYaml({
          runUuid: '22222222-2222-3333-4444-555555555555',
          results: v51Results({ 'scs-0101-entropy-avail': -1 }, ['scs-0101-fips-test'])
        })
      )
    })
    expect(evaluation('victim')).toBe('FAIL')
    expect(evaluation('other')).toBe('FAIL')
    const before = { victim: ws.verdict('victim'), other: ws.verdict('other'), db: dumpDb(ws) }

    const e = await rejection(ws.importOne('victim', { name: 'report.yaml', bytes: enc(REDEFINED) }))
    expect(e.file).toBe('report.yaml')
    expect(e.reason).toMatch(/scheme definition.*a case import never changes a scheme/)

    expect(dumpDb(ws)).toEqual(before.db)
    expect(ws.verdict('victim')).toEqual(before.victim)
    expect(ws.verdict('other')).toEqual(before.other)
    expect(evaluation('victim')).toBe('FAIL')
  })

  it('an interop guideline is refused in a case import too', async () => {
    twoCases()
    const e = await refusedImport('victim', {
      name: 'g.json',
      bytes: readFileSync(join(RESOURCES, 'schemes/interop-2020.06.json'))
    })
    expect(e.reason).toMatch(/interop guideline 2020\.06.*never changes a scheme/)
  })

  it('scheme import shows the change to stable v5.1 and refuses it unless forced; the reason is logged', async () => {
    twoCases()
    const file = { name: 'scs-compatible-iaas.yaml', bytes: enc(REDEFINED) }
    const preview = await ws.previewScheme(file)
    expect(preview).toMatchObject({ outcome: 'updated', applied: false, schemeId: 'scs-compatible-iaas' })
    expect(preview.changes).toContainEqual({
      version: 'v5.1',
      text: 'v5.1: scs-0101-entropy-avail moves from main to preview in module scs-0101-v1',
      stable: true
    })
    const before = dumpDb(ws)
    const refused = await ws.importScheme(file).then(
      () => null,
      (error: unknown) => error
    )
    expect(refused).toBeInstanceOf(DomainError)
    expect((refused as DomainError).code).toBe('INPUT_REJECTED')
    expect((refused as DomainError).details).toMatchObject({
      file: 'scs-compatible-iaas.yaml',
      place: 'v5.1'
    })
    expect((refused as DomainError).message).toMatch(
      /stable version.*scs-0101-entropy-avail moves from main to preview/
    )
    expect(dumpDb(ws)).toEqual(before)

    await expect(ws.importScheme(file, { force: true, reason: '  ' })).rejects.toThrow(/needs a reason/)
    const shaBefore = ws.schemes.get('scs-compatible-iaas').sha256
    expect(ws.verdict('victim').schemeDefinitions).toEqual([{ id: 'scs-compatible-iaas', sha256: shaBefore }])
    const forced = await ws.importScheme(file, { force: true, reason: 'upstream errata 2026-11-20' })
    expect(forced).toMatchObject({ applied: true, forcedReason: 'upstream errata 2026-11-20' })
    const shaAfter = ws.schemes.get('scs-compatible-iaas').sha256
    expect(shaAfter).not.toBe(shaBefore)
    expect(forced.definitionAfter).toBe(shaAfter)
    const entry = ws.audit.check()
    expect(entry.broken).toBeNull()
    const logged = onFile(ws, (db) =>
      db
        .prepare<[], { action: string; payload: string }>(
          "SELECT * FROM audit_log WHERE action = 'scheme.import'"
        )
        .all()
    )
    expect(logged).toHaveLength(1)
    expect(JSON.parse(logged[0]!.payload)).toMatchObject({
      scheme: 'scs-compatible-iaas',
      forced: true,
      reason: 'upstream errata 2026-11-20',
      definitionBefore: shaBefore,
      definitionAfter: shaAfter
    })
    // the verdict names the definition it used
    expect(ws.verdict('victim').schemeDefinitions).toEqual([{ id: 'scs-compatible-iaas', sha256: shaAfter }])
  })

  it('a guideline version that is already stored cannot be replaced with other content unless forced', async () => {
    ws = createTestWorkspace()
    const g = JSON.parse(readFileSync(join(RESOURCES, 'schemes/interop-2020.06.json'), 'utf8')) as {
      capabilities: Record<string, { tests: Record<string, { flagged?: unknown }> }>
      components: { os_powered_compute: { capabilities: { required: string[] } } }
    }
    const cap = g.components.os_powered_compute.capabilities.required[0]!
    const test = Object.keys(g.capabilities[cap]!.tests)[0]!
    delete g.capabilities[cap]!.tests[test] // one required test fewer in 2020.06
    const file = { name: '2020.06.json', bytes: enc(JSON.stringify(g)) }
    const preview = await ws.previewScheme(file)
    expect(preview.changes.some((c) => c.stable && c.version === '2020.06')).toBe(true)
    const before = dumpDb(ws)
    await expect(ws.importScheme(file)).rejects.toThrow(/stable version of scheme openstack-powered-compute/)
    expect(dumpDb(ws)).toEqual(before)
    // the same guideline again changes nothing
    const same = await ws.importScheme({
      name: 'again.json',
      bytes: readFileSync(join(RESOURCES, 'schemes/interop-2020.06.json'))
    })
    expect(same).toMatchObject({ outcome: 'unchanged', applied: false, changes: [] })
  })
})

describe('I2 and §5: evidence from the future is refused at import', () => {
  function iaas(): void {
    ws = createTestWorkspace()
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  }

  it('a report checked_at 2099-01-01, all PASS, is refused naming the file, the place and the reason', async () => {
    iaas()
    const e = await refusedImport('c', {
      name: 'future.yaml',
      bytes: enc(reportYaml({ checkedAt: '2099-01-01 00:00:00', results: v51Results({}) }))
    })
    expect(e.file).toBe('future.yaml')
    expect(e.place).toBe('checked_at')
    expect(e.reason).toMatch(
      /2099-01-01T00:00:00 is later than the import time 2026-11-24T09:00:00.000Z plus 5 minutes/
    )
  })

  it('allows five minutes of clock skew, not more', async () => {
    iaas()
    const at = (checkedAt: string, run: string) =>
      ws.importOne('c', {
        name: `${run}.yaml`,
        bytes: enc(
          reportYaml({
            checkedAt,
            runUuid: `${run}1111111-2222-3333-4444-555555555555`,
            results: v51Results({})
          })
        )
      })
    await expect(at('2026-11-24 09:05:00', 'a')).resolves.toMatchObject({ kind: 'scs-report' })
    expect((await rejection(at('2026-11-24 09:05:01', 'b'))).place).toBe('checked_at')
    expect((await rejection(at('2026-11-24T11:05:01+02:00', 'c'))).place).toBe('checked_at')
  })

  it('a reference date after today (in the earliest time zone) is refused too', async () => {
    iaas()
    const text = (ref: string, run: string): Uint8Array =>
      enc(
        reportYaml({
          checkedAt: '2026-11-24 08:00:00',
          runUuid: `${run}1111111-2222-3333-4444-555555555555`,
          results: v51Results({})
        }).replace(/^reference_date: .*$/m, `reference_date: ${ref}`)
      )
    // 09:00 UTC is 23:00 in UTC+14: 2026-11-25 has not begun anywhere; 2026-11-26 certainly not
    await expect(ws.importOne('c', { name: 'a.yaml', bytes: text('2026-11-24', 'a') })).resolves.toBeTruthy()
    const e = await rejection(ws.importOne('c', { name: 'b.yaml', bytes: text('2026-11-26', 'b') }))
    expect(e).toMatchObject({ place: 'reference_date' })
  })

  it('a JUnit suite timestamp from the future is refused the same way', async () => {
    iaas()
    const xml = `<?xml version="1.0"?><testsuites>
      <testsuite name="a" hostname="demo-cloud" timestamp="2026-11-20T08:00:00"><testcase name="scs-0100-syntax-check"/></testsuite>
      <testsuite name="b" hostname="demo-cloud" timestamp="2099-01-01T00:00:00"><testcase name="scs-0101-entropy-avail"/></testsuite>
    </testsuites>`
    const e = await refusedImport('c', { name: 'junit.xml', bytes: enc(xml) })
    expect(e).toMatchObject({ file: 'junit.xml', place: 'testsuite[1] timestamp' })
    expect(e.reason).toMatch(/evidence from the future is refused/)
  })
})

/** Counts what a raw deflate stream inflates to, streaming (the test's own honest measure). */
function inflatedLength(data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const inf = createInflateRaw({ chunkSize: 1 << 20 })
    let n = 0
    inf.on('data', (c: Buffer) => (n += c.length))
    inf.on('end', () => resolve(n))
    inf.on('error', reject)
    inf.end(data)
  })
}

describe('I3 and §7: the zip guard counts the bytes actually inflated, streaming', () => {
  const GB15 = 1500 * 1024 * 1024
  // 1 MiB of zeros compressed once with a full flush (independent of what came before), repeated 1,500
  // times, then an empty final block: an honest deflate stream of 1.5 GiB in about 1.5 MB
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_FULL_FLUSH })
  const bomb = Buffer.concat([...Array.from({ length: 1500 }, () => block), Buffer.from([0x03, 0x00])])
  const workbook = deflateRawSync(Buffer.from('<workbook/>'))
  const xlsx = handZip([
    { name: 'xl/workbook.xml', data: workbook, method: 8, declared: 11 },
    { name: 'xl/worksheets/sheet1.xml', data: bomb, method: 8, declared: 1000 }
  ])

  it('the test archive is what it claims: one entry declares 1,000 bytes and inflates to 1.5 GiB', async () => {
    expect(xlsx.length).toBeLessThan(2_000_000)
    expect(await inflatedLength(bomb)).toBe(GB15)
  })

  it('is refused at the entry that lies, within a bounded memory, and names the entry and the reason', async () => {
    global.gc?.()
    const rss0 = process.memoryUsage().rss
    const e = await rejection(parseFile('bomb.xlsx', xlsx))
    const grown = process.memoryUsage().rss - rss0
    expect(e.file).toBe('bomb.xlsx')
    expect(e.place).toBe('zip entry "xl/worksheets/sheet1.xml"')
    expect(e.reason).toMatch(
      /declares 1000 bytes but inflates to more \(zip bomb\?\); inflating stopped after \d+ bytes/
    )
    // inflating stops after one 64 KiB chunk past the declaration; a loose bound, far below 1.5 GB
    expect(Number(/stopped after (\d+)/.exec(e.reason)![1])).toBeLessThanOrEqual(1000 + 64 * 1024)
    expect(grown).toBeLessThan(256 * 1024 * 1024)
  })

  it('an entry that inflates to less than it declares is refused as damaged', async () => {
    const zip = handZip([{ name: 'xl/workbook.xml', data: workbook, method: 8, declared: 500 }])
    const e = await rejection(parseFile('short.xlsx', zip))
    expect(e.reason).toMatch(/declares 500 bytes but holds 11/)
  })
})

describe('I4 and §7: allowed_signers options and the signer bound to the subject', () => {
  const sshKeygen = (args: string[], input?: Buffer) =>
    spawnSync('ssh-keygen', args, { input, encoding: 'buffer', env: { ...process.env, TZ: 'UTC' } })
  const dir = tempDir()
  const report = Buffer.from(
    reportYaml({
      subject: 'demo-cloud',
      checkedAt: '2026-11-23 08:00:00',
      results: { 'scs-0100-syntax-check': 1 }
    })
  )
  const keys = { user: join(dir, 'user'), ca: join(dir, 'ca'), other: join(dir, 'other') }
  const pub = (k: string): string => readFileSync(`${k}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
  const sigs: Record<string, string> = {}

  function sign(name: string, key: string): void {
    const file = join(dir, `${name}.yaml`)
    writeFileSync(file, report)
    const r = sshKeygen(['-Y', 'sign', '-f', key, '-n', 'report', file])
    expect(r.status, r.stderr.toString()).toBe(0)
    sigs[name] = readFileSync(`${file}.sig`, 'utf8')
  }

  function setUp(): void {
    if (sigs['plain']) return
    expect(spawnSync('ssh-keygen', ['-?']).error, 'ssh-keygen (openssh-client) is needed').toBeUndefined()
    for (const k of Object.values(keys))
      expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', k]).status).toBe(0)
    sign('plain', keys.user)
    // user certificates by the CA: for demo-cloud now, for another cloud, and one that expired
    const cert = (principal: string, validity: string, name: string): void => {
      const copy = join(dir, name)
      writeFileSync(copy, readFileSync(keys.user), { mode: 0o600 })
      writeFileSync(`${copy}.pub`, readFileSync(`${keys.user}.pub`))
      expect(
        sshKeygen(['-q', '-s', keys.ca, '-I', name, '-n', principal, '-V', validity, `${copy}.pub`]).status
      ).toBe(0)
      sign(name, `${copy}-cert.pub`)
    }
    cert('demo-cloud', '20260101:20270101', 'cert-ok')
    cert('other-cloud', '20260101:20270101', 'cert-other')
    cert('demo-cloud', '20250101:20250601', 'cert-expired')
  }

  /** [line of allowed_signers, signature] → ssh-keygen's and our decision for identity demo-cloud */
  const MATRIX: [string, string][] = [
    [`demo-cloud ${'{user}'}`, 'plain'],
    [`demo-cloud namespaces="report" {user}`, 'plain'],
    [`demo-cloud namespaces="file" {user}`, 'plain'],
    [`demo-cloud namespaces="file,rep*" {user}`, 'plain'],
    [`demo-cloud namespaces="file",valid-before="20250101" {user}`, 'plain'],
    [`other-cloud namespaces="file",valid-before="20250101" {user}`, 'plain'],
    [`demo-cloud valid-after="20270101" {user}`, 'plain'],
    [`demo-cloud valid-after="20260101" {user}`, 'plain'],
    [`demo-cloud valid-before="20250101" {user}`, 'plain'],
    [`demo-cloud valid-before="20261124090000Z" {user}`, 'plain'],
    [`demo-cloud valid-before="20261124085959Z" {user}`, 'plain'],
    [`demo-cloud valid-after="20261124090001Z" {user}`, 'plain'],
    [`demo-cloud valid-after="20270101",valid-before="20260101" {user}`, 'plain'],
    [`demo-cloud bogus-option {user}`, 'plain'],
    [`demo-cloud cert-authority {user}`, 'plain'],
    [`demo-cloud cert-authority {ca}`, 'cert-ok'],
    [`demo-cloud cert-authority {ca}`, 'cert-other'],
    [`demo-cloud cert-authority {ca}`, 'cert-expired'],
    [`demo-cloud cert-authority,namespaces="file" {ca}`, 'cert-ok'],
    [`demo-cloud {ca}`, 'cert-ok'],
    [`demo-cloud {user}`, 'cert-ok'],
    [`other-cloud {user}`, 'plain'],
    [`*-cloud {user}`, 'plain'],
    [`!demo-cloud,*-cloud {user}`, 'plain'],
    [`"demo-cloud,other-cloud" {user}`, 'plain'],
    [`other-cloud {user}\ndemo-cloud namespaces="file" {user}\ndemo-cloud {user}`, 'plain']
  ]

  it.each(MATRIX)('same decision as ssh-keygen -Y verify: %s with the %s signature', (line, sig) => {
    setUp()
    const text = line
      .replace('{user}', pub(keys.user))
      .replace(/\{user\}/g, pub(keys.user))
      .replace('{ca}', pub(keys.ca))
    const signers = join(dir, 'allowed_signers')
    writeFileSync(signers, `${text}\n`)
    const sigFile = join(dir, 'check.sig')
    writeFileSync(sigFile, sigs[sig]!)
    const openssh = sshKeygen(
      [
        '-Y',
        'verify',
        '-f',
        signers,
        '-I',
        'demo-cloud',
        '-n',
        'report',
        '-s',
        sigFile,
        '-Overify-time=20261124090000Z'
      ],
      report
    )
    const ours = checkSignature(sigs[sig]!, report, parseAllowedSigners(text), testClock(), 'demo-cloud')
    expect(ours.state === 'valid', `${ours.state}: ${ours.detail}`).toBe(openssh.status === 0)
  })

  it('a key of another provider, listed with namespaces="file",valid-before="20250101", does not make a demo-cloud report valid', async () => {
    setUp()
    ws = createTestWorkspace()
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    writeFileSync(
      join(ws.dir, 'allowed_signers'),
      `other-cloud namespaces="file",valid-before="20250101" ${pub(keys.user)}\n`
    )
    const r = await ws.importOne('c', {
      name: 'report.yaml',
      bytes: report,
      signature: { name: 'report.yaml.sig', bytes: enc(sigs['plain']!) }
    })
    expect(r.signature).not.toBe('valid')
    expect(
      ws
        .caseReview('c')
        .findings.some((f) => f.type === 'report-signature-invalid' || f.type === 'signer-subject-mismatch')
    ).toBe(true)
  })

  it('a trusted key whose principals do not include the report subject is a finding', async () => {
    setUp()
    ws = createTestWorkspace()
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    writeFileSync(join(ws.dir, 'allowed_signers'), `other-cloud ${pub(keys.user)}\n`)
    const r = await ws.importOne('c', {
      name: 'report.yaml',
      bytes: report,
      signature: { name: 'report.yaml.sig', bytes: enc(sigs['plain']!) }
    })
    expect(r).toMatchObject({ signature: 'wrong-subject', signer: 'other-cloud' })
    const f = ws.caseReview('c').findings.filter((x) => x.type === 'signer-subject-mismatch')
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ subject: 'demo-cloud', severity: 'major', evidence: 'report.yaml' })
  })
})

describe('I5 and §7: report and JUnit subjects follow the id rule; look-alikes are findings', () => {
  function iaas(): void {
    ws = createTestWorkspace()
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  }
  const junit = (hostname: string): Uint8Array =>
    enc(
      `<?xml version="1.0"?><testsuites><testsuite name="s" hostname="${hostname}" timestamp="2026-11-23T08:00:00"><testcase name="scs-0100-syntax-check"/></testsuite></testsuites>`
    )

  it.each([
    ['demo\u200b-cloud', /U\+200B \(an invisible format character\) at character 5/],
    ['dem\u043e-cloud', /U\+043E \(a Cyrillic letter\) at character 4/],
    ['\u202edemo-cloud', /U\+202E \(a bidirectional override\) at character 1/],
    ['demo cloud', /U\+0020 \(white space\)/],
    ['x'.repeat(201), /201 characters long; an id has at most 200/]
  ])('a report subject %j is refused', async (subject, reason) => {
    iaas()
    const e = await refusedImport('c', {
      name: 'r.yaml',
      bytes: enc(reportYaml({ subject: JSON.stringify(subject), results: { 'scs-0100-syntax-check': 1 } }))
    })
    expect(e.place).toBe('subject')
    expect(e.reason).toMatch(reason)
  })

  it('a JUnit hostname with a Cyrillic look-alike is refused', async () => {
    iaas()
    const e = await rejection(ws.importOne('c', { name: 'j.xml', bytes: junit('dem\u043e-cloud') }))
    expect(e).toMatchObject({ place: 'testsuite[0] hostname' })
    expect(e.reason).toMatch(/Cyrillic/)
  })

  it('an 8 MB JUnit hostname is refused and nothing is stored', async () => {
    iaas()
    const e = await refusedImport('c', { name: 'big.xml', bytes: junit('a'.repeat(8 * 1024 * 1024)) })
    expect(e.place).toBe('testsuite[0] hostname')
    expect(e.reason).toMatch(/8388608 characters long; an id has at most 200/)
    expect(e.reason.length).toBeLessThan(500) // the value itself is not echoed
  })

  it('a report and a JUnit run whose subjects look alike (demo-cloud, dem0-cloud) are a finding', async () => {
    iaas()
    await ws.importOne('c', {
      name: 'r.yaml',
      bytes: enc(reportYaml({ subject: 'demo-cloud', results: { 'scs-0100-syntax-check': 1 } }))
    })
    await ws.importOne('c', { name: 'j.xml', bytes: junit('dem0-cloud') })
    const f = ws.caseReview('c').findings.filter((x) => x.type === 'subject-confusable')
    expect(f).toHaveLength(1)
    expect(f[0]!.message).toMatch(/"dem0-cloud" and "demo-cloud" look alike/)
    expect(f[0]!.evidence).toBe('r.yaml, j.xml')
  })
})

describe('a self-assessment whose counts no number holds exactly', () => {
  const SELF = readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml'), 'utf8')

  it.each([
    ['regions: 1e300', 'regions: 1', 'regions'],
    ['availabilityZones: 9007199254740993', 'availabilityZones: 3', 'availabilityZones']
  ])(
    '%s is refused naming the file, the place and the reason, and the files after it are still imported',
    async (given, replaced, field) => {
      ws = createTestWorkspace()
      ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      const outs = await ws.importFiles('c', [
        { name: 'self.yaml', bytes: enc(SELF.replace(replaced, given)) },
        { name: 'report.yaml', bytes: enc(reportYaml({ results: { 'scs-0100-syntax-check': 1 } })) }
      ])
      expect(outs[0]).toMatchObject({
        ok: false,
        error: {
          code: 'INPUT_REJECTED',
          details: {
            file: 'self.yaml',
            place: `subjects[0].${field}`,
            reason: 'must be at most 9007199254740991'
          }
        }
      })
      // a SQLite error here stopped the whole batch ("Something went wrong"), or stored a rounded count
      expect(outs[1]).toMatchObject({ ok: true })
      expect(ws.caseFiles('c').map((f) => f.file)).toEqual(['report.yaml'])
    }
  )
})
