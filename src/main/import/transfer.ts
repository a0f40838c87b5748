/**
 * Compact transfer of parsed reports from the parse worker: structured clone of 50,000 small objects and
 * 50,000 log lines costs more than the parse saves, so results and log lines travel as a few joined
 * strings and typed arrays, and are unpacked on the main thread. NUL never occurs in accepted text
 * (decodeText refuses it), so it is a safe separator.
 */
import type { ParsedFile } from './parse'
import type { ParsedReport } from '../../shared/domain/report'
import type { ResultValue } from '../../shared/domain/types'

const SEP = '\u0000'

interface PackedReport {
  readonly head: Omit<ParsedReport, 'results' | 'invocations'>
  readonly invocations: readonly (Omit<ParsedReport['invocations'][number], 'stdout' | 'stderr'> & {
    stdout: string
    stderr: string
    nOut: number
    nErr: number
  })[]
  readonly testcases: string
  readonly values: Int8Array
  /** index into invocations, -1 for none */
  readonly invocationIndex: Int32Array
}

export type Packed =
  | {
      readonly packed: true
      readonly reports: readonly PackedReport[]
      readonly rest: Omit<Extract<ParsedFile, { kind: 'scs-report' }>, 'reports'>
    }
  | { readonly packed: false; readonly file: ParsedFile }

const join = (xs: readonly string[]): string => xs.join(SEP)
const split = (s: string, n: number): string[] => (n === 0 ? [] : s.split(SEP))

export function pack(file: ParsedFile): Packed {
  if (file.kind !== 'scs-report') return { packed: false, file }
  const { reports, ...rest } = file
  return {
    packed: true,
    rest,
    reports: reports.map((r) => {
      const { results, invocations, ...head } = r
      const invIndex = new Map(invocations.map((inv, i) => [inv.id, i]))
      const values = new Int8Array(results.length)
      const invocationIndex = new Int32Array(results.length)
      results.forEach((x, i) => {
        values[i] = x.value
        invocationIndex[i] = x.invocation === null ? -1 : (invIndex.get(x.invocation) ?? -1)
      })
      return {
        head,
        invocations: invocations.map(({ stdout, stderr, ...inv }) => ({
          ...inv,
          stdout: join(stdout),
          stderr: join(stderr),
          nOut: stdout.length,
          nErr: stderr.length
        })),
        testcases: join(results.map((x) => x.testcase)),
        values,
        invocationIndex
      }
    })
  }
}

export function unpack(p: Packed): ParsedFile {
  if (!p.packed) return p.file
  return {
    ...p.rest,
    kind: 'scs-report',
    reports: p.reports.map((r) => {
      const invocations = r.invocations.map(({ stdout, stderr, nOut, nErr, ...inv }) => ({
        ...inv,
        stdout: split(stdout, nOut),
        stderr: split(stderr, nErr)
      }))
      const ids = split(r.testcases, r.values.length)
      return {
        ...r.head,
        invocations,
        results: ids.map((testcase, i) => {
          const k = r.invocationIndex[i]!
          return {
            testcase,
            value: r.values[i] as ResultValue,
            invocation: k < 0 ? null : invocations[k]!.id
          }
        })
      }
    })
  }
}
