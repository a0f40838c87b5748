import type { Database } from 'better-sqlite3'

/**
 * v10: the case workspace.
 * - schemes: a scheme's canonical definition is the JSON document in `definition`; the version, criterion
 *   and testcase tables are derived from it in the same transaction, for joins and foreign keys.
 * - imported_files: every file that entered the workspace, by SHA-256 (idempotent per case).
 * - reports / invocations / testcase_results: codified-check evidence.
 * - submissions / subjects / claims: self-assessments.
 * - findings, decisions: the auditor's work. audit_log: append-only, hash-chained.
 */
export default function migrate0010(db: Database): void {
  db.exec(`
    CREATE TABLE schemes (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      uuid TEXT UNIQUE,
      url TEXT NOT NULL DEFAULT '',
      builtin INTEGER NOT NULL DEFAULT 0,
      revision TEXT NOT NULL DEFAULT '',
      definition TEXT NOT NULL,
      source_sha256 TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE scheme_versions (
      scheme_id TEXT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
      version TEXT NOT NULL,
      stabilized_at TEXT,
      position INTEGER NOT NULL,
      PRIMARY KEY (scheme_id, version)
    ) STRICT;

    CREATE TABLE criteria (
      scheme_id TEXT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      kind TEXT NOT NULL DEFAULT 'module',
      name TEXT NOT NULL DEFAULT '',
      url TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (scheme_id, id)
    ) STRICT;

    CREATE TABLE version_criteria (
      scheme_id TEXT NOT NULL,
      version TEXT NOT NULL,
      criterion_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      parameters TEXT NOT NULL DEFAULT '{}',
      PRIMARY KEY (scheme_id, version, criterion_id),
      FOREIGN KEY (scheme_id, version) REFERENCES scheme_versions(scheme_id, version) ON DELETE CASCADE,
      FOREIGN KEY (scheme_id, criterion_id) REFERENCES criteria(scheme_id, id) ON DELETE CASCADE
    ) STRICT;

    CREATE TABLE testcases (
      scheme_id TEXT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      url TEXT NOT NULL DEFAULT '',
      lifetime TEXT,
      section TEXT,
      PRIMARY KEY (scheme_id, id)
    ) STRICT;

    CREATE TABLE criterion_testcases (
      scheme_id TEXT NOT NULL,
      criterion_id TEXT NOT NULL,
      testcase_id TEXT NOT NULL,
      target TEXT NOT NULL,
      PRIMARY KEY (scheme_id, criterion_id, target, testcase_id),
      FOREIGN KEY (scheme_id, criterion_id) REFERENCES criteria(scheme_id, id) ON DELETE CASCADE,
      FOREIGN KEY (scheme_id, testcase_id) REFERENCES testcases(scheme_id, id) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX criterion_testcases_by_testcase ON criterion_testcases (scheme_id, testcase_id);

    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      scheme_id TEXT NOT NULL,
      scheme_version TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'open',
      round INTEGER NOT NULL DEFAULT 1,
      previous_case_id TEXT REFERENCES cases(id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      FOREIGN KEY (scheme_id, scheme_version) REFERENCES scheme_versions(scheme_id, version)
    ) STRICT;

    CREATE TABLE imported_files (
      id INTEGER PRIMARY KEY,
      case_id TEXT REFERENCES cases(id) ON DELETE CASCADE,
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      kind TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      receipt TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX imported_files_by_case_sha256 ON imported_files (ifnull(case_id, ''), sha256);

    CREATE TABLE reports (
      id INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      file_id INTEGER NOT NULL REFERENCES imported_files(id) ON DELETE CASCADE,
      doc_index INTEGER NOT NULL DEFAULT 0,
      kind TEXT NOT NULL,
      scheme_id TEXT REFERENCES schemes(id),
      spec_uuid TEXT,
      subject TEXT NOT NULL,
      checked_at TEXT NOT NULL,
      reference_date TEXT NOT NULL,
      run_uuid TEXT,
      signature TEXT NOT NULL DEFAULT 'unsigned',
      meta TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX reports_by_case_subject ON reports (case_id, subject);
    CREATE INDEX reports_by_file ON reports (file_id);

    CREATE TABLE invocations (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
      invocation_key TEXT NOT NULL,
      cmd TEXT NOT NULL DEFAULT '',
      rc INTEGER,
      stdout TEXT NOT NULL DEFAULT '[]',
      stderr TEXT NOT NULL DEFAULT '[]',
      info INTEGER NOT NULL DEFAULT 0,
      warning INTEGER NOT NULL DEFAULT 0,
      error INTEGER NOT NULL DEFAULT 0,
      critical INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX invocations_by_report ON invocations (report_id);

    CREATE TABLE testcase_results (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
      testcase_id TEXT NOT NULL,
      result INTEGER NOT NULL CHECK (result IN (-1, 0, 1)),
      invocation_id INTEGER REFERENCES invocations(id) ON DELETE CASCADE,
      known INTEGER NOT NULL DEFAULT 1,
      duration_seconds REAL,
      detail TEXT
    ) STRICT;
    CREATE INDEX testcase_results_by_report_testcase ON testcase_results (report_id, testcase_id);

    CREATE TABLE submissions (
      id INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      file_id INTEGER NOT NULL REFERENCES imported_files(id) ON DELETE CASCADE,
      format_version INTEGER NOT NULL,
      scheme_id TEXT NOT NULL,
      scheme_version TEXT NOT NULL,
      tier TEXT,
      submitted_at TEXT NOT NULL,
      applicant TEXT NOT NULL,
      partners TEXT NOT NULL DEFAULT '[]',
      extra TEXT NOT NULL DEFAULT '{}'
    ) STRICT;

    CREATE TABLE subjects (
      id INTEGER PRIMARY KEY,
      submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      subject_key TEXT NOT NULL,
      name TEXT,
      kind TEXT NOT NULL,
      scope TEXT,
      scope_version TEXT,
      role TEXT,
      third_party INTEGER,
      public_cloud INTEGER,
      since TEXT,
      until TEXT,
      regions INTEGER,
      availability_zones INTEGER,
      joint TEXT,
      figures TEXT NOT NULL DEFAULT '{}',
      extra TEXT NOT NULL DEFAULT '{}',
      UNIQUE (submission_id, subject_key)
    ) STRICT;

    CREATE TABLE claims (
      id INTEGER PRIMARY KEY,
      submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      criterion_id TEXT NOT NULL,
      subject_key TEXT NOT NULL DEFAULT '',
      claim TEXT NOT NULL,
      statement TEXT NOT NULL DEFAULT '',
      evidence TEXT NOT NULL DEFAULT '[]',
      figures TEXT NOT NULL DEFAULT '{}',
      extra TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX claims_by_submission_criterion ON claims (submission_id, criterion_id, subject_key);

    CREATE TABLE findings (
      id INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      fingerprint TEXT NOT NULL,
      type TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('blocker', 'major', 'minor', 'info')),
      criterion_id TEXT NOT NULL DEFAULT '',
      subject_key TEXT NOT NULL DEFAULT '',
      message TEXT NOT NULL,
      claim TEXT,
      evidence TEXT,
      state TEXT NOT NULL DEFAULT 'open',
      computed_at TEXT NOT NULL,
      UNIQUE (case_id, fingerprint)
    ) STRICT;

    CREATE TABLE decisions (
      id INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      criterion_id TEXT NOT NULL,
      subject_key TEXT NOT NULL DEFAULT '',
      decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'waive')),
      comment TEXT NOT NULL DEFAULT '',
      auditor TEXT NOT NULL,
      waiver_owner TEXT,
      waiver_expires TEXT,
      decided_at TEXT NOT NULL,
      superseded_by INTEGER REFERENCES decisions(id)
    ) STRICT;
    CREATE INDEX decisions_by_case_criterion ON decisions (case_id, criterion_id, subject_key);

    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      case_id TEXT,
      payload TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX audit_log_by_case ON audit_log (case_id, seq);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `)
}
