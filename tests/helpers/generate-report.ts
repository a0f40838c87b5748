/**
 * Generates a compliance-check report in the real scs-compliance-check output format, with `count`
 * testcases in `invocations` invocations (results, cmd, stdout lines: the shape create_report writes).
 * The first ids are real testcases of the IaaS scope, the rest are generated. Deterministic.
 */
export interface GeneratedReport {
  readonly text: string
  readonly ids: readonly string[]
  readonly values: readonly (1 | 0 | -1)[]
}

const REAL_IDS = [
  'scs-0100-syntax-check',
  'scs-0100-semantics-check',
  'scs-0101-entropy-avail',
  'scs-0101-fips-test',
  'scs-0102-prop-architecture'
]

export function generateReport(opts: {
  count: number
  invocations?: number
  subject?: string
  checkedAt?: string
  runUuid?: string
}): GeneratedReport {
  const invocations = opts.invocations ?? 10
  const ids: string[] = []
  const values: (1 | 0 | -1)[] = []
  for (let i = 0; i < opts.count; i++) {
    ids.push(
      i < REAL_IDS.length
        ? REAL_IDS[i]!
        : `scs-09${String(i % 100).padStart(2, '0')}-generated-conformance-check-${String(i).padStart(6, '0')}`
    )
    values.push(i % 97 === 13 ? -1 : i % 89 === 7 ? 0 : 1)
  }
  const out: string[] = [
    'spec:',
    '  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f',
    '  name: SCS-compatible IaaS',
    '  url: https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/scs-compatible-iaas.yaml',
    `checked_at: ${opts.checkedAt ?? '2026-11-17 08:12:44.120533'}`,
    `reference_date: ${(opts.checkedAt ?? '2026-11-17').slice(0, 10)}`,
    `subject: ${opts.subject ?? 'bench-cloud'}`,
    'run:',
    `  uuid: ${opts.runUuid ?? '877f77b2-2c5c-6316-f266-f24a7a446000'}`,
    '  argv:',
    '  - ./scs-compliance-check.py',
    '  - scs-compatible-iaas.yaml',
    '  assignment:',
    '    os_cloud: bench-cloud',
    '  sections: null',
    '  forced_version: null',
    '  forced_tests: null',
    '  invocations:'
  ]
  const per = Math.ceil(opts.count / invocations)
  const name = { [1]: 'PASS', [0]: 'ABORT', [-1]: 'FAIL' } as const
  for (let k = 0; k < invocations; k++) {
    const slice = ids.slice(k * per, (k + 1) * per)
    if (slice.length === 0) break
    const id = `d66887a3-a556-1782-152b-${String(k).padStart(12, '0')}`
    out.push(
      `    ${id}:`,
      `      id: ${id}`,
      `      cmd: ./iaas/openstack_test.py -c bench-cloud ${slice.join(' ')}`,
      '      results:'
    )
    slice.forEach((tc, j) => out.push(`        ${tc}: ${values[k * per + j]}`))
    out.push('      rc: 0', '      stdout:')
    slice.forEach((tc, j) =>
      out.push(`      - '${tc}: ${name[values[k * per + j]!]} (checked against the reference data set)'`)
    )
    out.push(
      '      stderr:',
      "      - 'INFO: connected to cloud'",
      '      info: 1',
      '      warning: 0',
      '      error: 0',
      '      critical: 0'
    )
  }
  return { text: out.join('\n') + '\n', ids, values }
}
