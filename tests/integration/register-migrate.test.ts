/**
 * The register's PostgreSQL migrations (issue 17 §1): empty → latest; each version with data → latest,
 * keeping the rows; a database from a newer build refused; two instances starting at once migrate once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PG_MISSING, PG_SKIP, startCluster, type TestCluster } from '../helpers/pg'
import { LATEST_REGISTER_SCHEMA, migrateRegister, openPool, type Pool } from '../../src/main/register/pg'
import { PG_MIGRATIONS } from '../../src/main/register/migrations'
import { DbFromFutureError } from '../../src/main/errors'

if (PG_SKIP) console.warn(PG_MISSING)

let cluster: TestCluster
const pools: Pool[] = []
beforeAll(async () => {
  if (!PG_SKIP) cluster = await startCluster()
})
afterAll(async () => {
  for (const p of pools) await p.end()
  cluster?.stop()
})
const fresh = async (): Promise<Pool> => {
  const p = openPool(await cluster.createDatabase())
  pools.push(p)
  return p
}
const version = async (p: Pool): Promise<number> =>
  (await p.query<{ version: number }>('SELECT version FROM register_schema')).rows[0]!.version
const tables = async (p: Pool): Promise<string[]> =>
  (
    await p.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`
    )
  ).rows.map((r) => r.t)

describe.skipIf(PG_SKIP)('register migrations', () => {
  it('empty → latest, and again changes nothing', async () => {
    const p = await fresh()
    expect(await migrateRegister(p)).toBe(0)
    expect(await version(p)).toBe(LATEST_REGISTER_SCHEMA)
    expect(await tables(p)).toEqual(
      [
        'acts',
        'admins',
        'bundles',
        'case_log',
        'cases',
        'certificates',
        'nonces',
        'register_schema',
        'results',
        'revocations',
        'roster'
      ].sort()
    )
    expect(await migrateRegister(p)).toBe(LATEST_REGISTER_SCHEMA)
  })

  it('v10 with data → latest keeps every row', async () => {
    const p = await fresh()
    await migrateRegister(p, PG_MIGRATIONS.slice(0, 1))
    expect(await version(p)).toBe(10)
    await p.query(`INSERT INTO roster VALUES ('SHA256:x', 'Ann', 'ssh-ed25519 AAAA', now(), 'SHA256:admin')`)
    await p.query(
      `INSERT INTO cases (case_id, title, scheme_id, scheme_version, head_seq, head_key, entries, updated_at) VALUES ('c', 'C', 's', 'v1', 3, 'h', 3, now())`
    )
    await p.query(
      `INSERT INTO bundles (case_id, sha256, bytes, head_seq, head_key, entries, pushed_by, pushed_at) VALUES ('c', 'x', '\\x00', 3, 'h', 3, 'Ann', now())`
    )
    expect(await migrateRegister(p)).toBe(10)
    expect(await version(p)).toBe(LATEST_REGISTER_SCHEMA)
    expect((await p.query('SELECT name FROM roster')).rows).toEqual([{ name: 'Ann' }])
    expect((await p.query('SELECT case_id, head_seq FROM cases')).rows).toEqual([
      { case_id: 'c', head_seq: 3 }
    ])
    expect((await p.query('SELECT count(*)::int AS n FROM bundles')).rows).toEqual([{ n: 1 }])
    // v20's tables are usable with the v10 rows
    await p.query(`INSERT INTO results VALUES ('c', 'f', 'subj', 'u', 'Scope', 'tc', 1, now())`)
  })

  it('v20 with a certificate → v30: the certificate is kept, superseded by nothing', async () => {
    const p = await fresh()
    await migrateRegister(p, PG_MIGRATIONS.slice(0, 2))
    expect(await version(p)).toBe(20)
    await p.query(
      `INSERT INTO cases (case_id, title, scheme_id, scheme_version, head_seq, head_key, entries, updated_at) VALUES ('c', 'C', 's', 'v1', 3, 'h', 3, now())`
    )
    await p.query(
      `INSERT INTO certificates VALUES ('AW-1', 'h', 'c', 's', 'S', 'v1', 'pass', 'Pass', '["x"]', '2026-11-24', '2027-11-24', 'AB', '{}', '\\x00', 'p', 'Ann', now())`
    )
    expect(await migrateRegister(p)).toBe(20)
    expect(await version(p)).toBe(30)
    expect((await p.query('SELECT verdict_id, superseded_by FROM certificates')).rows).toEqual([
      { verdict_id: 'AW-1', superseded_by: null }
    ])
  })

  it('a migration that fails leaves the database at the version before it (one transaction each)', async () => {
    const p = await fresh()
    const broken = [
      PG_MIGRATIONS[0]!,
      {
        version: 20,
        up: async (db: import('pg').PoolClient) => {
          await db.query('CREATE TABLE half (x int)')
          await db.query('SELECT no_such_column FROM roster')
        }
      }
    ]
    await expect(migrateRegister(p, broken)).rejects.toThrow(/no_such_column/)
    expect(await version(p)).toBe(10)
    expect(await tables(p)).not.toContain('half')
  })

  it('refuses a database written by a newer build', async () => {
    const p = await fresh()
    await migrateRegister(p)
    await p.query('UPDATE register_schema SET version = 999')
    await expect(migrateRegister(p)).rejects.toThrow(DbFromFutureError)
    await expect(migrateRegister(p)).rejects.toThrow(/schema v999/)
  })

  it('two instances starting at once: both succeed, the schema is made once (advisory lock)', async () => {
    const url = await cluster.createDatabase()
    const a = openPool(url)
    const b = openPool(url)
    pools.push(a, b)
    // without the lock, the second CREATE TABLE of a migration fails with a duplicate
    await Promise.all([migrateRegister(a), migrateRegister(b), migrateRegister(a), migrateRegister(b)])
    expect(await version(a)).toBe(LATEST_REGISTER_SCHEMA)
  })
})
