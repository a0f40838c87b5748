import type { Database } from 'better-sqlite3'

/**
 * v90: tables that were written but never read (issue 11, finding 9) are gone.
 * - `findings`: never written either; findings are recomputed from the evidence on every review (reconcile).
 * - `criteria`, `version_criteria`, `testcases`, `criterion_testcases`: copies of the scheme definition
 *   (`schemes.definition`, the canonical JSON), rewritten on every upsert and never selected. No import
 *   digest covers them (db/evidence-digest.ts digests the rows of imported files only), so the audit log of
 *   an older workspace verifies as before.
 * Kept on purpose:
 * - `scheme_versions`: `cases (scheme_id, scheme_version)` references it, so the database itself refuses a
 *   case for a version its scheme does not have; dropping it would mean rebuilding `cases`, which every table
 *   of a case references.
 * - `testcase_results.known`, `duration_seconds`, `detail`: the `import` entry of every imported report
 *   digests its result rows whole (`SELECT t.*`); dropping a column would make the entries of every older
 *   workspace fail verification, and the dropped values could never be recomputed. `duration_seconds` and
 *   `detail` are read now (a result's log excerpt); `known` is what the scope defined at import time.
 */
export default function migrate0090(db: Database): void {
  db.exec(`
    DROP TABLE findings;
    DROP TABLE criterion_testcases;
    DROP TABLE version_criteria;
    DROP TABLE testcases;
    DROP TABLE criteria;
  `)
}
