/**
 * An import's entry digests its rows as the importer wrote them (evidence-digest.ts, WrittenRows), not as the
 * database gives them back. An insider who plants a trigger in the workspace file, so that rows change while
 * they are written, is caught by the log check like any later edit; and the values SQLite stores differently
 * from how JavaScript holds them (a lone surrogate, -0, a whole REAL) raise no false alarm.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestWorkspace } from '../helpers/workspace'
import { onFile } from '../helpers/insider'
import { actorOf } from '../helpers/identity'
import type { Workspace } from '../../src/main/workspace'
import type { CaseReview } from '../../src/shared/domain/review'
import { createPortableDigest, type WrittenRows } from '../../src/main/db/evidence-digest'
import { createSubmissionsRepo } from '../../src/main/db/submissions.repo'

const opened: Workspace[] = []
afterAll(() => opened.forEach((w) => w.close()))

const FIXTURES = join(__dirname, '../fixtures')
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

function openCase(): Workspace {
  const ws = createTestWorkspace()
  opened.push(ws)
  ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  return ws
}

/** a report in the real tool's format, checked on the test clock's day before, with the given results */
function report(results: Record<string, string>, uuid = '0c0a5a1e-1111-4aaa-8bbb-00000000d16e'): string {
  return [
    'spec:',
    '  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f',
    '  name: SCS-compatible IaaS',
    'checked_at: 2026-11-23 08:00:00',
    'reference_date: 2026-11-23',
    'subject: demo-cloud',
    'run:',
    `  uuid: ${uuid}`,
    '  invocations:',
    '    inv-1:',
    '      id: inv-1',
    '      cmd: ./iaas/openstack_test.py',
    '      results:',
    ...Object.entries(results).map(([k, v]) => `        ${k}: ${v}`),
    '      rc: 0',
    '      stdout:',
    '      - "caf\\u00e9 \\e[1mbold\\e[0m"',
    '      stderr: []',
    ''
  ].join('\n')
}

/** a.yaml with demo-cloud's FAIL of scs-0101-entropy-avail, and b.yaml, another run, for other-cloud */
const twoClouds = (): { name: string; bytes: Uint8Array }[] => [
  { name: 'a.yaml', bytes: enc(report({ 'scs-0100-syntax-check': '1', 'scs-0101-entropy-avail': '-1' })) },
  {
    name: 'b.yaml',
    bytes: enc(
      report({ 'scs-0100-syntax-check': '1' }, '0c0a5a1e-1111-4aaa-8bbb-00000000beef').replace(
        'subject: demo-cloud',
        'subject: other-cloud'
      )
    )
  }
]

/** the insider's trigger: a FAIL becomes a PASS as it is written */
const QUIET_PASS = `CREATE TRIGGER quiet_pass AFTER INSERT ON testcase_results WHEN NEW.result = -1
               BEGIN UPDATE testcase_results SET result = 1 WHERE id = NEW.id; END`

/** imports a report with a FAIL under QUIET_PASS: the database says PASS, and the log check names the results */
async function expectQuietPassCaught(ws: Workspace): Promise<void> {
  const [out] = await ws.importFiles('c', [
    {
      name: 'report.yaml',
      bytes: enc(report({ 'scs-0100-syntax-check': '1', 'scs-0101-entropy-avail': '-1' }))
    }
  ])
  expect(out).toMatchObject({ ok: true })
  const stored = onFile(ws, (db) =>
    db.prepare("SELECT result FROM testcase_results WHERE testcase_id = 'scs-0101-entropy-avail'").get()
  )
  expect(stored).toEqual({ result: 1 })
  const messages = ws.checkCaseLog('c').map((p) => p.message)
  expect(messages.join('\n')).toMatch(
    /rows of testcase_results from report\.yaml were changed, added or deleted after entry \d+ imported it/
  )
}

