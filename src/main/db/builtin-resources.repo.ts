import type { Db } from './connection'

/**
 * What the workspace records of the resources the app ships: the hash of the scheme files it last seeded
 * (shipped-schemes.ts), and which schemes came from them.
 */
export function createBuiltinResourcesRepo(db: Db) {
  const hashOf = db.prepare<[string], { hash: string }>('SELECT hash FROM builtin_resources WHERE name = ?')
  const record = db.prepare<[string, string, string]>(
    `INSERT INTO builtin_resources (name, hash, seeded_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, seeded_at = excluded.seeded_at`
  )
  const markBuiltin = db.prepare<[string]>('UPDATE schemes SET builtin = 1 WHERE id = ?')
  return {
    /** the hash stored when `name` was last seeded, or null */
    storedHash: (name: string): string | null => hashOf.get(name)?.hash ?? null,
    recordSeeding: (name: string, hash: string, at: string): void => void record.run(name, hash, at),
    /** the scheme came from the app's own resources */
    markBuiltin: (schemeId: string): void => void markBuiltin.run(schemeId)
  }
}
export type BuiltinResourcesRepo = ReturnType<typeof createBuiltinResourcesRepo>
