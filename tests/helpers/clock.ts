/**
 * The tests' clock. Evidence in the fixtures has lifetimes of days to months, so a test that decides "today"
 * on the system clock passes on one day and fails a week later. Every test workspace runs on this fixed time
 * instead; processes started by tests get it through AUDITOR_WORKBENCH_CLOCK.
 */
import { fixedClock } from '../../src/main/clock'

/** a Tuesday in the week the integrator fixture's reports were written: all its evidence is fresh */
export const TEST_NOW = '2026-11-24T09:00:00.000Z'
export const testClock = fixedClock(TEST_NOW)
export const TEST_CLOCK_ENV = { AUDITOR_WORKBENCH_CLOCK: TEST_NOW } as const
