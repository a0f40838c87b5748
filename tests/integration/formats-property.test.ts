/**
 * Property-based tests per input format: mostly-valid documents with random damage, plus raw noise.
 * Invariant: parseFile returns a value or throws an InputError with file, place and reason, never
 * anything else; and through a real workspace, a rejected file leaves the database unchanged.
 * FC_RUNS (CI: 2000) gives 5 × FC_RUNS parse inputs per text format, that is 10,000 in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import yaml from 'js-yaml'
import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseFile } from '../../src/main/import/parse'
import { buildTemplate } from '../../src/main/import/xlsx'
import { InputError } from '../../src/shared/format/input-error'
import { dumpDb, workspaceTemplate } from '../helpers/workspace'
import { FIXTURES, SHARED_FIXTURES } from '../helpers/paths'
import type { Workspace } from '../../src/main/workspace'

const RUNS = Number(process.env['FC_RUNS'] ?? 300)
// a guard against a hang, not a speed limit: thousands of inputs per test take minutes on a busy 2-core machine
const PROPERTY_TIMEOUT = 600_000
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** every path into a JSON value */
function paths(
  v: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = []
): (string | number)[][] {
  out.push(prefix)
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out))
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k]!, [...prefix, k], out)
  return out
}
type Op = { at: number; kind: 'delete' | 'replace' | 'rename' | 'wrap'; value: Json; key: string }
function damage(base: Json, ops: Op[]): Json {
  const doc = structuredClone(base)
  for (const op of ops) {
    const all = paths(doc).filter((p) => p.length > 0)
    if (all.length === 0) break
    const p = all[op.at % all.length]!
    let parent: Json = doc
    for (const k of p.slice(0, -1)) parent = (parent as Record<string, Json>)[k as string]!
    const last = p.at(-1)!
    const container = parent as Record<string | number, Json>
    if (op.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1)
      else delete container[last]
    } else if (op.kind === 'replace') container[last] = op.value
    else if (op.kind === 'wrap') container[last] = [container[last]!]
    else if (!Array.isArray(parent)) {
      const v = container[last]!
      delete container[last]
      Object.defineProperty(container, op.key, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true
      })
    }
  }
  return doc
}
const op: fc.Arbitrary<Op> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'rename', 'wrap'),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
    fc.constantFrom<Json>('2026-13-45', -1, 0, 1, 2, 'met', '', 'v9')
  ),
  key: fc.constantFrom('__proto__', 'constructor', 'extra-key', 'id', 'subject', 'results')
})
/** 0 ops often (valid), 1–3 ops otherwise */
const ops = fc.oneof(
  { arbitrary: fc.constant<Op[]>([]), weight: 1 },
  { arbitrary: fc.array(op, { minLength: 1, maxLength: 3 }), weight: 3 }
)

function documents(base: Json, asJson: boolean): fc.Arbitrary<Uint8Array> {
  const damaged = fc
    .record({
      ops,
      cut: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.nat(4000), weight: 1 })
    })
    .map(({ ops, cut }) => {
      const d = damage(base, ops)
      let text = asJson ? JSON.stringify(d, null, 1) : yaml.dump(d, { skipInvalid: true })
      if (cut !== null) text = text.slice(0, cut)
      return enc(text)
    })
  return fc.oneof(
    { arbitrary: damaged, weight: 8 },
    { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 },
    { arbitrary: fc.string({ maxLength: 200 }).map(enc), weight: 1 }
  )
}

async function property(
  name: string,
  arb: fc.Arbitrary<Uint8Array>,
  runs: number,
  kind: string
): Promise<void> {
  const seen = { accepted: 0, rejected: 0 }
  await fc.assert(
    fc.asyncProperty(arb, async (bytes) => {
      try {
        const p = await parseFile(name, bytes)
        if (p.kind === kind) seen.accepted += 1
      } catch (e) {
        if (!(e instanceof InputError)) throw e
        expect(e.file).toBe(name)
        expect(e.place.length).toBeGreaterThan(0)
        expect(e.reason.length).toBeGreaterThan(0)
        seen.rejected += 1
      }
    }),
    { numRuns: runs }
  )
  expect(seen.accepted, 'the generator must also produce valid documents').toBeGreaterThan(0)
  expect(seen.rejected, 'the generator must also produce invalid documents').toBeGreaterThan(0)
}

