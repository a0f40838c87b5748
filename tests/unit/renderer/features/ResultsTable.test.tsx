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