describe('an import digests the rows it wrote', () => {
  it('a trigger planted by an insider, which turns FAIL into PASS as the results are written, is caught by the log check', async () => {
    const ws = openCase()
    onFile(ws, (db) => db.exec(QUIET_PASS))
    await expectQuietPassCaught(ws)
  })

  it('a trigger that makes an old report look fresh as it is written is caught too', async () => {
    const ws = openCase()
    onFile(ws, (db) =>
      db.exec(`CREATE TRIGGER fresh AFTER INSERT ON reports
               BEGIN UPDATE reports SET checked_at = '2026-11-24T08:00:00' WHERE id = NEW.id; END`)
    )
    const [out] = await ws.importFiles('c', [
      { name: 'report.yaml', bytes: enc(report({ 'scs-0100-syntax-check': '1' })) }
    ])
    expect(out).toMatchObject({ ok: true })
    const problems = ws.checkCaseLog('c').map((p) => p.message)
    expect(problems.join('\n')).toMatch(/reports#1 of report\.yaml was changed after entry \d+ imported it/)
  })

  it('values SQLite keeps otherwise than JavaScript (a lone surrogate, NUL, whole and fractional durations) raise no alarm', async () => {
    const ws = openCase()
    const odd = report(
      {
        '"scs-0100-syntax-check"': '1',
        '"lone-\\uD800-surrogate"': '-1',
        '"nul-\\0-inside"': '0',
        '"astral-\\U0001F600"': '1'
      },
      '0c0a5a1e-1111-4aaa-8bbb-00000000cafe'
    )
    const junit = readFileSync(join(FIXTURES, 'junit/tempest-demo-cloud.xml'), 'utf8')
      .replace('time="0.8"', 'time="2"')
      .replace('time="1.1"', 'time="0"')
    const outs = await ws.importFiles('c', [
      { name: 'odd.yaml', bytes: enc(odd) },
      { name: 'tempest.xml', bytes: enc(junit) },
      {
        name: 'refstack.json',
        bytes: readFileSync(
          join(__dirname, '../../../shared/fixtures/format-samples/refstack-results-demo-cloud.json')
        )
      }
    ])
    expect(outs.map((o) => o.ok)).toEqual([true, true, true])
    // what SQLite holds differs from the strings the file gave: the lone surrogate is U+FFFD now
    const ids = onFile(ws, (db) =>
      db
        .prepare<[], { testcase_id: string }>(
          "SELECT testcase_id FROM testcase_results WHERE testcase_id LIKE 'lone-%' OR testcase_id LIKE 'nul-%'"
        )
        .all()
        .map((r) => r.testcase_id)
    )
    expect(ids.sort()).toEqual(['lone-\uFFFD-surrogate', 'nul-\0-inside'])
    const durations = onFile(ws, (db) =>
      db
        .prepare<[], { d: number }>(
          'SELECT duration_seconds AS d FROM testcase_results WHERE duration_seconds IS NOT NULL ORDER BY id LIMIT 2'
        )
        .all()
        .map((r) => r.d)
    )
    expect(durations).toEqual([2, 0])
    expect(ws.checkCaseLog('c')).toEqual([])
  })
})

describe('an insider who makes SQLite pick random row ids', () => {
  it('a huge row id planted in testcase_results (results then get random ids beyond 2^53) does not hide the FAIL-to-PASS trigger', async () => {
    const ws = openCase()
    onFile(ws, (db) => {
      // a row with the largest rowid, orphaned (this connection does not enforce foreign keys): every later
      // result gets a random 64-bit id, which JavaScript cannot hold exactly
      db.pragma('foreign_keys = OFF')
      db.exec(`INSERT INTO testcase_results (id, report_id, testcase_id, result) VALUES (9223372036854775807, 999999, 'x', 0);
               ${QUIET_PASS}`)
    })
    await expectQuietPassCaught(ws)
  })

  it('an honest import after a huge row id was planted in invocations and testcase_results is stored and verifies', async () => {
    const ws = openCase()
    onFile(ws, (db) => {
      db.pragma('foreign_keys = OFF')
      db.exec(`INSERT INTO invocations (id, report_id, invocation_key) VALUES (9223372036854775807, 999999, 'x');
               INSERT INTO testcase_results (id, report_id, testcase_id, result) VALUES (9223372036854775807, 999999, 'x', 0)`)
    })
    const outs = await ws.importFiles('c', [
      {
        name: 'a.yaml',
        bytes: enc(report({ 'scs-0100-syntax-check': '1', 'scs-0101-entropy-avail': '-1' }))
      },
      {
        name: 'b.yaml',
        bytes: enc(report({ 'scs-0100-syntax-check': '0' }, '0c0a5a1e-1111-4aaa-8bbb-00000000beef'))
      }
    ])
    expect(outs.map((o) => o.ok)).toEqual([true, true])
    expect(ws.checkCaseLog('c')).toEqual([])
  })

  it('a result pointed at another invocation id that rounds to the same number as its own is caught by the log check (its log excerpt is gone)', async () => {
    const ws = openCase()
    onFile(ws, (db) => {
      db.pragma('foreign_keys = OFF')
      db.exec(
        `INSERT INTO invocations (id, report_id, invocation_key) VALUES (9223372036854775807, 999999, 'x')`
      )
    })
    const [out] = await ws.importFiles('c', [
      { name: 'a.yaml', bytes: enc(report({ 'scs-0100-syntax-check': '1', 'scs-0101-entropy-avail': '-1' })) }
    ])
    expect(out).toMatchObject({ ok: true })
    expect(ws.checkCaseLog('c')).toEqual([])
    onFile(ws, (db) => {
      db.pragma('foreign_keys = OFF')
      const read = db
        .prepare<[], { id: bigint }>(
          "SELECT invocation_id AS id FROM testcase_results WHERE testcase_id = 'scs-0101-entropy-avail'"
        )
        .safeIntegers(true)
      const own = read.get()!.id
      // SQLite chose a random id beyond 2^53 for the invocation: a neighbour of it is a number only as a bigint
      expect(own > 2n ** 53n).toBe(true)
      const moved = [-1n, 1n, -2n, 2n].map((k) => own + k).find((id) => Number(id) === Number(own))!
      db.prepare(
        "UPDATE testcase_results SET invocation_id = ? WHERE testcase_id = 'scs-0101-entropy-avail'"
      ).run(moved)
      // the result no longer reaches its invocation, so its log excerpt is gone
      expect(
        db
          .prepare(
            "SELECT COUNT(*) AS n FROM testcase_results t JOIN invocations i ON i.id = t.invocation_id WHERE t.testcase_id = 'scs-0101-entropy-avail'"
          )
          .get()
      ).toEqual({ n: 0 })
    })
    expect(
      ws
        .checkCaseLog('c')
        .map((p) => p.message)
        .join('\n')
    ).toMatch(
      /rows of testcase_results from a\.yaml were changed, added or deleted after entry \d+ imported it/
    )
  })
})

describe('an insider whose triggers make last_insert_rowid name another row than the one bound', () => {
  // with the largest rowid planted, ids are random and re-read with SELECT last_insert_rowid(). A BEFORE
  // trigger that ends in RAISE(IGNORE) stores no row and leaves it at the insert before: the row written
  // would carry another row's id. An AFTER trigger's own inserts leave it alone once the trigger ends.
  const MAX = `INSERT INTO testcase_results (id, report_id, testcase_id, result) VALUES (9223372036854775807, 999999, 'x', 0);
    INSERT INTO invocations (id, report_id, invocation_key) VALUES (9223372036854775807, 999999, 'x');`
  const importUnder = async (ws: Workspace, trigger: string): Promise<unknown> => {
    onFile(ws, (db) => {
      db.pragma('foreign_keys = OFF')
      db.exec(MAX + trigger)
    })
    const [out] = await ws.importFiles('c', [
      {
        name: 'report.yaml',
        bytes: enc(report({ 'scs-0100-syntax-check': '1', 'scs-0101-entropy-avail': '-1' }))
      }
    ])
    return out
  }

  it.each([
    [
      'a FAIL swapped for a PASS that a BEFORE trigger inserts before it ignores the FAIL',
      'testcase_results',
      `CREATE TRIGGER swap BEFORE INSERT ON testcase_results WHEN NEW.result = -1 BEGIN
         INSERT INTO testcase_results (report_id, testcase_id, result, invocation_id, known)
           VALUES (NEW.report_id, NEW.testcase_id, 1, NEW.invocation_id, NEW.known);
         SELECT RAISE(IGNORE); END`
    ],
    [
      // its results then named the report's id as their invocation: "FOREIGN KEY constraint failed"
      'an invocation ignored',
      'invocations',
      `CREATE TRIGGER lost BEFORE INSERT ON invocations BEGIN SELECT RAISE(IGNORE); END`
    ]
  ])('%s: the import is refused, naming %s, and nothing of it is stored', async (_what, table, trigger) => {
    const ws = openCase()
    const entries = ws.audit.listForCase('c').length
    expect(await importUnder(ws, trigger)).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(
          new RegExp(`^${table} did not store a row the app wrote.*changed outside the app`)
        )
      }
    })
    expect(ws.caseFiles('c')).toEqual([])
    expect(ws.audit.listForCase('c')).toHaveLength(entries)
  })

  it('a FAIL deleted and inserted again as a PASS by an AFTER trigger that inserts elsewhere first is caught by the log check', async () => {
    const ws = openCase()
    const out = await importUnder(
      ws,
      `CREATE TRIGGER again AFTER INSERT ON testcase_results WHEN NEW.result = -1 BEGIN
         INSERT INTO invocations (report_id, invocation_key) VALUES (NEW.report_id, 'z');
         DELETE FROM testcase_results WHERE id = NEW.id;
         INSERT INTO testcase_results (report_id, testcase_id, result, invocation_id, known)
           VALUES (NEW.report_id, NEW.testcase_id, 1, NEW.invocation_id, NEW.known); END`
    )
    expect(out).toMatchObject({ ok: true })
    const messages = ws
      .checkCaseLog('c')
      .map((p) => p.message)
      .join('\n')
    for (const table of ['invocations', 'testcase_results'])
      expect(messages).toMatch(
        new RegExp(
          `rows of ${table} from report\\.yaml were changed, added or deleted after entry \\d+ imported it`
        )
      )
  })

  it('a claim of a self-assessment ignored by a BEFORE trigger: the import is refused, naming claims', async () => {
    const ws = openCase()
    onFile(ws, (db) =>
      db.exec(
        `CREATE TRIGGER dropped BEFORE INSERT ON claims WHEN NEW.criterion_id = 'scs-0101-v1' BEGIN SELECT RAISE(IGNORE); END`
      )
    )
    const [out] = await ws.importFiles('c', [
      { name: 'self.yaml', bytes: readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml')) }
    ])
    expect(out).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/^claims did not store a row the app wrote/) }
    })
    expect(ws.caseFiles('c')).toEqual([])
  })
})

