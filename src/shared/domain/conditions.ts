/**
 * The conditions of a points scheme's criteria (`applies` in a rule file) checked against a referenced
 * environment. One reading for the verdict (which field decided, as facts) and for the plausibility rules of
 * reconciliation (`sizeCondition`: the part of a condition about the environment's size).
 */
import type { Condition } from './rules'
import type { SubmissionSubject } from './submission'
import { msg, type Msg } from '../text/messages'

/** Checks a condition against an environment; the facts say which field decided. */
export function checkCondition(c: Condition, s: SubmissionSubject): { ok: boolean; facts: Msg[] } {
  const facts: Msg[] = []
  let ok = true
  const need = (field: string, want: string | boolean, have: string | boolean | null | undefined): void => {
    const good = have === want
    if (!good) ok = false
    facts.push(msg('fact.field', { field, value: have ?? null, ok: good, want }))
  }
  if (c.role !== undefined) need('role', c.role, s.role)
  if (c.thirdParty !== undefined) need('thirdParty', c.thirdParty, s.thirdParty)
  if (c.publicCloud !== undefined) need('publicCloud', c.publicCloud, s.publicCloud)
  if (c.kind !== undefined) need('kind', c.kind, s.kind)
  for (const field of ['regions', 'availabilityZones'] as const) {
    const b = c[field]
    if (!b) continue
    const v = s[field]
    const good = v !== null && (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max)
    if (!good) ok = false
    facts.push(
      msg('fact.bound', { field, value: v ?? null, ok: good, min: b.min ?? null, max: b.max ?? null })
    )
  }
  if (c.anyOf) {
    const alts = c.anyOf.map((x) => checkCondition(x, s))
    const any = alts.some((a) => a.ok)
    if (!any) ok = false
    facts.push(
      msg('fact.any-of', {
        ok: any,
        alternatives: alts.map((a) => msg('fact.all-of', { parts: a.facts }))
      })
    )
  }
  return { ok, facts }
}

/** A size condition in words ("≥ 2 regions or ≥ 3 availability zones"), for the finding that it fails. */
export function describeSize(c: Condition): Msg {
  const parts: Msg[] = []
  for (const field of ['regions', 'availabilityZones'] as const) {
    const b = c[field]
    if (b) parts.push(msg('size.bound', { field, min: b.min ?? null, max: b.max ?? null }))
  }
  if (c.anyOf) parts.push(msg('size.any-of', { parts: c.anyOf.map(describeSize) }))
  return parts.length === 1 ? parts[0]! : msg('size.all-of', { parts })
}

/**
 * The part of a condition that concerns the environment's size (`regions`, `availabilityZones`, also inside
 * `anyOf`); null when it says nothing about size.
 */
export function sizeCondition(c: Condition): Condition | null {
  const alternatives = (c.anyOf ?? []).map(sizeCondition).filter((x): x is Condition => x !== null)
  const size: Condition = {
    ...(c.regions ? { regions: c.regions } : {}),
    ...(c.availabilityZones ? { availabilityZones: c.availabilityZones } : {}),
    // an alternative without a size condition holds whatever the size: then the whole anyOf does
    ...(alternatives.length > 0 && alternatives.length === (c.anyOf ?? []).length
      ? { anyOf: alternatives }
      : {})
  }
  return Object.keys(size).length > 0 ? size : null
}
