/**
 * SCS compliance-check reports (the YAML `scs-compliance-check.py -o FILE` writes) → ParsedReport.
 * Pure: takes one already-loaded YAML document.
 *
 * Results come from `run.invocations.*.results` (testcase id → 1 PASS, 0 ABORT, -1 FAIL), or, in older
 * reports, from the top-level `versions: {vname: {testcase: {result, invocation}}}`; the monitor accepts
 * both and so do we. When `versions` is present only it is read: results that appear only in the
 * invocations are ignored, as the monitor does. A testcase reported by more than one invocation is a duplicate: it is counted on the
 * receipt and the worst value is kept (FAIL < ABORT < PASS), so a conflicting run can never hide a failure.
 */
import { z } from 'zod'
import type { ResultValue } from './types'
import { InputError } from '../format/input-error'
import { zodToInputError } from '../format/zod-error'
import { checkId } from './submission'
import { isIsoDate } from '../dates'

const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Whether a checked_at that DATETIME accepts names an instant: a real day, an hour of the day, an offset some
 * zone has. Which result is the latest and whether a report existed at a decision date compare instants
 * (evaluate.ts checkInstant); a time that names none would be counted by some of them and not by others.
 */
function namesAnInstant(v: string): boolean {
  const m = DATETIME.exec(v)
  if (!m || !isIsoDate(m[1]!)) return false
  const [h = 0, min = 0, sec = 0] = (m[2] ?? '00:00:00').split(':').map((x) => Number(x))
  if (h > 23 || min > 59 || sec >= 60) return false
  const off = m[3] && m[3].toUpperCase() !== 'Z' ? /^[+-](\d{2}):?(\d{2})$/.exec(m[3]) : null
  return !off || (Number(off[1]) * 60 + Number(off[2]) <= 14 * 60 && Number(off[2]) < 60)
}

const count = z.number().int().min(0).default(0)
// Large parts of a report (results, stdout) are checked by hand, without copying: a 50,000-testcase
// report must not be walked by the schema library once more.
const lines = z
  .custom<unknown>((v) => v == null || typeof v === 'string' || Array.isArray(v), 'expected a list of lines')
  .optional()
  .transform((v, ctx): readonly string[] => {
    if (v == null) return []
    if (typeof v === 'string') return [v]
    const arr = v as unknown[]
    let allStrings = true
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i]
      if (typeof x === 'string') continue
      if (x !== null && typeof x === 'object') {
        ctx.addIssue({ code: 'custom', message: 'expected a line of text', path: [i] })
        return z.NEVER
      }
      allStrings = false
    }
    return allStrings ? (arr as string[]) : arr.map((x) => String(x ?? ''))
  })
const resultsMap = z.custom<Record<string, unknown> | null>(
  (v) => v == null || (typeof v === 'object' && !Array.isArray(v)),
  'expected a mapping of testcase id to 1, 0 or -1'
)

const invocationSchema = z.object({
  id: z.string().optional(),
  cmd: z.string().default(''),
  results: resultsMap.optional(),
  rc: z.number().int().nullable().default(null),
  stdout: lines,
  stderr: lines,
  info: count,
  warning: count,
  error: count,
  critical: count
})

const reportSchema = z.object({
  spec: z.object({
    uuid: z.string().regex(/^[0-9a-f-]{36}$/i, 'expected a uuid'),
    name: z.string().default(''),
    url: z.string().default('')
  }),
  checked_at: z
    .string()
    .regex(DATETIME, 'expected a date and time such as 2026-11-17 08:12:44')
    .superRefine((v, ctx) => {
      if (DATETIME.test(v) && !namesAnInstant(v))
        ctx.addIssue({
          code: 'custom',
          message: `${v} is not a time: the day, the hour (00–23), the minutes and seconds (00–59) or the offset (at most ±14:00) is out of range`
        })
    }),
  reference_date: z.string().regex(DATE, 'expected a date YYYY-MM-DD').optional(),
  subject: z.string(), // the id rule (checkId) names the offending character
  run: z
    .object({
      uuid: z.string().nullable().optional(),
      argv: z.array(z.unknown()).optional(),
      assignment: z.record(z.string(), z.unknown()).nullable().optional(),
      sections: z.unknown().optional(),
      forced_version: z.unknown().optional(),
      forced_tests: z.unknown().optional(),
      invocations: z.record(z.string(), invocationSchema).nullable().default({})
    })
    .default({ invocations: {} }),
  versions: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()).optional()
})

export interface ParsedInvocation {
  readonly id: string
  readonly cmd: string
  readonly rc: number | null
  readonly stdout: readonly string[]
  readonly stderr: readonly string[]
  readonly info: number
  readonly warning: number
  readonly error: number
  readonly critical: number
}

export interface ParsedResult {
  readonly testcase: string
  readonly value: ResultValue
  /** invocation id, or null for the old `versions` format without one */
  readonly invocation: string | null
}

