/**
 * The rule reader (rules-reader.ts, no schema library) against parseRules (rules.ts, zod): on the shipped
 * rule files and on generated variants of them, the reader accepts exactly what parseRules accepts and
 * returns the same value, keys in the same order; a value it refuses makes parseRules throw.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseRules, type SchemeRules } from '../../../src/shared/domain/rules'
import { readRules } from '../../../src/shared/domain/rules-reader'
import { loadYamlDocuments } from '../../../src/shared/format/safe-yaml'
import { RESOURCES } from '../../helpers/paths'

const SCHEMES = join(RESOURCES, 'schemes')
const shipped = readdirSync(SCHEMES)
  .filter((f) => f.endsWith('.rules.yaml'))
  .map((f) => [f, loadYamlDocuments(f, readFileSync(join(SCHEMES, f), 'utf8'))[0]] as const)

function viaSchema(value: unknown): SchemeRules | null {
  try {
    return parseRules('r.rules.yaml', value)
  } catch {
    return null
  }
}

/** same value, same keys (an explicit undefined included), same key order */
function expectSame(fast: SchemeRules | null, slow: SchemeRules | null): void {
  expect(fast === null).toBe(slow === null)
  expect(fast).toStrictEqual(slow)
  const order = (v: unknown): unknown =>
    v && typeof v === 'object'
      ? Array.isArray(v)
        ? v.map(order)
        : Object.entries(v).map(([k, x]) => [k, order(x)])
      : v
  expect(order(fast)).toStrictEqual(order(slow))
}

describe('the rule reader reads what parseRules reads', () => {
  it.each(shipped)('%s', (_f, value) => {
    const fast = readRules(value)
    expect(fast).not.toBeNull()
    expectSame(fast, viaSchema(value))
  })

  // values a rule file's fields might hold, right and wrong
  const anyValue = fc.oneof(
    fc.constantFrom<unknown>(
      undefined,
      null,
      0,
      1,
      -1,
      2,
      12,
      120,
      121,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 60,
      '',
      'x',
      'scs-x',
      'Not-an-id',
      '2026-04-07',
      '2026-4-7',
      true,
      false,
      'scope',
      'points',
      'guideline',
      'required',
      'not-required',
      'excluded',
      'accepted-decision',
      'best',
      'sum',
      'managed',
      'iaas',
      'scoring.third-party-managed',
      [],
      {},
      [{}],
      new Date('2026-04-07T00:00:00Z'),
      new Date(Number.NaN),
      { min: 2 },
      { pass: 'P', tentative: 'T', fail: 'F' },
      { points: 1, heldForMonths: 6 },
      { points: 1 }
    ),
    fc.string({ maxLength: 3 }),
    fc.integer({ min: -5, max: 130 })
  )

  /**
   * A copy of `root` with one of its values (any depth) replaced (by `replacement`, or by a copy of another
   * value of the same document: duplicate ids, tiers out of order) or deleted, or an extra key beside it.
   */
  function mutate(root: unknown, pick: number, how: number, replacement: unknown): unknown {
    const copy = structuredClone(root)
    const places: [Record<string, unknown> | unknown[], string][] = []
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object' || node instanceof Date) return
      for (const key of Object.keys(node)) {
        places.push([node as Record<string, unknown>, key])
        walk((node as Record<string, unknown>)[key])
      }
    }
    walk(copy)
    const [container, key] = places[pick % places.length]!
    if (how === 3) {
      const [from, fromKey] = places[Math.floor(pick / places.length) % places.length]!
      replacement = structuredClone((from as Record<string, unknown>)[fromKey])
      how = 0
    }
    if (Array.isArray(container)) {
      if (how === 0) container[Number(key)] = replacement
      else if (how === 1) container.splice(Number(key), 1)
      else container.push(replacement)
    } else if (how === 0) container[key] = replacement
    else if (how === 1) delete container[key]
    else container[`extra${key}`] = replacement
    return copy
  }

  it('on generated variants of the shipped files', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...shipped.map(([, v]) => v)),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), anyValue), { minLength: 1, maxLength: 2 }),
        (value, changes) => {
          let v = value
          for (const [pick, how, replacement] of changes) v = mutate(v, pick, how, replacement)
          expectSame(readRules(v), viaSchema(v))
        }
      ),
      { numRuns: 5000 }
    )
  })

  it('fills in the defaults as parseRules does', () => {
    const minimal = {
      formatVersion: 1,
      scheme: 'x',
      name: 'X',
      validity: { months: 12 },
      model: 'guideline'
    }
    expectSame(readRules(minimal), viaSchema(minimal))
    expect(readRules(minimal)).toMatchObject({ url: '', freshness: 'not-required', manual: 'excluded' })
  })
})
