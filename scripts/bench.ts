/**
 * npm run bench: import speed and memory of a generated 50,000-testcase report in the real
 * scs-compliance-check format, against the bare parse and the bare batched insert of the same rows.
 * Prints medians of several runs and the ratio. Then the CLI as users run it (whole processes, start-up
 * included): start-up against a bare `node -e 1`, and imports against the bare parse + insert of the same
 * rows. Not a test: nothing here passes or fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import yaml from 'js-yaml'
import { generateReport } from '../tests/helpers/generate-report'
import { testActor } from '../tests/helpers/identity'
import { acceptInTurn } from '../tests/helpers/decisions'
import { loadBuiltinSchemes, openWorkspace } from '../src/main/workspace'
import { openDemoCase } from '../src/main/services/demo'
import { createAuditRepo } from '../src/main/db/audit.repo'
import { manyReports } from '../tests/helpers/many-reports'
import { reconcile, type ReconcileInput } from '../src/shared/domain/reconcile'
import { computeVerdict } from '../src/shared/domain/verdict'
import { parseRules } from '../src/shared/domain/rules'
import type { Verdict } from '../src/shared/domain/verdict-types'
import pdfmake from 'pdfmake'
import { buildVerdictPdf, criteriaTableOnly, fonts } from '../src/main/pdf/document'
import { signPdf } from '../src/main/pdf/pades'
import { loadTrustList } from '../src/main/pdf/trust'
import { checkOffThread } from '../src/main/pdf/verify-client'
import { pdfBomb } from '../tests/helpers/hostile-pdf'
import { sameRowsInserter } from './bench-bare-import.mjs'
import { createTestPki } from '../tests/helpers/test-pki'
import { testSubject } from '../tests/helpers/submission'
import type { ScopeDef } from '../src/shared/domain/types'
import type { Submission } from '../src/shared/domain/submission'
import { createPrivateKeyFile } from '../src/main/identity/openssh-key'
import { exportCaseBundle } from '../src/main/bundle/export'
import { importCaseBundle } from '../src/main/bundle/import'
import { benchRegister } from './bench-register'

const ROOT = join(import.meta.dirname, '..')
const WORKER = join(ROOT, 'out/main/import-worker.js')
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
  await loadBuiltinSchemes()
  const report = generateReport({ count: COUNT })
  const bytes = new TextEncoder().encode(report.text)
  if (mode === 'import') {
    const dir = mkdtempSync(join(tmpdir(), 'aw-bench-mem-'))
    const ws = openWorkspace({
      dbPath: join(dir, 'm.sqlite'),
      resourcesDir: join(ROOT, 'resources'),
      actor: 'bench',
      importWorkerFile: WORKER
    })
    ws.createCase({ id: 'bench', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.importOne('bench', { name: 'bench-report.yaml', bytes })
    ws.close()
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
    subjects: [testSubject({ id: 'cloud', scope: 'bench' })],
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
    evidenceRules: { freshness: 'required', manual: 'accepted-decision' } as const,
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
      schemeDefinitions: [],
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
    signPdf(pdf, {
      p12: Buffer.from(p12),
      passphrase: pki.passphrase,
      signingTime: new Date(),
      trust: loadTrustList(pki.caPem)
    })
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

/** A workspace file (ID.sqlite) in a fresh temp folder, acting as "bench", with an IaaS v5.1 case ID. */
function benchCase(prefix: string, id: string): { dir: string; ws: ReturnType<typeof openWorkspace> } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const ws = openWorkspace({
    dbPath: join(dir, `${id}.sqlite`),
    resourcesDir: join(ROOT, 'resources'),
    actor: 'bench'
  })
  ws.createCase({ id, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  return { dir, ws }
}

/** One decision saved (validated, committed with synchronous=FULL, audit-logged), 300 times on a realistic case. */
async function benchDecisions(): Promise<void> {
  const { dir, ws } = benchCase('aw-bench-dec-', 'd')
  await ws.importOne('d', {
    name: 'r.yaml',
    bytes: readFileSync(join(ROOT, 'resources/demo/scs-report-demo-cloud.yaml'))
  })
  await ws.importOne('d', {
    name: 's.yaml',
    bytes: readFileSync(join(ROOT, 'resources/demo/self-assessment-demo-cloud.yaml'))
  })
  const criteria = ws.caseReview('d').rows.map((r) => r.criterion)
  const bench = testActor(ws, 'bench')
  const times: number[] = []
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now()
    // signed (ed25519 SSHSIG) as every decision is
    acceptInTurn(ws, 'd', criteria, i, bench)
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

/**
 * Case bundles (issue 15 §6): a case with one 50,000-testcase report, the demo self-assessment and 200
 * signed decisions. Export (log check, ZIP, manifest signature) and import into a fresh workspace (every
 * check, the files imported again from their bytes, the decisions replayed, the log check of the result),
 * each against the same work done by hand in a fresh workspace: importing the input files and recording the
 * 200 decisions again (decide(), signed). All inline on the main thread, as the bundle import runs.
 */
async function benchBundle(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-bundle-'))
  const ann = createPrivateKeyFile('Ann', null).key
  let n = 0
  const fresh = () => {
    const ws = openWorkspace({
      dbPath: join(dir, `w${n++}.sqlite`),
      resourcesDir: join(ROOT, 'resources'),
      actor: 'bench'
    })
    ws.identities.register('Ann', ann.publicKey, null)
    return ws
  }
  const report = new TextEncoder().encode(generateReport({ count: COUNT }).text)
  const sa = readFileSync(join(ROOT, 'resources/demo/self-assessment-demo-cloud.yaml'))
  const files = [
    { name: 'big.yaml', bytes: report },
    { name: 's.yaml', bytes: sa }
  ]
  const decide = async (ws: ReturnType<typeof fresh>, criteria: readonly string[]): Promise<void> => {
    const actor = ws.identities.actorFor(ann)
    for (let i = 0; i < 200; i++) acceptInTurn(ws, 'b', criteria, i, actor)
  }
  const a = fresh()
  a.createCase({ id: 'b', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  for (const f of files) await a.importOne('b', f)
  const criteria = a
    .caseReview('b')
    .rows.filter((r) => r.subject === 'demo-cloud')
    .map((r) => r.criterion)
  await decide(a, criteria)
  const results = a.caseResults('b').length
  const byHand: number[] = []
  const filesOnly: number[] = []
  const exported: number[] = []
  const imported: number[] = []
  let size = 0
  for (let run = 0; run < RUNS; run++) {
    const h = fresh()
    const imports = await time(async () => {
      h.createCase({ id: 'b', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      for (const f of files) await h.importOne('b', f)
    })
    filesOnly.push(imports)
    byHand.push(imports + (await time(() => decide(h, criteria))))
    h.close()
    let bytes: Buffer = Buffer.alloc(0)
    exported.push(await time(() => (bytes = exportCaseBundle(a, 'b', ann).bytes)))
    size = bytes.length
    const b = fresh()
    imported.push(await time(() => importCaseBundle(b, 'b.awcase', bytes)))
    if (b.caseResults('b').length !== results) throw new Error('the bundle import lost results')
    b.close()
  }
  a.close()
  rmSync(dir, { recursive: true, force: true })
  const base = median(byHand)
  const row = (name: string, ms: number, note = ''): void =>
    console.log(`${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms ${note}`)
  console.log(
    `\nCase bundle: ${results.toLocaleString('en')} results, 200 signed decisions, ${(size / 1e6).toFixed(1)} MB bundle, ${RUNS} runs, medians`
  )
  row('by hand: import the input files + record 200 decisions', base)
  row('  of which importing the input files', median(filesOnly))
  row('bundle export', median(exported), `ratio ${(median(exported) / base).toFixed(2)}x (target <= 1.3x)`)
  row(
    'bundle import (checked, replayed, log-checked)',
    median(imported),
    `ratio ${(median(imported) / base).toFixed(2)}x (target <= 1.3x)`
  )
}

/**
 * The log check of a case holding one 10 MB report: the evidence rows hashed against the import entry's
 * digest (at case open, in audit-log verify, before signing); the second check is served from the cache
 * while no other connection has committed.
 */
async function benchLogCheck(): Promise<void> {
  const { dir, ws } = benchCase('aw-bench-log-', 'l')
  const bytes = new TextEncoder().encode(generateReport({ count: COUNT }).text)
  await ws.importOne('l', { name: 'big.yaml', bytes })
  const first: number[] = []
  const cached: number[] = []
  for (let i = 0; i < RUNS; i++) {
    // another connection's commit invalidates the cached digests, as an outside writer would (it must change
    // a value: SQLite commits nothing for an update that writes the same bytes, and data_version stays)
    const other = new Database(join(dir, 'l.sqlite'))
    other.prepare('UPDATE cases SET updated_at = ?').run(`bench ${i}`)
    other.close()
    first.push(await time(() => ws.checkCaseLog('l')))
    cached.push(await time(() => ws.checkCaseLog('l')))
  }
  ws.close()
  rmSync(dir, { recursive: true, force: true })
  console.log(
    `\nThe log check of a case with one ${(bytes.length / 1e6).toFixed(1)} MB report (rows against their digest)`
  )
  console.log(`${'checkCaseLog(), rows hashed'.padEnd(44)} ${median(first).toFixed(1).padStart(6)} ms median`)
  console.log(
    `${'checkCaseLog(), nothing committed since'.padEnd(44)} ${median(cached).toFixed(1).padStart(6)} ms median`
  )
}

/**
 * The audit chain check behind every case view and verdict, on a log of 20,000 entries: the whole chain
 * re-hashed (after another connection committed, as an outside writer would), nothing appended since the
 * last check (the verified prefix stands), and one entry appended by the app (only it is verified).
 */
async function benchChainCheck(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-chain-'))
  const file = join(dir, 'c.sqlite')
  const ws = openWorkspace({ dbPath: file, resourcesDir: join(ROOT, 'resources'), actor: 'bench' })
  const entries = 20_000
  ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  // the log is filled in one transaction on a connection of its own (the workspace hands out none)
  const filler = new Database(file)
  const log = createAuditRepo(filler)
  filler.transaction(() => {
    for (let i = 0; i < entries; i++) log.append('bench', 'note', null, { i })
  })()
  filler.close()
  const full: number[] = []
  const unchanged: number[] = []
  const appended: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const other = new Database(file)
    other.prepare('UPDATE cases SET updated_at = ?').run(`bench ${i}`)
    other.close()
    full.push(await time(() => ws.audit.check()))
    unchanged.push(await time(() => ws.audit.check()))
    ws.audit.append('bench', 'note', null, { run: i })
    appended.push(await time(() => ws.audit.check()))
  }
  ws.close()
  rmSync(dir, { recursive: true, force: true })
  console.log(`\nThe audit chain check of a case view or verdict, ${entries.toLocaleString('en')} entries`)
  const line = (what: string, xs: number[]): void =>
    console.log(`${what.padEnd(44)} ${median(xs).toFixed(2).padStart(6)} ms median`)
  line('whole chain (another connection committed)', full)
  line('nothing appended since the last check', unchanged)
  line('one entry appended by the app', appended)
}

const TINY = new TextEncoder().encode(
  generateReport({ count: 5, subject: 'tiny-cloud', runUuid: '00000000-0000-4000-8000-0000000000aa' }).text
)
/** Another report of the same size (another subject and run) for the worker's first import. */
const WARM = new TextEncoder().encode(
  generateReport({ count: COUNT, subject: 'warm-cloud', runUuid: '00000000-0000-4000-8000-00000000beef' })
    .text
)

/** Bare batched insert of the results alone: one prepared statement, one transaction, the same pragmas. */
function bareInsertMinimal(file: string, rows: readonly (readonly [string, number])[]): void {
  const raw = new Database(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.exec(
    'CREATE TABLE r (id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL, testcase_id TEXT NOT NULL, result INTEGER NOT NULL) STRICT'
  )
  raw.exec('CREATE INDEX r_by_report_testcase ON r (report_id, testcase_id)')
  const ins = raw.prepare('INSERT INTO r (report_id, testcase_id, result) VALUES (1, ?, ?)')
  raw.transaction(() => rows.forEach(([id, v]) => ins.run(id, v)))()
  raw.close()
}

interface BareReport {
  spec: { uuid: string }
  subject: string
  checked_at: string
  reference_date: string
  run: {
    uuid: string
    invocations: Record<
      string,
      {
        cmd: string
        rc: number
        stdout: string[]
        stderr: string[]
        info: number
        warning: number
        error: number
        critical: number
        results: Record<string, number>
      }
    >
  }
}

/**
 * Bare batched insert of the same rows the import writes (the file, each document's report, its invocations
 * with their output, every result) into the workspace's own tables: plain prepared statements, one
 * transaction, taken straight from the js-yaml documents with no checks. Timed from the first insert to the
 * commit.
 */
async function bareInsertSameRows(file: string, docs: readonly BareReport[]): Promise<number> {
  const ws = openWorkspace({ dbPath: file, resourcesDir: join(ROOT, 'resources'), actor: 'bench' })
  ws.createCase({ id: 'bare', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  ws.close()
  // the same file on a plain connection: the workspace hands out none
  const db = new Database(file)
  const insert = sameRowsInserter(db, 'bare')
  const ms = await time(() => insert(docs))
  db.close()
  return ms
}

/**
 * `verify` of attack P7's bomb (256 names, one 50 MB Flate stream): wall time, and the longest stall of the
 * main thread's event loop while it runs, in-process and in the verify worker (out/main/verify-worker.js).
 */
async function benchVerifyBomb(): Promise<void> {
  const bomb = pdfBomb(256, 50 * 1024 * 1024)
  const list = { source: '(none)', certs: [], entries: [] }
  const worker = join(ROOT, 'out/main/verify-worker.js')
  console.log(`\nverify of a ${(bomb.length / 1024).toFixed(0)} KB PDF bomb (256 names → one 50 MB stream)`)
  for (const [name, file] of [
    ['in-process', null],
    ['verify worker', worker]
  ] as const) {
    // the longest gap between ticks of a 5 ms interval: how long the main thread could not answer
    let last = performance.now()
    let stall = 0
    const tick = setInterval(() => {
      const t = performance.now()
      stall = Math.max(stall, t - last)
      last = t
    }, 5)
    await new Promise((r) => setTimeout(r, 20))
    const rss0 = process.memoryUsage().rss
    const t0 = performance.now()
    last = t0
    const c = await checkOffThread(file, bomb, 'bomb.pdf', list, new Date())
    const ms = performance.now() - t0
    await new Promise((r) => setTimeout(r, 20))
    clearInterval(tick)
    console.log(
      `${name.padEnd(16)} ${ms.toFixed(0).padStart(6)} ms, main thread blocked up to ${stall.toFixed(0)} ms, ` +
        `rss +${((process.memoryUsage().rss - rss0) / 1e6).toFixed(0)} MB: ${c.outcome}`
    )
  }
}

/**
 * The bare baseline of an import: the YAML library alone on the same bytes (decode included), then the bare
 * insert of the same rows (bareInsertSameRows). Nothing of it is kept alive afterwards.
 */
async function bareParseAndInsert(
  bytes: Uint8Array,
  dir: string
): Promise<{ parse: number; insert: number }> {
  let docs: unknown[] = []
  const parse = await time(() => {
    docs = yaml.loadAll(new TextDecoder().decode(bytes), undefined, { schema: yaml.CORE_SCHEMA })
  })
  const insert = await bareInsertSameRows(join(dir, 'same.sqlite'), docs as BareReport[])
  return { parse, insert }
}

const CLI = join(ROOT, 'out/main/cli.js')
const BIN = join(ROOT, 'bin/auditor-workbench.mjs')
const SYSTEM_NODE = '/usr/bin/node'
const CLI_RUNS = Number(process.env['BENCH_CLI_RUNS'] ?? 15)
/** rounds of each CLI import and its yardsticks (about 3 s a round for the 10 MB report) */
const IMPORT_RUNS = Number(process.env['BENCH_IMPORT_RUNS'] ?? 9)
const BARE_IMPORT = join(ROOT, 'scripts/bench-bare-import.mjs')

/** One whole process, from spawn to exit (its output read through a pipe); fails loudly on a non-zero exit. */
function spawnTimed(cmd: string, args: readonly string[]): { ms: number; stdout: string } {
  const t0 = performance.now()
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 })
  const ms = performance.now() - t0
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`)
  return { ms, stdout: String(r.stdout) }
}
const wall = (cmd: string, args: readonly string[]): number => spawnTimed(cmd, args).ms

/** A fresh, seeded workspace file in `dir` with one case `c` (made in this process, not timed). */
function preparedWorkspace(dir: string, name: string): string {
  const dbPath = join(dir, name)
  const ws = openWorkspace({ dbPath, resourcesDir: join(ROOT, 'resources'), actor: 'bench' })
  ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  ws.close()
  return dbPath
}

/**
 * The CLI as a user runs it, whole processes (start-up included): the built cli.js on this Node, and the
 * package bin started from the system Node (which re-runs it on the pinned Node). Start-up commands run in
 * turn with a bare `node -e 1` (A B A B …) and are given as the median of the pair ratios.
 *
 * Each import from the CLI is paired with the bare parse + insert of the same bytes run just before it in a
 * fresh process of its own (scripts/bench-bare-import.mjs), which times its own parse and insert: the bare
 * work done once, with cold code, as one CLI call must do it, without Node's start (which the CLI's figure
 * includes). That is the yardstick of the target. Beside it: the same bare work warm in this process (as
 * the import section measures it, after rounds on the same bytes: no single call ever runs that warm) and
 * the bare process as a whole (its start-up included). Medians of the pair ratios. Returns the figures for
 * the summary.
 */
async function benchCli(report50k: Uint8Array): Promise<string[]> {
  const node = process.execPath
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-cli-'))
  const hasSystemNode = existsSync(SYSTEM_NODE)
  const systemVersion = hasSystemNode
    ? spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
    : 'missing'
  const empty = join(dir, 'empty.sqlite')
  wall(node, [CLI, 'case', 'list', '--db', empty]) // creates and seeds it
  const demoDb = join(dir, 'demo.sqlite')
  const demoWs = openWorkspace({ dbPath: demoDb, resourcesDir: join(ROOT, 'resources'), actor: 'bench' })
  await openDemoCase(demoWs, join(ROOT, 'resources'))
  demoWs.close()

  interface Figure {
    readonly ms: number
    readonly ratio: number
  }
  /** `args` run CLI_RUNS times in turn with `node -e 1`, after one run of each that is not counted */
  const againstBare = (cmd: string, args: readonly string[]): Figure => {
    wall(node, ['-e', '1'])
    wall(cmd, args)
    const ratios: number[] = []
    const times: number[] = []
    for (let k = 0; k < CLI_RUNS; k++) {
      const b = wall(node, ['-e', '1'])
      const a = wall(cmd, args)
      times.push(a)
      ratios.push(a / b)
    }
    return { ms: median(times), ratio: median(ratios) }
  }
  const bareNode = median(Array.from({ length: CLI_RUNS }, () => wall(node, ['-e', '1'])))
  const line = (name: string, f: Figure, target: string, against = ''): void =>
    console.log(
      `${name.padEnd(58)} ${f.ms.toFixed(0).padStart(6)} ms  ${f.ratio.toFixed(2).padStart(5)}x  ${target}${against}`
    )
  const summary: string[] = []
  const verdict = (ratio: number, target: number): string =>
    `${ratio.toFixed(2)}x (target <= ${target}x: ${ratio <= target ? 'met' : 'NOT met'})`
  const both = (name: string, args: readonly string[], target: number): void => {
    const cli = againstBare(node, [CLI, ...args])
    line(`cli.js ${name}`, cli, `(target <= ${target}x node -e 1)`)
    let bin = ''
    if (hasSystemNode) {
      const b = againstBare(SYSTEM_NODE, [BIN, ...args])
      line(`  the package bin, from ${SYSTEM_NODE} ${systemVersion}`, b, '')
      bin = `; package bin ${b.ratio.toFixed(2)}x`
    }
    summary.push(`${name.padEnd(44)} ${verdict(cli.ratio, target)}${bin}`)
  }

  console.log(
    `
CLI start-up: whole processes on Node ${process.version}, ${CLI_RUNS} runs each in turn with a bare node -e 1, medians`
  )
  console.log(`${'bare node -e 1 (the yardstick)'.padEnd(58)} ${bareNode.toFixed(0).padStart(6)} ms`)
  both('case list, an empty workspace', ['case', 'list', '--db', empty], 2)
  both('verdict --json, the demo case', ['verdict', '--json', '--case', 'demo-cloud', '--db', demoDb], 3)

  // imports from the CLI, start-up included, each into a fresh workspace, paired with the bare work
  const importFile = async (label: string, bytes: Uint8Array): Promise<void> => {
    const slug = label.replace(/\W+/g, '-')
    const file = join(dir, `${slug}.yaml`)
    writeFileSync(file, bytes)
    const runs = {
      cold: [] as number[],
      warm: [] as number[],
      bareProcess: [] as number[],
      cli: [] as number[],
      bin: [] as number[]
    }
    const ratios = {
      cli: [] as number[],
      warm: [] as number[],
      bareProcess: [] as number[],
      bin: [] as number[]
    }
    const fresh = (name: string): string =>
      preparedWorkspace(dir, `${slug}-${name}-${runs.cli.length}.sqlite`)
    const importArgs = (db: string): string[] => ['import', '--case', 'c', '--db', db, file]
    // one round not counted: the bare parse runs warm in this process, as in the import section
    await bareParseAndInsert(bytes, mkdtempSync(join(dir, 'bare-')))
    wall(node, [CLI, ...importArgs(fresh('warm-up'))])
    for (let k = 0; k < IMPORT_RUNS; k++) {
      const sub = mkdtempSync(join(dir, 'bare-'))
      const b = await bareParseAndInsert(bytes, sub)
      const warm = b.parse + b.insert
      const bare = spawnTimed(node, [BARE_IMPORT, file, fresh('bare-process')])
      const cold = (JSON.parse(bare.stdout) as { work: number }).work
      const cli = wall(node, [CLI, ...importArgs(fresh('cli'))])
      runs.cold.push(cold)
      runs.warm.push(warm)
      runs.bareProcess.push(bare.ms)
      runs.cli.push(cli)
      ratios.cli.push(cli / cold)
      ratios.warm.push(cli / warm)
      ratios.bareProcess.push(cli / bare.ms)
      if (hasSystemNode) {
        const bin = wall(SYSTEM_NODE, [BIN, ...importArgs(fresh('bin'))])
        runs.bin.push(bin)
        ratios.bin.push(bin / cold)
      }
    }
    const ms = (xs: number[]): string => median(xs).toFixed(0).padStart(6)
    const x = (xs: number[]): string => `${median(xs).toFixed(2).padStart(5)}x`
    console.log(
      `${`bare parse + insert, ${label}`.padEnd(58)} ${ms(runs.cold)} ms  (once, in a fresh process: the yardstick)`
    )
    console.log(`${'  the same, warm in this process'.padEnd(58)} ${ms(runs.warm)} ms`)
    console.log(
      `${'  the same as a whole process (its start-up included)'.padEnd(58)} ${ms(runs.bareProcess)} ms`
    )
    const cli = { ms: median(runs.cli), ratio: median(ratios.cli) }
    line(`cli.js import, ${label}`, cli, '(target <= 1.3x the bare parse + insert)')
    console.log(`${'  against the warm bare work'.padEnd(58)} ${''.padStart(6)}    ${x(ratios.warm)}`)
    console.log(
      `${'  against the bare work as a whole process'.padEnd(58)} ${''.padStart(6)}    ${x(ratios.bareProcess)}`
    )
    let bin = ''
    if (hasSystemNode) {
      const b = { ms: median(runs.bin), ratio: median(ratios.bin) }
      line(`  the package bin, from ${SYSTEM_NODE} ${systemVersion}`, b, '')
      bin = `; package bin ${b.ratio.toFixed(2)}x`
    }
    summary.push(
      `${`import, ${label}`.padEnd(44)} ${verdict(cli.ratio, 1.3)}${bin}; against the warm bare work ${median(ratios.warm).toFixed(2)}x, a bare process ${median(ratios.bareProcess).toFixed(2)}x`
    )
  }
  console.log(
    `\nCLI imports: whole processes, each into a fresh workspace, ${IMPORT_RUNS} runs each paired with the bare parse + insert of the same bytes, medians`
  )
  await importFile(
    `${COUNT.toLocaleString('en')} testcases, ${(report50k.length / 1e6).toFixed(1)} MB`,
    report50k
  )
  const many = new TextEncoder().encode(manyReports(1000))
  await importFile(`1,000 reports in one file (54,000 results, ${(many.length / 1e6).toFixed(1)} MB)`, many)
  rmSync(dir, { recursive: true, force: true })
  return summary
}

async function main(): Promise<void> {
  await loadBuiltinSchemes()
  if (process.env['BENCH_ONLY'] === 'register') return benchRegister()
  const only = process.env['BENCH_ONLY']
  // the small benchmarks first, on a fresh heap (BENCH_ONLY=import or cli skips them; BENCH_ONLY=pdf runs
  // reconciliation, the verdict and the PDF alone)
  if (only !== 'import' && only !== 'cli') {
    const input = benchReconcile()
    benchVerdict(input)
    // the PDF bench uses a clean case: every result PASS and fresh, so the verdict has no findings annex
    await benchPdf(
      benchVerdict({
        ...input,
        results: input.results.map((r) => ({ ...r, reportId: 1, value: 1 as const }))
      })
    )
    if (only === 'pdf') return
    await benchDecisions()
    await benchBundle()
    await benchLogCheck()
    await benchChainCheck()
    await benchVerifyBomb()
    await benchRegister()
  }
  console.log('')
  const report = generateReport({ count: COUNT })
  const bytes = new TextEncoder().encode(report.text)
  if (only !== 'cli') await benchImport(report, bytes)
  const summary = await benchCli(bytes)
  console.log(
    `\nThe CLI's targets (issue 10), medians of pair ratios in this run, on ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end:`
  )
  for (const s of summary) console.log(`  ${s}`)
}

/** The import of the 50,000-testcase report in a process like the app's, against the bare work. */
async function benchImport(report: ReturnType<typeof generateReport>, bytes: Uint8Array): Promise<void> {
  const rows = report.ids.map((id, i) => [id, report.values[i]!] as const)
  console.log(
    `Report: ${COUNT.toLocaleString('en')} testcases, ${(bytes.length / 1e6).toFixed(1)} MB, real scs-compliance-check format`
  )
  console.log(`Node ${process.version}, ${RUNS} runs each, medians\n`)

  const bareParse: number[] = []
  const bareMinimal: number[] = []
  const bareSameRows: number[] = []
  const importWorker: number[] = []
  const importInline: number[] = []
  const importCold: number[] = []
  const importWarmedUp: number[] = []

  // the first import of a fresh worker runs cold (no optimised code yet); what the app does about it: the
  // worker compiles on a synthetic report at start (warmUpImporter), and a tiny import queued behind that
  // tells when it is done
  const firstDir = mkdtempSync(join(tmpdir(), 'aw-bench-'))
  for (const [warmUp, out] of [
    [false, importCold],
    [true, importWarmedUp]
  ] as const) {
    const fresh = openWorkspace({
      dbPath: join(firstDir, `fresh-${warmUp}.sqlite`),
      resourcesDir: join(ROOT, 'resources'),
      actor: 'bench',
      importWorkerFile: WORKER
    })
    fresh.createCase({ id: 'bench', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    // cold: the timed import starts the worker itself (thread, bundle, connection) and runs unoptimised;
    // warmed up: the timed import follows the warm-up, which a tiny import queued behind it waits for
    if (warmUp) {
      fresh.warmUpImporter()
      await fresh.importOne('bench', { name: 'tiny.yaml', bytes: TINY })
    }
    out.push(await time(() => fresh.importOne('bench', { name: 'bench-report.yaml', bytes })))
    fresh.close()
  }
  rmSync(firstDir, { recursive: true, force: true })

  // the real import, as in a session of the app: one workspace whose import worker lives on (it hashes,
  // parses, validates, plans and writes each file in one transaction on its own connection), a new case per
  // run; and the same service inline on the main thread. The workspace grows by 50,000 rows a run.
  const sessionDir = mkdtempSync(join(tmpdir(), 'aw-bench-'))
  const sessions = [
    [WORKER, importWorker],
    [null, importInline]
  ] as const
  const open = sessions.map(([worker], k) => {
    const ws = openWorkspace({
      dbPath: join(sessionDir, `session-${k}.sqlite`),
      resourcesDir: join(ROOT, 'resources'),
      actor: 'bench',
      importWorkerFile: worker
    })
    return ws
  })
  // earlier work of the session: one import of another report of the same size
  for (const ws of open) {
    ws.createCase({ id: 'earlier', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.importOne('earlier', { name: 'earlier.yaml', bytes: WARM })
  }

  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'aw-bench-'))
    const bare = await bareParseAndInsert(bytes, dir)
    bareParse.push(bare.parse)
    bareSameRows.push(bare.insert)
    bareMinimal.push(await time(() => bareInsertMinimal(join(dir, 'bare.sqlite'), rows)))
    rmSync(dir, { recursive: true, force: true })
    for (const [k, [, out]] of sessions.entries()) {
      const ws = open[k]!
      ws.createCase({ id: `bench-${run}`, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      out.push(await time(() => ws.importOne(`bench-${run}`, { name: 'bench-report.yaml', bytes })))
    }
  }
  for (const ws of open) ws.close()
  rmSync(sessionDir, { recursive: true, force: true })

  const p = median(bareParse)
  const m = median(bareMinimal)
  const i = median(bareSameRows)
  const w = median(importWorker)
  const n = median(importInline)
  const row = (name: string, ms: number, note = ''): void =>
    console.log(`${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms ${note}`)
  row('bare parse (js-yaml, same bytes)', p)
  row('bare insert, same rows (file, report, invocations, results)', i)
  row('bare insert, results only into a 4-column table', m)
  row('bare parse + bare insert of the same rows', p + i)
  row('import (worker: parse, check, transaction)', w, `ratio ${(w / (p + i)).toFixed(2)}x (target <= 1.3x)`)
  row('import (inline, same service on the main thread)', n, `ratio ${(n / (p + i)).toFixed(2)}x`)
  row('first import, starting a fresh worker (cold, one run)', importCold[0]!, '(the CLI pays this)')
  row("first import once the app's start-up warm-up is done (one run)", importWarmedUp[0]!, '(target <= 1 s)')
  console.log(
    `against bare parse + the results-only insert (${(p + m).toFixed(0)} ms) the worker import is ${(w / (p + m)).toFixed(2)}x`
  )
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
else if (process.env['BENCH_ONLY'] === 'bundle') void loadBuiltinSchemes().then(benchBundle)
else void main()
