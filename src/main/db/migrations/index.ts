import type { Database } from 'better-sqlite3'
import migrate0010 from './0010-initial-workspace'
import migrate0020 from './0020-testcase-results-range-check'
import migrate0030 from './0030-case-review'
import migrate0040 from './0040-auditor-identities'
import migrate0050 from './0050-input-files'
import migrate0060 from './0060-evidence-documents'
import migrate0070 from './0070-builtin-resources'
import migrate0080 from './0080-case-chains'
import migrate0090 from './0090-drop-unread-schema'
import migrate0100 from './0100-input-bytes-deflate'
import migrate0110 from './0110-decision-findings'

export interface Migration {
  readonly version: number
  readonly up: (db: Database) => void
}

/** Append-only. Never edit a shipped migration; fix forward. Versions step by 10. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 10, up: migrate0010 },
  { version: 20, up: migrate0020 },
  { version: 30, up: migrate0030 },
  { version: 40, up: migrate0040 },
  { version: 50, up: migrate0050 },
  { version: 60, up: migrate0060 },
  { version: 70, up: migrate0070 },
  { version: 80, up: migrate0080 },
  { version: 90, up: migrate0090 },
  { version: 100, up: migrate0100 },
  { version: 110, up: migrate0110 }
]
