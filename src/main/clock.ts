/**
 * The workbench's clock. Every "now" of the core (audit entries, decision dates, import times) comes from one
 * Clock, so that a run can be made reproducible: tests pin it, and AUDITOR_WORKBENCH_CLOCK fixes it for a
 * whole process (the e2e bridge, a demo, a re-run of a past decision). Signing is the exception: a signature's
 * time is always the system's (pdf/export.ts), so a fixed clock can neither backdate a signature nor let an
 * expired certificate sign.
 */
import { DomainError } from './errors'

export type Clock = () => Date

export const systemClock: Clock = () => new Date()

/** A clock that stands still at `iso` (an ISO 8601 date or date-time). */
export function fixedClock(iso: string): Clock {
  const t = Date.parse(iso)
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso) || Number.isNaN(t))
    throw new DomainError('USAGE', `AUDITOR_WORKBENCH_CLOCK must be an ISO date or date-time, not "${iso}".`)
  return () => new Date(t)
}

/** The clock a process runs on: fixed by AUDITOR_WORKBENCH_CLOCK when set, else the system's. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): { clock: Clock; fixed: string | null } {
  const v = env['AUDITOR_WORKBENCH_CLOCK']?.trim()
  return v
    ? { clock: fixedClock(v), fixed: new Date(Date.parse(v)).toISOString() }
    : { clock: systemClock, fixed: null }
}

export const isoNow = (clock: Clock): string => clock().toISOString()
export const isoToday = (clock: Clock): string => clock().toISOString().slice(0, 10)

/**
 * Runs `fn` once, `ms` from now; returns a cancel. Background work (the register's queued pushes) waits on
 * this instead of looping: the app passes the system's timers (unref'd: they never keep a process alive),
 * tests pass their own and fire them when they choose.
 */
export type Scheduler = (ms: number, fn: () => void) => () => void

export const systemScheduler: Scheduler = (ms, fn) => {
  const t = setTimeout(fn, ms)
  t.unref()
  return () => clearTimeout(t)
}
