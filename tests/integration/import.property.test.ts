/**
 * Property: whatever bytes arrive, the importer returns a receipt or a typed InputError; it never throws
 * anything else and never leaves a partial write. FC_RUNS raises the number of generated inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import yaml from 'js-yaml'
import { dumpDb, reportYaml, workspaceTemplate } from '../helpers/workspace'
import { InputError } from '../../src/shared/format/input-error'
import { parseFile } from '../../src/main/import/parse'
import type { Workspace } from '../../src/main/workspace'
import { onFile } from '../helpers/insider'

const RUNS = Number(process.env['FC_RUNS'] ?? 300)
// a guard against a hang, not a speed limit: thousands of inputs per test take minutes on a busy 2-core machine
const PROPERTY_TIMEOUT = 600_000
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

// every input meets the same small workspace: a fresh copy after each stored file (workspaceTemplate)
let template: ReturnType<typeof workspaceTemplate>
let ws: Workspace
beforeAll(() => {
  template = workspaceTemplate((t) =>
    t.createCase({ id: 'p', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  )
  ws = template.fresh()
})
afterAll(() => ws.close())

const testcaseIds = fc.constantFrom(
  'scs-0100-syntax-check',
  'scs-0100-semantics-check',
  'scs-0101-entropy-avail',
  'unknown-x',
  '__proto__',
  'constructor',
  ''
)
const resultValue = fc.oneof(
  { arbitrary: fc.constantFrom(1, 0, -1), weight: 12 },
  { arbitrary: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()), weight: 1 }
)
/** mostly null (no damage), sometimes a damage */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: arb, weight: 1 })

/** Valid-looking reports with random damage: the interesting boundary between accept and reject. */
const damagedReport = fc
  .record({
    results: fc.dictionary(testcaseIds, resultValue, { maxKeys: 6 }),
    subject: fc.oneof(fc.constantFrom('cloud-a', 'cloud-b'), fc.string({ maxLength: 5 })),
    checkedAt: fc.oneof(
      { arbitrary: fc.constant('2026-11-17 08:00:00'), weight: 3 },
      { arbitrary: fc.string({ maxLength: 12 }), weight: 1 }
    ),
    runUuid: fc.uuid(),
    cut: sometimes(fc.nat(2000)),
    drop: sometimes(fc.constantFrom('spec:', 'subject:', 'run:', 'checked_at:'))
  })
  .map(({ results, subject, checkedAt, runUuid, cut, drop }) => {
    let text = reportYaml({ results: {}, subject: JSON.stringify(subject), checkedAt, runUuid }).replace(
      '      results:\n',
      `      results: ${JSON.stringify(results)}\n`
    )
    if (drop) text = text.replace(new RegExp(`^${drop}.*$`, 'm'), '')
    return cut === null ? text : text.slice(0, cut)
  })

const anyInput = fc.oneof(
  { arbitrary: damagedReport.map(enc), weight: 4 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 300 }).map(enc), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => enc(JSON.stringify(v))), weight: 1 },
  {
    arbitrary: fc.anything({ maxDepth: 3 }).map((v) => {
      try {
        return enc(yaml.dump(v, { skipInvalid: true }))
      } catch {
        return enc('x')
      }
    }),
    weight: 1
  }
)

describe('import never half-writes and never throws untyped errors', { timeout: PROPERTY_TIMEOUT }, () => {
  it(`parseFile: result or InputError for ${RUNS * 5} inputs`, async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (bytes) => {
        try {
          await parseFile('gen.yaml', bytes)
        } catch (e) {
          if (!(e instanceof InputError)) throw e
          expect(e.file).toBe('gen.yaml')
          expect(e.place.length).toBeGreaterThan(0)
          expect(e.reason.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: RUNS * 5 }
    )
  })

  it(`importOne into a real SQLite file: receipt or InputError, database unchanged on rejection (${RUNS} inputs)`, async () => {
    const seen = { stored: 0, rejected: 0 }
    await fc.assert(
      fc.asyncProperty(anyInput, async (bytes) => {
        const resultsBefore = (
          onFile(ws, (db) => db.prepare('SELECT count(*) AS n FROM testcase_results').get()) as { n: number }
        ).n
        try {
          const receipt = await ws.importOne('p', { name: 'gen.yaml', bytes })
          if (!receipt.alreadyImported && receipt.kind === 'scs-report') {
            const after = (
              onFile(ws, (db) => db.prepare('SELECT count(*) AS n FROM testcase_results').get()) as {
                n: number
              }
            ).n
            expect(after - resultsBefore).toBe(receipt.counts.accepted + receipt.counts.unknown)
            seen.stored += 1
          }
        } catch (e) {
          if (!(e instanceof InputError)) throw e
          expect(dumpDb(ws)).toEqual(template.base)
          seen.rejected += 1
          return
        }
        ws.close()
        ws = template.fresh()
      }),
      { numRuns: RUNS }
    )
    // the generator must reach both sides of the boundary, or the property says little
    expect(seen.stored).toBeGreaterThan(0)
    expect(seen.rejected).toBeGreaterThan(0)
  })
})
