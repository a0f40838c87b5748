/**
 * The built output (out/), as users run it: the CLI bundle with its parse worker, and the bridge entry.
 * `npm test` builds first; run `npm run build` before running this file alone.
 */
import { describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES, ROOT, SHARED_FIXTURES, tempDir } from '../helpers/paths'
import { caseCreateArgv } from '../helpers/cli'

const CLI = join(ROOT, 'out/main/cli.js')
const BRIDGE = join(ROOT, 'out/main/bridge.js')

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
}

describe('built app', () => {
  it('exists (npm test builds it)', () => {
    expect(existsSync(CLI), 'out/main/cli.js is missing: run npm run build').toBe(true)
    expect(existsSync(join(ROOT, 'out/main/import-worker.js'))).toBe(true)
    expect(existsSync(join(ROOT, 'out/preload/index.cjs'))).toBe(true)
  })

  it('the CLI imports through its worker and honours AUDITOR_WORKBENCH_DB', () => {
    const db = join(tempDir(), 'env.sqlite')
    const env = { AUDITOR_WORKBENCH_DB: db }
    expect(run(caseCreateArgv('a'), env).status).toBe(0)
    const r = run(
      ['import', '--case', 'a', '--json', join(FIXTURES, 'reports/scs-report-demo-cloud.yaml')],
      env
    )
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)[0].receipt.counts.accepted).toBe(54)
    expect(existsSync(db)).toBe(true)
  })

  it('the worker turns a hostile file into a typed rejection (exit 3)', () => {
    const db = join(tempDir(), 'w.sqlite')
    expect(run(caseCreateArgv('a', '--db', db)).status).toBe(0)
    const r = run(['import', '--db', db, '--case', 'a', '--json', join(FIXTURES, 'hostile/alias-bomb.yaml')])
    expect(r.status).toBe(3)
    expect(JSON.parse(r.stdout)[0].error.details.reason).toMatch(/alias|nodes/)
  })

  it('every format imports through the built CLI and its worker; export-template writes a workbook', () => {
    const dir = tempDir()
    const db = join(dir, 'w.sqlite')
    copyFileSync(join(FIXTURES, 'signed/allowed_signers'), join(dir, 'allowed_signers'))
    copyFileSync(join(FIXTURES, 'signed/report.yaml'), join(dir, 'report.yaml'))
    copyFileSync(join(FIXTURES, 'signed/ed25519.sig'), join(dir, 'report.yaml.sig'))
    expect(run(caseCreateArgv('a', '--db', db)).status).toBe(0)
    const xlsx = join(dir, 'q.xlsx')
    const t = run(['export-template', '--db', db, '--case', 'a', '--out', xlsx])
    expect(t.status, t.stderr).toBe(0)
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK')
    const files = [
      join(dir, 'report.yaml'), // with report.yaml.sig beside it
      join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml'),
      join(FIXTURES, 'self-assessment/integrator-example.json'),
      join(FIXTURES, 'junit/tempest-demo-cloud.xml'),
      join(SHARED_FIXTURES, 'format-samples/refstack-results-demo-cloud.json')
    ]
    const r = run(['import', '--db', db, '--case', 'a', '--json', ...files])
    expect(r.status, r.stdout + r.stderr).toBe(0)
    const kinds = (JSON.parse(r.stdout) as { receipt: { kind: string; signature: string } }[]).map(
      (o) => o.receipt.kind
    )
    expect(kinds).toEqual([
      'scs-report',
      'self-assessment',
      'self-assessment',
      'junit-xml',
      'refstack-results'
    ])
    expect(JSON.parse(r.stdout)[0].receipt.signature).toBe('valid')
    // scheme files are not evidence: a case import refuses them, "scheme import" reads them
    const scope = join(SHARED_FIXTURES, 'real/scs-compatible-kaas.yaml')
    expect(run(['import', '--db', db, '--case', 'a', scope]).status).toBe(3)
    const dry = run(['scheme', 'import', '--db', db, '--dry-run', '--json', scope])
    expect(dry.status, dry.stderr).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({
      kind: 'scs-scope',
      schemeId: 'scs-compatible-kaas',
      applied: false
    })
    // the blank template imports as a file without answers: refused with a reason, nothing stored
    const blank = run(['import', '--db', db, '--case', 'a', '--json', xlsx])
    expect(blank.status).toBe(3)
  })

  it('the package bin runs the CLI, also from an older system Node (it re-runs itself on the pinned Node 24)', () => {
    const db = join(tempDir(), 'bin.sqlite')
    const bin = join(ROOT, 'bin/auditor-workbench.mjs')
    const nodes = [process.execPath, ...['/usr/bin/node', '/usr/local/bin/node'].filter((p) => existsSync(p))]
    for (const node of nodes) {
      const r = spawnSync(node, [bin, 'case', 'list', '--db', db, '--json'], { encoding: 'utf8' })
      expect(r.status, `${node}: ${r.stderr}`).toBe(0)
      expect(JSON.parse(r.stdout)).toEqual([])
    }
  })

  it('the package bin runs the CLI from a folder whose name a URL reads otherwise ("C# audits", "%41")', () => {
    for (const name of ['C# audits', 'pct%41dir']) {
      const root = join(tempDir(), name)
      mkdirSync(join(root, 'bin'), { recursive: true })
      copyFileSync(join(ROOT, 'bin/auditor-workbench.mjs'), join(root, 'bin/auditor-workbench.mjs'))
      symlinkSync(join(ROOT, 'out'), join(root, 'out'))
      const r = spawnSync(
        process.execPath,
        [join(root, 'bin/auditor-workbench.mjs'), 'case', 'list', '--db', join(root, 'w.sqlite'), '--json'],
        { encoding: 'utf8' }
      )
      expect(r.status, `${name}: ${r.stderr}`).toBe(0)
      expect(JSON.parse(r.stdout)).toEqual([])
    }
  })

  it('the bridge entry prints its URL and honours BROWSER=none', async () => {
    const child = spawn(process.execPath, [BRIDGE, '--db', join(tempDir(), 'b.sqlite')], {
      env: { ...process.env, BROWSER: 'none' }
    })
    const out = await new Promise<string>((resolve, reject) => {
      let buf = ''
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${buf}`)), 15_000)
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString()
        if (/Open: http/.test(buf)) {
          clearTimeout(timer)
          resolve(buf)
        }
      })
    })
    child.kill('SIGTERM')
    expect(out).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{43}/)
    expect(out).not.toMatch(/token=/)
    expect(out).not.toMatch(/Opened with/)
  })
})