/** imports a one-result report, which must be refused (CONFLICT, `message`) with nothing of it stored */
async function expectReportRefused(ws: Workspace, message: RegExp): Promise<void> {
  const entries = ws.audit.listForCase('c').length
  const [out] = await ws.importFiles('c', [
    { name: 'report.yaml', bytes: enc(report({ 'scs-0100-syntax-check': '1' })) }
  ])
  expect(out).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT', message: expect.stringMatching(message) }
  })
  expect(ws.caseFiles('c')).toEqual([])
  expect(ws.audit.listForCase('c')).toHaveLength(entries)
}

describe('an insider who plants the largest row id where the workspace keeps ids as numbers', () => {
  it('the next import is refused, naming imported_files and why, and nothing of it is stored', async () => {
    const ws = openCase()
    onFile(ws, (db) => {
      db.pragma('foreign_keys = OFF')
      db.exec(`INSERT INTO imported_files (id, case_id, file_name, sha256, size, kind, imported_at, receipt)
               VALUES (9223372036854775807, 'planted', 'planted.yaml', 'x', 0, 'scs-report', '2026-01-01', '{}')`)
    })
    await expectReportRefused(
      ws,
      /imported_files holds a row with an id beyond 2\^53.*changed outside the app.*nothing of report\.yaml was imported/
    )
    expect(onFile(ws, (db) => db.prepare('SELECT count(*) AS n FROM reports').get())).toEqual({ n: 0 })
  })

  it('the next report is refused, naming reports and the file (two reports whose ids round to one number had their results mixed up)', async () => {
    const ws = openCase()
    // 2^53 + 10: the next reports get 2^53 + 11 and 2^53 + 12, which are one number in JavaScript; the review
    // then read a.yaml's results as b.yaml's (demo-cloud's FAIL turned MISSING) and the log check was clean,
    // even after the insider deleted this row again
    onFile(ws, (db) => {
      db.pragma('foreign_keys = OFF')
      db.exec(`INSERT INTO reports (id, case_id, file_id, kind, subject, checked_at, reference_date)
               VALUES (9007199254741002, 'planted', 999999, 'scs-report', 'x', '2026-01-01', '2026-01-01')`)
    })
    const before = ws.caseReview('c')
    const entries = ws.audit.listForCase('c').length
    const outs = await ws.importFiles('c', twoClouds())
    expect(outs).toMatchObject(
      ['a.yaml', 'b.yaml'].map((name) => ({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: expect.stringMatching(
            new RegExp(`reports holds a row with an id beyond 2\\^53.*nothing of ${name} was imported`)
          )
        }
      }))
    )
    expect(ws.caseFiles('c')).toEqual([])
    expect(ws.audit.listForCase('c')).toHaveLength(entries)
    expect(ws.caseReview('c')).toEqual(before)
  })

  it('the next entry of the audit log after one numbered 2^53 is refused, naming audit_log, instead of a SQLite error', async () => {
    const ws = openCase()
    onFile(ws, (db) =>
      // the next number, 2^53 + 1, is 2^53 again in JavaScript: the append failed on the log's primary key
      db.exec(`INSERT INTO audit_log (seq, at, actor, action, case_id, payload, prev_hash, hash)
               VALUES (9007199254740992, '2026-01-01', 'nobody', 'note', NULL, '{}', 'x', 'planted')`)
    )
    await expectReportRefused(
      ws,
      /audit_log holds an entry numbered beyond 2\^53.*changed outside the app.*nothing was recorded/
    )
  })

  it.each([
    [
      'the largest row id',
      `INSERT INTO decisions (id, case_id, criterion_id, subject_key, decision, auditor, decided_at)
         VALUES (9223372036854775807, 'planted', 'x', 'y', 'accept', 'nobody', '2026-01-01')`,
      /decisions holds a row with an id beyond 2\^53.*changed outside the app/
    ],
    [
      // the decision was logged, and returned under the id of the row inserted before, but never stored
      'a trigger that drops the insert',
      `CREATE TRIGGER undecided BEFORE INSERT ON decisions BEGIN SELECT RAISE(IGNORE); END`,
      /decisions did not store a row the app wrote.*changed outside the app/
    ]
  ])(
    'after %s the next decision is refused, naming decisions and why, and nothing of it is stored',
    async (_what, plant, refusal) => {
      const ws = openCase()
      await ws.importFiles('c', [
        { name: 'report.yaml', bytes: enc(report({ 'scs-0100-syntax-check': '1' })) }
      ])
      onFile(ws, (db) => {
        db.pragma('foreign_keys = OFF')
        db.exec(plant)
      })
      const entries = ws.audit.listForCase('c').length
      const decide = (): unknown =>
        ws.decide(
          {
            caseId: 'c',
            criterion: 'scs-0100-v3.1',
            subject: 'demo-cloud',
            decision: 'accept',
            comment: 'checked'
          },
          actorOf(ws, 'Dana')
        )
      expect(decide).toThrow(refusal)
      expect(
        onFile(ws, (db) => db.prepare("SELECT count(*) AS n FROM decisions WHERE case_id = 'c'").get())
      ).toEqual({ n: 0 })
      expect(ws.audit.listForCase('c')).toHaveLength(entries)
    }
  )
})