export interface ParsedReport {
  readonly docIndex: number
  readonly spec: { readonly uuid: string; readonly name: string; readonly url: string }
  /** `YYYY-MM-DDTHH:MM:SS[.ffffff][offset]`, as written (a space is turned into `T`) */
  readonly checkedAt: string
  readonly referenceDate: string
  readonly subject: string
  readonly runUuid: string | null
  readonly meta: Readonly<Record<string, unknown>>
  readonly invocations: readonly ParsedInvocation[]
  readonly results: readonly ParsedResult[]
  /** testcase ids reported more than once */
  readonly duplicates: readonly string[]
}

export function looksLikeReport(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && 'spec' in value && ('run' in value || 'versions' in value)
  )
}

const RANK: Record<ResultValue, number> = { [-1]: 0, 0: 1, 1: 2 }

function toResultValue(file: string, place: string, raw: unknown): ResultValue {
  if (raw === 1 || raw === 0 || raw === -1) return raw
  throw new InputError(
    file,
    place,
    `result must be 1 (PASS), 0 (ABORT) or -1 (FAIL), not ${JSON.stringify(raw)}`
  )
}

export function parseReport(file: string, value: unknown, docIndex = 0): ParsedReport {
  const prefix = docIndex > 0 ? [`document ${docIndex + 1}`] : []
  const parsed = reportSchema.safeParse(value)
  if (!parsed.success) throw zodToInputError(file, parsed.error, prefix)
  const doc = parsed.data
  const where = (place: string): string => (docIndex > 0 ? `document ${docIndex + 1}: ${place}` : place)
  checkId(file, where('subject'), doc.subject)

  const results = new Map<string, ParsedResult>()
  const duplicates = new Set<string>()
  const put = (r: ParsedResult): void => {
    const prev = results.get(r.testcase)
    if (prev) {
      if (prev.invocation !== r.invocation) duplicates.add(r.testcase)
      if (RANK[r.value] >= RANK[prev.value]) return
    }
    results.set(r.testcase, r)
  }

  const invocations: ParsedInvocation[] = []
  for (const [key, inv] of Object.entries(doc.run.invocations ?? {})) {
    const invId = inv.id ?? key
    invocations.push({
      id: invId,
      cmd: inv.cmd,
      rc: inv.rc,
      stdout: inv.stdout,
      stderr: inv.stderr,
      info: inv.info,
      warning: inv.warning,
      error: inv.error,
      critical: inv.critical
    })
    // the older format: when `versions` is present, the monitor reads only it, and so do we
    if (doc.versions) continue
    // by keys, not entries: 50,000 results need no pair made each
    const given = inv.results ?? {}
    const testcases = Object.keys(given)
    for (let i = 0; i < testcases.length; i++) {
      const tc = testcases[i]!
      const raw = given[tc]
      // the place is only spelled out for a bad value: 50,000 good ones need no strings built
      const value =
        raw === 1 || raw === 0 || raw === -1
          ? raw
          : toResultValue(file, where(`run.invocations.${key}.results.${tc}`), raw)
      put({ testcase: tc, value, invocation: invId })
    }
  }
  // older reports: versions → testcase → {result, invocation}
  for (const [vname, tcs] of Object.entries(doc.versions ?? {})) {
    for (const [tc, entry] of Object.entries(tcs ?? {})) {
      const place = where(`versions.${vname}.${tc}`)
      if (typeof entry !== 'object' || entry === null || !('result' in entry)) {
        throw new InputError(file, place, 'expected {result, invocation}')
      }
      const e = entry as { result: unknown; invocation?: unknown }
      const invocation = typeof e.invocation === 'string' ? e.invocation : null
      const prev = results.get(tc)
      const value = toResultValue(file, `${place}.result`, e.result)
      // the same testcase listed under several versions is one result, not a duplicate
      if (prev && prev.invocation === invocation && prev.value === value) continue
      put({ testcase: tc, value, invocation })
    }
  }

  const m = DATETIME.exec(doc.checked_at)!
  const time = m[2] ?? '00:00:00'
  const checkedAt = `${m[1]}T${time.length === 5 ? `${time}:00` : time}${m[3] ?? ''}`
  return {
    docIndex,
    spec: { uuid: doc.spec.uuid.toLowerCase(), name: doc.spec.name, url: doc.spec.url },
    checkedAt,
    referenceDate: doc.reference_date ?? m[1]!,
    subject: doc.subject,
    runUuid: doc.run.uuid ?? null,
    meta: {
      argv: doc.run.argv ?? [],
      assignment: doc.run.assignment ?? {},
      sections: doc.run.sections ?? null,
      forcedVersion: doc.run.forced_version ?? null,
      forcedTests: doc.run.forced_tests ?? null
    },
    invocations,
    results: [...results.values()],
    duplicates: [...duplicates]
  }
}
