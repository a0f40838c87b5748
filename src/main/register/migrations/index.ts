import type { PoolClient } from 'pg'
import migrate0010 from './0010-roster-and-cases'
import migrate0020 from './0020-certificates'
import migrate0030 from './0030-superseded-certificates'

export interface PgMigration {
  readonly version: number
  readonly up: (db: PoolClient) => Promise<void>
}

/** Append-only: never edit a shipped migration, fix forward. Versions step by 10. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  { version: 10, up: migrate0010 },
  { version: 20, up: migrate0020 },
  { version: 30, up: migrate0030 }
]
