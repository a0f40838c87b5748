import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { openDatabase } from '../../src/main/db/connection'
import { createAuditRepo, entryHash, GENESIS_HASH } from '../../src/main/db/audit.repo'
import { createLogTruth } from '../../src/main/log-truth'
import { createRepos } from '../../src/main/db/repos'
import { createDigestCache } from '../../src/main/db/evidence-digest'
import { DbFromFutureError } from '../../src/main/errors'
import { FIXTURES, tempDir } from '../helpers/paths'
import { createTestWorkspace, dumpDb, sampleReport } from '../helpers/workspace'
import { openWorkspace } from '../../src/main/workspace'
import { RESOURCES } from '../helpers/paths'
import { testClock } from '../helpers/clock'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import { createEvidenceRepo } from '../../src/main/db/evidence.repo'
import type { ScopeDef } from '../../src/shared/domain/types'
import { onFile } from '../helpers/insider'

const LATEST = MIGRATIONS.at(-1)!.version
const UNREAD_TABLES = ['findings', 'criteria', 'version_criteria', 'testcases', 'criterion_testcases']
let open: Database.Database[] = []
const track = (db: Database.Database): Database.Database => (open.push(db), db)
afterEach(() => {
  open.forEach((db) => db.open && db.close())
  open = []
})

/**
 * A workspace file of this build, turned back into what a build before v100 wrote: input files kept as they
 * are, with no encoding column, and decisions without v110's findings column.
 */
function keptAsBeforeV100(db: Database.Database): void {
  db.exec('ALTER TABLE decisions DROP COLUMN findings')
  for (const r of db
    .prepare<[], { file_id: number; bytes: Buffer }>('SELECT file_id, bytes FROM input_files')
    .all())
    db.prepare('UPDATE input_files SET bytes = ? WHERE file_id = ?').run(inflateRawSync(r.bytes), r.file_id)
  db.exec('ALTER TABLE input_files DROP COLUMN encoding')
}

/** a dump without v100's encoding column and v110's decision findings, to compare with one made before v100 */
function withoutEncoding(dump: ReturnType<typeof dumpDb>): ReturnType<typeof dumpDb> {
  return {
    ...dump,
    input_files: (dump['input_files'] as Record<string, unknown>[]).map(({ encoding: _, ...row }) => row),
    decisions: (dump['decisions'] as Record<string, unknown>[]).map(({ findings: _, ...row }) => row)
  }
}

/**
 * A workspace database as version `version` wrote it (the migrations up to it): scheme s with version v1,
 * then `rows`. In a new in-memory database with foreign keys on, unless told otherwise.
 */
function writtenBy(
  version: number,
  rows: string,
  o: { db?: Database.Database; foreignKeys?: boolean } = {}
): Database.Database {
  const db = o.db ?? track(new Database(':memory:'))
  if (o.foreignKeys ?? true) db.pragma('foreign_keys = ON')
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= version)
  )
  db.exec(`
    INSERT INTO schemes (id, kind, name, definition, updated_at) VALUES ('s', 'scs-scope', 'S', '{}', 'now');
    INSERT INTO scheme_versions (scheme_id, version, position) VALUES ('s', 'v1', 0);
    ${rows}
  `)
  return db
}

