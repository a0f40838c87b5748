import type { PoolClient } from 'pg'

/** SCS-0004: one certificate per subject × scope × version; a newer one supersedes the older (never revokes it). */
export default async function migrate0030(db: PoolClient): Promise<void> {
  await db.query(`
    ALTER TABLE certificates ADD COLUMN superseded_by text REFERENCES certificates (verdict_id);
    CREATE INDEX certificates_by_scope_version ON certificates (scope, version);
  `)
}
