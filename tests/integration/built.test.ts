/**
 * The built output (out/), as users run it: the CLI bundle with its parse worker, and the bridge entry.
 * `npm test` builds first; run `npm run build` before running this file alone.
 */
import { describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES, ROOT, tempDir } from '../helpers/paths'

const CLI = join(ROOT, 'out/main/cli.js')
const BRIDGE = join(ROOT, 'out/main/bridge.js')

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
}

describe('built app', () => {
  it('exists (npm test builds it)', () => {
    expect(existsSync(CLI), 'out/main/cli.js is missing: run npm run build').toBe(true)
    expect(existsSync(join(ROOT, 'out/main/parse-worker.js'))).toBe(true)
    expect(existsSync(join(ROOT, 'out/preload/index.cjs'))).toBe(true)
  })

  it('the CLI imports through its worker and honours AUDITOR_WORKBENCH_DB', () => {
    const db = join(tempDir(), 'env.sqlite')
    const env = { AUDITOR_WORKBENCH_DB: db }
    expect(
      run(['case', 'create', '--id', 'a', '--scheme', 'scs-compatible-iaas', '--scheme-version', 'v5.1'], env)
        .status
    ).toBe(0)
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
    run([
      'case',
      'create',
      '--db',
      db,
      '--id',
      'a',
      '--scheme',
      'scs-compatible-iaas',
      '--scheme-version',
      'v5.1'
    ])
    const r = run(['import', '--db', db, '--case', 'a', '--json', join(FIXTURES, 'hostile/alias-bomb.yaml')])
    expect(r.status).toBe(3)
    expect(JSON.parse(r.stdout)[0].error.details.reason).toMatch(/alias|nodes/)
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
    expect(out).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}/)
    expect(out).not.toMatch(/Opened with/)
  })
})
