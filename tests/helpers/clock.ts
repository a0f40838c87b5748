/**
 * The tests' clock. Evidence in the fixtures has lifetimes of days to months, so a test that decides "today"
 * on the system clock passes on one day and fails a week later. Every test workspace runs on this fixed time
 * instead; processes started by tests get it through AUDITOR_WORKBENCH_CLOCK.
 */
import { fixedClock, type Scheduler } from '../../src/main/clock'

/** a Tuesday in the week the integrator fixture's reports were written: all its evidence is fresh */
export const TEST_NOW = '2026-11-24T09:00:00.000Z'
export const testClock = fixedClock(TEST_NOW)
export const TEST_CLOCK_ENV = { AUDITOR_WORKBENCH_CLOCK: TEST_NOW } as const

/**
 * A Scheduler (src/main/clock.ts) whose timers run only when the test fires them: `pending` lists the waits
 * asked for, `next` resolves at the next timer asked for (the synchronisation point: no sleeps), `fire` runs
 * the oldest pending timer, `clear` drops them all.
 */
export function manualScheduler(): {
  schedule: Scheduler
  pending(): number[]
  next(): Promise<number>
  fire(): void
  clear(): void
} {
  const timers: { ms: number; fn: () => void }[] = []
  let waiting: ((ms: number) => void)[] = []
  return {
    schedule(ms, fn) {
      const t = { ms, fn }
      timers.push(t)
      const w = waiting
      waiting = []
      for (const r of w) r(ms)
      return () => {
        const i = timers.indexOf(t)
        if (i >= 0) timers.splice(i, 1)
      }
    },
    pending: () => timers.map((t) => t.ms),
    next: () => new Promise<number>((resolve) => waiting.push(resolve)),
    /** drops every pending timer (the process that asked for them ended) */
    clear() {
      timers.length = 0
    },
    fire() {
      const t = timers.shift()
      if (!t) throw new Error('no timer is pending')
      t.fn()
    }
  }
}
