/**
 * npm run bench: import speed and memory of a generated 50,000-testcase report in the real
 * scs-compliance-check format, against the bare parse and the bare batched insert of the same rows.
 * Prints medians of several runs and the ratio. Not a test: nothing here passes or fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import yaml from 'js-yaml'
import { generateReport } from '../tests/helpers/generate-report'
import { openWorkspace } from '../src/main/workspace'
import { createWorkerParser, inlineParser } from '../src/main/import/parser'
import { reconcile, type ReconcileInput } from '../src/shared/domain/reconcile'
import { computeVerdict } from '../src/shared/domain/verdict'
import { parseRules } from '../src/shared/domain/rules'
import type { Verdict } from '../src/shared/domain/verdict-types'
import pdfmake from 'pdfmake'
import { buildVerdictPdf, criteriaTableOnly, fonts } from '../src/main/pdf/document'
import { signPdf } from '../src/main/pdf/pades'
import { createTestPki } from '../tests/helpers/test-pki'
import type { ScopeDef } from '../src/shared/domain/types'
import type { Submission } from '../src/shared/domain/submission'

const ROOT = join(import.meta.dirname, '..')
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5)
const COUNT = Number(process.env['BENCH_TESTCASES'] ?? 50_000)

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/**
 * Peak memory of one import, measured in a fresh child process (`process.resourceUsage().maxRSS`, which
 * includes the worker thread), next to a child that only generates the report: their difference is what
 * the import itself needs.
 */
async function memoryProbe(mode: 'baseline' | 'import'): Promise<void> {
  const report = generateReport({ count: COUNT })
  const bytes = new TextEncoder().encode(report.text)
  if (mode === 'import') {
    const dir = mkdtempSync(join(tmpdir(), 'aw-bench-mem-'))
    const worker = createWorkerParser(join(ROOT, 'out/main/parse-worker.js'))
    const ws = openWorkspace({
      dbPath: join(dir, 'm.sqlite'),
      resourcesDir: join(ROOT, 'resources'),
      actor: 'bench',
      parse: worker
    })
    ws.createCase({ id: 'bench', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.importOne('bench', { name: 'bench-report.yaml', bytes })
    ws.close()
    await worker.close()
    rmSync(dir, { recursive: true, force: true })
  }
  process.stdout.write(String(process.resourceUsage().maxRSS * 1024))
}

function probe(mode: 'baseline' | 'import'): number {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, `--memory-probe=${mode}`], {
    encoding: 'utf8',
    env: process.env
  })
  if (r.status !== 0) throw new Error(`memory probe failed: ${r.stderr}`)
  return Number(r.stdout.trim().split('\n').at(-1))
}

