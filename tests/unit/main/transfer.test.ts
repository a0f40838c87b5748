import { describe, expect, it } from 'vitest'
import { pack, unpack } from '../../../src/main/import/transfer'
import { parseFile } from '../../../src/main/import/parse'
import { generateReport } from '../../helpers/generate-report'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES } from '../../helpers/paths'

describe('compact transfer from the parse worker', () => {
  it('round-trips reports exactly, through a real structured clone', async () => {
    const text =
      generateReport({ count: 3000, invocations: 3 }).text +
      '---\n' +
      readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'), 'utf8').replace(/^---\n/, '')
    const parsed = await parseFile('r.yaml', new TextEncoder().encode(text))
    expect(parsed.kind === 'scs-report' && parsed.reports).toHaveLength(2)
    expect(unpack(structuredClone(pack(parsed)))).toEqual(parsed)
  })
  it('keeps empty logs and results without invocation', () => {
    const file = {
      kind: 'scs-report' as const,
      reports: [
        {
          docIndex: 0,
          spec: { uuid: 'u', name: '', url: '' },
          checkedAt: 't',
          referenceDate: 'd',
          subject: 's',
          runUuid: null,
          meta: {},
          duplicates: [],
          invocations: [
            {
              id: 'i',
              cmd: '',
              rc: null,
              stdout: [],
              stderr: [''],
              info: 0,
              warning: 0,
              error: 0,
              critical: 0
            }
          ],
          results: [{ testcase: 'a', value: -1 as const, invocation: null }]
        }
      ]
    }
    expect(unpack(structuredClone(pack(file)))).toEqual(file)
  })
  it('passes other kinds through', async () => {
    const p = await parseFile('k.yaml', readFileSync(join(FIXTURES, 'scs-compatible-kaas.yaml')))
    expect(unpack(structuredClone(pack(p)))).toEqual(p)
  })
})
