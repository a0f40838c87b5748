import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import yaml from 'js-yaml'
import { evaluateVersion, expiryDate, isFresh, type Observation } from '../../../src/shared/domain/evaluate'
import { parseScope, mainTestcases } from '../../../src/shared/domain/scope'
import { FIXTURES } from '../../helpers/paths'

const iaas = parseScope(
  'iaas',
  yaml.load(readFileSync(join(FIXTURES, 'scs-compatible-iaas.yaml'), 'utf8'), { schema: yaml.CORE_SCHEMA })
)

describe('expiryDate (scs_cert_lib add_period, calendar-aligned)', () => {
  it.each([
    ['day: Monday 10:00 → Wednesday 00:00', '2026-11-16T10:00:00', 'day', '2026-11-18'],
    ['day: across a month end', '2026-11-30T23:59:59', 'day', '2026-12-02'],
    ['week: Monday → the Monday after next', '2026-11-16T08:00:00', 'week', '2026-11-30'],
    ['week: Tuesday → the Monday after next', '2026-11-17T08:12:44.120533', 'week', '2026-11-30'],
    ['week: Sunday → the Monday after next', '2026-11-22T23:00:00', 'week', '2026-11-30'],
    ['week is the default lifetime', '2026-11-17T08:12:44', null, '2026-11-30'],
    ['month: the 1st two months later', '2026-11-17T00:00:00', 'month', '2027-01-01'],
    ['month: from the 31st', '2026-01-31T00:00:00', 'month', '2026-03-01'],
    ['quarter: Q4 → the 1st of the quarter after next', '2026-11-17T00:00:00', 'quarter', '2027-04-01'],
    ['quarter: Q1', '2026-02-10T00:00:00', 'quarter', '2026-07-01'],
    ['year: two months later, one year on', '2026-11-17T00:00:00', 'year', '2028-01-01'],
    ['year: from March', '2026-03-05T00:00:00', 'year', '2027-05-01']
  ] as const)('%s', (_name, checkedAt, lifetime, expected) => {
    expect(expiryDate(checkedAt, lifetime)).toBe(expected)
  })

  it('a result is valid before its expiry, not at it', () => {
    expect(isFresh('2026-11-30', '2026-11-29')).toBe(true)
    expect(isFresh('2026-11-30', '2026-11-30')).toBe(false)
  })
})

describe('evaluateVersion (scs_cert_lib evaluate)', () => {
  const mains = mainTestcases(iaas, 'v5.1')
  const all = (value: -1 | 0 | 1, checkedAt = '2026-11-17T08:00:00'): Observation[] =>
    mains.map((testcase) => ({ testcase, value, checkedAt }))
  const at = '2026-11-20'

  it('passes when every main testcase passes and is fresh', () => {
    const e = evaluateVersion(iaas, 'v5.1', 's', all(1), at, 'required')
    expect(e.outcome).toBe('PASS')
    expect(e.counts.PASS).toBe(mains.length)
    expect(e.status).toBe('effective')
  })
  it('any FAIL → FAIL, even with missing results', () => {
    const obs = all(1).slice(1)
    obs[0] = { ...obs[0]!, value: -1 }
    expect(evaluateVersion(iaas, 'v5.1', 's', obs, at, 'required').outcome).toBe('FAIL')
  })
  it('missing without failure → MISSING (tentative), before ABORT', () => {
    const obs = all(1).slice(1)
    obs[0] = { ...obs[0]!, value: 0 }
    expect(evaluateVersion(iaas, 'v5.1', 's', obs, at, 'required').outcome).toBe('MISSING')
  })
  it('ABORT when nothing fails or is missing', () => {
    const obs = all(1)
    obs[3] = { ...obs[3]!, value: 0 }
    expect(evaluateVersion(iaas, 'v5.1', 's', obs, at, 'required').outcome).toBe('ABORT')
  })
  it('expired results count as missing', () => {
    const e = evaluateVersion(iaas, 'v5.1', 's', all(1, '2026-01-05T00:00:00'), at, 'required')
    expect(e.outcome).toBe('MISSING')
    expect(e.expired).toBeGreaterThan(0)
  })
  it('in a scheme whose results do not expire (a guideline), a result ten months old counts as reported', () => {
    const e = evaluateVersion(iaas, 'v5.1', 's', all(1, '2026-01-05T00:00:00'), at, 'not-required')
    expect(e.outcome).toBe('PASS')
    expect(e.expired).toBe(0)
  })
  it('the latest fresh result of a testcase wins', () => {
    const obs = [...all(-1, '2026-11-16T00:00:00'), ...all(1, '2026-11-17T00:00:00')]
    expect(evaluateVersion(iaas, 'v5.1', 's', obs, at, 'required').outcome).toBe('PASS')
  })
})
