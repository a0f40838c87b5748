// Types of scripts/bench-bare-import.mjs, for scripts/bench.ts.
import type { Database } from 'better-sqlite3'
export declare function sameRowsInserter(db: Database, caseId: string): (docs: readonly unknown[]) => void
