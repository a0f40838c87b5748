import type { Database } from 'better-sqlite3'
import { DbFromFutureError } from '../errors'
import { MIGRATIONS, type Migration } from './migrations'

/**
 * Runs every pending migration in one transaction and sets user_version.
 * Refuses a database written by a newer build, so a downgrade can never wreck data.
 * Returns the version the database had before.
 *
 * Two processes may open an old workspace at the same moment (the app and a CLI call). The version read
 * outside a transaction only decides whether there is anything to do; the migration itself takes the write
 * lock first (BEGIN IMMEDIATE) and reads the version again under it, so the second process finds the work
 * done and migrates nothing.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1]
    if (prev && prev.version >= m.version)
      throw new Error(`Migrations out of order: ${prev.version} >= ${m.version}`)
  })
  const latest = migrations.at(-1)?.version ?? 0
  const versionOf = (): number => {
    const current = db.pragma('user_version', { simple: true }) as number
    if (current > latest) {
      throw new DbFromFutureError(
        `This workspace was written by a newer Auditor Workbench (schema v${current}); this build knows v${latest}. ` +
          'Update the app, or open another workspace with --db.'
      )
    }
    return current
  }
  const seen = versionOf()
  if (seen === latest) return seen
  return db
    .transaction(() => {
      const current = versionOf()
      for (const { version, up } of migrations) if (version > current) up(db)
      if (current !== latest) db.pragma(`user_version = ${latest}`)
      return current
    })
    .immediate()
}
