import { describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import { mkdirSync, writeFileSync } from 'node:fs'
import { EXIT } from '../../src/main/cli'
import { fileHandlers } from '../../src/main/ipc/local'
import { caseCreateArgv, cli } from '../helpers/cli'
import { createTestWorkspace } from '../helpers/workspace'
import { registeredKeyFile } from '../helpers/identity'
import { FIXTURES, tempDir } from '../helpers/paths'
import Database from 'better-sqlite3'

const report = join(FIXTURES, 'reports/scs-report-demo-cloud.yaml')

describe('CLI (in process, same core as the app)', () => {
  it('case create, case list, import with a JSON receipt', async () => {
    const db = join(tempDir(), 'w.sqlite')
    expect((await cli(...caseCreateArgv('acme', '--db', db))).code).toBe(EXIT.ok)
    const list = await cli('case', 'list', '--db', db, '--json')
    expect(JSON.parse(list.out)).toMatchObject([
      { id: 'acme', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' }
    ])
    const imp = await cli('import', '--db', db, '--case', 'acme', '--json', report)
    expect(imp.code).toBe(EXIT.ok)
    const [outcome] = JSON.parse(imp.out) as [
      { ok: boolean; receipt: { kind: string; counts: { accepted: number }; sha256: string } }
    ]
    expect(outcome.ok).toBe(true)
    expect(outcome.receipt).toMatchObject({ kind: 'scs-report', counts: { accepted: 54 } })
    // the rows are really in the SQLite file
    const raw = new Database(db, { readonly: true })
    expect(raw.prepare('SELECT count(*) AS n FROM testcase_results').get()).toEqual({ n: 54 })
    expect(raw.prepare('SELECT sha256 FROM imported_files').get()).toEqual({ sha256: outcome.receipt.sha256 })
    raw.close()
  })

  it('human receipts name the file, kind and counts', async () => {
    const db = join(tempDir(), 'w.sqlite')
    expect((await cli(...caseCreateArgv('a', '--db', db))).code).toBe(EXIT.ok)
    const r = await cli('import', '--db', db, '--case', 'a', report)
    expect(r.out).toMatch(/scs-report-demo-cloud\.yaml: imported/)
    expect(r.out).toMatch(/testcases\s+54 accepted, 0 unknown, 0 missing, 0 duplicate/)
  })

  it('exit 3 when a file is rejected, naming file, place and reason; the good file is still stored', async () => {
    const dir = tempDir()
    const db = join(dir, 'w.sqlite')
    const bad = join(dir, 'bad.yaml')
    writeFileSync(
      bad,
      'spec: {uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f}\nchecked_at: soon\nsubject: x\nrun: {}\n'
    )
    expect((await cli(...caseCreateArgv('a', '--db', db))).code).toBe(EXIT.ok)
    const r = await cli('import', '--db', db, '--case', 'a', bad, report)
    expect(r.code).toBe(EXIT.rejected)
    expect(r.err).toMatch(/bad\.yaml: REJECTED, nothing stored/)
    expect(r.err).toMatch(/place\s+checked_at/)
    expect(r.err).toMatch(/reason\s+expected a date and time/)
    const list = await cli('case', 'list', '--db', db, '--json')
    expect(JSON.parse(list.out)[0].resultCount).toBe(54)
  })

  it.each([
    [['case', 'create', '--id', 'x']],
    [['import', '--case', 'x']],
    [['frobnicate']],
    [['case', 'list', '--bogus']],
    [[]]
  ])('exit 2 on usage errors: %j', async (argv) => {
    const db = join(tempDir(), 'w.sqlite')
    expect((await cli(...argv, ...(argv.length ? ['--db', db] : []))).code).toBe(EXIT.usage)
  })

  it.each([
    ['scheme import', ['scheme', 'import', 'MISSING']],
    ['verify', ['verify', 'MISSING']],
    ['verify --trust', ['verify', report, '--trust', 'MISSING']],
    ['bundle verify', ['bundle', 'verify', 'MISSING']],
    ['bundle import', ['bundle', 'import', 'MISSING']],
    ['evidence add', ['evidence', 'add', '--case', 'x', 'MISSING']],
    ['identity add', ['identity', 'add', '--name', 'Ann', '--pubkey', 'MISSING']],
    [
      'export --p12',
      ['export', '--case', 'x', '--out', 'OUT', '--p12', 'MISSING', '--passphrase-env', 'AW_TEST_PASSPHRASE']
    ]
  ])(
    '%s of a file that cannot be read: exit 2, naming the file and why, not a failure of the CLI',
    async (_, argv) => {
      const dir = tempDir()
      const missing = join(dir, 'no such file.awcase')
      const named = argv.map((a) => (a === 'MISSING' ? missing : a === 'OUT' ? join(dir, 'out.pdf') : a))
      // export reads its passphrase from the variable it names, before it reads the PKCS#12 file
      process.env['AW_TEST_PASSPHRASE'] = 'not used'
      const r = await cli(...named, '--db', join(dir, 'w.sqlite')).finally(
        () => delete process.env['AW_TEST_PASSPHRASE']
      )
      expect(r.code).toBe(EXIT.usage)
      expect(r.err).toContain(`cannot read ${missing} (ENOENT)`)
      expect(r.err).not.toMatch(/Something went wrong/)
    }
  )

  it('exit 2 for an unknown case', async () => {
    const r = await cli('import', '--db', join(tempDir(), 'w.sqlite'), '--case', 'nope', report)
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toMatch(/No case "nope"/)
  })

  it.each(['constructor', '__proto__', 'toString'])(
    '"%s" is an unknown command, not a crash',
    async (cmd) => {
      const r = await cli(cmd)
      expect(r.code).toBe(EXIT.usage)
      expect(r.err).toMatch(/unknown command/)
    }
  )

  it('export and verify say what is missing, and verify fails a file that is not a signed verdict (exit 4)', async () => {
    const noOut = await cli('export', '--case', 'x', '--db', join(tempDir(), 'w.sqlite'))
    expect(noOut.code).toBe(EXIT.usage)
    expect(noOut.err).toMatch(/--out/)
    const noKey = await cli(
      'export',
      '--case',
      'x',
      '--out',
      join(tempDir(), 'v.pdf'),
      '--db',
      join(tempDir(), 'w.sqlite')
    )
    expect(noKey.code).toBe(EXIT.usage)
    expect(noKey.err).toMatch(/--p12 \(or --pre-audit/)
    expect((await cli('verify')).code).toBe(EXIT.usage)
    const notPdf = join(tempDir(), 'not.pdf')
    writeFileSync(notPdf, '%PDF-1.7\nnot really\n')
    // a workspace of its own: never the user's default one
    const r = await cli('verify', notPdf, '--db', join(tempDir(), 'w.sqlite'))
    expect(r.code).toBe(EXIT.verifyFailed)
    expect(r.out).toMatch(/^INVALID: [\s\S]*not signed/)
  })
})

describe('every command goes through dispatch (issue 11 §2)', () => {
  const long = 'x'.repeat(201)
  it.each([
    ['import', ['import', '--case', long, report], 'import:files'],
    ['audit-log verify', ['audit-log', 'verify', '--case', long], 'audit:verify'],
    ['export-template', ['export-template', '--case', long, '--out', 'q.xlsx'], 'cases:exportTemplate'],
    ['evidence add', ['evidence', 'add', '--case', long, report], 'documents:attach'],
    ['evidence get', ['evidence', 'get', '--case', 'c', '--sha256', 'abc', '--out', 'x'], 'documents:get'],
    ['backup', ['backup', '--out', `/tmp/${'b'.repeat(5000)}`], 'workspace:backup']
  ])('%s: its arguments are checked as every face checks them', async (_name, argv, channel) => {
    const r = await cli(...argv, '--db', join(tempDir(), 'w.sqlite'))
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toMatch(new RegExp(`^error: The request ${channel} was refused: `))
  })

  it('register push --case: the bundle is made through dispatch, its arguments checked before the register is asked', async () => {
    const ws = createTestWorkspace()
    const key = registeredKeyFile(ws, 'Ann')
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    ws.close()
    const r = await cli(
      'register',
      'push',
      '--case',
      'c',
      '--comment',
      'x'.repeat(10_001),
      '--key',
      key,
      // nothing listens here: the refusal comes before any request
      '--url',
      'http://127.0.0.1:9',
      '--db',
      ws.dbPath
    )
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toMatch(/^error: The request bundle:export was refused: comment is too long\./)
  })

  it('timestamp: its arguments are checked by dispatch (it needs no workspace)', async () => {
    const r = await cli('timestamp', join(tempDir(), 'missing.pdf'), '--tsa', 'ftp://tsa.example')
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toBe(
      'error: The request pdf:timestamp was refused: tsaUrl is not valid (expected an http(s) URL).\n'
    )
  })

  it('timestamp: an unexpected error is mapped on its channel, not as a failure of the CLI', async () => {
    const logged: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void logged.push(String(m)))
    // a fault inside the channel's handler (the file is there; what fails is ours)
    const fault = vi.spyOn(fileHandlers, 'pdf:timestamp').mockRejectedValue(new Error('a fault of ours'))
    try {
      const r = await cli('timestamp', report, '--tsa', 'http://127.0.0.1:9', '--json')
      expect(r.code).toBe(1)
      expect(JSON.parse(r.out)).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong. Details are in the log.' }
      })
      expect(logged).toEqual(['[auditor-workbench] pdf:timestamp failed'])
    } finally {
      fault.mockRestore()
      spy.mockRestore()
    }
  })

  it('timestamp of a file that cannot be read: refused, naming the file and why', async () => {
    const missing = join(tempDir(), 'missing.pdf')
    const r = await cli('timestamp', missing, '--tsa', 'http://127.0.0.1:9')
    expect(r.code).toBe(EXIT.rejected)
    expect(r.err).toContain(`${missing}: (whole file): cannot read the file (ENOENT)`)
  })

  it('an unexpected error is the mapped envelope (exit 1), not a crash of the CLI', async () => {
    // a workspace path under a plain file: creating its folder fails in a way nothing maps
    const plain = join(tempDir(), 'plain')
    writeFileSync(plain, 'not a folder')
    const db = join(plain, 'w.sqlite')
    const json = await cli('case', 'list', '--db', db, '--json')
    expect(json.code).toBe(1)
    expect(JSON.parse(json.out)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong. Details are in the log.' }
    })
    const human = await cli('case', 'list', '--db', db)
    expect(human.code).toBe(1)
    expect(human.err).toBe('error: Something went wrong. Details are in the log.\n')
  })

  it.each([
    [
      'a file that is not SQLite',
      'garbage',
      /is not a workspace file, or it is damaged \(file is not a database\)/
    ],
    ['a folder', 'folder', /cannot be opened as a workspace file \(unable to open database file\)/]
  ])('--db naming %s: exit 2, naming the file and why', async (_, kind, message) => {
    const dir = tempDir()
    const db = join(dir, 'w.sqlite')
    if (kind === 'garbage') writeFileSync(db, 'garbage garbage garbage garbage')
    else mkdirSync(db)
    const r = await cli('case', 'list', '--db', db)
    expect(r.code).toBe(EXIT.usage)
    expect(r.err).toContain(db)
    expect(r.err).toMatch(message)
  })
})
