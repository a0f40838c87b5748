import { afterEach, describe, expect, it } from 'vitest'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import yaml from 'js-yaml'
import { createTestWorkspace, dumpDb, reportYaml, sampleReport } from '../helpers/workspace'
import { openWorkspace, type Workspace } from '../../src/main/workspace'
import { openDemoCase, DEMO_CASE_ID, demoReportText } from '../../src/main/services/demo'
import { InputError } from '../../src/shared/format/input-error'
import { RESOURCES, SHARED_FIXTURES } from '../helpers/paths'
import { mainTestcases } from '../../src/shared/domain/scope'
import { onFile, tamper } from '../helpers/insider'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
let ws: Workspace & { dir: string }
afterEach(() => ws?.close())

function withCase(): Workspace & { dir: string } {
  ws = createTestWorkspace()
  ws.createCase({ id: 'acme', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  return ws
}

describe('built-in schemes', () => {
  it('ships the SCS scopes (named by file), the OPC guideline 2020.06 and the SCS-0007 integrator schemes', () => {
    ws = createTestWorkspace()
    const list = ws.schemes.list()
    expect(list.map((s) => s.id)).toEqual([
      'openstack-powered-compute',
      'scs-compatible-iaas',
      'scs-compatible-kaas',
      'scs-integrator-iaas',
      'scs-integrator-kaas'
    ])
    expect(list[3]).toMatchObject({
      kind: 'scoring',
      versions: ['v2'],
      name: 'Certified SCS IaaS Integrator'
    })
    expect(list[0]).toMatchObject({ kind: 'interop-guideline', versions: ['2020.06'] })
    expect(list.every((s) => s.builtin)).toBe(true)
    const iaas = ws.schemes.get('scs-compatible-iaas')
    expect(iaas.uuid).toBe('50393e6f-2ae1-4c5c-a62c-3b75f2abef3f')
    // the versions a case may name (cases references scheme_versions); the criteria live in the definition
    const versions = onFile(ws, (db) =>
      db
        .prepare(
          "SELECT version FROM scheme_versions WHERE scheme_id = 'scs-compatible-iaas' ORDER BY position"
        )
        .pluck()
        .all()
    )
    expect(versions).toEqual(iaas.scope.versions.map((v) => v.version))
  })

  it('seeding again on reopen writes nothing', () => {
    ws = createTestWorkspace()
    const path = ws.dbPath
    const before = dumpDb(ws)
    ws.close()
    ws = Object.assign(openWorkspace({ dbPath: path, resourcesDir: RESOURCES, actor: 't' }), { dir: '' })
    expect(dumpDb(ws)).toEqual(before)
  })

  it('importing a newer scope file updates its scheme and keeps pruned versions', async () => {
    withCase()
    const doc = yaml.load(readFileSync(join(SHARED_FIXTURES, 'real/scs-compatible-iaas.yaml'), 'utf8'), {
      schema: yaml.CORE_SCHEMA
    }) as {
      timeline: { date: string; versions: Record<string, string> }[]
      versions: { version: string; include: unknown[]; stabilized_at?: string }[]
    }
    doc.timeline.unshift({ date: '2026-12-01', versions: { v6: 'effective', 'v5.1': 'warn' } })
    doc.versions = [
      { version: 'v6', include: ['scs-0100-v3.1'], stabilized_at: '2026-12-01' },
      ...doc.versions.filter((v) => v.version !== 'v3')
    ]
    const r = await ws.importScheme({ name: 'scs-compatible-iaas.yaml', bytes: enc(yaml.dump(doc)) })
    expect(r).toMatchObject({
      kind: 'scs-scope',
      outcome: 'updated',
      schemeId: 'scs-compatible-iaas',
      applied: true
    })
    const versions = ws.schemes.get('scs-compatible-iaas').versions
    expect(versions).toContain('v6')
    expect(versions).toContain('v3') // pruned from the new copy, kept for cases that refer to it
    // an older copy does not roll it back
    const old = await ws.importScheme({
      name: 'old.yaml',
      bytes: readFileSync(join(SHARED_FIXTURES, 'real/scs-compatible-iaas.yaml'))
    })
    expect(old).toMatchObject({ outcome: 'older', applied: false })
    expect(ws.schemes.get('scs-compatible-iaas').versions).toContain('v6')
  })

  it('a scope file with an unknown uuid adds a scheme named by its file', async () => {
    withCase()
    const text = readFileSync(join(SHARED_FIXTURES, 'real/scs-compatible-kaas.yaml'), 'utf8').replace(
      '1fffebe6-fd4b-44d3-a36c-fc58b4bb0180',
      '0fffebe6-fd4b-44d3-a36c-fc58b4bb0180'
    )
    await ws.importScheme({ name: 'my-custom-scope.yaml', bytes: enc(text) })
    expect(ws.schemes.get('my-custom-scope').uuid).toBe('0fffebe6-fd4b-44d3-a36c-fc58b4bb0180')
  })
})

describe('cases', () => {
  it('creates and lists a case, and logs it', () => {
    withCase()
    expect(ws.cases.list().map((c) => c.id)).toEqual(['acme'])
    expect(ws.audit.listForCase('acme').map((e) => e.action)).toEqual(['case.create'])
  })
  it.each([
    [{ id: 'acme', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' }, /already exists/],
    [{ id: 'x', schemeId: 'nope', schemeVersion: 'v1' }, /No scheme "nope"/],
    [{ id: 'x', schemeId: 'scs-compatible-iaas', schemeVersion: 'v9' }, /no version "v9"/],
    [{ id: '../etc', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' }, /case id/]
  ])('refuses %o', (input, message) => {
    withCase()
    expect(() => ws.createCase(input)).toThrow(message)
  })
})

describe('importing a compliance-check report', () => {
  it('stores reports, invocations and results, and returns a receipt', async () => {
    withCase()
    const r = await ws.importOne('acme', { name: 'scs-report-demo-cloud.yaml', bytes: sampleReport() })
    expect(r).toMatchObject({
      kind: 'scs-report',
      alreadyImported: false,
      subjects: ['demo-cloud'],
      signature: 'unsigned',
      scheme: { id: 'scs-compatible-iaas' }
    })
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(r.counts).toEqual({ accepted: 54, unknown: 0, missing: 0, duplicate: 0 })
    expect(ws.caseResults('acme')).toHaveLength(54)
    const detail = ws.caseDetail('acme', '2026-11-20')
    const v51 = detail.evaluations.find((e) => e.version === 'v5.1')!
    expect(v51.outcome).toBe('ABORT') // scs-0123-storage-apis did not finish
    expect(detail.files).toHaveLength(1)
    expect(ws.audit.listForCase('acme').map((e) => e.action)).toEqual(['case.create', 'import'])
  })

  it('is idempotent: the same bytes twice are recognised by hash', async () => {
    withCase()
    await ws.importOne('acme', { name: 'a.yaml', bytes: sampleReport() })
    const before = dumpDb(ws)
    const again = await ws.importOne('acme', { name: 'b.yaml', bytes: sampleReport() })
    expect(again.alreadyImported).toBe(true)
    expect(dumpDb(ws)).toEqual(before)
  })

  it('counts unknown and missing testcases', async () => {
    withCase()
    const mains = mainTestcases(ws.schemes.get('scs-compatible-iaas').scope, 'v5.1')
    const results = Object.fromEntries([...mains.slice(1).map((t) => [t, 1]), ['not-a-real-testcase', -1]])
    const r = await ws.importOne('acme', { name: 'r.yaml', bytes: enc(reportYaml({ results })) })
    expect(r.counts).toMatchObject({ accepted: mains.length - 1, unknown: 1, missing: 1 })
    expect(r.missingTestcases).toEqual([mains[0]])
    expect(r.unknownTestcases).toEqual(['not-a-real-testcase'])
  })

  it('a KaaS report in an IaaS case is stored and flagged as a version mismatch', async () => {
    withCase()
    const text = reportYaml({
      uuid: '1fffebe6-fd4b-44d3-a36c-fc58b4bb0180',
      results: { 'cncf-k8s-conformance': 1 }
    })
    const r = await ws.importOne('acme', { name: 'k.yaml', bytes: enc(text) })
    expect(r.scheme?.id).toBe('scs-compatible-kaas')
    expect(r.versionMismatches[0]).toMatch(/scs-compatible-kaas/)
  })

  describe('a rejected file leaves the database exactly as it was', () => {
    const cases: [string, () => string | Uint8Array, RegExp][] = [
      [
        'an unknown scope uuid',
        () => reportYaml({ uuid: '00000000-0000-0000-0000-000000000000', results: { a: 1 } }),
        /does not know/
      ],
      [
        'no testcase id fits the scope',
        () => reportYaml({ results: { foo: 1, bar: -1 } }),
        /none of the 2 testcase ids/
      ],
      [
        'a bad result value in the last document',
        () =>
          reportYaml({ results: { 'scs-0100-syntax-check': 1 } }) +
          '---\n' +
          reportYaml({ runUuid: 'x2', results: { 'scs-0100-syntax-check': 7 } }),
        /result must be/
      ],
      ['a truncated file', () => new TextDecoder().decode(sampleReport()).slice(0, 700), /./],
      ['an empty file', () => '', /empty/],
      ['invalid UTF-8', () => Uint8Array.from([0x73, 0x70, 0x65, 0x63, 0x3a, 0xff]), /UTF-8/]
    ]
    it.each(cases)('%s', async (_name, make, reason) => {
      withCase()
      await ws.importOne('acme', { name: 'ok.yaml', bytes: sampleReport() })
      const before = dumpDb(ws)
      const made = make()
      const bytes = typeof made === 'string' ? enc(made) : made
      const err = await ws.importOne('acme', { name: 'bad.yaml', bytes }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(InputError)
      expect((err as InputError).file).toBe('bad.yaml')
      expect((err as InputError).reason).toMatch(reason)
      expect(dumpDb(ws)).toEqual(before)
    })

    it('a duplicate run uuid from different bytes is a conflict', async () => {
      withCase()
      await ws.importOne('acme', { name: 'ok.yaml', bytes: sampleReport() })
      const before = dumpDb(ws)
      const changed = new TextDecoder()
        .decode(sampleReport())
        .replace('scs-0123-storage-apis: 0', 'scs-0123-storage-apis: 1')
      await expect(ws.importOne('acme', { name: 'again.yaml', bytes: enc(changed) })).rejects.toThrow(
        /duplicate run uuid/
      )
      expect(dumpDb(ws)).toEqual(before)
    })

    it('a failure inside the write transaction rolls the whole file back', async () => {
      withCase()
      const before = dumpDb(ws)
      tamper(
        ws,
        "CREATE TRIGGER boom BEFORE INSERT ON testcase_results WHEN NEW.testcase_id = 'scs-0123-swift-s3' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
      )
      await expect(ws.importOne('acme', { name: 'x.yaml', bytes: sampleReport() })).rejects.toThrow(
        /disk full/
      )
      tamper(ws, 'DROP TRIGGER boom')
      expect(dumpDb(ws)).toEqual(before)
    })
  })

  it('importMany goes on after a bad file and reports each', async () => {
    withCase()
    const out = await ws.importFiles('acme', [
      { name: 'bad.yaml', bytes: enc('nope: 1') },
      { name: 'good.yaml', bytes: sampleReport() }
    ])
    expect(out.map((o) => o.ok)).toEqual([false, true])
    const bad = out[0]!
    expect(!bad.ok && bad.error.details).toMatchObject({ file: 'bad.yaml', place: '(document root)' })
  })
})

describe('the demo case', () => {
  it('opens a realistic case with fresh evidence, once', async () => {
    ws = createTestWorkspace()
    const c = await openDemoCase(ws, RESOURCES)
    expect(c.id).toBe(DEMO_CASE_ID)
    expect(c.resultCount).toBe(54)
    const rows = ws.caseResults(DEMO_CASE_ID)
    expect(rows.every((r) => r.fresh)).toBe(true)
    expect(ws.caseDetail(DEMO_CASE_ID).evaluations.find((e) => e.version === 'v5.1')!.outcome).toBe('ABORT')
    await openDemoCase(ws, RESOURCES)
    expect(ws.cases.list()).toHaveLength(1)
  })

  it('is built whole or not at all: the second file failing as it is written leaves no demo case (issue 11 §5)', async () => {
    ws = createTestWorkspace()
    const before = dumpDb(ws)
    // the disk fills up (say) while the self-assessment, the second file, is written
    tamper(
      ws,
      "CREATE TRIGGER second_fails BEFORE INSERT ON submissions BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    await expect(openDemoCase(ws, RESOURCES)).rejects.toThrow(/disk is full/)
    tamper(ws, 'DROP TRIGGER second_fails')
    expect(ws.caseOf(DEMO_CASE_ID)).toBeNull()
    expect(dumpDb(ws)).toEqual(before)
    // and the next open builds it whole
    expect((await openDemoCase(ws, RESOURCES)).resultCount).toBe(54)
    expect(ws.caseFiles(DEMO_CASE_ID).map((f) => f.kind)).toEqual(['scs-report', 'self-assessment'])
  })

  it('is built whole or not at all: a refused second file leaves no demo case', async () => {
    ws = createTestWorkspace()
    const before = dumpDb(ws)
    const demo = join(ws.dir, 'resources')
    mkdirSync(join(demo, 'demo'), { recursive: true })
    copyFileSync(
      join(RESOURCES, 'demo', 'scs-report-demo-cloud.yaml'),
      join(demo, 'demo', 'scs-report-demo-cloud.yaml')
    )
    writeFileSync(join(demo, 'demo', 'self-assessment-demo-cloud.yaml'), 'subjects: [unclosed\n')
    await expect(openDemoCase(ws, demo)).rejects.toThrow(/self-assessment-demo-cloud\.yaml/)
    expect(ws.caseOf(DEMO_CASE_ID)).toBeNull()
    expect(dumpDb(ws)).toEqual(before)
  })

  it('completes a demo whose build was cut short instead of returning it half-built', async () => {
    ws = createTestWorkspace()
    // the state an interrupted first build leaves: the case and its report, no self-assessment
    ws.createCase({ id: DEMO_CASE_ID, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1', title: 'demo' })
    await ws.importOne(DEMO_CASE_ID, {
      name: 'scs-report-demo-cloud.yaml',
      bytes: new TextEncoder().encode(demoReportText(RESOURCES, ws.clock()))
    })
    await openDemoCase(ws, RESOURCES)
    expect(
      ws.evidence
        .listFiles(DEMO_CASE_ID)
        .map((f) => f.kind)
        .sort()
    ).toEqual(['scs-report', 'self-assessment'])
    expect(ws.cases.get(DEMO_CASE_ID).resultCount).toBe(54)
  })
})