/** the log check's messages after the demo self-assessment was imported under the insider's `trigger` */
async function logCheckAfterSelfAssessment(trigger: string): Promise<string> {
  const ws = openCase()
  onFile(ws, (db) => db.exec(trigger))
  const [out] = await ws.importFiles('c', [
    { name: 'self.yaml', bytes: readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml')) }
  ])
  expect(out).toMatchObject({ ok: true })
  return ws
    .checkCaseLog('c')
    .map((p) => p.message)
    .join('\n')
}

describe('a self-assessment digests the rows it wrote', () => {
  it('a trigger that rewrites a claim as it is written is caught by the log check', async () => {
    const messages = await logCheckAfterSelfAssessment(`CREATE TRIGGER vouched AFTER INSERT ON claims
      BEGIN UPDATE claims SET statement = 'confirmed on site by the auditor' WHERE id = NEW.id; END`)
    expect(messages).toMatch(
      /rows of claims from self\.yaml were changed, added or deleted after entry \d+ imported it/
    )
  })

  it('a trigger that rewrites a subject or the submission as it is written is caught too', async () => {
    const messages = await logCheckAfterSelfAssessment(`CREATE TRIGGER nearer AFTER INSERT ON subjects
      BEGIN UPDATE subjects SET regions = 9 WHERE id = NEW.id; END;
      CREATE TRIGGER later AFTER INSERT ON submissions
      BEGIN UPDATE submissions SET submitted_at = '2026-11-24' WHERE id = NEW.id; END`)
    expect(messages).toMatch(/submissions#1 of self\.yaml was changed after entry \d+ imported it/)
    expect(messages).toMatch(/subjects#\d+ of self\.yaml was changed after entry \d+ imported it/)
  })
})

describe("a file's own row digests as written", () => {
  it('a trigger that rewrites the receipt of an imported file as it is written is caught by the log check', async () => {
    const messages =
      await logCheckAfterSelfAssessment(`CREATE TRIGGER clean_receipt AFTER INSERT ON imported_files
      BEGIN UPDATE imported_files SET receipt = json_set(receipt, '$.notes', json('[]')) WHERE id = NEW.id; END`)
    expect(messages).toMatch(/imported_files#\d+ of self\.yaml was changed after entry \d+ imported it/)
  })

  it('written rows are digested as written, a whole number beyond 2^53 too, and a value their column cannot take fails loudly: the table is never read back in their place', () => {
    // read back in their place, a table's rows lose what the written rows are for: a trigger that changed
    // them as they were written would match the entry
    const ws = openCase()
    const digests = onFile(ws, (db) => {
      const columns = db
        .prepare('SELECT * FROM subjects')
        .columns()
        .map((c) => c.name)
      const subject = (values: Record<string, unknown>): WrittenRows => ({
        subjects: {
          columns,
          rows: [
            columns.map(
              (c) =>
                values[c] ??
                { id: 1, submission_id: 1, subject_key: 'k', kind: 'iaas', figures: '{}', extra: '{}' }[c] ??
                null
            )
          ]
        }
      })
      const digest = createPortableDigest(db)
      const tableOf = (values: Record<string, unknown>): unknown => {
        try {
          return digest(1, subject(values)).tables['subjects']
        } catch (error) {
          return String(error)
        }
      }
      return {
        large: tableOf({ regions: 2 ** 60 }),
        larger: tableOf({ regions: 2 ** 60 + 2 ** 9 }),
        none: tableOf({}),
        text: tableOf({ name: 5 })
      }
    })
    expect(digests.large).not.toBe(digests.larger)
    expect(digests.large).not.toBe(digests.none)
    expect(digests.text).toMatch(
      /the rows written to subjects hold a value its column name \(TEXT\) cannot take as it is: 5/
    )
  })

  it('rows written without a column of their table fail loudly instead of being digested as read back', () => {
    // a migration that adds a column the importer does not write would otherwise quietly undo the above
    const ws = openCase()
    const thrown = onFile(ws, (db) => {
      try {
        createPortableDigest(db)(1, {
          testcase_results: { columns: ['id', 'report_id', 'testcase_id'], rows: [[1, 1, 'x']] }
        })
      } catch (error) {
        return error
      }
      return null
    })
    expect(String(thrown)).toMatch(/the rows written to testcase_results lack its column result/)
  })
})

describe('an insider who pushes the next row ids of a self-assessment beyond 2^53', () => {
  /** the demo self-assessment imported into a fresh case after `plant` ran on the file; the case's review */
  async function reviewAfter(plant: string): Promise<{ ws: Workspace; review: CaseReview }> {
    const ws = openCase()
    if (plant)
      onFile(ws, (db) => {
        db.pragma('foreign_keys = OFF')
        db.exec(plant)
      })
    const [out] = await ws.importFiles('c', [
      { name: 'self.yaml', bytes: readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml')) }
    ])
    expect(out).toMatchObject({ ok: true })
    return { ws, review: ws.caseReview('c') }
  }

  it('the case still reads the claims and subjects of its self-assessment (a rounded id found none of them)', async () => {
    // 2^53 + 10: SQLite gives the next row 2^53 + 11, which a number cannot hold (it rounds to 2^53 + 12)
    const { ws, review } = await reviewAfter(
      `INSERT INTO submissions (id, case_id, file_id, format_version, scheme_id, scheme_version, submitted_at, applicant)
         VALUES (9007199254741002, 'planted', 999999, 1, 'x', 'x', '2026-01-01', '{}')`
    )
    const honest = await reviewAfter('')
    const latest = (w: Workspace) => onFile(w, (db) => createSubmissionsRepo(db).latestForCase('c'))
    expect(latest(ws)).toEqual(latest(honest.ws))
    expect(latest(ws)?.answers.length).toBeGreaterThan(0)
    expect(review).toEqual(honest.review)
    expect(ws.checkCaseLog('c')).toEqual([])
  })
})

describe('an insider who renumbers rows after an honest import', () => {
  it('two reports moved to ids that round to one number (their order and references kept) are caught by the log check', async () => {
    const ws = openCase()
    const outs = await ws.importFiles('c', twoClouds())
    expect(outs.map((o) => o.ok)).toEqual([true, true])
    expect(ws.checkCaseLog('c')).toEqual([])
    // what the review counts for each subject's entropy check
    const entropy = (): string[] =>
      ws
        .caseReview('c')
        .rows.flatMap((r) =>
          r.testcases
            .filter((t) => t.testcase === 'scs-0101-entropy-avail')
            .map((t) => `${r.subject}: ${t.effective}`)
        )
    expect(entropy()).toEqual(['demo-cloud: FAIL', 'other-cloud: MISSING'])
    // 2^53 + 11 and 2^53 + 12 are one number in JavaScript; each file keeps its one report, in place 1
    onFile(ws, (db) => {
      db.pragma('foreign_keys = OFF')
      const ids = db.prepare<[], { id: number }>('SELECT id FROM reports ORDER BY id').all()
      ids.forEach(({ id }, i) => {
        const to = 9007199254741003n + BigInt(i)
        for (const t of ['invocations', 'testcase_results'])
          db.prepare(`UPDATE ${t} SET report_id = ? WHERE report_id = ?`).run(to, id)
        db.prepare('UPDATE reports SET id = ? WHERE id = ?').run(to, id)
      })
    })
    // what the screens show changed: demo-cloud's FAIL is read as other-cloud's, demo-cloud's check MISSING ...
    expect(entropy()).toEqual(['demo-cloud: MISSING', 'other-cloud: FAIL'])
    // ... and the log check says so
    expect(
      ws
        .checkCaseLog('c')
        .map((p) => p.message)
        .join('\n')
    ).toMatch(/reports#9007199254741003 of a\.yaml was changed after entry \d+ imported it/)
  })
})