const load = (p: string): Json => yaml.load(readFileSync(p, 'utf8'), { schema: yaml.CORE_SCHEMA }) as Json
const REPORT = load(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'))
const SCOPE = load(join(SHARED_FIXTURES, 'real/scs-compatible-kaas.yaml'))
const SUBMISSION = load(join(FIXTURES, 'self-assessment/integrator-example.yaml'))
const GUIDELINE = JSON.parse(readFileSync(join(SHARED_FIXTURES, 'real/interop-2020.06.json'), 'utf8')) as Json
const REFSTACK = JSON.parse(
  readFileSync(join(SHARED_FIXTURES, 'format-samples/refstack-results-demo-cloud.json'), 'utf8')
) as Json

const junit = fc
  .record({
    cases: fc.array(
      fc.record({
        name: fc.oneof(fc.constantFrom('scs-0100-syntax-check', 'a', 'b c'), fc.string({ maxLength: 8 })),
        state: fc.constantFrom('pass', 'failure', 'error', 'skipped')
      }),
      { maxLength: 8 }
    ),
    cut: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.nat(400), weight: 1 }),
    noise: fc.oneof(
      { arbitrary: fc.constant(''), weight: 4 },
      { arbitrary: fc.constantFrom('<!DOCTYPE x>', '<x>', '&amp;', ']]>', '<testsuite>'), weight: 1 }
    )
  })
  .map(({ cases, cut, noise }) => {
    const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
    const body = cases
      .map(
        (c) =>
          `<testcase classname="k" name="${esc(c.name)}">${c.state === 'pass' ? '' : `<${c.state} message="m"/>`}</testcase>`
      )
      .join('')
    const text = `<?xml version="1.0"?><testsuites><testsuite name="s" hostname="h">${body}${noise}</testsuite></testsuites>`
    return enc(cut === null ? text : text.slice(0, cut))
  })