/** Reconciliation of 1,000 criteria × 50,000 results (one subject, every claim met; 1 % FAIL, 1 % stale). */
function benchReconcile(): ReconcileInput {
  const CRITERIA = 1000
  const PER = 50
  const testcases = Array.from({ length: CRITERIA * PER }, (_, i) => ({
    id: `tc-${i}`,
    description: '',
    url: '',
    lifetime: null,
    section: null
  }))
  const modules = Array.from({ length: CRITERIA }, (_, c) => ({
    id: `crit-${c}`,
    name: `Criterion ${c}`,
    url: '',
    targets: { main: testcases.slice(c * PER, (c + 1) * PER).map((t) => t.id) },
    parameters: {}
  }))
  const scope: ScopeDef = {
    name: 'bench',
    uuid: '',
    url: '',
    variables: [],
    testcases,
    modules,
    versions: [{ version: 'v1', stabilizedAt: null, criteria: modules.map((m) => m.id), parameters: {} }],
    timeline: [{ date: '2026-01-01', versions: { v1: 'effective' } }]
  }
  const reports = [
    {
      id: 1,
      file: 'new.yaml',
      schemeId: 'bench',
      subject: 'cloud',
      checkedAt: '2026-11-20T10:00:00',
      signature: 'valid' as const,
      forcedVersion: null
    },
    {
      id: 2,
      file: 'old.yaml',
      schemeId: 'bench',
      subject: 'cloud',
      checkedAt: '2026-09-01T10:00:00',
      signature: 'valid' as const,
      forcedVersion: null
    }
  ]
  const results = testcases.map((t, i) => ({
    reportId: i % 100 === 0 ? 2 : 1,
    testcase: t.id,
    value: (i % 100 === 1 ? -1 : 1) as -1 | 1
  }))
  const submission: Submission = {
    formatVersion: 1,
    scheme: 'bench',
    schemeVersion: 'v1',
    tier: null,
    submittedAt: '2026-11-21',
    applicant: { name: 'Bench', id: null, address: null, contact: null },
    partners: [],
    subjects: [
      {
        id: 'cloud',
        name: null,
        kind: 'iaas',
        scope: 'bench',
        scopeVersion: 'v1',
        role: null,
        thirdParty: null,
        publicCloud: null,
        since: null,
        until: null,
        regions: null,
        availabilityZones: null,
        joint: null,
        figures: {},
        extra: {}
      }
    ],
    answers: modules.map((m) => ({
      criterion: m.id,
      subject: 'cloud',
      claim: 'met' as const,
      statement: '',
      evidence: [],
      figures: {},
      extra: {}
    })),
    extra: {}
  }
  const input = {
    caseId: 'b',
    schemeId: 'bench',
    schemeVersion: 'v1',
    scope,
    decisionDate: '2026-11-25',
    submission,
    reports,
    results,
    claimedElsewhere: new Map()
  }
  const times: number[] = []
  let findings = 0
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now()
    findings = reconcile(input).findings.length
    times.push(performance.now() - t0)
  }
  console.log(
    `\nReconciliation: ${CRITERIA.toLocaleString('en')} criteria × ${results.length.toLocaleString('en')} results, ${findings.toLocaleString('en')} findings`
  )
  console.log(
    `${'reconcile() (pure, 25 runs)'.padEnd(44)} ${median(times).toFixed(1).padStart(6)} ms median (target ≤ 50 ms), min ${Math.min(...times).toFixed(1)} ms`
  )
  return input
}

/** The verdict of the same 1,000-criterion case: the scope rules applied to its reconciliation, with why-traces. */
function benchVerdict(input: ReconcileInput): Verdict {
  const rules = parseRules('bench.rules.yaml', {
    formatVersion: 1,
    scheme: 'bench',
    name: 'Bench scope',
    model: 'scope',
    validity: { months: 12 }
  })
  const caseInfo = {
    id: 'b',
    title: 'bench',
    schemeId: 'bench',
    schemeVersion: 'v1',
    status: 'open' as const,
    submittedBy: null,
    acceptedBy: null,
    createdAt: '2026-11-25',
    round: 1,
    previousCaseId: null,
    fileCount: 2,
    resultCount: input.results.length
  }
  let last: Verdict | null = null
  const once = (): { verdict: number; total: number; outcome: string } => {
    const t0 = performance.now()
    const r = reconcile(input)
    const t1 = performance.now()
    const v = computeVerdict({
      rules,
      rulesFile: { file: 'bench.rules.yaml', sha256: '' },
      caseInfo,
      round: 1,
      schemeName: 'Bench',
      versionStatus: 'effective',
      review: {
        ...r,
        rows: r.rows.map((row) => ({ ...row, decision: null })),
        findings: r.findings.map((f) => ({ ...f, state: 'open' as const })),
        caseId: 'b',
        decisionDate: input.decisionDate,
        counts: { bySeverity: { blocker: 0, major: 0, minor: 0, info: 0 }, byType: {}, open: 0 },
        decisions: []
      },
      submission: input.submission,
      files: [],
      audit: { head: '', entries: 0 }
    })
    const t2 = performance.now()
    last = v
    return {
      verdict: t2 - t1,
      total: t2 - t0,
      outcome: `${v.outcome}, ${v.criteria.length} criteria, ${v.blocking.length} blocking`
    }
  }
  const runs = Array.from({ length: 25 }, once)
  console.log(`\nVerdict: the same case (${runs[0]!.outcome})`)
  console.log(
    `${'computeVerdict() alone (pure, 25 runs)'.padEnd(44)} ${median(runs.map((r) => r.verdict))
      .toFixed(1)
      .padStart(6)} ms median`
  )
  console.log(
    `${'reconcile() + computeVerdict()'.padEnd(44)} ${median(runs.map((r) => r.total))
      .toFixed(1)
      .padStart(6)} ms median`
  )
  return last!
}

