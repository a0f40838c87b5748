/**
 * The built-in schemes are seeded when the shipped files changed since the workspace last seeded them, and
 * only then (issue 10 §2): a read command on an up-to-date workspace takes no write lock, and an edited
 * rule file is seeded at the next start.
 */
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli, EXIT } from '../../src/main/cli'
import { openWorkspace } from '../../src/main/workspace'
import { shippedSchemes, storedSchemesHash } from '../../src/main/shipped-schemes'
import { RESOURCES, tempDir } from '../helpers/paths'
import { onFile } from '../helpers/insider'

const quiet = { out: () => undefined, err: () => undefined }
let holders: Database.Database[] = []
afterEach(() => {
  holders.forEach((h) => h.inTransaction && h.exec('ROLLBACK'))
  holders.forEach((h) => h.close())
  holders = []
})

/** another connection holding the workspace's write lock (BEGIN IMMEDIATE) until the test ends */
function holdWriteLock(db: string): void {
  const h = new Database(db)
  h.pragma('busy_timeout = 0')
  h.exec('BEGIN IMMEDIATE')
  holders.push(h)
}

describe('seeding the built-in schemes', () => {
  it('a read command on an up-to-date workspace runs while another process holds the write lock', async () => {
    const db = join(tempDir(), 'w.sqlite')
    const create = ['case', 'create', '--db', db, '--id', 'a', '--scheme', 'scs-compatible-iaas']
    expect(await runCli([...create, '--scheme-version', 'v5.1'], quiet)).toBe(EXIT.ok)
    holdWriteLock(db)
    let out = ''
    const io = { out: (s: string) => (out += s + '\n'), err: (s: string) => (out += s + '\n') }
    expect(await runCli(['case', 'list', '--db', db, '--json'], io)).toBe(EXIT.ok)
    expect(JSON.parse(out)).toMatchObject([{ id: 'a' }])
    out = ''
    expect(await runCli(['verdict', '--case', 'a', '--db', db, '--json'], io)).toBe(EXIT.ok)
    expect(JSON.parse(out)).toMatchObject({ caseId: 'a' })
  })

  it('stores the hash of the shipped files, and seeds again when one of them changed', () => {
    const resourcesDir = join(tempDir(), 'resources')
    cpSync(RESOURCES, resourcesDir, { recursive: true })
    const dbPath = join(tempDir(), 'w.sqlite')
    const open = () => openWorkspace({ dbPath, resourcesDir, actor: 'test' })
    const builtinEntries = (ws: ReturnType<typeof open>) =>
      onFile(ws, (db) =>
        db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'scheme.builtin'").get()
      ) as {
        n: number
      }

    let ws = open()
    const first = shippedSchemes(resourcesDir).hash
    expect(onFile(ws, storedSchemesHash)).toBe(first)
    const seeded = builtinEntries(ws).n
    expect(seeded).toBeGreaterThan(0)
    ws.close()

    // unchanged files: nothing is seeded, nothing written
    ws = open()
    expect(builtinEntries(ws).n).toBe(seeded)
    ws.close()

    // an assessment body renames a scoring criterion in a points scheme's rule file
    const rules = join(resourcesDir, 'schemes/scs-integrator-iaas.rules.yaml')
    writeFileSync(
      rules,
      readFileSync(rules, 'utf8').replace(
        'name: Third-party environment actively managed',
        'name: Third-party environment under active management'
      )
    )
    ws = open()
    expect(onFile(ws, storedSchemesHash)).toBe(shippedSchemes(resourcesDir).hash)
    expect(onFile(ws, storedSchemesHash)).not.toBe(first)
    expect(builtinEntries(ws).n).toBe(seeded + 1)
    expect(
      ws.schemes.get('scs-integrator-iaas').scope.modules.find((m) => m.id === 'scoring.third-party-managed')
        ?.name
    ).toBe('Third-party environment under active management')
    ws.close()
  })
})
