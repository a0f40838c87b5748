import type { PoolClient } from 'pg'

/** The roster with its administrators, the request nonces, the signed acts, cases with their holder, pushed bundles and each case's log. */
export default async function migrate0010(db: PoolClient): Promise<void> {
  await db.query(`
    CREATE TABLE admins (
      fingerprint text PRIMARY KEY,
      public_key  text NOT NULL,
      added_at    timestamptz NOT NULL
    );
    CREATE TABLE roster (
      fingerprint text PRIMARY KEY,
      name        text NOT NULL,
      public_key  text NOT NULL,
      added_at    timestamptz NOT NULL,
      added_by    text NOT NULL
    );
    CREATE UNIQUE INDEX roster_by_name ON roster (lower(name));
    CREATE TABLE nonces (
      nonce       text PRIMARY KEY,
      fingerprint text NOT NULL,
      seen_at     timestamptz NOT NULL
    );
    CREATE INDEX nonces_by_seen_at ON nonces (seen_at);
    -- every signed act (roster add, check-out, check-in, push, certificate, revocation): the request as signed
    CREATE TABLE acts (
      id          bigserial PRIMARY KEY,
      at          timestamptz NOT NULL,
      fingerprint text NOT NULL,
      actor       text NOT NULL,
      action      text NOT NULL,
      subject     text NOT NULL,
      message     text NOT NULL,
      signature   text NOT NULL,
      body_sha256 text NOT NULL
    );
    CREATE TABLE cases (
      case_id        text PRIMARY KEY,
      title          text NOT NULL,
      scheme_id      text NOT NULL,
      scheme_version text NOT NULL,
      head_seq       integer NOT NULL,
      head_key       text NOT NULL,
      entries        integer NOT NULL,
      bundle_id      bigint,
      updated_at     timestamptz NOT NULL,
      holder_fp      text,
      holder_name    text,
      held_since     timestamptz
    );
    CREATE TABLE bundles (
      id         bigserial PRIMARY KEY,
      case_id    text NOT NULL REFERENCES cases (case_id),
      sha256     text NOT NULL,
      bytes      bytea NOT NULL,
      head_seq   integer NOT NULL,
      head_key   text NOT NULL,
      entries    integer NOT NULL,
      pushed_by  text NOT NULL,
      pushed_at  timestamptz NOT NULL
    );
    CREATE INDEX bundles_by_case_id ON bundles (case_id, id);
    CREATE TABLE case_log (
      case_id   text NOT NULL REFERENCES cases (case_id),
      pos       integer NOT NULL,
      entry_key text NOT NULL,
      seq       integer NOT NULL,
      at        text NOT NULL,
      actor     text NOT NULL,
      action    text NOT NULL,
      payload   text NOT NULL,
      signature text,
      PRIMARY KEY (case_id, pos)
    );
  `)
}