describe(
  `every format: a value or a typed InputError (${RUNS * 5} inputs per text format)`,
  { timeout: PROPERTY_TIMEOUT },
  () => {
    it('compliance-check report (YAML)', () =>
      property('r.yaml', documents(REPORT, false), RUNS * 5, 'scs-report'))
    it('scope file (YAML)', () => property('s.yaml', documents(SCOPE, false), RUNS * 5, 'scs-scope'))
    it('self-assessment (YAML)', () =>
      property('a.yaml', documents(SUBMISSION, false), RUNS * 5, 'self-assessment'))
    it('self-assessment (JSON)', () =>
      property('a.json', documents(SUBMISSION, true), RUNS * 5, 'self-assessment'))
    it('interop guideline (JSON)', () =>
      property('g.json', documents(GUIDELINE, true), RUNS * 5, 'interop-guideline'))
    it('RefStack results (JSON)', () =>
      property('rs.json', documents(REFSTACK, true), RUNS * 5, 'refstack-results'))
    it('JUnit XML', () =>
      property(
        'j.xml',
        fc.oneof(
          { arbitrary: junit, weight: 8 },
          { arbitrary: fc.string({ maxLength: 200 }).map((s) => enc(`<${s}`)), weight: 1 }
        ),
        RUNS * 5,
        'junit-xml'
      ))

    it('XLSX questionnaire (generated workbooks, then byte-level damage)', async () => {
      const template = await buildTemplate({
        caseId: 'p',
        scheme: 'scs-compatible-iaas',
        schemeVersion: 'v5.1',
        criteria: [{ id: 'scs-0100-v3.1', name: 'Flavor naming', manual: false }]
      })
      const cell = fc.oneof(
        fc.constantFrom<ExcelJS.CellValue>(
          'met',
          'maybe',
          'iaas',
          'yes',
          '2026-11-20',
          'x=1; y=2',
          'title | https://e.test | 2026-01-01',
          null,
          3
        ),
        fc.string({ maxLength: 12 })
      )
      const filled = fc.record({
        applicant: fc.oneof(fc.constant<ExcelJS.CellValue>('Sheet AG'), cell),
        // mostly a valid row, sometimes one cell damaged
        subjDamage: fc.oneof(
          { arbitrary: fc.constant(null), weight: 2 },
          { arbitrary: fc.record({ col: fc.nat(14), value: cell }), weight: 1 }
        ),
        ansDamage: fc.oneof(
          { arbitrary: fc.constant(null), weight: 2 },
          { arbitrary: fc.record({ col: fc.nat(6), value: cell }), weight: 1 }
        ),
        cut: fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: fc.nat(6000), weight: 1 })
      })
      // building a workbook is asynchronous: sample the inputs, then build and check each
      const samples = fc.sample(filled, Math.max(60, Math.ceil(RUNS / 10)))
      const seen = { accepted: 0, rejected: 0 }
      for (const s of samples) {
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.load(template as unknown as ExcelJS.Buffer)
        const sub = wb.getWorksheet('Submission')!
        sub.eachRow((row) => {
          if (row.getCell(1).value === 'submittedAt') row.getCell(2).value = '2026-11-20'
          if (row.getCell(1).value === 'applicant.name') row.getCell(2).value = s.applicant
        })
        const subj: ExcelJS.CellValue[] = ['sheet-cloud', 'Sheet Cloud', 'iaas']
        if (s.subjDamage) subj[s.subjDamage.col] = s.subjDamage.value
        const ans: ExcelJS.CellValue[] = ['scs-0100-v3.1', null, null, 'met', 'Implemented.']
        if (s.ansDamage) ans[s.ansDamage.col] = s.ansDamage.value
        wb.getWorksheet('Subjects')!.getRow(2).values = subj
        wb.getWorksheet('Answers')!.getRow(2).values = ans
        let bytes: Uint8Array = Buffer.from(await wb.xlsx.writeBuffer())
        if (s.cut !== null) bytes = bytes.subarray(0, s.cut)
        try {
          await parseFile('q.xlsx', bytes)
          seen.accepted += 1
        } catch (e) {
          if (!(e instanceof InputError)) throw e
          expect(e.place.length).toBeGreaterThan(0)
          seen.rejected += 1
        }
      }
      expect(seen.accepted).toBeGreaterThan(0)
      expect(seen.rejected).toBeGreaterThan(0)

      // byte-level damage to a valid workbook (flipped bytes, truncation, trailing garbage): 5 × FC_RUNS
      // inputs, as for the text formats; the generated workbooks above add variety in the cells
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(template as unknown as ExcelJS.Buffer)
      wb.getWorksheet('Submission')!.eachRow((row) => {
        if (row.getCell(1).value === 'submittedAt') row.getCell(2).value = '2026-11-20'
        if (row.getCell(1).value === 'applicant.name') row.getCell(2).value = 'Sheet AG'
      })
      wb.getWorksheet('Subjects')!.getRow(2).values = ['sheet-cloud', 'Sheet Cloud', 'iaas']
      wb.getWorksheet('Answers')!.getRow(2).values = ['scs-0100-v3.1', null, null, 'met', 'Implemented.']
      const valid = Buffer.from(await wb.xlsx.writeBuffer())
      const bytes = fc
        .record({
          flips: fc.oneof(
            { arbitrary: fc.constant([]), weight: 1 },
            {
              arbitrary: fc.array(fc.record({ at: fc.nat(), to: fc.integer({ min: 0, max: 255 }) }), {
                minLength: 1,
                maxLength: 4
              }),
              weight: 3
            }
          ),
          cut: fc.oneof(
            { arbitrary: fc.constant(null), weight: 4 },
            { arbitrary: fc.nat(valid.length), weight: 1 }
          ),
          tail: fc.oneof(
            { arbitrary: fc.constant(new Uint8Array()), weight: 4 },
            { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 }
          )
        })
        .map(({ flips, cut, tail }) => {
          const b = Buffer.from(valid)
          for (const f of flips) b[f.at % b.length] = f.to
          return Buffer.concat([cut === null ? b : b.subarray(0, cut), tail])
        })
      await property('q.xlsx', bytes, RUNS * 5, 'xlsx-questionnaire')
    })
  }
)

describe(
  `through a real workspace: a rejected file leaves the database unchanged (${RUNS} inputs per format)`,
  { timeout: PROPERTY_TIMEOUT },
  () => {
    // every input meets the same small workspace: a fresh copy after each accepted file (workspaceTemplate)
    let template: ReturnType<typeof workspaceTemplate>
    let ws: Workspace
    let base: Record<string, unknown[]>
    beforeAll(() => {
      template = workspaceTemplate((t) =>
        t.createCase({ id: 'p', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      )
      ws = template.fresh()
      base = template.base
    })
    afterAll(() => ws.close())
    it.each([
      ['self-assessment', 'a.yaml', documents(SUBMISSION, false)],
      ['RefStack', 'rs.json', documents(REFSTACK, true)],
      ['JUnit', 'j.xml', junit],
      ['scope', 's.yaml', documents(SCOPE, false)]
    ] as const)('%s', async (_n, name, arb) => {
      let rejected = 0
      await fc.assert(
        fc.asyncProperty(arb, async (bytes) => {
          try {
            await ws.importOne('p', { name, bytes })
          } catch (e) {
            if (!(e instanceof InputError)) throw e
            rejected += 1
            expect(dumpDb(ws)).toEqual(base)
            return
          }
          ws.close()
          ws = template.fresh()
        }),
        { numRuns: Math.max(50, Math.ceil(RUNS / 4)) }
      )
      expect(rejected).toBeGreaterThan(0)
    })
  }
)
