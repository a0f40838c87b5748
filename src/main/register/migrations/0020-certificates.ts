import type { PoolClient } from 'pg'

/** Registered certificates (the signed verdict PDF and what it certifies), revocations, and the test results of pushed cases. */
export default async function migrate0020(db: PoolClient): Promise<void> {
  await db.query(`
    CREATE TABLE certificates (
      verdict_id         text PRIMARY KEY,
      verdict_sha256     text NOT NULL,
      case_id            text NOT NULL REFERENCES cases (case_id),
      scope              text NOT NULL,
      scope_name         text NOT NULL,
      version            text NOT NULL,
      outcome            text NOT NULL,
      outcome_name       text NOT NULL,
      subjects           jsonb NOT NULL,
      valid_from         date NOT NULL,
      valid_until        date NOT NULL,
      signer_fingerprint text NOT NULL,
      verdict            jsonb NOT NULL,
      pdf                bytea NOT NULL,
      pdf_sha256         text NOT NULL,
      registered_by      text NOT NULL,
      registered_at      timestamptz NOT NULL
    );
    CREATE INDEX certificates_by_case_id ON certificates (case_id);
    CREATE TABLE revocations (
      verdict_id  text PRIMARY KEY REFERENCES certificates (verdict_id),
      reason      text NOT NULL,
      revoked_by  text NOT NULL,
      revoked_at  timestamptz NOT NULL,
      act_id      bigint NOT NULL REFERENCES acts (id)
    );
    -- each result of each codified-check report a pushed case holds
    CREATE TABLE results (
      case_id     text NOT NULL REFERENCES cases (case_id),
      file_sha256 text NOT NULL,
      subject     text NOT NULL,
      scope_uuid  text NOT NULL,
      scope_name  text NOT NULL,
      testcase    text NOT NULL,
      value       smallint NOT NULL,
      checked_at  timestamptz NOT NULL,
      PRIMARY KEY (case_id, file_sha256, subject, scope_uuid, testcase)
    );
    CREATE INDEX results_by_subject ON results (subject, checked_at);
  `)
}
