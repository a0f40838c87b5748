/** `scheme import FILE` through the CLI (the same contract channels as the Schemes screen). */
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { EXIT } from '../../src/main/cli'
import { cli } from '../helpers/cli'
import { RESOURCES, tempDir } from '../helpers/paths'
import { reportYaml } from '../helpers/workspace'

const redefined = readFileSync(join(RESOURCES, 'schemes/scs-compatible-iaas.yaml'), 'utf8').replace(
  '    targets:\n      main:\n      - scs-0101-entropy-avail\n      - scs-0101-fips-test\n',
  '    targets:\n      main:\n      - scs-0101-fips-test\n      preview:\n      - scs-0101-entropy-avail\n'
)

describe('scheme import (CLI)', () => {
  it('shows the change, refuses a stable change without --force, and logs the reason when forced', async () => {
    const dir = tempDir()
    const db = join(dir, 'w.sqlite')
    const file = join(dir, 'scs-compatible-iaas.yaml')
    writeFileSync(file, redefined)
    const list = await cli('scheme', 'list', '--db', db)
    expect(list.code).toBe(EXIT.ok)
    expect(list.out).toMatch(/^scs-compatible-iaas\tscs-scope\tnext, v5\.1, v4, v3\t[0-9a-f]{16}\t/m)

    const dry = await cli('scheme', 'import', '--db', db, '--dry-run', file)
    expect(dry.code).toBe(EXIT.ok)
    expect(dry.out).toMatch(/would be updated \(dry run; nothing written\)/)
    expect(dry.out).toMatch(
      /STABLE {2}v5\.1: scs-0101-entropy-avail moves from main to preview in module scs-0101-v1/
    )

    const refused = await cli('scheme', 'import', '--db', db, file)
    expect(refused.code).toBe(EXIT.rejected)
    expect(refused.err).toMatch(/would change what a stable version of scheme scs-compatible-iaas requires/)

    expect((await cli('scheme', 'import', '--db', db, '--force', file)).code).toBe(EXIT.usage)
    const forced = await cli(
      'scheme',
      'import',
      '--db',
      db,
      '--force',
      '--reason',
      'errata of 2026-11-20',
      '--json',
      file
    )
    expect(forced.code, forced.err).toBe(EXIT.ok)
    expect(JSON.parse(forced.out)).toMatchObject({ applied: true, forcedReason: 'errata of 2026-11-20' })

    const raw = new Database(db, { readonly: true })
    const logged = raw
      .prepare<[], { actor: string; payload: string }>(
        "SELECT actor, payload FROM audit_log WHERE action = 'scheme.import'"
      )
      .all()
    raw.close()
    expect(logged).toHaveLength(1)
    expect(JSON.parse(logged[0]!.payload)).toMatchObject({ reason: 'errata of 2026-11-20', forced: true })
  })

  it('refuses evidence: a report is not a scheme file', async () => {
    const dir = tempDir()
    const file = join(dir, 'r.yaml')
    writeFileSync(file, reportYaml({ results: { 'scs-0100-syntax-check': 1 } }))
    const r = await cli('scheme', 'import', '--db', join(dir, 'w.sqlite'), file)
    expect(r.code).toBe(EXIT.rejected)
    expect(r.err).toMatch(/a scs-report file is evidence for a case, not a scheme definition/)
  })
})
