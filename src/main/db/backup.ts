import Database from 'better-sqlite3'
import { statSync } from 'node:fs'
import { createAuditRepo } from './audit.repo'
import type { Db } from './connection'
import { DomainError } from '../errors'

/**
 * A consistent copy of the workspace (VACUUM INTO from the writer's own connection), then checked: the
 * copy's integrity and its audit chain. `out` must be a new file.
 */
export function backupDatabase(db: Db, out: string): { file: string; bytes: number; auditEntries: number } {
  db.prepare('VACUUM INTO ?').run(out)
  const copy = new Database(out, { readonly: true })
  try {
    const integrity = copy.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok')
      throw new DomainError('INTERNAL', `The backup ${out} failed its integrity check: ${String(integrity)}`)
    const chain = createAuditRepo(copy).check()
    if (chain.broken)
      throw new DomainError('INTERNAL', `The backup's audit log is broken at entry ${chain.broken.seq}`)
    return { file: out, bytes: statSync(out).size, auditEntries: chain.entries }
  } finally {
    copy.close()
  }
}