/**
 * The signed verdict PDF of a 1,000-criterion case (all passing: no findings annex), built and signed as the
 * export does, next to bare pdfmake rendering the same 1,000-row table plus bare signing of that PDF.
 */
async function benchPdf(verdict: Verdict): Promise<void> {
  const pki = createTestPki()
  const p12 = readFileSync(pki.p12)
  const fontsDir = join(ROOT, 'resources/fonts')
  const json = Buffer.from(`${JSON.stringify(verdict, null, 2)}\n`)
  const sign = (pdf: Buffer) =>
    signPdf(pdf, { p12: Buffer.from(p12), passphrase: pki.passphrase, signingTime: new Date() })
  const ours = async (): Promise<number> => {
    const t0 = performance.now()
    const pdf = await buildVerdictPdf(verdict, {
      lang: 'en',
      preAudit: false,
      verdictJson: json,
      verdictId: 'AW-bench',
      body: { name: 'Bench body' },
      auditors: ['A', 'B'],
      createdAt: new Date(),
      fontsDir
    })
    await sign(pdf)
    return performance.now() - t0
  }
  const bare = async (): Promise<number> => {
    const t0 = performance.now()
    pdfmake.setFonts(fonts(fontsDir))
    const pdf = await pdfmake
      .createPdf({
        defaultStyle: { font: 'Sans', fontSize: 9, lineHeight: 1.15 },
        content: criteriaTableOnly(verdict, 'en')
      })
      .getBuffer()
    await sign(pdf)
    return performance.now() - t0
  }
  await ours() // warm-up: fonts, JIT
  await bare()
  const o: number[] = []
  const b: number[] = []
  for (let i = 0; i < 5; i++) {
    b.push(await bare())
    o.push(await ours())
  }
  console.log(
    `\nSigned verdict PDF: ${verdict.criteria.length.toLocaleString('en')} criterion rows, 5 runs each, medians`
  )
  console.log(
    `${'bare pdfmake (the same criteria table) + signing'.padEnd(52)} ${median(b).toFixed(0).padStart(6)} ms`
  )
  console.log(
    `${'verdict PDF: build (EN) + sign (PAdES-B-B)'.padEnd(52)} ${median(o).toFixed(0).padStart(6)} ms ratio ${(median(o) / median(b)).toFixed(2)}x (target ≤ 1.3x, ≤ 2 s)`
  )
}