describe('migrations', () => {
  it('versions are ascending and step by 10', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe((i + 1) * 10))
  })

  it('0010: empty → latest creates the workspace schema', () => {
    const db = track(new Database(':memory:'))
    expect(migrate(db)).toBe(0)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST)
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .all()
      .map((t) => t.name)
    for (const t of [
      'schemes',
      'scheme_versions',
      'cases',
      'imported_files',
      'reports',
      'invocations',
      'testcase_results',
      'submissions',
      'subjects',
      'claims',
      'decisions',
      'audit_log'
    ]) {
      expect(tables).toContain(t)
    }
    // written but never read (issue 11, finding 9): gone since v90
    for (const t of UNREAD_TABLES) expect(tables).not.toContain(t)
    const strict = db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
      )
      .all()
    strict.forEach((t) => expect(t.sql).toMatch(/STRICT$/))
  })

  it('is idempotent: running again changes nothing', () => {
    const db = track(new Database(':memory:'))
    migrate(db)
    expect(migrate(db)).toBe(LATEST)
  })

  it('refuses a database written by a newer build and leaves it untouched', () => {
    const db = track(new Database(':memory:'))
    db.pragma(`user_version = ${LATEST + 10}`)
    expect(() => migrate(db)).toThrow(DbFromFutureError)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type='table'").get()).toEqual({ n: 0 })
  })

  it('a failing migration rolls back all of them (one transaction)', () => {
    const db = track(new Database(':memory:'))
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST + 10,
        up: () => {
          throw new Error('boom')
        }
      }
    ]
    expect(() => migrate(db, broken)).toThrow('boom')
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type='table'").get()).toEqual({ n: 0 })
  })

  it('0020: v10 data survives the testcase_results rebuild, and the range check still holds', () => {
    const db = writtenBy(
      10,
      `
      INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at) VALUES ('c', 'C', 's', 'v1', 'now', 'now');
      INSERT INTO imported_files (case_id, file_name, sha256, size, kind, imported_at, receipt) VALUES ('c', 'f', 'h', 1, 'scs-report', 'now', '{}');
      INSERT INTO reports (case_id, file_id, kind, subject, checked_at, reference_date) VALUES ('c', 1, 'scs-report', 'cloud', 't', 'd');
      INSERT INTO testcase_results (report_id, testcase_id, result) VALUES (1, 'a', -1), (1, 'b', 0), (1, 'c', 1);
    `
    )
    migrate(db)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST)
    expect(db.prepare('SELECT testcase_id, result FROM testcase_results ORDER BY id').all()).toEqual([
      { testcase_id: 'a', result: -1 },
      { testcase_id: 'b', result: 0 },
      { testcase_id: 'c', result: 1 }
    ])
    expect(() =>
      db.prepare("INSERT INTO testcase_results (report_id, testcase_id, result) VALUES (1, 'd', 2)").run()
    ).toThrow(/CHECK/)
    expect(() =>
      db.prepare("INSERT INTO testcase_results (report_id, testcase_id, result) VALUES (9, 'd', 1)").run()
    ).toThrow(/FOREIGN KEY/)
    expect(
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'testcase_results'")
        .all()
    ).toEqual([{ name: 'testcase_results_by_report_testcase' }])
    // deleting the report still cascades
    db.prepare('DELETE FROM reports').run()
    expect(db.prepare('SELECT count(*) AS n FROM testcase_results').get()).toEqual({ n: 0 })
  })

  it('0030: v20 data survives, and cases gain empty review columns', () => {
    const db = writtenBy(
      20,
      `
      INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at) VALUES ('c', 'C', 's', 'v1', 'then', 'then');
    `
    )
    migrate(db, MIGRATIONS.slice(0, 3))
    expect(db.pragma('user_version', { simple: true })).toBe(30)
    expect(
      db
        .prepare(
          'SELECT id, title, created_at, submitted_by, submitted_at, accepted_by, accepted_at FROM cases'
        )
        .all()
    ).toEqual([
      {
        id: 'c',
        title: 'C',
        created_at: 'then',
        submitted_by: null,
        submitted_at: null,
        accepted_by: null,
        accepted_at: null
      }
    ])
  })

  it('0040: a v30 workspace (typed auditor names, an unsigned log) keeps its data and chain; its acts show as unsigned', () => {
    const db = writtenBy(
      30,
      `
      INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at, status, submitted_by, submitted_at)
        VALUES ('c', 'C', 's', 'v1', 'now', 'now', 'submitted', 'Ann', '2026-11-20T10:00:00.000Z');
      INSERT INTO decisions (case_id, criterion_id, subject_key, decision, comment, auditor, decided_at)
        VALUES ('c', 'k', 'cloud', 'reject', 'no', 'Ann', '2026-11-20T09:00:00.000Z');
    `
    )
    // the v30 log, written as v30 wrote it: no signature column, the hash over the six fields
    const entries = [
      ['2026-11-19T09:00:00.000Z', 'Ann', 'case.create', { schemeId: 's', schemeVersion: 'v1', title: 'C' }],
      [
        '2026-11-20T09:00:00.000Z',
        'Ann',
        'decision',
        {
          id: 1,
          criterion: 'k',
          subject: 'cloud',
          decision: 'reject',
          comment: 'no',
          waiverOwner: null,
          waiverExpires: null
        }
      ],
      ['2026-11-20T10:00:00.000Z', 'Ann', 'review.submit', { from: 'open', to: 'submitted', comment: '' }]
    ] as const
    let prev = GENESIS_HASH
    entries.forEach(([at, actor, action, payload], i) => {
      const e = { seq: i + 1, at, actor, action, caseId: 'c', payload: JSON.stringify(payload) }
      const hash = entryHash(prev, e)
      db.prepare(
        'INSERT INTO audit_log (seq, at, actor, action, case_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      ).run(e.seq, at, actor, action, 'c', e.payload, prev, hash)
      prev = hash
    })
    migrate(db)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST)
    expect(db.prepare('SELECT count(*) AS n FROM auditors').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT seq, actor, signature FROM audit_log ORDER BY seq').all()).toEqual([
      { seq: 1, actor: 'Ann', signature: null },
      { seq: 2, actor: 'Ann', signature: null },
      { seq: 3, actor: 'Ann', signature: null }
    ])
    expect(createAuditRepo(db).check()).toMatchObject({ entries: 3, head: prev, broken: null })
    expect(db.prepare('SELECT decision, auditor FROM decisions').all()).toEqual([
      { decision: 'reject', auditor: 'Ann' }
    ])
    // the tables match the log, but nobody signed these acts: said plainly, and signing stays blocked
    expect(
      createLogTruth({ ...createRepos(db, testClock), digestOf: createDigestCache(db) })
        .checkCase('c')
        .map((p) => p.message)
    ).toEqual([
      'entry 2 (decision by Ann) is not signed by its actor',
      'entry 3 (review.submit by Ann) is not signed by its actor'
    ])
    expect(() =>
      db
        .prepare(
          "INSERT INTO auditors (name, folded, public_key, fingerprint, added_at) VALUES ('ann', 'ann', 'k', 'f', 'now')"
        )
        .run()
    ).not.toThrow()
    expect(() =>
      db
        .prepare(
          "INSERT INTO auditors (name, folded, public_key, fingerprint, added_at) VALUES ('Ann', 'ann', 'k2', 'f2', 'now')"
        )
        .run()
    ).toThrow(/UNIQUE/)
  })

  it('0080: a v70 workspace gets its case chains, computed in order, and its decisions their case entries', () => {
    const db = writtenBy(
      70,
      `
      INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at) VALUES ('c', 'C', 's', 'v1', 'x', 'x');
      INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at) VALUES ('d', 'D', 's', 'v1', 'x', 'x');
      INSERT INTO decisions (id, case_id, criterion_id, decision, auditor, decided_at) VALUES (7, 'c', 'k', 'reject', 'Ann', 't3');
    `,
      { foreignKeys: false }
    )
    const rows = [
      ['c', 'case.create', { schemeId: 's', schemeVersion: 'v1', title: 'C' }],
      ['d', 'case.create', { schemeId: 's', schemeVersion: 'v1', title: 'D' }],
      [null, 'identity.add', {}],
      ['c', 'decision', { id: 7, criterion: 'k', subject: '', decision: 'reject', comment: '' }]
    ] as const
    let prev = GENESIS_HASH
    rows.forEach(([caseId, action, payload], i) => {
      const e = { seq: i + 1, at: `t${i}`, actor: 'Ann', action, caseId, payload: JSON.stringify(payload) }
      const hash = entryHash(prev, e)
      db.prepare(
        'INSERT INTO audit_log (seq, at, actor, action, case_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      ).run(e.seq, e.at, 'Ann', action, caseId, e.payload, prev, hash)
      prev = hash
    })
    migrate(db)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST)
    const chain = db
      .prepare<
        [],
        {
          seq: number
          case_seq: number | null
          case_prev: string | null
          case_hash: string | null
          format: number
        }
      >('SELECT seq, case_seq, case_prev, case_hash, format FROM audit_log ORDER BY seq')
      .all()
    expect(chain.map((r) => [r.seq, r.case_seq, r.format])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [3, null, 1],
      [4, 2, 1]
    ])
    expect(chain[3]!.case_prev).toBe(chain[0]!.case_hash)
    expect(db.prepare('SELECT id, case_seq FROM decisions').all()).toEqual([{ id: 7, case_seq: 2 }])
    const audit = createAuditRepo(db)
    expect(audit.check()).toMatchObject({ entries: 4, head: prev, broken: null })
    // entries written since continue their case's chain, in format 2
    const next = audit.append('Ann', 'import', 'c', { x: 1 }, 't9')
    expect(next).toMatchObject({ caseSeq: 3, casePrev: chain[3]!.case_hash, format: 2 })
    expect(audit.check().broken).toBeNull()
    // the triggers are back: the case chain cannot be rewritten in place
    expect(() => db.prepare("UPDATE audit_log SET case_hash = 'x' WHERE seq = 1").run()).toThrow(
      /append-only/
    )
  })

  it('0090: a v80 workspace with imports loses the unread tables, keeps every other row, and its log still verifies', async () => {
    // a workspace with real imports (JUnit results carry a detail and a duration), then the file as v80 left
    // it: the five tables back with the rows v80 (and every version before) wrote into them on every scheme
    // upsert
    const made = createTestWorkspace()
    made.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await made.importOne('c', {
      name: 'junit.xml',
      bytes: readFileSync(join(FIXTURES, 'junit/tempest-demo-cloud.xml'))
    })
    await made.importOne('c', { name: 'report.yaml', bytes: sampleReport() })
    const path = made.dbPath
    made.close()
    const v80 = track(new Database(':memory:'))
    migrate(
      v80,
      MIGRATIONS.filter((m) => m.version <= 80)
    )
    const ddl = v80
      .prepare<[], { sql: string }>(
        `SELECT sql FROM sqlite_master WHERE tbl_name IN (${UNREAD_TABLES.map((t) => `'${t}'`).join(', ')})
         AND sql IS NOT NULL ORDER BY type DESC, rowid`
      )
      .all()
    const db = track(new Database(path))
    db.exec(ddl.map((d) => `${d.sql};`).join('\n'))
    for (const { id, definition } of db
      .prepare<[], { id: string; definition: string }>('SELECT id, definition FROM schemes')
      .all()) {
      const scope = JSON.parse(definition) as ScopeDef
      for (const t of scope.testcases)
        db.prepare('INSERT INTO testcases (scheme_id, id, lifetime) VALUES (?, ?, ?)').run(
          id,
          t.id,
          t.lifetime
        )
      for (const m of scope.modules) {
        db.prepare('INSERT INTO criteria (scheme_id, id, name) VALUES (?, ?, ?)').run(id, m.id, m.name)
        for (const [target, tcs] of Object.entries(m.targets))
          for (const tc of tcs)
            db.prepare(
              'INSERT OR IGNORE INTO criterion_testcases (scheme_id, criterion_id, testcase_id, target) VALUES (?, ?, ?, ?)'
            ).run(id, m.id, tc, target)
      }
      scope.versions.forEach((v) =>
        v.criteria.forEach((c, j) =>
          db
            .prepare(
              'INSERT INTO version_criteria (scheme_id, version, criterion_id, position) VALUES (?, ?, ?, ?)'
            )
            .run(id, v.version, c, j)
        )
      )
    }
    db.prepare(
      "INSERT INTO findings (case_id, fingerprint, type, severity, message, computed_at) VALUES ('c', 'f', 'claim-missing', 'minor', 'm', 'now')"
    ).run()
    keptAsBeforeV100(db)
    db.pragma('user_version = 80')
    const before = dumpDb(db)
    for (const t of UNREAD_TABLES) expect(before[t]!.length).toBeGreaterThan(0)
    db.close()

    const ws = openWorkspace({ dbPath: path, resourcesDir: RESOURCES, actor: 't', clock: testClock })
    try {
      expect(onFile(ws, (db) => db.pragma('user_version', { simple: true }))).toBe(LATEST)
      const after = dumpDb(ws)
      for (const t of UNREAD_TABLES) {
        expect(after).not.toHaveProperty(t)
        delete before[t]
      }
      expect(withoutEncoding(after)).toEqual(before)
      // the import entries digest their result rows whole (known, duration_seconds, detail included)
      expect(ws.checkCaseLog('c')).toEqual([])
      expect(ws.caseDetail('c').audit).toMatchObject({ broken: null, problems: [] })
      expect(
        onFile(ws, (db) =>
          db.prepare('SELECT count(*) AS n FROM testcase_results WHERE detail IS NOT NULL').get()
        )
      ).toEqual({ n: 2 })
      // scheme_versions stays: the database still refuses a case for a version its scheme lacks
      expect(() =>
        onFile(ws, (db) =>
          db
            .prepare(
              "INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at) VALUES ('x', 'X', 'scs-compatible-iaas', 'v0.0', 'now', 'now')"
            )
            .run()
        )
      ).toThrow(/FOREIGN KEY/)
    } finally {
      ws.close()
    }
  })

  it('0100: a v90 workspace keeps its input files as they are and gives them back whole; new imports are kept deflated', async () => {
    const made = createTestWorkspace()
    made.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    const report = sampleReport()
    await made.importOne('c', { name: 'report.yaml', bytes: report })
    const path = made.dbPath
    made.close()
    const db = track(new Database(path))
    keptAsBeforeV100(db)
    db.pragma('user_version = 90')
    const before = dumpDb(db)
    db.close()

    const ws = openWorkspace({ dbPath: path, resourcesDir: RESOURCES, actor: 't', clock: testClock })
    try {
      const file = track(new Database(path, { readonly: true }))
      expect(file.pragma('user_version', { simple: true })).toBe(LATEST)
      const after = dumpDb(file)
      expect((after['input_files'] as Record<string, unknown>[]).map((r) => r['encoding'])).toEqual([
        'identity'
      ])
      expect(withoutEncoding(after)).toEqual(before)
      expect(ws.checkCaseLog('c')).toEqual([])
      const kept = createEvidenceRepo(file).inputsOfCase('c')
      expect(Buffer.from(kept[0]!.bytes!).equals(Buffer.from(report))).toBe(true)
      await ws.importOne('c', {
        name: 'junit.xml',
        bytes: readFileSync(join(FIXTURES, 'junit/tempest-demo-cloud.xml'))
      })
      expect(file.prepare('SELECT encoding FROM input_files ORDER BY file_id').pluck().all()).toEqual([
        'identity',
        'deflate-raw'
      ])
    } finally {
      ws.close()
    }
  })

  it('refuses migrations out of order', () => {
    const db = track(new Database(':memory:'))
    expect(() =>
      migrate(db, [
        { version: 20, up: () => undefined },
        { version: 10, up: () => undefined }
      ])
    ).toThrow(/order/)
  })
})

