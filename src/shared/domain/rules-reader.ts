/**
 * A reader for scheme rule files that does without the schema library, so that a verdict does not pay for
 * loading it (about 100 ms of a CLI start). It accepts exactly the values `parseRules` (rules.ts) accepts
 * and returns the same value, keys in the same order, defaults filled in; anything else is `null`, and the
 * caller then runs `parseRules` for the error that names the place and the reason.
 * tests/unit/shared/rules-reader.test.ts holds the two to each other on the shipped rule files and on
 * generated variants of them.
 */
import type { Condition, SchemeRules } from './rules'
import { isIsoDate } from '../dates'
import { LIFETIMES } from './types'

type Obj = Record<string, unknown>
/** thrown inside the reader when the value is not a valid rule file; caught at the top */
const NO = Symbol('not valid')

function fail(): never {
  throw NO
}
/** any object but an array, as the schema library takes it (a Date too: it has no keys) */
function obj(v: unknown, keys: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail()
  for (const k of Object.keys(v)) if (!keys.includes(k)) fail()
  return v as Obj
}
function str(v: unknown, min = 0, max = Infinity): string {
  if (typeof v !== 'string' || v.length < min || v.length > max) return fail()
  return v
}
function num(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail()
  return v
}
function int(v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = num(v)
  if (!Number.isSafeInteger(n) || n < min || n > max) return fail()
  return n
}
function bool(v: unknown): boolean {
  if (typeof v !== 'boolean') return fail()
  return v
}
function oneOf<T extends string>(v: unknown, options: readonly T[]): T {
  if (!options.includes(v as T)) return fail()
  return v as T
}
function list<T>(v: unknown, item: (x: unknown) => T, min = 0): T[] {
  if (!Array.isArray(v) || v.length < min) return fail()
  return v.map(item)
}
const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/
function id(v: unknown): string {
  const s = str(v)
  if (!ID.test(s)) fail()
  return s
}
const months = (v: unknown): number => int(v, 1, 120)
function isoDate(v: unknown): string {
  let s: string
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return fail()
    s = v.toISOString().slice(0, 10)
  } else s = str(v)
  if (!isIsoDate(s)) fail()
  return s
}

/** Copies the optional keys that are present (an explicit undefined stays, as the schema library keeps it). */
function optional(out: Obj, from: Obj, key: string, read: (v: unknown) => unknown): void {
  if (!(key in from)) return
  out[key] = from[key] === undefined ? undefined : read(from[key])
}
const orDefault = <T>(v: unknown, read: (x: unknown) => T, fallback: () => T): T =>
  v === undefined ? fallback() : read(v)

function bound(v: unknown): Obj {
  const b = obj(v, ['min', 'max'])
  const out: Obj = {}
  optional(out, b, 'min', num)
  optional(out, b, 'max', num)
  return out
}

const CONDITION_KEYS = [
  'role',
  'thirdParty',
  'publicCloud',
  'kind',
  'regions',
  'availabilityZones',
  'anyOf'
] as const
function condition(v: unknown): Condition {
  const c = obj(v, CONDITION_KEYS)
  const out: Obj = {}
  optional(out, c, 'role', (x) => oneOf(x, ['brought-into-production', 'managed', 'operated']))
  optional(out, c, 'thirdParty', bool)
  optional(out, c, 'publicCloud', bool)
  optional(out, c, 'kind', (x) => oneOf(x, ['iaas', 'kaas']))
  optional(out, c, 'regions', bound)
  optional(out, c, 'availabilityZones', bound)
  optional(out, c, 'anyOf', (x) => list(x, condition, 1))
  return out as Condition
}

function step(v: unknown): Obj {
  const s = obj(v, ['points', 'heldForMonths', 'startedWithinMonths'])
  const out: Obj = { points: int(s['points'], 0, 100) }
  optional(out, s, 'heldForMonths', months)
  optional(out, s, 'startedWithinMonths', months)
  if ((out['heldForMonths'] === undefined) === (out['startedWithinMonths'] === undefined)) fail()
  return out
}

