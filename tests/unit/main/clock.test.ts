import { describe, expect, it } from 'vitest'
import { clockFromEnv, fixedClock, systemClock } from '../../../src/main/clock'
import { createTestWorkspace } from '../../helpers/workspace'
import { TEST_NOW } from '../../helpers/clock'

describe('the clock', () => {
  it('the tests run on TEST_NOW: vitest.config.ts sets it for every process the tests start', () => {
    expect(process.env['AUDITOR_WORKBENCH_CLOCK']).toBe(TEST_NOW)
  })

  it('AUDITOR_WORKBENCH_CLOCK fixes it; unset, it is the system clock; garbage is refused by name', () => {
    expect(clockFromEnv({ AUDITOR_WORKBENCH_CLOCK: '2026-03-01' })).toMatchObject({
      fixed: '2026-03-01T00:00:00.000Z'
    })
    expect(clockFromEnv({ AUDITOR_WORKBENCH_CLOCK: '2026-03-01T12:30:00Z' }).clock().toISOString()).toBe(
      '2026-03-01T12:30:00.000Z'
    )
    const sys = clockFromEnv({})
    expect(sys.fixed).toBeNull()
    expect(sys.clock).toBe(systemClock)
    for (const bad of ['tomorrow', '1700000000', '2026-13-45'])
      expect(() => fixedClock(bad)).toThrow(/AUDITOR_WORKBENCH_CLOCK must be an ISO date/)
  })

  it('every "now" of a workspace comes from its clock: audit times, case times, the default decision date', () => {
    const ws = createTestWorkspace(fixedClock('2025-02-03T04:05:06Z'))
    try {
      ws.createCase({ id: 'c1', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
      expect(ws.cases.get('c1').createdAt).toBe('2025-02-03T04:05:06.000Z')
      expect(ws.audit.listForCase('c1').at(-1)?.at).toBe('2025-02-03T04:05:06.000Z')
      expect(ws.caseDetail('c1').decisionDate).toBe('2025-02-03')
      expect(ws.verdict('c1').decisionDate).toBe('2025-02-03')
    } finally {
      ws.close()
    }
  })
})
