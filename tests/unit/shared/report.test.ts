import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseReport } from '../../../src/shared/domain/report'
import { loadYamlDocuments } from '../../../src/shared/format/safe-yaml'
import { InputError } from '../../../src/shared/format/input-error'
import { SHARED_FIXTURES } from '../../helpers/paths'
import { reportYaml } from '../../helpers/workspace'

const sample = readFileSync(join(SHARED_FIXTURES, 'format-samples/scs-report-demo-cloud.yaml'), 'utf8')

function rejectionOf(fn: () => unknown): InputError {
  try {
    fn()
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('expected an InputError')
}

describe('parseReport on the scs-compliance-check format', () => {
  const [doc] = loadYamlDocuments('r.yaml', sample)
  const r = parseReport('r.yaml', doc)
  it('reads spec, subject and dates as written', () => {
    expect(r.spec.uuid).toBe('50393e6f-2ae1-4c5c-a62c-3b75f2abef3f')
    expect(r.subject).toBe('demo-cloud')
    expect(r.checkedAt).toBe('2026-11-17T08:12:44.120533')
    expect(r.referenceDate).toBe('2026-11-17')
    expect(r.runUuid).toBe('877f77b2-2c5c-6316-f266-f24a7a44668e')
  })
  it('maps 1/0/-1 and keeps the invocation', () => {
    const byId = new Map(r.results.map((x) => [x.testcase, x]))
    expect(byId.get('scs-0123-storage-apis')!.value).toBe(0)
    expect(byId.get('scs-0100-syntax-check')!.value).toBe(1)
    expect(byId.get('scs-0100-syntax-check')!.invocation).toBe(r.invocations[0]!.id)
    expect(r.invocations[0]!.stderr).toEqual(['INFO: connected to cloud'])
    expect(r.invocations[0]!.info).toBe(1)
  })
  it('holds exactly one ABORT and no FAIL (SOURCES.md also names a failing os_purpose, but the file has no such result)', () => {
    expect(r.results.filter((x) => x.value === 0).map((x) => x.testcase)).toEqual(['scs-0123-storage-apis'])
    expect(r.results.filter((x) => x.value === -1)).toEqual([])
    expect(r.results.some((x) => x.testcase === 'scs-0102-prop-os_purpose')).toBe(false)
    expect(r.results).toHaveLength(54)
  })
})

describe('duplicates and the older versions format', () => {
  it('a testcase reported by two invocations is a duplicate, and the worst result is kept', () => {
    const text = reportYaml({ results: { 'scs-0100-syntax-check': 1 } }).replace(
      '      rc: 0\n',
      '      rc: 0\n    inv-2:\n      id: inv-2\n      results:\n        scs-0100-syntax-check: -1\n'
    )
    const r = parseReport('d.yaml', loadYamlDocuments('d.yaml', text)[0])
    expect(r.duplicates).toEqual(['scs-0100-syntax-check'])
    expect(r.results).toEqual([{ testcase: 'scs-0100-syntax-check', value: -1, invocation: 'inv-2' }])
  })
  it('reads results from a top-level versions map (older reports)', () => {
    const text = [
      'spec: {uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f, name: SCS-compatible IaaS}',
      'checked_at: 2025-01-02 03:04:05',
      'subject: old-cloud',
      'run: {uuid: aaaaaaaa-2c5c-6316-f266-f24a7a44668e}',
      'versions:',
      '  v4:',
      '    scs-0100-syntax-check: {result: 1, invocation: x}',
      '    scs-0100-semantics-check: {result: -1, invocation: x}',
      '  v5.1:',
      '    scs-0100-syntax-check: {result: 1, invocation: x}'
    ].join('\n')
    const r = parseReport('o.yaml', loadYamlDocuments('o.yaml', text)[0])
    expect(r.results).toHaveLength(2)
    expect(r.duplicates).toEqual([])
    expect(r.referenceDate).toBe('2025-01-02')
  })
  it('with a versions block, only it is read: results only in the invocations are ignored (as the monitor does)', () => {
    const text = [
      'spec: {uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f, name: SCS-compatible IaaS}',
      'checked_at: 2025-01-02 03:04:05',
      'subject: old-cloud',
      'run:',
      '  uuid: bbbbbbbb-2c5c-6316-f266-f24a7a44668e',
      '  invocations:',
      '    x:',
      '      id: x',
      '      results: {scs-0100-syntax-check: -1, scs-0101-entropy-avail: -1, scs-0102-prop-architecture: 1}',
      'versions:',
      '  v5.1:',
      '    scs-0100-syntax-check: {result: 1, invocation: x}'
    ].join('\n')
    const r = parseReport('o.yaml', loadYamlDocuments('o.yaml', text)[0])
    expect(r.results).toEqual([{ testcase: 'scs-0100-syntax-check', value: 1, invocation: 'x' }])
    expect(r.duplicates).toEqual([])
    expect(r.invocations.map((i) => i.id)).toEqual(['x'])
  })
})

describe('parseReport names the place and the reason', () => {
  it.each([
    [
      'a result value that is not 1, 0 or -1',
      reportYaml({ results: { 'scs-0100-syntax-check': 2 } }),
      'run.invocations.inv-1.results.scs-0100-syntax-check',
      /1 \(PASS\)/
    ],
    [
      'a missing subject',
      reportYaml({ results: { a: 1 } }).replace(/^subject: .*\n/m, ''),
      'subject',
      /expected string|Invalid input/
    ],
    [
      'a broken checked_at',
      reportYaml({ results: { a: 1 } }).replace(/^checked_at: .*$/m, 'checked_at: yesterday'),
      'checked_at',
      /date and time/
    ],
    // which result is the latest, and whether it existed at a decision date, compare instants: a checked_at
    // that names no instant (hour 25, 31 February) would be counted by some faces and not by others
    [
      'a checked_at at an hour that does not exist',
      reportYaml({ results: { a: 1 } }).replace(/^checked_at: .*$/m, 'checked_at: 2026-11-20 25:99:00'),
      'checked_at',
      /2026-11-20 25:99:00 is not a time/
    ],
    [
      'a checked_at on a day that does not exist',
      reportYaml({ results: { a: 1 } }).replace(/^checked_at: .*$/m, 'checked_at: 2026-02-31 10:00:00'),
      'checked_at',
      /not a time/
    ],
    [
      'a checked_at with an offset no zone has',
      reportYaml({ results: { a: 1 } }).replace(/^checked_at: .*$/m, 'checked_at: 2026-11-20T10:00:00+19:00'),
      'checked_at',
      /not a time/
    ],
    ['a spec uuid that is not a uuid', reportYaml({ results: { a: 1 }, uuid: 'nope' }), 'spec.uuid', /uuid/]
  ])('%s', (_name, text, place, reason) => {
    const e = rejectionOf(() => parseReport('bad.yaml', loadYamlDocuments('bad.yaml', text)[0]))
    expect(e.file).toBe('bad.yaml')
    expect(e.place).toBe(place)
    expect(e.reason).toMatch(reason)
  })
})
