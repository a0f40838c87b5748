/**
 * The register's PostgreSQL side: the pool, transactions that tolerate concurrent writers, and the
 * migration runner. Every write runs in a SERIALIZABLE transaction that is retried when PostgreSQL reports
 * a serialization failure or a deadlock, so any number of register processes can share one database.
 * Migrations: one transaction each, under an advisory lock (two instances starting together migrate once),
 * and a database written by a newer build is refused.
 */
import pg from 'pg'
import { DbFromFutureError } from '../errors'
import { PG_MIGRATIONS, type PgMigration } from './migrations'

export type Pool = pg.Pool
export type Tx = pg.PoolClient

/** pg_advisory_xact_lock key of the migrations ("awreg" in ASCII) */
const MIGRATION_LOCK = 0x6177726567
const RETRY_CODES = new Set(['40001', '40P01'])
const MAX_TRIES = 30

export function openPool(url: string, max = 10): Pool {
  const pool = new pg.Pool({ connectionString: url, max })
  // an idle client that loses its server must not crash the process; the next query reports it
  pool.on('error', () => undefined)
  return pool
}

/** Runs `fn` in one SERIALIZABLE transaction, retried on serialization failures and deadlocks. */
export async function tx<T>(
  pool: Pool,
  fn: (db: Tx) => Promise<T>,
  retryOn: readonly string[] = []
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const db = await pool.connect()
    try {
      await db.query('BEGIN ISOLATION LEVEL SERIALIZABLE')
      const value = await fn(db)
      await db.query('COMMIT')
      return value
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined)
      const code = (error as { code?: string }).code ?? ''
      if (attempt < MAX_TRIES && (RETRY_CODES.has(code) || retryOn.includes(code))) {
        // a short randomised pause spreads the retries of writers that collided
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
        continue
      }
      throw error
    } finally {
      db.release()
    }
  }
}

async function schemaVersion(db: Tx): Promise<number> {
  await db.query('CREATE TABLE IF NOT EXISTS register_schema (version integer NOT NULL)')
  const r = await db.query<{ version: number }>('SELECT version FROM register_schema')
  return r.rows[0]?.version ?? 0
}

/**
 * Brings the database to the newest schema: each pending migration in its own transaction, under an
 * advisory lock, reading the version again under the lock. Returns the version it found.
 */
export async function migrateRegister(
  pool: Pool,
  migrations: readonly PgMigration[] = PG_MIGRATIONS
): Promise<number> {
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1]
    if (prev && prev.version >= m.version)
      throw new Error(`Migrations out of order: ${prev.version} >= ${m.version}`)
  })
  const latest = migrations.at(-1)?.version ?? 0
  let found: number | null = null
  const refuseNewer = (v: number): void => {
    if (v > latest)
      throw new DbFromFutureError(
        `This register database was written by a newer Auditor Workbench (schema v${v}); this build knows v${latest}. Update the register, or point --pg at another database.`
      )
  }
  for (const m of [{ version: 0, up: async () => undefined }, ...migrations]) {
    const db = await pool.connect()
    try {
      await db.query('BEGIN')
      await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const current = await schemaVersion(db)
      found ??= current
      refuseNewer(current)
      if (m.version > current) {
        await m.up(db)
        await db.query('DELETE FROM register_schema')
        await db.query('INSERT INTO register_schema (version) VALUES ($1)', [m.version])
      }
      await db.query('COMMIT')
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      db.release()
    }
  }
  return found ?? 0
}

/** The latest schema this build knows. */
export const LATEST_REGISTER_SCHEMA = PG_MIGRATIONS.at(-1)?.version ?? 0
