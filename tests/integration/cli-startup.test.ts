/**
 * What a command of the built CLI loads (issue 10 §2): reading a workspace loads none of the heavy
 * libraries; each loads in the command that needs it. Speed figures are in `npm run bench`; this checks the
 * cause. Needs `npm run build` (`npm test` builds first).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES, ROOT, tempDir } from '../helpers/paths'

const CLI = join(ROOT, 'out/main/cli.js')
const HOOK = join(ROOT, 'tests/helpers/log-imports.mjs')
const HEAVY = [
  'zod',
  'exceljs',
  'pdfmake',
  'pkijs',
  'asn1js',
  'ajv',
  'ajv-formats',
  'fast-xml-parser',
  '@signpdf'
]
const dir = tempDir()
const db = join(dir, 'w.sqlite')

/**
 * zod is bundled into the build (electron.vite.config.ts, scripts/build-cli.mjs): it loads as a chunk of
 * ours, which holds its code, and counts as the package
 */
const bundles = new Map<string, string | null>()
function bundledPackage(url: string): string | null {
  if (!url.startsWith('file:') || !url.includes('/out/main/')) return null
  if (!bundles.has(url)) {
    const code = readFileSync(new URL(url), 'utf8')
    bundles.set(url, /\bclass \$?ZodType\b|\$ZodType\b/.test(code) ? 'zod' : null)
  }
  return bundles.get(url)!
}

/** the packages under node_modules that `cli.js ARGS` loads, and the bundled ones (bundledPackage) */
function packagesLoaded(name: string, ...args: string[]): string[] {
  const log = join(dir, `${name}.log`)
  const r = spawnSync(process.execPath, ['--import', HOOK, CLI, ...args, '--db', db], {
    encoding: 'utf8',
    env: { ...process.env, AW_IMPORT_LOG: log }
  })
  expect(r.status, r.stderr).toBe(0)
  const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : []
  const names = urls
    .map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? bundledPackage(u))
    .filter((n): n is string => !!n)
  return [...new Set(names)].sort()
}
const heavyIn = (packages: string[]): string[] =>
  packages.filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)))

describe('what a CLI command loads', () => {
  beforeAll(() => {
    expect(existsSync(CLI), 'out/main/cli.js is missing: run npm run build').toBe(true)
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8' })
    expect(
      run('case', 'create', '--id', 'a', '--scheme', 'scs-compatible-iaas', '--scheme-version', 'v5.1').status
    ).toBe(0)
    expect(run('import', '--case', 'a', join(FIXTURES, 'reports/scs-report-demo-cloud.yaml')).status).toBe(0)
  })

  it.each([
    ['case list', ['case', 'list']],
    ['verdict', ['verdict', '--case', 'a', '--json']],
    ['findings', ['findings', '--case', 'a']],
    ['audit-log verify', ['audit-log', 'verify', '--case', 'a']]
  ])('%s loads none of the heavy libraries', (name, args) => {
    const loaded = packagesLoaded(name.replace(/ /g, '-'), ...args)
    expect(loaded).toContain('better-sqlite3')
    expect(heavyIn(loaded)).toEqual([])
  })

  it('export-template loads the XLSX library (and so the hook sees what a command loads)', () => {
    const loaded = packagesLoaded('template', 'export-template', '--case', 'a', '--out', join(dir, 'q.xlsx'))
    expect(loaded).toContain('exceljs')
  })

  it('a command that checks its arguments with zod loads the bundled zod (and so the hook sees it)', () => {
    // `case create` goes through the zod schemas of ipc/args.ts (quick-args.ts takes only the common reads)
    const loaded = packagesLoaded(
      'create',
      'case',
      'create',
      '--id',
      'b',
      '--scheme',
      'scs-compatible-iaas',
      '--scheme-version',
      'v5.1'
    )
    expect(loaded).toContain('zod')
  })
})
