import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import yaml from 'js-yaml'
import { createTestWorkspace, dumpDb } from '../helpers/workspace'
import { testClock } from '../helpers/clock'
import { FIXTURES, SHARED_FIXTURES, tempDir } from '../helpers/paths'
import { rejection } from '../helpers/errors'
import { deflatedZip } from '../helpers/hand-zip'
import { parseFile } from '../../src/main/import/parse'
import { buildTemplate } from '../../src/main/import/xlsx'
import { checkSignature, parseAllowedSigners } from '../../src/main/import/sshsig'
import { openWorkspace, type Workspace } from '../../src/main/workspace'
import { RESOURCES } from '../helpers/paths'
import { onFile } from '../helpers/insider'

const read = (...p: string[]): Buffer => readFileSync(join(...p))
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
let ws: Workspace & { dir?: string }
afterEach(() => ws?.close())
/** imports the file at `path` into case `caseId` of `ws`, under the name `name` */
const importFile = (caseId: string, name: string, ...path: string[]) =>
  ws.importOne(caseId, { name, bytes: read(...path) })

function iaasCase(id = 'c'): Workspace {
  ws = createTestWorkspace()
  ws.createCase({ id, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  return ws
}

describe('the real public files in ../shared/fixtures/real', () => {
  // scs-0104-v1-images-v5.yaml is the image_spec parameter of module scs-0104-v1-2, not an input an auditor receives
  const NOT_AN_INPUT = new Set(['scs-0104-v1-images-v5.yaml'])
  const files = readdirSync(join(SHARED_FIXTURES, 'real')).filter((f) => !NOT_AN_INPUT.has(f))
  it.each(files)('%s is a scheme file: scheme import reads it, a case import refuses it', async (f) => {
    iaasCase()
    const bytes = read(SHARED_FIXTURES, 'real', f)
    const preview = await ws.previewScheme({ name: f, bytes })
    expect(['scs-scope', 'interop-guideline']).toContain(preview.kind)
    const e = await rejection(ws.importOne('c', { name: f, bytes }))
    expect(e.reason).toMatch(/a case import never changes a scheme/)
  })
  it('the image spec is refused with a plain reason, not a crash', async () => {
    iaasCase()
    const e = await rejection(
      importFile('c', 'scs-0104-v1-images-v5.yaml', SHARED_FIXTURES, 'real/scs-0104-v1-images-v5.yaml')
    )
    expect(e.reason).toMatch(/not a recognised format/)
  })
})

describe('self-assessment submissions (YAML and JSON)', () => {
  it('imports a scope self-assessment, stores subjects and claims, and keeps unknown keys aside', async () => {
    iaasCase()
    const r = await importFile('c', 'sa.yaml', FIXTURES, 'self-assessment/iaas-demo-cloud.yaml')
    expect(r.kind).toBe('self-assessment')
    expect(r.subjects).toEqual(['demo-cloud'])
    expect(r.counts.accepted).toBe(6)
    expect(r.missingTestcases).toContain('scs-0103-v1') // criteria of v5.1 without an answer
    expect(r.versionMismatches).toEqual([])
    expect(r.notes.join()).toMatch(/1 unknown key\(s\) kept/)
    const claims = onFile(ws, (db) =>
      db.prepare('SELECT criterion_id, subject_key, claim, extra FROM claims ORDER BY id').all()
    ) as { criterion_id: string; subject_key: string; claim: string; extra: string }[]
    expect(claims).toHaveLength(6)
    expect(claims[0]).toMatchObject({
      criterion_id: 'scs-0100-v3.1',
      subject_key: 'demo-cloud',
      claim: 'met'
    })
    expect(JSON.parse(claims[5]!.extra)).toEqual({ 'reviewer-note': 'kept but never scored' })
    const subj = onFile(ws, (db) =>
      db.prepare('SELECT subject_key, regions, availability_zones, public_cloud, figures FROM subjects').get()
    )
    expect(subj).toEqual({
      subject_key: 'demo-cloud',
      regions: 1,
      availability_zones: 3,
      public_cloud: 1,
      figures: '{"customers":42,"workloads":830}'
    })
  })

  it('the YAML and the JSON form of the same submission give the same stored data', async () => {
    iaasCase()
    const a = await parseFile('x.yaml', read(FIXTURES, 'self-assessment/integrator-example.yaml'))
    const b = await parseFile('x.json', read(FIXTURES, 'self-assessment/integrator-example.json'))
    expect(a.kind).toBe('self-assessment')
    expect(b).toEqual(a)
    const r = await importFile('c', 'integrator.json', FIXTURES, 'self-assessment/integrator-example.json')
    expect(r.versionMismatches[0]).toMatch(/scs-integrator-iaas v2; the case is for scs-compatible-iaas v5.1/)
    expect(r.notes.join()).not.toMatch(/not in this workspace yet/)
  })

  const example = (): Record<string, unknown> =>
    yaml.load(read(FIXTURES, 'self-assessment/integrator-example.yaml').toString(), {
      schema: yaml.CORE_SCHEMA
    }) as Record<string, unknown>
  const broken: [string, (d: Record<string, unknown>) => void, string, RegExp][] = [
    [
      'a date that is not a date',
      (d) => ((d['subjects'] as Record<string, unknown>[])[1]!['since'] = '15.02.2026'),
      'subjects[1].since',
      /must be a date \(YYYY-MM-DD\)/
    ],
    ['a missing applicant', (d) => delete d['applicant'], 'applicant', /is required/],
    [
      'a claim outside the list',
      (d) => ((d['answers'] as Record<string, unknown>[])[0]!['claim'] = 'yes'),
      'answers[0].claim',
      /must be one of: met, partially-met, not-met, not-applicable/
    ],
    [
      'an answer for an unknown subject',
      (d) => ((d['answers'] as Record<string, unknown>[])[0]!['subject'] = 'nope'),
      'answers[0].subject',
      /"nope" is not one of the subjects/
    ],
    [
      'an answer without subject when there are two',
      (d) => delete (d['answers'] as Record<string, unknown>[])[1]!['subject'],
      'answers[1].subject',
      /required when the submission has more than one subject/
    ],
    [
      'an integrator subject without role',
      (d) => delete (d['subjects'] as Record<string, unknown>[])[0]!['role'],
      'subjects[0].role',
      /required for integrator schemes/
    ],
    [
      'the same subject twice',
      (d) => ((d['subjects'] as Record<string, unknown>[])[1]!['id'] = 'example-prod'),
      'subjects[1].id',
      /listed twice/
    ],
    [
      'a newer format version',
      (d) => (d['formatVersion'] = 2),
      'formatVersion',
      /format version 2 is newer than this build understands \(1\)/
    ],
    ['no subjects', (d) => (d['subjects'] = []), 'subjects', /at least 1/],
    [
      'an evidence ref that is neither URL nor attachment',
      (d) => ((d['answers'] as Record<string, unknown>[])[0]!['evidence'] = [{ title: 't', ref: 'C:\\x' }]),
      'answers[0].evidence[0].ref',
      /http\(s\) URL or attachment:NAME/
    ],
    [
      'a figure that is not a number',
      (d) => ((d['subjects'] as Record<string, unknown>[])[0]!['figures'] = { customers: 'many' }),
      'subjects[0].figures.customers',
      /must be a number/
    ]
  ]
  it.each(broken)(
    'refuses %s, naming the path and the reason; nothing stored',
    async (_n, mutate, place, reason) => {
      iaasCase()
      const before = dumpDb(ws)
      const d = example()
      mutate(d)
      const e = await rejection(ws.importOne('c', { name: 'bad.yaml', bytes: enc(yaml.dump(d)) }))
      expect(e.file).toBe('bad.yaml')
      expect(e.place).toBe(place)
      expect(e.reason).toMatch(reason)
      expect(dumpDb(ws)).toEqual(before)
    }
  )
})

describe('XLSX questionnaires', () => {
  async function fill(
    template: Buffer,
    rows: {
      subjects: unknown[][]
      answers: unknown[][]
      submission: Record<string, unknown>
      partners?: unknown[][]
    }
  ): Promise<Buffer> {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(template as unknown as ExcelJS.Buffer)
    const sub = wb.getWorksheet('Submission')!
    sub.eachRow((row, r) => {
      const key = row.getCell(1).value as string
      if (r > 1 && key in rows.submission) row.getCell(2).value = rows.submission[key] as ExcelJS.CellValue
    })
    rows.partners?.forEach(
      (p, i) => (wb.getWorksheet('Partners')!.getRow(i + 2).values = p as ExcelJS.CellValue[])
    )
    rows.subjects.forEach(
      (s, i) => (wb.getWorksheet('Subjects')!.getRow(i + 2).values = s as ExcelJS.CellValue[])
    )
    const answers = wb.getWorksheet('Answers')!
    rows.answers.forEach((a, i) => (answers.getRow(i + 2).values = a as ExcelJS.CellValue[]))
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
  const integratorRows = {
    submission: {
      scheme: 'scs-integrator-iaas',
      schemeVersion: 'v2',
      tier: 'silver',
      submittedAt: new Date('2026-10-01'),
      'applicant.name': 'Example Cloud Services GmbH',
      'applicant.id': 'HRB 12345',
      'applicant.contact.name': 'A. Auditee',
      'applicant.contact.email': 'cert@example.test'
    },
    partners: [['Partner Ops AG', 'co-operator of region 2']],
    subjects: [
      [
        'example-prod',
        'Example Cloud (production)',
        'iaas',
        'scs-compatible-iaas',
        'v5.1',
        'operated',
        'no',
        'yes',
        new Date('2025-03-01'),
        null,
        2,
        3,
        null,
        null,
        'customers=140; workloads=5200'
      ],
      [
        'citycloud-muc',
        null,
        'iaas',
        'scs-compatible-iaas',
        'v5.1',
        'brought-into-production',
        'yes',
        null,
        '2026-02-15',
        null,
        null,
        null,
        'Partner Ops AG',
        'design and roll-out of the control plane',
        null
      ]
    ],
    answers: [
      [
        'scoring.public-iaas-operated',
        null,
        'example-prod',
        'met',
        'Operated by us as a public cloud with two regions since March 2025.',
        'compliance report | attachment:example-prod-2026-09.yaml | 2026-09-30',
        null
      ],
      [
        'scoring.third-party-production',
        null,
        'citycloud-muc',
        'met',
        'Brought into production for City of Munich in February 2026, jointly with Partner Ops AG.',
        null,
        null
      ]
    ]
  }

  it('export-template writes one row per criterion with drop-down claims and a subjects sheet', async () => {
    iaasCase()
    const buf = await ws.exportTemplate('c')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer)
    const answers = wb.getWorksheet('Answers')!
    const v51 = ws.schemes.get('scs-compatible-iaas').scope.versions.find((v) => v.version === 'v5.1')!
    expect(answers.getColumn(1).values.slice(2)).toEqual(v51.criteria)
    expect(answers.getCell('D2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"met,partially-met,not-met,not-applicable"']
    })
    expect(wb.getWorksheet('Subjects')!.getCell('C2').dataValidation).toMatchObject({ type: 'list' })
    expect(wb.getWorksheet('Submission')!.getCell('B4').value).toBe('scs-compatible-iaas')
  })

  it('a filled questionnaire yields the same submission as the YAML form', async () => {
    const template = await buildTemplate({
      caseId: 'x',
      scheme: 'scs-integrator-iaas',
      schemeVersion: 'v2',
      criteria: []
    })
    const xlsx = await fill(template, integratorRows)
    const fromXlsx = await parseFile('q.xlsx', xlsx)
    const fromYaml = await parseFile('q.yaml', read(FIXTURES, 'self-assessment/integrator-example.yaml'))
    expect(fromXlsx.kind).toBe('xlsx-questionnaire')
    expect(
      fromXlsx.kind === 'xlsx-questionnaire' && fromYaml.kind === 'self-assessment' && fromXlsx.submission
    ).toEqual(fromYaml.kind === 'self-assessment' && fromYaml.submission)
  })

  it('names the cell of a bad value', async () => {
    iaasCase()
    const template = await ws.exportTemplate('c')
    const rows = structuredClone(integratorRows)
    rows.subjects[1]![8] = 'next spring'
    const before = dumpDb(ws)
    const e = await rejection(ws.importOne('c', { name: 'q.xlsx', bytes: await fill(template, rows) }))
    expect(e.place).toBe('Subjects!I3 (subjects[1].since)')
    expect(e.reason).toMatch(/must be a date/)
    expect(dumpDb(ws)).toEqual(before)
  })

  it('refuses a ZIP that is not a workbook', async () => {
    const zip = deflatedZip([{ name: 'hello.txt', content: Buffer.from('hello') }])
    const e = await rejection(parseFile('a.xlsx', zip))
    expect(e.reason).toMatch(/not an XLSX workbook/)
  })
})

describe('OpenStack Powered Compute: guideline and RefStack results', () => {
  function opcCase(): Workspace {
    ws = createTestWorkspace()
    ws.createCase({ id: 'opc', schemeId: 'openstack-powered-compute', schemeVersion: '2020.06' })
    return ws
  }

  it('the real interop-2020.06.json imports: required tests without the flagged ones', async () => {
    opcCase()
    const parsed = await parseFile('interop-2020.06.json', read(SHARED_FIXTURES, 'real/interop-2020.06.json'))
    if (parsed.kind !== 'interop-guideline') throw new Error(parsed.kind)
    const r = {
      counts: { accepted: parsed.guideline.requiredTests },
      notes: [`${parsed.guideline.flaggedTests} flagged (excluded)`]
    }
    const g = JSON.parse(read(SHARED_FIXTURES, 'real/interop-2020.06.json').toString()) as {
      components: { os_powered_compute: { capabilities: { required: string[] } } }
      capabilities: Record<string, { tests: Record<string, { flagged?: unknown }> }>
    }
    const required = g.components.os_powered_compute.capabilities.required.flatMap((c) =>
      Object.values(g.capabilities[c]!.tests)
    )
    expect(r.counts.accepted).toBe(required.filter((t) => !t.flagged).length)
    expect(r.notes[0]).toMatch(
      new RegExp(`${required.filter((t) => t.flagged).length} flagged \\(excluded\\)`)
    )
  })

  it('a RefStack run is scored against the required tests: absent ones did not pass, flagged ones do not count', async () => {
    opcCase()
    const r = await importFile(
      'opc',
      'refstack.json',
      SHARED_FIXTURES,
      'format-samples/refstack-results-demo-cloud.json'
    )
    expect(r.kind).toBe('refstack-results')
    expect(r.subjects).toEqual(['b3f6c1d8e0a94f0b9a1c2d3e4f506172'])
    expect(r.counts.missing).toBeGreaterThan(0)
    expect(r.counts.unknown).toBe(0)
    const detail = ws.caseDetail('opc')
    const e = detail.evaluations.find((x) => x.version === '2020.06')!
    expect(e.outcome).toBe('FAIL')
    expect(e.counts.FAIL).toBe(r.counts.missing)
    expect(e.counts.PASS + e.counts.FAIL).toBe(e.counts.PASS + r.counts.missing)
    const scope = ws.schemes.get('openstack-powered-compute').scope
    const flagged = scope.modules.flatMap((m) => m.targets['flagged'] ?? [])
    const failedIds = ws
      .caseResults('opc')
      .filter((x) => x.result === 'FAIL')
      .map((x) => x.testcase)
    expect(failedIds.some((t) => flagged.includes(t))).toBe(false)
  })

  it('refuses a RefStack file whose tests fit no guideline', async () => {
    opcCase()
    const e = await rejection(
      ws.importOne('opc', {
        name: 'r.json',
        bytes: enc(JSON.stringify({ cpid: 'x', results: [{ name: 'tempest.api.foo.Bar.test_baz' }] }))
      })
    )
    expect(e.reason).toMatch(/none of the 1 passed tests is a test of guideline 2020.06/)
  })
})

describe('JUnit XML', () => {
  it('maps passed, failure, error and skipped, and matches scope testcases by name', async () => {
    iaasCase()
    const r = await importFile('c', 'junit.xml', FIXTURES, 'junit/tempest-demo-cloud.xml')
    expect(r.kind).toBe('junit-xml')
    expect(r.subjects).toEqual(['demo-cloud'])
    expect(r.counts).toEqual({ accepted: 6, unknown: 2, missing: 1, duplicate: 0 })
    const rows = new Map(ws.caseResults('c').map((x) => [x.testcase, x.result]))
    expect(rows.get('scs-0100-syntax-check')).toBe('PASS')
    expect(rows.get('scs-0101-entropy-avail')).toBe('FAIL')
    expect(rows.get('scs-0101-fips-test')).toBe('ABORT')
    expect(rows.has('scs-0102-prop-architecture')).toBe(false)
    expect(rows.get('extra.checks.tls-certificate-valid')).toBe('PASS')
    expect(ws.caseResults('c')[0]!.checkedAt).toBe('2026-11-20T09:15:02')
  })
  it('a result’s failure message and time are in its log excerpt (testcase_results.detail, duration_seconds)', async () => {
    iaasCase()
    await importFile('c', 'junit.xml', FIXTURES, 'junit/tempest-demo-cloud.xml')
    const id = (tc: string) => ws.caseResults('c').find((x) => x.testcase === tc)!.reportId
    expect(ws.evidence.logExcerpt(id('scs-0101-entropy-avail'), 'scs-0101-entropy-avail')).toMatchObject({
      file: 'junit.xml',
      lines: [expect.stringMatching(/^detail: .*entropy_avail is 128, expected 256/), 'duration: 3.2 s']
    })
    expect(ws.evidence.logExcerpt(id('scs-0100-syntax-check'), 'scs-0100-syntax-check')?.lines).toEqual([
      'duration: 0.8 s'
    ])
  })
  it.each([
    [
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><testsuites><testsuite name="x"><testcase name="a"/></testsuite></testsuites>',
      /DOCTYPE and ENTITY/
    ],
    ['<testsuites><testsuite name="x"><testcase name="a"></testsuite></testsuites>', /not well-formed XML/],
    ['<testsuites></testsuites>', /no <testsuite>/],
    ['<html><body/></html>', /not JUnit XML/]
  ])('refuses %s', async (xml, reason) => {
    expect((await rejection(parseFile('j.xml', enc(xml)))).reason).toMatch(reason)
  })
})

describe('signed compliance reports (ssh-keygen -Y sign -n report)', () => {
  const SIG = join(FIXTURES, 'signed')
  function signedWorkspace(): Workspace {
    const dir = tempDir()
    copyFileSync(join(SIG, 'allowed_signers'), join(dir, 'allowed_signers'))
    ws = openWorkspace({ dbPath: join(dir, 'w.sqlite'), resourcesDir: RESOURCES, actor: 't' })
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    return ws
  }
  const report = (): Buffer => read(SIG, 'report.yaml')
  const sig = (n: string) => ({ name: 'report.yaml.sig', bytes: read(SIG, n) })

  it.each(['ed25519', 'rsa', 'ecdsa'])('a %s signature by a trusted key is valid', async (type) => {
    signedWorkspace()
    const r = await ws.importOne('c', { name: 'report.yaml', bytes: report(), signature: sig(`${type}.sig`) })
    expect(r.signature).toBe('valid')
    expect(r.signer).toBe(`demo-cloud,auditor-${type}@example.test`)
    expect(ws.evidence.listReports('c')[0]!.signature).toBe('valid')
    expect(ws.caseReview('c').findings.filter((f) => f.type === 'report-signature-invalid')).toEqual([])
  })

  it('a key outside the trust list is "unknown-key" and raises a finding', async () => {
    signedWorkspace()
    const r = await ws.importOne('c', {
      name: 'report.yaml',
      bytes: report(),
      signature: sig('stranger.sig')
    })
    expect(r.signature).toBe('unknown-key')
    expect(r.signer).toMatch(/^SHA256:/)
    expect(ws.caseReview('c').findings.filter((f) => f.type === 'report-signature-invalid')).toMatchObject([
      { type: 'report-signature-invalid', severity: 'major', subject: 'demo-cloud' }
    ])
  })

  it.each([
    ['a report changed after signing', 'tampered-report.yaml', 'ed25519.sig', /does not match/],
    ['a signature for another namespace', 'report.yaml', 'wrong-namespace.sig', /namespace "file"/]
  ])(
    '%s is invalid: stored, flagged as a blocker finding, never silently accepted',
    async (_n, file, s, detail) => {
      signedWorkspace()
      const r = await ws.importOne('c', { name: 'report.yaml', bytes: read(SIG, file), signature: sig(s) })
      expect(r.signature).toBe('invalid')
      expect(r.notes.join()).toMatch(detail)
      expect(ws.caseReview('c').findings.filter((f) => f.type === 'report-signature-invalid')).toMatchObject([
        { type: 'report-signature-invalid', severity: 'blocker' }
      ])
    }
  )

  it("the compliance monitor's upload body (signature & report) is verified", async () => {
    signedWorkspace()
    const r = await importFile('c', 'upload', SIG, 'upload-signed.yaml')
    expect(r.kind).toBe('scs-report')
    expect(r.signature).toBe('valid')
  })

  it('a batch pairs X.sig with X, and refuses an orphan signature', async () => {
    signedWorkspace()
    const out = await ws.importFiles('c', [
      { name: 'report.yaml.sig', bytes: read(SIG, 'ed25519.sig') },
      { name: 'report.yaml', bytes: report() },
      { name: 'other.yaml.sig', bytes: read(SIG, 'rsa.sig') }
    ])
    expect(out.map((o) => [o.file, o.ok])).toEqual([
      ['other.yaml.sig', false],
      ['report.yaml', true]
    ])
    expect(out[1]!.ok && out[1]!.receipt.signature).toBe('valid')
  })

  it('no signature: unsigned', async () => {
    signedWorkspace()
    expect((await ws.importOne('c', { name: 'report.yaml', bytes: report() })).signature).toBe('unsigned')
  })

  it('agrees with ssh-keygen -Y verify on every fixture', () => {
    const probe = spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' })
    // .ci/run installs openssh-client; without ssh-keygen this cross-check cannot run, and says so by failing
    expect(probe.error, 'ssh-keygen (openssh-client) is needed for the cross-check').toBeUndefined()
    const trusted = parseAllowedSigners(read(SIG, 'allowed_signers').toString())
    const dir = tempDir()
    const cases: [string, string, string][] = [
      ['report.yaml', 'ed25519.sig', 'auditor-ed25519@example.test'],
      ['report.yaml', 'rsa.sig', 'auditor-rsa@example.test'],
      ['report.yaml', 'ecdsa.sig', 'auditor-ecdsa@example.test'],
      ['tampered-report.yaml', 'ed25519.sig', 'auditor-ed25519@example.test'],
      ['report.yaml', 'wrong-namespace.sig', 'auditor-ed25519@example.test']
    ]
    for (const [file, s, identity] of cases) {
      const sigPath = join(dir, 'sig')
      writeFileSync(sigPath, read(SIG, s))
      const openssh = spawnSync(
        'ssh-keygen',
        ['-Y', 'verify', '-f', join(SIG, 'allowed_signers'), '-I', identity, '-n', 'report', '-s', sigPath],
        { input: read(SIG, file) }
      )
      const ours = checkSignature(read(SIG, s).toString(), read(SIG, file), trusted, testClock())
      expect(`${file}+${s}: ${ours.state}`).toBe(
        `${file}+${s}: ${openssh.status === 0 ? 'valid' : 'invalid'}`
      )
    }
  })
})
