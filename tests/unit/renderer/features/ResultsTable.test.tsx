// @vitest-environment jsdom
/**
 * The results table keys its rows by their place in the list, not by the results' row ids: an insider who
 * planted a large row id in testcase_results makes SQLite number the results beyond 2^53, where two ids are
 * one JavaScript number, and React then omits or repeats rows that share a key.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { ResultsTable } from '../../../../src/renderer/src/features/results/ResultsTable'
import type { ResultRow } from '../../../../src/shared/domain/types'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const row = (testcase: string, result: ResultRow['result']): ResultRow => ({
  // 2^53 + 11 and 2^53 + 12 as the workspace hands them over: one number
  id: 9007199254741004,
  reportId: 1,
  subject: 'demo-cloud',
  testcase,
  result,
  checkedAt: '2026-11-23T08:00:00',
  expiresAt: null,
  fresh: true,
  criteria: ''
})

describe('ResultsTable', () => {
  it('shows every result when two share a row id, and as the filter changes, without a duplicate key', () => {
    // jsdom lays nothing out: the scroll area gets a height, so that the virtualizer renders rows
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    render(
      <ResultsTable
        rows={[
          row('scs-0100-syntax-check', 'PASS'),
          row('scs-0101-entropy-avail', 'FAIL'),
          row('scs-0102-image-recency', 'PASS')
        ]}
      />
    )
    const shown = (): string[] => screen.queryAllByRole('row').map((r) => r.textContent ?? '')
    fireEvent.click(screen.getByRole('button', { name: /^FAIL/ }))
    fireEvent.click(screen.getByRole('button', { name: /^All/ }))
    const text = shown().join('\n')
    for (const tc of ['scs-0100-syntax-check', 'scs-0101-entropy-avail', 'scs-0102-image-recency'])
      expect(text.split(tc).length - 1).toBe(1)
    expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).not.toMatch(/same key/)
  })
})

describe('what the results table shows of a result', () => {
  const table = (rows: ResultRow[]): void => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800)
    render(<ResultsTable rows={rows} />)
  }

  it('a result of a scheme that lets no result expire says "no expiry"; an expired one gives its date and says so', () => {
    table([
      { ...row('tempest.api.compute.test_a', 'PASS'), id: 1 },
      { ...row('scs-0100-syntax-check', 'PASS'), id: 2, expiresAt: '2026-11-30', fresh: false }
    ])
    const cells = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.lastElementChild!)
    expect(cells.map((c) => [c.textContent, c.getAttribute('title')])).toEqual([
      ['no expiry', 'the scheme lets no result expire'],
      ['2026-11-30 (expired)', 'expired at the decision date']
    ])
  })

  it('two tempest tests of one class: each keeps its last segment whole, and its cell is named by the whole id', () => {
    const a = 'tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON.test_list_flavors'
    const b = `${a}_with_detail`
    table([
      { ...row(a, 'PASS'), id: 1 },
      { ...row(b, 'PASS'), id: 2 }
    ])
    for (const [id, tail] of [
      [a, '.test_list_flavors'],
      [b, '.test_list_flavors_with_detail']
    ] as const) {
      const cell = screen.getByRole('cell', { name: id })
      expect(cell.getAttribute('title')).toBe(id)
      // what is drawn: the head, cut with an ellipsis by the stylesheet when narrow, and the tail, never cut
      expect(cell.querySelector('.mid-tail')?.textContent).toBe(tail)
      expect(cell.querySelector('.mid-head')?.textContent).toBe(id.slice(0, -tail.length))
    }
  })

  it('the check time is the day its expiry counts from, as the review and the verdict name it, in any time zone of the machine', () => {
    // a week's result checked on Monday 00:30 where the check ran (+02:00) expires on the Monday after next,
    // 2026-12-07, and the review and the verdict say "checked 2026-11-23"; converted to UTC it would be a
    // Sunday, whose result expires a week earlier. A time without offset is UTC, as the import takes it.
    vi.stubEnv('TZ', 'Europe/Berlin')
    try {
      table([
        {
          ...row('scs-0100-syntax-check', 'PASS'),
          id: 1,
          checkedAt: '2026-11-23T00:30:00+02:00',
          expiresAt: '2026-12-07'
        },
        {
          ...row('scs-0100-semantics-check', 'PASS'),
          id: 2,
          checkedAt: '2026-11-23T00:30:00',
          expiresAt: '2026-12-07'
        }
      ])
      const checked = screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.children[4]!.textContent)
      expect(checked).toEqual(['2026-11-23 00:30 +02:00', '2026-11-23 00:30 UTC'])
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