describe('two connections opening an old workspace at once', () => {
  // Two connections to one file lock exactly as two processes do. B's first pending migration is the place
  // where B has decided to migrate; A opens the same file right there, and must find B at work (or B
  // must find A's work done), never both migrating.
  it('migrates once: the second finds the work done under the write lock', () => {
    const file = join(tempDir(), 'old.sqlite')
    const seed = track(new Database(file))
    seed.pragma('journal_mode = WAL')
    writtenBy(
      20,
      "INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at) VALUES ('c', 'C', 's', 'v1', 'x', 'x')",
      { db: seed, foreignKeys: false }
    )
    seed.close()
    const a = track(new Database(file))
    a.pragma('busy_timeout = 50')
    const b = track(new Database(file))
    let aOutcome: unknown = 'not run'
    const staged = MIGRATIONS.map((m) =>
      m.version === 30
        ? {
            version: 30,
            up: (db: Database.Database) => {
              try {
                aOutcome = migrate(a)
              } catch (error) {
                aOutcome = error
              }
              m.up(db)
            }
          }
        : m
    )
    expect(() => migrate(b, staged)).not.toThrow()
    // A could not migrate while B held the write lock: it waited (here: gave up after its busy timeout)
    expect(aOutcome).toMatchObject({ code: 'SQLITE_BUSY' })
    // opened again, A finds the workspace current and changes nothing
    expect(migrate(a)).toBe(LATEST)
    expect(a.prepare('SELECT id, accepted_by FROM cases').all()).toEqual([{ id: 'c', accepted_by: null }])
  })
})

describe('openDatabase on a real file', () => {
  it('sets WAL, foreign keys and synchronous=FULL', () => {
    const db = track(openDatabase(join(tempDir(), 'w.sqlite')))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
  })
  it('enforces foreign keys', () => {
    const db = track(openDatabase(join(tempDir(), 'w.sqlite')))
    expect(() =>
      db
        .prepare(
          "INSERT INTO cases (id, title, scheme_id, scheme_version, created_at, updated_at) VALUES ('c','t','nope','v1','x','x')"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
  })
  it('keeps the audit log append-only and hash-chained', () => {
    const db = track(openDatabase(join(tempDir(), 'w.sqlite')))
    const audit = createAuditRepo(db)
    audit.append('a', 'x', null, { n: 1 })
    audit.append('a', 'y', null, { n: 2 })
    expect(audit.verifyChain()).toBeNull()
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    // tampering below the triggers (dropping them) is caught by the chain
    db.exec('DROP TRIGGER audit_log_no_update')
    db.prepare('UPDATE audit_log SET payload = \'{"n":9}\' WHERE seq = 1').run()
    expect(audit.verifyChain()).toBe(1)
  })
})
