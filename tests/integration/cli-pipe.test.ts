/**
 * The built CLI's output through a pipe: a multi-megabyte --json output arrives whole, byte for byte as
 * written to a file, with the command's exit code (issue 10 §3: `process.exit()` right after the write cut
 * it at the pipe's 64 KB). Needs `npm run build` (`npm test` builds first).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, tempDir } from '../helpers/paths'
import { manyReports } from '../helpers/many-reports'

const CLI = join(ROOT, 'out/main/cli.js')
const BIN = join(ROOT, 'bin/auditor-workbench.mjs')
const dir = tempDir()
const db = join(dir, 'w.sqlite')

/** Runs `node <entry> ARGS` once with stdout to a file and once through `| cat` to a file; both exit codes. */
function fileAndPipe(node: string, entry: string, args: readonly string[], name: string) {
  const direct = join(dir, `${name}.file`)
  const piped = join(dir, `${name}.pipe`)
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
  const cmd = [node, entry, ...args].map(q).join(' ')
  const r = spawnSync(
    'bash',
    ['-c', `${cmd} > ${q(direct)}; echo "$?"; ${cmd} | cat > ${q(piped)}; echo "\${PIPESTATUS[0]}"`],
    { encoding: 'utf8', maxBuffer: 1 << 20 }
  )
  const [fileCode, pipeCode] = r.stdout.trim().split('\n').map(Number)
  return { fileCode, pipeCode, file: readFileSync(direct), pipe: readFileSync(piped), stderr: r.stderr }
}

describe('CLI output through a pipe', () => {
  beforeAll(() => {
    expect(existsSync(CLI), 'out/main/cli.js is missing: run npm run build').toBe(true)
    const reports = join(dir, 'reports.yaml')
    writeFileSync(reports, manyReports(250))
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8' })
    expect(
      run('case', 'create', '--id', 'big', '--scheme', 'scs-compatible-iaas', '--scheme-version', 'v5.1')
        .status
    ).toBe(0)
    expect(run('import', '--case', 'big', reports).status).toBe(0)
  })

  it.each([
    ['verdict', ['verdict', '--case', 'big', '--json'], 2_000_000],
    ['findings', ['findings', '--case', 'big', '--json'], 300_000]
  ] as const)('%s --json of a 250-subject case arrives whole through | cat', (name, args, size) => {
    const r = fileAndPipe(process.execPath, CLI, [...args, '--db', db], name)
    expect(r.fileCode, r.stderr).toBe(0)
    expect(r.file.length).toBeGreaterThan(size)
    expect(r.pipeCode).toBe(0)
    expect(r.pipe.length).toBe(r.file.length)
    expect(r.pipe.equals(r.file)).toBe(true)
    JSON.parse(r.pipe.toString('utf8'))
  })

  it('a failing command keeps its exit code through the pipe', () => {
    const r = fileAndPipe(process.execPath, CLI, ['verdict', '--case', 'nope', '--json', '--db', db], 'nope')
    expect(r.fileCode).toBe(2)
    expect(r.pipeCode).toBe(2)
    expect(r.pipe.equals(r.file)).toBe(true)
  })

  it('the package bin passes the whole output through, from this Node and from the system Node', () => {
    const nodes = [process.execPath, ...['/usr/bin/node'].filter((p) => existsSync(p))]
    for (const [k, node] of nodes.entries()) {
      const r = fileAndPipe(node, BIN, ['verdict', '--case', 'big', '--json', '--db', db], `bin-${k}`)
      expect(r.fileCode, `${node}: ${r.stderr}`).toBe(0)
      expect(r.pipeCode, node).toBe(0)
      expect(r.file.length).toBeGreaterThan(2_000_000)
      expect(r.pipe.equals(r.file), node).toBe(true)
    }
  })
})