const outcomes = (v: unknown): Obj =>
  orDefault(
    v,
    (x) => {
      const o = obj(x, ['pass', 'tentative', 'fail', 'inconclusive'])
      return {
        pass: str(o['pass']),
        tentative: str(o['tentative']),
        fail: str(o['fail']),
        inconclusive: orDefault(o['inconclusive'], str, () => 'Inconclusive')
      }
    },
    () => ({ pass: 'Pass', tentative: 'Tentative', fail: 'Fail', inconclusive: 'Inconclusive' })
  )

const COMMON = ['formatVersion', 'scheme', 'name', 'url', 'validity', 'model'] as const
const EVALUATION = [...COMMON, 'freshness', 'manual', 'outcomes'] as const
const SCOPE = [...EVALUATION, 'manualLifetime'] as const
const POINTS = [
  ...COMMON,
  'versions',
  'reference',
  'perEnvironment',
  'criteria',
  'tiers',
  'otherwise'
] as const

function rules(v: unknown): SchemeRules {
  const model = (v as Obj | null)?.['model']
  const r = obj(v, model === 'points' ? POINTS : model === 'scope' ? SCOPE : EVALUATION)
  if (r['formatVersion'] !== 1) fail()
  const validity = obj(r['validity'], ['months'])
  const out: Obj = {
    formatVersion: 1,
    scheme: id(r['scheme']),
    name: str(r['name'], 1),
    url: orDefault(r['url'], str, () => ''),
    validity: { months: months(validity['months']) },
    model: oneOf(model, ['scope', 'guideline', 'points'])
  }
  if (model !== 'points') {
    const scope = model === 'scope'
    out['freshness'] = orDefault(
      r['freshness'],
      (x) => oneOf(x, ['required', 'not-required']),
      () => (scope ? 'required' : 'not-required')
    )
    out['manual'] = orDefault(
      r['manual'],
      (x) => oneOf(x, ['accepted-decision', 'excluded']),
      () => (scope ? 'accepted-decision' : 'excluded')
    )
    if (scope)
      out['manualLifetime'] = orDefault(
        r['manualLifetime'],
        (x) => oneOf(x, LIFETIMES),
        () => 'quarter'
      )
    out['outcomes'] = outcomes(r['outcomes'])
    return out as SchemeRules
  }
  out['versions'] = list(
    r['versions'],
    (x) => {
      const ver = obj(x, ['version', 'stabilizedAt'])
      return { version: str(ver['version'], 1), stabilizedAt: isoDate(ver['stabilizedAt']) }
    },
    1
  )
  const ref = obj(r['reference'], ['scope', 'jointNeedsAcceptedShare'])
  out['reference'] = {
    scope: id(ref['scope']),
    jointNeedsAcceptedShare: orDefault(ref['jointNeedsAcceptedShare'], bool, () => true)
  }
  out['perEnvironment'] = orDefault(
    r['perEnvironment'],
    (x) => oneOf(x, ['best', 'sum']),
    () => 'best'
  )
  out['criteria'] = list(
    r['criteria'],
    (x) => {
      const c = obj(x, ['id', 'name', 'applies', 'points'])
      return {
        id: str(c['id'], 1, 200),
        name: str(c['name'], 1),
        applies: condition(c['applies']),
        points: list(c['points'], step, 1)
      }
    },
    1
  )
  out['tiers'] = list(
    r['tiers'],
    (x) => {
      const t = obj(x, ['id', 'name', 'minPoints'])
      return { id: id(t['id']), name: str(t['name'], 1), minPoints: int(t['minPoints'], 0) }
    },
    1
  )
  const otherwise = obj(r['otherwise'], ['id', 'name'])
  out['otherwise'] = { id: id(otherwise['id']), name: str(otherwise['name'], 1) }
  // parseRules' own checks: tiers from the highest down, no criterion twice
  const tiers = out['tiers'] as { minPoints: number }[]
  if (tiers.some((t, i) => i > 0 && t.minPoints > tiers[i - 1]!.minPoints)) fail()
  const ids = (out['criteria'] as { id: string }[]).map((c) => c.id)
  if (new Set(ids).size !== ids.length) fail()
  return out as SchemeRules
}

/** The rule file's value as `parseRules` returns it, or null when it is not valid (or not surely so). */
export function readRules(value: unknown): SchemeRules | null {
  try {
    return rules(value)
  } catch (error) {
    if (error === NO) return null
    throw error
  }
}