/** One decision saved (validated, committed with synchronous=FULL, audit-logged), 300 times on a realistic case. */
async function benchDecisions(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-dec-'))
  const ws = openWorkspace({
    dbPath: join(dir, 'd.sqlite'),
    resourcesDir: join(ROOT, 'resources'),
    actor: 'bench'
  })
  ws.createCase({ id: 'd', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await ws.importOne('d', {
    name: 'r.yaml',
    bytes: readFileSync(join(ROOT, 'resources/demo/scs-report-demo-cloud.yaml'))
  })
  await ws.importOne('d', {
    name: 's.yaml',
    bytes: readFileSync(join(ROOT, 'resources/demo/self-assessment-demo-cloud.yaml'))
  })
  const criteria = ws.caseReview('d').rows.map((r) => r.criterion)
  const times: number[] = []
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now()
    ws.decide({
      caseId: 'd',
      criterion: criteria[i % criteria.length]!,
      subject: 'demo-cloud',
      decision: 'accept',
      comment: `checked ${i}`,
      auditor: 'bench'
    })
    times.push(performance.now() - t0)
  }
  ws.close()
  rmSync(dir, { recursive: true, force: true })
  const sorted = [...times].sort((a, b) => a - b)
  const p99 = sorted[Math.ceil(sorted.length * 0.99) - 1]!
  console.log(
    `\nDecision save (validate, commit with synchronous=FULL, audit log), 300 saves on the demo case`
  )
  console.log(
    `${'decide()'.padEnd(44)} ${median(times).toFixed(2).padStart(6)} ms median, p99 ${p99.toFixed(2)} ms (target ≤ 5 ms)`
  )
}

async function main(): Promise<void> {
  // the small benchmarks first, on a fresh heap
  const input = benchReconcile()
  benchVerdict(input)
  // the PDF bench uses a clean case: every result PASS and fresh, so the verdict has no findings annex
  await benchPdf(
    benchVerdict({ ...input, results: input.results.map((r) => ({ ...r, reportId: 1, value: 1 as const })) })
  )
  await benchDecisions()
  console.log('')
  const report = generateReport({ count: COUNT })
  const bytes = new TextEncoder().encode(report.text)
  const rows = report.ids.map((id, i) => [id, report.values[i]!] as const)
  console.log(
    `Report: ${COUNT.toLocaleString('en')} testcases, ${(bytes.length / 1e6).toFixed(1)} MB, real scs-compliance-check format`
  )
  console.log(`Node ${process.version}, ${RUNS} runs each, medians\n`)

  const bareParse: number[] = []
  const bareInsert: number[] = []
  const importWorker: number[] = []
  const importInline: number[] = []
  const worker = createWorkerParser(join(ROOT, 'out/main/parse-worker.js'))

  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'aw-bench-'))
    // bare parse: the YAML library alone on the same bytes (decode included)
    bareParse.push(
      await time(() => yaml.loadAll(new TextDecoder().decode(bytes), undefined, { schema: yaml.CORE_SCHEMA }))
    )

    // bare batched insert: the same rows, one prepared statement, one transaction, same pragmas
    const raw = new Database(join(dir, 'bare.sqlite'))
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = FULL')
    raw.exec(
      'CREATE TABLE r (id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL, testcase_id TEXT NOT NULL, result INTEGER NOT NULL) STRICT'
    )
    raw.exec('CREATE INDEX r_by_report_testcase ON r (report_id, testcase_id)')
    const ins = raw.prepare('INSERT INTO r (report_id, testcase_id, result) VALUES (1, ?, ?)')
    bareInsert.push(await time(() => raw.transaction(() => rows.forEach(([id, v]) => ins.run(id, v)))()))
    raw.close()

    // the real import, as the app does it: hash, parse + validate in the worker, one transaction
    for (const [label, parse, out] of [
      ['worker', worker, importWorker],
      ['inline', inlineParser, importInline]
    ] as const) {
      const ws = openWorkspace({
        dbPath: join(dir, `${label}.sqlite`),
        resourcesDir: join(ROOT, 'resources'),
        actor: 'bench',
        parse
      })
      ws.createCase({ id: 'bench', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      out.push(await time(() => ws.importOne('bench', { name: 'bench-report.yaml', bytes })))
      ws.close()
    }
    rmSync(dir, { recursive: true, force: true })
  }
  await worker.close()

  const p = median(bareParse)
  const i = median(bareInsert)
  const w = median(importWorker)
  const n = median(importInline)
  const row = (name: string, ms: number, note = ''): void =>
    console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms ${note}`)
  row('bare parse (js-yaml, same bytes)', p)
  row('bare batched insert (same rows, 1 transaction)', i)
  row('bare parse + bare insert', p + i)
  row('import (worker: parse + validate, transaction)', w, `ratio ${(w / (p + i)).toFixed(2)}x`)
  row('import (inline parser, no worker hop)', n, `ratio ${(n / (p + i)).toFixed(2)}x`)
  const base = probe('baseline')
  const withImport = probe('import')
  console.log(
    `\npeak memory of one import (fresh process, worker included): ${(withImport / 1e6).toFixed(0)} MB; ` +
      `the same process without importing (Node + the generated report): ${(base / 1e6).toFixed(0)} MB; ` +
      `the import needs ${((withImport - base) / 1e6).toFixed(0)} MB`
  )
  console.log(
    `import throughput ${(bytes.length / 1e6 / (w / 1000)).toFixed(1)} MB/s, ${Math.round(COUNT / (w / 1000)).toLocaleString('en')} testcases/s`
  )
}

const probeArg = process.argv.find((a) => a.startsWith('--memory-probe='))
if (probeArg) void memoryProbe(probeArg.split('=')[1] as 'baseline' | 'import')
else void main()
