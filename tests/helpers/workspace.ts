import { join } from 'node:path'
import { copyFileSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { openWorkspace, type Workspace } from '../../src/main/workspace'
import { RESOURCES, FIXTURES, ROOT, tempDir } from './paths'
import type { Db } from '../../src/main/db/connection'
import { testClock } from './clock'
import { onFile } from './insider'
import type { Clock } from '../../src/main/clock'

/** A real workspace on a real SQLite file in a fresh temp folder, on the tests' fixed clock unless given one. */
export function createTestWorkspace(clock: Clock = testClock): Workspace & { dir: string } {
  const dir = tempDir()
  const ws = openWorkspace({
    dbPath: join(dir, 'workspace.sqlite'),
    resourcesDir: RESOURCES,
    actor: 'test-auditor',
    clock
  })
  return Object.assign(ws, { dir })
}

/**
 * A workspace file prepared once (by `setup`) and handed out as fresh copies: for property tests that must
 * compare every row after each of thousands of inputs. An accepted input makes the database grow, and the
 * comparisons then slow down with every run, so a test takes a fresh copy after each accepted input.
 */
export function workspaceTemplate(setup: (ws: Workspace) => void): {
  fresh(): Workspace & { dir: string }
  base: Record<string, unknown[]>
} {
  const t = createTestWorkspace()
  setup(t)
  t.close()
  const template = join(t.dir, 'workspace.sqlite')
  const fresh = (): Workspace & { dir: string } => {
    const dir = tempDir()
    copyFileSync(template, join(dir, 'workspace.sqlite'))
    const ws = openWorkspace({
      dbPath: join(dir, 'workspace.sqlite'),
      resourcesDir: RESOURCES,
      actor: 'test-auditor',
      clock: testClock
    })
    return Object.assign(ws, { dir })
  }
  const probe = fresh()
  const base = dumpDb(probe)
  probe.close()
  return { fresh, base }
}

/** The same, importing through the built import worker as the app does (needs `npm run build`). */
export function createWorkerTestWorkspace(): Workspace & { dir: string } {
  const dir = tempDir()
  const ws = openWorkspace({
    dbPath: join(dir, 'workspace.sqlite'),
    resourcesDir: RESOURCES,
    actor: 'test-auditor',
    clock: testClock,
    importWorkerFile: join(ROOT, 'out/main/import-worker.js')
  })
  return Object.assign(ws, { dir })
}

export const sampleReport = (): Uint8Array =>
  readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'))

/**
 * Every row of every table, for before/after comparisons ("the database is exactly as it was"): of a
 * connection, or of a workspace's file read on a connection of its own.
 */
export function dumpDb(from: Db | { readonly dbPath: string }): Record<string, unknown[]> {
  return 'prepare' in from ? dumpRows(from) : onFile(from, dumpRows)
}

function dumpRows(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .all()
  const out: Record<string, unknown[]> = {}
  // a BLOB (the input files' and documents' bytes) is compared by its hash: deep equality walks a buffer
  // byte by byte, which made every comparison of a workspace holding a few files take seconds
  const value = (v: unknown): unknown =>
    v instanceof Uint8Array
      ? `blob sha256:${createHash('sha256').update(v).digest('hex')} (${v.length} bytes)`
      : v
  for (const { name } of tables)
    out[name] = db
      .prepare(`SELECT * FROM "${name}" ORDER BY rowid`)
      .all()
      .map((row) => Object.fromEntries(Object.entries(row as object).map(([k, v]) => [k, value(v)])))
  return out
}

/** A report in the real scs-compliance-check format, with `n` testcases. */
export function reportYaml(opts: {
  subject?: string
  checkedAt?: string
  runUuid?: string
  results: Record<string, number>
  uuid?: string
}): string {
  const lines = [
    'spec:',
    `  uuid: ${opts.uuid ?? '50393e6f-2ae1-4c5c-a62c-3b75f2abef3f'}`,
    '  name: SCS-compatible IaaS',
    '  url: https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/scs-compatible-iaas.yaml',
    `checked_at: ${opts.checkedAt ?? '2026-11-17 08:12:44.120533'}`,
    `reference_date: ${(opts.checkedAt ?? '2026-11-17').slice(0, 10)}`,
    `subject: ${opts.subject ?? 'test-cloud'}`,
    'run:',
    `  uuid: ${opts.runUuid ?? '11111111-2222-3333-4444-555555555555'}`,
    '  argv: []',
    '  assignment: {}',
    '  sections: null',
    '  forced_version: null',
    '  forced_tests: null',
    '  invocations:',
    '    inv-1:',
    '      id: inv-1',
    '      cmd: ./iaas/openstack_test.py',
    '      results:',
    ...Object.entries(opts.results).map(([k, v]) => `        ${k}: ${v}`),
    '      rc: 0',
    '      stdout: []',
    '      stderr: []',
    '      info: 0',
    '      warning: 0',
    '      error: 0',
    '      critical: 0'
  ]
  return lines.join('\n') + '\n'
}
