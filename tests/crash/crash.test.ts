/**
 * Crash safety: a child works on a real workspace file (imports and bursts of decisions) and is killed with
 * SIGKILL at a random moment, CRASH_ROUNDS times (CI: 200). After each round the file must pass
 * integrity_check and foreign_key_check, hold every decision and import the child acknowledged, and
 * its audit chain must verify.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { build } from 'esbuild'
import Database from 'better-sqlite3'
import { openWorkspace } from '../../src/main/workspace'
import { createAuditRepo } from '../../src/main/db/audit.repo'
import { RESOURCES, ROOT, tempDir } from '../helpers/paths'
import { reportYaml } from '../helpers/workspace'

const ROUNDS = Number(process.env['CRASH_ROUNDS'] ?? 40)
let child = ''

beforeAll(async () => {
  // bundle the child once, so that each round starts in ~0.1 s
  // inside the project, so that the external packages resolve from its node_modules
  child = join(ROOT, 'node_modules/.cache/aw-crash/child.mjs')
  await build({
    entryPoints: [join(ROOT, 'tests/crash/child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: child,
    external: [
      'better-sqlite3',
      'js-yaml',
      'zod',
      'ajv',
      'ajv/*',
      'ajv-formats',
      'exceljs',
      'fast-xml-parser',
      'pdfmake'
    ],
    banner: {
      js: "import { createRequire as __crashChildRequire } from 'node:module'; const require = __crashChildRequire(import.meta.url);"
    },
    logLevel: 'silent'
  })
}, 60_000)

function runAndKill(db: string, round: number): Promise<{ decisions: number[]; imports: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, db, RESOURCES, 'crash', String(round)])
    const acked = { decisions: [] as number[], imports: [] as string[] }
    let buf = ''
    let err = ''
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      let i: number
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 1)
        if (line === 'READY') setTimeout(() => p.kill('SIGKILL'), 20 + Math.floor(Math.random() * 250))
        const m = /^ACK (decision|import) (\S+)$/.exec(line)
        if (m?.[1] === 'decision') acked.decisions.push(Number(m[2]))
        else if (m?.[1] === 'import') acked.imports.push(m[2]!)
      }
    })
    p.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child ended with ${code ?? signal}: ${err}`))
    )
  })
}

describe(`crash safety (${ROUNDS} rounds of SIGKILL)`, () => {
  it('never loses an acknowledged decision or import, never corrupts the file or the audit chain', async () => {
    const db = join(tempDir('aw-crash-db-'), 'workspace.sqlite')
    const ws = openWorkspace({ dbPath: db, resourcesDir: RESOURCES, actor: 'setup' })
    ws.createCase({ id: 'crash', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.importOne('crash', {
      name: 'base.yaml',
      bytes: new TextEncoder().encode(
        reportYaml({ subject: 'crash-cloud', results: { 'scs-0100-syntax-check': 1 } })
      )
    })
    ws.close()
    const allDecisions: number[] = []
    const allImports: string[] = []
    let worked = 0
    for (let round = 1; round <= ROUNDS; round++) {
      const acked = await runAndKill(db, round)
      allDecisions.push(...acked.decisions)
      allImports.push(...acked.imports)
      if (acked.decisions.length + acked.imports.length > 0) worked += 1
      const raw = new Database(db)
      try {
        expect(raw.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok')
        expect(raw.pragma('foreign_key_check'), `round ${round}`).toEqual([])
        const ids = new Set(
          (raw.prepare('SELECT id FROM decisions').all() as { id: number }[]).map((r) => r.id)
        )
        for (const id of acked.decisions)
          expect(ids.has(id), `round ${round}: acknowledged decision ${id} is missing`).toBe(true)
        const shas = new Set(
          (raw.prepare('SELECT sha256 FROM imported_files').all() as { sha256: string }[]).map(
            (r) => r.sha256
          )
        )
        for (const sha of acked.imports)
          expect(shas.has(sha), `round ${round}: acknowledged import ${sha} is missing`).toBe(true)
        expect(createAuditRepo(raw).check().broken, `round ${round}`).toBeNull()
      } finally {
        raw.close()
      }
    }
    // the harness must really have been killing a busy writer, not an idle process
    expect(worked).toBeGreaterThan(ROUNDS / 2)
    expect(allDecisions.length).toBeGreaterThan(ROUNDS)
  }, 600_000)
})
